"""Reading transactions: one (by cooperative, or by id for the receipt), a filtered history,
and that history as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from market.csvfile import to_csv
from ppob.errors import TransactionNotFound
from ppob.models import Transaction, TxState


async def get_transaction(coop_id: int, txn_id: int) -> Transaction:
    txn = await Transaction.get_or_none(id=txn_id, cooperative_id=coop_id)
    if txn is None:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    return txn


async def find_transaction(txn_id: int) -> Transaction:
    """A transaction by id alone (the receipt page decides who may see it)."""
    txn = await Transaction.get_or_none(id=txn_id)
    if txn is None:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    return txn


@dataclass
class HistoryFilter:
    member_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sku: str | None = None
    category: str | None = None
    state: TxState | None = None


async def list_transactions(
    coop_id: int, f: HistoryFilter | None = None, *, limit: int = 100, offset: int = 0
) -> list[Transaction]:
    """A cooperative's (or one member's) transactions, newest first, filtered."""
    f = f or HistoryFilter()
    query = Transaction.filter(cooperative_id=coop_id).exclude(state=TxState.INQUIRY)
    if f.member_id is not None:
        query = query.filter(member_id=f.member_id)
    if f.date_from:
        query = query.filter(business_date__gte=f.date_from)
    if f.date_to:
        query = query.filter(business_date__lte=f.date_to)
    if f.sku:
        query = query.filter(sku=f.sku)
    if f.category:
        query = query.filter(category=f.category)
    if f.state:
        query = query.filter(state=f.state)
    return await query.order_by("-id").offset(offset).limit(min(limit, 5000))


CSV_COLUMNS = (
    "tanggal",
    "ref_id",
    "anggota_id",
    "kanal",
    "dibayar_oleh",
    "kategori",
    "produk",
    "nomor_pelanggan",
    "harga_jual",
    "harga_dasar",
    "fee_platform",
    "margin",
    "status",
    "rc",
    "sn",
)


async def export_csv(coop_id: int, f: HistoryFilter | None = None) -> str:
    """The filtered history as CSV (one row per transaction); money columns stay numbers, every
    text cell is neutralised against formula injection (``market.csvfile``)."""
    rows = await list_transactions(coop_id, f, limit=5000)
    return to_csv(
        (
            [
                t.business_date,
                t.ref_id,
                t.member_id,
                str(t.channel),
                t.acting_user_id,
                t.category,
                t.product_name,
                t.customer_no,
                t.sell_price,
                t.biller_price or t.base_price,
                t.platform_fee,
                t.margin,
                str(t.state),
                t.rc,
                t.sn,
            ]
            for t in rows
        ),
        header=CSV_COLUMNS,
    )
