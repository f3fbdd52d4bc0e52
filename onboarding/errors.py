"""Typed errors of onboarding (``onboarding.*`` codes), rendered as problem bodies by the HTTP edge."""

from __future__ import annotations

from market.errors import Conflict, DomainError, InvalidInput, NotFound


class ApplicationNotFound(NotFound):
    code = "onboarding.application_not_found"
    title = "Pendaftaran tidak ditemukan"


class InvalidDocument(InvalidInput):
    """Not a PDF, JPEG or PNG (by its first bytes, whatever its name says), empty, or too large."""

    code = "onboarding.invalid_document"
    title = "Dokumen tidak valid"


class WrongState(Conflict):
    """The application is not in the state this step needs (approving an approved one…)."""

    code = "onboarding.wrong_state"
    title = "Pendaftaran tidak dalam tahap yang tepat"


class ChecklistIncomplete(Conflict):
    """Approval needs every item of the checklist ticked for the current revision."""

    code = "onboarding.checklist_incomplete"
    title = "Daftar periksa belum lengkap"


class BankAccountNotFound(InvalidInput):
    code = "onboarding.bank_account_not_found"
    title = "Rekening bank tidak ditemukan"


class InvitationNotFound(NotFound):
    code = "onboarding.invitation_not_found"
    title = "Undangan tidak ditemukan"


class InvitationGone(DomainError):
    """The link was used already, has expired, or was withdrawn: it works once, for a while."""

    code = "onboarding.invitation_gone"
    status = 410
    title = "Tautan undangan tidak berlaku lagi"
