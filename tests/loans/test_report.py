"""The monthly loan report, every figure equal to a hand-computed total, months read as they stood
(a payment made later does not change an earlier month), and its CSV, PDF and JSON at the API.

One member, one product (flat 1.5 % a month, admin fee 1 %, late charge 1 % per started month):
- A: 1,200,000 over 4 months, disbursed 15 Jan 2026; 300,000 + 18,000 due 15 Feb, 15 Mar, 15 Apr,
  15 May; the first paid on 15 Feb, the second only on 1 Jul (108 days late: 4 started months ×
  3,180 = 12,720 late charge), the rest never.
- B: 3,000,000 over 3 months, disbursed 10 Mar; 1,000,000 + 45,000 due 10 Apr, 10 May, 10 Jun; the
  first two paid on their day, the third never.
- C: 1,000,000 over 3 months, disbursed 5 Mar, settled early on 20 Mar: the principal and the
  running month's jasa 15,000 × 15 / 31 = 7,258.06 → 7,258.
"""

from __future__ import annotations

from datetime import date

import pytest

from loans import service as loans
from loans.errors import InvalidLoan
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PayIn
from tests.builders import make_coop, make_user, token_for
from tests.loans.helpers import PIN, product, world


async def _loan(w, product_id: int, principal: int, term: int, day: date):
    with loans.on_day(day):
        loan = await loans.apply(
            w.member_actor, w.coop.id, ApplicationIn(product_id=product_id, principal=principal, term_months=term)
        )
        await loans.decide(w.manager, w.coop.id, loan.id, DecisionIn(approve=True))
        return await loans.disburse(w.cashier, w.coop.id, loan.id, DisburseIn(channel="wallet"))


async def _pay(w, loan_id: int, seq: int | None, day: date):
    with loans.on_day(day):
        return await loans.pay(w.member_actor, w.coop.id, loan_id, PayIn(channel="wallet", seq=seq, pin=PIN))


async def _history(w):
    p = await product(w, admin_fee_bps=100, late_charge_bps=100)
    a = await _loan(w, p.id, 1_200_000, 4, date(2026, 1, 15))
    await _pay(w, a.id, 1, date(2026, 2, 15))
    c = await _loan(w, p.id, 1_000_000, 3, date(2026, 3, 5))
    b = await _loan(w, p.id, 3_000_000, 3, date(2026, 3, 10))
    settled = await _pay(w, c.id, None, date(2026, 3, 20))
    assert (settled.principal, settled.jasa) == (1_000_000, 7_258)
    await _pay(w, b.id, 1, date(2026, 4, 10))
    await _pay(w, b.id, 2, date(2026, 5, 10))
    late = await _pay(w, a.id, 2, date(2026, 7, 1))
    assert late.late_charge == 12_720
    return a, b, c


def _bands(r) -> dict[str, tuple[int, int]]:
    return {x.band: (x.loans, x.outstanding) for x in r.by_band}


def _flows(r) -> tuple:
    return (r.disbursed_loans, r.disbursed, r.admin_fees, r.repayments, r.repaid_principal, r.repaid_jasa,
            r.late_charges)  # fmt: skip


async def test_every_figure_of_the_monthly_report_is_the_hand_computed_total(db):
    w = await world()
    a, b, c = await _history(w)
    report = lambda month: loans.monthly_report(w.manager, w.coop.id, month)  # noqa: E731

    jan = await report("2026-01")
    assert (jan.date_from, jan.date_to) == (date(2026, 1, 1), date(2026, 1, 31))
    assert (jan.outstanding, jan.loans) == (1_200_000, 1)
    assert _flows(jan) == (1, 1_200_000, 12_000, 0, 0, 0, 0)
    assert (jan.arrears_loans, jan.arrears) == (0, 0)

    feb = await report("2026-02")
    assert (feb.outstanding, _flows(feb)) == (900_000, (0, 0, 0, 1, 300_000, 18_000, 0))

    # March: B and C disbursed (admin 30,000 + 10,000), C settled; A's second instalment (15 Mar)
    # is 16 days late at the 31st — and stays late in March's report though paid on 1 Jul
    mar = await report("2026-03")
    assert _flows(mar) == (2, 4_000_000, 40_000, 1, 1_000_000, 7_258, 0)
    assert (mar.outstanding, mar.loans) == (900_000 + 3_000_000, 2)
    assert _bands(mar)["lancar"] == (2, 3_900_000)
    assert (mar.arrears_loans, mar.arrears, mar.arrears_principal) == (1, 318_000, 300_000)
    assert [(x.loan_id, x.outstanding, x.days_past_due, x.overdue) for x in mar.rows] == [
        (a.id, 900_000, 16, 318_000),
        (b.id, 3_000_000, 0, 0),
    ]

    apr = await report("2026-04")  # A: 15 Mar and 15 Apr unpaid, 46 days; B's first paid
    assert (apr.outstanding, _flows(apr)) == (2_900_000, (0, 0, 0, 1, 1_000_000, 45_000, 0))
    assert (apr.arrears_loans, apr.arrears, apr.arrears_principal) == (1, 636_000, 600_000)

    may = await report("2026-05")  # A: three instalments late (77 days), B's second paid
    assert (may.outstanding, _flows(may)) == (1_900_000, (0, 0, 0, 1, 1_000_000, 45_000, 0))
    assert (may.arrears_loans, may.arrears, may.arrears_principal) == (1, 954_000, 900_000)

    # June: A is 107 days late (kurang lancar, 50 % provision of 900,000), B's third 20 days
    jun = await report("2026-06")
    assert _bands(jun) == {
        "lancar": (1, 1_000_000),
        "kurang_lancar": (1, 900_000),
        "diragukan": (0, 0),
        "macet": (0, 0),
    }
    assert [(x.loan_id, x.days_past_due, x.band) for x in jun.rows] == [
        (a.id, 107, "kurang_lancar"),
        (b.id, 20, "lancar"),
    ]
    assert (jun.arrears_loans, jun.arrears, jun.arrears_principal) == (2, 954_000 + 1_045_000, 1_900_000)
    assert (jun.provision_required, _flows(jun)) == (450_000, (0, 0, 0, 0, 0, 0, 0))

    jul = await report("2026-07")  # A's second paid late on 1 Jul, with its charge
    assert _flows(jul) == (0, 0, 0, 1, 300_000, 18_000, 12_720)
    assert (jul.outstanding, _bands(jul)["kurang_lancar"]) == (1_600_000, (1, 600_000))

    with pytest.raises(InvalidLoan):
        await report("2026-13")

    # the running month reads as of today: on 20 March A's second instalment is 5 days late
    with loans.on_day(date(2026, 3, 20)):
        running = await report("2026-03")
        assert (running.as_of, running.date_to) == (date(2026, 3, 20), date(2026, 3, 31))
        assert [(x.loan_id, x.days_past_due) for x in running.rows] == [(a.id, 5), (b.id, 0)]
        with pytest.raises(InvalidLoan):  # a month not begun
            await report("2026-04")


async def test_the_report_api_answers_json_csv_and_pdf_and_refuses_others(client):
    w = await world()
    await _history(w)
    manager = await make_user("manager", coop_id=w.coop.id)
    other = await make_user("manager", coop_id=(await make_coop()).id)
    url = f"/api/v1/cooperatives/{w.coop.id}/loans/report"
    headers = await token_for(manager)
    got = await client.get(url, params={"month": "2026-03"}, headers=headers)
    assert got.status_code == 200
    body = got.json()
    assert (body["disbursed"], body["repaid_jasa"], body["outstanding"]) == (4_000_000, 7_258, 3_900_000)
    csv = await client.get(url, params={"month": "2026-03", "format": "csv"}, headers=headers)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "Laporan Pinjaman Bulanan 2026-03" in csv.text and "Jasa pinjaman,,7258" in csv.text
    assert "Jumlah sisa pokok,2,3900000" in csv.text
    pdf = await client.get(url, params={"month": "2026-03", "format": "pdf"}, headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "laporan-pinjaman" in pdf.headers["content-disposition"]
    assert (await client.get(url, params={"month": "2026-3"}, headers=headers)).status_code == 422
    assert (await client.get(url, params={"month": "2026-03"}, headers=await token_for(other))).status_code == 404
    page = await client.get(f"/koperasi/{w.coop.id}/pinjaman/laporan", params={"bulan": "2026-03"}, headers=headers)
    assert page.status_code == 200 and 'id="loan-report"' in page.text and "Rp 3.900.000" in page.text
    bad = await client.get(f"/koperasi/{w.coop.id}/pinjaman/laporan", params={"bulan": "2026-13"}, headers=headers)
    assert bad.status_code == 422 and "error-summary" in bad.text
