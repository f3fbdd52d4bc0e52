"""A cooperative's products for its staff (manager and cashier): the list with search, create and
edit with a photo and inline errors, stock adjustments with a reason, and the CSV import with its
self-polling progress and per-row report.

Another cooperative's staff get 404 (the services' rule); every post carries the CSRF token.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from catalog import service as catalog
from catalog.schemas import StockAdjustIn
from market import service
from market.errors import DomainError
from market.service import Actor
from market.types import Id
from web.forms import FORM, FormError, build, idempotency_key, new_idempotency_key
from web.i18n import N_
from web.pages.product_form import TIER_ROWS, kept_photo, read_product_form, service_errors, uploaded_photo
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
PAGE_SIZE = 25
STOCK_FIELDS = ("delta", "reason", "booking")
# What paid for stock bought from outside; the product form's opening stock defaults to utang usaha
# (it takes no cash the cooperative may not have, and the debt shows until it is settled).
PAID_FROM_OPTIONS = (
    ("utang_usaha", N_("Belum dibayar (utang usaha)")),
    ("kas", N_("Tunai dari kas")),
    ("bank", N_("Transfer dari rekening bank")),
)
# How a stock adjustment is booked: a count correction (the default), or a purchase.
BOOKING_OPTIONS = (
    ("selisih", N_("Koreksi stok opname: rusak, hilang, temuan (selisih persediaan)")),
    ("kas", N_("Pembelian, dibayar tunai dari kas")),
    ("bank", N_("Pembelian, dibayar dari rekening bank")),
    ("utang_usaha", N_("Pembelian, belum dibayar (utang usaha)")),
)
IMPORT_STATUS = {"pending": N_("Menunggu"), "running": N_("Berjalan"), "done": N_("Selesai"), "failed": N_("Gagal")}
ROW_RESULTS = {"created": N_("Dibuat"), "updated": N_("Diperbarui"), "rejected": N_("Ditolak")}


def _base(coop_id: int) -> str:
    return f"/koperasi/{coop_id}/produk"


async def _form_options(coop_id: int) -> dict[str, Any]:
    """The choices of the product form (labels are message ids: the select translates them)."""
    coops = await service.list_cooperatives(status=service.CoopStatus.ACTIVE)
    return {
        "category_options": [("", N_("Pilih kategori")), *catalog.CATEGORIES],
        "unit_options": [("", N_("Pilih satuan")), *((u, u) for u in catalog.UNITS)],
        "coop_options": [("", N_("Koperasi ini")), *((str(c.id), c.name) for c in coops if c.id != coop_id)],
        "tier_rows": TIER_ROWS,
        "paid_from_options": PAID_FROM_OPTIONS,
        "booking_options": BOOKING_OPTIONS,
    }


def _values_of(p) -> dict[str, str]:
    values = {
        name: str(getattr(p, name) or "")
        for name in ("sku", "barcode", "name", "description", "category", "unit", "origin_regency")
    }
    values.update(
        price_idr=str(p.price_idr),
        min_order_qty=str(p.min_order_qty),
        cost_idr=str(p.cost_idr),
        stock=str(p.stock),
        halal="1" if p.halal else "",
        produced_on=p.produced_on.isoformat() if p.produced_on else "",
        origin_cooperative_id=str(p.origin_cooperative_id or ""),
    )
    for n in range(1, TIER_ROWS + 1):
        tier = p.tiers[n - 1] if n <= len(p.tiers) else None
        values[f"tier_qty_{n}"] = str(tier.min_qty) if tier else ""
        values[f"tier_price_{n}"] = str(tier.price_idr) if tier else ""
    return values


# The list -----------------------------------------------------------------------------------


@router.get("/koperasi/{coop_id}/produk")
async def product_list(
    request: Request, coop_id: Id, q: str = "", hal: int = Query(1, ge=1, le=100_000), actor: Actor = Depends(signed_in)
):
    q = q.strip()[:100]
    total, items = await catalog.list_products(coop_id, actor=actor, q=q, limit=PAGE_SIZE, offset=(hal - 1) * PAGE_SIZE)
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "q": q,
        "hal": hal,
        "total": total,
        "products": items,
        "has_next": hal * PAGE_SIZE < total,
        "photo_url": catalog.photo_url,
    }
    return page(request, "products/list.html", ctx, block="product_rows")


# Create and edit ----------------------------------------------------------------------------


@router.get("/koperasi/{coop_id}/produk/baru")
async def new_product_form(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "values": {"min_order_qty": "1", "paid_from": "utang_usaha"},
        "errors": {},
        "product": None,
        **await _form_options(coop_id),
    }
    return page(request, "products/form.html", ctx)


@router.post("/koperasi/{coop_id}/produk/baru", dependencies=[Depends(csrf_checked)])
async def create_product(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    form = await request.form()
    values, data, errors = read_product_form(form, with_stock=True)
    photo = await uploaded_photo(request)
    if not errors:
        settings = request.app.state.settings
        try:
            product = await catalog.create_listing(
                coop_id,
                data,
                photo=photo,
                staged=str(form.get("photo_staged", "")),
                media_dir=settings.media_dir,
                max_bytes=settings.media_max_bytes,
                actor=actor,
            )
        except DomainError as exc:
            errors = service_errors(exc)
        else:
            flash(request, N_("Produk %(name)s ditambahkan."), name=product.name)
            return redirect(request, f"{_base(coop_id)}/{product.id}")
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "values": values,
        "errors": errors,
        "product": None,
        **await kept_photo(request, coop_id, photo, form, errors),
        **await _form_options(coop_id),
    }
    return page(request, "products/form.html", ctx, status_code=422)


async def _edit_context(coop_id: int, product_id: int, actor: Actor) -> dict[str, Any]:
    product, movements = await catalog.staff_product(coop_id, product_id, actor=actor)
    return {
        "coop": await service.get_cooperative(coop_id),
        "product": product,
        "movements": movements,
        "values": _values_of(product),
        "errors": {},
        "photo_url": catalog.photo_url,
        "stock_form": {"key": new_idempotency_key(), "values": {}, "errors": {}},
        "adjusted": None,
        **await _form_options(coop_id),
    }


@router.get("/koperasi/{coop_id}/produk/{product_id:int}")
async def edit_product_form(request: Request, coop_id: Id, product_id: Id, actor: Actor = Depends(signed_in)):
    ctx = await _edit_context(coop_id, product_id, actor)
    return page(request, "products/form.html", ctx, block="stock")


@router.post("/koperasi/{coop_id}/produk/{product_id:int}", dependencies=[Depends(csrf_checked)])
async def update_product(request: Request, coop_id: Id, product_id: Id, actor: Actor = Depends(signed_in)):
    ctx = await _edit_context(coop_id, product_id, actor)  # 404 before reading anything else
    form = await request.form()
    values, data, errors = read_product_form(form, with_stock=False)
    photo = await uploaded_photo(request)
    if not errors:
        settings = request.app.state.settings
        try:
            await catalog.update_listing(
                coop_id,
                product_id,
                data,
                photo=photo,
                staged=str(form.get("photo_staged", "")),
                media_dir=settings.media_dir,
                max_bytes=settings.media_max_bytes,
                actor=actor,
            )
        except DomainError as exc:
            errors = service_errors(exc)
        else:
            flash(request, N_("Perubahan produk disimpan."))
            return redirect(request, f"{_base(coop_id)}/{product_id}")
    values["stock"] = ctx["values"]["stock"]
    ctx.update(values=values, errors=errors, **await kept_photo(request, coop_id, photo, form, errors))
    return page(request, "products/form.html", ctx, status_code=422)


@router.post("/koperasi/{coop_id}/produk/{product_id:int}/stok", dependencies=[Depends(csrf_checked)])
async def adjust_stock(request: Request, coop_id: Id, product_id: Id, actor: Actor = Depends(signed_in)):
    """Add or remove stock with a reason; the form's key makes a double submit count once."""
    await catalog.staff_product(coop_id, product_id, actor=actor, history=0)  # 404 for another coop's product
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in STOCK_FIELDS}
    raw_key = str(form.get("idempotency_key", ""))
    try:
        key = idempotency_key(raw_key)
        delta_text = values["delta"].replace(" ", "").lstrip("+")
        if not re.fullmatch(r"-?[0-9]{1,9}", delta_text):
            raise FormError({"delta": N_("Tulis bilangan bulat: 20 untuk menambah, -5 untuk mengurangi")})
        booking = values["booking"] or "selisih"
        data = build(StockAdjustIn, {"delta": int(delta_text), "reason": values["reason"], "booking": booking})
        await catalog.adjust_stock(
            product_id, data.delta, reason=data.reason, booking=data.booking, reference=key, actor=actor
        )
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = {exc.field if exc.field in STOCK_FIELDS else FORM: exc.detail}
    else:
        ctx = await _edit_context(coop_id, product_id, actor)
        ctx["adjusted"] = data.delta
        return page(request, "products/form.html", ctx, block="stock")
    ctx = await _edit_context(coop_id, product_id, actor)
    ctx["stock_form"] = {"key": raw_key, "values": values, "errors": errors}
    return page(request, "products/form.html", ctx, block="stock", status_code=422)


# CSV import ---------------------------------------------------------------------------------


@router.get("/koperasi/{coop_id}/produk/impor")
async def import_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "errors": {},
        "jobs": await catalog.latest_imports(coop_id, actor=actor),
        "columns": catalog.IMPORT_COLUMNS,
        "import_status": IMPORT_STATUS,
    }
    return page(request, "products/import.html", ctx)


@router.get("/koperasi/{coop_id}/produk/impor/templat.csv")
async def import_template(coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    return Response(
        catalog.template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="templat-produk.csv"'},
    )


@router.post("/koperasi/{coop_id}/produk/impor", dependencies=[Depends(csrf_checked)])
async def start_import(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    upload = (await request.form()).get("file")
    errors: dict[str, str] = {}
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors = {"file": N_("Pilih berkas CSV")}
    else:
        try:
            job = await catalog.create_import(coop_id, await upload.read(), filename=upload.filename, actor=actor)
        except DomainError as exc:
            errors = {"file": exc.detail}
        else:
            return redirect(request, f"{_base(coop_id)}/impor/{job.id}")
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "errors": errors,
        "jobs": await catalog.latest_imports(coop_id, actor=actor),
        "columns": catalog.IMPORT_COLUMNS,
        "import_status": IMPORT_STATUS,
    }
    return page(request, "products/import.html", ctx, status_code=422)


@router.get("/koperasi/{coop_id}/produk/impor/{job_id:int}")
async def import_job(request: Request, coop_id: Id, job_id: Id, actor: Actor = Depends(signed_in)):
    """The import's progress; while it runs the status block polls itself every second."""
    job = await catalog.get_import(coop_id, job_id, actor=actor)
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "job": job,
        "rejected": [r for r in job.report if r["result"] == "rejected"],
        "row_results": ROW_RESULTS,
    }
    return page(request, "products/import_job.html", ctx, block="import_status")
