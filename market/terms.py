"""A syariah cooperative's own words (koperasi.md §5's map), for every page, receipt, statement and
API label of that cooperative; a conventional cooperative keeps the standard words.

Two maps: the chart lines whose names change (by account code), and the words people read on
pages (by the standard phrase). "SHU" stays "SHU"; "bunga" is never shown to a syariah
cooperative's people — its bank financing is shared by bagi hasil, its own financing earns a margin
(murabahah) or an ujrah (fee), and its voluntary savings are tabungan wadiah.
"""

from __future__ import annotations

# Account code -> the line's name in a syariah cooperative's book.
SYARIAH_ACCOUNT_NAMES: dict[str, str] = {
    "simpanan_sukarela": "Tabungan wadiah",
    "piutang_pinjaman_anggota": "Piutang pembiayaan anggota",
    "cadangan_risiko_pinjaman": "Penyisihan penghapusan pembiayaan (pengurang piutang)",
    "jasa_pinjaman_anggota": "Pendapatan margin dan ujrah pembiayaan anggota",
    "admin_pinjaman_anggota": "Pendapatan ujrah administrasi pembiayaan anggota",
    "denda_pinjaman_anggota": "Denda keterlambatan (ta'widh, disalurkan ke dana kebajikan)",
    "beban_cadangan_risiko": "Beban penyisihan penghapusan pembiayaan",
    "beban_bunga_bank": "Beban bagi hasil pembiayaan bank",
    "utang_bank": "Pembiayaan bank jangka panjang",
}

# A standard phrase on a page -> a syariah cooperative's phrase (both are message ids: the page
# translates the one it shows).
SYARIAH_WORDS: dict[str, str] = {
    "Simpanan sukarela": "Tabungan wadiah",
    "Simpanan sukarela dihitung sebagai modal": "Tabungan wadiah dihitung sebagai modal",
    "simpanan sukarela": "tabungan wadiah",
    "Pinjaman": "Pembiayaan",
    "pinjaman": "pembiayaan",
    "Jasa pinjaman": "Margin/ujrah",
    "jasa pinjaman": "margin/ujrah",
    "Bunga": "Bagi hasil",
    "bunga": "bagi hasil",
    "Biaya layanan": "Ujrah",
    "Pinjaman anggota": "Pembiayaan anggota",
    "Pinjaman saya": "Pembiayaan saya",
    "Pinjaman #%(id)s": "Pembiayaan #%(id)s",
    "Semua pinjaman": "Semua pembiayaan",
    "Ajukan pinjaman": "Ajukan pembiayaan",
    "Pinjaman berjalan": "Pembiayaan berjalan",
    "Produk pinjaman": "Produk pembiayaan",
    "Jumlah pinjaman (Rp)": "Harga pokok barang atau jumlah qard (Rp)",
    "jasa %(rate)s per bulan": "margin %(rate)s per bulan, tetap sejak akad",
    "Jasa per bulan (%)": "Margin per bulan (%)",
    "Jasa": "Margin",
    "Angsuran ke-%(seq)s, jatuh tempo %(day)s: %(amount)s (pokok %(p)s + jasa %(j)s)": "Angsuran ke-%(seq)s, jatuh tempo %(day)s: %(amount)s (pokok %(p)s + margin %(j)s)",
    "pokok %(p)s, jasa %(j)s": "pokok %(p)s, margin %(j)s",
    "denda %(d)s": "ta'widh %(d)s (dana kebajikan)",
    "ditambah denda bila terlambat": "ditambah ta'widh untuk dana kebajikan bila terlambat",
    "Jasa pinjaman dibayar": "Margin dibayar",
    "Pinjaman berisiko (ada tunggakan)": "Pembiayaan berisiko (ada tunggakan)",
    "Pinjaman bermasalah (kurang lancar, diragukan, macet)": "Pembiayaan bermasalah (kurang lancar, diragukan, macet)",
    "Jasa dari anggota − bunga ke bank": "Margin dari anggota − bagi hasil ke bank",
    "denda %(rate)s per bulan terlambat": "ta'widh %(rate)s per bulan terlambat (dana kebajikan)",
    "Denda keterlambatan (% angsuran per bulan)": "Ta'widh keterlambatan (% angsuran per bulan, untuk dana kebajikan)",
    "Cara hitung jasa": "Cara hitung margin",
    "Pelunasan dipercepat hari ini: %(amount)s — sisa pokok, jasa bulan berjalan sampai hari ini (prorata hari), tanpa jasa bulan berikutnya.": "Pelunasan dipercepat hari ini: %(amount)s — sisa pokok, margin bulan berjalan sampai hari ini (prorata hari), tanpa margin bulan berikutnya (potongan atas kebijakan koperasi).",
    "Dihitung dalam rupiah bulat: pokok dibagi rata dan dibulatkan ke bawah; sisa pembulatan (pokok, dan jasa flat) masuk angsuran terakhir, sehingga jumlahnya tepat sama dengan pokok pinjaman.": "Dihitung dalam rupiah bulat: pokok dibagi rata dan dibulatkan ke bawah; sisa pembulatan (pokok dan margin) masuk angsuran terakhir, sehingga jumlah pokoknya tepat sama dengan harga pokok dalam akad.",
    "Biaya administrasi": "Ujrah administrasi",
    "Dicairkan %(net)s (pokok %(p)s dikurangi biaya administrasi %(fee)s).": "Dicairkan %(net)s (pokok %(p)s dikurangi ujrah administrasi %(fee)s).",
    "administrasi %(fee)s": "ujrah administrasi %(fee)s",
    "Biaya administrasi (% dari pokok)": "Ujrah administrasi (% dari pokok)",
    "Harga jual = harga dasar biller + markup koperasi (rupiah tetap + persen). Aturan merek mengalahkan kategori, kategori mengalahkan aturan umum. Markup paling sedikit sebesar fee platform.": "Harga jual = harga dasar biller + ujrah koperasi (rupiah tetap + persen). Aturan merek mengalahkan kategori, kategori mengalahkan aturan umum. Ujrah koperasi paling sedikit sebesar ujrah platform.",
    "Fee platform per transaksi": "Ujrah platform per transaksi",
    "jasa bulan berjalan per hari": "margin bulan berjalan per hari",
    "jasa bulan berjalan penuh": "margin bulan berjalan penuh",
    "seluruh jasa sisa kontrak": "seluruh margin sisa kontrak",
    "Pelunasan dipercepat hari ini: %(amount)s — sisa pokok dan seluruh jasa sisa kontrak.": (
        "Pelunasan dipercepat hari ini: %(amount)s — sisa pokok dan seluruh margin sisa kontrak."
    ),
    "Pelunasan dipercepat hari ini: %(amount)s — sisa pokok dan jasa bulan berjalan penuh, tanpa jasa bulan"
    " berikutnya.": (
        "Pelunasan dipercepat hari ini: %(amount)s — sisa pokok dan margin bulan berjalan penuh, tanpa margin"
        " bulan berikutnya."
    ),
    "Belum ada markup; harga jual = harga dasar + fee platform.": "Belum ada ujrah koperasi; harga jual = harga dasar + ujrah platform.",
    "Plafon %(limit)s · bunga %(rate)s%% setahun · %(n)s bulan · sejak %(day)s": "Plafon %(limit)s · ekuivalen bagi hasil %(rate)s%% setahun · %(n)s bulan · sejak %(day)s",
    "bunga %(a)s": "bagi hasil %(a)s",
    "Sisa pokok dibagi rata sampai jatuh tempo fasilitas (sisa pembulatan di angsuran terakhir); bunga tiap bulan"
    " dari pokok yang masih terutang.": (
        "Sisa pokok dibagi rata sampai jatuh tempo fasilitas (sisa pembulatan di angsuran terakhir); bagi hasil tiap"
        " bulan dari pokok yang masih terutang."
    ),
    "Bunga dibayar ke bank (Rp)": "Bagi hasil dibayar ke bank (Rp)",
    "Bunga per tahun (%)": "Ekuivalen bagi hasil per tahun (%)",
    "Isi pokok atau bunga yang dibayar": "Isi pokok atau bagi hasil yang dibayar",
    "Laporan pinjaman bulanan": "Laporan pembiayaan bulanan",
    "Laporan Pinjaman Bulanan %(month)s": "Laporan Pembiayaan Bulanan %(month)s",
    "Laporan Pinjaman %(month)s": "Laporan Pembiayaan %(month)s",
    "Daftar Pinjaman per %(day)s": "Daftar Pembiayaan per %(day)s",
    "Denda keterlambatan": "Ta'widh keterlambatan (dana kebajikan)",
    "Angsuran lewat jatuh tempo (pokok + jasa)": "Angsuran lewat jatuh tempo (pokok + margin)",
    "Tidak ada pinjaman berjalan.": "Tidak ada pembiayaan berjalan.",
}


def account_name(code: str, standard: str, *, syariah: bool) -> str:
    """The name of chart line *code* in the cooperative's own words."""
    if syariah:
        return SYARIAH_ACCOUNT_NAMES.get(code, standard)
    return standard


def word(phrase: str, *, syariah: bool) -> str:
    """*phrase* in the cooperative's own words (unchanged for a conventional cooperative)."""
    if syariah:
        return SYARIAH_WORDS.get(phrase, phrase)
    return phrase
