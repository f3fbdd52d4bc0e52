"""Round trips of one applied PAID invoice callback, counted at the database driver
(tests/statements.py): what `bench_callbacks` repeats thousands of times."""

from __future__ import annotations

import json

from payments import service
from payments.models import Payment
from tests.statements import count_round_trips


def _paid(payment: Payment) -> bytes:
    return json.dumps(
        {
            "id": payment.provider_id,
            "external_id": payment.external_id,
            "status": "PAID",
            "amount": payment.amount,
            "paid_amount": payment.amount,
            "payment_method": "QR_CODE",
            "payment_channel": "QRIS",
            "currency": "IDR",
        }
    ).encode()


async def test_an_applied_callback_is_nine_statements_on_one_connection(db, engine):
    # given three order payments; the first two callbacks open (then remember) the platform's accounts
    payments = [
        await Payment.create(
            kind="order", owner_id=n, external_id=f"rt-{n}", provider_id=f"inv-rt-{n}", amount=10_000 + n
        )
        for n in range(3)
    ]
    for p in payments[:2]:
        assert await service.handle_callback(_paid(p)) == "applied"
    # when
    async with count_round_trips() as seen:
        outcome = await service.handle_callback(_paid(payments[2]))
    # then: the payment's lookup, its conditional UPDATE, the transition, the entry, its postings,
    # two balances, the outbox event and the delivery's row (SQLite adds last_insert_rowid())
    print(f"\nPAID callback: {len(seen.statements)} statements, {seen.checkouts} pool check-outs")
    assert outcome == "applied"
    assert len(seen.statements) <= (9 if engine == "postgres" else 10), seen
    if engine == "postgres":
        assert seen.checkouts == 1, "one request, one pool connection"
