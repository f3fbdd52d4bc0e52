"""PPOB JSON API under /api/v1: products and prices, purchases, bills, history, the biller callback."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response

from market import service as core
from market.errors import Forbidden, InvalidInput
from market.http import RuntimeDep, api_actor
from market.openapi import csv_body, responses_for
from market.service import Actor, Role
from market.types import BigId, Id, Offset
from payments.errors import PinInvalid, PinLocked, PinNotSet, PinWrong
from ppob import service
from ppob.errors import (
    BillerRejected,
    BillerUnavailable,
    CallbackUnverified,
    CashAtCounterOnly,
    IdempotencyConflict,
    InquiryExpired,
    InvalidCustomerNumber,
    PriceChanged,
    ProductUnavailable,
    TransactionNotFound,
    WalletNotOwner,
    WalletShort,
)
from ppob.models import MarkupScope, TxState
from ppob.schemas import (
    BillInquiryIn,
    BillPayIn,
    CallbackOut,
    MarkupIn,
    MarkupOut,
    PlatformFeeIn,
    PlatformFeeOut,
    PlnCustomerOut,
    PlnInquiryIn,
    ProductOut,
    PurchaseIn,
    QuoteOut,
    SyncReportOut,
    TransactionOut,
)

router = APIRouter(prefix="/api/v1", tags=["ppob"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemHeader = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
MANAGER = frozenset({Role.MANAGER})


def _link(rt: RuntimeDep) -> service.Link:
    return service.link_of(rt)


LinkDep = Annotated[service.Link, Depends(_link)]


def _member_scope(actor: Actor, coop_id: Id) -> None:
    """Members of the cooperative and its staff (and the operator) may use its PPOB."""
    core.require_coop(actor, coop_id, roles=frozenset({Role.MANAGER, Role.CASHIER, Role.MEMBER}))


def _payer(actor: Actor, coop_id: int, pay_with: str, member_id: int | None) -> tuple[int | None, str]:
    """A member pays from their own wallet; staff sell for cash (to a member or a walk-in)."""
    _member_scope(actor, coop_id)
    if actor.role == Role.MEMBER:
        if pay_with != "wallet":
            raise InvalidInput("Anggota membayar dari dompet", field="pay_with")
        if member_id not in (None, actor.member_id):
            raise Forbidden("Anggota hanya dapat membeli untuk dirinya sendiri")
        return actor.member_id, "wallet"
    if pay_with != "cash":
        raise InvalidInput("Penjualan di loket dibayar tunai", field="pay_with")
    return member_id, "cash"


def _quote(q) -> QuoteOut | None:
    return (
        None
        if q is None
        else QuoteOut(base=q.base, platform_fee=q.platform_fee, markup=q.markup, sell=q.sell, margin=q.margin)
    )


@router.get("/cooperatives/{coop_id}/ppob/products", response_model=list[ProductOut])
async def list_products(
    coop_id: Id, actor: ActorDep, link: LinkDep, category: str | None = None, brand: str | None = None
):
    _member_scope(actor, coop_id)
    products = await service.list_products(link, coop_id, category=category, brand=brand)
    return [
        ProductOut(
            sku=p.sku,
            name=p.name,
            category=p.category,
            brand=p.brand,
            kind=p.kind,
            description=p.description,
            price=p.quote.sell if p.quote else None,
            quote=_quote(p.quote),
        )
        for p in products
    ]


@router.post(
    "/cooperatives/{coop_id}/ppob/pln-inquiry",
    response_model=PlnCustomerOut,
    responses=responses_for(InvalidCustomerNumber, BillerRejected, BillerUnavailable),
)
async def pln_inquiry(coop_id: Id, body: PlnInquiryIn, actor: ActorDep, link: LinkDep):
    _member_scope(actor, coop_id)
    c = await service.check_pln_customer(link, body.customer_no)
    return PlnCustomerOut(
        customer_no=c.customer_no,
        meter_no=c.meter_no,
        subscriber_id=c.subscriber_id,
        name=c.name,
        segment_power=c.segment_power,
    )


@router.post(
    "/cooperatives/{coop_id}/ppob/purchases",
    response_model=TransactionOut,
    status_code=201,
    responses=responses_for(
        InvalidCustomerNumber,
        ProductUnavailable,
        PriceChanged,
        WalletShort,
        PinNotSet,
        PinInvalid,
        PinWrong,
        PinLocked,
        IdempotencyConflict,
        WalletNotOwner,
        CashAtCounterOnly,
        BillerRejected,
        BillerUnavailable,
    ),
)
async def purchase(coop_id: Id, body: PurchaseIn, actor: ActorDep, link: LinkDep, idempotency_key: IdemHeader = None):
    member_id, channel = _payer(actor, coop_id, body.pay_with, body.member_id)
    return await service.buy_prepaid(
        link,
        coop_id=coop_id,
        member_id=member_id,
        user_id=actor.user_id,
        sku=body.sku,
        customer_no=body.customer_no,
        channel=channel,
        expected_price=body.price,
        idempotency_key=idempotency_key or body.idempotency_key,
        pin=body.pin,
    )


@router.post(
    "/cooperatives/{coop_id}/ppob/bills",
    response_model=TransactionOut,
    status_code=201,
    responses=responses_for(
        InvalidCustomerNumber, ProductUnavailable, WalletNotOwner, CashAtCounterOnly, BillerRejected, BillerUnavailable
    ),
)
async def inquire_bill(coop_id: Id, body: BillInquiryIn, actor: ActorDep, link: LinkDep):
    member_id, channel = _payer(actor, coop_id, body.pay_with, body.member_id)
    return await service.inquire_bill(
        link,
        coop_id=coop_id,
        member_id=member_id,
        user_id=actor.user_id,
        sku=body.sku,
        customer_no=body.customer_no,
        channel=channel,
    )


@router.post(
    "/cooperatives/{coop_id}/ppob/bills/{txn_id}/pay",
    response_model=TransactionOut,
    responses=responses_for(
        TransactionNotFound,
        InquiryExpired,
        PriceChanged,
        WalletShort,
        PinNotSet,
        PinInvalid,
        PinWrong,
        PinLocked,
        IdempotencyConflict,
        WalletNotOwner,
        CashAtCounterOnly,
        BillerUnavailable,
    ),
)
async def pay_bill(
    coop_id: Id, txn_id: BigId, body: BillPayIn, actor: ActorDep, link: LinkDep, idempotency_key: IdemHeader = None
):
    _member_scope(actor, coop_id)
    return await service.pay_bill(
        link,
        coop_id=coop_id,
        txn_id=txn_id,
        user_id=actor.user_id,
        member_id=actor.member_id if actor.role == Role.MEMBER else None,
        channel=body.pay_with,
        expected_price=body.price,
        idempotency_key=idempotency_key or body.idempotency_key,
        pin=body.pin,
    )


def _history_filter(
    coop_id: Id,
    actor: ActorDep,
    member_id: Id | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    sku: str | None = None,
    category: str | None = None,
    state: TxState | None = None,
) -> service.HistoryFilter:
    """The history's filters from the query, a member's scoped to themselves."""
    _member_scope(actor, coop_id)
    if actor.role == Role.MEMBER:
        member_id = actor.member_id
    return service.HistoryFilter(
        member_id=member_id, date_from=date_from, date_to=date_to, sku=sku, category=category, state=state
    )


HistoryFilterDep = Annotated[service.HistoryFilter, Depends(_history_filter)]


@router.get("/cooperatives/{coop_id}/ppob/transactions", response_model=list[TransactionOut])
async def list_transactions(
    coop_id: Id,
    f: HistoryFilterDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[Offset, Query()] = 0,
):
    return await service.list_transactions(coop_id, f, limit=limit, offset=offset)


@router.get(
    "/cooperatives/{coop_id}/ppob/transactions.csv", response_class=Response, responses=csv_body("The history as CSV")
)
async def export_transactions(coop_id: Id, f: HistoryFilterDep):
    return Response(
        await service.export_csv(coop_id, f),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ppob-{coop_id}.csv"'},
    )


@router.get(
    "/cooperatives/{coop_id}/ppob/transactions/{txn_id}",
    response_model=TransactionOut,
    responses=responses_for(TransactionNotFound),
)
async def get_transaction(coop_id: Id, txn_id: BigId, actor: ActorDep):
    _member_scope(actor, coop_id)
    txn = await service.get_transaction(coop_id, txn_id)
    if actor.role == Role.MEMBER and txn.member_id != actor.member_id:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    return txn


@router.get("/cooperatives/{coop_id}/ppob/markups", response_model=list[MarkupOut])
async def list_markups(coop_id: Id, actor: ActorDep):
    core.require_coop(actor, coop_id)
    return await service.list_markups(coop_id)


@router.put("/cooperatives/{coop_id}/ppob/markups", response_model=MarkupOut)
async def set_markup(coop_id: Id, body: MarkupIn, actor: ActorDep):
    core.require_coop(actor, coop_id, roles=MANAGER)
    return await service.set_markup(coop_id, MarkupScope(body.scope), body.key, body.flat_idr, body.bps)


@router.get("/ppob/platform-fee", response_model=PlatformFeeOut)
async def get_platform_fee(actor: ActorDep, link: LinkDep):
    flat, bps = await service.platform_fee(link)
    return PlatformFeeOut(flat_idr=flat, bps=bps)


@router.put("/ppob/platform-fee", response_model=PlatformFeeOut)
async def set_platform_fee(body: PlatformFeeIn, actor: ActorDep):
    core.require_national_operator(actor)
    fee = await service.set_platform_fee(body.flat_idr, body.bps)
    return PlatformFeeOut(flat_idr=fee.flat_idr, bps=fee.bps)


@router.post("/ppob/sync", response_model=SyncReportOut, responses=responses_for(BillerUnavailable))
async def sync(actor: ActorDep, link: LinkDep):
    core.require_national_operator(actor)
    r = await service.sync_price_list(link)
    return SyncReportOut(
        added=r.added,
        updated=r.updated,
        deactivated=r.deactivated,
        reactivated=r.reactivated,
        unchanged=r.unchanged,
        summary=r.summary(),
    )


@router.post("/ppob/biller/callback", response_model=CallbackOut, responses=responses_for(CallbackUnverified))
async def biller_callback(request: Request, link: LinkDep, x_hub_signature: Annotated[str | None, Header()] = None):
    """The biller's webhook: the signature over the raw body is verified before it is read."""
    body = await request.body()
    return CallbackOut(result=await service.handle_callback(link, body, x_hub_signature))
