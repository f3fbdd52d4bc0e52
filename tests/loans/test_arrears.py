"""A late loan moving through the collectibility bands at their day boundaries, the provision the
policy asks for booked (and released when the loan is repaid), the late charge, the portfolio."""

from __future__ import annotations

from datetime import date, timedelta

from loans import service as loans
from loans.schemas import PayIn
from tests.loans.helpers import PIN, active_loan, bal, count, world


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
