"""The network settles the paying cooperative through the cooperative payout (the Xendit sandbox),
once per key, and a failed payout is no longer counted as settled; the JSON API: idempotent
create and confirm, problem bodies, other cooperatives refused with 404."""

from __future__ import annotations

import pytest

from market import service as market
from market.schemas import CooperativeUpdate
from market.service import Role
from network import service as network
from network.errors import NothingToSettle
from network.schemas import WithdrawalIn
from payments import service as payments
from tests.builders import make_user, token_for
from tests.network.helpers import PIN, balanced, figures, network_pair_problems, someone, world


async def _owed(w, amount: int) -> None:
    """B's counter paid A's member *amount*, confirmed on the phone."""
    data = WithdrawalIn(home_cooperative_id=w.home.id, member_number=w.member.member_number, amount=amount)
    tx = await network.create_withdrawal(w.counter.id, data, actor=w.cashier)
    await network.confirm_withdrawal(tx.id, PIN, actor=w.member_actor)


@pytest.mark.parametrize("account, final", [("1234567890", "succeeded"), ("121212", "failed")])
async def test_the_network_settles_the_paying_cooperative_through_a_payout(db, gw, sandbox, account, final):
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


async def test_the_api_creates_and_confirms_once_per_key_and_hides_other_cooperatives(db, pclient):
    w = await world(logins=True)
    cashier, member = await token_for(w.cashier_user), await token_for(w.member_user)
    base = f"/api/v1/cooperatives/{w.counter.id}"
    found = await pclient.get(
        f"{base}/counter/members",
        params={"cooperative_id": w.home.id, "member_number": w.member.member_number},
        headers=cashier,
    )
    assert found.status_code == 200 and found.json()["nik_masked"] != "" and "nik" not in found.json()
    body = {"home_cooperative_id": w.home.id, "member_number": w.member.member_number, "amount": 75_000}
    first = await pclient.post(f"{base}/counter/withdrawals", json=body, headers={**cashier, "Idempotency-Key": "w1"})
    second = await pclient.post(f"{base}/counter/withdrawals", json=body, headers={**cashier, "Idempotency-Key": "w1"})
    assert first.status_code == second.status_code == 201 and first.json()["id"] == second.json()["id"]
    tx = first.json()["id"]
    waiting = await pclient.get("/api/v1/counter/withdrawals", params={"pending": True}, headers=member)
    assert [t["id"] for t in waiting.json()] == [tx]
    wrong = await pclient.post(f"/api/v1/counter/withdrawals/{tx}/confirm", json={"pin": "000000"}, headers=member)
    assert wrong.status_code == 403 and wrong.headers["content-type"] == "application/problem+json"
    assert wrong.json()["code"] == "payments.pin_wrong"
    confirm = {**member, "Idempotency-Key": "c1"}
    ok = await pclient.post(f"/api/v1/counter/withdrawals/{tx}/confirm", json={"pin": PIN}, headers=confirm)
    tap = await pclient.post(f"/api/v1/counter/withdrawals/{tx}/confirm", json={"pin": PIN}, headers=confirm)
    assert ok.status_code == tap.status_code == 200 and ok.json()["status"] == tap.json()["status"] == "done"
    assert await payments.wallet_balance(w.wallet_id) == 225_000
    position = await pclient.get(f"{base}/network/position", headers=cashier)
    assert position.status_code == 200 and position.json()["paid_out_for_others"] == 75_000
    # another cooperative's cashier: 404 for B's counter and position; the member's own list only
    stranger = await token_for(await make_user("cashier", coop_id=w.home.id))
    for url in (f"{base}/network/position", f"{base}/counter/withdrawals/{tx}", f"{base}/network/transactions"):
        refused = await pclient.get(url, headers=stranger)
        assert refused.status_code == 404 and refused.json()["code"] == "market.not_found"
    too_much = await pclient.post(f"{base}/counter/withdrawals", json={**body, "amount": 10**9}, headers=cashier)
    assert too_much.status_code == 422 and too_much.json()["code"] == "network.invalid_amount"
    assert (await pclient.get("/api/v1/network/positions", headers=cashier)).status_code == 403
    assert await network_pair_problems() == []
