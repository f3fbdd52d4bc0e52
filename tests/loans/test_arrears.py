"""A late loan moving through the collectibility bands at their day boundaries, the provision the
policy asks for booked (and released when the loan is repaid), the late charge, the portfolio."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from loans import service as loans
from loans.errors import InvalidLoan
from loans.schemas import ApplicationIn, PayIn, PolicyIn
from tests.loans.helpers import PIN, active_loan, bal, count, product, world


async def test_a_late_loan_moves_through_the_bands_and_its_provision_is_booked(db):
    w = await world()
    # 1,200,000 over 4 months, disbursed 15 Jan 2026; the first instalment (300,000 + 18,000) is due 15 Feb
    with loans.on_day(date(2026, 1, 15)):
        loan = await active_loan(w, 1_200_000, 4)
    due = date(2026, 2, 15)
    expect = [
        (0, 0, "lancar", 0),
        (90, 90, "lancar", 0),
        (91, 91, "kurang_lancar", 600_000),  # 50 % of 1,200,000
        (180, 180, "kurang_lancar", 600_000),
        (181, 181, "diragukan", 900_000),  # 75 %
        (270, 270, "diragukan", 900_000),
        (271, 271, "macet", 1_200_000),  # 100 %
    ]
    for days, dpd, band, provision in expect:
        as_of = due + timedelta(days=days)
        rows = await loans.arrears(w.manager, w.coop.id, as_of, late_only=False)
        assert [(r.days_past_due, r.band, r.provision) for r in rows] == [(dpd, band, provision)], days
        with loans.on_day(as_of):
            await loans.book_provisions(w.coop.id, as_of)
        assert await bal(w.coop.id, "cadangan_risiko_pinjaman") == -provision  # a credit: less piutang
        assert await bal(w.coop.id, "beban_cadangan_risiko") == provision
    # the same day again books nothing more
    with loans.on_day(due + timedelta(days=271)):
        assert await loans.book_provisions(w.coop.id, due + timedelta(days=271)) == 0
    assert await count("journal_entry", "WHERE reference LIKE ?", f"loans:provision:{w.coop.id}:%") == 3

    figures = await loans.portfolio(w.coop.id, due + timedelta(days=271))
    assert (figures.outstanding, figures.at_risk, figures.non_performing) == (1_200_000, 1_200_000, 1_200_000)
    assert (figures.by_band["macet"], figures.rpm, figures.provision_booked) == (1_200_000, 1_200_000, 1_200_000)

    # repaid in full: the provision is released
    day = due + timedelta(days=300)
    with loans.on_day(day):
        await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", pin=PIN))
        assert await loans.book_provisions(w.coop.id, day) == -1_200_000
    assert await bal(w.coop.id, "cadangan_risiko_pinjaman") == 0
    assert (await loans.portfolio(w.coop.id, day)).outstanding == 0


async def test_a_late_instalment_pays_the_products_late_charge(db):
    w = await world()
    # 3,000,000 / 4 flat 1.5 %: 750,000 + 45,000 = 795,000 a month, due 1 Apr, 1 May, 1 Jun, 1 Jul;
    # late charge 1 % of the instalment per started 30 days late
    with loans.on_day(date(2026, 3, 1)):
        loan = await active_loan(w, 3_000_000, 4, late_charge_bps=100)
    with loans.on_day(date(2026, 4, 1)):  # on the due date: no charge
        first = await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))
    with loans.on_day(date(2026, 5, 31)):  # 30 days late: one started month
        assert (await loans.loan_detail(w.member_actor, w.coop.id, loan.id)).due_now == 795_000
    with loans.on_day(date(2026, 6, 2)):  # 32 days late: two started months, 2 × 7,950; June's is late too
        detail = await loans.loan_detail(w.member_actor, w.coop.id, loan.id)
        assert (detail.days_past_due, detail.due_now, detail.band) == (32, 1_590_000, "lancar")
        second = await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=2, pin=PIN))
    assert (first.late_charge, second.late_charge, second.amount) == (0, 15_900, 810_900)
    assert await bal(w.coop.id, "denda_pinjaman_anggota") == 15_900


async def test_the_cooperatives_own_bands_and_provisions_decide_collectibility(db):
    w = await world()
    # a stricter policy: lancar to 30 days, kurang lancar to 60, diragukan to 90; provisions 10/40/80/100 %
    await loans.set_policy(
        w.manager,
        w.coop.id,
        PolicyIn(second_approval_above=10_000_000, bands=[30, 60, 90], provisions=[1_000, 4_000, 8_000, 10_000]),
    )
    with loans.on_day(date(2026, 1, 15)):
        loan = await active_loan(w, 1_200_000, 4)
    due = date(2026, 2, 15)
    for days, band, provision in (
        (30, "lancar", 120_000),
        (31, "kurang_lancar", 480_000),
        (61, "diragukan", 960_000),
        (91, "macet", 1_200_000),
    ):
        [row] = await loans.arrears(w.manager, w.coop.id, due + timedelta(days=days), late_only=False)
        assert (row.loan_id, row.band, row.provision) == (loan.id, band, provision), days


async def test_a_product_that_needs_collateral_refuses_an_application_without_its_note(db):
    w = await world()
    p = await product(w, needs_collateral=True)
    data = ApplicationIn(product_id=p.id, principal=1_000_000, term_months=3)
    with pytest.raises(InvalidLoan) as refused:
        await loans.apply(w.member_actor, w.coop.id, data)
    assert refused.value.field == "collateral"
    assert await count("loans_loan") == 0
    made = await loans.apply(w.member_actor, w.coop.id, data.model_copy(update={"collateral": "BPKB motor"}))
    assert made.collateral == "BPKB motor"
