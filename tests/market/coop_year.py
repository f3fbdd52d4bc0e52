"""Two years of a small trading cooperative booked as balanced entries on its chart, with every
figure the statements must show worked out by hand (see the comments).

Years: PRIOR (two years ago) and CURRENT (last year), both complete, so the tests pass any day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from market import service
from tests.builders import make_coop, make_member

TODAY = date.today()
PRIOR, CURRENT = TODAY.year - 2, TODAY.year - 1


@dataclass
class Year:
    coop_id: int
    member_a: int
    member_b: int


async def _post(coop_id: int, ref: str, day: date, *legs: tuple[str, int, int | None]) -> None:
    """Legs as (code, debit-positive amount, member of a per-member line)."""
    built = []
    for code, amount, member in legs:
        account = await service.chart_account(coop_id, code, member_id=member)
        built.append(service.debit(account, amount) if amount > 0 else service.credit(account, -amount))
    await service.post_entry(f"{coop_id}:{ref}", built, cooperative_id=coop_id, booked_on=day, source="manual")


async def _prior_year(coop: int, a: int, b: int) -> None:
    # Savings: kas 240,000; pokok 2 × 100,000, wajib 2 × 20,000. Hibah 1,000,000 to the bank.
    d = date(PRIOR, 3, 1)
    await _post(
        coop,
        "p-savings",
        d,
        ("kas", 240_000, None),
        ("simpanan_pokok", -100_000, a),
        ("simpanan_pokok", -100_000, b),
        ("simpanan_wajib", -20_000, a),
        ("simpanan_wajib", -20_000, b),
    )
    await _post(coop, "p-hibah", d, ("bank", 1_000_000, None), ("hibah", -1_000_000, None))
    await _post(coop, "p-stock", date(PRIOR, 3, 5), ("persediaan", 600_000, None), ("bank", -600_000, None))
    # Sales: member 150,000 (HPP 100,000) in kas, non-member 80,000 (HPP 50,000) to the bank; gaji 30,000.
    await _post(
        coop,
        "p-sale-a",
        date(PRIOR, 4, 10),
        ("kas", 150_000, None),
        ("penjualan_anggota", -150_000, None),
        ("hpp_anggota", 100_000, None),
        ("persediaan", -100_000, None),
    )
    await _post(
        coop,
        "p-sale-x",
        date(PRIOR, 4, 11),
        ("bank", 80_000, None),
        ("penjualan_non_anggota", -80_000, None),
        ("hpp_non_anggota", 50_000, None),
        ("persediaan", -50_000, None),
    )
    await _post(coop, "p-gaji", date(PRIOR, 5, 1), ("beban_gaji", 30_000, None), ("kas", -30_000, None))


async def _current_year(coop: int, a: int, b: int) -> None:
    await _post(coop, "c-asset", date(CURRENT, 1, 15), ("aset_tetap", 500_000, None), ("bank", -500_000, None))
    await _post(
        coop,
        "c-sale-b",
        date(CURRENT, 2, 10),
        ("kas", 200_000, None),
        ("penjualan_anggota", -200_000, None),
        ("hpp_anggota", 120_000, None),
        ("persediaan", -120_000, None),
    )
    await _post(
        coop,
        "c-sale-x",
        date(CURRENT, 3, 10),
        ("bank", 100_000, None),
        ("penjualan_non_anggota", -100_000, None),
        ("hpp_non_anggota", 70_000, None),
        ("persediaan", -70_000, None),
    )
    d = date(CURRENT, 4, 1)
    await _post(coop, "c-sewa", d, ("beban_sewa", 25_000, None), ("kas", -25_000, None))
    await _post(coop, "c-rat", d, ("beban_rat", 10_000, None), ("kas", -10_000, None))
    await _post(coop, "c-bunga", d, ("bank", 5_000, None), ("pendapatan_lain", -5_000, None))
    await _post(coop, "c-lain", d, ("beban_lain", 2_000, None), ("bank", -2_000, None))
    d = date(CURRENT, 6, 30)
    await _post(coop, "c-susut", d, ("beban_penyusutan", 50_000, None), ("akumulasi_penyusutan", -50_000, None))
    await _post(coop, "c-pajak", date(CURRENT, 7, 1), ("pajak_penghasilan", 4_000, None), ("utang_pajak", -4_000, None))
    d = date(CURRENT, 8, 1)
    await _post(coop, "c-wajib", d, ("kas", 20_000, None), ("simpanan_wajib", -20_000, a))
    await _post(coop, "c-sukarela", d, ("kas", 30_000, None), ("simpanan_sukarela", -30_000, b))
    await _post(
        coop,
        "c-credit-a",
        date(CURRENT, 9, 1),
        ("piutang_usaha_anggota", 60_000, None),
        ("penjualan_anggota", -60_000, None),
        ("hpp_anggota", 40_000, None),
        ("persediaan", -40_000, None),
    )


async def build_year() -> Year:
    """PRIOR: SHU 50,000. CURRENT: SHU before tax 48,000, tax 4,000, after tax 44,000.

    At 31 December CURRENT: kas 575,000, bank 83,000, piutang 60,000, persediaan 220,000 (aset
    lancar 938,000); aset tetap 500,000 − 50,000 (450,000): assets 1,388,000. Utang pajak 4,000 +
    sukarela 30,000 = 34,000. Pokok 200,000, wajib 60,000, hibah 1,000,000, SHU tahun lalu
    50,000, SHU tahun berjalan 44,000: equity 1,354,000.
    """
    coop = await make_coop()
    a, b = (await make_member(coop.id)).id, (await make_member(coop.id)).id
    await _prior_year(coop.id, a, b)
    await _current_year(coop.id, a, b)
    return Year(coop.id, a, b)
