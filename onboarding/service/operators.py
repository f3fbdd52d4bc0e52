"""The network's operator logins without a shell: the national operator makes an operator login
(national, or a provincial office scoped to one province) and changes a login's province scope.
Market keeps the logins; each change goes into the network's audit log (no cooperative) in the
same transaction. A provincial office sees none of this; nobody changes their own scope here."""

from __future__ import annotations

from market import db
from market import service as market
from market.errors import Conflict
from market.schemas import OperatorLoginOut, Role, UserIn
from onboarding.schemas import OperatorsOut
from onboarding.service import audit


def _scope(province: str | None) -> str:
    return province or "nasional"


async def operators(*, actor: market.Actor) -> OperatorsOut:
    """Every operator login with its scope, and the network's log of their changes."""
    market.require_national_operator(actor)
    return OperatorsOut(logins=await market.operator_logins(), audit=await audit.history(None))


async def create_operator(
    name: str, email: str, password: str, province: str | None, *, actor: market.Actor
) -> OperatorLoginOut:
    """A new operator login, national (*province* None) or a provincial office's."""
    market.require_national_operator(actor)
    data = UserIn(email=email, password=password, role=Role.OPERATOR, name=name.strip())
    async with db.transaction():
        user = await market.create_user(data)
        login, _ = await market.set_operator_province(user.id, province)
        await audit.record(None, "operator_created", actor=actor, user_id=user.id, email=login.email,
                           after=_scope(province))  # fmt: skip
    return login


async def set_scope(user_id: int, province: str | None, *, actor: market.Actor) -> OperatorLoginOut:
    """Scope an operator login to *province* (None: the whole network); its next request carries it."""
    market.require_national_operator(actor)
    if user_id == actor.user_id:
        raise Conflict("Anda tidak dapat mengubah cakupan login Anda sendiri", field="province")
    async with db.transaction():
        login, before = await market.set_operator_province(user_id, province)
        if before != province:
            await audit.record(None, "operator_scope_changed", actor=actor, user_id=user_id, email=login.email,
                               before=_scope(before), after=_scope(province))  # fmt: skip
    return login
