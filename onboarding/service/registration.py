"""A cooperative registers itself: its profile, the payout account (its holder's name asked of
the bank), its three papers and its first manager's login, in one transaction — the cooperative
starts ``pending``: its staff prepare the catalog, members and opening balances, but the shop
shows and sells nothing of it until the operator verifies it (catalog and orders refuse a
cooperative that is not active).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from market import db
from market import service as market
from market.errors import Conflict, TooManyAttempts
from market.schemas import Role, UserIn
from onboarding.errors import BankAccountNotFound, InvalidDocument
from onboarding.events import CooperativeRegistered
from onboarding.models import Application, BankCheck, Document, DocumentKind
from onboarding.schemas import DOCUMENT_KINDS, RegistrationIn, Upload
from onboarding.service import audit, bank, documents

DOCUMENT_LABELS = {
    DocumentKind.AKTA: "Akta pendirian",
    DocumentKind.SK: "SK pengesahan badan hukum",
    DocumentKind.NPWP: "NPWP koperasi",
}


@dataclass(frozen=True)
class Registered:
    cooperative_id: int
    application_id: int
    manager: market.Actor
    bank_check: BankCheck


def checked_documents(uploads: dict[str, Upload], *, max_bytes: int) -> dict[DocumentKind, documents.Checked]:
    """Every paper checked at once; InvalidDocument names the first bad one and lists them all
    (``errors``: field and message each)."""
    found: dict[DocumentKind, documents.Checked] = {}
    problems: list[dict[str, str]] = []
    for kind in DOCUMENT_KINDS:
        upload = uploads.get(kind.value)
        try:
            if upload is None or not upload.content:
                raise InvalidDocument(f"{DOCUMENT_LABELS[kind]} wajib diunggah (PDF atau foto)", field=kind.value)
            found[kind] = documents.check(upload.content, max_bytes=max_bytes, field=kind.value)
        except InvalidDocument as exc:
            problems.append({"field": kind.value, "message": exc.detail})
    if problems:
        raise InvalidDocument(problems[0]["message"], field=problems[0]["field"], errors=problems)
    return found


async def _refuse_taken_email(email: str) -> None:
    if await market.email_taken(email):
        raise Conflict(
            "E-mail ini sudah terdaftar; masuk dengan akun itu atau pakai e-mail lain", field="manager_email"
        )


async def register(
    data: RegistrationIn,
    uploads: dict[str, Upload],
    *,
    directory: Path,
    max_bytes: int,
    gateway: bank.AccountValidator | None = None,
    client_ip: str = "",
    throttle: market.throttle.Throttle | None = None,
) -> Registered:
    """Register a cooperative with its papers and first manager; it waits for verification.

    The papers and the e-mail are checked first, then the bank is asked whose the account is
    (outside any transaction): an account the bank does not know is refused, a name that is not
    the cooperative's is recorded for the operator. The files are written before the transaction
    and removed again if it does not commit.

    One client address may register only so many cooperatives a day (``REGISTRATIONS_PER_IP``):
    past that, TooManyAttempts (429) and nothing is written."""
    throttle = throttle or market.throttle.current()
    address = client_ip or "unknown"
    decision = await throttle.hit(market.throttle.REGISTRATION_IP, address)
    if not decision.allowed:
        hours = max(1, -(-decision.retry_after_s // 3600))
        raise TooManyAttempts(
            f"Terlalu banyak pendaftaran dari alamat ini; coba lagi dalam {hours} jam",
            retry_after_s=decision.retry_after_s,
        )
    try:
        return await _register(data, uploads, directory=directory, max_bytes=max_bytes, gateway=gateway)
    except BaseException:
        await throttle.refund(market.throttle.REGISTRATION_IP, address)  # only registrations made count
        raise


async def _register(
    data: RegistrationIn,
    uploads: dict[str, Upload],
    *,
    directory: Path,
    max_bytes: int,
    gateway: bank.AccountValidator | None,
) -> Registered:
    papers = checked_documents(uploads, max_bytes=max_bytes)
    await _refuse_taken_email(data.manager_email)
    profile = data.cooperative_in()
    outcome, bank_holder = await bank.check_account(
        gateway,
        bank=data.bank_name,
        number=data.bank_account_number,
        holder=data.bank_account_holder,
        coop_name=data.name,
    )
    if outcome == BankCheck.NOT_FOUND:
        raise BankAccountNotFound(
            f"Rekening {data.bank_name} {data.bank_account_number} tidak ditemukan di bank", field="bank_account_number"
        )
    written: list[str] = []
    try:
        async with db.transaction():
            coop = await market.create_cooperative(profile)
            for paper in papers.values():
                written.append(documents.write(coop.id, paper, directory))
            user = await market.create_user(
                UserIn(
                    email=data.manager_email, password=data.manager_password, role=Role.MANAGER, name=data.manager_name
                ),
                cooperative_id=coop.id,
            )
            manager = await market.actor_by_id(user.id)
            assert manager is not None
            application = await _open_application(coop.id, data, manager, outcome, bank_holder)
            for (kind, paper), name in zip(papers.items(), written, strict=True):
                await add_document(application, kind, paper, name, uploads[kind.value].filename, manager)
            await market.publish(
                CooperativeRegistered(cooperative_id=coop.id, application_id=application.id, province=coop.province)
            )
    except BaseException:
        documents.remove(written, directory)
        raise
    return Registered(coop.id, application.id, manager, outcome)


async def _open_application(
    coop_id: int, data: RegistrationIn, manager: market.Actor, outcome: BankCheck, bank_holder: str
) -> Application:
    now = datetime.now(UTC)
    application = await Application.create(
        cooperative_id=coop_id,
        applicant_user_id=manager.user_id,
        contact_name=data.contact_name,
        contact_position=data.contact_position,
        contact_phone=data.contact_phone,
        bank_check=outcome,
        bank_check_name=bank_holder,
        bank_checked_at=None if outcome == BankCheck.PENDING else now,
        submitted_at=now,
    )
    await audit.record(
        coop_id, "registered", actor=manager, application_id=application.id, name=data.name, province=data.province
    )
    await audit.record(
        coop_id, "bank_checked", actor=None, application_id=application.id, outcome=str(outcome), holder=bank_holder
    )
    return application


async def add_document(
    application: Application,
    kind: DocumentKind,
    paper: documents.Checked,
    name: str,
    original_name: str,
    actor: market.Actor,
) -> Document:
    now = datetime.now(UTC)
    await Document.filter(application_id=application.id, kind=kind, replaced_at=None).update(replaced_at=now)
    document = await Document.create(
        application_id=application.id,
        kind=kind,
        file_name=name,
        content_type=paper.content_type,
        size=len(paper.content),
        sha256=paper.sha256,
        original_name=(original_name or "")[:200],
        uploaded_by_user_id=actor.user_id,
    )
    await audit.record(
        application.cooperative_id,
        "document_uploaded",
        actor=actor,
        application_id=application.id,
        kind=str(kind),
        document_id=document.id,
        sha256=paper.sha256,
    )
    return document
