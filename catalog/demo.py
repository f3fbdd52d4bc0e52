"""Demo products: a few hundred realistic listings across the demo cooperatives, with photos
drawn locally (no downloads). Seeded once per cooperative; everything goes through the services."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from pathlib import Path

from catalog import service
from catalog.models import Product
from market import service as market

# (category, name, unit, price, halal) — the base listings; sizes and origins multiply them.
ITEMS = (
    ("kopi-teh", "Kopi Arabika {place} {size}", "pcs", 85_000, True, ("250 g", "500 g", "1 kg")),
    ("kopi-teh", "Kopi Robusta {place} {size}", "pcs", 60_000, True, ("250 g", "500 g", "1 kg")),
    ("kopi-teh", "Green Bean Arabika {place}", "kg", 140_000, True, ("",)),
    ("kopi-teh", "Teh Hijau Daun {place} {size}", "pak", 35_000, True, ("100 g", "250 g")),
    ("beras-biji-bijian", "Beras Pandan Wangi {size}", "karung", 75_000, True, ("5 kg", "10 kg", "25 kg")),
    ("beras-biji-bijian", "Beras Merah Organik {place} {size}", "pak", 32_000, True, ("1 kg", "2 kg")),
    ("beras-biji-bijian", "Jagung Pipil Kering", "kg", 7_500, True, ("",)),
    ("beras-biji-bijian", "Kacang Hijau {place}", "kg", 24_000, True, ("",)),
    ("sayur", "Sayur Kangkung Segar", "ikat", 3_000, True, ("",)),
    ("sayur", "Bayam Hijau", "ikat", 3_500, True, ("",)),
    ("sayur", "Cabai Rawit Merah", "kg", 45_000, True, ("",)),
    ("sayur", "Bawang Merah {place}", "kg", 38_000, True, ("",)),
    ("sayur", "Tomat Sayur", "kg", 12_000, True, ("",)),
    ("buah", "Pisang Kepok {place}", "sisir", 25_000, True, ("",)),
    ("buah", "Mangga Arumanis", "kg", 28_000, True, ("",)),
    ("buah", "Jeruk Keprok {place}", "kg", 22_000, True, ("",)),
    ("buah", "Alpukat Mentega", "kg", 30_000, True, ("",)),
    ("rempah", "Kayu Manis {place} {size}", "pak", 18_000, True, ("100 g", "250 g")),
    ("rempah", "Cengkeh Kering {place}", "kg", 120_000, True, ("",)),
    ("rempah", "Pala Biji {place}", "kg", 150_000, True, ("",)),
    ("rempah", "Jahe Merah Segar", "kg", 32_000, True, ("",)),
    ("minyak-gula", "Minyak Goreng {size}", "botol", 19_000, True, ("1 L", "2 L", "5 L")),
    ("minyak-gula", "Minyak Kelapa Murni (VCO) {size}", "botol", 45_000, True, ("250 ml", "500 ml")),
    ("minyak-gula", "Gula Aren Cetak {place} {size}", "pcs", 22_000, True, ("500 g", "1 kg")),
    ("minyak-gula", "Gula Semut Kelapa {size}", "pak", 28_000, True, ("250 g", "500 g")),
    ("telur-daging", "Telur Ayam Kampung", "butir", 2_800, True, ("",)),
    ("telur-daging", "Telur Ayam Ras {size}", "pak", 29_000, True, ("1 kg", "10 butir")),
    ("telur-daging", "Daging Sapi Segar", "kg", 135_000, True, ("",)),
    ("telur-daging", "Ayam Kampung Utuh", "ekor", 95_000, True, ("",)),
    ("ikan", "Ikan Kakap Merah Beku", "kg", 95_000, True, ("",)),
    ("ikan", "Ikan Tongkol Segar", "kg", 38_000, True, ("",)),
    ("ikan", "Ikan Asin Teri Medan {size}", "pak", 42_000, True, ("250 g", "500 g")),
    ("ikan", "Udang Vaname {size}", "pak", 85_000, True, ("500 g", "1 kg")),
    ("olahan-umkm", "Keripik Pisang {place} {size}", "pak", 15_000, True, ("150 g", "300 g")),
    ("olahan-umkm", "Sambal Roa {place} {size}", "botol", 35_000, True, ("150 g", "250 g")),
    ("olahan-umkm", "Madu Hutan {place} {size}", "botol", 95_000, True, ("250 ml", "500 ml")),
    ("olahan-umkm", "Abon Ikan Tuna {size}", "pak", 40_000, True, ("100 g", "250 g")),
    ("olahan-umkm", "Tepung Sagu {place} {size}", "pak", 16_000, True, ("500 g", "1 kg")),
    ("tenun-kerajinan", "Tenun Ikat {place}", "lembar", 1_250_000, False, ("",)),
    ("tenun-kerajinan", "Selendang Tenun {place}", "lembar", 350_000, False, ("",)),
    ("tenun-kerajinan", "Noken Anyaman {place}", "pcs", 275_000, False, ("",)),
    ("tenun-kerajinan", "Tas Anyaman Pandan", "pcs", 120_000, False, ("",)),
    ("pupuk-sarana-tani", "Pupuk Organik Kompos {size}", "karung", 45_000, False, ("25 kg", "50 kg")),
    ("pupuk-sarana-tani", "Bibit Kopi Arabika Polybag", "pcs", 5_000, False, ("",)),
    ("pupuk-sarana-tani", "Pupuk Kandang Fermentasi {size}", "karung", 30_000, False, ("25 kg",)),
    ("pupuk-sarana-tani", "Cangkul Baja Tempa", "pcs", 85_000, False, ("",)),
)
# What each demo cooperative mostly sells (categories), and the place names its goods carry.
FOCUS = {
    "kopi-bajawa": (
        ("kopi-teh", "rempah", "tenun-kerajinan", "olahan-umkm", "pupuk-sarana-tani"),
        ("Flores Bajawa", "Ngada", "Sumba"),
    ),
    "tani-manggarai": (
        ("beras-biji-bijian", "sayur", "kopi-teh", "buah", "pupuk-sarana-tani"),
        ("Manggarai", "Ruteng", "Flores"),
    ),
    "pasar-keputran": (
        ("sayur", "buah", "telur-daging", "minyak-gula", "ikan", "rempah"),
        ("Surabaya", "Madura", "Malang"),
    ),
    "beras-ngawi": (
        ("beras-biji-bijian", "sayur", "minyak-gula", "pupuk-sarana-tani"),
        ("Ngawi", "Madiun", "Jawa Timur"),
    ),
    "konsumen-menteng": (
        ("minyak-gula", "telur-daging", "beras-biji-bijian", "olahan-umkm"),
        ("Jakarta", "Bogor", "Cianjur"),
    ),
    "bmt-tanah-abang": (
        ("olahan-umkm", "minyak-gula", "telur-daging", "rempah", "tenun-kerajinan"),
        ("Tanah Abang", "Garut", "Pekalongan"),
    ),
    "kopi-wamena": (("kopi-teh", "olahan-umkm", "tenun-kerajinan", "buah"), ("Wamena", "Baliem", "Jayawijaya")),
    "sagu-sentani": (("olahan-umkm", "buah", "ikan", "tenun-kerajinan", "rempah"), ("Sentani", "Jayapura", "Papua")),
    "nelayan-merauke": (("ikan", "olahan-umkm"), ("Merauke", "Maro", "Papua Selatan")),
}
COLORS = {
    "kopi-teh": (92, 58, 33),
    "beras-biji-bijian": (214, 196, 150),
    "sayur": (64, 140, 62),
    "buah": (236, 160, 40),
    "rempah": (150, 72, 40),
    "minyak-gula": (220, 180, 60),
    "telur-daging": (200, 90, 80),
    "ikan": (50, 110, 170),
    "olahan-umkm": (180, 100, 150),
    "tenun-kerajinan": (140, 40, 60),
    "pupuk-sarana-tani": (100, 90, 60),
}


def draw_photo(title: str, category: str, seed: int) -> bytes:
    """A product picture: a shaded field in the category's colour, a few shapes, the name."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    base = COLORS.get(category, (120, 120, 120))
    image = Image.new("RGB", (640, 640), base)
    draw = ImageDraw.Draw(image)
    for y in range(640):  # vertical shade
        k = 0.75 + 0.35 * y / 640
        draw.line([(0, y), (640, y)], fill=tuple(min(255, int(c * k)) for c in base))
    for _ in range(rng.randint(5, 11)):
        r = rng.randint(30, 110)
        x, y = rng.randint(40, 600), rng.randint(60, 460)
        tint = tuple(min(255, max(0, c + rng.randint(-60, 80))) for c in base)
        (draw.ellipse if rng.random() < 0.7 else draw.rounded_rectangle)(
            [x - r, y - r, x + r, y + r], fill=tint, **({} if rng.random() < 0.7 else {})
        )
    draw.rectangle([0, 500, 640, 640], fill=(255, 255, 255))
    try:
        font = ImageFont.load_default(size=30)
    except TypeError:
        font = ImageFont.load_default()
    lines, line = [], ""
    for word in title.split():
        if len(line) + len(word) > 30:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for n, text in enumerate(lines[:3]):
        draw.text((24, 516 + n * 38), text, fill=(30, 30, 30), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# A size's price as a multiple of its listing's base price; other sizes are 1.
SCALE = {
    "5 kg": 1,
    "10 kg": 2,
    "25 kg": 4.6,
    "500 g": 1.9,
    "1 kg": 3.6,
    "2 kg": 1.9,
    "2 L": 1.9,
    "5 L": 4.6,
    "500 ml": 1.8,
    "50 kg": 1.9,
    "300 g": 1.9,
}


async def seed_products(media_dir: Path, *, per_coop: int = 36, photos: bool = True) -> int:
    """Seed products for every demo cooperative that has none yet; return how many were made."""
    rng = random.Random(2027)
    made = 0
    for coop in await market.list_cooperatives():
        if coop.slug not in FOCUS or await Product.exists(cooperative_id=coop.id):
            continue
        made += await _seed_coop_products(coop, media_dir, rng, per_coop=per_coop, photos=photos)
    return made


def _listings(slug: str, rng: random.Random) -> list[tuple]:
    """The cooperative's base listings in its categories, one per size, named after one of its places, shuffled."""
    categories, places = FOCUS[slug]
    choices = [item for item in ITEMS if item[0] in categories]
    listings = []
    for category, pattern, unit, price, halal, sizes in choices:
        for size in sizes:
            place = rng.choice(places)
            listings.append(
                (category, " ".join(pattern.format(place=place, size=size).split()), unit, price, halal, size)
            )
    rng.shuffle(listings)
    return listings


async def _seed_coop_products(coop, media_dir: Path, rng: random.Random, *, per_coop: int, photos: bool) -> int:
    """Up to *per_coop* products of distinct names for *coop* (a repeated name gets a grade), with photos."""
    members = await market.list_members(coop.id, limit=50)
    listings = _listings(coop.slug, rng)
    made = 0
    seen: set[str] = set()
    for n, (category, name, unit, price, halal, size) in enumerate(listings * 3):
        if len(seen) >= per_coop:
            break
        if name in seen:
            name = f"{name} {rng.choice(('Premium', 'Grade A', 'Pilihan', 'Curah', 'Super'))}"
            if name in seen:
                continue
        seen.add(name)
        unit_price = int(price * SCALE.get(size, 1) * rng.uniform(0.9, 1.15)) // 500 * 500 or 500
        tiers = _tiers(unit_price, rng)
        product = await service.create_product(
            coop.id,
            {
                "sku": f"DEMO-{coop.id}-{n + 1:03d}",
                "name": name,
                "category": category,
                "unit": unit,
                "price_idr": unit_price,
                "tiers": tiers,
                "stock": rng.choice((0, 5, 12, 25, 40, 80, 150, 400)),
                "cost_idr": unit_price * rng.randint(60, 85) // 100,
                "halal": halal,
                "description": f"{name} dari anggota {coop.name}, {coop.regency}. Dikemas koperasi, "
                f"dikirim dari {coop.province}.",
                "origin_regency": coop.regency,
                "produced_on": date.today() - timedelta(days=rng.randint(3, 120)),
                "supplier_member_id": rng.choice(members).id if members and rng.random() < 0.6 else None,
            },
        )
        if photos:
            await service.add_photo(
                product.id, draw_photo(name, category, product.id), media_dir=media_dir, max_bytes=5 * 1024 * 1024
            )
        made += 1
    return made


def _tiers(unit_price: int, rng: random.Random) -> list[dict]:
    """Bulk prices for half the listings (5% off from 10, 10% off from 50), none under Rp 5.000."""
    if rng.random() < 0.5 and unit_price >= 5_000:
        return [
            {"min_qty": 10, "price_idr": unit_price * 95 // 100 // 100 * 100},
            {"min_qty": 50, "price_idr": unit_price * 90 // 100 // 100 * 100},
        ]
    return []
