"""Carts: one per logged-in user or anonymous visitor, lines from any number of cooperatives.

A line is checked when it is added or changed (a clear error, nothing changed) and again each
time the cart is read: stock and a cooperative's status move on their own, so the cart shows
each line's problem instead of refusing to show it.
"""

from __future__ import annotations

from collections import defaultdict

from tortoise.exceptions import IntegrityError

from catalog import service as catalog
from catalog.errors import NotBuyable, OutOfStock, ProductNotFound
from catalog.schemas import Offer
from market import db
from orders.errors import InvalidOrder
from orders.models import Cart, CartLine
from orders.schemas import CartGroupOut, CartLineOut, CartOut

MAX_QUANTITY = 10**6


def quantity_of(value, *, allow_zero: bool = False) -> int:
    """A whole number of units, or InvalidOrder on the quantity field."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidOrder("Jumlah harus bilangan bulat", field="quantity")
    if value < 0 or (value == 0 and not allow_zero):
        raise InvalidOrder("Jumlah harus lebih dari 0", field="quantity")
    if value > MAX_QUANTITY:
        raise InvalidOrder("Jumlah terlalu besar", field="quantity")
    return value


def _owner(user_id: int | None, visitor_key: str | None) -> dict:
    if user_id is not None:
        return {"user_id": user_id}
    if visitor_key:
        return {"visitor_key": str(visitor_key)[:64]}
    raise InvalidOrder("Keranjang tanpa pemilik", field="cart")


async def _find(user_id=None, visitor_key=None) -> Cart | None:
    return await Cart.get_or_none(**_owner(user_id, visitor_key))


async def _get_or_create(user_id=None, visitor_key=None) -> Cart:
    owner = _owner(user_id, visitor_key)
    cart = await Cart.get_or_none(**owner)
    if cart is None:
        try:
            async with db.transaction():
                cart = await Cart.create(**owner)
        except IntegrityError:
            cart = await Cart.get(**owner)
    return cart


def line_problem(offer: Offer | None, quantity: int) -> str | None:
    """Why a line of *quantity* units cannot be ordered now, or None."""
    if offer is None or not offer.active:
        return "Produk tidak tersedia lagi"
    if not offer.coop_active:
        return "Koperasi penjual sedang tidak aktif"
    if quantity < offer.min_order_qty:
        return f"Minimum pesanan {offer.min_order_qty} {offer.unit}"
    if quantity > offer.available:
        available = max(offer.available, 0)
        return f"Stok tidak cukup: tersedia {available} {offer.unit}"
    return None


def line_out(product_id: int, quantity: int, offer: Offer | None) -> CartLineOut:
    if offer is None:
        return CartLineOut(
            product_id=product_id,
            name="(produk dihapus)",
            unit="",
            quantity=quantity,
            unit_price=0,
            line_total=0,
            min_order_qty=1,
            available=0,
            problem=line_problem(None, quantity),
        )
    price = catalog.unit_price(offer, quantity)
    return CartLineOut(
        product_id=product_id,
        name=offer.name,
        unit=offer.unit,
        quantity=quantity,
        unit_price=price,
        line_total=price * quantity,
        min_order_qty=offer.min_order_qty,
        available=max(offer.available, 0),
        photo=catalog.photo_url(offer.photo) if offer.photo else "",
        problem=line_problem(offer, quantity),
    )


def build_cart(cart_id: int | None, lines: list[tuple[int, int]], offers: dict[int, Offer]) -> CartOut:
    groups: dict[int, list[CartLineOut]] = defaultdict(list)
    orphans: list[CartLineOut] = []
    for product_id, quantity in lines:
        offer = offers.get(product_id)
        out = line_out(product_id, quantity, offer)
        (groups[offer.cooperative_id] if offer else orphans).append(out)
    result = []
    for coop_id, group_lines in groups.items():
        offer = offers[group_lines[0].product_id]
        result.append(
            CartGroupOut(
                cooperative_id=coop_id,
                cooperative_name=offer.coop_name,
                cooperative_slug=offer.coop_slug,
                province=offer.province,
                lines=group_lines,
                subtotal=sum(line.line_total for line in group_lines),
            )
        )
    if orphans:
        result.append(
            CartGroupOut(
                cooperative_id=0, cooperative_name="", cooperative_slug="", province="", lines=orphans, subtotal=0
            )
        )
    all_lines = [line for g in result for line in g.lines]
    problems = [f"{line.name}: {line.problem}" for line in all_lines if line.problem]
    return CartOut(
        id=cart_id, groups=result, total=sum(g.subtotal for g in result), count=len(all_lines), problems=problems
    )


async def cart_lines(cart_id: int) -> list[tuple[int, int]]:
    rows = await db.execute("SELECT product_id, quantity FROM orders_cart_line WHERE cart_id = ? ORDER BY id", cart_id)
    return [(r["product_id"], r["quantity"]) for r in rows]


async def _read(cart: Cart | None) -> CartOut:
    if cart is None:
        return CartOut()
    lines = await cart_lines(cart.id)
    return build_cart(cart.id, lines, await catalog.offers([p for p, _ in lines]))


async def get_cart(*, user_id: int | None = None, visitor_key: str | None = None) -> CartOut:
    """The cart as it would be charged now, grouped by cooperative (creates nothing)."""
    if user_id is None and not visitor_key:
        return CartOut()
    return await _read(await _find(user_id, visitor_key))


async def _check(product_id, quantity: int) -> Offer:
    """Refuse a quantity of a product that cannot be ordered, saying why."""
    offer = (await catalog.offers([product_id])).get(product_id)
    if offer is None or not offer.active:
        raise ProductNotFound("Produk tidak ditemukan", field="product_id")
    if not offer.coop_active:
        raise NotBuyable("Koperasi penjual sedang tidak aktif; produknya tidak dapat dibeli", field="product_id")
    if quantity < offer.min_order_qty:
        raise InvalidOrder(f"Minimum pesanan {offer.name} adalah {offer.min_order_qty} {offer.unit}", field="quantity")
    if quantity > offer.available:
        raise OutOfStock(
            f"Stok {offer.name} tidak cukup: tersedia {max(offer.available, 0)} {offer.unit}",
            field="quantity",
            product_id=product_id,
        )
    return offer


def _product_id(value) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ProductNotFound("Produk tidak ditemukan", field="product_id")
    return value


async def _set(cart: Cart, product_id: int, quantity: int) -> None:
    async with db.transaction():
        updated = await CartLine.filter(cart_id=cart.id, product_id=product_id).update(quantity=quantity)
        if not updated:
            await CartLine.create(cart_id=cart.id, product_id=product_id, quantity=quantity)


async def add_to_cart(
    product_id: int, quantity: int, *, user_id: int | None = None, visitor_key: str | None = None
) -> CartOut:
    """Add *quantity* units to the product's line (its minimum and the free stock apply to the sum)."""
    product_id, quantity = _product_id(product_id), quantity_of(quantity)
    existing = await _find(user_id, visitor_key)
    current = 0
    if existing is not None:
        line = await CartLine.get_or_none(cart_id=existing.id, product_id=product_id)
        current = line.quantity if line else 0
    await _check(product_id, current + quantity)
    cart = existing or await _get_or_create(user_id, visitor_key)
    await _set(cart, product_id, current + quantity)
    return await _read(cart)


async def set_cart_quantity(
    product_id: int, quantity: int, *, user_id: int | None = None, visitor_key: str | None = None
) -> CartOut:
    """Set the line's quantity; 0 removes the line."""
    product_id, quantity = _product_id(product_id), quantity_of(quantity, allow_zero=True)
    if quantity == 0:
        return await remove_from_cart(product_id, user_id=user_id, visitor_key=visitor_key)
    await _check(product_id, quantity)
    cart = await _get_or_create(user_id, visitor_key)
    await _set(cart, product_id, quantity)
    return await _read(cart)


async def remove_from_cart(product_id: int, *, user_id: int | None = None, visitor_key: str | None = None) -> CartOut:
    """Take the product out of the cart (nothing happens if it is not there)."""
    product_id = _product_id(product_id)
    cart = await _find(user_id, visitor_key)
    if cart is not None:
        await CartLine.filter(cart_id=cart.id, product_id=product_id).delete()
    return await _read(cart)


async def merge_visitor_cart(visitor_key: str, user_id: int) -> CartOut:
    """Move an anonymous cart into the account's after login (quantities of one product add up)."""
    visitor = await _find(None, visitor_key) if visitor_key else None
    if visitor is None:
        return await get_cart(user_id=user_id)
    cart = await _get_or_create(user_id, None)
    async with db.transaction():
        mine = {line.product_id: line for line in await CartLine.filter(cart_id=cart.id)}
        for line in await CartLine.filter(cart_id=visitor.id):
            if line.product_id in mine:
                await CartLine.filter(id=mine[line.product_id].id).update(
                    quantity=mine[line.product_id].quantity + line.quantity
                )
            else:
                await CartLine.create(cart_id=cart.id, product_id=line.product_id, quantity=line.quantity)
        await CartLine.filter(cart_id=visitor.id).delete()
        await Cart.filter(id=visitor.id).delete()
    return await _read(cart)
