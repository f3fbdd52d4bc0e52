"""An instalment paid by a Xendit invoice, through payments' own sandbox: the PAID callback books
it exactly once (delivered three times, and after SETTLED), out of payments' clearing; an invoice
paid for an instalment already paid another way goes to the member's wallet, once."""

from __future__ import annotations

import pytest

from loans import service as loans
from loans.errors import AlreadyPaid
from loans.schemas import PayIn
from market import db as database
from market import service as market
from payments import service as payments
from tests.builders import deliver, login
from tests.loans.helpers import PIN, active_loan, bal, count, world
from tests.payments.conftest import gw, papp, pclient, sandbox, sbx, token  # noqa: F401  (fixtures)
from tests.payments.helpers import control
from tests.web.helpers import csrf_now, form_value


async def _clearing() -> int:
    return await market.balance_of((await payments.clearing()).id)


async def _release(sbx, sandbox, *deliveries) -> None:
    for delivery in deliveries:
        await control(sbx, f"deliveries/{delivery['id']}/release")
        await sandbox.drain()
        await deliver()


async def test_a_paid_invoice_books_its_instalment_once_however_often_the_callback_comes(db, gw, sandbox, sbx):
    w = await world()
    loan = await active_loan(w, 1_200_000, 4)  # 300,000 + 18,000 a month
    wallet_before = await payments.wallet_balance(w.wallet_id)
    payment = await loans.pay_by_invoice(gw, w.member_actor, w.coop.id, loan.id, 1, idempotency_key="x1")
    assert (payment.kind, payment.amount, payment.status) == ("loan", 318_000, "pending")
    assert payment.invoice_url
    again = await loans.pay_by_invoice(gw, w.member_actor, w.coop.id, loan.id, 1, idempotency_key="x2")
    assert again.id == payment.id  # the pending invoice, not a second one
    with pytest.raises(Exception, match="lebih dulu"):
        await loans.pay_by_invoice(gw, w.member_actor, w.coop.id, loan.id, 2)

    paid = await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="hold")
    settled = await control(sbx, f"invoices/{payment.provider_id}/settle", deliver="hold")
    assert await count("loans_payment", "WHERE loan_id = ?", loan.id) == 0  # nothing before the news
    # SETTLED first, then PAID three times
    await _release(sbx, sandbox, settled, paid, paid, paid)

    detail = await loans.loan_detail(w.member_actor, w.coop.id, loan.id)
    assert [x.paid for x in detail.schedule] == [True, False, False, False]
    assert detail.loan.outstanding == 900_000
    assert [(p.channel, p.amount, p.principal, p.jasa) for p in detail.payments] == [
        ("xendit", 318_000, 300_000, 18_000)
    ]
    assert await count("loans_payment", "WHERE loan_id = ?", loan.id) == 1
    assert await count("journal_entry", "WHERE reference = ?", f"loans:pay:{loan.id}:1") == 1
    assert await bal(w.coop.id, "piutang_pinjaman_anggota") == 900_000
    assert await bal(w.coop.id, "jasa_pinjaman_anggota") == 18_000
    assert await _clearing() == 0  # what Xendit collected went to the loan, not left in clearing
    assert await payments.wallet_balance(w.wallet_id) == wallet_before  # the wallet never touched
    shu = await market.live_shu(w.coop.id)
    assert shu.members[w.member.id].by_kind == {"loan": 18_000}
    with pytest.raises(AlreadyPaid):
        await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))


async def test_an_invoice_paid_after_the_instalment_was_paid_goes_to_the_wallet(db, gw, sandbox, sbx):
    w = await world()
    loan = await active_loan(w, 1_200_000, 4)
    payment = await loans.pay_by_invoice(gw, w.member_actor, w.coop.id, loan.id, 1)
    # meanwhile the member pays the instalment from the wallet
    await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))
    wallet_before = await payments.wallet_balance(w.wallet_id)
    paid = await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="hold")
    await _release(sbx, sandbox, paid, paid)
    assert await count("loans_payment", "WHERE loan_id = ?", loan.id) == 1
    assert await bal(w.coop.id, "piutang_pinjaman_anggota") == 900_000
    assert await payments.wallet_balance(w.wallet_id) == wallet_before + 318_000
    assert await count("journal_entry", "WHERE reference = ?", f"loans:invoice:{payment.id}:to-wallet") == 1
    assert await _clearing() == 0


async def test_the_member_page_sends_the_member_to_the_invoice(db, gw, sandbox, sbx, pclient):
    w = await world()
    loan = await active_loan(w, 1_200_000, 4)
    assert (await login(pclient, w.member_actor.email)).status_code == 303
    token = await csrf_now(pclient)
    detail = await pclient.get(f"/saya/pinjaman/{loan.id}")
    assert 'id="xendit-form"' in detail.text
    key = form_value(detail.text, form_id="xendit-form")
    sent = await pclient.post(
        f"/saya/pinjaman/{loan.id}/xendit", data={"csrf_token": token, "seq": "1", "idempotency_key": key}
    )
    assert sent.status_code == 303
    [row] = await database.execute("SELECT payment_id FROM loans_invoice WHERE loan_id = ?", loan.id)
    payment = await payments.get_payment(int(row["payment_id"]))
    assert sent.headers["location"] == payment.invoice_url and payment.amount == 318_000
    wrong = await pclient.post(
        f"/saya/pinjaman/{loan.id}/xendit", data={"csrf_token": token, "seq": "3", "idempotency_key": key[:-4] + "beef"}
    )
    assert wrong.status_code == 422 and "lebih dulu" in wrong.text
