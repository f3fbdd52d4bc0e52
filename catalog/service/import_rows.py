"""One CSV row of the product import read into a ProductIn, and how its change of stock is booked."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from catalog.schemas import ProductIn
from catalog.taxonomy import CATEGORIES
from market.validation import field_messages, joined

_CATEGORY_BY_NAME = {name.lower(): slug for slug, name in CATEGORIES} | {slug: slug for slug, _ in CATEGORIES}


def _int(value: str, label: str) -> int:
    text = value.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 12.500 (Indonesian thousands separator)
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(f"{label} harus bilangan bulat: {value!r}")
    return int(text)


def _date(value: str) -> date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"tanggal_produksi tidak dikenali: {value!r} (pakai YYYY-MM-DD)")


def _tiers(value: str) -> list[dict[str, int]]:
    tiers = []
    for part in filter(None, (p.strip() for p in value.split("|"))):
        if ":" not in part:
            raise ValueError(f"harga_grosir '{part}' harus berbentuk jumlah:harga, dipisah |")
        qty, price = part.split(":", 1)
        tiers.append({"min_qty": _int(qty, "jumlah grosir"), "price_idr": _int(price, "harga grosir")})
    return tiers


def row_to_product(row: dict[str, str], members: dict[str, int]) -> ProductIn:
    """One CSV row as a ProductIn; ValueError says what is wrong in words."""
    if row.get("_extra"):
        raise ValueError("baris memiliki lebih banyak kolom daripada judul")
    category = _CATEGORY_BY_NAME.get(row.get("kategori", "").strip().lower())
    if category is None:
        raise ValueError(f"kategori tidak dikenal: {row.get('kategori')!r}")
    halal_text = row.get("halal", "").strip().lower()
    if halal_text not in ("", "ya", "tidak", "y", "t", "1", "0", "true", "false"):
        raise ValueError(f"halal harus ya atau tidak: {row.get('halal')!r}")
    member_number = row.get("nomor_anggota_pemasok", "")
    if member_number and member_number not in members:
        raise ValueError(f"nomor anggota pemasok {member_number} tidak ditemukan")
    data: dict[str, Any] = {
        "sku": row.get("sku", ""),
        "name": row.get("nama", ""),
        "description": row.get("deskripsi", ""),
        "category": category,
        "unit": row.get("satuan", "").lower(),
        "price_idr": _int(row.get("harga", ""), "harga"),
        "stock": _int(row.get("stok", ""), "stok"),
        "tiers": _tiers(row.get("harga_grosir", "")),
        "min_order_qty": _int(row["min_pesan"], "min_pesan") if row.get("min_pesan") else 1,
        "cost_idr": _int(row["hpp"], "hpp") if row.get("hpp") else 0,
        "halal": halal_text in ("ya", "y", "1", "true"),
        "origin_regency": row.get("asal_kabupaten", ""),
        "produced_on": _date(row.get("tanggal_produksi", "")),
        "supplier_member_id": members.get(member_number) if member_number else None,
    }
    try:
        return ProductIn.model_validate(data)
    except ValidationError as exc:
        names = {
            "name": "nama",
            "price_idr": "harga",
            "stock": "stok",
            "tiers": "harga_grosir",
            "min_order_qty": "min_pesan",
            "cost_idr": "hpp",
            "unit": "satuan",
            "sku": "sku",
            "description": "deskripsi",
            "origin_regency": "asal_kabupaten",
            "produced_on": "tanggal_produksi",
        }
        errors = field_messages(exc.errors(), names)
        raise ValueError(joined([{**e, "field": e["field"].split(".")[0]} for e in errors])) from None


PAID_FROM = {"": None, "utang_usaha": "utang_usaha", "utang": "utang_usaha", "kas": "kas", "tunai": "kas"}
PAID_FROM |= {"bank": "bank", "transfer": "bank", "selisih": "selisih", "koreksi": "selisih", "opname": "selisih"}


def row_booking(row: dict[str, str], delta: int) -> str:
    """How a row's change of stock is booked: its ``dibayar_dari`` column (kas, bank, utang_usaha,
    or selisih for a stock count), else more units are a purchase not paid yet (utang usaha: it
    takes no cash the cooperative may not have, and shows as a debt to settle) and fewer units
    a count correction (selisih kurang)."""
    text = row.get("dibayar_dari", "").strip().lower().replace(" ", "_")
    if text not in PAID_FROM:
        raise ValueError(f"dibayar_dari harus kas, bank, utang_usaha atau selisih: {row.get('dibayar_dari')!r}")
    return PAID_FROM[text] or ("utang_usaha" if delta > 0 else "selisih")
