"""Reconciliation settles payments whose callbacks never arrived, through the same code path."""

from __future__ import annotations

from payments import service
from payments.models import Payment
from tests.builders import make_coop, make_member
from tests.payments.helpers import control, count


async def test_reconciliation_settles_payments_whose_callbacks_were_dropped(db, gw, sandbox, sbx):
    # given three top-ups paid, failed and expired at the provider, every callback lost
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    paid, failed, expired, open_ = [
        await service.start_topup(gw, wallet.id, 10_000 * (n + 1), idempotency_key=str(n)) for n in range(4)
    ]
    await control(sbx, f"invoices/{paid.provider_id}/pay", method="QRIS", deliver="drop")
    await control(sbx, f"invoices/{failed.provider_id}/fail", deliver="drop")
    await control(sbx, f"invoices/{expired.provider_id}/expire", deliver="drop")
    # when the job runs
    result = await service.reconcile(gw, older_than_s=0)
    # then
    assert (result.checked, result.changed, result.errors) == (4, 3, [])
    statuses = [(await service.get_payment(p.id)).status for p in (paid, failed, expired, open_)]
    assert statuses == ["paid", "failed", "expired", "pending"]
    assert await service.wallet_balance(wallet.id) == 10_000
    assert await count("outbox_event", "WHERE topic LIKE 'payment.%'") == 3
    # and the dropped callback arriving late after all changes nothing
    for delivery in list(sandbox.deliveries.values()):
        await control(sbx, f"deliveries/{delivery.id}/release")
    await sandbox.drain()
    assert await count("payments_transition") == 3
    assert await service.wallet_balance(wallet.id) == 10_000


async def test_a_payment_whose_invoice_answer_was_lost_is_adopted_not_created_twice(db, gw, sandbox, sbx):
    # given an invoice created at the provider whose answer never reached us (a crash after the call)
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    payment = await service.start_topup(gw, wallet.id, 30_000, idempotency_key="lost")
    await Payment.filter(id=payment.id).update(provider_id=None, invoice_url="")
    await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="drop")
    # when
    await service.reconcile(gw, older_than_s=0)
    # then
    again = await service.get_payment(payment.id)
    assert (again.provider_id, again.status) == (payment.provider_id, "paid")
    assert len(sandbox.invoices) == 1
    assert await service.wallet_balance(wallet.id) == 30_000


async def test_recent_payments_are_left_to_their_callbacks(db, gw, sandbox, sbx):
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    payment = await service.start_topup(gw, wallet.id, 30_000)
    await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="drop")
    result = await service.reconcile(gw, older_than_s=3600)
    assert result.checked == 0
    assert (await service.get_payment(payment.id)).status == "pending"
