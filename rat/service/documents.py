"""The meeting's papers: a PDF as uploaded (checked to be one), an image re-encoded like the
journal's receipts. Kept private beside the public media directory
(``<MEDIA_DIR>-private/rat/<coop>/``) and served only through the meeting's routes."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from market.errors import InvalidInput
from market.service import Actor
from market.service.journal import receipts
from rat.errors import InvalidDocument
from rat.models import AgendaItem, Meeting, MeetingDocument
from rat.schemas import DocumentOut
from rat.service.common import MANAGERS, READERS, document_out, load, refuse_closed, require_staff


def documents_dir(media_dir: Path | str) -> Path:
    media = Path(media_dir)
    return media.with_name(media.name + "-private") / "rat"


async def _checked(content: bytes, max_bytes: int) -> tuple[bytes, str, str]:
    """The bytes to keep, their type and file suffix; a PDF must look like one."""
    if not content:
        raise InvalidDocument("Berkas kosong", field="file")
    if len(content) > max_bytes:
        raise InvalidDocument(f"Berkas melebihi batas {max_bytes // 1024} KB", field="file")
    if content.startswith(b"%PDF-"):
        if b"%%EOF" not in content[-2048:]:
            raise InvalidDocument("Berkas PDF tidak utuh", field="file")
        return content, "application/pdf", "pdf"
    try:
        jpeg = await receipts.checked(content, max_bytes=max_bytes)
    except InvalidInput:
        raise InvalidDocument("Dokumen harus PDF atau gambar (JPEG, PNG, WebP)", field="file") from None
    return jpeg, "image/jpeg", "jpg"


async def add_document(
    coop_id: int,
    meeting_id: int,
    *,
    name: str,
    content: bytes,
    directory: Path,
    max_bytes: int,
    actor: Actor,
    item_id: int | None = None,
) -> DocumentOut:
    """Attach a paper to the meeting (or one of its items) until it closes."""
    require_staff(actor, coop_id, MANAGERS)
    meeting = await load(coop_id, meeting_id)
    refuse_closed(meeting)
    if item_id is not None and not await AgendaItem.exists(id=item_id, meeting_id=meeting.id):
        raise InvalidInput("Agenda ini bukan bagian dari rapat ini", field="item_id")
    title = name.strip()[:200]
    if not title:
        raise InvalidInput("Beri nama dokumen", field="name")
    data, content_type, suffix = await _checked(content, max_bytes)
    stored_as = f"{coop_id}/{secrets.token_hex(16)}.{suffix}"
    path = Path(directory) / stored_as
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        doc = await MeetingDocument.create(
            meeting_id=meeting.id,
            item_id=item_id,
            name=title,
            stored_as=stored_as,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by_user_id=actor.user_id,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if meeting.dps_signed_at is not None:  # the DPS signed other papers: it must read this one too
        await Meeting.filter(id=meeting.id).update(
            dps_signed_at=None, dps_signed_by_user_id=None, dps_signed_by_name=""
        )
    return document_out(doc)


async def document_file(
    coop_id: int, meeting_id: int, document_id: int, *, directory: Path, actor: Actor
) -> tuple[Path, DocumentOut]:
    """The stored file of a document, for the cooperative's members and staff only."""
    require_staff(actor, coop_id, READERS)
    meeting = await load(coop_id, meeting_id, actor=actor)
    doc = await MeetingDocument.get_or_none(id=document_id, meeting_id=meeting.id)
    path = Path(directory) / doc.stored_as if doc else None
    if doc is None or path is None or not path.is_file():
        from rat.errors import MeetingNotFound

        raise MeetingNotFound("Dokumen tidak ditemukan")
    return path, document_out(doc)
