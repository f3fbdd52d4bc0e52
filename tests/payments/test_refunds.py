"""Refunds: full or partial, through the gateway, booked once; more than was paid is refused."""

from __future__ import annotations

import pytest

from market import service as market
from payments import service
from payments.errors import GatewayForbidden, RefundRefused
from tests.builders import make_coop, make_member, make_user, token_for
from tests.payments.helpers import control, count


async def _paid_topup(gw, sandbox, sbx, method="QRIS", amount=80_000):
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    payment = await service.start_topup(gw, wallet.id, amount, idempotency_key=method)
    await control(sbx, f"invoices/{payment.provider_id}/pay", method=method)
    await sandbox.drain()
    return wallet, payment


async def test_partial_refunds_add_up_and_more_than_paid_is_refused(db, gw, sandbox, sbx):
    wallet, payment = await _paid_topup(gw, sandbox, sbx)
    first = await service.refund_payment(gw, payment.id, amount=30_000, idempotency_key="r1")
    repeat = await service.refund_payment(gw, payment.id, amount=30_000, idempotency_key="r1")
    await sandbox.drain()
    assert repeat.id == first.id
    assert (await service.list_refunds(payment.id))[0].status == "succeeded"
    assert await service.wallet_balance(wallet.id) == 50_000
    with pytest.raises(RefundRefused):
        await service.refund_payment(gw, payment.id, amount=50_001, idempotency_key="r2")
    rest = await service.refund_payment(gw, payment.id, idempotency_key="r3")  # all that is left
    await sandbox.drain()
    assert rest.amount == 50_000
    assert await service.wallet_balance(wallet.id) == 0
    assert (await service.get_payment(payment.id)).refunded_amount == 80_000
    assert await count("payments_refund") == 2
    assert await market.balance_of((await service.xendit_cash()).id) == 0


async def test_a_refund_the_provider_refuses_is_booked_back(db, gw, sandbox, sbx):
    # virtual-account payments cannot be refunded at Xendit
    wallet, payment = await _paid_topup(gw, sandbox, sbx, method="BCA")
    with pytest.raises(GatewayForbidden) as err:
        await service.refund_payment(gw, payment.id, amount=10_000, idempotency_key="va")
    assert err.value.provider_code == "REFUND_NOT_SUPPORTED"
    refund = (await service.list_refunds(payment.id))[0]
    assert (refund.status, refund.failure_code) == ("failed", "REFUND_NOT_SUPPORTED")
    assert await service.wallet_balance(wallet.id) == 80_000
    assert (await service.get_payment(payment.id)).refunded_amount == 0


async def test_a_refund_failed_callback_delivered_twice_books_back_once(db, gw, sandbox, sbx):
    wallet, payment = await _paid_topup(gw, sandbox, sbx)
    sandbox.refund_outcome = "hold"
    refund = await service.refund_payment(gw, payment.id, amount=20_000, idempotency_key="h")
    assert await service.wallet_balance(wallet.id) == 60_000  # reserved while pending
    await control(sbx, f"refunds/{refund.provider_id}/fail", deliver="twice")
    await sandbox.drain()
    assert (await service.list_refunds(payment.id))[0].status == "failed"
    assert await service.wallet_balance(wallet.id) == 80_000
    assert await count("journal_entry", "WHERE reference = ?", f"refund:{refund.id}:reversal") == 1
    assert await count("outbox_event", "WHERE topic = 'payment.refund_failed.v1'") == 1


async def test_refund_api_is_for_the_operator_and_validates_amounts(db, gw, sandbox, sbx, pclient):
    wallet, payment = await _paid_topup(gw, sandbox, sbx)
    operator = await make_user("operator")
    member_user = await make_user("buyer")
    url = f"/api/v1/payments/{payment.id}/refunds"
    assert (await pclient.post(url, json={"amount": 1_000}, headers=await token_for(member_user))).status_code == 403
    headers = {**await token_for(operator), "Idempotency-Key": "api-1"}
    for amount in (0, -1, 1.5, "100"):
        assert (await pclient.post(url, json={"amount": amount}, headers=headers)).status_code == 422
    too_much = await pclient.post(url, json={"amount": 80_001}, headers=headers)
    assert (too_much.status_code, too_much.json()["code"]) == (409, "payments.refund_refused")
    ok = await pclient.post(url, json={"amount": 80_000, "reason": "CANCELLATION"}, headers=headers)
    assert ok.status_code == 201 and ok.json()["amount"] == 80_000
    await sandbox.drain()
    assert await service.wallet_balance(wallet.id) == 0
