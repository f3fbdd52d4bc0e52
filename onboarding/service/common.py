"""What the applicant's and the operator's views of an application share: finding it, and
turning it into the value the pages and the API show."""

from __future__ import annotations

from dataclasses import dataclass

from market import service as market
from market.schemas import CooperativeOut
from onboarding.errors import ApplicationNotFound
from onboarding.models import Application, Check, Document, Note
from onboarding.schemas import (
    CHECK_ITEMS,
    DOCUMENT_KINDS,
    ApplicationOut,
    CheckOut,
    DocumentOut,
    NoteOut,
    legal_number_looks_right,
)
from onboarding.service import audit


async def application_row(application_id: int) -> Application:
    row = await Application.get_or_none(id=application_id)
    if row is None:
        raise ApplicationNotFound("Pendaftaran tidak ditemukan")
    return row


async def application_of_coop(coop_id: int) -> Application:
    row = await Application.get_or_none(cooperative_id=coop_id)
    if row is None:
        raise ApplicationNotFound("Koperasi ini tidak mendaftar lewat formulir pendaftaran")
    return row


async def _emails(user_ids: set[int]) -> dict[int, str]:
    found = await market.emails_of(user_ids)
    return {i: found.get(i, f"#{i}") for i in user_ids}


def _document_out(d: Document) -> DocumentOut:
    return DocumentOut(
        id=d.id,
        kind=d.kind,
        content_type=d.content_type,
        size=d.size,
        original_name=d.original_name,
        uploaded_at=d.uploaded_at,
    )


async def application_out(row: Application, *, for_operator: bool) -> ApplicationOut:
    """The application as its applicant sees it, and with the checklist, the operator's notes and
    the audit log for the operator."""
    coop = await market.get_cooperative(row.cooperative_id)
    current = await Document.filter(application_id=row.id, replaced_at=None).order_by("kind", "-id")
    checks = await Check.filter(application_id=row.id, revision=row.revision) if for_operator else []
    notes = await Note.filter(application_id=row.id).order_by("-id") if for_operator else []
    people = await _emails(
        {row.applicant_user_id} | {c.checked_by_user_id for c in checks} | {n.author_user_id for n in notes}
    )
    ticked = {c.item: c for c in checks}
    return ApplicationOut(
        id=row.id,
        cooperative=CooperativeOut.model_validate(coop),
        state=row.state,
        revision=row.revision,
        contact_name=row.contact_name,
        contact_position=row.contact_position,
        contact_phone=row.contact_phone,
        applicant_email=people[row.applicant_user_id],
        bank_check=row.bank_check,
        bank_check_name=row.bank_check_name,
        bank_checked_at=row.bank_checked_at,
        decision_reason=row.decision_reason,
        response=row.response,
        submitted_at=row.submitted_at,
        decided_at=row.decided_at,
        documents=[_document_out(d) for d in current],
        missing_documents=[k for k in DOCUMENT_KINDS if k not in {d.kind for d in current}],
        checks=[
            CheckOut(
                item=item,
                checked=item in ticked,
                checked_by=people[ticked[item].checked_by_user_id] if item in ticked else "",
                checked_at=ticked[item].checked_at if item in ticked else None,
            )
            for item in CHECK_ITEMS
        ]
        if for_operator
        else [],
        notes=[NoteOut(id=n.id, author=people[n.author_user_id], text=n.text, created_at=n.created_at) for n in notes],
        audit=await audit.history(row.cooperative_id) if for_operator else [],
        legal_number_looks_right=legal_number_looks_right(coop.legal_number),
    )


@dataclass(frozen=True)
class DocumentFile:
    cooperative_id: int
    kind: str
    file_name: str
    content_type: str


async def document_file(application_id: int, document_id: int, *, actor: market.Actor) -> DocumentFile:
    """One of an application's papers (current or replaced): for the operator and the
    cooperative's managers only."""
    row = await application_row(application_id)
    market.require_coop(actor, row.cooperative_id, roles=frozenset({market.Role.MANAGER}))
    document = await Document.get_or_none(id=document_id, application_id=application_id)
    if document is None:
        raise ApplicationNotFound("Dokumen tidak ditemukan")
    return DocumentFile(row.cooperative_id, str(document.kind), document.file_name, document.content_type)
