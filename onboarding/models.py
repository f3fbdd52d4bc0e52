"""Tortoise models of onboarding. Other packages use onboarding.service, never these models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ApplicationState(StrEnum):
    SUBMITTED = "submitted"  # waiting for the operator
    CHANGES_REQUESTED = "changes_requested"  # refused with a reason: the applicant fixes and resubmits
    APPROVED = "approved"  # verified: the cooperative is active


class DocumentKind(StrEnum):
    AKTA = "akta_pendirian"
    SK = "sk_pengesahan"
    NPWP = "npwp"


class CheckItem(StrEnum):
    DOCUMENTS_READ = "documents_read"
    LEGAL_NUMBER = "legal_number_format"
    BANK_NAME = "bank_name_matches"
    CONTACT = "contact_reached"


class BankCheck(StrEnum):
    PENDING = "pending"  # the provider did not tell: the operator checks it by hand
    MATCHED = "matched"  # the bank's holder name matches the cooperative's
    MISMATCH = "mismatch"  # the bank knows the account under another name
    NOT_FOUND = "not_found"  # the bank does not know the account


def _empty() -> dict[str, Any]:
    return {}


class Application(Model):
    """A cooperative's registration, from its first submission to its verification."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(unique=True)
    state = fields.CharEnumField(ApplicationState, max_length=20, default=ApplicationState.SUBMITTED)
    # Each resubmission is a new revision; the operator's checklist is per revision.
    revision = fields.IntField(default=1)
    applicant_user_id = fields.IntField()
    contact_name = fields.CharField(max_length=200)
    contact_position = fields.CharField(max_length=100, default="")
    contact_phone = fields.CharField(max_length=20)
    bank_check = fields.CharEnumField(BankCheck, max_length=12, default=BankCheck.PENDING)
    bank_check_name = fields.CharField(max_length=200, default="")  # the holder name the bank gave
    bank_checked_at = fields.DatetimeField(null=True)
    # The operator's last refusal (the applicant sees it) and the applicant's answer to it.
    decision_reason = fields.TextField(default="")
    response = fields.TextField(default="")
    submitted_at = fields.DatetimeField()
    decided_at = fields.DatetimeField(null=True)
    decided_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "onboarding_application"
        indexes = (("state", "submitted_at"),)


class Document(Model):
    """One uploaded paper (PDF, JPEG or PNG). A replaced one keeps its row with ``replaced_at``."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[Application] = fields.ForeignKeyField(
        "onboarding.Application", related_name="documents", on_delete=fields.RESTRICT
    )
    application_id: int
    kind = fields.CharEnumField(DocumentKind, max_length=20)
    file_name = fields.CharField(max_length=100)  # under the private documents directory
    content_type = fields.CharField(max_length=40)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    original_name = fields.CharField(max_length=200, default="")
    uploaded_by_user_id = fields.IntField(null=True)
    uploaded_at = fields.DatetimeField(auto_now_add=True)
    replaced_at = fields.DatetimeField(null=True)

    class Meta:
        table = "onboarding_document"
        indexes = (("application_id", "kind"),)


class Check(Model):
    """One item of the operator's checklist ticked for one revision of an application."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[Application] = fields.ForeignKeyField(
        "onboarding.Application", related_name="checks", on_delete=fields.RESTRICT
    )
    application_id: int
    item = fields.CharEnumField(CheckItem, max_length=24)
    revision = fields.IntField()
    checked_by_user_id = fields.IntField()
    checked_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "onboarding_check"
        unique_together = (("application", "item", "revision"),)


class Note(Model):
    """The operator's working note on an application (the applicant does not see these)."""

    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[Application] = fields.ForeignKeyField(
        "onboarding.Application", related_name="notes", on_delete=fields.RESTRICT
    )
    application_id: int
    author_user_id = fields.IntField()
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "onboarding_note"


class AuditEntry(Model):
    """Who did what to a cooperative's registration, status, people or tokens, and when."""

    # With no cooperative: the network's own log (operator logins and their province scope).

    id = fields.BigIntField(primary_key=True)
    cooperative_id = fields.IntField(null=True)  # None: the network's log (operator logins)
    application_id = fields.IntField(null=True)
    actor_user_id = fields.IntField(null=True)  # None: the system
    actor_label = fields.CharField(max_length=254, default="")  # the e-mail (or token) at the time
    action = fields.CharField(max_length=40)
    detail: fields.JSONField[dict[str, Any]] = fields.JSONField(default=_empty)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "onboarding_audit"
        indexes = (("cooperative_id", "id"),)


class Invitation(Model):
    """A one-time link that gives one person a login of the cooperative (only its SHA-256 kept)."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField()
    role = fields.CharField(max_length=16)  # manager, cashier or member
    member_id = fields.IntField(null=True)  # a member's login is tied to their member record
    name = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=20, default="")
    token_hash = fields.CharField(max_length=64, unique=True)
    created_by_user_id = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_by_user_id = fields.IntField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "onboarding_invitation"
        indexes = (("cooperative_id", "created_at"),)
