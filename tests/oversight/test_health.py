"""The health of a hand-computed cooperative, and the score bands of koperasi.md §6 at their edges.

The cooperative (Bali, since 2024) books in 2025, all in its own book:

    hibah            kas 10.000.000       / hibah 10.000.000
    stock on credit  persediaan 2.000.000 / utang usaha 2.000.000
    fixed asset      aset tetap 4.000.000 / kas 4.000.000
    member sales     kas 3.000.000        / penjualan anggota 3.000.000; HPP anggota 1.800.000 / persediaan
    non-member sales kas 1.000.000        / penjualan non-anggota 1.000.000
    salaries         beban gaji 600.000   / kas          (beban usaha)
    RAT costs        beban RAT 100.000    / kas          (beban perkoperasian)

At 31 December 2025: kas 9.300.000 + persediaan 200.000 = aset lancar 9.500.000; total aset
13.500.000; kewajiban jangka pendek 2.000.000; SHU = 3.000.000 − 1.800.000 + 1.000.000 − 600.000 −
100.000 = 1.500.000 (no tax); modal sendiri = 10.000.000 + 1.500.000 = 11.500.000. So:

    permodalan          11.500.000 / 13.500.000 = 85,185 % → 8519 bps
    likuiditas           9.500.000 /  2.000.000 = 475 %    → 47500 bps
    efisiensi              600.000 /  3.000.000 = 20 %     → 2000 bps
    rentabilitas aset    1.500.000 / 13.500.000 = 11,11 %  → 1111 bps
    rentabilitas modal   1.500.000 / 11.500.000 = 13,04 %  → 1304 bps
    jatidiri             3.000.000 /  4.000.000 = 75 %     → 7500 bps

Its RAT for 2025 closed on 20 May 2026 (on time), December 2025 is closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from market import service as market
from market.errors import NotFound
from market.models import Cooperative
from market.service import credit, debit
from oversight import service as oversight
from rat.models import Meeting
from tests.builders import make_coop
from tests.oversight.helpers import operator

ENTRIES = (
    ("kas", "hibah", 10_000_000),
    ("persediaan", "utang_usaha", 2_000_000),
    ("aset_tetap", "kas", 4_000_000),
    ("kas", "penjualan_anggota", 3_000_000),
    ("hpp_anggota", "persediaan", 1_800_000),
    ("kas", "penjualan_non_anggota", 1_000_000),
    ("beban_gaji", "kas", 600_000),
    ("beban_rat", "kas", 100_000),
)


async def hand_made():
    coop = await make_coop(province="Bali", regency="Kabupaten Badung")
    for n, (dr, cr, amount) in enumerate(ENTRIES, start=1):
        legs = [
            debit(await market.chart_account(coop.id, dr), amount),
            credit(await market.chart_account(coop.id, cr), amount),
        ]
        await market.post_entry(f"uji-{coop.id}-{n}", legs, cooperative_id=coop.id, booked_on=date(2025, 3, n))
    await Cooperative.filter(id=coop.id).update(
        created_at=datetime(2024, 1, 5, tzinfo=UTC), books_locked_through=date(2025, 12, 31)
    )
    at = datetime(2026, 5, 20, 3, 0, tzinfo=UTC)
    await Meeting.create(
        cooperative_id=coop.id, title="RAT 2025", fiscal_year=2025, state="closed", opens_at=at, closes_at=at,
        record_date=date(2026, 5, 1), closed_at=at,
    )  # fmt: skip
    return coop


async def test_the_indicators_of_a_hand_computed_cooperative(db):
    coop = await hand_made()
    seen = await oversight.health(await operator(), coop.id, 2025)
    got = {i.key: i.value_bps for i in seen.current.indicators}
    assert got == {
        "permodalan": 8519,
        "likuiditas": 47500,
        "efisiensi": 2000,
        "rentabilitas_aset": 1111,
        "rentabilitas_modal": 1304,
        "jatidiri": 7500,
        # the loans' figures are today's position: not computed for a past year
        "risiko_pinjaman_bermasalah": None,
        "cadangan_risiko": None,
        "pinjaman_berisiko": None,
        "rat_tepat_waktu": 1,
        "laporan_ditutup": 1,
    }
    inputs = {i.key: [x.amount for x in i.inputs] for i in seen.current.indicators}
    assert inputs["permodalan"] == [11_500_000, 13_500_000] and inputs["likuiditas"] == [9_500_000, 2_000_000]
    assert inputs["efisiensi"] == [600_000, 3_000_000] and inputs["jatidiri"] == [3_000_000, 4_000_000]
    # No ratio has a band, and the reason is said once (ratio_note), not under each of them.
    assert all(i.band is None for i in seen.current.indicators)
    assert not any(i.band_note for i in seen.current.indicators if i.kind == "ratio" and i.value_bps is not None)
    assert seen.ratio_note.startswith("Tanpa predikat per rasio")
    assert seen.current.prerequisites_met and seen.current.band is None and seen.current.score is None
    assert "80" in seen.current.band_note and "manajemen" in seen.current.band_note
    assert "tahun berjalan" in seen.loans_note
    # 2024: nothing booked, no ratio can be divided; no RAT for 2024 was held by 30 June 2025.
    (y2024,) = seen.history
    assert y2024.year == 2024 and {i.key: i.value_bps for i in y2024.indicators}["permodalan"] is None
    by_key = {i.key: i for i in y2024.indicators}
    assert by_key["rat_tepat_waktu"].value_bps == 0 and by_key["laporan_ditutup"].value_bps == 1
    assert not y2024.prerequisites_met


async def test_late_rat_open_books_and_the_running_year(db):
    coop = await hand_made()
    await Meeting.filter(cooperative_id=coop.id).update(closed_at=datetime(2026, 6, 30, 17, 30, tzinfo=UTC))
    await Cooperative.filter(id=coop.id).update(books_locked_through=date(2025, 11, 30))
    seen = await oversight.health(await operator(), coop.id, 2025)
    by_key = {i.key: i for i in seen.current.indicators}
    # 30 June 17:30 UTC is 1 July 01:30 in Bali (WITA): one day late.
    assert by_key["rat_tepat_waktu"].value_bps == 0 and "01-07-2026" in by_key["rat_tepat_waktu"].band_note
    assert by_key["laporan_ditutup"].value_bps == 0 and not seen.current.prerequisites_met
    running = await oversight.health(await operator(), coop.id)
    assert running.current.year == datetime.now(UTC).year and running.history[0].year == 2025


async def test_a_provincial_operator_is_refused_another_provinces_cooperative(db):
    coop = await hand_made()
    assert (await oversight.health(await operator("Bali"), coop.id, 2025)).current.province == "Bali"
    with pytest.raises(NotFound):
        await oversight.health(await operator("Jawa Barat"), coop.id, 2025)
    rows = await oversight.health_overview(await operator("Jawa Barat"), 2025)
    assert rows == []
    (row,) = await oversight.health_overview(await operator("Bali"), 2025, sort="band")
    assert (row.cooperative_id, row.permodalan_bps, row.rat_on_time, row.statements_closed) == (
        coop.id,
        8519,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, "sehat"),
        (80, "sehat"),
        (79.99, "cukup_sehat"),
        (66, "cukup_sehat"),
        (65.99, "dalam_pengawasan"),
        (51, "dalam_pengawasan"),
        (50.99, "dalam_pengawasan_khusus"),
        (0, "dalam_pengawasan_khusus"),
    ],
)
def test_score_bands_at_their_boundaries(score, band):
    assert oversight.band_of_score(score) == band


def test_ratios_round_half_away_from_zero_and_refuse_a_zero_denominator():
    assert oversight.ratio_bps(1, 3) == 3333 and oversight.ratio_bps(2, 3) == 6667
    assert oversight.ratio_bps(1, 20_000) == 1 and oversight.ratio_bps(-1, 20_000) == -1
    assert oversight.ratio_bps(5, 0) is None
    with pytest.raises(ValueError):
        oversight.band_of_score(100.5)


async def test_the_loan_risk_indicators_of_hand_computed_loans(db):
    """Five running loans, each disbursed so many days before today (its first instalment due a
    month later), none repaid, read on the cooperative's today (the running year):

        A 1.200.000 / 4 months, 330 days ago: ~300 days past due → macet          (100 %)
        E   400.000 / 4 months, 240 days ago: ~210 days past due → diragukan      (75 %)
        B 2.000.000 / 4 months, 170 days ago: ~140 days past due → kurang lancar  (50 %)
        D   800.000 / 4 months,  50 days ago:  ~20 days past due → lancar, at risk
        C 1.000.000 / 10 months, 10 days ago: nothing due yet    → lancar

    pinjaman 5.400.000; RPM = 1.200.000 + 75 % × 400.000 + 50 % × 2.000.000 = 2.500.000 →
    2.500.000 / 5.400.000 = 46,296 % → 4630 bps. Pinjaman berisiko A + E + B + D = 4.400.000 →
    81,481 % → 8148 bps. The provision was booked 100 days ago, when A was ~200 days late
    (diragukan: 900.000), E ~110 (kurang lancar: 200.000) and B not yet late: 1.100.000 →
    1.100.000 / 2.500.000 = 44 % → 4400 bps."""
    from loans import service as loans
    from market.clock import today_in
    from tests.loans.helpers import active_loan, world

    w = await world()
    today = today_in(w.coop)
    await Cooperative.filter(id=w.coop.id).update(created_at=datetime(2025, 1, 5, tzinfo=UTC))
    for days, principal, term in ((330, 1_200_000, 4), (240, 400_000, 4), (170, 2_000_000, 4)):
        with loans.on_day(today - timedelta(days=days)):
            await active_loan(w, principal, term)
    with loans.on_day(today - timedelta(days=100)):
        assert await loans.book_provisions(w.coop.id, today - timedelta(days=100)) == 1_100_000
    for days, principal, term in ((50, 800_000, 4), (10, 1_000_000, 10)):
        with loans.on_day(today - timedelta(days=days)):
            await active_loan(w, principal, term)

    seen = await oversight.health(await operator(), w.coop.id)
    by_key = {i.key: i for i in seen.current.indicators}
    rpm, reserve, risky = (by_key[k] for k in ("risiko_pinjaman_bermasalah", "cadangan_risiko", "pinjaman_berisiko"))
    assert (rpm.value_bps, reserve.value_bps, risky.value_bps) == (4630, 4400, 8148)
    assert [x.amount for x in rpm.inputs] == [2_000_000, 400_000, 1_200_000, 2_500_000, 5_400_000]
    assert [x.amount for x in reserve.inputs] == [1_100_000, 2_500_000]
    assert [x.amount for x in risky.inputs] == [4_400_000, 5_400_000]
    assert "50 % kurang lancar + 75 % diragukan + 100 % macet" in rpm.formula
    assert all(
        i.aspect == "Kualitas aktiva produktif" and i.band is None and not i.band_note for i in (rpm, reserve, risky)
    )
    # Last year is not recomputed from today's loans.
    last = {i.key: i for i in seen.history[0].indicators}["risiko_pinjaman_bermasalah"]
    assert last.value_bps is None and "per hari ini" in last.band_note
