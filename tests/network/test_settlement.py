"""The network settles the paying cooperative through the cooperative payout (the Xendit sandbox),
once per key, and a failed payout is no longer counted as settled."""

from __future__ import annotations

import pytest

from market import service as market
from market.schemas import CooperativeUpdate
from market.service import Role
from network import service as network
from network.errors import NothingToSettle
from network.schemas import WithdrawalIn
from tests.network.helpers import PIN, balanced, figures, someone, world


async def _owed(w, amount: int) -> None:
    """B's counter paid A's member *amount*, confirmed on the phone."""
    data = WithdrawalIn(home_cooperative_id=w.home.id, member_number=w.member.member_number, amount=amount)
    tx = await network.create_withdrawal(w.counter.id, data, actor=w.cashier)
    await network.confirm_withdrawal(tx.id, PIN, actor=w.member_actor)


@pytest.mark.parametrize("account, final", [("1234567890", "succeeded"), ("121212", "failed")])
async def test_the_network_settles_the_paying_cooperative_through_a_payout(db, gw, sandbox, account, final):
    if final == "failed" and db != "sqlite":
        pytest.skip("the failed payout's path is the same on both engines")
    w = await world(home_held=500_000)
    await market.update_cooperative(w.counter.id, CooperativeUpdate(bank_account_number=account))
    await _owed(w, 200_000)
    operator = someone(Role.OPERATOR)
    assert (await network.position(w.counter.id, actor=operator)).settleable == 200_000
    # when: the operator settles B, and asks again with the same key
    settled = await network.settle(gw, w.counter.id, actor=operator, idempotency_key="s1")
    again = await network.settle(gw, w.counter.id, actor=operator, idempotency_key="s1")
    await sandbox.drain()
    assert again.id == settled.id and settled.amount == 200_000 and len(sandbox.payouts) == 1
    [shown] = await network.settlements(w.counter.id, actor=operator)
    assert shown.status == final
    position = await network.position(w.counter.id, actor=operator)
    bank = await market.balance_of((await market.coop_account(w.counter.id, "bank")).id)
    if final == "succeeded":
        # then: B's 200,000 left the platform for its bank; nothing more to settle
        assert (position.settled, position.settleable, position.platform_balance, bank) == (200_000, 0, 0, 200_000)
        with pytest.raises(NothingToSettle):
            await network.settle(gw, w.counter.id, actor=operator, idempotency_key="s2")
    else:
        # a failed payout returned the money: still owed, settleable again
        assert (position.settled, position.settleable, position.platform_balance, bank) == (0, 200_000, 200_000, 0)
    assert (await figures(w))["b_kas"] == 800_000
    await balanced()
