"""Savings and loans in the demo, through ``loans.service`` only: Koperasi Kopi Bajawa's two loan
products, a bank credit line from BRI drawn down and lent on, and three loans in their states —
one current (anggota@, funded by the BRI line, instalments paid on time), one in arrears (kurang
lancar: nothing paid for some four months), one settled early — and the provision the arrears
ask for booked. Every day is relative to today; each step is dated with ``loans.on_day``."""

from __future__ import annotations

from datetime import date, timedelta

from demo.flows import _actor
from loans import service as loans
from loans.schemas import ApplicationIn, CreditLineIn, DecisionIn, DisburseIn, DrawIn, PayIn, ProductIn
from market.models import Cooperative, Role

TANI = ProductIn(
    name="Pinjaman Usaha Tani",
    max_amount=10_000_000,
    max_term_months=12,
    rate_bps_month=150,
    method="flat",
    admin_fee_bps=100,
    late_charge_bps=100,
)
DARURAT = ProductIn(
    name="Pinjaman Darurat", max_amount=3_000_000, max_term_months=6, rate_bps_month=125, method="declining"
)
BRI = CreditLineIn(bank_name="BRI Unit Bajawa (KUR)", limit=50_000_000, rate_bps_year=600, term_months=24)


async def _loan(bajawa_id, manager, cashier, product_id, member_id, principal, term, day, *, line_id=None):
    """Applied at the counter by the cashier, approved by the manager, disbursed to the wallet on *day*."""
    with loans.on_day(day):
        data = ApplicationIn(
            product_id=product_id,
            principal=principal,
            term_months=term,
            member_id=member_id,
            purpose="Modal panen kopi" if line_id else "Keperluan keluarga",
            credit_line_id=line_id,
        )
        loan = await loans.apply(cashier, bajawa_id, data)
        await loans.decide(manager, bajawa_id, loan.id, DecisionIn(approve=True, reason="Sesuai plafon"))
        return await loans.disburse(cashier, bajawa_id, loan.id, DisburseIn(channel="wallet"))


async def _pay(bajawa_id, cashier, loan_id, seq, day) -> None:
    with loans.on_day(day):
        await loans.pay(cashier, bajawa_id, loan_id, PayIn(channel="cash", seq=seq))


async def loan_book(manager, people, today: date) -> None:
    bajawa = await Cooperative.get_or_none(slug="kopi-bajawa")
    if bajawa is None or len(people) < 3:
        return
    cashier = await _actor("kasir@demo.pasarkoperasi.id", Role.CASHIER, "Kasir", bajawa.id)
    start = today - timedelta(days=160)
    with loans.on_day(start):
        tani = await loans.create_product(manager, bajawa.id, TANI)
        darurat = await loans.create_product(manager, bajawa.id, DARURAT)
        line = await loans.open_credit_line(manager, bajawa.id, BRI)
        await loans.draw(manager, bajawa.id, line.id, DrawIn(amount=10_000_000, account="bank"))
    # in arrears: 1,500,000 over 6 months, disbursed 150 days ago, nothing paid (about 120 days late)
    await _loan(bajawa.id, manager, cashier, darurat.id, people[1].id, 1_500_000, 6, today - timedelta(days=150))
    # settled: 2,000,000 over 4 months, the first instalment paid, the rest settled early
    settled_on = today - timedelta(days=100)
    done = await _loan(bajawa.id, manager, cashier, tani.id, people[2].id, 2_000_000, 4, settled_on)
    detail = await loans.loan_detail(manager, bajawa.id, done.id)
    await _pay(bajawa.id, cashier, done.id, 1, detail.schedule[0].due_on)
    with loans.on_day(detail.schedule[0].due_on + timedelta(days=12)):
        await loans.pay(cashier, bajawa.id, done.id, PayIn(channel="cash"))
    # current: 6,000,000 over 10 months from the BRI line, disbursed 75 days ago, paid on every due date
    current = await _loan(
        bajawa.id, manager, cashier, tani.id, people[0].id, 6_000_000, 10, today - timedelta(days=75), line_id=line.id
    )
    for line_out in (await loans.loan_detail(manager, bajawa.id, current.id)).schedule:
        if line_out.due_on <= today:
            await _pay(bajawa.id, cashier, current.id, line_out.seq, line_out.due_on)
    with loans.on_day(today):
        await loans.book_provisions(bajawa.id, today)
