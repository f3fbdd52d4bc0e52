"""Bulk import from CSV: one template with Indonesian column names, idempotent on the SKU.

The whole file is checked for encoding and columns before anything is stored; a broken file is
refused as a whole. The rows then wait in an ImportJob for the worker, which runs them in chunks
(one transaction each, a savepoint per row), so progress is visible while it runs and a rejected
row never leaves half a product behind. Every row ends in the report: created, updated, or
rejected with the reason.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from datetime import UTC, datetime
from uuid import uuid4

from catalog.errors import InvalidImport, InvalidProduct
from catalog.models import ImportJob, ImportStatus, Product, ProductStatus, StockMovement
from catalog.schemas import ImportJobOut, ProductIn
from catalog.service.import_rows import row_booking, row_to_product
from catalog.service.products import announce, check_stock_kept
from catalog.service.stock_books import book_stock, revalue
from market import db
from market import service as market
from market.csvfile import to_csv
from market.errors import DomainError

log = logging.getLogger(__name__)
REQUIRED = ("sku", "nama", "kategori", "satuan", "harga", "stok")
OPTIONAL = (
    "deskripsi",
    "harga_grosir",
    "min_pesan",
    "hpp",
    "halal",
    "asal_kabupaten",
    "tanggal_produksi",
    "nomor_anggota_pemasok",
    "dibayar_dari",
)
COLUMNS = REQUIRED + OPTIONAL
MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 250
_running: set[asyncio.Task] = set()


def template_csv() -> str:
    """The import template with one example row."""
    rows = [
        COLUMNS,
        (
            "KOPI-BJW-250",
            "Kopi Arabika Flores Bajawa 250 g",
            "kopi & teh",
            "pcs",
            "85000",
            "120",
            "Biji sangrai medium, panen 2025",
            "10:80000|50:76000",
            "1",
            "52000",
            "ya",
            "Kabupaten Ngada",
            "2025-08-15",
            "",
            "utang_usaha",
        ),
    ]
    return to_csv(rows, delimiter=";")


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise InvalidImport(f"Berkas melebihi {MAX_BYTES // 1024 // 1024} MB", field="file")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidImport(
            f'Berkas bukan teks UTF-8 (byte tidak valid di posisi {exc.start}); simpan ulang sebagai "CSV UTF-8"',
            field="file",
        ) from None


def parse_csv(content: bytes) -> list[dict[str, str]]:
    """Rows of the file as dicts keyed by the template's column names, numbered from 2."""
    text = _decode(content)
    if "\x00" in text:
        raise InvalidImport("Berkas berisi karakter nol; bukan CSV teks", field="file")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidImport("Berkas kosong", field="file") from None
    names = [h.strip().lower().replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InvalidImport(
            "Kolom wajib tidak ada: " + ", ".join(missing) + ". Unduh templat untuk melihat nama kolomnya.",
            field="file",
            missing=missing,
        )
    rows: list[dict[str, str]] = []
    try:
        for line_no, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise InvalidImport(f"Paling banyak {MAX_ROWS} baris per berkas", field="file")
            row = {
                name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(names) if name in COLUMNS
            }
            row["_row"] = str(line_no)
            if len(values) > len(names):
                row["_extra"] = "1"
            rows.append(row)
    except csv.Error as exc:
        raise InvalidImport(f"CSV rusak: {exc}", field="file") from None
    if not rows:
        raise InvalidImport("Berkas tidak berisi baris data", field="file")
    return rows


async def create_import(coop_id: int, content: bytes, *, filename: str = "", actor=None) -> ImportJob:
    """Check a CSV file and queue it for import; a broken file is refused and nothing is stored."""
    if actor is not None:
        market.require_coop(actor, coop_id)
    await market.get_cooperative(coop_id)
    rows = parse_csv(content)
    return await ImportJob.create(
        cooperative_id=coop_id,
        filename=filename[:200],
        rows=rows,
        total=len(rows),
        user_id=getattr(actor, "user_id", None),
    )


async def _members_of(coop_id: int) -> dict[str, int]:
    members, offset = {}, 0
    while True:
        page = await market.list_members(coop_id, limit=500, offset=offset)
        members.update({m.member_number: m.id for m in page})
        if len(page) < 500:
            return members
        offset += 500


async def _new_row(coop_id: int, row: dict[str, str], data: ProductIn, fields: dict, user_id: int | None) -> int:
    product = await Product.create(cooperative_id=coop_id, stock=data.stock, **fields)
    if data.stock:
        movement = await StockMovement.create(
            product_id=product.id,
            kind="adjust",
            quantity=data.stock,
            stock_after=data.stock,
            reason="impor CSV (stok awal)",
            user_id=user_id,
        )
        await book_stock(
            product,
            data.stock,
            row_booking(row, data.stock),
            reason=f"impor CSV baris {row['_row']} (stok awal)",
            reference=f"stock:{product.id}:{movement.id}",
            actor_user_id=user_id,
        )
    return product.id


async def _import_row(
    coop_id: int, row: dict[str, str], data: ProductIn, existing: Product | None, user_id: int | None
) -> tuple[str, int]:
    fields = data.model_dump(exclude={"tiers", "stock", "paid_from"})
    fields["tiers"] = [t.model_dump() for t in data.tiers]
    if existing is None:
        return "created", await _new_row(coop_id, row, data, fields, user_id)
    delta = data.stock - existing.stock
    booking = row_booking(row, delta)
    try:
        check_stock_kept(existing, data)
    except InvalidProduct as exc:
        raise ValueError(exc.detail) from None
    if data.cost_idr != existing.cost_idr:
        await revalue(existing, data.cost_idr, actor_user_id=user_id, reference=f"revalue:{existing.id}:{uuid4().hex}")
    if existing.status == ProductStatus.REMOVED:
        fields["status"] = ProductStatus.ACTIVE
    await Product.filter(id=existing.id).update(**fields, updated_at=datetime.now(UTC))
    if delta:
        rows = await db.execute(
            "UPDATE catalog_product SET stock = stock + ? WHERE id = ? AND stock + ? >= reserved RETURNING stock",
            delta,
            existing.id,
            delta,
        )
        if not rows:
            raise ValueError(f"stok {data.stock} lebih kecil dari yang sedang dipesan ({existing.reserved})")
        movement = await StockMovement.create(
            product_id=existing.id,
            kind="adjust",
            quantity=delta,
            stock_after=rows[0]["stock"],
            reason="impor CSV",
            user_id=user_id,
        )
        existing.update_from_dict({"cost_idr": data.cost_idr, "supplier_member_id": data.supplier_member_id})
        await book_stock(
            existing,
            delta,
            booking,
            reason=f"impor CSV baris {row['_row']}",
            reference=f"stock:{existing.id}:{movement.id}",
            actor_user_id=user_id,
        )
    return "updated", existing.id


class _Rejected(Exception):
    pass


async def run_import(job_id: int) -> ImportJobOut:
    """Run a queued import (once: the job is claimed by a conditional update), chunk by chunk."""
    claimed = await db.execute(
        "UPDATE catalog_import_job SET status = ? WHERE id = ? AND status = ? RETURNING id",
        ImportStatus.RUNNING.value,
        job_id,
        ImportStatus.PENDING.value,
    )
    job = await ImportJob.get(id=job_id)
    if not claimed:
        return import_out(job)
    try:
        members = await _members_of(job.cooperative_id)
        report: list[dict] = []
        counts = {"created": 0, "updated": 0, "rejected": 0}
        seen: dict[str, str] = {}
        rows = job.rows
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            skus = [r.get("sku", "") for r in chunk]
            existing = {p.sku: p for p in await Product.filter(cooperative_id=job.cooperative_id, sku__in=skus)}
            changed: list[int] = []
            async with db.transaction():
                for row in chunk:
                    entry = {"row": int(row["_row"]), "sku": row.get("sku", ""), "result": "rejected", "message": ""}
                    try:
                        if entry["sku"] in seen:
                            raise ValueError(f"SKU ganda: sudah ada di baris {seen[entry['sku']]}")
                        data = row_to_product(row, members)
                        async with db.transaction():
                            entry["result"], product_id = await _import_row(
                                job.cooperative_id, row, data, existing.get(data.sku), job.user_id
                            )
                        seen[data.sku] = row["_row"]
                        changed.append(product_id)
                    except ValueError as exc:
                        entry["message"] = str(exc)
                    except DomainError as exc:  # the books refused the row's stock (no cash to pay from)
                        entry["message"] = exc.detail
                    counts[entry["result"]] += 1
                    report.append(entry)
                await announce(changed)
                await ImportJob.filter(id=job_id).update(processed=start + len(chunk), **counts)
        await ImportJob.filter(id=job_id).update(
            status=ImportStatus.DONE, report=report, rows=[], finished_at=datetime.now(UTC)
        )
    except Exception as exc:
        log.exception("import %s failed", job_id)
        await ImportJob.filter(id=job_id).update(
            status=ImportStatus.FAILED, error=f"Impor berhenti: {type(exc).__name__}", finished_at=datetime.now(UTC)
        )
    return import_out(await ImportJob.get(id=job_id))


async def run_pending_imports() -> None:
    """Start queued imports in the background (the worker calls this every second)."""
    for job in await ImportJob.filter(status=ImportStatus.PENDING).order_by("id").limit(4):
        task = asyncio.create_task(run_import(job.id))
        _running.add(task)
        task.add_done_callback(_running.discard)


async def get_import(coop_id: int, job_id: int, *, actor=None) -> ImportJobOut:
    if actor is not None:
        market.require_coop(actor, coop_id)
    job = await ImportJob.get_or_none(id=job_id, cooperative_id=coop_id)
    if job is None:
        from market.errors import NotFound

        raise NotFound("Impor tidak ditemukan")
    return import_out(job)


def import_out(job: ImportJob) -> ImportJobOut:
    return ImportJobOut(
        id=job.id,
        cooperative_id=job.cooperative_id,
        status=str(job.status),
        filename=job.filename,
        total=job.total,
        processed=job.processed,
        created=job.created,
        updated=job.updated,
        rejected=job.rejected,
        error=job.error,
        report=job.report or [],
        created_at=job.created_at,
        finished_at=job.finished_at,
    )
