"""Search: the shop's queries, and keeping the index in step with the products."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from catalog.errors import InvalidProduct
from catalog.models import Product, ProductStatus
from catalog.schemas import IndexDoc, SearchQuery, SearchResult
from catalog.search import SearchEngine
from catalog.search.text import fold
from catalog.taxonomy import CATEGORY_NAMES, price_bucket
from market import db
from market import service as market

# Words nearly every document carries (every seller is a "Koperasi ..."): indexing them would make
# a prefix like "kop" match the whole catalog instead of "kopi".
COMMON_WORDS = frozenset({"koperasi", "kabupaten", "kota"})


def _body(*parts: str) -> str:
    return " ".join(w for w in fold(" ".join(parts)).split() if w not in COMMON_WORDS)


def index_doc(product: Product, coop) -> IndexDoc:
    body = _body(
        product.description, CATEGORY_NAMES.get(product.category, ""), product.origin_regency, product.sku, product.unit
    )
    seller = _body(coop.name, coop.regency, coop.province)
    return IndexDoc(
        product_id=product.id,
        cooperative_id=coop.id,
        cooperative_name=coop.name,
        province=coop.province,
        category=product.category,
        halal=product.halal,
        price_idr=product.price_idr,
        price_bucket=price_bucket(product.price_idr),
        in_stock=product.status == ProductStatus.ACTIVE and product.stock - product.reserved > 0,
        coop_active=coop.status == market.CoopStatus.ACTIVE,
        name=product.name,
        unit=product.unit,
        photo=product.photos[0] if product.photos else "",
        name_folded=fold(product.name),
        body_folded=body,
        seller_folded=seller,
        created_ts=int(product.created_at.timestamp()),
    )


async def reindex_products(engine: SearchEngine, product_ids: list[int]) -> None:
    """Write these products' current state to the index (removed ones leave it)."""
    products = await Product.filter(id__in=product_ids)
    coops = {c.id: c for c in await market.list_cooperatives(ids=list({p.cooperative_id for p in products}))}
    docs = [index_doc(p, coops[p.cooperative_id]) for p in products if p.status == ProductStatus.ACTIVE]
    gone = set(product_ids) - {d.product_id for d in docs}
    await engine.upsert(docs)
    if gone:
        await engine.delete(sorted(gone))


async def cooperative_status_changed(engine: SearchEngine, coop_id: int) -> None:
    """Show or hide a cooperative's products, by its status now (events may arrive late)."""
    coop = await market.get_cooperative(coop_id)
    await engine.set_cooperative_active(coop_id, coop.status == market.CoopStatus.ACTIVE)


async def rebuild_index(
    engine: SearchEngine, progress: Callable[[int, int], Any] | None = None, *, batch: int = 500
) -> int:
    """Empty the index and write every active product again; return how many were indexed."""
    await engine.clear()
    total = await Product.filter(status=ProductStatus.ACTIVE).count()
    done, last_id = 0, 0
    coops = {c.id: c for c in await market.list_cooperatives()}
    while True:
        products = await Product.filter(status=ProductStatus.ACTIVE, id__gt=last_id).order_by("id").limit(batch)
        if not products:
            break
        from market import db

        async with db.transaction():
            await engine.upsert([index_doc(p, coops[p.cooperative_id]) for p in products])
        done += len(products)
        last_id = products[-1].id
        if progress:
            progress(done, total)
    return done


def parse_query(params: dict[str, Any]) -> SearchQuery:
    """Query-string parameters as a SearchQuery (blank values mean no filter)."""
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    try:
        return SearchQuery.model_validate(clean)
    except ValidationError as exc:
        from catalog.service.products import validation_error

        raise validation_error(exc) from None


@db.read_only
async def search_products(engine: SearchEngine, query: SearchQuery | dict[str, Any], *, viewer=None) -> SearchResult:
    """Search the shop: typo-tolerant, prefix on the last word, filtered, faceted, sorted.

    Hidden products (sold out, or of a cooperative that is not active) appear only when asked
    for by the operator or by staff filtering on their own cooperative. A query that finds
    nothing comes back with nearer queries that do and the nearest categories (``rescue``).
    """
    if isinstance(query, dict):
        query = parse_query(query)
    if query.price_min is not None and query.price_max is not None and query.price_min > query.price_max:
        raise InvalidProduct("Harga minimum melebihi harga maksimum", field="price_min")
    if query.include_hidden:
        allowed = viewer is not None and (
            viewer.is_national_operator
            or (query.cooperative_id is not None and viewer.oversees(query.cooperative_id))
            or (
                query.cooperative_id is not None
                and viewer.cooperative_id == query.cooperative_id
                and str(viewer.role) in ("manager", "cashier")
            )
        )
        if not allowed:
            query = query.model_copy(update={"include_hidden": False})
    result = await engine.search(query)
    if result.total == 0 and query.q.strip() and query.facets:
        from catalog.service.rescue import rescue

        return await rescue(engine, query, result)
    return result
