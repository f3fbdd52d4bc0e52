"""JSON routes of the signed-in person's own wallet under /api/v1/wallet: transfers, cash-outs
(withdrawals) and the transaction PIN. Each change is idempotent on ``Idempotency-Key`` (the
same key gets the first answer again, a success or a refusal) and every refusal is a problem body
with a stable code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query

from market.errors import InsufficientBalance
from market.http import RuntimeDep, api_actor
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from payments import service, wiring
from payments.errors import (
    GATEWAY_ERRORS,
    AccountNameMismatch,
    AccountNotFound,
    IdempotencyMismatch,
    InvalidAmount,
    LimitReached,
    PinCurrentRequired,
    PinInvalid,
    PinLocked,
    PinNotSet,
    PinWrong,
    RecipientAmbiguous,
    RecipientNotFound,
    SelfTransfer,
    WithdrawalRefused,
)
from payments.schemas import PayoutOut, PinIn, PinOut, RecipientIn, RecipientOut, TransferIn, TransferOut, WithdrawalIn

router = APIRouter(prefix="/api/v1/wallet", tags=["wallet"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=150)]
PIN_ERRORS = (PinNotSet, PinWrong, PinLocked)


@router.get("/recipients", response_model=RecipientOut, responses=responses_for(RecipientNotFound, RecipientAmbiguous))
async def find_recipient(
    actor: ActorDep,
    member_number: Annotated[str | None, Query(max_length=32)] = None,
    cooperative: Annotated[str | None, Query(max_length=80)] = None,
    phone: Annotated[str | None, Query(max_length=20)] = None,
):
    """Who a transfer would reach (to show their name before sending)."""
    return await service.find_recipient(RecipientIn(member_number=member_number, cooperative=cooperative, phone=phone))


@router.post(
    "/transfers",
    response_model=TransferOut,
    status_code=201,
    responses=responses_for(
        InvalidAmount,
        RecipientNotFound,
        RecipientAmbiguous,
        SelfTransfer,
        LimitReached,
        InsufficientBalance,
        *PIN_ERRORS,
        *IDEMPOTENCY_ERRORS,
    ),
)
async def transfer(body: TransferIn, actor: ActorDep, rt: RuntimeDep, key: IdemKey = None):
    """Send money from your wallet to a member's (any cooperative), with your PIN."""
    wallet = await service.wallet_of(actor)
    return await service.transfer(
        wallet.id,
        body.to,
        body.amount,
        pin_code=body.pin,
        user_id=actor.user_id,
        note=body.note,
        idempotency_key=key,
        rules=wiring.wallet_rules(rt.settings),
    )


@router.post(
    "/withdrawals",
    response_model=PayoutOut,
    status_code=201,
    responses=responses_for(
        InvalidAmount,
        WithdrawalRefused,
        AccountNotFound,
        AccountNameMismatch,
        LimitReached,
        InsufficientBalance,
        IdempotencyMismatch,
        *PIN_ERRORS,
        *GATEWAY_ERRORS,
        *IDEMPOTENCY_ERRORS,
    ),
)
async def withdraw(body: WithdrawalIn, actor: ActorDep, rt: RuntimeDep, key: IdemKey = None):
    """Cash your wallet out to your own bank account or e-wallet (the fee on top), with your PIN."""
    wallet = await service.wallet_of(actor)
    return await service.request_withdrawal(
        rt.gateway,
        wallet.id,
        body.amount,
        channel_code=body.channel_code,
        account_number=body.account_number,
        account_holder_name=body.account_holder_name,
        pin_code=body.pin,
        user_id=actor.user_id,
        idempotency_key=key,
        rules=wiring.wallet_rules(rt.settings),
    )


@router.get("/withdrawals", response_model=list[PayoutOut])
async def withdrawals(actor: ActorDep):
    wallet = await service.wallet_of(actor)
    return await service.list_withdrawals(wallet.id)


@router.put(
    "/pin",
    response_model=PinOut,
    responses=responses_for(PinInvalid, PinCurrentRequired, PinWrong, PinLocked, *IDEMPOTENCY_ERRORS),
)
async def put_pin(body: PinIn, actor: ActorDep, key: IdemKey = None):
    """Set your wallet's 6-digit PIN, or change it with the current one."""
    await service.put_pin(actor.user_id, body.new_pin, current_pin=body.current_pin, idempotency_key=key)
    return PinOut(has_pin=True)
