"""Photos of receipts attached to manual entries.

Checked like catalog photos (JPEG, PNG or WebP, a size limit, a pixel limit, readable), turned
upright and re-encoded as one JPEG (at most 1600 px: legible, and nothing of the upload but its
pixels is kept, no EXIF location). They are the cooperative's private papers, so they are not
under the public ``/media`` mount: they live in ``<MEDIA_DIR>-private/receipts/<coop>/`` and are
served only to those who may read the cooperative's books.
"""

from __future__ import annotations

import asyncio
import io
import secrets
from pathlib import Path

from market.errors import InvalidInput

FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000
EDGE = 1600


def receipts_dir(media_dir: Path | str) -> Path:
    """The private directory beside the public media directory."""
    media = Path(media_dir)
    return media.with_name(media.name + "-private") / "receipts"


def _reencode(content: bytes) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format not in FORMATS:
                raise InvalidInput(f"Format {probe.format} tidak didukung; gunakan JPEG, PNG atau WebP", field="photo")
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInput("Foto terlalu besar (maks. 40 megapiksel)", field="photo")
            probe.verify()
        with Image.open(io.BytesIO(content)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
            image.thumbnail((EDGE, EDGE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=80, optimize=True)
            return out.getvalue()
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidInput("Berkas bukan gambar yang dapat dibaca", field="photo") from None


async def checked(content: bytes, *, max_bytes: int) -> bytes:
    """The upload as the JPEG to keep; InvalidInput (field ``photo``) says what is wrong."""
    if not content:
        raise InvalidInput("Berkas foto kosong", field="photo")
    if len(content) > max_bytes:
        raise InvalidInput(f"Foto melebihi batas {max_bytes // 1024} KB", field="photo")
    return await asyncio.to_thread(_reencode, content)


def write(coop_id: int, jpeg: bytes, directory: Path) -> str:
    """Store the photo; return its name relative to *directory* (kept in JournalEntry.attachment)."""
    name = f"{coop_id}/{secrets.token_hex(16)}.jpg"
    path = Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg)
    return name


def path_of(name: str, directory: Path) -> Path | None:
    """The stored file of an attachment name, or None when the name is not one we wrote."""
    parts = name.split("/")
    if len(parts) != 2 or not parts[0].isdigit() or not parts[1].endswith(".jpg") or "." in parts[1][:-4]:
        return None
    path = Path(directory) / parts[0] / parts[1]
    return path if path.is_file() else None


def remove(name: str, directory: Path) -> None:
    if name and (path := path_of(name, directory)) is not None:
        path.unlink(missing_ok=True)
