"""People without a shell: one-time invitation links (once, until they expire, withdrawn), a
member's login tied to their record, roles changed and access revoked — ending every session —
with the cooperative always keeping an active manager."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest

from market import service as market
from market.errors import Conflict, NotFound
from market.schemas import Role
from market.service import sessions
from onboarding import service
from onboarding.errors import InvitationGone, InvitationNotFound
from onboarding.models import Invitation
from onboarding.schemas import AcceptIn
from tests.builders import make_coop, make_member, make_user
from tests.onboarding.helpers import actions

BASE = "https://pasar.example"


async def _manager(coop_id: int) -> market.Actor:
    actor = await market.actor_by_id((await make_user(Role.MANAGER, coop_id)).id)
    assert actor is not None
    return actor


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def _person(email: str) -> AcceptIn:
    return AcceptIn(name="Siti Kasir", email=email, password="rahasia123")


async def test_an_invitation_link_works_once(db):
    # given
    coop = await make_coop(name="Koperasi Tani Makmur")
    manager = await _manager(coop.id)
    made = await service.invite(
        coop.id, role=Role.CASHIER, name="Siti", phone="0812-3456-7890", actor=manager, base_url=BASE
    )
    token = _token(made.link)
    # then the link is for WhatsApp and SMS, and only its hash is kept
    assert made.link.startswith(f"{BASE}/undangan/") and made.whatsapp.startswith("https://wa.me/6281234567890?text=")
    assert made.link in unquote(made.whatsapp) and made.sms.startswith("sms:+6281234567890?body=")
    assert "Koperasi Tani Makmur" in made.message and "kasir" in made.message
    stored = await Invitation.get(id=made.invitation.id)
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert (await service.view(token)).cooperative_name == "Koperasi Tani Makmur"
    # when it is used, then used again
    cashier = await service.accept(token, _person("siti@tani.id"))
    with pytest.raises(InvitationGone):
        await service.accept(token, _person("orang.lain@tani.id"))
    with pytest.raises(InvitationGone):
        await service.view(token)
    # then one login, a cashier of this cooperative
    assert (cashier.role, cashier.cooperative_id, cashier.email) == (Role.CASHIER, coop.id, "siti@tani.id")
    assert not await market.email_taken("orang.lain@tani.id")
    [listed] = await service.invitations(coop.id, actor=manager)
    assert listed.state == "used"
    assert await actions(coop.id) == ["invitation_created", "invitation_used"]


async def test_an_expired_or_withdrawn_link_opens_nothing_and_a_failed_use_leaves_it_unused(db):
    coop = await make_coop()
    manager = await _manager(coop.id)
    late = await service.invite(coop.id, role=Role.MANAGER, name="Yosef", actor=manager, base_url=BASE)
    await Invitation.filter(id=late.invitation.id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    withdrawn = await service.invite(coop.id, role=Role.CASHIER, name="Ana", actor=manager, base_url=BASE)
    await service.withdraw(coop.id, withdrawn.invitation.id, actor=manager)
    fresh = await service.invite(coop.id, role=Role.CASHIER, name="Rina", actor=manager, base_url=BASE)
    with pytest.raises(InvitationGone, match="kedaluwarsa"):
        await service.accept(_token(late.link), _person("yosef@tani.id"))
    with pytest.raises(InvitationGone, match="dibatalkan"):
        await service.view(_token(withdrawn.link))
    with pytest.raises(InvitationNotFound):
        await service.view("tebakan-acak")
    with pytest.raises(Conflict):  # the e-mail is taken: no login, the link still works
        await service.accept(_token(fresh.link), _person(manager.email))
    assert (await service.accept(_token(fresh.link), _person("rina@tani.id"))).role == Role.CASHIER
    states = {i.name: i.state for i in await service.invitations(coop.id, actor=manager)}
    assert states == {"Yosef": "expired", "Ana": "revoked", "Rina": "used"}


async def test_a_member_login_is_tied_to_the_member_record(db):
    coop = await make_coop()
    manager = await _manager(coop.id)
    member = await make_member(coop.id, name="Petrus Dhae", phone="081311112222")
    made = await service.invite(
        coop.id, role=Role.MEMBER, member_number=member.member_number, actor=manager, base_url=BASE
    )
    assert made.invitation.name == "Petrus Dhae" and made.whatsapp.startswith("https://wa.me/6281311112222?")
    login = await service.accept(_token(made.link), _person("petrus@tani.id"))
    assert (login.role, login.member_id, login.cooperative_id) == (Role.MEMBER, member.id, coop.id)
    with pytest.raises(Conflict):
        await service.invite(
            coop.id, role=Role.MEMBER, member_number=member.member_number, actor=manager, base_url=BASE
        )


async def test_roles_change_and_revoking_access_ends_every_session(db, settings):
    # given a cashier signed in on two devices
    coop = await make_coop()
    manager = await _manager(coop.id)
    cashier = await make_user(Role.CASHIER, coop.id)
    store = sessions.DatabaseSessions(settings.session_max_age_s)
    phone, laptop = await sessions.start(cashier.id, store=store), await sessions.start(cashier.id, store=store)
    # when promoted, then revoked
    promoted = await service.change_role(coop.id, cashier.id, Role.MANAGER, actor=manager)
    revoked, ended = await service.set_access(coop.id, cashier.id, False, actor=manager, store=store)
    # then
    assert promoted.role == Role.MANAGER and not revoked.is_active and ended == 2
    assert await sessions.user_of(phone, store=store) is None and await sessions.user_of(laptop, store=store) is None
    assert await market.actor_by_id(cashier.id) is None
    restored, _ = await service.set_access(coop.id, cashier.id, True, actor=manager, store=store)
    assert restored.is_active
    assert await actions(coop.id) == ["role_changed", "access_revoked", "access_restored"]


async def test_the_last_manager_stays_and_nobody_changes_their_own_login(db):
    coop = await make_coop()
    manager = await _manager(coop.id)
    other = await _manager(coop.id)
    await service.set_access(coop.id, other.user_id, False, actor=manager)
    with pytest.raises(Conflict):
        await service.change_role(coop.id, manager.user_id, Role.CASHIER, actor=manager)
    operator = await market.actor_by_id((await make_user(Role.OPERATOR)).id)
    assert operator is not None
    with pytest.raises(Conflict, match="manajer aktif"):
        await service.set_access(coop.id, manager.user_id, False, actor=operator)
    with pytest.raises(NotFound):  # another cooperative's login is not found
        await service.set_access((await make_coop()).id, manager.user_id, False, actor=operator)
