"""The audit log: every step of a cooperative's registration, verification, status, people and
tokens — who (the login, as its e-mail at the time), when, what — written in the same
transaction as the change it records, and never edited."""

from __future__ import annotations

from typing import Any

from market.service import Actor
from onboarding.models import AuditEntry
from onboarding.schemas import AuditOut

# action -> what it means (Indonesian; the pages translate their own labels)
ACTIONS = (
    "registered",
    "document_uploaded",
    "amended",
    "resubmitted",
    "bank_checked",
    "check_ticked",
    "check_cleared",
    "note_added",
    "approved",
    "changes_requested",
    "suspended",
    "reinstated",
    "invitation_created",
    "invitation_used",
    "invitation_revoked",
    "role_changed",
    "access_revoked",
    "access_restored",
    "token_created",
    "token_revoked",
    "operator_created",
    "operator_scope_changed",
)


def label_of(actor: Actor | None) -> str:
    if actor is None:
        return "sistem"
    if actor.token_id is not None:
        return f"token #{actor.token_id} ({actor.name})"
    return actor.email


async def record(
    coop_id: int | None, action: str, *, actor: Actor | None, application_id: int | None = None, **detail: Any
) -> None:
    """Write one line of the log (inside the caller's transaction); *coop_id* None: the network's."""
    assert action in ACTIONS, action
    await AuditEntry.create(
        cooperative_id=coop_id,
        application_id=application_id,
        actor_user_id=actor.user_id if actor else None,
        actor_label=label_of(actor)[:254],
        action=action,
        detail=detail,
    )


async def history(coop_id: int | None, *, limit: int = 200) -> list[AuditOut]:
    """The cooperative's log (None: the network's own), newest first."""
    query = (
        AuditEntry.filter(cooperative_id=coop_id)
        if coop_id is not None
        else AuditEntry.filter(cooperative_id__isnull=True)
    )
    rows = await query.order_by("-id").limit(limit)
    return [
        AuditOut(id=r.id, created_at=r.created_at, actor=r.actor_label, action=r.action, detail=r.detail) for r in rows
    ]
