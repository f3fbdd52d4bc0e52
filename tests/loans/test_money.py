"""Disbursement and payments, booked in the cooperative's book to the rupiah (the db fixture checks
every book balances): the wallet, the piutang, the jasa and admin income tagged with the member
(their SHU weight); idempotent retries, two payments of one instalment at once booked once."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from loans import service as loans
from loans.errors import AlreadyPaid, InvalidLoan
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PayIn
from market import service as market
from market.errors import Forbidden, InsufficientBalance
from payments import service as payments
from payments.errors import PinWrong
from tests.loans.helpers import PIN, active_loan, bal, balanced, count, product, world


async def test_disbursed_to_the_wallet_and_an_instalment_paid_from_it_with_the_pin(db):
    w = await world(wallet=100_000)
    # 3,000,000 over 3 months, flat 1.5 %: principal 1,000,000 a month, jasa 45,000 a month; admin 1 % = 30,000
    loan = await active_loan(w, 3_000_000, 3, admin_fee_bps=100)
    assert (loan.status, loan.outstanding, loan.admin_fee, loan.channel) == ("active", 3_000_000, 30_000, "wallet")
    assert await payments.wallet_balance(w.wallet_id) == 100_000 + 2_970_000
    assert await bal(w.coop.id, "piutang_pinjaman_anggota") == 3_000_000
    assert await bal(w.coop.id, "admin_pinjaman_anggota") == 30_000
    history = await payments.wallet_history(w.wallet_id)
    assert (history[0].amount, history[0].kind) == (2_970_000, "loan_in")

    with pytest.raises(PinWrong):
        await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin="000000"))
    with pytest.raises(InvalidLoan):  # in order
        await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=2, pin=PIN))
    with pytest.raises(Forbidden):  # staff never spend a member's wallet
        await loans.pay(w.cashier, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))
    paid = await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))
    assert (paid.amount, paid.principal, paid.jasa, paid.late_charge) == (1_045_000, 1_000_000, 45_000, 0)
    assert await payments.wallet_balance(w.wallet_id) == 3_070_000 - 1_045_000
    assert await bal(w.coop.id, "piutang_pinjaman_anggota") == 2_000_000
    assert await bal(w.coop.id, "jasa_pinjaman_anggota") == 45_000
    detail = await loans.loan_detail(w.member_actor, w.coop.id, loan.id)
    assert (detail.loan.outstanding, [x.paid for x in detail.schedule]) == (2_000_000, [True, False, False])
    # the member's SHU weight: the jasa and the admin fee they paid, tagged "loan"
    shu = await market.live_shu(w.coop.id)
    assert shu.members[w.member.id].by_kind == {"loan": 75_000}
    await balanced()


async def test_a_retried_payment_answers_the_same_and_books_once(db):
    w = await world()
    loan = await active_loan(w, 1_200_000, 4)
    pay = PayIn(channel="wallet", seq=1, pin=PIN)
    first = await loans.pay(w.member_actor, w.coop.id, loan.id, pay, idempotency_key="angsuran-1")
    again = await loans.pay(w.member_actor, w.coop.id, loan.id, pay, idempotency_key="angsuran-1")
    assert again == first
    assert await count("loans_payment", "WHERE loan_id = ?", loan.id) == 1
    assert await count("journal_entry", "WHERE reference LIKE ?", f"loans:pay:{loan.id}:%") == 1
    # another key for the same instalment: refused, nothing booked
    with pytest.raises(AlreadyPaid):
        await loans.pay(w.member_actor, w.coop.id, loan.id, pay, idempotency_key="angsuran-1-lagi")
    assert await payments.wallet_balance(w.wallet_id) == 2_000_000 + 1_200_000 - (300_000 + 18_000)


async def test_two_payments_of_one_instalment_at_once_book_once(db):
    w = await world()
    loan = await active_loan(w, 1_200_000, 4, channel="cash")
    results = await asyncio.gather(
        loans.pay(w.cashier, w.coop.id, loan.id, PayIn(channel="cash", seq=1), idempotency_key="a"),
        loans.pay(w.cashier, w.coop.id, loan.id, PayIn(channel="cash", seq=1), idempotency_key="b"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["AlreadyPaid", "PaymentOut"]
    assert await count("loans_payment", "WHERE loan_id = ?", loan.id) == 1
    assert await bal(w.coop.id, "piutang_pinjaman_anggota") == 900_000
    assert await bal(w.coop.id, "jasa_pinjaman_anggota") == 18_000


async def test_cash_disbursement_needs_the_till_and_a_retry_disburses_once(db):
    w = await world(till=0)
    p = await product(w)
    loan = await loans.apply(
        w.member_actor, w.coop.id, ApplicationIn(product_id=p.id, principal=1_000_000, term_months=2)
    )
    await loans.decide(w.manager, w.coop.id, loan.id, DecisionIn(approve=True))
    kas_before = await bal(w.coop.id, "kas")  # the savings deposits only
    assert kas_before == 500_000 + 2_000_000
    big = await loans.apply(
        w.member_actor, w.coop.id, ApplicationIn(product_id=p.id, principal=3_000_000, term_months=2)
    )
    await loans.decide(w.manager, w.coop.id, big.id, DecisionIn(approve=True))
    with pytest.raises(InsufficientBalance):
        await loans.disburse(w.cashier, w.coop.id, big.id, DisburseIn(channel="cash"))
    out = await loans.disburse(w.cashier, w.coop.id, loan.id, DisburseIn(channel="cash"), idempotency_key="cair")
    again = await loans.disburse(w.cashier, w.coop.id, loan.id, DisburseIn(channel="cash"), idempotency_key="cair")
    assert again == out and out.status == "active"
    assert await bal(w.coop.id, "kas") == kas_before - 1_000_000
    assert await count("loans_schedule_line", "WHERE loan_id = ?", loan.id) == 2


async def test_early_repayment_settles_principal_and_jasa_to_date(db):
    w = await world()
    # 1,000,000 over 3 months flat 1.5 %, disbursed 10 Jan: 333,333 / 333,333 / 333,334 + 15,000 jasa each
    with loans.on_day(date(2026, 1, 10)):
        loan = await active_loan(w, 1_000_000, 3)
    with loans.on_day(date(2026, 2, 10)):
        await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))
    with loans.on_day(date(2026, 2, 25)):
        detail = await loans.loan_detail(w.member_actor, w.coop.id, loan.id)
        # rest of the principal 666,667; jasa of February's running month: 15,000 × 15 / 28 = 8,035.7 → 8,036
        assert detail.settlement == 666_667 + 8_036
        paid = await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", pin=PIN))
    assert (paid.kind, paid.principal, paid.jasa, paid.amount) == ("early", 666_667, 8_036, 674_703)
    after = await loans.loan_detail(w.member_actor, w.coop.id, loan.id)
    assert (after.loan.status, after.loan.outstanding, after.loan.closed_on) == ("paid", 0, date(2026, 2, 25))
    assert await bal(w.coop.id, "piutang_pinjaman_anggota") == 0
    assert await bal(w.coop.id, "jasa_pinjaman_anggota") == 15_000 + 8_036


@pytest.mark.parametrize(("rule", "jasa"), [("running_month", 15_000), ("full", 30_000)])
async def test_early_repayment_charges_the_jasa_not_yet_due_by_the_products_rule(db, rule, jasa):
    w = await world()
    # the loan of the test above; its product's rule charges February's whole jasa, or March's too
    with loans.on_day(date(2026, 1, 10)):
        loan = await active_loan(w, 1_000_000, 3, early_rule=rule)
    assert loan.early_rule == rule
    with loans.on_day(date(2026, 2, 10)):
        await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))
    with loans.on_day(date(2026, 2, 25)):
        assert (await loans.loan_detail(w.member_actor, w.coop.id, loan.id)).settlement == 666_667 + jasa
        paid = await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", pin=PIN))
    assert (paid.kind, paid.principal, paid.jasa) == ("early", 666_667, jasa)
    assert await bal(w.coop.id, "jasa_pinjaman_anggota") == 15_000 + jasa
