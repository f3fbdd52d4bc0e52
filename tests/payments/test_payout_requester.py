"""A payout names the manager who asked for it, on the payout and on its journal entry."""

from __future__ import annotations

from market.models import JournalEntry, Role
from payments import service
from tests.builders import make_user
from tests.payments.test_payouts import _coop_with_sales


async def test_a_payout_names_the_manager_who_asked_for_it(db, gw, sandbox, sbx):
    coop = await _coop_with_sales(gw, sandbox, sbx)
    manager = await make_user(Role.MANAGER, coop.id)
    payout = await service.request_payout(gw, coop.id, 100_000, idempotency_key="cair-1", actor_id=manager.id)
    assert payout.requested_by_user_id == manager.id
    assert (await service.get_payout(payout.id)).requested_by_user_id == manager.id
    entry = await JournalEntry.get(reference=f"payout:{payout.id}")
    assert entry.actor_user_id == manager.id
