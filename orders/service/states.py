"""The sub-order life cycle: which state may follow which, and the one way a state changes.

Every change is a conditional UPDATE from the allowed previous states, so of two requests (a
double click, the auto-complete job racing the buyer) exactly one wins; the winner writes the
transition row (unique per sub-order and state) in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from market import db
from orders.errors import IllegalTransition
from orders.schemas import SubOrderState as S

ALLOWED: dict[S, tuple[S, ...]] = {
    S.PAID: (S.AWAITING_PAYMENT,),
    S.PACKED: (S.PAID,),
    S.SHIPPED: (S.PAID, S.PACKED),
    S.DELIVERED: (S.PACKED, S.SHIPPED),
    S.COMPLETED: (S.SHIPPED, S.DELIVERED),
    S.CANCELLED: (S.AWAITING_PAYMENT,),
    S.EXPIRED: (S.AWAITING_PAYMENT,),
    S.REFUNDED: (S.PAID, S.PACKED),
}
STAMP = {
    S.PAID: "paid_at",
    S.PACKED: "packed_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.COMPLETED: "completed_at",
}
LABEL = {
    S.AWAITING_PAYMENT: "menunggu pembayaran",
    S.PAID: "dibayar",
    S.PACKED: "dikemas",
    S.SHIPPED: "dikirim",
    S.DELIVERED: "diterima",
    S.COMPLETED: "selesai",
    S.CANCELLED: "dibatalkan",
    S.EXPIRED: "kedaluwarsa",
    S.REFUNDED: "dana dikembalikan",
}


async def move(
    suborder_id: int,
    target: S,
    *,
    actor_user_id: int | None,
    note: str = "",
    extra: dict | None = None,
    strict: bool = True,
) -> str | None:
    """Move one sub-order to *target*; return the previous state, or None if it was not allowed
    (IllegalTransition when *strict*). Call inside a transaction."""
    now = datetime.now(UTC)
    sets = {"state": target.value, **({STAMP[target]: now} if target in STAMP else {}), **(extra or {})}
    allowed = [s.value for s in ALLOWED[target]]
    rows = await db.execute(
        "UPDATE orders_suborder SET "
        + ", ".join(f"{k} = ?" for k in sets)
        + " WHERE id = ? AND state IN ("
        + ", ".join("?" * len(allowed))
        + ")"
        + " RETURNING id",
        *sets.values(),
        suborder_id,
        *allowed,
    )
    if not rows:
        if not strict:
            return None
        current = await db.execute("SELECT state FROM orders_suborder WHERE id = ?", suborder_id)
        state = current[0]["state"] if current else "?"
        raise IllegalTransition(
            f"Pesanan berstatus {LABEL.get(S(state), state) if state in S._value2member_map_ else state}"
            f" tidak dapat menjadi {LABEL[target]}",
            state=state,
            target=target.value,
        )
    # Every change writes a transition row, so the last one names the state we just left.
    previous = await _previous(suborder_id)
    await db.execute(
        "INSERT INTO orders_transition (suborder_id, from_state, to_state, actor_user_id, note, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        suborder_id,
        previous,
        target.value,
        actor_user_id,
        note[:300],
        now,
    )
    return previous or ""


async def _previous(suborder_id: int) -> str | None:
    rows = await db.execute(
        "SELECT to_state FROM orders_transition WHERE suborder_id = ? ORDER BY id DESC LIMIT 1", suborder_id
    )
    return rows[0]["to_state"] if rows else None
