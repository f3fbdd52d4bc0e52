"""The applicant's side after registering: read the application (state, the operator's reason),
and — once the operator asked for changes — correct the profile, replace a paper, answer the
reason and resubmit. Corrections wait for a refusal: while the operator is reviewing a revision,
it does not change under them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from market import db
from market import service as market
from market.errors import InvalidInput
from market.schemas import CooperativeAmend
from onboarding.errors import BankAccountNotFound, WrongState
from onboarding.models import Application, ApplicationState, BankCheck, DocumentKind
from onboarding.schemas import ApplicationOut, Upload
from onboarding.service import audit, bank, documents
from onboarding.service.common import application_of_coop, application_out
from onboarding.service.registration import add_document

MANAGERS = frozenset({market.Role.MANAGER})
BANK_FIELDS = ("bank_name", "bank_account_number", "bank_account_holder", "name")


async def my_application(coop_id: int, *, actor: market.Actor) -> ApplicationOut:
    """The cooperative's application as its managers (and the operator) read it."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    return await application_out(await application_of_coop(coop_id), for_operator=False)


async def _open_for_changes(coop_id: int) -> Application:
    row = await application_of_coop(coop_id)
    if row.state != ApplicationState.CHANGES_REQUESTED:
        raise WrongState("Data dapat diperbaiki setelah operator meminta perbaikan")
    return row


async def amend(
    coop_id: int, data: CooperativeAmend, *, actor: market.Actor, gateway: bank.AccountValidator | None = None
) -> ApplicationOut:
    """Correct the registration's profile or bank account; a changed account (or name) is asked
    of the bank again (before the transaction)."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    row = await _open_for_changes(coop_id)
    coop = await market.get_cooperative(coop_id)
    after = {f: getattr(data, f) if getattr(data, f) is not None else getattr(coop, f) for f in BANK_FIELDS}
    recheck = any(after[f] != getattr(coop, f) for f in BANK_FIELDS)
    if recheck:
        outcome, holder = await bank.check_account(
            gateway,
            bank=after["bank_name"],
            number=after["bank_account_number"],
            holder=after["bank_account_holder"],
            coop_name=after["name"],
        )
        if outcome == BankCheck.NOT_FOUND:
            raise BankAccountNotFound("Rekening ini tidak ditemukan di bank", field="bank_account_number")
    async with db.transaction():
        _, changed = await market.amend_pending(coop_id, data)
        if changed:
            await audit.record(coop_id, "amended", actor=actor, application_id=row.id, fields=changed)
        if recheck:
            row.bank_check, row.bank_check_name, row.bank_checked_at = outcome, holder, datetime.now(UTC)
            await row.save(update_fields=["bank_check", "bank_check_name", "bank_checked_at"])
            await audit.record(
                coop_id, "bank_checked", actor=None, application_id=row.id, outcome=str(outcome), holder=holder
            )
    return await application_out(row, for_operator=False)


async def replace_document(
    coop_id: int, kind: DocumentKind, upload: Upload, *, actor: market.Actor, directory: Path, max_bytes: int
) -> ApplicationOut:
    """Upload a new version of one paper; the old one is kept, marked replaced."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    row = await _open_for_changes(coop_id)
    paper = documents.check(upload.content, max_bytes=max_bytes, field=kind.value)
    name = documents.write(coop_id, paper, directory)
    try:
        async with db.transaction():
            await add_document(row, kind, paper, name, upload.filename, actor)
    except BaseException:
        documents.remove([name], directory)
        raise
    return await application_out(row, for_operator=False)


async def resubmit(coop_id: int, response: str, *, actor: market.Actor) -> ApplicationOut:
    """Send the corrected application back to the operator with the applicant's answer; it is a
    new revision, so the operator's checklist starts again."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    answer = " ".join(response.split())
    if len(answer) < 5:
        raise InvalidInput("Tulis jawaban untuk operator (apa yang sudah diperbaiki)", field="response")
    row = await _open_for_changes(coop_id)
    async with db.transaction():
        changed = await Application.filter(
            id=row.id, state=ApplicationState.CHANGES_REQUESTED, revision=row.revision
        ).update(
            state=ApplicationState.SUBMITTED,
            revision=row.revision + 1,
            response=response.strip()[:2000],
            submitted_at=datetime.now(UTC),
        )
        if not changed:
            raise WrongState("Pendaftaran ini sudah dikirim ulang")
        await audit.record(coop_id, "resubmitted", actor=actor, application_id=row.id, revision=row.revision + 1)
    return await application_out(await application_of_coop(coop_id), for_operator=False)
