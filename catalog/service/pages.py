"""What the shop and the staff pages ask of the catalog, one call per screen.

Each function gathers a screen's data (a storefront: the cooperative and its search; a staff
product: the product, its stock movements) or makes a change that spans two steps (a product and
its first photo), so routes stay one call each.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from catalog.errors import InvalidPhoto, ProductNotFound
from catalog.models import Product, ProductStatus, StockMovement
from catalog.schemas import ImportJobOut, ProductIn, ProductStaffOut, SearchResult, StockMovementOut, StorefrontOut
from catalog.search import SearchEngine
from catalog.service.photos import _resize, drop_staged, staged_photo, store_photo
from catalog.service.products import create_product, product_out, update_product
from catalog.service.searching import search_products
from market import db
from market import service as market
from market.errors import NotFound


async def storefront(engine: SearchEngine, slug: str, params: dict[str, Any], *, viewer=None) -> StorefrontOut:
    """A cooperative's own shop: its profile and a search over its products only.

    A cooperative that is not active has no storefront (for anyone but the operator and its staff).
    """
    try:
        coop = await market.get_cooperative_by_slug(slug)
    except NotFound:
        raise NotFound("Koperasi tidak ditemukan") from None
    staff = viewer is not None and (viewer.oversees(coop.id) or viewer.cooperative_id == coop.id)
    if coop.status != market.CoopStatus.ACTIVE and not staff:
        raise NotFound("Koperasi tidak ditemukan")
    result = await search_products(engine, {**params, "cooperative_id": coop.id}, viewer=viewer)
    return StorefrontOut(
        id=coop.id,
        slug=coop.slug,
        name=coop.name,
        province=coop.province,
        regency=coop.regency,
        coop_type=str(coop.coop_type),
        syariah=coop.syariah,
        address=coop.address,
        result=result,
    )


async def suggest(engine: SearchEngine, q: str, *, limit: int = 6) -> SearchResult:
    """Products for the search box's as-you-type list (no facets: it must be quick)."""
    if not q.strip():
        from catalog.service.searching import parse_query

        return SearchResult(query=parse_query({"per_page": limit, "facets": False}), total=0, hits=[])
    return await search_products(engine, {"q": q[:200], "per_page": limit, "facets": False})


def _own(product: Product | None, coop_id: int) -> Product:
    if product is None or product.status == ProductStatus.REMOVED or product.cooperative_id != coop_id:
        raise ProductNotFound("Produk tidak ditemukan")
    return product


async def staff_product(
    coop_id: int, product_id: int, *, actor=None, history: int = 15
) -> tuple[ProductStaffOut, list[StockMovementOut]]:
    """A product of *coop_id* as its staff see it, with its latest stock movements.

    A product of another cooperative is not found, whoever asks.
    """
    if actor is not None:
        market.require_coop(actor, coop_id)
    product = _own(await Product.get_or_none(id=product_id), coop_id)
    coop = await market.get_cooperative(coop_id)
    origin = None
    if product.origin_cooperative_id:
        origin = await market.get_cooperative(product.origin_cooperative_id)
    moves = await StockMovement.filter(product_id=product_id).order_by("-id").limit(history)
    out = [
        StockMovementOut(
            kind=m.kind,
            quantity=m.quantity,
            reserved_change=m.reserved_change,
            stock_after=m.stock_after,
            reason=m.reason,
            created_at=m.created_at,
        )
        for m in moves
    ]
    return product_out(product, coop, origin, staff=True), out


def check_photo(content: bytes | None, *, max_bytes: int) -> dict[str, bytes] | None:
    """The photo resized to its stored sizes, or None when none was sent; InvalidPhoto otherwise."""
    if not content:
        return None
    if len(content) > max_bytes:
        raise InvalidPhoto(f"Foto melebihi batas {max_bytes // 1024} KB", field="photo")
    return _resize(content)


async def create_listing(
    coop_id: int,
    data: ProductIn | dict[str, Any],
    *,
    photo: bytes | None = None,
    staged: str | None = None,
    media_dir: Path,
    max_bytes: int,
    actor=None,
) -> Product:
    """List a product with an optional first photo (sent now, or *staged* by ``stage_photo`` when
    the form was refused before): the photo is checked before anything is stored, so a bad photo
    leaves no product behind."""
    if actor is not None:
        market.require_coop(actor, coop_id)
    sizes = await asyncio.to_thread(check_photo, photo, max_bytes=max_bytes)
    sizes = sizes or staged_photo(coop_id, staged, media_dir=media_dir)
    async with db.transaction():
        product = await create_product(coop_id, data, actor=actor)
        if sizes:
            await store_photo(product, sizes, media_dir)
    drop_staged(coop_id, staged, media_dir=media_dir)
    return product


async def update_listing(
    coop_id: int,
    product_id: int,
    data: dict[str, Any],
    *,
    photo: bytes | None = None,
    staged: str | None = None,
    media_dir: Path,
    max_bytes: int,
    actor=None,
) -> Product:
    """Change a product of *coop_id* and optionally add a photo (sent now or *staged*); a bad
    photo changes nothing."""
    if actor is not None:
        market.require_coop(actor, coop_id)
    product = _own(await Product.get_or_none(id=product_id), coop_id)
    sizes = await asyncio.to_thread(check_photo, photo, max_bytes=max_bytes)
    sizes = sizes or staged_photo(coop_id, staged, media_dir=media_dir)
    if sizes and len(product.photos) >= 5:
        raise InvalidPhoto("Paling banyak 5 foto per produk", field="photo")
    async with db.transaction():
        product = await update_product(product_id, data, actor=actor)
        if sizes:
            await store_photo(product, sizes, media_dir)
    drop_staged(coop_id, staged, media_dir=media_dir)
    return product


async def latest_imports(coop_id: int, *, actor=None, limit: int = 5) -> list[ImportJobOut]:
    """The cooperative's most recent CSV imports, newest first (without their row reports)."""
    from catalog.models import ImportJob

    if actor is not None:
        market.require_coop(actor, coop_id)
    columns = [name for name in ImportJobOut.model_fields if name != "report"]
    rows = await ImportJob.filter(cooperative_id=coop_id).order_by("-id").limit(limit).values(*columns)
    return [ImportJobOut(**{**row, "status": str(row["status"])}) for row in rows]
