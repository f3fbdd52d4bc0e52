"""JSON routes of payments under /api/v1: the Xendit callback, wallets, refunds, payouts."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request

from market import service as market
from market.errors import InsufficientBalance
from market.http import RuntimeDep, api_actor
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from market.types import BigId, Id, Offset
from payments import service
from payments.errors import (
    GATEWAY_ERRORS,
    CallbackInvalid,
    CallbackUnverified,
    IdempotencyMismatch,
    InvalidAmount,
    PaymentNotFound,
    PayoutRefused,
    RefundRefused,
    UnknownPayment,
    WalletNotFound,
)
from payments.gateway import PaymentGateway
from payments.models import PaymentStatus, PayoutStatus
from payments.schemas import (
    CallbackOut,
    CoopBalanceOut,
    MovementOut,
    PaymentOut,
    PayoutIn,
    PayoutOut,
    ReconcileOut,
    RefundIn,
    RefundOut,
    TopupIn,
    WalletOut,
)

router = APIRouter(prefix="/api/v1", tags=["payments"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=150)]
MAX_CALLBACK_BYTES = 256 * 1024


def gateway(rt: RuntimeDep) -> PaymentGateway:
    return rt.gateway


Gateway = Annotated[PaymentGateway, Depends(gateway)]


async def verified_body(request: Request, rt: RuntimeDep) -> bytes:
    """The callback body, read only after the ``x-callback-token`` matched (constant time)."""
    sent = request.headers.get("x-callback-token", "")
    if not hmac.compare_digest(sent.encode(), rt.callback_token.encode()):
        raise CallbackUnverified("x-callback-token tidak cocok")
    if int(request.headers.get("content-length") or 0) > MAX_CALLBACK_BYTES:
        raise CallbackInvalid("Badan callback terlalu besar")
    return await request.body()


@router.post(
    "/payments/xendit/callback",
    response_model=CallbackOut,
    responses=responses_for(CallbackUnverified, CallbackInvalid, UnknownPayment),
)
async def xendit_callback(body: Annotated[bytes, Depends(verified_body)]):
    """Xendit's invoice, refund and payout callbacks; each state change is applied once."""
    return CallbackOut(outcome=await service.handle_callback(body))


@router.get("/payments", response_model=list[PaymentOut])
async def list_payments(
    actor: ActorDep,
    status: PaymentStatus | None = None,
    kind: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[Offset, Query()] = 0,
):
    market.require_national_operator(actor)
    return await service.list_payments(status=status, kind=kind, limit=limit, offset=offset)


@router.get("/payments/{payment_id}", response_model=PaymentOut, responses=responses_for(PaymentNotFound))
async def get_payment(payment_id: BigId, actor: ActorDep):
    market.require_national_operator(actor)
    return await service.get_payment(payment_id)


@router.post(
    "/payments/{payment_id}/refunds",
    response_model=RefundOut,
    status_code=201,
    responses=responses_for(PaymentNotFound, RefundRefused, InvalidAmount, IdempotencyMismatch, *GATEWAY_ERRORS),
)
async def refund_payment(payment_id: BigId, body: RefundIn, actor: ActorDep, gw: Gateway, key: IdemKey = None):
    market.require_national_operator(actor)
    return await service.refund_payment(
        gw, payment_id, amount=body.amount, reason=body.reason, idempotency_key=key or ""
    )


@router.post("/payments/reconcile", response_model=ReconcileOut)
async def reconcile_now(actor: ActorDep, rt: RuntimeDep):
    market.require_national_operator(actor)
    result = await service.reconcile(rt.gateway, older_than_s=rt.payment_reconcile_after_s)
    return ReconcileOut(checked=result.checked, changed=result.changed, errors=result.errors)


@router.get("/wallets/me", response_model=WalletOut, responses=responses_for(WalletNotFound))
async def my_wallet(actor: ActorDep):
    wallet = await service.wallet_of(actor)
    return WalletOut(id=wallet.id, owner_key=wallet.owner_key, balance=await service.wallet_balance(wallet.id))


@router.get("/wallets/me/movements", response_model=list[MovementOut], responses=responses_for(WalletNotFound))
async def my_movements(
    actor: ActorDep, limit: Annotated[int, Query(ge=1, le=200)] = 50, before_id: BigId | None = None
):
    wallet = await service.wallet_of(actor)
    return await service.wallet_history(wallet.id, limit=limit, before_id=before_id)


@router.post(
    "/wallets/me/topups",
    response_model=PaymentOut,
    status_code=201,
    responses=responses_for(WalletNotFound, InvalidAmount, IdempotencyMismatch, *GATEWAY_ERRORS, *IDEMPOTENCY_ERRORS),
)
async def top_up(body: TopupIn, actor: ActorDep, rt: RuntimeDep, key: IdemKey = None):
    wallet = await service.wallet_of(actor)
    return await service.start_topup(
        rt.gateway,
        wallet.id,
        body.amount,
        idempotency_key=key,
        return_url=body.return_url,
        duration_s=rt.invoice_duration_s,
        actor_id=actor.user_id,
    )


@router.get(
    "/cooperatives/{coop_id}/members/{member_id}/wallet",
    response_model=WalletOut,
    responses=responses_for(WalletNotFound),
)
async def member_wallet(coop_id: Id, member_id: Id, actor: ActorDep):
    market.require_member_self(actor, coop_id, member_id)
    wallet = await service.member_wallet(coop_id, member_id)
    return WalletOut(id=wallet.id, owner_key=wallet.owner_key, balance=await service.wallet_balance(wallet.id))


@router.get("/cooperatives/{coop_id}/payout-balance", response_model=CoopBalanceOut)
async def coop_balance(coop_id: Id, actor: ActorDep):
    market.require_coop(actor, coop_id)
    return CoopBalanceOut(cooperative_id=coop_id, balance=await service.coop_balance(coop_id))


@router.get("/cooperatives/{coop_id}/payouts", response_model=list[PayoutOut])
async def coop_payouts(coop_id: Id, actor: ActorDep):
    market.require_coop(actor, coop_id)
    return await service.list_payouts(coop_id=coop_id)


@router.post(
    "/cooperatives/{coop_id}/payouts",
    response_model=PayoutOut,
    status_code=201,
    responses=responses_for(
        PayoutRefused, InsufficientBalance, InvalidAmount, IdempotencyMismatch, *GATEWAY_ERRORS, *IDEMPOTENCY_ERRORS
    ),
)
async def request_payout(coop_id: Id, body: PayoutIn, actor: ActorDep, gw: Gateway, key: IdemKey = None):
    market.require_coop(actor, coop_id, roles=frozenset({market.Role.MANAGER}))
    return await service.request_payout(gw, coop_id, body.amount, idempotency_key=key or "", actor_id=actor.user_id)


@router.get("/payouts", response_model=list[PayoutOut])
async def all_payouts(actor: ActorDep, status: PayoutStatus | None = None):
    market.require_national_operator(actor)
    return await service.list_payouts(status=status)
