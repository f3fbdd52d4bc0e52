"""Top-ups and payouts: the same key gets the first answer again — the same payment or payout, or
the same refusal — and another user's identical key is theirs."""

from __future__ import annotations

import pytest

from market import service as market
from market.errors import IdempotencyKeyReused, InsufficientBalance
from market.models import Role
from payments import service
from tests.builders import make_coop, make_member, make_user, token_for
from tests.payments.helpers import count
from tests.payments.test_payouts import _coop_with_sales


async def _add_sales(gw, sandbox, sbx, coop_id: int, amount: int) -> None:
    """More sales: another cooperative's paid order, its balance moved over to this one's."""
    donor = await _coop_with_sales(gw, sandbox, sbx, amount=amount)
    await market.post_entry(
        f"test:move:{donor.id}:{coop_id}",
        await market.bridge(
            [
                market.debit(await market.chart_account(donor.id, "penjualan_non_anggota"), amount),
                market.credit(await market.chart_account(coop_id, "penjualan_non_anggota"), amount),
            ]
        ),
    )


async def test_a_payout_refused_for_its_balance_stays_refused_after_more_sales(db, gw, sandbox, sbx):
    # given a payout refused: more than the balance
    coop = await _coop_with_sales(gw, sandbox, sbx, amount=100_000)
    with pytest.raises(InsufficientBalance) as first:
        await service.request_payout(gw, coop.id, 150_000, idempotency_key="cair-1", actor_id=5)
    # when the balance grows and the same request is retried with its key
    await _add_sales(gw, sandbox, sbx, coop.id, 100_000)
    with pytest.raises(InsufficientBalance) as again:
        await service.request_payout(gw, coop.id, 150_000, idempotency_key="cair-1", actor_id=5)
    # then it gets the first answer; nothing left the balance
    assert (again.value.code, again.value.detail) == (first.value.code, first.value.detail)
    assert await count("payments_payout") == 0 and sandbox.payouts == {}
    assert await service.coop_balance(coop.id) == 200_000
    # a new key is a new request
    payout = await service.request_payout(gw, coop.id, 150_000, idempotency_key="cair-2", actor_id=5)
    assert await service.coop_balance(coop.id) == 50_000 and payout.amount == 150_000


async def test_two_managers_identical_payout_keys_are_two_requests(db, gw, sandbox, sbx):
    coop = await _coop_with_sales(gw, sandbox, sbx, amount=300_000)
    mine = await service.request_payout(gw, coop.id, 100_000, idempotency_key="cair", actor_id=1)
    again = await service.request_payout(gw, coop.id, 100_000, idempotency_key="cair", actor_id=1)
    theirs = await service.request_payout(gw, coop.id, 100_000, idempotency_key="cair", actor_id=2)
    await sandbox.drain()
    assert again.id == mine.id != theirs.id
    assert await service.coop_balance(coop.id) == 100_000
    with pytest.raises(IdempotencyKeyReused):
        await service.request_payout(gw, coop.id, 90_000, idempotency_key="cair", actor_id=1)


async def test_a_top_up_key_replays_its_payment_and_refuses_another_amount(db, gw, sandbox):
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    first = await service.start_topup(gw, wallet.id, 50_000, idempotency_key="isi", actor_id=9)
    again = await service.start_topup(gw, wallet.id, 50_000, idempotency_key="isi", actor_id=9)
    assert again.id == first.id and again.invoice_url == first.invoice_url
    with pytest.raises(IdempotencyKeyReused):
        await service.start_topup(gw, wallet.id, 75_000, idempotency_key="isi", actor_id=9)
    assert await count("payments_payment", "WHERE kind = 'wallet_topup'") == 1


async def test_the_api_replays_a_refused_payout_and_its_problem_body(db, gw, sandbox, sbx, pclient):
    coop = await _coop_with_sales(gw, sandbox, sbx, amount=100_000)
    manager = await make_user(Role.MANAGER, coop.id)
    headers = {**await token_for(manager), "Idempotency-Key": "cair-api"}
    url = f"/api/v1/cooperatives/{coop.id}/payouts"
    first = await pclient.post(url, json={"amount": 150_000}, headers=headers)
    await _add_sales(gw, sandbox, sbx, coop.id, 100_000)
    again = await pclient.post(url, json={"amount": 150_000}, headers=headers)
    assert first.status_code == again.status_code == 409
    assert first.json() == again.json() and again.json()["code"] == "market.insufficient_balance"
    reused = await pclient.post(url, json={"amount": 10_000}, headers=headers)
    assert reused.status_code == 422 and reused.json()["code"] == "market.idempotency_key_reused"
    assert await service.coop_balance(coop.id) == 200_000
