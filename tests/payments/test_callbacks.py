"""The callback endpoint: verified before anything is read, every delivery stored, each state
change applied once with its ledger entry and outbox event."""

from __future__ import annotations

import json

from payments import service
from payments.models import CallbackDelivery
from tests.builders import make_coop, make_member
from tests.payments.helpers import control, count

URL = "/api/v1/payments/xendit/callback"


async def _topup(gw, amount=50_000, key="k1"):
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    payment = await service.start_topup(gw, wallet.id, amount, idempotency_key=key)
    return wallet, payment


async def test_a_callback_delivered_twice_credits_the_wallet_once(db, gw, sandbox, sbx):
    # given
    wallet, payment = await _topup(gw)
    # when the payer pays and the provider delivers the callback twice
    await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="twice")
    await sandbox.drain()
    # then
    assert await service.wallet_balance(wallet.id) == 50_000
    assert (await service.get_payment(payment.id)).status == "paid"
    assert await count("payments_transition") == 1
    assert await count("journal_entry", "WHERE reference = ?", f"payment:{payment.id}:paid") == 1
    assert await count("outbox_event", "WHERE topic = ?", "payment.succeeded.v1") == 1
    assert sorted(d.outcome for d in await CallbackDelivery.all()) == ["applied", "duplicate"]


async def test_the_event_says_whose_payment_it_is(db, gw, sandbox, sbx):
    _, payment = await service_payment(gw)
    await control(sbx, f"invoices/{payment.provider_id}/pay", method="OVO")
    await sandbox.drain()
    rows = await _events("payment.succeeded.v1")
    assert rows == [
        {
            "payment_id": payment.id,
            "kind": "order",
            "owner_id": 77,
            "amount": 123_456,
            "status": "paid",
            "previous_status": "pending",
            "late": False,
            "provider_id": payment.provider_id,
            "cooperative_id": None,
            "wallet_id": None,
            "metadata": {"buyer": 9},
        }
    ]
    # the money sits in the clearing account until its owner allocates it
    assert await service_clearing_balance() == 123_456


async def service_payment(gw):
    payment = await service.create_payment(
        gw,
        kind="order",
        owner_id=77,
        amount=123_456,
        description="Pesanan 77",
        idempotency_key="o77",
        metadata={"buyer": 9},
    )
    return None, payment


async def service_clearing_balance():
    from market import service as market

    return await market.balance_of((await service.clearing()).id)


async def _events(topic):
    from market import db

    rows = await db.execute("SELECT payload FROM outbox_event WHERE topic = ? ORDER BY id", topic)
    return [r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"]) for r in rows]


async def test_failed_and_expired_payments_credit_nothing_and_are_announced(db, gw, sandbox, sbx):
    wallet, failing = await _topup(gw, key="f")
    expiring = await service.start_topup(gw, wallet.id, 20_000, idempotency_key="e")
    await control(sbx, f"invoices/{failing.provider_id}/fail")
    await control(sbx, f"invoices/{expiring.provider_id}/expire")
    await sandbox.drain()
    assert (await service.get_payment(failing.id)).status == "failed"
    assert (await service.get_payment(failing.id)).failure_code == "USER_DECLINED_PAYMENT"
    assert (await service.get_payment(expiring.id)).status == "expired"
    assert await service.wallet_balance(wallet.id) == 0
    assert await count("journal_entry", "WHERE reference LIKE 'payment:%'") == 0
    assert [e["payment_id"] for e in await _events("payment.failed.v1")] == [failing.id]
    assert [e["payment_id"] for e in await _events("payment.expired.v1")] == [expiring.id]


async def test_settled_before_paid_out_of_order_is_one_change(db, gw, sandbox, sbx):
    wallet, payment = await _topup(gw)
    paid = await control(sbx, f"invoices/{payment.provider_id}/pay", method="DANA", deliver="hold")
    settled = await control(sbx, f"invoices/{payment.provider_id}/settle", deliver="hold")
    # when SETTLED arrives first, then PAID
    await control(sbx, f"deliveries/{settled['id']}/release")
    await sandbox.drain()
    await control(sbx, f"deliveries/{paid['id']}/release")
    await sandbox.drain()
    # then
    assert await service.wallet_balance(wallet.id) == 50_000
    assert await count("payments_transition") == 1
    assert sorted(d.outcome for d in await CallbackDelivery.all()) == ["applied", "duplicate"]


async def test_money_collected_after_expiry_is_booked_and_flagged_late(db, gw, sandbox, sbx, pclient, token):
    # given an invoice whose expiry we applied, and then the provider reports it paid (a VA race)
    wallet, payment = await _topup(gw)
    expired = await control(sbx, f"invoices/{payment.provider_id}/expire")
    await sandbox.drain()
    body = {
        **expired["payload"],
        "status": "PAID",
        "paid_amount": 50_000,
        "payment_method": "BANK_TRANSFER",
        "payment_channel": "BRI",
    }
    # when
    response = await pclient.post(URL, json=body, headers={"x-callback-token": token})
    # then
    assert response.json() == {"outcome": "applied"}
    assert (await service.get_payment(payment.id)).status == "paid"
    assert await service.wallet_balance(wallet.id) == 50_000
    assert [e["late"] for e in await _events("payment.succeeded.v1")] == [True]
    # and a late EXPIRED afterwards changes nothing
    response = await pclient.post(URL, json=expired["payload"], headers={"x-callback-token": token})
    assert response.json() == {"outcome": "stale"}
    assert (await service.get_payment(payment.id)).status == "paid"


async def test_a_forged_or_missing_token_is_refused_before_anything_is_stored(db, gw, sandbox, sbx, pclient):
    _, payment = await _topup(gw)
    paid = await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="drop")
    for headers in ({"x-callback-token": "forged"}, {}):
        response = await pclient.post(URL, json=paid["payload"], headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "payments.callback_unverified"
    assert await count("payments_callback") == 0
    assert (await service.get_payment(payment.id)).status == "pending"


async def test_bad_bodies_get_a_clear_4xx_and_change_nothing(db, gw, sandbox, sbx, pclient, token):
    wallet, payment = await _topup(gw)
    paid = await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="drop")
    headers = {"x-callback-token": token, "content-type": "application/json"}
    cases = [
        (b"{not json", 400, "payments.callback_invalid"),
        (b"[1, 2]", 400, "payments.callback_invalid"),
        (json.dumps({"status": "PAID"}).encode(), 400, "payments.callback_invalid"),
        (
            json.dumps({**paid["payload"], "id": "f" * 24, "external_id": "nope"}).encode(),
            404,
            "payments.unknown_payment",
        ),
        (json.dumps({**paid["payload"], "amount": 1}).encode(), 400, "payments.callback_invalid"),
        (json.dumps({**paid["payload"], "amount": -50_000}).encode(), 400, "payments.callback_invalid"),
    ]
    for body, status, code in cases:
        response = await pclient.post(URL, content=body, headers=headers)
        assert (response.status_code, response.json()["code"]) == (status, code), body
    assert (await service.get_payment(payment.id)).status == "pending"
    assert await service.wallet_balance(wallet.id) == 0
    assert await count("payments_transition") == 0
    assert await count("outbox_event", "WHERE topic LIKE 'payment.%'") == 0
    assert sorted(d.outcome for d in await CallbackDelivery.all()) == [
        "invalid",
        "invalid",
        "invalid",
        "mismatch",
        "mismatch",
        "unknown",
    ]


async def test_the_provider_retries_a_refused_delivery_until_it_is_accepted(db, gw, sandbox, sbx, token):
    # given the provider first sends a stale token (we answer 401), then the right one
    wallet, payment = await _topup(gw)
    sandbox.callback_token = "old-token"
    sandbox.retry_delays = (0.0,)
    held = await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS")
    await sandbox.drain()
    assert sandbox.deliveries[held["id"]].attempts == [401, 401]
    assert sandbox.deliveries[held["id"]].state == "failed"
    # when the token is fixed and the provider resends
    sandbox.callback_token = token
    await control(sbx, f"deliveries/{held['id']}/release")
    await sandbox.drain()
    # then
    assert sandbox.deliveries[held["id"]].attempts[-1] == 200
    assert await service.wallet_balance(wallet.id) == 50_000
