"""The chart of accounts every cooperative gets (koperasi.md §8), and where each line goes on the
statements.

An account number's digits say where it belongs, so an account a cooperative adds itself lands
in the right place without more configuration:

    1 aset          11 aset lancar, 12 aset tetap
    2 kewajiban     21 jangka pendek, 22 jangka panjang
    3 ekuitas
    4 pendapatan    41 dari anggota (partisipasi bruto), 42 dari non-anggota
    5 beban pokok   51 HPP anggota, 52 HPP non-anggota
    6 beban         61 beban usaha, 62 beban perkoperasian
    7 lain-lain     71 pendapatan lain, 72 beban lain
    8 pajak         81 pajak penghasilan

``code`` is the account's key in code and in the database (stable); ``number`` is what people
read. Accounts marked ``per_member`` exist once per member (their savings, their wallet): the
statements add them up under the one line.

The platform keeps its own book (kas at Xendit, the money it holds for orders, its fee income,
and the wallets of buyers who are nobody's members). A member's accounts live in their
cooperative's book: simpanan and saldo dompet are what the cooperative owes its own members, as
its neraca must show. Money crossing between the platform and a cooperative goes through one
pair of inter-book accounts: ``piutang_platform`` at the cooperative and ``saldo_koperasi:<id>``
at the platform, always equal and opposite (see ``market.service.ledger.bridge``).
"""

from __future__ import annotations

from dataclasses import dataclass

from market.models import AccountType

A, L, E, IN, X = AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY, AccountType.INCOME, AccountType.EXPENSE


@dataclass(frozen=True)
class AccountDef:
    code: str
    number: str
    name: str
    type: AccountType
    allow_negative: bool = True
    per_member: bool = False


COOP_CHART: tuple[AccountDef, ...] = (
    AccountDef("kas", "1101", "Kas", A, allow_negative=False),
    AccountDef("bank", "1102", "Bank", A),
    AccountDef("piutang_platform", "1103", "Piutang pada platform Pasar Koperasi", A),
    AccountDef("dana_pencairan", "1104", "Dana dalam pencairan ke bank", A, allow_negative=False),
    AccountDef("piutang_usaha_anggota", "1105", "Piutang usaha anggota", A),
    AccountDef("piutang_usaha_non_anggota", "1106", "Piutang usaha non-anggota", A),
    AccountDef("uang_muka_pembelian", "1107", "Uang muka pembelian", A),
    AccountDef("persediaan", "1108", "Persediaan barang dagangan", A),
    AccountDef("deposit_ppob", "1109", "Deposit PPOB", A),
    # Loans to members (issue 19): what members owe, less the provision for the risk (a credit balance).
    AccountDef("piutang_pinjaman_anggota", "1110", "Piutang pinjaman anggota", A),
    AccountDef("cadangan_risiko_pinjaman", "1111", "Cadangan risiko pinjaman (pengurang piutang)", A),
    AccountDef("aset_tetap", "1201", "Aset tetap", A),
    AccountDef("akumulasi_penyusutan", "1202", "Akumulasi penyusutan", A),
    AccountDef("utang_usaha", "2101", "Utang usaha", L),
    AccountDef("utang_pemasok_anggota", "2102", "Utang kepada anggota pemasok", L),
    AccountDef("utang_ppob", "2103", "Utang PPOB kepada platform", L),
    AccountDef("ppob_titipan", "2104", "Dana PPOB dalam proses", L, allow_negative=False),
    AccountDef("simpanan_sukarela", "2105", "Simpanan sukarela", L, allow_negative=False, per_member=True),
    AccountDef("wallet", "2106", "Saldo dompet anggota", L, allow_negative=False, per_member=True),
    AccountDef("dana_shu", "2107", "Dana-dana SHU", L),
    AccountDef("shu_anggota_belum_dibayar", "2108", "SHU bagian anggota belum dibayar", L, per_member=True),
    AccountDef("utang_pajak", "2109", "Utang pajak", L),
    AccountDef("pendapatan_diterima_di_muka", "2110", "Pendapatan diterima di muka", L),
    # The funds of the SHU once the RAT approves it (koperasi.md §2.8), until they are spent.
    AccountDef("dana_pengurus", "2111", "Dana pengurus dan pengawas", L),
    AccountDef("dana_karyawan", "2112", "Dana kesejahteraan karyawan", L),
    AccountDef("dana_pendidikan", "2113", "Dana pendidikan", L),
    AccountDef("dana_sosial", "2114", "Dana sosial", L),
    AccountDef("dana_pdk", "2115", "Dana pembangunan daerah kerja", L),
    AccountDef("dana_zakat", "2116", "Dana zakat", L),
    AccountDef("utang_bank", "2201", "Utang bank jangka panjang", L),
    AccountDef("simpanan_pokok", "3101", "Simpanan pokok", E, allow_negative=False, per_member=True),
    AccountDef("simpanan_wajib", "3102", "Simpanan wajib", E, allow_negative=False, per_member=True),
    AccountDef("cadangan", "3103", "Cadangan", E),
    AccountDef("hibah", "3104", "Hibah dan donasi", E),
    AccountDef("modal_penyertaan", "3105", "Modal penyertaan", E),
    AccountDef("shu_belum_dibagi", "3106", "SHU tahun lalu belum dibagi", E),
    AccountDef("shu_tahun_berjalan", "3107", "SHU tahun berjalan", E),
    AccountDef("penjualan_anggota", "4101", "Penjualan kepada anggota (partisipasi bruto)", IN),
    AccountDef("ongkir_anggota", "4102", "Pendapatan ongkos kirim dari anggota", IN),
    AccountDef("ppob_anggota", "4103", "Pendapatan jasa PPOB dari anggota", IN),
    AccountDef("jasa_pinjaman_anggota", "4104", "Pendapatan jasa pinjaman anggota", IN),
    AccountDef("admin_pinjaman_anggota", "4105", "Pendapatan administrasi pinjaman anggota", IN),
    AccountDef("denda_pinjaman_anggota", "4106", "Pendapatan denda keterlambatan pinjaman", IN),
    AccountDef("penjualan_non_anggota", "4201", "Penjualan kepada non-anggota", IN),
    AccountDef("ongkir_non_anggota", "4202", "Pendapatan ongkos kirim dari non-anggota", IN),
    AccountDef("ppob_non_anggota", "4203", "Pendapatan jasa PPOB dari non-anggota", IN),
    AccountDef("hpp_anggota", "5101", "Harga pokok penjualan anggota", X),
    AccountDef("hpp_non_anggota", "5201", "Harga pokok penjualan non-anggota", X),
    AccountDef("beban_gaji", "6101", "Beban gaji dan honor", X),
    AccountDef("beban_sewa", "6102", "Beban sewa", X),
    AccountDef("beban_listrik", "6103", "Beban listrik, air dan telepon", X),
    AccountDef("beban_transport", "6104", "Beban transport", X),
    AccountDef("beban_penyusutan", "6105", "Beban penyusutan", X),
    AccountDef("beban_fee_platform", "6106", "Beban fee platform dan payment gateway", X),
    AccountDef("beban_cadangan_risiko", "6107", "Beban penyisihan risiko pinjaman", X),
    AccountDef("beban_bunga_bank", "6108", "Beban bunga pinjaman bank", X),
    AccountDef("beban_usaha_lain", "6199", "Beban usaha lain-lain", X),
    AccountDef("beban_rat", "6201", "Beban rapat anggota (RAT)", X),
    AccountDef("beban_pendidikan", "6202", "Beban pendidikan anggota", X),
    AccountDef("pendapatan_lain", "7101", "Pendapatan lain-lain", IN),
    AccountDef("selisih_lebih_persediaan", "7102", "Selisih lebih persediaan", IN),
    AccountDef("beban_lain", "7201", "Beban lain-lain", X),
    AccountDef("selisih_kurang_persediaan", "7202", "Selisih kurang persediaan", X),
    AccountDef("pajak_penghasilan", "8101", "Beban pajak penghasilan", X),
)
# A syariah cooperative's own lines (koperasi.md §5), opened on first use: mudharabah savings (one
# account per member and product, ``tabungan_mudharabah:<product id>``, all on line 2117), what
# it shares of its income with those savers, the discretionary wadiah bonus, and the social fund a
# late charge (ta'widh) goes to instead of income.
SYARIAH_CHART: tuple[AccountDef, ...] = (
    AccountDef("tabungan_mudharabah", "2117", "Tabungan mudharabah", L, allow_negative=False, per_member=True),
    AccountDef("dana_kebajikan", "2118", "Dana kebajikan (qardhul hasan)", L),
    AccountDef("beban_bagi_hasil", "6111", "Beban bagi hasil tabungan mudharabah", X),
    AccountDef("beban_bonus_wadiah", "6112", "Beban bonus tabungan wadiah", X),
)
BY_CODE = {a.code: a for a in (*COOP_CHART, *SYARIAH_CHART)}
PER_MEMBER = frozenset(a.code for a in (*COOP_CHART, *SYARIAH_CHART) if a.per_member)
PER_MEMBER_NUMBERS = frozenset(a.number for a in (*COOP_CHART, *SYARIAH_CHART) if a.per_member)

# The platform's half of the inter-book pair (a liability of the platform to the cooperative).
PLATFORM_PAIR = ("saldo_koperasi:{coop_id}", "Saldo koperasi #{coop_id} di platform")
COOP_PAIR = "piutang_platform"
# What each cooperative owes the platform for PPOB it sold (the platform's receivable, per coop).
PLATFORM_PPOB_PAIR = ("piutang_ppob:{coop_id}", "Piutang PPOB koperasi #{coop_id}")
COOP_PPOB_PAIR = "utang_ppob"

# Where a line goes: (statement, group key, group title), longest number prefix first.
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("11", "neraca", "aset_lancar", "Aset lancar"),
    ("12", "neraca", "aset_tetap", "Aset tetap"),
    ("1", "neraca", "aset_lain", "Aset lain-lain"),
    ("21", "neraca", "kewajiban_pendek", "Kewajiban jangka pendek"),
    ("22", "neraca", "kewajiban_panjang", "Kewajiban jangka panjang"),
    ("2", "neraca", "kewajiban_pendek", "Kewajiban jangka pendek"),
    ("3", "neraca", "ekuitas", "Ekuitas"),
    ("41", "phu", "pendapatan_anggota", "Partisipasi bruto anggota"),
    ("42", "phu", "pendapatan_non_anggota", "Pendapatan dari non-anggota"),
    ("4", "phu", "pendapatan_non_anggota", "Pendapatan dari non-anggota"),
    ("51", "phu", "hpp_anggota", "Beban pokok partisipasi anggota"),
    ("52", "phu", "hpp_non_anggota", "Beban pokok penjualan non-anggota"),
    ("5", "phu", "hpp_non_anggota", "Beban pokok penjualan non-anggota"),
    ("61", "phu", "beban_usaha", "Beban usaha"),
    ("62", "phu", "beban_perkoperasian", "Beban perkoperasian"),
    ("6", "phu", "beban_usaha", "Beban usaha"),
    ("71", "phu", "pendapatan_lain", "Pendapatan lain-lain"),
    ("72", "phu", "beban_lain", "Beban lain-lain"),
    ("7", "phu", "beban_lain", "Beban lain-lain"),
    ("8", "phu", "pajak", "Pajak penghasilan"),
)
GROUP_TYPES = {"1": A, "2": L, "3": E, "4": IN, "5": X, "6": X, "8": X}


def section_of(number: str) -> tuple[str, str, str]:
    """(statement, group key, group title) of an account number; unnumbered accounts go last."""
    for prefix, statement, key, title in SECTIONS:
        if number.startswith(prefix):
            return statement, key, title
    return "neraca", "lain", "Lain-lain"


def type_of_number(number: str) -> AccountType:
    """The account type a new account's number implies (71 income, 72 expense)."""
    if number.startswith("71"):
        return IN
    if number.startswith("7"):
        return X
    kind = GROUP_TYPES.get(number[:1])
    if kind is None or not number.isdigit() or len(number) != 4:
        raise ValueError("nomor akun terdiri dari 4 angka, diawali 1–8")
    return kind
