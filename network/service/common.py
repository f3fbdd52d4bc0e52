"""What every counter step shares: the limits, who may do what, the clock, and rows as schemas."""

from __future__ import annotations

from datetime import UTC, datetime

from market import service as market
from market.errors import Forbidden
from market.service import Actor, Role
from network.errors import CounterNotFound, InvalidAmount
from network.models import CounterTransaction, Status
from network.schemas import CounterOut

# One counter transaction moves at least this and at most that (cash a counter keeps in its till;
# a code may not allow more). The day's total is payments' wallet cash-out limit (moves.check_daily).
MIN_IDR = 10_000
MAX_IDR = 5_000_000
REQUEST_TTL_S = 10 * 60  # a withdrawal waits this long for the member's confirmation
CODE_TTL_S = 24 * 3600  # a one-time code is good for a day (made at home, told at the counter)
CODE_MAX_FAILURES = 5  # wrong codes for a member before their code is voided

COUNTER_ROLES = frozenset({Role.MANAGER, Role.CASHIER})


def utcnow(now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def check_amount(amount: int, *, high: int = MAX_IDR) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidAmount("Jumlah harus bilangan bulat rupiah lebih dari 0", field="amount")
    if amount < MIN_IDR:
        raise InvalidAmount(f"Jumlah paling sedikit Rp {MIN_IDR:,}".replace(",", "."), field="amount")
    if amount > high:
        raise InvalidAmount(f"Jumlah paling banyak Rp {high:,} sekali transaksi".replace(",", "."), field="amount")
    return amount


def require_counter(actor: Actor, coop_id: int) -> None:
    """The counter is the cooperative's own cashier or manager (the operator keeps no till)."""
    market.require_coop(actor, coop_id, roles=COUNTER_ROLES)
    if actor.is_operator:
        raise Forbidden("Operator jaringan tidak melayani transaksi loket")


def require_member(actor: Actor) -> tuple[int, int]:
    """The member asking about their own wallet: (their cooperative, their member id)."""
    if actor.role != Role.MEMBER or actor.cooperative_id is None or actor.member_id is None:
        raise Forbidden("Hanya anggota koperasi yang dapat melakukan ini")
    return actor.cooperative_id, actor.member_id


def status_of(row: CounterTransaction, now: datetime | None = None) -> Status:
    """A pending withdrawal past its time is expired, whether or not the job has marked it yet."""
    if row.status == Status.PENDING and row.expires_at <= utcnow(now):
        return Status.EXPIRED
    return row.status


async def rows_out(rows: list[CounterTransaction]) -> list[CounterOut]:
    ids = sorted({r.counter_coop_id for r in rows} | {r.home_coop_id for r in rows})
    names = {c.id: c.name for c in await market.list_cooperatives(ids=ids)} if ids else {}
    now = utcnow()
    return [
        CounterOut(
            id=r.id,
            kind=r.kind.value,
            status=status_of(r, now).value,
            via=r.via.value if r.via else None,
            amount=r.amount,
            counter_cooperative_id=r.counter_coop_id,
            counter_cooperative_name=names.get(r.counter_coop_id, ""),
            home_cooperative_id=r.home_coop_id,
            home_cooperative_name=names.get(r.home_coop_id, ""),
            member_id=r.member_id,
            member_number=r.member_number,
            member_name=r.member_name,
            cashier_user_id=r.cashier_user_id,
            created_at=r.created_at,
            expires_at=r.expires_at,
            done_at=r.done_at,
            ended_at=r.ended_at,
        )
        for r in rows
    ]


async def row_out(row: CounterTransaction) -> CounterOut:
    return (await rows_out([row]))[0]


async def load(tx_id: int, *, lock: bool = False) -> CounterTransaction:
    query = CounterTransaction.filter(id=tx_id)
    if lock:
        query = query.select_for_update()
    row = await query.first()
    if row is None:
        raise CounterNotFound("Transaksi loket tidak ditemukan")
    return row
