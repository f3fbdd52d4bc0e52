"""The money trail of an order: every movement of its money, recorded where it happens.

Each function that moves an order's money (checkout from the wallet, the invoice paid, an
expiry or cancellation giving the wallet part back, a refund, a completion crediting the
cooperative and its supplying members) adds rows here in the same transaction as its journal
entry, each with what links it: the payment, the refund, the wallet movement, the journal entry.
A row's ``key`` is unique (``ON CONFLICT DO NOTHING``), so a movement retried is listed once.

The kinds, and which page shows them:

    wallet_paid       order     taken from the buyer's wallet at checkout (whole or part)   buyer, staff
    invoice_paid      order     the invoice paid (the payment)                              buyer, staff
    wallet_returned   order     the wallet part given back: the order expired or was cancelled
    late_returned     order     an invoice paid after the order lapsed, returned to the buyer
    refund_wallet     sub-order its share of the wallet part back to the wallet (a refund)
    refund_invoice    sub-order the rest refunded through the invoice (status: pending → succeeded/failed)
    refund_to_wallet  sub-order a refund the gateway would not make, to the wallet instead
    coop_credited     sub-order completed: the cooperative's share (total less the fee)
    platform_fee      sub-order completed: the platform's fee                               staff
    supplier_credit   sub-order completed: a supplying member's HPP into their wallet        staff
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from market import db
from market import service as market
from market.errors import NotFound
from orders.models import OrderMoney
from orders.schemas import MoneyOut

ORDER_KINDS = ("wallet_paid", "invoice_paid", "wallet_returned", "late_returned")
# What only the selling cooperative's staff see (the buyer sees the cooperative credited, not how
# its share splits into its fee and its members' produce).
STAFF_ONLY = ("platform_fee", "supplier_credit")
DEFAULT_ZONE = "Asia/Jakarta"  # a buyer of no cooperative reads the order's own movements in WIB
_COLUMNS = (
    "order_id",
    "suborder_id",
    "key",
    "kind",
    "amount",
    "cooperative_id",
    "member_id",
    "payment_id",
    "refund_id",
    "wallet_movement_id",
    "journal_entry_id",
    "status",
    "at",
)


@dataclass(frozen=True)
class Move:
    """One movement to record (``key`` unique across every order)."""

    order_id: int
    key: str
    kind: str
    amount: int
    suborder_id: int | None = None
    cooperative_id: int | None = None
    member_id: int | None = None
    payment_id: int | None = None
    refund_id: int | None = None
    wallet_movement_id: int | None = None
    journal_entry_id: int | None = None
    status: str = ""


async def record(*moves: Move) -> None:
    """Add the movements (those with an amount) in one statement; one already there stays as it was."""
    rows = [m for m in moves if m.amount]
    if not rows:
        return
    now = datetime.now(UTC)
    await db.execute(
        f"INSERT INTO orders_money ({', '.join(_COLUMNS)}) VALUES "
        + ", ".join(["(" + ", ".join("?" * len(_COLUMNS)) + ")"] * len(rows))
        + " ON CONFLICT (key) DO NOTHING",
        *[
            v
            for m in rows
            for v in (
                m.order_id,
                m.suborder_id,
                m.key,
                m.kind,
                m.amount,
                m.cooperative_id,
                m.member_id,
                m.payment_id,
                m.refund_id,
                m.wallet_movement_id,
                m.journal_entry_id,
                m.status,
                now,
            )
        ],
    )


async def set_status(key: str, status: str) -> None:
    """A refund's outcome, once the gateway has said it."""
    await db.execute("UPDATE orders_money SET status = ? WHERE key = ?", status, key)


async def _names(rows: list[OrderMoney]) -> dict[int, str]:
    """The supplying members' names (a member removed since shows none)."""
    names = {}
    for coop_id, member_id in sorted(
        {(r.cooperative_id, r.member_id) for r in rows if r.member_id and r.cooperative_id}
    ):
        try:
            names[member_id] = (await market.get_member(coop_id, member_id)).name
        except NotFound:
            names[member_id] = ""
    return names


async def _zones(coop_ids: set[int | None]) -> dict[int | None, str]:
    wanted = sorted(c for c in coop_ids if c)
    zones: dict[int | None, str] = {None: DEFAULT_ZONE}
    if wanted:
        zones |= {c.id: c.timezone for c in await market.list_cooperatives(ids=wanted)}
    return zones


async def money_of(order_id: int, *, zone_coop_id: int | None, sub=None) -> list[MoneyOut]:
    """The order's movements, oldest first: the buyer's view (everything but the split of a
    cooperative's share into its fee and its members' HPP), or one sub-order's for its staff
    (*sub*: its own rows, the fee and its members' HPP credits too, and the order's payment as
    its share of it — what the wallet and what the invoice paid of this sub-order). Each row says
    the clock to read it on: its cooperative's, else *zone_coop_id*'s (the buyer's own)."""
    rows = await OrderMoney.filter(order_id=order_id).order_by("id")
    if sub is None:
        rows = [r for r in rows if r.kind not in STAFF_ONLY]
    else:
        rows = [r for r in rows if r.suborder_id in (None, sub.id)]
    zones = await _zones({r.cooperative_id or zone_coop_id for r in rows})
    names = await _names(rows) if sub is not None else {}
    out = [
        MoneyOut(
            kind=r.kind,
            amount=r.amount if sub is None or r.suborder_id is not None else _share(r.kind, sub),
            at=r.at,
            suborder_id=r.suborder_id,
            cooperative_id=r.cooperative_id,
            timezone=zones.get(r.cooperative_id or zone_coop_id, DEFAULT_ZONE),
            member_id=r.member_id,
            member_name=names.get(r.member_id or 0, ""),
            payment_id=r.payment_id,
            refund_id=r.refund_id,
            wallet_movement_id=r.wallet_movement_id if sub is None else None,  # the buyer's wallet
            journal_entry_id=r.journal_entry_id,
            status=r.status,
        )
        for r in rows
    ]
    return [m for m in out if m.amount]


def _share(kind: str, sub) -> int:
    """A sub-order's part of one of its order's own movements."""
    from_wallet = sub.wallet_amount
    return (
        from_wallet if kind in ("wallet_paid", "wallet_returned") else sub.goods_total + sub.delivery_fee - from_wallet
    )
