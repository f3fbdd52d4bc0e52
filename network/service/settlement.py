"""The network settles a cooperative: what its counters made the network owe it, out of its
balance at the platform, paid to its bank through the cooperative payout (payments).

The operator asks under an idempotency key (``once_leased``: the payout is a provider call). In one
transaction the cooperative's debt to the network is first offset against its balance (another
flow may have filled it since), the amount is fixed and the settlement row written; the payout
follows under a key derived from that row, so a retry — or a takeover after a crash — asks
payments for the same payout again and can never pay twice. A payout that fails, is cancelled or
reversed returns its money to the balance (payments does it) and no longer counts as settled.
"""

from __future__ import annotations

from datetime import UTC, datetime

from market import db
from market import service as market
from market.errors import DomainError, InvalidInput
from market.service import Actor, idempotency
from network import events
from network.errors import NothingToSettle
from network.models import Settlement
from network.schemas import SettlementOut
from network.service import books
from network.service.position import payout_statuses, position_of, settlement_out
from payments import service as payments


async def _out(settlement_id: int) -> SettlementOut:
    row = await Settlement.get(id=settlement_id)
    return settlement_out(row, await payout_statuses(row.cooperative_id, {row.payout_id} if row.payout_id else set()))


async def settle(gateway, coop_id: int, *, actor: Actor, idempotency_key: str) -> SettlementOut:
    """Pay the cooperative what the network owes it from the counters (the operator)."""
    market.require_national_operator(actor)
    if not (idempotency_key or "").strip():
        raise InvalidInput("Kunci idempotensi wajib", field="Idempotency-Key")
    await market.get_cooperative(coop_id)
    return await idempotency.once_leased(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        {"op": "network.settle", "cooperative_id": coop_id},
        lambda claim: _settle(gateway, coop_id, actor, claim.reference if claim else ""),
        dump=lambda out: {"id": out.id},
        load=lambda stored: _out(stored["id"]),
        status=201,
    )


async def _fix_amount(coop_id: int, actor: Actor, claim: str) -> Settlement:
    async with db.transaction():
        await books.lock(coop_id)
        legs = await books.settle_legs(coop_id)
        if legs:
            await market.post_entry(
                f"network:offset:{claim}",
                legs,
                description="Utang ke jaringan dilunasi dari saldo koperasi di platform",
                cooperative_id=coop_id,
                actor_user_id=actor.user_id,
            )
        amount = (await position_of(coop_id)).settleable
        if amount <= 0:
            raise NothingToSettle("Koperasi ini tidak punya tagihan loket yang dapat disetel sekarang")
        return await Settlement.create(
            cooperative_id=coop_id,
            amount=amount,
            claim=claim,
            requested_by_user_id=actor.user_id,
            created_at=datetime.now(UTC),
        )


async def _settle(gateway, coop_id: int, actor: Actor, claim: str) -> SettlementOut:
    row = await Settlement.get_or_none(claim=claim) or await _fix_amount(coop_id, actor, claim)
    if row.payout_id is None and not row.refused:
        try:
            payout = await payments.request_payout(
                gateway, coop_id, row.amount, idempotency_key=f"network-settlement-{row.id}", actor_id=actor.user_id
            )
        except DomainError as exc:
            if exc.status < 500:  # refused (no bank account, the balance moved): kept as the answer
                await Settlement.filter(id=row.id).update(refused=exc.detail[:300])
            raise
        async with db.transaction():
            await Settlement.filter(id=row.id).update(payout_id=payout.id)
            await market.publish(
                events.SettlementRequested(
                    settlement_id=row.id, cooperative_id=coop_id, payout_id=payout.id, amount=row.amount
                )
            )
    return await _out(row.id)
