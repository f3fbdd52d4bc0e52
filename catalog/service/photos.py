"""Product photos: checked, resized to two sizes, stored on local disk under MEDIA_DIR.

Pages show them as WebP in several widths (``photo_srcset``), made from the large copy the first
time a browser asks for one (``make_webp``: old photos and new alike, no batch to run); the two
JPEG copies stay the fallback for a browser without WebP."""

from __future__ import annotations

import asyncio
import io
import re
import secrets
import time
from pathlib import Path

from catalog.errors import InvalidPhoto, ProductNotFound
from catalog.models import Product, ProductStatus
from catalog.schemas import MAX_PHOTOS
from catalog.service.products import announce
from market import db
from market import service as market

SIZES = {"large": 1024, "thumb": 320}
WEBP_WIDTHS = (160, 320, 640, 1024)
_WEBP_PATH = re.compile(r"(products/\d+/[0-9a-f]+)-(\d+)\.webp")
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000


def photo_url(key: str, size: str = "thumb") -> str:
    """The URL of a stored photo (served from /media)."""
    return f"/media/{key}-{size}.jpg" if key else ""


def photo_srcset(key: str) -> str:
    """The ``srcset`` of a stored photo: its WebP copies by width (made on first request)."""
    return ", ".join(f"/media/{key}-{w}.webp {w}w" for w in WEBP_WIDTHS) if key else ""


def make_webp(media_dir: Path, path: str) -> bool:
    """Make the WebP copy *path* (``products/<id>/<key>-<width>.webp``, relative to *media_dir*)
    from the photo's large JPEG, never wider than it; False when *path* names no such copy."""
    from PIL import Image

    match = _WEBP_PATH.fullmatch(path)
    if match is None or int(match[2]) not in WEBP_WIDTHS:
        return False
    source = Path(media_dir) / f"{match[1]}-large.jpg"
    target = Path(media_dir) / path
    try:
        with Image.open(source) as opened:
            image = opened.convert("RGB")
    except OSError:
        return False
    width = min(int(match[2]), image.width)
    image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
    scratch = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    image.save(scratch, "WEBP", quality=75, method=4)
    scratch.replace(target)  # whole or not at all, when two requests make it at once
    return True


def _resize(content: bytes) -> dict[str, bytes]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format not in FORMATS:
                raise InvalidPhoto(f"Format {probe.format} tidak didukung; gunakan JPEG, PNG atau WebP", field="photo")
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidPhoto("Foto terlalu besar (maks. 40 megapiksel)", field="photo")
            probe.verify()
        with Image.open(io.BytesIO(content)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
            out = {}
            for size, edge in SIZES.items():
                copy = image.copy()
                copy.thumbnail((edge, edge))
                buffer = io.BytesIO()
                copy.save(buffer, "JPEG", quality=82, optimize=True)
                out[size] = buffer.getvalue()
            return out
    except InvalidPhoto:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidPhoto("Berkas bukan gambar yang dapat dibaca", field="photo") from None


async def add_photo(product_id: int, content: bytes, *, media_dir: Path, max_bytes: int, actor=None) -> list[str]:
    """Attach a photo (at most 5 per product, at most *max_bytes*); return the photo keys."""
    product = await Product.get_or_none(id=product_id)
    if product is None or product.status == ProductStatus.REMOVED:
        raise ProductNotFound("Produk tidak ditemukan")
    if actor is not None:
        market.require_coop(actor, product.cooperative_id)
    if not content:
        raise InvalidPhoto("Berkas foto kosong", field="photo")
    if len(content) > max_bytes:
        raise InvalidPhoto(f"Foto melebihi batas {max_bytes // 1024} KB", field="photo")
    if len(product.photos) >= MAX_PHOTOS:
        raise InvalidPhoto(f"Paling banyak {MAX_PHOTOS} foto per produk", field="photo")
    sizes = await asyncio.to_thread(_resize, content)
    return await store_photo(product, sizes, media_dir)


async def store_photo(product: Product, sizes: dict[str, bytes], media_dir: Path) -> list[str]:
    key = f"products/{product.id}/{secrets.token_hex(6)}"
    written = []
    for size, data in sizes.items():
        path = Path(media_dir) / f"{key}-{size}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    try:
        async with db.transaction():
            await product.refresh_from_db(fields=["photos"])
            if len(product.photos) >= MAX_PHOTOS:
                raise InvalidPhoto(f"Paling banyak {MAX_PHOTOS} foto per produk", field="photo")
            product.photos = [*product.photos, key]
            await product.save(update_fields=["photos", "updated_at"])
            await announce([product.id])
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return product.photos


# A photo chosen on a product form that was refused for another field is kept here, checked and
# resized, so the person need not pick it again: the form carries its token back.
_STAGED_TOKEN = re.compile(r"[0-9a-f]{24}")
STAGED_FOR_S = 24 * 3600


def _staged(media_dir: Path, coop_id: int, token: str, size: str) -> Path:
    return Path(media_dir) / "staged" / str(int(coop_id)) / f"{token}-{size}.jpg"


def stage_photo(coop_id: int, content: bytes, *, media_dir: Path, max_bytes: int) -> str:
    """Keep a photo of a refused form for *coop_id*; its token (InvalidPhoto when it is no photo).
    Photos staged more than a day ago are swept away on the way."""
    if len(content) > max_bytes:
        raise InvalidPhoto(f"Foto melebihi batas {max_bytes // 1024} KB", field="photo")
    sizes = _resize(content)
    token = secrets.token_hex(12)
    folder = _staged(media_dir, coop_id, token, "x").parent
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jpg"):
        if old.stat().st_mtime < time.time() - STAGED_FOR_S:
            old.unlink(missing_ok=True)
    for size, data in sizes.items():
        _staged(media_dir, coop_id, token, size).write_bytes(data)
    return token


def staged_photo(coop_id: int, token: str | None, *, media_dir: Path) -> dict[str, bytes] | None:
    """The sizes of a photo staged for *coop_id* under *token*, or None (unknown, expired, forged)."""
    if not token or not _STAGED_TOKEN.fullmatch(token):
        return None
    try:
        return {size: _staged(media_dir, coop_id, token, size).read_bytes() for size in SIZES}
    except OSError:
        return None


def drop_staged(coop_id: int, token: str | None, *, media_dir: Path) -> None:
    if token and _STAGED_TOKEN.fullmatch(token):
        for size in SIZES:
            _staged(media_dir, coop_id, token, size).unlink(missing_ok=True)


def staged_url(coop_id: int, token: str) -> str:
    """Where the form shows a staged photo's thumbnail (served from /media)."""
    return f"/media/staged/{int(coop_id)}/{token}-thumb.jpg" if _STAGED_TOKEN.fullmatch(token or "") else ""


async def remove_photo(product_id: int, key: str, *, media_dir: Path, actor=None) -> list[str]:
    product = await Product.get_or_none(id=product_id)
    if product is None or key not in product.photos:
        raise ProductNotFound("Foto tidak ditemukan")
    if actor is not None:
        market.require_coop(actor, product.cooperative_id)
    async with db.transaction():
        product.photos = [k for k in product.photos if k != key]
        await product.save(update_fields=["photos", "updated_at"])
        await announce([product.id])
    for size in SIZES:
        (Path(media_dir) / f"{key}-{size}.jpg").unlink(missing_ok=True)
    for width in WEBP_WIDTHS:
        (Path(media_dir) / f"{key}-{width}.webp").unlink(missing_ok=True)
    return product.photos
