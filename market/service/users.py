"""Users, roles, passwords, API tokens and who may touch which cooperative."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from tortoise.exceptions import IntegrityError

from market import hashing
from market.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from market.models import Member, Role, User
from market.regions import PROVINCES
from market.schemas import OperatorLoginOut, UserIn


@cache
def _dummy_hash(profile: str) -> str:
    """A real hash to verify against when the e-mail is unknown, so timing does not reveal accounts."""
    return hashing.make("not-a-password-of-anyone")


STAFF_ROLES = frozenset({Role.MANAGER, Role.CASHIER})
# What a DPS may do over HTTP besides reading (every other write of theirs is refused, 403).
DPS_WRITES = ("/keluar", "/dps", "/akun/kata-sandi", "/akun/keluar-semua")


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
    # An operator of a provincial office sees only that province's cooperatives: *coop_ids* are
    # their ids, loaded once per request (``with_scope``). A provincial operator without them
    # (an Actor made by hand) sees none: the scope fails closed.
    province: str | None = None
    coop_ids: frozenset[int] | None = None

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    @property
    def is_national_operator(self) -> bool:
        """The network's own operator (not a provincial office)."""
        return self.is_operator and self.province is None

    @property
    def scope_ids(self) -> list[int] | None:
        """The cooperatives an operator's lists are limited to (None: the whole network)."""
        if self.province is None:
            return None
        return sorted(self.coop_ids or ())

    def oversees(self, coop_id: int | None) -> bool:
        """Whether this is an operator whose scope includes *coop_id*."""
        if not self.is_operator:
            return False
        return self.province is None or (coop_id is not None and coop_id in (self.coop_ids or ()))

    def may_use(self, scope: str) -> bool:
        """Whether this actor's scopes (if it has any) include *scope*."""
        return self.scopes is None or scope in self.scopes


def actor_of(user: User) -> Actor:
    return Actor(
        user.id, user.email, user.name, Role(user.role), user.cooperative_id, user.member_id, province=user.province
    )


async def with_scope(actor: Actor) -> Actor:
    """*actor*, carrying the ids of its province's cooperatives when it is a provincial operator."""
    if not actor.is_operator or actor.province is None:
        return actor
    from market.models import Cooperative

    ids: list[int] = await Cooperative.filter(province=actor.province).values_list("id", flat=True)  # type: ignore[assignment]
    return replace(actor, coop_ids=frozenset(ids))


def require_coop(actor: Actor, coop_id: int, roles: frozenset[Role] = STAFF_ROLES) -> None:
    """Allow the operator (a provincial office: within its province), or staff of *this*
    cooperative in *roles*.

    Another cooperative's staff (or another province's office) get NotFound, not Forbidden: they
    must not learn that the cooperative's members or books exist.
    """
    if actor.is_operator:
        if not actor.oversees(coop_id):
            raise NotFound("Koperasi tidak ditemukan")
        return
    if actor.role == Role.DPS and actor.cooperative_id == coop_id and roles & STAFF_ROLES:
        return  # the syariah board reads what the staff read; market.http keeps it from writing
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
    """Any operator, a provincial office included: what it then lists must be limited to
    ``actor.scope_ids`` and what it reaches checked with ``require_coop``."""
    if not actor.is_operator:
        raise Forbidden("Hanya operator jaringan yang dapat melakukan ini")


def require_national_operator(actor: Actor) -> None:
    """The network's own operator: what spans the whole network (payments, the PPOB price list,
    settlements, operator logins) is not a provincial office's."""
    require_operator(actor)
    if actor.province is not None:
        raise Forbidden("Hanya operator jaringan nasional yang dapat melakukan ini")


def _operator_out(user: User) -> OperatorLoginOut:
    return OperatorLoginOut(
        user_id=user.id, name=user.name, email=user.email, province=user.province, is_active=user.is_active,
        created_at=user.created_at,
    )  # fmt: skip


async def operator_logins() -> list[OperatorLoginOut]:
    """Every operator login: the national ones first, then by province and e-mail."""
    users = await User.filter(role=Role.OPERATOR).order_by("email")
    return sorted((_operator_out(u) for u in users), key=lambda u: (u.province is not None, u.province or ""))


async def set_operator_province(user_id: int, province: str | None) -> tuple[OperatorLoginOut, str | None]:
    """Scope an operator login to one province (None: the whole network); returns the login and
    its province before. The login's next request carries the new scope."""
    if province is not None and province not in PROVINCES:
        raise InvalidInput("Provinsi tidak dikenal", field="province")
    user = await User.get_or_none(id=user_id, role=Role.OPERATOR)
    if user is None:
        raise NotFound("Operator tidak ditemukan")
    before = user.province
    if before != province:
        user.province = province
        await user.save(update_fields=["province"])
    return _operator_out(user), before


def hash_password(password: str) -> str:
    return hashing.make(password)


def password_matches(user: User, password: str) -> bool:
    return hashing.matches(user.password_hash, password)


async def create_user(data: UserIn, *, cooperative_id: int | None = None, member_id: int | None = None) -> User:
    """Create a login; staff need a cooperative, a member login needs its member record."""
    if data.role in STAFF_ROLES | {Role.DPS} and cooperative_id is None:
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
    return await with_scope(actor_of(user))


async def actor_by_id(user_id: int) -> Actor | None:
    user = await User.get_or_none(id=user_id, is_active=True)
    return await with_scope(actor_of(user)) if user else None
