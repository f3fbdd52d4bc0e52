"""JSON routes of orders under /api/v1: cart, checkout, the buyer's orders, cooperatives' sub-orders."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header

from catalog.errors import InvalidProduct, NotBuyable, OutOfStock, ProductNotFound
from catalog.schemas import InventoryReportOut
from market.errors import InsufficientBalance
from market.http import RuntimeDep, api_actor
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from market.types import Id
from orders import service
from orders.errors import CartProblem, IllegalTransition, InvalidAddress, InvalidOrder, OrderNotFound
from orders.schemas import (
    CancelIn,
    CartLineIn,
    CartOut,
    CheckoutIn,
    DeliveryRatesIn,
    OrderOut,
    QuoteOut,
    ReceiveIn,
    ShipIn,
    SubOrderOut,
    SubOrderState,
)
from payments.errors import GATEWAY_ERRORS, PinInvalid, PinLocked, PinNotSet, PinWrong

PIN_ERRORS = (PinWrong, PinLocked, PinNotSet, PinInvalid)
router = APIRouter(prefix="/api/v1", tags=["orders"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=150)]


@router.get("/cart", response_model=CartOut)
async def get_cart(actor: ActorDep):
    return await service.get_cart(user_id=actor.user_id)


@router.post(
    "/cart/lines",
    response_model=CartOut,
    responses=responses_for(ProductNotFound, NotBuyable, OutOfStock, InvalidOrder),
)
async def add_to_cart(body: CartLineIn, actor: ActorDep):
    return await service.add_to_cart(body.product_id, body.quantity, user_id=actor.user_id)


@router.put(
    "/cart/lines/{product_id}",
    response_model=CartOut,
    responses=responses_for(ProductNotFound, NotBuyable, OutOfStock, InvalidOrder),
)
async def set_quantity(product_id: Id, body: CartLineIn, actor: ActorDep):
    if body.product_id != product_id:
        raise InvalidOrder("product_id tidak sesuai dengan alamat", field="product_id")
    return await service.set_cart_quantity(product_id, body.quantity, user_id=actor.user_id)


@router.delete("/cart/lines/{product_id}", response_model=CartOut, responses=responses_for(InvalidOrder))
async def remove_line(product_id: Id, actor: ActorDep):
    return await service.remove_from_cart(product_id, user_id=actor.user_id)


@router.post(
    "/checkout/quote", response_model=QuoteOut, responses=responses_for(InvalidOrder, InvalidAddress, CartProblem)
)
async def quote(body: CheckoutIn, actor: ActorDep):
    return await service.quote_checkout(user_id=actor.user_id, address=body.address, delivery=body.delivery)


@router.post(
    "/checkout",
    response_model=OrderOut,
    status_code=201,
    responses=responses_for(
        InvalidOrder,
        InvalidAddress,
        CartProblem,
        OutOfStock,
        NotBuyable,
        InsufficientBalance,
        *PIN_ERRORS,
        *GATEWAY_ERRORS,
        *IDEMPOTENCY_ERRORS,
    ),
)
async def checkout(body: CheckoutIn, rt: RuntimeDep, actor: ActorDep, idempotency_key: IdemKey = None):
    """Place the cart as one order (a sub-order per cooperative) and open its invoice; with
    `wallet_amount` and `pin`, all or part of it is paid from the buyer's wallet (all: paid at once,
    no invoice). The same `Idempotency-Key` gets the first answer again, success or refusal, and
    never takes from the wallet twice."""
    if not idempotency_key:
        raise InvalidOrder("Header Idempotency-Key wajib", field="Idempotency-Key")
    return await service.place_order(
        rt.gateway,
        actor=actor,
        address=body.address,
        delivery=body.delivery,
        idempotency_key=idempotency_key,
        fee_bps=rt.order_fee_bps,
        payment_duration_s=rt.order_payment_duration_s,
        buy_for_cooperative=body.buy_for_cooperative,
        success_url=body.success_url,
        failure_url=body.failure_url,
        wallet_amount=body.wallet_amount,
        pin=body.pin,
    )


@router.get("/orders", response_model=list[OrderOut])
async def list_orders(actor: ActorDep):
    return await service.list_orders(actor)


@router.get("/orders/{order_id}", response_model=OrderOut, responses=responses_for(OrderNotFound))
async def get_order(order_id: Id, actor: ActorDep):
    return await service.get_order(order_id, actor=actor)


@router.post(
    "/orders/{order_id}/cancel",
    response_model=OrderOut,
    responses=responses_for(OrderNotFound, IllegalTransition, *GATEWAY_ERRORS),
)
async def cancel_order(order_id: Id, rt: RuntimeDep, actor: ActorDep):
    return await service.cancel_order(rt.gateway, order_id, actor=actor)


@router.post(
    "/suborders/{suborder_id}/confirm",
    response_model=SubOrderOut,
    responses=responses_for(OrderNotFound, IllegalTransition),
)
async def confirm(suborder_id: Id, actor: ActorDep):
    return await service.confirm_delivery(suborder_id, actor=actor)


@router.get(
    "/cooperatives/{coop_id}/suborders", response_model=list[SubOrderOut], responses=responses_for(InvalidOrder)
)
async def list_suborders(coop_id: Id, actor: ActorDep, state: SubOrderState | None = None):
    return await service.list_suborders(coop_id, actor=actor, state=state)


@router.get(
    "/cooperatives/{coop_id}/suborders/{suborder_id}",
    response_model=SubOrderOut,
    responses=responses_for(OrderNotFound),
)
async def get_suborder(coop_id: Id, suborder_id: Id, actor: ActorDep):
    return await service.get_suborder(coop_id, suborder_id, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/suborders/{suborder_id}/pack",
    response_model=SubOrderOut,
    responses=responses_for(OrderNotFound, IllegalTransition),
)
async def pack(coop_id: Id, suborder_id: Id, actor: ActorDep):
    return await service.pack_suborder(coop_id, suborder_id, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/suborders/{suborder_id}/ship",
    response_model=SubOrderOut,
    responses=responses_for(OrderNotFound, IllegalTransition, InvalidOrder),
)
async def ship(coop_id: Id, suborder_id: Id, body: ShipIn, actor: ActorDep):
    return await service.ship_suborder(
        coop_id, suborder_id, actor=actor, courier=body.courier, tracking_number=body.tracking_number
    )


@router.post(
    "/cooperatives/{coop_id}/suborders/{suborder_id}/deliver",
    response_model=SubOrderOut,
    responses=responses_for(OrderNotFound, IllegalTransition),
)
async def deliver(coop_id: Id, suborder_id: Id, actor: ActorDep):
    return await service.mark_delivered(coop_id, suborder_id, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/suborders/{suborder_id}/cancel",
    response_model=SubOrderOut,
    responses=responses_for(OrderNotFound, IllegalTransition, *GATEWAY_ERRORS),
)
async def cancel_suborder(coop_id: Id, suborder_id: Id, body: CancelIn, rt: RuntimeDep, actor: ActorDep):
    return await service.cancel_suborder(rt.gateway, coop_id, suborder_id, actor=actor, reason=body.reason)


@router.post(
    "/cooperatives/{coop_id}/suborders/{suborder_id}/receive",
    response_model=SubOrderOut,
    responses=responses_for(OrderNotFound, IllegalTransition, InvalidOrder, InvalidProduct, ProductNotFound),
)
async def receive(coop_id: Id, suborder_id: Id, body: ReceiveIn, actor: ActorDep):
    return await service.receive_suborder(coop_id, suborder_id, actor=actor, product_id=body.product_id)


@router.get("/cooperatives/{coop_id}/delivery-rates", response_model=dict[str, int])
async def get_rates(coop_id: Id, actor: ActorDep):
    return await service.get_delivery_rates(coop_id)


@router.put(
    "/cooperatives/{coop_id}/delivery-rates", response_model=dict[str, int], responses=responses_for(InvalidOrder)
)
async def set_rates(coop_id: Id, body: DeliveryRatesIn, actor: ActorDep):
    return await service.set_delivery_rates(coop_id, body.rates, actor=actor)


@router.get("/cooperatives/{coop_id}/reports/inventory", response_model=InventoryReportOut, tags=["reports"])
async def inventory_report(coop_id: Id, actor: ActorDep):
    """Persediaan in the catalog (each product's stock × HPP, the total), in transit (taken by paid
    sub-orders, HPP still in persediaan until they complete), in the books, and the difference."""
    return await service.inventory_report(coop_id, actor=actor)
