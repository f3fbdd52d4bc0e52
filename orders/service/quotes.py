"""Quotes: the buyer's cart per cooperative with its delivery options and fees for a province, and
the delivery address checked field by field. Checkout (checkout.py) places an order from a quote.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from market.addresses import ADDRESS_FIELDS
from market.validation import field_messages, joined
from orders.errors import InvalidAddress, InvalidOrder
from orders.schemas import AddressIn, DeliveryChoiceOut, QuoteGroupOut, QuoteOut
from orders.service.carts import build_cart, owner_cart
from orders.service.rates import rates_for


def parse_address(data: AddressIn | dict[str, Any] | None) -> AddressIn:
    """An AddressIn, or InvalidAddress naming the first bad field (``errors`` lists them all)."""
    if isinstance(data, AddressIn):
        return data
    if data is None:
        raise InvalidAddress(
            "Alamat pengiriman wajib diisi",
            field="recipient_name",
            errors=[{"field": f, "message": "wajib diisi"} for f in ADDRESS_FIELDS],
        )
    try:
        return AddressIn.model_validate(data)
    except ValidationError as exc:
        errors = field_messages(exc.errors())
        raise InvalidAddress(joined(errors), field=errors[0]["field"] if errors else None, errors=errors) from None


def _choice(delivery: dict, coop_id: int) -> str:
    value = (delivery or {}).get(coop_id, (delivery or {}).get(str(coop_id), "pickup")) or "pickup"
    if value not in ("pickup", "delivery"):
        raise InvalidOrder("Pilihan pengiriman harus pickup atau delivery", field=f"delivery.{coop_id}")
    return value


async def _quote(user_id: int, province: str | None, delivery: dict) -> tuple[QuoteOut, dict, int | None]:
    cart_id, lines, offers = await owner_cart(user_id)
    cart = build_cart(cart_id, lines, offers)
    coop_ids = [g.cooperative_id for g in cart.groups if g.cooperative_id]
    fees = await rates_for(coop_ids, province)
    groups = []
    for g in cart.groups:
        choice = _choice(delivery, g.cooperative_id)
        fee = fees.get(g.cooperative_id)
        options = [
            DeliveryChoiceOut(option="pickup", fee=0),
            DeliveryChoiceOut(option="delivery", fee=fee or 0, available=fee is not None),
        ]
        delivery_fee = fee if choice == "delivery" and fee is not None else 0
        groups.append(
            QuoteGroupOut(
                cooperative_id=g.cooperative_id,
                cooperative_name=g.cooperative_name,
                cooperative_slug=g.cooperative_slug,
                province=g.province,
                lines=g.lines,
                goods_total=g.subtotal,
                delivery=choice,
                delivery_fee=delivery_fee,
                total=g.subtotal + delivery_fee,
                options=options,
            )
        )
    problems = list(cart.problems)
    for quoted in groups:
        if quoted.delivery == "delivery" and not quoted.options[1].available:
            problems.append(f"{quoted.cooperative_name}: tidak mengirim ke provinsi ini; pilih ambil sendiri")
    return QuoteOut(groups=groups, grand_total=sum(q.total for q in groups), problems=problems), offers, cart_id


async def quote_checkout(
    *, user_id: int, address: AddressIn | dict | None = None, delivery: dict[int, str], province: str | None = None
) -> QuoteOut:
    """The cart per cooperative with its delivery options and fees for the address' province (a
    whole address is checked; while the buyer is still typing, the province alone is enough)."""
    if address is not None:
        province = parse_address(address).provinsi
    quote, _, _ = await _quote(user_id, province, delivery)
    return quote
