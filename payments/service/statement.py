"""A wallet's statement (mutasi) for one calendar month in the owner's time zone: the opening
balance, every movement with the balance after it, the month's money in and out, the closing
balance — and the same as CSV rows. The balances are the movements' running sum, which is the
wallet's ledger account (every change of it writes its movement in the same transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tortoise.functions import Sum

from market.csvfile import to_csv
from payments.errors import InvalidAmount
from payments.models import WalletMovement

KIND_LABELS = {
    "topup": "Isi saldo",
    "debit": "Pembayaran",
    "credit": "Pengembalian",
    "refund": "Pengembalian",
    "sale": "Hasil penjualan",
    "shu": "SHU",
    "transfer_in": "Transfer masuk",
    "transfer_out": "Transfer keluar",
    "withdrawal": "Tarik tunai",
    "withdrawal_return": "Tarik tunai dikembalikan",
    "loan_in": "Pencairan pinjaman",
    "loan_out": "Angsuran pinjaman",
}


@dataclass(frozen=True)
class StatementLine:
    id: int
    at: datetime  # in the statement's zone
    kind: str
    description: str
    amount: int
    balance: int
    reference: str


@dataclass(frozen=True)
class Statement:
    wallet_id: int
    year: int
    month: int
    zone: str
    opening: int
    money_in: int
    money_out: int
    closing: int
    lines: list[StatementLine]


def month_bounds(year: int, month: int, zone: str) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in UTC, on *zone*'s calendar."""
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise InvalidAmount("Bulan tidak valid", field="month")
    tz = ZoneInfo(zone)
    start = datetime.combine(date(year, month, 1), time(0), tz)
    nxt = datetime.combine(date(year + month // 12, month % 12 + 1, 1), time(0), tz)
    return start.astimezone(UTC), nxt.astimezone(UTC)


async def wallet_statement(wallet_id: int, year: int, month: int, *, zone: str) -> Statement:
    start, end = month_bounds(year, month, zone)
    before = (
        await WalletMovement.filter(wallet_id=wallet_id, created_at__lt=start).annotate(s=Sum("amount")).values("s")
    )
    opening = int(before[0]["s"] or 0) if before else 0
    rows = await WalletMovement.filter(wallet_id=wallet_id, created_at__gte=start, created_at__lt=end).order_by(
        "created_at", "id"
    )
    tz, balance, lines = ZoneInfo(zone), opening, []
    for m in rows:
        balance += m.amount
        lines.append(
            StatementLine(m.id, m.created_at.astimezone(tz), m.kind, m.description, m.amount, balance, m.reference)
        )
    return Statement(
        wallet_id=wallet_id,
        year=year,
        month=month,
        zone=zone,
        opening=opening,
        money_in=sum(x.amount for x in lines if x.amount > 0),
        money_out=-sum(x.amount for x in lines if x.amount < 0),
        closing=balance,
        lines=lines,
    )


def statement_csv(s: Statement, zone_label: str) -> str:
    """One row per movement (time in the owner's zone, labelled), opening and closing rows around."""
    rows: list[list[object]] = [["", "Saldo awal", "", None, s.opening]]
    for x in s.lines:
        rows.append(
            [f"{x.at:%Y-%m-%d %H:%M} {zone_label}", KIND_LABELS.get(x.kind, x.kind), x.description, x.amount, x.balance]
        )
    rows.append(["", "Saldo akhir", "", None, s.closing])
    return to_csv(rows, header=["Waktu", "Jenis", "Keterangan", "Jumlah", "Saldo"])
