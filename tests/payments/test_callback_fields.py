"""A verified callback is still checked field by field: a PAID invoice in another currency, paid
short, or for a fraction of a rupiah is refused with a 4xx, recorded for the operator, and
changes nothing. The same holds for refund and payout envelopes."""

from __future__ import annotations

import json

import pytest

from payments import service
from payments.models import CallbackDelivery
from tests.builders import make_coop, make_member
from tests.payments.helpers import control, count

URL = "/api/v1/payments/xendit/callback"


async def _paid_but_undelivered(gw, sbx):
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    payment = await service.start_topup(gw, wallet.id, 100_000, idempotency_key="cb-fields")
    paid = await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="drop")
    return wallet, payment, paid["payload"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "USD"}, "currency"),
        ({"currency": None}, "currency"),
        ({"paid_amount": 1}, "paid_amount"),
        ({"paid_amount": 100_000.5}, "paid_amount"),
        ({"amount": 100_000.9}, "amount"),
        ({"amount": "100000.9"}, "amount"),
        ({"amount": True}, "amount"),
        ({"external_id": "someone-elses"}, "external_id"),
    ],
)
async def test_a_paid_callback_that_disagrees_is_refused_and_changes_nothing(
    db, gw, sandbox, sbx, pclient, token, change, field
):
    wallet, payment, payload = await _paid_but_undelivered(gw, sbx)
    body = {**payload, **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = await pclient.post(
        URL, content=json.dumps(body), headers={"x-callback-token": token, "content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "payments.callback_invalid"
    assert problem.get("field") == field, problem
    # nothing changed, and the operator can see what was refused
    assert (await service.get_payment(payment.id)).status == "pending"
    assert await service.wallet_balance(wallet.id) == 0
    assert await count("payments_transition") == 0
    assert await count("outbox_event", "WHERE topic LIKE 'payment.%'") == 0
    outcomes = [d.outcome for d in await CallbackDelivery.all()]
    assert len(outcomes) == 1 and outcomes[0] in ("mismatch", "invalid")


async def test_the_same_callback_with_every_field_right_is_applied(db, gw, sandbox, sbx, pclient, token):
    wallet, payment, payload = await _paid_but_undelivered(gw, sbx)
    assert payload["currency"] == "IDR" and payload["paid_amount"] == 100_000
    body = {**payload, "amount": 100_000.0}  # a whole number written as a float is still whole rupiah
    response = await pclient.post(URL, json=body, headers={"x-callback-token": token})
    assert response.json() == {"outcome": "applied"}
    assert await service.wallet_balance(wallet.id) == 100_000


async def test_a_payout_callback_for_another_amount_or_currency_is_refused(db, gw, sandbox, sbx, pclient, token):
    from tests.payments.test_payouts import _coop_with_sales  # the payouts suite's own set-up

    coop = await _coop_with_sales(gw, sandbox, sbx, account="131313")  # the sandbox leaves it ACCEPTED
    payout = await service.request_payout(gw, coop.id, 100_000, idempotency_key="p-fields")
    await sandbox.drain()
    before = (await service.get_payout(payout.id)).status
    assert before != "succeeded"
    for data, field in (({"amount": payout.amount + 1}, "amount"), ({"currency": "SGD"}, "currency")):
        body = {
            "event": "payout.succeeded",
            "data": {
                "id": payout.provider_id,
                "reference_id": f"pk-payout-{payout.id}",
                "status": "SUCCEEDED",
                "amount": payout.amount,
                "currency": "IDR",
                **data,
            },
        }
        response = await pclient.post(URL, json=body, headers={"x-callback-token": token})
        assert response.status_code == 400 and response.json()["field"] == field, response.text
    assert (await service.get_payout(payout.id)).status == before
    assert await service.coop_balance(coop.id) == 400_000
