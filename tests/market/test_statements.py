"""The cooperative's statements over two years booked by hand (tests/market/coop_year.py): every
figure equals the one worked out there; the neraca balances, the PHU's SHU is the change in SHU
tahun berjalan, the cash flow ends at kas + bank, the comparative column is last year's; the API
answers JSON, CSV and a signable PDF to the cooperative's readers and to nobody else."""

from __future__ import annotations

import re
import zlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

from market.models import Role
from market.service import statements
from tests.builders import make_coop, make_user, token_for
from tests.market.coop_year import CURRENT, PRIOR, build_year

YEAR = (date(CURRENT, 1, 1), date(CURRENT, 12, 31))


def _lines(groups) -> dict[str, int]:
    return {x.code: x.amount for g in groups for x in g.lines}


async def test_the_trial_balance_adds_up_and_groups_members_under_their_line(db):
    year = await build_year()
    tb = await statements.trial_balance(year.coop_id, *YEAR)
    rows = {r.code: r for r in tb.rows}
    assert tb.total_debit == tb.total_credit
    assert tb.closing_debit == tb.closing_credit
    kas = rows["kas"]
    assert (kas.opening, kas.debit, kas.credit, kas.closing) == (360_000, 250_000, 35_000, 575_000)
    # Two members' simpanan wajib accounts are one line: 40,000 at the opening, A's 20,000 this year.
    wajib = rows["simpanan_wajib"]
    assert (wajib.number, wajib.opening, wajib.credit, wajib.closing) == ("3102", -40_000, 20_000, -60_000)
    assert [r.number for r in tb.rows] == sorted(r.number for r in tb.rows)


async def test_a_years_trial_balance_opens_its_income_and_expenses_at_zero(db):
    # the prior year's result (SHU 50,000) opens on SHU tahun lalu belum dibagi, not on its
    # income and expense lines: a new fiscal year starts with no result
    year = await build_year()
    tb = await statements.trial_balance(year.coop_id, *YEAR)
    rows = {r.code: r for r in tb.rows}
    results = [r for r in tb.rows if r.type in ("income", "expense")]
    assert results and all(r.opening == 0 for r in results)
    assert rows["shu_belum_dibagi"].opening == -50_000
    assert sum(r.opening for r in tb.rows) == 0  # the opening balances still balance
    # a period inside the year: its lines open with this year's result so far, the prior year
    # still on 3106, and the whole year's closing is the same either way
    mid = await statements.trial_balance(year.coop_id, date(CURRENT, 7, 1), date(CURRENT, 12, 31))
    assert {r.code: r.opening for r in mid.rows}["shu_belum_dibagi"] == -50_000
    assert {r.code: r.closing for r in mid.rows} == {r.code: r.closing for r in tb.rows}


async def test_the_balance_sheet_balances_and_shows_both_years_results(db):
    year = await build_year()
    bs = await statements.balance_sheet(year.coop_id, YEAR[1])
    assert (bs.total_assets, bs.total_liabilities, bs.total_equity) == (1_388_000, 34_000, 1_354_000)
    assert bs.total_assets == bs.total_liabilities + bs.total_equity
    assert [g.total for g in bs.assets] == [938_000, 450_000]
    assert _lines(bs.assets)["akumulasi_penyusutan"] == -50_000
    equity = _lines([bs.equity])
    assert equity == {
        "simpanan_pokok": 200_000,
        "simpanan_wajib": 60_000,
        "hibah": 1_000_000,
        "shu_belum_dibagi": 50_000,
        "shu_tahun_berjalan": 44_000,
    }
    # At the end of the prior year its own result is still SHU tahun berjalan.
    before = await statements.balance_sheet(year.coop_id, date(PRIOR, 12, 31))
    assert (before.shu_current_year, before.shu_prior_years) == (50_000, 0)
    assert before.total_assets == before.total_liabilities + before.total_equity == 1_290_000


async def test_the_phu_follows_the_member_and_non_member_layout_beside_last_year(db):
    year = await build_year()
    phu = await statements.income_statement(year.coop_id, *YEAR)
    assert (phu.partisipasi_neto, phu.laba_kotor_non_anggota) == (100_000, 30_000)
    assert (phu.shu_before_tax, phu.tax, phu.shu_after_tax) == (48_000, 4_000, 44_000)
    totals = {g.key: (g.total, g.comparative_total) for g in phu.groups}
    assert totals["pendapatan_anggota"] == (260_000, 150_000)
    assert totals["beban_usaha"] == (75_000, 30_000)
    assert totals["beban_perkoperasian"] == (10_000, 0)
    assert (phu.comparative_from, phu.comparative_to) == (date(PRIOR, 1, 1), date(PRIOR, 12, 31))
    assert (phu.comparative_shu_before_tax, phu.comparative_shu_after_tax) == (50_000, 50_000)
    gaji = next(x for g in phu.groups for x in g.lines if x.code == "beban_gaji")
    assert (gaji.amount, gaji.comparative) == (0, 30_000)


async def test_the_phu_shu_of_a_period_is_the_change_in_shu_tahun_berjalan(db):
    year = await build_year()
    start, end = date(CURRENT, 2, 1), date(CURRENT, 6, 30)
    phu = await statements.income_statement(year.coop_id, start, end)
    before = await statements.balance_sheet(year.coop_id, date(CURRENT, 1, 31))
    after = await statements.balance_sheet(year.coop_id, end)
    # Feb–Jun: sale 80,000 + non-member 30,000 − sewa 25,000 − RAT 10,000 + 5,000 − 2,000 − susut 50,000.
    assert phu.shu_after_tax == 28_000
    assert after.shu_current_year - before.shu_current_year == phu.shu_after_tax


async def test_the_equity_statement_moves_last_years_shu_and_adds_this_years(db):
    year = await build_year()
    eq = await statements.equity_statement(year.coop_id, *YEAR)
    rows = {r.code: (r.opening, r.increase, r.decrease, r.closing) for r in eq.rows}
    assert rows["simpanan_wajib"] == (40_000, 20_000, 0, 60_000)
    assert rows["shu_belum_dibagi"] == (0, 50_000, 0, 50_000)
    assert rows["shu_tahun_berjalan"] == (50_000, 44_000, 50_000, 44_000)
    assert eq.shu_period == 44_000
    assert (eq.total_opening, eq.total_closing) == (1_290_000, 1_354_000)


async def test_the_cash_flow_ends_at_kas_and_bank(db):
    year = await build_year()
    cf = await statements.cash_flow(year.coop_id, *YEAR)
    totals = {s.key: s.total for s in cf.sections}
    assert totals == {"operasi": 268_000, "investasi": -500_000, "pendanaan": 50_000}
    assert (cf.cash_opening, cf.net_change, cf.cash_closing) == (840_000, -182_000, 658_000)
    bs = await statements.balance_sheet(year.coop_id, YEAR[1])
    cash = _lines(bs.assets)
    assert cf.cash_closing == cash["kas"] + cash["bank"] == cf.cash_opening + cf.net_change


async def test_the_general_ledger_runs_the_balance_for_all_members_or_one(db):
    year = await build_year()
    kas = await statements.general_ledger(year.coop_id, "1101", *YEAR)
    assert kas.opening == 360_000
    assert [r.balance for r in kas.rows] == [560_000, 535_000, 525_000, 545_000, 575_000]
    assert kas.closing == 575_000 and (kas.total_debit, kas.total_credit) == (250_000, 35_000)
    both = await statements.general_ledger(year.coop_id, "3102", date(PRIOR, 1, 1), YEAR[1])
    assert [r.balance for r in both.rows] == [20_000, 40_000, 60_000]
    mine = await statements.general_ledger(year.coop_id, "3102", date(PRIOR, 1, 1), YEAR[1], member_id=year.member_b)
    assert [r.balance for r in mine.rows] == [20_000] and mine.closing == 20_000


async def test_the_default_period_is_this_fiscal_year_to_date(db):
    coop = await make_coop(timezone="Asia/Jayapura")
    tb = await statements.trial_balance(coop.id)
    now = datetime.now(ZoneInfo("Asia/Jayapura")).date()
    assert (tb.heading.date_from, tb.heading.date_to) == (date(now.year, 1, 1), now)
    assert tb.rows == [] and tb.total_debit == 0


def _pdf_text(body: bytes) -> str:
    """The text of the page streams (fpdf2 compresses them)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    return "".join(out)


async def test_the_api_answers_json_csv_and_pdf_to_the_cooperatives_readers(db, client):
    year = await build_year()
    base = f"/api/v1/cooperatives/{year.coop_id}/reports"
    member = await make_user(Role.MEMBER, member_id=year.member_a)
    headers = await token_for(member)
    period = {"from": YEAR[0].isoformat(), "to": YEAR[1].isoformat()}
    r = await client.get(f"{base}/trial-balance", params=period, headers=headers)
    assert r.status_code == 200 and r.json()["total_debit"] == r.json()["total_credit"] > 0
    r = await client.get(f"{base}/balance-sheet", params={"at": YEAR[1].isoformat()}, headers=headers)
    assert (r.json()["total_assets"], r.json()["total_liabilities"], r.json()["total_equity"]) == (
        1_388_000,
        34_000,
        1_354_000,
    )
    r = await client.get(f"{base}/income-statement", params=period, headers=headers)
    assert (r.json()["shu_before_tax"], r.json()["shu_after_tax"]) == (48_000, 44_000)
    r = await client.get(f"{base}/cash-flow", params={**period, "format": "csv"}, headers=headers)
    assert r.headers["content-type"].startswith("text/csv")
    assert "Kas dan bank akhir periode,658000" in r.text and r.text.startswith("Laporan Arus Kas")
    r = await client.get(f"{base}/income-statement", params={**period, "format": "pdf"}, headers=headers)
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = _pdf_text(r.content)
    assert "Laporan Perhitungan Hasil Usaha" in text and "Bendahara" in text and "44.000" in text
    r = await client.get(f"{base}/equity", params=period, headers=headers)
    assert r.json()["shu_period"] == 44_000


async def test_a_member_reads_only_their_own_savings_ledger(db, client):
    year = await build_year()
    member = await make_user(Role.MEMBER, member_id=year.member_b)
    r = await client.get(
        f"/api/v1/cooperatives/{year.coop_id}/reports/ledger",
        params={"account": "3102", "from": date(PRIOR, 1, 1).isoformat(), "to": YEAR[1].isoformat()},
        headers=await token_for(member),
    )
    assert r.status_code == 200
    assert [row["balance"] for row in r.json()["rows"]] == [20_000]


async def test_another_cooperatives_staff_and_buyers_may_not_read(db, client):
    year = await build_year()
    other = await make_coop()
    url = f"/api/v1/cooperatives/{year.coop_id}/reports/balance-sheet"
    manager = await make_user(Role.MANAGER, coop_id=other.id)
    assert (await client.get(url, headers=await token_for(manager))).status_code == 404
    buyer = await make_user(Role.BUYER)
    assert (await client.get(url, headers=await token_for(buyer))).status_code == 404
    own = await make_user(Role.CASHIER, coop_id=year.coop_id)
    assert (await client.get(url, headers=await token_for(own))).status_code == 200
    assert (await client.get(url)).status_code == 401


async def test_a_period_that_ends_before_it_starts_is_refused(db, client):
    year = await build_year()
    operator = await make_user(Role.OPERATOR)
    r = await client.get(
        f"/api/v1/cooperatives/{year.coop_id}/reports/income-statement",
        params={"from": "2024-05-01", "to": "2024-04-01"},
        headers=await token_for(operator),
    )
    assert r.status_code == 422 and r.json()["code"] == "market.invalid_input"
