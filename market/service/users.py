"""Users, roles, passwords, API tokens and who may touch which cooperative."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tortoise.exceptions import IntegrityError

from market import hashing
from market.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from market.models import Member, Role, User
from market.schemas import UserIn


@cache
def _dummy_hash(profile: str) -> str:
    """A real hash to verify against when the e-mail is unknown, so timing does not reveal accounts."""
    return hashing.make("not-a-password-of-anyone")


STAFF_ROLES = frozenset({Role.MANAGER, Role.CASHIER})


@dataclass(frozen=True)
class Actor:
    """Who is asking: enough to decide every access rule without another query."""

    user_id: int
    email: str
    name: str
    role: Role
    cooperative_id: int | None
    member_id: int | None
    # None: a person (a session or their own token), limited by their role only; a cooperative's
    # API token carries the scopes it was given (market.scopes).
    scopes: frozenset[str] | None = None
    token_id: int | None = None
    # An operator of a provincial office sees only that province's cooperatives.
    province: str | None = None

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    def may_use(self, scope: str) -> bool:
        """Whether this actor's scopes (if it has any) include *scope*."""
        return self.scopes is None or scope in self.scopes


def actor_of(user: User) -> Actor:
    return Actor(
        user.id, user.email, user.name, Role(user.role), user.cooperative_id, user.member_id, province=user.province
    )


def require_coop(actor: Actor, coop_id: int, roles: frozenset[Role] = STAFF_ROLES) -> None:
    """Allow the operator, or staff of *this* cooperative in *roles*.

    Another cooperative's staff get NotFound, not Forbidden: they must not learn that the
    cooperative's members or books exist.
    """
    if actor.is_operator:
        return
    if actor.cooperative_id != coop_id or actor.role not in STAFF_ROLES | {Role.MEMBER}:
        raise NotFound("Koperasi tidak ditemukan")
    if actor.role not in roles:
        raise Forbidden("Peran Anda tidak diizinkan melakukan ini")


def require_member_self(actor: Actor, coop_id: int, member_id: int) -> None:
    """A member may read their own page; staff of the cooperative and the operator may too."""
    if actor.role == Role.MEMBER:
        if actor.cooperative_id != coop_id or actor.member_id != member_id:
            raise NotFound("Anggota tidak ditemukan")
        return
    require_coop(actor, coop_id)


def require_operator(actor: Actor) -> None:
    if not actor.is_operator:
        raise Forbidden("Hanya operator jaringan yang dapat melakukan ini")


async def require_coop_in_scope(actor: Actor, coop_id: int, roles: frozenset[Role] = STAFF_ROLES) -> None:
    """require_coop, and an operator scoped to a province sees only that province's cooperatives
    (another province's is NotFound, like another cooperative's to its staff)."""
    require_coop(actor, coop_id, roles)
    if actor.is_operator and actor.province is not None:
        from market.models import Cooperative

        if not await Cooperative.filter(id=coop_id, province=actor.province).exists():
            raise NotFound("Koperasi tidak ditemukan")


async def set_operator_province(user_id: int, province: str | None) -> None:
    """Scope an operator login to one province (None: the whole network)."""
    if not await User.filter(id=user_id, role=Role.OPERATOR).update(province=province):
        raise NotFound("Operator tidak ditemukan")


def hash_password(password: str) -> str:
    return hashing.make(password)


def password_matches(user: User, password: str) -> bool:
    return hashing.matches(user.password_hash, password)


async def create_user(data: UserIn, *, cooperative_id: int | None = None, member_id: int | None = None) -> User:
    """Create a login; staff need a cooperative, a member login needs its member record."""
    if data.role in STAFF_ROLES and cooperative_id is None:
        raise InvalidInput("Pengurus dan kasir harus terikat ke satu koperasi", field="coop")
    if data.role == Role.MEMBER:
        if member_id is None:
            raise InvalidInput("Login anggota harus terikat ke data anggota", field="member")
        member = await Member.get_or_none(id=member_id)
        if member is None:
            raise NotFound("Anggota tidak ditemukan")
        cooperative_id = member.cooperative_id
    if data.role == Role.OPERATOR:
        cooperative_id = None
    try:
        return await User.create(
            email=data.email,
            name=data.name,
            password_hash=hash_password(data.password),
            role=data.role,
            cooperative_id=cooperative_id,
            member_id=member_id,
        )
    except IntegrityError as exc:
        raise Conflict("E-mail ini sudah terdaftar", field="email") from exc


async def email_taken(email: str) -> bool:
    """Whether a login (active or not) already has this e-mail."""
    return await User.filter(email=email.strip().lower()).exists()


async def emails_of(user_ids: set[int] | list[int]) -> dict[int, str]:
    """The e-mail of each login (active or not) among *user_ids*."""
    rows = await User.filter(id__in=list(user_ids)).values_list("id", "email")
    return {int(i): str(e) for i, e in rows}


async def authenticate(email: str, password: str) -> Actor:
    """Check an e-mail and password; the same error for an unknown e-mail or a wrong password."""
    user = await User.get_or_none(email=email.strip().lower(), is_active=True)
    matched = hashing.matches(user.password_hash if user else _dummy_hash(hashing.profile()), password)
    if user is None or not matched:
        raise Unauthorized("E-mail atau kata sandi salah")
    return actor_of(user)


async def actor_by_id(user_id: int) -> Actor | None:
    user = await User.get_or_none(id=user_id, is_active=True)
    return actor_of(user) if user else None
