"""The registration's papers (akta pendirian, SK pengesahan, NPWP): a PDF or a photo (JPEG, PNG),
told by its first bytes — never by the name or the type the browser sent — within the size limit.

They are the cooperative's private papers: stored as sent (a PDF cannot be re-encoded without
losing what it proves) under ``<MEDIA_DIR>-private/onboarding/<coop>/`` with a random name, never
under the public ``/media`` mount, and served only to the operator and the cooperative's
managers, with the type found here and a sandbox policy.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from onboarding.errors import InvalidDocument

# first bytes -> (extension, content type)
MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
TYPES = {ext: content_type for _, ext, content_type in MAGIC}


@dataclass(frozen=True)
class Checked:
    content: bytes
    extension: str
    content_type: str
    sha256: str


def documents_dir(media_dir: Path | str) -> Path:
    """The private directory beside the public media directory."""
    media = Path(media_dir)
    return media.with_name(media.name + "-private") / "onboarding"


def check(content: bytes, *, max_bytes: int, field: str = "document") -> Checked:
    """The upload if it is a non-empty PDF, JPEG or PNG within *max_bytes*; else InvalidDocument."""
    if not content:
        raise InvalidDocument("Berkas kosong; unggah PDF atau foto dokumen", field=field)
    if len(content) > max_bytes:
        raise InvalidDocument(f"Berkas melebihi batas {max_bytes // 1024} KB", field=field)
    for magic, extension, content_type in MAGIC:
        if content.startswith(magic):
            return Checked(content, extension, content_type, hashlib.sha256(content).hexdigest())
    raise InvalidDocument("Berkas harus PDF, JPEG atau PNG", field=field)


def write(coop_id: int, document: Checked, directory: Path) -> str:
    """Store the document; return its name relative to *directory*."""
    name = f"{coop_id}/{secrets.token_hex(16)}.{document.extension}"
    path = Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(document.content)
    return name


def path_of(name: str, directory: Path) -> Path | None:
    """The stored file of a document name, or None when the name is not one we wrote."""
    parts = name.split("/")
    if len(parts) != 2 or not parts[0].isdigit():
        return None
    stem, _, extension = parts[1].partition(".")
    if extension not in TYPES or len(stem) != 32 or not all(c in "0123456789abcdef" for c in stem):
        return None
    path = Path(directory) / parts[0] / parts[1]
    return path if path.is_file() else None


def remove(names: list[str], directory: Path) -> None:
    """Delete files written for a registration that did not commit."""
    for name in names:
        if (path := path_of(name, directory)) is not None:
            path.unlink(missing_ok=True)
