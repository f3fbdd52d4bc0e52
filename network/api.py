"""JSON API of the network counter: a counter's withdrawals and deposits for members of any
network cooperative (``/api/v1/cooperatives/{id}/counter/…``), the member's confirmation and
one-time codes (``/api/v1/counter/…``), each cooperative's position, its transactions and
settlements (``/api/v1/cooperatives/{id}/network/…``), the operator's view and settlement. Rules
live in ``network.service``; another cooperative's staff are answered 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request

from market.errors import DomainError, Forbidden, InsufficientBalance, InvalidInput, NotFound
from market.http import RuntimeDep, api_actor, throttle_of
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from market.types import Id
from network import errors
from network import service as network
from network.schemas import (
    ActiveCodeOut,
    CodeIn,
    CodeOut,
    ConfirmIn,
    CounterOut,
    DepositIn,
    PositionOut,
    SettlementOut,
    VisitorOut,
    WithdrawalIn,
)
from payments import wiring
from payments.errors import GATEWAY_ERRORS, PayoutRefused, PinLocked, PinNotSet, PinWrong

router = APIRouter(prefix="/api/v1", tags=["network"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=150)]
PIN_ERRORS: tuple[type[DomainError], ...] = (PinNotSet, PinWrong, PinLocked)
MOVE_ERRORS: tuple[type[DomainError], ...] = (
    errors.VisitorNotFound,
    errors.InvalidAmount,
    errors.LimitReached,
    errors.Busy,
    InsufficientBalance,
    *IDEMPOTENCY_ERRORS,
)


@router.get(
    "/cooperatives/{coop_id}/counter/members",
    response_model=VisitorOut,
    responses=responses_for(errors.VisitorNotFound),
)
async def find_member(
    coop_id: Id,
    actor: ActorDep,
    cooperative_id: Annotated[Id, Query(description="the member's own cooperative")],
    member_number: Annotated[str, Query(min_length=1, max_length=32)],
):
    """A member of any network cooperative, as this counter may see them (name, masked NIK)."""
    return await network.find_visitor(coop_id, cooperative_id, member_number, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/counter/withdrawals",
    response_model=CounterOut,
    status_code=201,
    responses=responses_for(
        *MOVE_ERRORS,
        errors.TillShort,
        errors.AlreadyPending,
        errors.CodeWrong,
        errors.CodeExpired,
        errors.CodeAmountExceeded,
        errors.IdentityNotChecked,
    ),
)
async def create_withdrawal(coop_id: Id, body: WithdrawalIn, actor: ActorDep, rt: RuntimeDep, key: IdemKey = None):
    """Cash out of this counter from a member's wallet: waiting for the member to confirm on their
    phone, or paid at once with their one-time ``code``."""
    return await network.create_withdrawal(
        coop_id, body, actor=actor, idempotency_key=key, rules=wiring.wallet_rules(rt.settings)
    )


@router.get(
    "/cooperatives/{coop_id}/counter/withdrawals/{tx_id}",
    response_model=CounterOut,
    responses=responses_for(errors.CounterNotFound),
)
async def get_withdrawal(coop_id: Id, tx_id: Id, actor: ActorDep):
    return await network.counter_transaction(coop_id, tx_id, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/counter/withdrawals/{tx_id}/cancel",
    response_model=CounterOut,
    responses=responses_for(errors.CounterNotFound, errors.NotPending),
)
async def cancel_withdrawal(coop_id: Id, tx_id: Id, actor: ActorDep):
    """The cashier cancels a withdrawal still waiting for the member."""
    return await network.cancel_withdrawal(coop_id, tx_id, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/counter/deposits",
    response_model=CounterOut,
    status_code=201,
    responses=responses_for(*MOVE_ERRORS),
)
async def create_deposit(coop_id: Id, body: DepositIn, actor: ActorDep, key: IdemKey = None):
    """Cash taken at this counter into a member's wallet (booked at once)."""
    return await network.create_deposit(coop_id, body, actor=actor, idempotency_key=key)


@router.get("/counter/withdrawals", response_model=list[CounterOut], responses=responses_for(Forbidden))
async def my_withdrawals(actor: ActorDep, pending: bool = False):
    """The member's counter transactions (those waiting for them, with ``pending=true``)."""
    return await network.member_transactions(actor, pending=pending)


@router.post(
    "/counter/withdrawals/{tx_id}/confirm",
    response_model=CounterOut,
    responses=responses_for(
        errors.CounterNotFound,
        errors.NotPending,
        errors.TillShort,
        errors.Busy,
        InsufficientBalance,
        *PIN_ERRORS,
        *IDEMPOTENCY_ERRORS,
    ),
)
async def confirm_withdrawal(
    request: Request, tx_id: Id, body: ConfirmIn, actor: ActorDep, rt: RuntimeDep, key: IdemKey = None
):
    """The member confirms a withdrawal waiting at a counter with their PIN; again: the same answer."""
    return await network.confirm_withdrawal(
        tx_id,
        body.pin,
        actor=actor,
        idempotency_key=key,
        throttle=throttle_of(request),
        rules=wiring.wallet_rules(rt.settings),
    )


@router.post(
    "/counter/withdrawals/{tx_id}/decline",
    response_model=CounterOut,
    responses=responses_for(errors.CounterNotFound, errors.NotPending),
)
async def decline_withdrawal(tx_id: Id, actor: ActorDep):
    return await network.decline_withdrawal(tx_id, actor=actor)


@router.post(
    "/counter/codes",
    response_model=CodeOut,
    status_code=201,
    responses=responses_for(errors.InvalidAmount, Forbidden, *PIN_ERRORS),
)
async def make_code(request: Request, body: CodeIn, actor: ActorDep):
    """A new one-time withdrawal code (shown only in this answer); the member's previous code is void."""
    return await network.make_code(actor, body.pin, body.max_amount, throttle=throttle_of(request))


@router.get("/counter/codes/active", response_model=ActiveCodeOut | None, responses=responses_for(Forbidden))
async def active_code(actor: ActorDep):
    if actor.member_id is None:
        raise Forbidden("Hanya anggota koperasi yang dapat melakukan ini")
    return await network.active_code(actor.member_id)


@router.get("/cooperatives/{coop_id}/network/position", response_model=PositionOut)
async def position(coop_id: Id, actor: ActorDep):
    """What the cooperative is owed by the network and what it owes, with the counter figures."""
    return await network.position(coop_id, actor=actor)


@router.get("/cooperatives/{coop_id}/network/transactions", response_model=list[CounterOut])
async def transactions(coop_id: Id, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=200)] = 50):
    """Counter transactions it paid or took in, and its members' at any counter, newest first."""
    return await network.transactions(coop_id, actor=actor, limit=limit)


@router.get("/cooperatives/{coop_id}/network/settlements", response_model=list[SettlementOut])
async def settlements(coop_id: Id, actor: ActorDep):
    return await network.settlements(coop_id, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/network/settlements",
    response_model=SettlementOut,
    status_code=201,
    responses=responses_for(
        errors.NothingToSettle,
        PayoutRefused,
        InsufficientBalance,
        InvalidInput,
        NotFound,
        *GATEWAY_ERRORS,
        *IDEMPOTENCY_ERRORS,
    ),
)
async def settle(coop_id: Id, actor: ActorDep, rt: RuntimeDep, key: IdemKey = None):
    """The network pays the cooperative what its counters are owed (the operator; a key is required)."""
    return await network.settle(rt.gateway, coop_id, actor=actor, idempotency_key=key or "")


@router.get("/network/positions", response_model=list[PositionOut])
async def positions(actor: ActorDep):
    """Every active cooperative's position with the network (the operator)."""
    return await network.positions(actor=actor)
