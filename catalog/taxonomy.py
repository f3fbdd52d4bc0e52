"""The seeded product taxonomy and the units a product may be sold in."""

from __future__ import annotations

# (slug, Indonesian name) in the order the shop shows them.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("beras-biji-bijian", "Beras & biji-bijian"),
    ("sayur", "Sayur"),
    ("buah", "Buah"),
    ("kopi-teh", "Kopi & teh"),
    ("rempah", "Rempah"),
    ("minyak-gula", "Minyak & gula"),
    ("telur-daging", "Telur & daging"),
    ("ikan", "Ikan"),
    ("olahan-umkm", "Olahan UMKM"),
    ("tenun-kerajinan", "Tenun & kerajinan"),
    ("pupuk-sarana-tani", "Pupuk & sarana tani"),
)
CATEGORY_NAMES: dict[str, str] = dict(CATEGORIES)

UNITS: tuple[str, ...] = (
    "kg",
    "gram",
    "ons",
    "ton",
    "liter",
    "ml",
    "karung",
    "ikat",
    "butir",
    "pcs",
    "pak",
    "botol",
    "sachet",
    "kaleng",
    "lembar",
    "meter",
    "sisir",
    "tandan",
    "ekor",
    "kuintal",
    "dus",
)

# Price facet buckets (upper bound exclusive); the last one is open-ended.
PRICE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-25000", 0, 25_000),
    ("25000-50000", 25_000, 50_000),
    ("50000-100000", 50_000, 100_000),
    ("100000-250000", 100_000, 250_000),
    ("250000-", 250_000, None),
)


def price_bucket(price_idr: int) -> str:
    for key, low, high in PRICE_BUCKETS:
        if price_idr >= low and (high is None or price_idr < high):
            return key
    return PRICE_BUCKETS[0][0]
