"""Request and response models of onboarding (the package's public values)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from market.phones import MobilePhone
from market.schemas import CooperativeIn, CooperativeOut, CoopType, LegalNumber, NikKoperasi, OperatorLoginOut, Text
from market.schemas import Role as Role
from onboarding.models import ApplicationState, BankCheck, CheckItem, DocumentKind

# The banks a payout can reach (payments' payout channels ID_<code>): the account for payouts
# must be at one of them.
BANKS = ("BCA", "BRI", "BNI", "MANDIRI", "PERMATA", "BSI", "CIMB", "BJB")
DOCUMENT_KINDS: tuple[DocumentKind, ...] = tuple(DocumentKind)
CHECK_ITEMS: tuple[CheckItem, ...] = tuple(CheckItem)
INVITABLE = (Role.MANAGER, Role.CASHIER, Role.MEMBER, Role.DPS)  # the DPS: a syariah cooperative's only

# AHU online (Kemenkumham, since 2018): ``AHU-0001234.AH.01.26.TAHUN 2019``; before it the
# ministry's ``123/BH/KDK.10.2/XII/2005`` (a number, "BH", the office, the date).
_AHU = re.compile(r"^AHU-\d{7}\.AH\.01\.\d{2}\.TAHUN\s?\d{4}$", re.IGNORECASE)
_BH = re.compile(r"^(NO\.?\s*)?\d{1,6}[A-Z]?/BH/[A-Z0-9.\-/]+$", re.IGNORECASE)


def legal_number_looks_right(value: str) -> bool:
    """Whether a legal entity number has one of the two shapes Indonesia has issued (the
    operator still reads it against the SK)."""
    text = " ".join(value.split())
    return bool(_AHU.fullmatch(text) or _BH.fullmatch(text))


Password = Annotated[str, StringConstraints(min_length=8, max_length=200)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000)]


class RegistrationIn(BaseModel):
    """What a cooperative's pengurus fills in on ``/daftar-koperasi`` (the documents aside)."""

    model_config = ConfigDict(extra="forbid")

    name: Text
    legal_number: LegalNumber
    nik_koperasi: NikKoperasi
    coop_type: CoopType
    syariah: bool = False
    province: str
    regency: Text
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=500)]
    bank_name: Literal["BCA", "BRI", "BNI", "MANDIRI", "PERMATA", "BSI", "CIMB", "BJB"]
    bank_account_number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{5,20}$")]
    bank_account_holder: Text
    contact_name: Text
    contact_position: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    contact_phone: MobilePhone
    manager_name: Text
    manager_email: Email
    manager_password: Password

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str) -> str:
        from market.regions import PROVINCES

        if value not in PROVINCES:
            raise ValueError("Provinsi tidak dikenal")
        return value

    def cooperative_in(self) -> CooperativeIn:
        """The cooperative's profile; its time zone follows from the province."""
        fields = (
            "name",
            "legal_number",
            "nik_koperasi",
            "coop_type",
            "syariah",
            "province",
            "regency",
            "address",
            "bank_name",
            "bank_account_number",
            "bank_account_holder",
        )
        return CooperativeIn(**{f: getattr(self, f) for f in fields})


class Upload(BaseModel):
    """A file as it came in: its bytes and the name the sender gave it."""

    model_config = ConfigDict(frozen=True)

    content: bytes
    filename: str = ""


class DocumentOut(BaseModel):
    id: int
    kind: DocumentKind
    content_type: str
    size: int
    original_name: str
    uploaded_at: datetime


class CheckOut(BaseModel):
    item: CheckItem
    checked: bool
    checked_by: str = ""
    checked_at: datetime | None = None


class NoteOut(BaseModel):
    id: int
    author: str
    text: str
    created_at: datetime


class AuditOut(BaseModel):
    id: int
    created_at: datetime
    actor: str
    action: str
    detail: dict[str, Any]


class ApplicationOut(BaseModel):
    """An application with what the applicant sees; ``notes`` and ``audit`` only for the operator."""

    id: int
    cooperative: CooperativeOut
    state: ApplicationState
    revision: int
    contact_name: str
    contact_position: str
    contact_phone: str
    applicant_email: str
    bank_check: BankCheck
    bank_check_name: str
    bank_checked_at: datetime | None
    decision_reason: str
    response: str
    submitted_at: datetime
    decided_at: datetime | None
    documents: list[DocumentOut]
    missing_documents: list[DocumentKind]
    checks: list[CheckOut] = []
    notes: list[NoteOut] = []
    audit: list[AuditOut] = []
    legal_number_looks_right: bool

    @property
    def checklist_complete(self) -> bool:
        return len(self.checks) == len(CHECK_ITEMS) and all(c.checked for c in self.checks)


class ApplicationRow(BaseModel):
    """One line of the operator's queue."""

    id: int
    cooperative_id: int
    name: str
    province: str
    regency: str
    state: ApplicationState
    revision: int
    submitted_at: datetime
    checked: int
    bank_check: BankCheck


class InvitationOut(BaseModel):
    id: int
    role: Role
    name: str
    phone: str
    member_id: int | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    state: Literal["open", "used", "expired", "revoked"]


class InvitationLink(BaseModel):
    """A new invitation with its link, shown once, and ready-made WhatsApp and SMS links."""

    invitation: InvitationOut
    link: str
    message: str
    whatsapp: str
    sms: str


class InvitationView(BaseModel):
    """What the invited person sees before choosing their e-mail and password."""

    cooperative_id: int
    cooperative_name: str
    role: Role
    name: str
    expires_at: datetime
    timezone: str


class AcceptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    email: Email
    password: Password


class OperatorsOut(BaseModel):
    """The national operator's page of operator logins and the network's audit log."""

    logins: list[OperatorLoginOut]
    audit: list[AuditOut]
