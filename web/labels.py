"""Display names of the core's codes. Values are message ids, translated where they are shown."""

from __future__ import annotations

from web.i18n import N_

COOP_TYPES = {
    "produsen": N_("Produsen"),
    "konsumen": N_("Konsumen"),
    "pemasaran": N_("Pemasaran"),
    "jasa": N_("Jasa"),
    "simpan_pinjam": N_("Simpan pinjam"),
    "serba_usaha": N_("Serba usaha"),
}

COOP_STATUSES = {"pending": N_("Menunggu verifikasi"), "active": N_("Aktif"), "suspended": N_("Ditangguhkan")}

MEMBER_STATUSES = {"active": N_("Aktif"), "inactive": N_("Tidak aktif"), "exited": N_("Sudah keluar")}

SAVINGS_KINDS = {"pokok": N_("Simpanan pokok"), "wajib": N_("Simpanan wajib"), "sukarela": N_("Simpanan sukarela")}

SHU_FUNDS = {
    "cadangan": N_("Dana cadangan"),
    "jasa_usaha": N_("Jasa usaha anggota"),
    "jasa_modal": N_("Jasa modal anggota"),
    "pengurus": N_("Dana pengurus"),
    "karyawan": N_("Dana karyawan"),
    "pendidikan": N_("Dana pendidikan"),
    "sosial": N_("Dana sosial"),
    "pembangunan_daerah": N_("Dana pembangunan daerah kerja"),
    "pdk": N_("Dana pembangunan daerah kerja"),  # the SHU policy's code for it
    "zakat": N_("Zakat"),
}

TIMEZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

LABELS = {
    "coop_type": COOP_TYPES,
    "coop_status": COOP_STATUSES,
    "member_status": MEMBER_STATUSES,
    "savings_kind": SAVINGS_KINDS,
    "shu_fund": SHU_FUNDS,
    "timezone": TIMEZONES,
}
