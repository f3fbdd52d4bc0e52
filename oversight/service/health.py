"""A cooperative's health from its books, its loans and its meetings (koperasi.md §6): each
indicator with its formula and inputs, a band only where the reference gives thresholds (see
bands.py: it gives none for a single ratio, so the reason is said once, in ``Health.ratio_note``).

The loan indicators (kualitas aktiva produktif) read ``loans.service.portfolio``: the running
loans as they stand on a day. It knows today's position, not a past year-end's (repaid loans
have left it, outstanding is today's), so they are computed for the running year only."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from loans import service as loans
from loans.schemas import Portfolio
from market import service as market
from market.service import statements
from market.service.users import STAFF_ROLES, Actor, require_coop
from oversight.errors import BadYear
from oversight.schemas import Health, HealthYear, Indicator, Input
from oversight.service.bands import NO_RATIO_BAND, NO_SCORE, ratio_bps
from rat.service.figures import rats_closed

LOANS_NOTE = (
    "Indikator pinjaman (kualitas aktiva produktif) dibaca dari pinjaman yang berjalan per hari ini, "
    "jadi hanya dihitung untuk tahun berjalan; rinciannya di Tunggakan & kolektibilitas pada halaman pinjaman."
)
PAST_LOANS = "Tidak dihitung untuk tahun yang sudah lewat: portofolio pinjaman hanya diketahui per hari ini"


async def health(actor: Actor, coop_id: int, year: int | None = None, *, history: int = 4) -> Health:
    """The year's indicators (default: the running year) and up to *history* earlier years."""
    require_coop(actor, coop_id, STAFF_ROLES | {market.Role.MEMBER})
    coop = await market.get_cooperative(coop_id)
    today = datetime.now(await market.zone_of(coop_id)).date()
    year = year or today.year
    first = coop.created_at.year
    if not (2000 <= year <= today.year):
        raise BadYear("Tahun tidak valid", field="year")
    held = await rats_closed(coop_id)
    years = list(range(year, min(year, max(first, year - history)) - 1, -1))
    found = [await health_year(coop, y, today, held) for y in years]
    return Health(current=found[0], history=found[1:], loans_note=LOANS_NOTE, ratio_note=NO_RATIO_BAND)


async def health_year(coop, year: int, today: date, held: dict[int, datetime]) -> HealthYear:
    end = min(date(year, 12, 31), today)
    sheet = await statements.balance_sheet(coop.id, end)
    phu = await statements.income_statement(coop.id, date(year, 1, 1), end)
    groups = {g.key: g.total for g in phu.groups}
    current = {g.key: g.total for g in sheet.assets + sheet.liabilities}
    book = await loans.portfolio(coop.id, end) if end == today else None
    indicators = [
        *_financial(sheet, phu, groups, current),
        *_loans(book),
        *(await _syariah(coop) if coop.syariah else []),
        _rat(coop, year, today, held),
        _closed(coop, year),
    ]
    met = coop.created_at.year < year or date(year, 12, 31) < today
    met = met and all(i.value_bps == 1 for i in indicators[-2:])
    return HealthYear(
        cooperative_id=coop.id,
        cooperative_name=coop.name,
        province=coop.province,
        year=year,
        period_to=end,
        indicators=indicators,
        prerequisites_met=met,
        score=None,
        band=None,
        band_note=NO_SCORE,
    )


def _ratio(key, aspect, name, formula, top: tuple[str, int], bottom: tuple[str, int]) -> Indicator:
    return Indicator(
        key=key, aspect=aspect, name=name, formula=formula,
        inputs=[Input(label=top[0], amount=top[1]), Input(label=bottom[0], amount=bottom[1])],
        value_bps=ratio_bps(top[1], bottom[1]),
    )  # fmt: skip


def _financial(sheet, phu, groups: dict[str, int], current: dict[str, int]) -> list[Indicator]:
    member, other = groups.get("pendapatan_anggota", 0), groups.get("pendapatan_non_anggota", 0)
    equity, assets = ("Modal sendiri (ekuitas)", sheet.total_equity), ("Total aset", sheet.total_assets)
    return [
        _ratio("permodalan", "Permodalan", "Modal sendiri terhadap total aset", "modal sendiri ÷ total aset",
               equity, assets),
        _ratio("likuiditas", "Likuiditas", "Aset lancar terhadap kewajiban jangka pendek",
               "aset lancar ÷ kewajiban jangka pendek", ("Aset lancar", current.get("aset_lancar", 0)),
               ("Kewajiban jangka pendek", current.get("kewajiban_pendek", 0))),
        _ratio("efisiensi", "Efisiensi", "Beban usaha terhadap partisipasi bruto",
               "beban usaha ÷ partisipasi bruto anggota", ("Beban usaha", groups.get("beban_usaha", 0)),
               ("Partisipasi bruto anggota", member)),
        _ratio("rentabilitas_aset", "Kemandirian dan pertumbuhan", "Rentabilitas aset",
               "SHU sebelum pajak ÷ total aset", ("SHU sebelum pajak", phu.shu_before_tax), assets),
        _ratio("rentabilitas_modal", "Kemandirian dan pertumbuhan", "Rentabilitas modal sendiri",
               "SHU setelah pajak ÷ modal sendiri", ("SHU setelah pajak", phu.shu_after_tax), equity),
        _ratio("jatidiri", "Jatidiri koperasi", "Bagian usaha dengan anggota",
               "partisipasi bruto anggota ÷ (partisipasi bruto anggota + pendapatan non-anggota)",
               ("Partisipasi bruto anggota", member), ("Pendapatan anggota dan non-anggota", member + other)),
    ]  # fmt: skip


def _loans(book: Portfolio | None) -> list[Indicator]:
    """Risiko pinjaman bermasalah, cadangan risiko and pinjaman berisiko (koperasi.md §6,
    kualitas aktiva produktif), from the running loans' outstanding principal."""
    aspect, lent = "Kualitas aktiva produktif", "Pinjaman yang diberikan (sisa pokok)"
    rpm_formula = "(50 % kurang lancar + 75 % diragukan + 100 % macet) ÷ pinjaman yang diberikan"
    reserve_formula = "cadangan risiko ÷ risiko pinjaman bermasalah"
    risk_formula = "pinjaman berisiko (ada angsuran lewat jatuh tempo) ÷ pinjaman yang diberikan"
    keys = (
        ("risiko_pinjaman_bermasalah", "Risiko pinjaman bermasalah", rpm_formula),
        ("cadangan_risiko", "Cadangan risiko terhadap risiko pinjaman bermasalah", reserve_formula),
        ("pinjaman_berisiko", "Pinjaman berisiko terhadap pinjaman yang diberikan", risk_formula),
    )
    if book is None:
        return [
            Indicator(key=k, aspect=aspect, name=n, formula=f, inputs=[], value_bps=None, band_note=PAST_LOANS)
            for k, n, f in keys
        ]
    band = book.by_band
    rpm = ("Risiko pinjaman bermasalah (RPM)", book.rpm)
    rpm_inputs = [
        Input(label="Pinjaman kurang lancar", amount=band.get("kurang_lancar", 0)),
        Input(label="Pinjaman diragukan", amount=band.get("diragukan", 0)),
        Input(label="Pinjaman macet", amount=band.get("macet", 0)),
        Input(label=rpm[0], amount=rpm[1]),
        Input(label=lent, amount=book.outstanding),
    ]
    return [
        Indicator(key=keys[0][0], aspect=aspect, name=keys[0][1], formula=rpm_formula, inputs=rpm_inputs,
                  value_bps=ratio_bps(book.rpm, book.outstanding)),
        _ratio(keys[1][0], aspect, keys[1][1], reserve_formula, ("Cadangan risiko dibukukan", book.provision_booked),
               rpm),
        _ratio(keys[2][0], aspect, keys[2][1], risk_formula, ("Pinjaman berisiko", book.at_risk),
               (lent, book.outstanding)),
    ]  # fmt: skip


def _yes_no(key: str, name: str, formula: str, value: bool | None, note: str, inputs: list[Input]) -> Indicator:
    return Indicator(
        key=key, aspect="Tata kelola", name=name, formula=formula, inputs=inputs, kind="yes_no",
        value_bps=None if value is None else int(value), band_note=note,
    )  # fmt: skip


async def _syariah(coop) -> list[Indicator]:
    """Kepatuhan prinsip syariah (koperasi.md §6, for KSPPS): what the books can tell — no
    interest-bearing financing product, and no late charge taken as income (ta'widh belongs to
    dana kebajikan). The DPS's own review is a questionnaire the books cannot answer."""
    aspect = "Kepatuhan prinsip syariah"
    akad = await loans.products_by_akad(coop.id)
    interest = akad.get("konvensional", 0)
    products = Indicator(
        key="tanpa_bunga", aspect=aspect, name="Pembiayaan tanpa bunga",
        formula="Semua produk pembiayaan aktif berakad murabahah atau qard",
        inputs=[Input(label=f"Produk akad {name}", amount=n) for name, n in sorted(akad.items())],
        kind="yes_no", value_bps=int(interest == 0),
        band_note="Ada produk berbunga" if interest else "Tidak ada produk berbunga",
    )  # fmt: skip
    denda = await market.balance_of((await market.coop_account(coop.id, "denda_pinjaman_anggota")).id)
    kebajikan = await market.balance_of((await market.coop_account(coop.id, "dana_kebajikan")).id)
    tawidh = Indicator(
        key="tawidh_bukan_pendapatan", aspect=aspect, name="Ta'widh bukan pendapatan",
        formula="Denda keterlambatan (4106) tidak pernah dibukukan sebagai pendapatan; ta'widh masuk dana kebajikan (2118)",
        inputs=[Input(label="Saldo 4106", amount=denda), Input(label="Saldo dana kebajikan 2118", amount=kebajikan)],
        kind="yes_no", value_bps=int(denda == 0),
        band_note="Sesuai" if denda == 0 else "Ada denda yang dibukukan sebagai pendapatan",
    )  # fmt: skip
    return [products, tawidh]


def _rat(coop, year: int, today: date, held: dict[int, datetime]) -> Indicator:
    deadline = date(year + 1, 6, 30)
    closed = held.get(year)
    on_day = closed.astimezone(ZoneInfo(coop.timezone)).date() if closed else None
    value: bool | None = on_day is not None and on_day <= deadline
    note = f"RAT tahun buku {year} ditutup {on_day:%d-%m-%Y}" if on_day else f"Belum ada RAT tahun buku {year}"
    if on_day is None and today <= deadline:
        value, note = None, f"{note}; batasnya {deadline:%d-%m-%Y}"
    formula = f"RAT tahun buku {year} ditutup paling lambat 30 Juni {year + 1}"
    return _yes_no("rat_tepat_waktu", "RAT tepat waktu", formula, value, note, [])


def _closed(coop, year: int) -> Indicator:
    through = coop.books_locked_through
    value = through is not None and through >= date(year, 12, 31)
    note = f"Buku ditutup sampai {through:%d-%m-%Y}" if through else "Belum ada bulan yang ditutup"
    return _yes_no("laporan_ditutup", "Laporan keuangan ditutup", f"Desember {year} sudah ditutup", value, note, [])
