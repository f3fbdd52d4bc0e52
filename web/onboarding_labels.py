"""Display names of onboarding's codes (message ids, translated where they are shown)."""

from __future__ import annotations

from web.i18n import N_

APPLICATION_STATES = {
    "submitted": N_("Menunggu pemeriksaan"),
    "changes_requested": N_("Perlu perbaikan"),
    "approved": N_("Terverifikasi"),
}
DOCUMENTS = {
    "akta_pendirian": N_("Akta pendirian"),
    "sk_pengesahan": N_("SK pengesahan badan hukum"),
    "npwp": N_("NPWP koperasi"),
}
CHECKS = {
    "documents_read": N_("Dokumen sudah dibaca dan sesuai"),
    "legal_number_format": N_("Format nomor badan hukum benar"),
    "bank_name_matches": N_("Nama rekening bank sesuai nama koperasi"),
    "contact_reached": N_("Pengurus sudah dihubungi"),
}
BANK_CHECKS = {
    "pending": N_("Belum diperiksa bank: periksa manual"),
    "matched": N_("Sesuai: nama di bank sama dengan nama koperasi"),
    "mismatch": N_("Tidak sesuai: rekening atas nama lain"),
    "not_found": N_("Rekening tidak ditemukan"),
}
ROLES = {"manager": N_("Manajer"), "cashier": N_("Kasir"), "member": N_("Anggota"), "dps": N_("Dewan Pengawas Syariah")}
INVITATION_STATES = {
    "open": N_("Belum dipakai"),
    "used": N_("Sudah dipakai"),
    "expired": N_("Kedaluwarsa"),
    "revoked": N_("Dibatalkan"),
}
SCOPES = {
    "pos": N_("Kasir/POS: setoran dan penarikan simpanan, PPOB di loket, pembayaran SHU tunai"),
    "catalog:read": N_("Membaca produk, stok dan impor katalog"),
    "catalog:write": N_("Mengubah produk, stok, foto dan impor katalog"),
    "orders": N_("Pesanan masuk: melihat, mengemas, mengirim, menerima barang"),
    "members:read": N_("Membaca anggota, simpanan dan dompet anggota"),
    "members:write": N_("Menambah dan mengubah data anggota"),
    "accounting:read": N_("Membaca jurnal, laporan keuangan, periode, SHU dan pencairan"),
    "accounting:write": N_("Menulis jurnal, saldo awal, akun dan menutup periode"),
}
ACTIONS = {
    "registered": N_("Mendaftar"),
    "document_uploaded": N_("Mengunggah dokumen"),
    "amended": N_("Memperbaiki data"),
    "resubmitted": N_("Mengirim ulang"),
    "bank_checked": N_("Pemeriksaan rekening bank"),
    "check_ticked": N_("Mencentang daftar periksa"),
    "check_cleared": N_("Menghapus centang"),
    "note_added": N_("Menambah catatan"),
    "approved": N_("Menyetujui (verifikasi)"),
    "changes_requested": N_("Meminta perbaikan"),
    "suspended": N_("Menangguhkan"),
    "reinstated": N_("Mengaktifkan kembali"),
    "invitation_created": N_("Membuat undangan"),
    "invitation_used": N_("Memakai undangan"),
    "invitation_revoked": N_("Membatalkan undangan"),
    "role_changed": N_("Mengubah peran"),
    "access_revoked": N_("Mencabut akses"),
    "access_restored": N_("Memulihkan akses"),
    "token_created": N_("Membuat token API"),
    "token_revoked": N_("Mencabut token API"),
    "operator_created": N_("Membuat login operator"),
    "operator_scope_changed": N_("Mengubah cakupan provinsi operator"),
}
ONBOARDING = {
    "application_state": APPLICATION_STATES,
    "document": DOCUMENTS,
    "check": CHECKS,
    "bank_check": BANK_CHECKS,
    "role": ROLES,
    "invitation_state": INVITATION_STATES,
    "scope": SCOPES,
    "action": ACTIONS,
}
