"""What a cooperative's API token may reach: a small set of scopes, and which JSON routes each
one opens.

A cooperative's token (made on its tokens page for its POS or its accounting system) carries some
of these scopes and reaches only the routes they name — every other route answers 403
``market.scope_missing``, so a route added later stays closed to such tokens until it says which
scope opens it. A route says so in one of two ways:

- a rule below (a method and a glob over the route's path template), for the existing routes;
- the ``market.http.require_scope("pos")`` dependency, for a new route (the POS API).

A person's session or own token (``scopes`` None) is not limited by scopes; their role decides.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

# scope -> what it lets the cooperative's system do (Indonesian first; shown on the tokens page)
SCOPES: dict[str, str] = {
    "pos": "Kasir/POS: setoran dan penarikan simpanan, PPOB di loket, pembayaran SHU tunai",
    "catalog:read": "Membaca produk, stok dan impor katalog",
    "catalog:write": "Mengubah produk, stok, foto dan impor katalog",
    "orders": "Pesanan masuk: melihat, mengemas, mengirim, menerima barang",
    "members:read": "Membaca anggota, simpanan dan dompet anggota",
    "members:write": "Menambah dan mengubah data anggota",
    "accounting:read": "Membaca jurnal, laporan keuangan, periode, SHU dan pencairan",
    "accounting:write": "Menulis jurnal, saldo awal, akun dan menutup periode",
}
# Routes any token of a cooperative may read: who it is, its own cooperative's profile.
ANY = "*"
READ = frozenset({"GET", "HEAD"})
WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
C = "/api/v1/cooperatives/{coop_id}"

# (methods, path-template glob, scope); the first rule that matches decides.
RULES: tuple[tuple[frozenset[str], str, str], ...] = (
    (READ, "/api/v1/me", ANY),
    (READ, C, ANY),
    # the counter
    (WRITE, f"{C}/members/{{member_id}}/savings/*", "pos"),
    (READ, f"{C}/ppob/*", "pos"),
    (WRITE, f"{C}/ppob/pln-inquiry", "pos"),
    (WRITE, f"{C}/ppob/purchases", "pos"),
    (WRITE, f"{C}/ppob/bills*", "pos"),
    (READ, f"{C}/shu-cash-credits", "pos"),
    (WRITE, f"{C}/shu/{{year}}/distribution/credits/*", "pos"),
    # members
    (READ, f"{C}/members*", "members:read"),
    (WRITE, f"{C}/members", "members:write"),
    (WRITE, f"{C}/members/{{member_id}}", "members:write"),
    # catalog
    (READ, "/api/v1/products*", "catalog:read"),
    (READ, "/api/v1/categories", "catalog:read"),
    (READ, f"{C}/products", "catalog:read"),
    (READ, f"{C}/imports/*", "catalog:read"),
    (WRITE, "/api/v1/products/*", "catalog:write"),
    (WRITE, f"{C}/products*", "catalog:write"),
    # incoming orders
    (READ, f"{C}/suborders*", "orders"),
    (WRITE, f"{C}/suborders/*", "orders"),
    (READ, f"{C}/delivery-rates", "orders"),
    # books
    (READ, f"{C}/journal*", "accounting:read"),
    (READ, f"{C}/periods", "accounting:read"),
    (READ, f"{C}/accounts", "accounting:read"),
    (READ, f"{C}/opening/templates/*", "accounting:read"),
    (READ, f"{C}/reports/*", "accounting:read"),
    (READ, f"{C}/trial-balance", "accounting:read"),
    (READ, f"{C}/shu/*", "accounting:read"),
    (READ, f"{C}/payout-balance", "accounting:read"),
    (READ, f"{C}/payouts", "accounting:read"),
    (WRITE, f"{C}/journal*", "accounting:write"),
    (WRITE, f"{C}/periods/close", "accounting:write"),
    (WRITE, f"{C}/accounts", "accounting:write"),
    (WRITE, f"{C}/opening", "accounting:write"),
)


def scope_for(method: str, template: str) -> str | None:
    """The scope that opens *method* on the route *template* to a cooperative's token: a scope
    name, ``ANY`` (every such token), or None (no token of a cooperative)."""
    for methods, pattern, scope in RULES:
        if method in methods and fnmatchcase(template, pattern):
            return scope
    return None


def clean(scopes: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """The known scopes among *scopes*, in the order of ``SCOPES``."""
    wanted = set(scopes)
    return [s for s in SCOPES if s in wanted]
