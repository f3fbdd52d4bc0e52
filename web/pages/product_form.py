"""The product form as typed: every field read and checked at once, so all the messages show
together; a unit or category is a choice (its error never spells out the whole list); and a
refused form keeps the photo it came with."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from catalog import service as catalog
from catalog.schemas import ProductIn
from market.errors import DomainError
from web.forms import FORM, FormError, build, parse_rupiah
from web.i18n import N_

TIER_ROWS = 3
TEXT_FIELDS = (
    "sku",
    "barcode",
    "name",
    "description",
    "category",
    "unit",
    "origin_regency",
    "produced_on",
    "origin_cooperative_id",
    "paid_from",
)
NUMBER_FIELDS = ("price_idr", "min_order_qty", "stock", "cost_idr")
FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, "halal", "tiers", "photo")


def _count(text: str, field: str, *, default: int | None = None) -> int | None:
    raw = text.strip().replace(".", "")
    if not raw:
        if default is None:
            raise FormError({field: N_("Wajib diisi")})
        return default
    if not re.fullmatch(r"[0-9]{1,10}", raw):
        raise FormError({field: N_("Harus bilangan bulat")})
    return int(raw)


def read_product_form(form, *, with_stock: bool) -> tuple[dict[str, str], dict[str, Any], dict[str, str]]:
    """(what was typed, the ProductIn fields, the errors): every field is checked, so all the
    messages show at once."""
    values = {name: str(form.get(name, "")).strip() for name in (*TEXT_FIELDS, *NUMBER_FIELDS)}
    values["halal"] = "1" if form.get("halal") else ""
    for n in range(1, TIER_ROWS + 1):
        values[f"tier_qty_{n}"] = str(form.get(f"tier_qty_{n}", "")).strip()
        values[f"tier_price_{n}"] = str(form.get(f"tier_price_{n}", "")).strip()
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        name: values[name] for name in ("sku", "barcode", "name", "description", "category", "unit", "origin_regency")
    }
    data["halal"] = bool(values["halal"])
    if with_stock:
        data["paid_from"] = values["paid_from"] or "utang_usaha"
    data["produced_on"] = values["produced_on"] or None
    origin = values["origin_cooperative_id"]
    data["origin_cooperative_id"] = int(origin) if origin.isdigit() else None

    def number(name: str, read) -> None:
        try:
            data[name] = read()
        except FormError as exc:
            errors.update(exc.errors)

    number("price_idr", lambda: parse_rupiah(values["price_idr"], "price_idr"))
    number("min_order_qty", lambda: _count(values["min_order_qty"], "min_order_qty", default=1))
    number("cost_idr", lambda: parse_rupiah(values["cost_idr"], "cost_idr") if values["cost_idr"] else 0)
    if with_stock:
        number("stock", lambda: _count(values["stock"], "stock", default=0))
    tiers = []
    for n in range(1, TIER_ROWS + 1):
        qty, price = values[f"tier_qty_{n}"], values[f"tier_price_{n}"]
        if not qty and not price:
            continue
        try:
            tiers.append({"min_qty": _count(qty, "tiers"), "price_idr": parse_rupiah(price, "tiers")})
        except FormError:
            errors["tiers"] = N_("Isi jumlah dan harga setiap tingkat grosir dengan angka")
    data["tiers"] = tiers
    try:
        build(ProductIn, {**data, "stock": data.get("stock", 0)})
    except FormError as exc:
        errors = {**{k: v for k, v in exc.errors.items() if k in FIELDS or k == FORM}, **errors}
    for name, empty in (("unit", N_("Pilih satuan")), ("category", N_("Pilih kategori"))):
        if name in errors:  # a choice from the list, never the list of every unit spelled out
            errors[name] = N_("Pilihan tidak valid") if values[name] else empty
    return values, data, errors


async def kept_photo(request: Request, coop_id: int, photo: bytes | None, form, errors: dict[str, str]):
    """A refused form keeps the photo it came with (staged by the catalog), unless the photo is
    what was wrong; a photo kept from an earlier refusal stays kept."""
    staged = str(form.get("photo_staged", ""))[:64]
    if photo and "photo" not in errors:
        settings = request.app.state.settings
        try:
            staged = await asyncio.to_thread(
                catalog.stage_photo, coop_id, photo, media_dir=settings.media_dir, max_bytes=settings.media_max_bytes
            )
        except DomainError as exc:
            errors["photo"], staged = exc.detail, ""
    url = catalog.staged_url(coop_id, staged) if "photo" not in errors else ""
    return {"staged": staged if url else "", "staged_url": url}


def service_errors(exc: DomainError) -> dict[str, str]:
    """A service error next to its field (``tiers.0.price_idr`` → ``tiers``)."""
    field = (exc.field or "").split(".")[0]
    return {field if field in FIELDS else FORM: exc.detail}


async def uploaded_photo(request: Request) -> bytes | None:
    upload = (await request.form()).get("photo")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return await upload.read(request.app.state.settings.media_max_bytes + 1)
