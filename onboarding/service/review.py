"""The operator's side: the queue of applications, each with its papers, the checklist (per
revision), notes, and the decision — approve (the cooperative becomes active and its shop
opens) or ask for changes with a reason the applicant sees — then suspension with a reason and
reinstatement. Every step goes into the audit log in the transaction that makes it.

A decision is a conditional UPDATE on the application's state and revision, so two operators
deciding at once (or an operator deciding while the applicant resubmits) decide once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market
from market.errors import InvalidInput
from market.schemas import CooperativeOut
from onboarding.errors import ChecklistIncomplete, WrongState
from onboarding.events import ApplicationDecided
from onboarding.models import Application, ApplicationState, Check, CheckItem, Note
from onboarding.schemas import CHECK_ITEMS, ApplicationOut, ApplicationRow
from onboarding.service import audit
from onboarding.service.common import application_out, application_row

CoopStatus = market.CoopStatus


async def queue(
    *, actor: market.Actor, state: ApplicationState | None = ApplicationState.SUBMITTED
) -> list[ApplicationRow]:
    """Applications in *state* (all when None), the longest-waiting first."""
    market.require_operator(actor)
    query = Application.all() if state is None else Application.filter(state=state)
    if actor.scope_ids is not None:  # a provincial office: its province's applications
        query = query.filter(cooperative_id__in=actor.scope_ids)
    rows = await query.order_by("submitted_at", "id").limit(500)
    coops = {c.id: c for c in await market.list_cooperatives(ids=[r.cooperative_id for r in rows])}
    revision = {r.id: r.revision for r in rows}
    ticks: dict[int, int] = {}
    for check in await Check.filter(application_id__in=list(revision)):
        if check.revision == revision[check.application_id]:
            ticks[check.application_id] = ticks.get(check.application_id, 0) + 1
    return [
        ApplicationRow(
            id=r.id,
            cooperative_id=r.cooperative_id,
            name=coops[r.cooperative_id].name,
            province=coops[r.cooperative_id].province,
            regency=coops[r.cooperative_id].regency,
            state=r.state,
            revision=r.revision,
            submitted_at=r.submitted_at,
            checked=ticks.get(r.id, 0),
            bank_check=r.bank_check,
        )
        for r in rows
        if r.cooperative_id in coops
    ]


async def application_ids(coop_ids: list[int]) -> dict[int, int]:
    """The application of each of these cooperatives that registered through the form."""
    rows = await Application.filter(cooperative_id__in=coop_ids).values_list("cooperative_id", "id")
    return {int(c): int(a) for c, a in rows}


async def review(application_id: int, *, actor: market.Actor) -> ApplicationOut:
    """One application with its checklist, notes and audit log."""
    market.require_operator(actor)
    row = await _in_scope(application_id, actor)
    return await application_out(row, for_operator=True)


async def _in_scope(application_id: int, actor: market.Actor) -> Application:
    """The application, when its cooperative is in the operator's scope (another province's: 404)."""
    row = await application_row(application_id)
    market.require_coop(actor, row.cooperative_id)
    return row


async def _under_review(application_id: int, actor: market.Actor) -> Application:
    row = await _in_scope(application_id, actor)
    if row.state != ApplicationState.SUBMITTED:
        raise WrongState("Pendaftaran ini tidak sedang menunggu pemeriksaan")
    return row


async def set_check(application_id: int, item: CheckItem, checked: bool, *, actor: market.Actor) -> ApplicationOut:
    """Tick (or clear) one checklist item for the application's current revision."""
    market.require_operator(actor)
    row = await _under_review(application_id, actor)
    async with db.transaction():
        if checked:
            try:
                async with db.transaction():
                    await Check.create(
                        application_id=row.id, item=item, revision=row.revision, checked_by_user_id=actor.user_id
                    )
            except IntegrityError:
                return await review(application_id, actor=actor)  # ticked already: nothing changes
        elif not await Check.filter(application_id=row.id, item=item, revision=row.revision).delete():
            return await review(application_id, actor=actor)
        action = "check_ticked" if checked else "check_cleared"
        await audit.record(
            row.cooperative_id, action, actor=actor, application_id=row.id, item=str(item), revision=row.revision
        )
    return await review(application_id, actor=actor)


async def add_note(application_id: int, text: str, *, actor: market.Actor) -> ApplicationOut:
    """Keep a working note on the application (the operator's only)."""
    market.require_operator(actor)
    row = await _in_scope(application_id, actor)
    body = text.strip()
    if not 1 <= len(body) <= 2000:
        raise InvalidInput("Catatan wajib diisi (maks. 2000 karakter)", field="note")
    async with db.transaction():
        note = await Note.create(application_id=row.id, author_user_id=actor.user_id, text=body)
        await audit.record(row.cooperative_id, "note_added", actor=actor, application_id=row.id, note_id=note.id)
    return await review(application_id, actor=actor)


async def _decide(row: Application, state: ApplicationState, actor: market.Actor, reason: str = "") -> None:
    changed = await Application.filter(id=row.id, state=ApplicationState.SUBMITTED, revision=row.revision).update(
        state=state, decided_at=datetime.now(UTC), decided_by_user_id=actor.user_id, decision_reason=reason
    )
    if not changed:
        raise WrongState("Pendaftaran ini sudah diputuskan atau dikirim ulang")
    await market.publish(
        ApplicationDecided(
            cooperative_id=row.cooperative_id, application_id=row.id, decision=str(state), revision=row.revision
        )
    )


async def approve(application_id: int, *, actor: market.Actor) -> ApplicationOut:
    """Verify the cooperative: every checklist item ticked for this revision, then it is active."""
    market.require_operator(actor)
    row = await _under_review(application_id, actor)
    ticked = {c.item for c in await Check.filter(application_id=row.id, revision=row.revision)}
    missing = [str(i) for i in CHECK_ITEMS if i not in ticked]
    if missing:
        raise ChecklistIncomplete("Centang semua butir daftar periksa sebelum menyetujui", missing=missing)
    async with db.transaction():
        await _decide(row, ApplicationState.APPROVED, actor)
        await market.set_status(row.cooperative_id, CoopStatus.ACTIVE)
        await audit.record(row.cooperative_id, "approved", actor=actor, application_id=row.id, revision=row.revision)
    return await review(application_id, actor=actor)


def _reason(text: str) -> str:
    reason = text.strip()
    if not 10 <= len(reason) <= 2000:
        raise InvalidInput("Tulis alasannya (10–2000 karakter): pendaftar akan membacanya", field="reason")
    return reason


async def request_changes(application_id: int, reason: str, *, actor: market.Actor) -> ApplicationOut:
    """Refuse this revision with a reason the applicant sees; they fix it and resubmit."""
    market.require_operator(actor)
    text = _reason(reason)
    row = await _under_review(application_id, actor)
    async with db.transaction():
        await _decide(row, ApplicationState.CHANGES_REQUESTED, actor, text)
        await audit.record(
            row.cooperative_id,
            "changes_requested",
            actor=actor,
            application_id=row.id,
            revision=row.revision,
            reason=text,
        )
    return await review(application_id, actor=actor)


async def suspend(coop_id: int, reason: str, *, actor: market.Actor) -> CooperativeOut:
    """Suspend an active cooperative (its shop closes) with the reason it is shown."""
    market.require_operator(actor)
    market.require_coop(actor, coop_id)
    text = _reason(reason)
    coop = await market.get_cooperative(coop_id)
    if coop.status != CoopStatus.ACTIVE:
        raise WrongState("Hanya koperasi aktif yang dapat ditangguhkan")
    async with db.transaction():
        coop = await market.set_status(coop_id, CoopStatus.SUSPENDED, reason=text)
        await audit.record(coop_id, "suspended", actor=actor, reason=text)
    return CooperativeOut.model_validate(coop)


async def reinstate(coop_id: int, *, actor: market.Actor) -> CooperativeOut:
    """Make a suspended cooperative active again — or verify a pending one that never went
    through the registration form (made by the operator through the API); a registered one is
    verified by approving its application."""
    market.require_operator(actor)
    market.require_coop(actor, coop_id)
    coop = await market.get_cooperative(coop_id)
    registered = await Application.get_or_none(cooperative_id=coop_id)
    if coop.status == CoopStatus.PENDING and registered is not None:
        raise WrongState("Koperasi ini diverifikasi lewat antrean pendaftaran", application_id=registered.id)
    if coop.status == CoopStatus.ACTIVE:
        return CooperativeOut.model_validate(coop)
    async with db.transaction():
        action = "reinstated" if coop.status == CoopStatus.SUSPENDED else "approved"
        coop = await market.set_status(coop_id, CoopStatus.ACTIVE)
        await audit.record(coop_id, action, actor=actor)
    return CooperativeOut.model_validate(coop)
