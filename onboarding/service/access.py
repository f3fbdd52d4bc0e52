"""The manager's people and tokens pages without a shell: staff roles changed, access revoked
(every session of that login ends at once) or given back, the cooperative's API tokens made and
revoked. Market keeps the logins and tokens; each change is written to the audit log here, in
the same transaction."""

from __future__ import annotations

from market import db
from market import service as market
from market.schemas import LoginOut, Role, TokenOut
from onboarding.service import audit

MANAGERS = frozenset({Role.MANAGER})


async def people(coop_id: int, *, actor: market.Actor) -> list[LoginOut]:
    """The cooperative's logins (staff and members)."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    return await market.coop_logins(coop_id)


async def change_role(coop_id: int, user_id: int, role: Role, *, actor: market.Actor) -> LoginOut:
    """Make a staff login a manager or a cashier (takes effect on its next request)."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    async with db.transaction():
        login, before = await market.set_role(coop_id, user_id, role, by=actor)
        if before != role:
            await audit.record(
                coop_id,
                "role_changed",
                actor=actor,
                user_id=user_id,
                email=login.email,
                before=str(before),
                after=str(role),
            )
    return login


async def set_access(
    coop_id: int, user_id: int, active: bool, *, actor: market.Actor, store: market.sessions.SessionStore | None = None
) -> tuple[LoginOut, int]:
    """Revoke a login (its sessions end) or give it back; returns it and how many sessions ended."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    async with db.transaction():
        login, ended = await market.set_access(coop_id, user_id, active, by=actor, store=store)
        action = "access_restored" if active else "access_revoked"
        await audit.record(coop_id, action, actor=actor, user_id=user_id, email=login.email, sessions_ended=ended)
    return login, ended


async def tokens(coop_id: int, *, actor: market.Actor) -> list[TokenOut]:
    market.require_coop(actor, coop_id, roles=MANAGERS)
    return await market.coop_tokens(coop_id)


async def create_token(coop_id: int, *, name: str, scopes: list[str], actor: market.Actor) -> tuple[str, TokenOut]:
    """A token for the cooperative's own system; the token is in the answer once, never again."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    async with db.transaction():
        token, out = await market.issue_coop_token(coop_id, name=name, scopes=scopes, created_by=actor.user_id)
        await audit.record(coop_id, "token_created", actor=actor, token_id=out.id, name=out.name, scopes=out.scopes)
    return token, out


async def revoke_token(coop_id: int, token_id: int, *, actor: market.Actor) -> TokenOut:
    """Revoke a token: its next request is refused (401)."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    async with db.transaction():
        out, changed = await market.revoke_coop_token(coop_id, token_id)
        if changed:
            await audit.record(coop_id, "token_revoked", actor=actor, token_id=out.id, name=out.name)
    return out
