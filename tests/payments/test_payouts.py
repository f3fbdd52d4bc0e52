"""Payouts from a cooperative's balance at the platform; a failed or reversed payout returns the
money exactly once."""

from __future__ import annotations

import pytest

from market import service as market
from market.errors import InsufficientBalance
from payments import service
from payments.errors import PayoutRefused
from tests.builders import make_coop, make_user, token_for
from tests.payments.helpers import control, count


async def _coop_with_sales(gw, sandbox, sbx, account="1234567890", amount=500_000):
    """A cooperative whose order was paid and allocated to its balance (as orders will do)."""
    coop = await make_coop(bank_name="Bank BCA", bank_account_number=account, bank_account_holder="Koperasi Uji")
    payment = await service.create_payment(
        gw, kind="order", owner_id=coop.id, amount=amount, description="Pesanan", idempotency_key=f"o-{coop.id}"
    )
    await control(sbx, f"invoices/{payment.provider_id}/pay", method="BRI")
    await sandbox.drain()
    await market.post_entry(
        f"test:allocate:{coop.id}",
        await market.bridge(
            [
                market.debit(await service.clearing(), amount),
                market.credit(await market.chart_account(coop.id, "penjualan_non_anggota"), amount),
            ]
        ),
    )
    return coop


async def test_a_payout_is_sent_once_and_takes_the_money_out_of_the_balance(db, gw, sandbox, sbx):
    coop = await _coop_with_sales(gw, sandbox, sbx)
    payout = await service.request_payout(gw, coop.id, 200_000, idempotency_key="p1")
    again = await service.request_payout(gw, coop.id, 200_000, idempotency_key="p1")
    await sandbox.drain()
    assert again.id == payout.id and payout.channel_code == "ID_BCA"
    assert (await service.get_payout(payout.id)).status == "succeeded"
    assert await service.coop_balance(coop.id) == 300_000
    assert len(sandbox.payouts) == 1
    assert await count("outbox_event", "WHERE topic = 'payout.succeeded.v1'") == 1


async def test_more_than_the_balance_is_refused_and_nothing_is_recorded(db, gw, sandbox, sbx):
    coop = await _coop_with_sales(gw, sandbox, sbx)
    with pytest.raises(InsufficientBalance):
        await service.request_payout(gw, coop.id, 500_001, idempotency_key="big")
    assert await count("payments_payout") == 0 and sandbox.payouts == {}
    assert await service.coop_balance(coop.id) == 500_000
    bare = await make_coop()  # no bank account
    with pytest.raises(PayoutRefused):
        await service.request_payout(gw, bare.id, 10_000, idempotency_key="x")


@pytest.mark.parametrize("account, final", [("121212", "failed"), ("654321", "reversed")])
async def test_failed_or_reversed_payouts_return_the_money_once(db, gw, sandbox, sbx, account, final):
    coop = await _coop_with_sales(gw, sandbox, sbx, account=account)
    payout = await service.request_payout(gw, coop.id, 100_000, idempotency_key="p")
    await sandbox.drain()
    # the provider's callbacks arrive again, late
    for delivery in list(sandbox.deliveries.values()):
        if delivery.kind == "payout":
            await control(sbx, f"deliveries/{delivery.id}/release")
    await sandbox.drain()
    assert (await service.get_payout(payout.id)).status == final
    assert await service.coop_balance(coop.id) == 500_000
    assert await count("journal_entry", "WHERE reference = ?", f"payout:{payout.id}:return") == 1


async def test_operator_sees_payouts_and_a_manager_requests_one(db, gw, sandbox, sbx, pclient):
    coop = await _coop_with_sales(gw, sandbox, sbx)
    manager = await make_user("manager", coop_id=coop.id)
    cashier = await make_user("cashier", coop_id=coop.id)
    url = f"/api/v1/cooperatives/{coop.id}/payouts"
    denied = await pclient.post(url, json={"amount": 100_000}, headers=await token_for(cashier))
    assert denied.status_code == 403
    headers = {**await token_for(manager), "Idempotency-Key": "m1"}
    for amount in (9_999, 0, -1, 12.5, 250_000_001):
        assert (await pclient.post(url, json={"amount": amount}, headers=headers)).status_code == 422
    made = await pclient.post(url, json={"amount": 100_000}, headers=headers)
    assert made.status_code == 201, made.text
    await sandbox.drain()
    operator = await make_user("operator")
    listed = (await pclient.get("/api/v1/payouts", headers=await token_for(operator))).json()
    assert [(p["cooperative_id"], p["status"]) for p in listed] == [(coop.id, "succeeded")]
    balance = await pclient.get(f"/api/v1/cooperatives/{coop.id}/payout-balance", headers=await token_for(manager))
    assert balance.json()["balance"] == 400_000
