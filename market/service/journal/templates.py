"""The opening-balance CSV templates, and the names their columns and kinds use."""

from __future__ import annotations

from market.csvfile import to_csv

SAVINGS_COLUMNS = ("pokok", "wajib", "sukarela")
SAVINGS_CODES = {"pokok": "simpanan_pokok", "wajib": "simpanan_wajib", "sukarela": "simpanan_sukarela"}
# What a row of the transactions file may say → (posting kind, the line of (a) it splits).
KINDS = {
    "pembelian": ("purchase", "penjualan_anggota"),
    "purchase": ("purchase", "penjualan_anggota"),
    "pasok": ("supply", "hpp_anggota"),
    "supply": ("supply", "hpp_anggota"),
    "ppob": ("ppob", "ppob_anggota"),
}

TEMPLATES = {
    "neraca": (
        ("nomor_akun", "nama_akun", "debit", "kredit"),
        (
            ("1101", "Kas", 2_500_000, ""),
            ("1102", "Bank", 10_000_000, ""),
            ("1108", "Persediaan barang dagangan", 4_000_000, ""),
            ("3101", "Simpanan pokok", "", 300_000),
            ("3102", "Simpanan wajib", "", 1_200_000),
            ("2105", "Simpanan sukarela", "", 500_000),
            ("3103", "Cadangan", "", 2_000_000),
            ("4101", "Penjualan kepada anggota", "", 20_000_000),
            ("5101", "Harga pokok penjualan anggota", 8_000_000, ""),
            ("6101", "Beban gaji dan honor", 1_500_000, ""),
            ("3105", "Modal penyertaan", "", 2_000_000),
        ),
    ),
    "simpanan": (
        ("nomor_anggota", "nama", "pokok", "wajib", "sukarela"),
        (("KOPI-00001", "Contoh Anggota Satu", 100_000, 600_000, 500_000),),
    ),
    "transaksi": (
        ("nomor_anggota", "jenis", "jumlah"),
        (("KOPI-00001", "pembelian", 1_250_000), ("KOPI-00001", "pasok", 800_000), ("KOPI-00001", "ppob", 12_000)),
    ),
}


def template_csv(name: str) -> str:
    """One template (``neraca``, ``simpanan``, ``transaksi``) with example rows, ``;``-separated."""
    header, rows = TEMPLATES[name]
    return to_csv(rows, header=header, delimiter=";")
