"""Carts: one per logged-in user or anonymous visitor, lines from any number of cooperatives.

A line is checked when it is added or changed (a clear error, nothing changed) and again each
time the cart is read: stock and a cooperative's status move on their own, so the cart shows
each line's problem instead of refusing to show it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

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


async def owner_cart(
    user_id: int | None = None, visitor_key: str | None = None, *, adding: int | None = None
) -> tuple[int | None, list[tuple[int, int]], dict[int, Offer]]:
    """The owner's cart id (None when there is none), its (product, quantity) lines in the order
    they were added, and the offers of their products — and of *adding*, a product about to go
    in: one statement (catalog.offers_beside reads our rows beside its offers)."""
    ((column, value),) = _owner(user_id, visitor_key).items()
    sql = (
        "SELECT c.id AS cart_id, l.id AS line_id, l.product_id, l.quantity, 0 AS probe FROM orders_cart c"
        f" LEFT JOIN orders_cart_line l ON l.cart_id = c.id WHERE c.{column} = ?"
    )
    params: list[object] = [value]
    if adding is not None:
        sql += " UNION ALL SELECT NULL, NULL, CAST(? AS INTEGER), 0, 1"
        params.append(adding)
    rows, offers = await catalog.offers_beside(sql, *params, order_by="line_id")
    cart_id = next((r["cart_id"] for r in rows if r["cart_id"] is not None), None)
    found = sorted((r["line_id"], r["product_id"], r["quantity"]) for r in rows if r["line_id"] is not None)
    return cart_id, [(p, q) for _, p, q in found], offers


async def _cart_id(cart_id: int | None, user_id: int | None, visitor_key: str | None) -> int:
    """*cart_id*, or the owner's new cart (one statement; a twin's cart when it made one first)."""
    if cart_id is not None:
        return cart_id
    ((column, value),) = _owner(user_id, visitor_key).items()
    now = datetime.now(UTC)
    rows = await db.execute(
        f"INSERT INTO orders_cart ({column}, created_at, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING id",
        value,
        now,
        now,
    )
    if not rows:
        rows = await db.execute(f"SELECT id FROM orders_cart WHERE {column} = ?", value)
    return rows[0]["id"]


async def _put_line(cart_id: int, product_id: int, quantity: int) -> None:
    """The line of *product_id* at *quantity* units, made or changed: one statement."""
    await db.execute(
        "INSERT INTO orders_cart_line (cart_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity",
        cart_id,
        product_id,
        quantity,
        datetime.now(UTC),
    )


def _with(lines: list[tuple[int, int]], product_id: int, quantity: int) -> list[tuple[int, int]]:
    """*lines* with the product's line at *quantity* (appended when new, dropped at 0)."""
    changed = [(p, quantity if p == product_id else q) for p, q in lines]
    if all(p != product_id for p, _ in lines):
        changed.append((product_id, quantity))
    return [(p, q) for p, q in changed if q > 0]


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
    """The cart as it would be charged now, grouped by cooperative (creates nothing): one
    statement."""
    if user_id is None and not visitor_key:
        return CartOut()
    cart_id, lines, offers = await owner_cart(user_id, visitor_key)
    if cart_id is None:
        return CartOut()
    return build_cart(cart_id, lines, offers)


async def _change(product_id: int, quantity_of_line, *, user_id: int | None, visitor_key: str | None) -> CartOut:
    """Set the product's line to ``quantity_of_line(current)`` units, checked against its offer:
    two statements (the cart's lines with their offers and the product's, the line's upsert; a
    third makes the cart on the first add). The answer is built from what was read, not read again."""
    cart_id, lines, offers = await owner_cart(user_id, visitor_key, adding=product_id)
    quantity = quantity_of_line(dict(lines).get(product_id, 0))
    _check_offer(offers.get(product_id), product_id, quantity)
    cart_id = await _cart_id(cart_id, user_id, visitor_key)
    await _put_line(cart_id, product_id, quantity)
    return build_cart(cart_id, _with(lines, product_id, quantity), offers)


def _check_offer(offer: Offer | None, product_id: int, quantity: int) -> Offer:
    """The offer, or the error that says why *quantity* units of it cannot be ordered."""
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


async def add_to_cart(
    product_id: int, quantity: int, *, user_id: int | None = None, visitor_key: str | None = None
) -> CartOut:
    """Add *quantity* units to the product's line (its minimum and the free stock apply to the sum)."""
    product_id, quantity = _product_id(product_id), quantity_of(quantity)
    return await _change(product_id, lambda current: current + quantity, user_id=user_id, visitor_key=visitor_key)


async def set_cart_quantity(
    product_id: int, quantity: int, *, user_id: int | None = None, visitor_key: str | None = None
) -> CartOut:
    """Set the line's quantity; 0 removes the line."""
    product_id, quantity = _product_id(product_id), quantity_of(quantity, allow_zero=True)
    if quantity == 0:
        return await remove_from_cart(product_id, user_id=user_id, visitor_key=visitor_key)
    return await _change(product_id, lambda current: quantity, user_id=user_id, visitor_key=visitor_key)


async def remove_from_cart(product_id: int, *, user_id: int | None = None, visitor_key: str | None = None) -> CartOut:
    """Take the product out of the cart (nothing happens if it is not there)."""
    product_id = _product_id(product_id)
    cart_id, lines, offers = await owner_cart(user_id, visitor_key)
    if cart_id is None:
        return CartOut()
    if any(p == product_id for p, _ in lines):
        await db.execute("DELETE FROM orders_cart_line WHERE cart_id = ? AND product_id = ?", cart_id, product_id)
    return build_cart(cart_id, _with(lines, product_id, 0), offers)


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
