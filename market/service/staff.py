"""A cooperative's logins as its manager manages them without a shell: who has one (staff and
members), their role (manager or cashier), and access revoked or given back.

Revoking ends every session of that login at once (market.service.sessions) — in every process —
and a person's own API tokens stop with it. A cooperative always keeps one active manager: the
last one can be neither demoted nor revoked, and nobody changes or revokes their own login here.
"""

from __future__ import annotations

from market.errors import Conflict, InvalidInput, NotFound
from market.models import Role, User
from market.schemas import LoginOut
from market.service import sessions as sessions_
from market.service.accounts import set_user_active
from market.service.users import Actor

STAFF = (Role.MANAGER, Role.CASHIER)


def _login_out(user: User) -> LoginOut:
    return LoginOut(
        user_id=user.id,
        name=user.name,
        email=user.email,
        role=Role(user.role),
        member_id=user.member_id,
        is_active=user.is_active,
        created_at=user.created_at,
    )


async def coop_logins(coop_id: int) -> list[LoginOut]:
    """Every login of the cooperative: managers, cashiers, then members; active ones first."""
    users = await User.filter(cooperative_id=coop_id).order_by("name", "id")
    order = {Role.MANAGER: 0, Role.CASHIER: 1, Role.MEMBER: 2}
    return sorted((_login_out(u) for u in users), key=lambda u: (not u.is_active, order.get(u.role, 3)))


async def _target(coop_id: int, user_id: int, by: Actor) -> User:
    user = await User.get_or_none(id=user_id, cooperative_id=coop_id)
    if user is None:
        raise NotFound("Pengguna tidak ditemukan")
    if user.id == by.user_id:
        raise Conflict("Anda tidak dapat mengubah atau mencabut akses Anda sendiri di sini")
    return user


async def _keeps_a_manager(coop_id: int, user: User) -> None:
    if user.role != Role.MANAGER or not user.is_active:
        return
    others = await User.filter(cooperative_id=coop_id, role=Role.MANAGER, is_active=True).exclude(id=user.id).count()
    if not others:
        raise Conflict("Koperasi harus tetap punya satu manajer aktif")


async def set_role(coop_id: int, user_id: int, role: Role, *, by: Actor) -> tuple[LoginOut, Role]:
    """Make a staff login a manager or a cashier; returns it and its role before."""
    if role not in STAFF:
        raise InvalidInput("Peran staf hanya manajer atau kasir", field="role")
    user = await _target(coop_id, user_id, by)
    before = Role(user.role)
    if before not in STAFF:
        raise Conflict("Login anggota terikat ke data anggotanya; perannya tidak dapat diubah", field="role")
    if before != role:
        if before == Role.MANAGER:
            await _keeps_a_manager(coop_id, user)
        user.role = role
        await user.save(update_fields=["role"])
    return _login_out(user), before


async def set_access(
    coop_id: int, user_id: int, active: bool, *, by: Actor, store: sessions_.SessionStore | None = None
) -> tuple[LoginOut, int]:
    """Revoke a login (every session of it ends) or give it back; returns it and how many
    sessions ended."""
    user = await _target(coop_id, user_id, by)
    if not active:
        await _keeps_a_manager(coop_id, user)
    ended = await set_user_active(user.id, active, store=store)
    user.is_active = active
    return _login_out(user), ended
