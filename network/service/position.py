"""Each cooperative's position with the network: what the platform holds for it, what it owes
the network, what the counters moved (as the paying counter and as the members' cooperative),
what was settled, and what a settlement would pay now; its counter transactions and settlements."""

from __future__ import annotations

from collections import defaultdict

from tortoise.expressions import Q

from market import db
from market import service as market
from market.service import Actor, CoopStatus
from network.models import CounterTransaction, Settlement
from network.schemas import CounterOut, PositionOut, SettlementOut
from network.service import books
from network.service.common import COUNTER_ROLES, rows_out
from payments import service as payments
from payments.gateway import PAYOUT_MAX_IDR, PAYOUT_MIN_IDR

RETURNED = frozenset({"failed", "cancelled", "reversed"})  # a payout whose money came back
READERS = COUNTER_ROLES  # the cooperative's manager and cashier (and the operator)

Figures = dict[tuple[int, str, str], int]  # (cooperative, side, kind) -> done amount


async def _figures(coop_ids: list[int] | None = None) -> Figures:
    """Done movements across cooperatives, summed per cooperative as counter and as home."""
    where, args = "", []
    if coop_ids is not None:
        marks = ", ".join("?" * len(coop_ids))
        where, args = f" AND (counter_coop_id IN ({marks}) OR home_coop_id IN ({marks}))", [*coop_ids, *coop_ids]
    rows = await db.execute(
        "SELECT counter_coop_id AS counter, home_coop_id AS home, kind, SUM(amount) AS total"
        " FROM network_counter_transaction WHERE status = 'done' AND counter_coop_id <> home_coop_id"
        + where
        + " GROUP BY counter_coop_id, home_coop_id, kind",
        *args,
    )
    out: Figures = defaultdict(int)
    for r in rows:
        out[(int(r["counter"]), "counter", r["kind"])] += int(r["total"])
        out[(int(r["home"]), "home", r["kind"])] += int(r["total"])
    return out


async def payout_statuses(coop_id: int, payout_ids: set[int]) -> dict[int, str]:
    found = {p.id: p.status for p in await payments.list_payouts(coop_id=coop_id, limit=200) if p.id in payout_ids}
    for payout_id in payout_ids - found.keys():
        found[payout_id] = (await payments.get_payout(payout_id)).status
    return found


async def _settled(coop_id: int) -> int:
    """Settlements paid out or on their way (a failed, cancelled or reversed payout's came back)."""
    rows = await Settlement.filter(cooperative_id=coop_id, payout_id__not_isnull=True).values_list(
        "payout_id", "amount"
    )
    statuses = await payout_statuses(coop_id, {int(p) for p, _ in rows})
    return sum(int(a) for p, a in rows if statuses.get(int(p)) not in RETURNED)


async def _position(coop, figures: Figures) -> PositionOut:
    held, owed = await books.balances(coop.id)
    f = {
        (side, kind): figures.get((coop.id, side, kind), 0)
        for side in ("counter", "home")
        for kind in ("withdrawal", "deposit")
    }
    counter_net = (
        f[("counter", "withdrawal")] - f[("counter", "deposit")] + f[("home", "deposit")] - f[("home", "withdrawal")]
    )
    settled = await _settled(coop.id)
    settleable = max(0, min(held - owed, counter_net - settled, PAYOUT_MAX_IDR))
    return PositionOut(
        cooperative_id=coop.id,
        cooperative_name=coop.name,
        timezone=coop.timezone,
        platform_balance=held,
        network_debt=owed,
        net=held - owed,
        paid_out_for_others=f[("counter", "withdrawal")],
        received_for_others=f[("counter", "deposit")],
        members_withdrew_elsewhere=f[("home", "withdrawal")],
        members_deposited_elsewhere=f[("home", "deposit")],
        counter_net=counter_net,
        settled=settled,
        settleable=settleable if settleable >= PAYOUT_MIN_IDR else 0,
    )


async def position_of(coop_id: int) -> PositionOut:
    """The position without an access check (for the settlement, inside its transaction)."""
    return await _position(await market.get_cooperative(coop_id), await _figures([coop_id]))


async def position(coop_id: int, *, actor: Actor) -> PositionOut:
    """The cooperative's position, for its own manager and cashier and the operator."""
    market.require_coop(actor, coop_id, roles=READERS)
    return await position_of(coop_id)


async def positions(*, actor: Actor) -> list[PositionOut]:
    """Every active cooperative's position (the operator's view), by province and name."""
    market.require_operator(actor)
    figures = await _figures()
    coops = await market.list_cooperatives(status=CoopStatus.ACTIVE, ids=actor.scope_ids)
    return [await _position(c, figures) for c in coops]


async def transactions(coop_id: int, *, actor: Actor, limit: int = 50) -> list[CounterOut]:
    """The counter transactions the cooperative paid or took in, and its members' anywhere."""
    market.require_coop(actor, coop_id, roles=READERS)
    rows = (
        await CounterTransaction.filter(Q(counter_coop_id=coop_id) | Q(home_coop_id=coop_id))
        .order_by("-id")
        .limit(limit)
    )
    return await rows_out(rows)


async def settlements(coop_id: int, *, actor: Actor, limit: int = 50) -> list[SettlementOut]:
    market.require_coop(actor, coop_id, roles=READERS)
    rows = await Settlement.filter(cooperative_id=coop_id).order_by("-id").limit(limit)
    statuses = await payout_statuses(coop_id, {r.payout_id for r in rows if r.payout_id})
    return [settlement_out(r, statuses) for r in rows]


def settlement_out(row: Settlement, statuses: dict[int, str]) -> SettlementOut:
    status = "refused" if row.refused else statuses.get(row.payout_id or 0, "pending")
    return SettlementOut(
        id=row.id,
        cooperative_id=row.cooperative_id,
        amount=row.amount,
        payout_id=row.payout_id,
        status=status,
        refused=row.refused,
        created_at=row.created_at,
    )
