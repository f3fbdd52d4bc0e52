"""Products: create, change, remove, read; every change announced to the search index."""

from __future__ import annotations

from typing import Any, Literal, overload
from uuid import uuid4

from pydantic import ValidationError
from tortoise.exceptions import IntegrityError

from catalog.errors import InvalidProduct, ProductNotFound
from catalog.events import ProductsChanged
from catalog.models import Product, ProductStatus, StockMovement
from catalog.schemas import Offer, ProductIn, ProductOut, ProductStaffOut, ProductUpdate, TierOut
from catalog.service.stock_books import book_stock, revalue
from catalog.taxonomy import CATEGORY_NAMES
from market import db
from market import service as market
from market.errors import NotFound
from market.validation import field_messages, joined

CoopStatus = market.CoopStatus


async def announce(product_ids: list[int]) -> None:
    """Tell the search index these products changed (call inside the change's transaction)."""
    if product_ids:
        await market.publish(ProductsChanged(product_ids=sorted(set(product_ids))))


def validation_error(exc: ValidationError) -> InvalidProduct:
    """A pydantic error as a domain error listing each field's message (forms show them inline)."""
    errors = field_messages(exc.errors())
    return InvalidProduct(joined(errors), field=errors[0]["field"] if errors else None, errors=errors)


def parse_product(data: ProductIn | dict[str, Any]) -> ProductIn:
    if isinstance(data, ProductIn):
        return data
    try:
        return ProductIn.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc) from None


def _require_staff(actor, coop_id: int) -> None:
    if actor is not None:
        market.require_coop(actor, coop_id)


async def _check_links(coop_id: int, supplier_member_id: int | None, origin_cooperative_id: int | None) -> None:
    if supplier_member_id is not None:
        try:
            await market.get_member(coop_id, supplier_member_id)
        except NotFound:
            raise InvalidProduct(
                "Anggota pemasok tidak ditemukan di koperasi ini", field="supplier_member_id"
            ) from None
    if origin_cooperative_id is not None:
        try:
            await market.get_cooperative(origin_cooperative_id)
        except NotFound:
            raise InvalidProduct("Koperasi asal tidak ditemukan", field="origin_cooperative_id") from None


async def create_product(
    coop_id: int, data: ProductIn | dict[str, Any], *, actor=None, stock_booking: Literal["none"] | None = None
) -> Product:
    """List a product of *coop_id*; its opening stock is recorded as a stock movement and booked
    as a purchase paid from ``data.paid_from`` (units × cost into persediaan), unless the caller
    books it itself (``stock_booking="none"``: a B2B receipt)."""
    _require_staff(actor, coop_id)
    data = parse_product(data)
    await market.get_cooperative(coop_id)
    await _check_links(coop_id, data.supplier_member_id, data.origin_cooperative_id)
    fields = data.model_dump(exclude={"tiers", "paid_from"})
    fields["tiers"] = [t.model_dump() for t in data.tiers]
    async with db.transaction():
        try:
            async with db.transaction():  # a savepoint: the transaction goes on to say which key is taken
                product = await Product.create(cooperative_id=coop_id, **fields)
        except IntegrityError:
            raise await _taken(coop_id, data) from None
        if data.stock:
            movement = await StockMovement.create(
                product_id=product.id,
                kind="adjust",
                quantity=data.stock,
                stock_after=data.stock,
                reason="stok awal",
                user_id=getattr(actor, "user_id", None),
            )
            await book_stock(
                product,
                data.stock,
                stock_booking or data.paid_from,
                reason="stok awal",
                reference=f"stock:{product.id}:{movement.id}",
                actor_user_id=getattr(actor, "user_id", None),
            )
        await announce([product.id])
    return product


async def _taken(coop_id: int, data: ProductIn) -> InvalidProduct:
    """Which of the cooperative's unique keys another of its products holds: its barcode, else its SKU."""
    if data.barcode and await Product.filter(cooperative_id=coop_id, barcode=data.barcode).exists():
        return InvalidProduct(f"Barcode {data.barcode} sudah dipakai produk lain koperasi ini", field="barcode")
    return InvalidProduct(f"SKU {data.sku} sudah dipakai produk lain koperasi ini", field="sku")


async def _get(product_id: int) -> Product:
    product = await Product.get_or_none(id=product_id)
    if product is None or product.status == ProductStatus.REMOVED:
        raise ProductNotFound("Produk tidak ditemukan")
    return product


async def update_product(product_id: int, data: ProductUpdate | dict[str, Any], *, actor=None) -> Product:
    """Change a product's details (not its stock); the whole record must still be valid."""
    product = await _get(product_id)
    _require_staff(actor, product.cooperative_id)
    if isinstance(data, dict):
        try:
            data = ProductUpdate.model_validate(data)
        except ValidationError as exc:
            raise validation_error(exc) from None
    changes = data.model_dump(exclude_unset=True)
    current = {name: getattr(product, name) for name in ProductIn.model_fields if name not in ("stock", "paid_from")}
    current.update(supplier_member_id=product.supplier_member_id, origin_cooperative_id=product.origin_cooperative_id)
    merged = parse_product({**current, **changes, "stock": 0})
    if not changes:
        return product
    await _check_links(product.cooperative_id, merged.supplier_member_id, merged.origin_cooperative_id)
    update = merged.model_dump(include=set(changes) - {"tiers"})
    if "tiers" in changes:
        update["tiers"] = [t.model_dump() for t in merged.tiers]
    check_stock_kept(product, merged)
    async with db.transaction():
        if merged.cost_idr != product.cost_idr:
            await revalue(
                product,
                merged.cost_idr,
                actor_user_id=getattr(actor, "user_id", None),
                reference=f"revalue:{product.id}:{uuid4().hex}",
            )
        product.update_from_dict(update)
        try:
            async with db.transaction():  # a savepoint, as in create_product
                await product.save(update_fields=[*update, "updated_at"])
        except IntegrityError:
            raise await _taken(product.cooperative_id, merged) from None
        await announce([product.id])
    return product


def check_stock_kept(product: Product, merged: ProductIn) -> None:
    """Units on hand keep the books right through a change: a new unit cost revalues them (see
    ``revalue``), but not while unpaid orders hold some at the old cost (their HPP is fixed when
    ordered); and goods cannot move between the cooperative's own and a member's produce (which
    is not in persediaan) while there are any."""
    if merged.cost_idr != product.cost_idr and product.reserved:
        raise InvalidProduct(
            f"HPP tidak dapat diubah selama {product.reserved} {product.unit} dipesan dan belum dibayar;"
            " coba lagi setelah pesanan dibayar atau kedaluwarsa",
            field="cost_idr",
        )
    if (merged.supplier_member_id is None) != (product.supplier_member_id is None) and (
        product.stock or product.reserved
    ):
        raise InvalidProduct(
            f"Pemasok tidak dapat diubah antara barang koperasi dan titipan anggota selama masih ada stok"
            f" ({product.stock} {product.unit}): kosongkan stok dulu",
            field="supplier_member_id",
        )


async def remove_product(product_id: int, *, actor=None) -> None:
    """Take a product off the shop; its history (stock movements, orders) stays."""
    product = await _get(product_id)
    _require_staff(actor, product.cooperative_id)
    async with db.transaction():
        await Product.filter(id=product_id).update(status=ProductStatus.REMOVED)
        await announce([product_id])


async def get_product(product_id: int, *, viewer=None) -> ProductOut:
    """A product as the shop shows it; staff of its cooperative (and the operator) see more.

    A product of a cooperative that is not active is not found for anyone else.
    """
    product = await _get(product_id)
    coop = await market.get_cooperative(product.cooperative_id)
    staff = (
        viewer is not None
        and (viewer.oversees(coop.id) or viewer.cooperative_id == coop.id)
        and str(viewer.role) in ("operator", "manager", "cashier")
    )
    if coop.status != CoopStatus.ACTIVE and not staff:
        raise ProductNotFound("Produk tidak ditemukan")
    origin = None
    if product.origin_cooperative_id:
        origin = await market.get_cooperative(product.origin_cooperative_id)
    return product_out(product, coop, origin, staff=staff)


def _place(regency: str) -> str:
    """ "Kabupaten Manggarai" → "Manggarai", "Kota Surabaya" → "Surabaya": how a chain is read."""
    for prefix in ("Kabupaten ", "Kab. ", "Kota "):
        if regency.startswith(prefix):
            return regency[len(prefix) :]
    return regency


@overload
def product_out(product: Product, coop, origin=None, *, staff: Literal[True]) -> ProductStaffOut: ...
@overload
def product_out(product: Product, coop, origin=None, *, staff: bool = False) -> ProductOut: ...


def product_out(product: Product, coop, origin=None, *, staff: bool = False) -> ProductOut:
    available = product.stock - product.reserved
    data = {
        "id": product.id,
        "cooperative_id": coop.id,
        "cooperative_name": coop.name,
        "cooperative_slug": coop.slug,
        "province": coop.province,
        "sku": product.sku,
        "barcode": product.barcode,
        "name": product.name,
        "description": product.description,
        "category": product.category,
        "category_name": CATEGORY_NAMES.get(product.category, product.category),
        "unit": product.unit,
        "price_idr": product.price_idr,
        "tiers": [TierOut(**t) for t in product.tiers],
        "min_order_qty": product.min_order_qty,
        "stock": product.stock,
        "available": available,
        "halal": product.halal,
        "origin_regency": product.origin_regency,
        "produced_on": product.produced_on,
        "origin_cooperative_id": product.origin_cooperative_id,
        "origin_cooperative_name": origin.name if origin else None,
        "provenance": [
            f"{origin.name}, {_place(product.origin_regency or origin.regency)}",
            f"{coop.name}, {_place(coop.regency)}",
        ]
        if origin and origin.id != coop.id
        else [],
        "supplier_member_id": product.supplier_member_id,
        "photos": list(product.photos),
        "buyable": product.status == ProductStatus.ACTIVE and coop.status == CoopStatus.ACTIVE and available > 0,
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }
    if staff:
        return ProductStaffOut(**data, cost_idr=product.cost_idr, reserved=product.reserved, status=str(product.status))
    return ProductOut(**data)


async def list_products(
    coop_id: int, *, actor=None, q: str = "", limit: int = 50, offset: int = 0
) -> tuple[int, list[ProductStaffOut]]:
    """The cooperative's own products for its staff (by name or SKU), newest first."""
    _require_staff(actor, coop_id)
    coop = await market.get_cooperative(coop_id)
    query = Product.filter(cooperative_id=coop_id, status=ProductStatus.ACTIVE)
    if q.strip():
        from tortoise.expressions import Q

        query = query.filter(Q(name__icontains=q.strip()) | Q(sku__icontains=q.strip()))
    total = await query.count()
    rows = await query.order_by("-id").offset(offset).limit(limit)
    return total, [product_out(p, coop, staff=True) for p in rows]


def unit_price(product: ProductOut | Product | Offer, quantity: int) -> int:
    """The price of one unit when *quantity* units are bought: the best tier reached."""
    price = product.price_idr
    for tier in product.tiers:
        min_qty = tier["min_qty"] if isinstance(tier, dict) else tier.min_qty
        tier_price = tier["price_idr"] if isinstance(tier, dict) else tier.price_idr
        if quantity >= min_qty:
            price = tier_price
    return price
