"""Bearer API tokens: a person's own (``market users add --print-token``) and a cooperative's,
made by its manager for its own systems with a name and scopes (market.scopes), listed and
revoked on its tokens page.

Only a token's SHA-256 is stored; the token itself is shown once, when it is made. A revoked
token is refused (401) on its very next request, in every process: the row is read each time.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from market import scopes as scopes_
from market.errors import InvalidInput, NotFound
from market.models import ApiToken, Role
from market.schemas import TokenOut
from market.service.users import Actor, actor_of, with_scope

PREFIX = "pk_"
# last_used_at is written at most this often per token (not on every request).
TOUCH_EVERY = timedelta(minutes=1)


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


async def issue_token(user_id: int, name: str = "") -> str:
    """Create a person's own bearer token (all their rights); the token is shown once."""
    token = _new_token()
    await ApiToken.create(user_id=user_id, token_hash=_digest(token), name=name)
    return token


def _token_out(row: ApiToken) -> TokenOut:
    return TokenOut(
        id=row.id,
        name=row.name,
        scopes=list(row.scopes or []),
        created_by=row.user.name or row.user.email,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


async def issue_coop_token(coop_id: int, *, name: str, scopes: list[str], created_by: int) -> tuple[str, TokenOut]:
    """Create a token for the cooperative's own system, limited to *scopes*; return the token
    (shown once, never again) and what the tokens page lists of it."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput("Nama token wajib diisi (maks. 100 karakter)", field="name")
    unknown = set(scopes) - set(scopes_.SCOPES)
    if unknown:
        raise InvalidInput(f"Cakupan tidak dikenal: {', '.join(sorted(unknown))}", field="scopes")
    chosen = scopes_.clean(scopes)
    if not chosen:
        raise InvalidInput("Pilih sedikitnya satu cakupan", field="scopes")
    token = _new_token()
    row = await ApiToken.create(
        user_id=created_by, cooperative_id=coop_id, token_hash=_digest(token), name=name, scopes=chosen
    )
    await row.fetch_related("user")
    return token, _token_out(row)


async def coop_tokens(coop_id: int) -> list[TokenOut]:
    """The cooperative's tokens, live ones first, newest first."""
    rows = await ApiToken.filter(cooperative_id=coop_id).select_related("user").order_by("-id")
    return sorted((_token_out(r) for r in rows), key=lambda t: t.revoked_at is not None)


async def revoke_coop_token(coop_id: int, token_id: int) -> tuple[TokenOut, bool]:
    """Revoke one of the cooperative's tokens; returns it and whether this call revoked it
    (False when it already was)."""
    changed = await ApiToken.filter(id=token_id, cooperative_id=coop_id, revoked_at=None).update(revoked_at=_now())
    row = await ApiToken.get_or_none(id=token_id, cooperative_id=coop_id).select_related("user")
    if row is None:
        raise NotFound("Token tidak ditemukan")
    return _token_out(row), bool(changed)


async def actor_by_token(token: str) -> Actor | None:
    """Who a bearer token acts for, or None (unknown, revoked, or its person's login ended).

    A cooperative's token acts for the cooperative (as a manager of it, within its scopes), and
    keeps working when the person who made it leaves: the cooperative revokes it on its page."""
    row = await ApiToken.get_or_none(token_hash=_digest(token)).select_related("user")
    if row is None or row.revoked_at is not None:
        return None
    now = _now()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        await ApiToken.filter(id=row.id).update(last_used_at=now)
    if row.cooperative_id is None:
        return await with_scope(actor_of(row.user)) if row.user.is_active else None
    return Actor(
        user_id=row.user_id,
        email=row.user.email,
        name=row.name,
        role=Role.MANAGER,
        cooperative_id=row.cooperative_id,
        member_id=None,
        scopes=frozenset(row.scopes or ()),
        token_id=row.id,
    )
