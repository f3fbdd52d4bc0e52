"""Messages the core's services raise that pages show as they are. Listed here, marked for
extraction, so the English catalog carries them; nothing imports this module."""

from web.i18n import N_

MESSAGES = (
    N_("E-mail atau kata sandi salah"),
    N_("Kata sandi saat ini salah"),
    N_("Kata sandi baru minimal 8 karakter"),
    N_("Kata sandi baru harus berbeda dari yang lama"),
    N_("Pengguna tidak ditemukan"),
    N_("Token CSRF tidak valid; muat ulang halaman lalu coba lagi"),
    N_("Koperasi tidak ditemukan"),
    N_("Anggota tidak ditemukan"),
    N_("Peran Anda tidak diizinkan melakukan ini"),
    N_("Hanya operator jaringan yang dapat melakukan ini"),
    N_("Status hanya dapat diubah ke aktif atau ditangguhkan"),
    N_("NIK harus 16 digit angka"),
    N_("Kode provinsi NIK tidak dikenal"),
    N_("Tanggal lahir dalam NIK tidak valid"),
    N_("Nomor urut NIK tidak valid"),
    N_("Nomor HP tidak valid (contoh 081234567890)"),
    N_("NIK ini sudah terdaftar sebagai anggota koperasi ini"),
    N_("Nomor anggota atau NIK sudah dipakai"),
    N_("Jasa usaha anggota harus mendapat bagian SHU"),
    N_("Simpanan pokok anggota ini sudah dibayar"),
    N_("Anggota sudah keluar; simpanan tidak dapat ditambah"),
    N_("Simpanan pokok tidak dapat ditarik selama masih anggota"),
    N_("Simpanan wajib tidak dapat ditarik selama masih anggota"),
    N_("Saldo Simpanan sukarela tidak cukup"),
    N_("Saldo Simpanan pokok tidak cukup"),
    N_("Saldo Simpanan wajib tidak cukup"),
    N_("Saldo Kas tidak cukup"),
)
