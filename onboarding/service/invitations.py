"""One-time links that give a person a login of the cooperative — staff (manager, cashier) or a
member (tied to their member record) — sent by the manager through WhatsApp or SMS from the page
(``wa.me`` / ``sms:`` links with the message filled in): no mail server is needed.

Only the link's SHA-256 is stored, so a database dump opens no account. A link works once and
until it expires: using it is a conditional UPDATE (unused, not withdrawn, not expired) in the
transaction that creates the login, so two people opening the same link get one login, and a
login that cannot be made (the e-mail is taken) leaves the link unused.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from market import db
from market import service as market
from market.errors import Conflict, InvalidInput
from market.phones import InvalidPhone, normalize_mobile, to_e164
from market.schemas import Role, UserIn
from market.service import members as market_members
from onboarding.errors import InvitationGone, InvitationNotFound
from onboarding.models import Invitation
from onboarding.schemas import INVITABLE, AcceptIn, InvitationLink, InvitationOut, InvitationView
from onboarding.service import audit

TTL = timedelta(hours=72)
MANAGERS = frozenset({Role.MANAGER})
ROLE_WORDS = {
    Role.MANAGER: "manajer",
    Role.CASHIER: "kasir",
    Role.MEMBER: "anggota",
    Role.DPS: "Dewan Pengawas Syariah",
}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _state(row: Invitation, now: datetime) -> Literal["open", "used", "expired", "revoked"]:
    if row.used_at is not None:
        return "used"
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if row.expires_at <= now else "open"


def _out(row: Invitation, now: datetime | None = None) -> InvitationOut:
    return InvitationOut(
        id=row.id,
        role=Role(row.role),
        name=row.name,
        phone=row.phone,
        member_id=row.member_id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        revoked_at=row.revoked_at,
        state=_state(row, now or _now()),
    )


def _phone(raw: str) -> str:
    if not raw.strip():
        return ""
    try:
        return normalize_mobile(raw)
    except InvalidPhone as exc:
        raise InvalidInput(str(exc), field="phone") from None


async def _member_of(coop_id: int, member_number: str) -> tuple[int, str, str]:
    """The member's id, name and phone; refused when the member already has a login."""
    if not member_number.strip():
        raise InvalidInput("Nomor anggota wajib diisi untuk undangan anggota", field="member_number")
    member = await market_members.find_member(coop_id, member_number.strip())
    if any(login.member_id == member.id and login.is_active for login in await market.coop_logins(coop_id)):
        raise Conflict("Anggota ini sudah punya login", field="member_number")
    return member.id, member.name, member.phone


def _message(name: str, role: Role, coop_name: str, link: str, expires: str) -> str:
    return (
        f"Halo {name}, Anda diundang sebagai {ROLE_WORDS[role]} {coop_name} di Pasar Koperasi. "
        f"Buka tautan ini untuk membuat login Anda (sekali pakai, berlaku sampai {expires}): {link}"
    )


async def invite(
    coop_id: int,
    *,
    role: Role,
    name: str = "",
    phone: str = "",
    member_number: str = "",
    actor: market.Actor,
    base_url: str,
    ttl: timedelta = TTL,
) -> InvitationLink:
    """Make a one-time link for one person; the link (and its WhatsApp/SMS forms) is in the
    answer once — only its hash is kept."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    if role not in INVITABLE:
        raise InvalidInput("Undangan hanya untuk manajer, kasir, anggota atau DPS", field="role")
    if role == Role.DPS and not await market.is_syariah(coop_id):
        raise InvalidInput("Dewan Pengawas Syariah hanya untuk koperasi syariah", field="role")
    member_id = None
    if role == Role.MEMBER:
        member_id, member_name, member_phone = await _member_of(coop_id, member_number)
        name, phone = name.strip() or member_name, phone.strip() or member_phone
    name, phone = " ".join(name.split()), _phone(phone)
    if not 1 <= len(name) <= 200:
        raise InvalidInput("Nama yang diundang wajib diisi", field="name")
    coop = await market.get_cooperative(coop_id)
    token = secrets.token_urlsafe(24)
    async with db.transaction():
        row = await Invitation.create(
            cooperative_id=coop_id,
            role=str(role),
            member_id=member_id,
            name=name,
            phone=phone,
            token_hash=_digest(token),
            created_by_user_id=actor.user_id,
            expires_at=_now() + ttl,
        )
        await audit.record(coop_id, "invitation_created", actor=actor, invitation_id=row.id, role=str(role), name=name)
    link = f"{base_url.rstrip('/')}/undangan/{token}"
    expires = row.expires_at.astimezone(ZoneInfo(coop.timezone)).strftime("%d-%m-%Y %H:%M")
    message = _message(name, role, coop.name, link, expires)
    number = to_e164(phone).lstrip("+") if phone else ""
    return InvitationLink(
        invitation=_out(row),
        link=link,
        message=message,
        whatsapp=f"https://wa.me/{number}?text={quote(message)}",
        sms=f"sms:{'+' + number if number else ''}?body={quote(message)}",
    )


async def invitations(coop_id: int, *, actor: market.Actor, limit: int = 50) -> list[InvitationOut]:
    """The cooperative's recent invitations, newest first, with their state."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    now = _now()
    return [_out(r, now) for r in await Invitation.filter(cooperative_id=coop_id).order_by("-id").limit(limit)]


async def withdraw(coop_id: int, invitation_id: int, *, actor: market.Actor) -> InvitationOut:
    """Withdraw an unused invitation: its link stops working."""
    market.require_coop(actor, coop_id, roles=MANAGERS)
    async with db.transaction():
        changed = await Invitation.filter(
            id=invitation_id, cooperative_id=coop_id, used_at=None, revoked_at=None
        ).update(revoked_at=_now())
        row = await Invitation.get_or_none(id=invitation_id, cooperative_id=coop_id)
        if row is None:
            raise InvitationNotFound("Undangan tidak ditemukan")
        if changed:
            await audit.record(coop_id, "invitation_revoked", actor=actor, invitation_id=row.id)
    return _out(row)


async def _usable(token: str) -> Invitation:
    row = await Invitation.get_or_none(token_hash=_digest(token)) if token else None
    if row is None:
        raise InvitationNotFound("Tautan undangan tidak dikenal; minta tautan baru ke manajer koperasi")
    state = _state(row, _now())
    if state == "used":
        raise InvitationGone("Tautan undangan ini sudah dipakai; masuk dengan login Anda atau minta tautan baru")
    if state == "revoked":
        raise InvitationGone("Undangan ini sudah dibatalkan oleh koperasi")
    if state == "expired":
        raise InvitationGone("Tautan undangan ini sudah kedaluwarsa; minta tautan baru ke manajer koperasi")
    return row


async def view(token: str) -> InvitationView:
    """What the invited person sees on opening the link (refused once it no longer works)."""
    row = await _usable(token)
    coop = await market.get_cooperative(row.cooperative_id)
    return InvitationView(
        cooperative_id=coop.id,
        cooperative_name=coop.name,
        role=Role(row.role),
        name=row.name,
        expires_at=row.expires_at,
        timezone=coop.timezone,
    )


async def accept(token: str, data: AcceptIn) -> market.Actor:
    """Use the link: the login is made with the person's own e-mail and password, once."""
    row = await _usable(token)
    async with db.transaction():
        now = _now()
        claimed = await Invitation.filter(id=row.id, used_at=None, revoked_at=None, expires_at__gt=now).update(
            used_at=now
        )
        if not claimed:
            raise InvitationGone("Tautan undangan ini sudah dipakai atau tidak berlaku lagi")
        user = await market.create_user(
            UserIn(email=data.email, password=data.password, role=Role(row.role), name=data.name),
            cooperative_id=row.cooperative_id,
            member_id=row.member_id,
        )
        await Invitation.filter(id=row.id).update(used_by_user_id=user.id)
        actor = await market.actor_by_id(user.id)
        assert actor is not None
        await audit.record(
            row.cooperative_id, "invitation_used", actor=actor, invitation_id=row.id, role=row.role, email=user.email
        )
    return actor
