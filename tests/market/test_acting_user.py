"""Whoever books money for someone else is recorded apart from whose money it is: a cashier's
savings deposit and withdrawal name the cashier on the journal entry (the payout's requester:
tests/payments/test_payout_requester.py)."""

from __future__ import annotations

from market.models import JournalEntry, Role
from tests.builders import make_coop, make_member, make_user, token_for


async def test_a_cashiers_savings_movements_name_the_cashier_not_the_member(client, db):
    coop = await make_coop()
    member = await make_member(coop.id)
    cashier = await make_user(Role.CASHIER, coop.id)
    headers = await token_for(cashier)
    base = f"/api/v1/cooperatives/{coop.id}/members/{member.id}/savings"
    deposit = await client.post(
        f"{base}/deposits",
        json={"kind": "sukarela", "amount": 40_000},
        headers={**headers, "Idempotency-Key": "setor-1"},
    )
    withdrawal = await client.post(
        f"{base}/withdrawals",
        json={"kind": "sukarela", "amount": 15_000},
        headers={**headers, "Idempotency-Key": "tarik-1"},
    )
    assert (deposit.status_code, withdrawal.status_code) == (201, 201), (deposit.text, withdrawal.text)
    entries = await JournalEntry.filter(cooperative_id=coop.id).order_by("id")
    assert [e.actor_user_id for e in entries] == [cashier.id, cashier.id]
