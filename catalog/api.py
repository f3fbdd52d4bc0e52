"""JSON API of the catalog under /api/v1: search, products, stock, photos, CSV import."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse, Response

from catalog import service
from catalog.errors import InvalidImport, InvalidPhoto, InvalidProduct, OutOfStock, ProductNotFound, SearchUnavailable
from catalog.schemas import (
    ImportJobOut,
    ProductIn,
    ProductOut,
    ProductStaffOut,
    ProductUpdate,
    SearchResult,
    SortKey,
    StockAdjustIn,
    StockOut,
)
from market.errors import InsufficientBalance
from market.http import RuntimeDep, api_actor, current_actor
from market.openapi import csv_body, responses_for
from market.service import Actor
from market.types import INT64_MAX, Id, Offset

router = APIRouter(prefix="/api/v1", tags=["catalog"])
ActorDep = Annotated[Actor, Depends(api_actor)]
MaybeActor = Annotated[Actor | None, Depends(current_actor)]


@router.get(
    "/products",
    response_model=SearchResult,
    response_model_exclude={"query": {"facets"}},
    responses=responses_for(InvalidProduct, SearchUnavailable),
)
async def search_products(
    viewer: MaybeActor,
    rt: RuntimeDep,
    q: Annotated[str, Query(max_length=200)] = "",
    category: str | None = None,
    province: str | None = None,
    cooperative_id: Id | None = None,
    halal: bool | None = None,
    price_min: Annotated[int | None, Query(ge=0, le=INT64_MAX)] = None,
    price_max: Annotated[int | None, Query(ge=0, le=INT64_MAX)] = None,
    sort: SortKey = "relevance",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    include_hidden: bool = False,
    facets: bool = True,
):
    """Search: typo-tolerant, prefix on the last word, with filters, facet counts and sorting."""
    return await service.search_products(
        rt.search,
        {
            "q": q,
            "category": category,
            "province": province,
            "cooperative_id": cooperative_id,
            "halal": halal,
            "price_min": price_min,
            "price_max": price_max,
            "sort": sort,
            "page": page,
            "per_page": per_page,
            "include_hidden": include_hidden,
            "facets": facets,
        },
        viewer=viewer,
    )


@router.get("/categories")
async def categories():
    return [{"slug": slug, "name": name} for slug, name in service.CATEGORIES]


@router.get("/products/import-template.csv", response_class=Response, responses=csv_body("The CSV import template"))
async def import_template():
    return PlainTextResponse(
        service.template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="templat-produk.csv"'},
    )


@router.get(
    "/products/{product_id}", response_model=ProductStaffOut | ProductOut, responses=responses_for(ProductNotFound)
)
async def get_product(product_id: Id, viewer: MaybeActor):
    return await service.get_product(product_id, viewer=viewer)


@router.post(
    "/cooperatives/{coop_id}/products",
    response_model=ProductStaffOut,
    status_code=201,
    responses=responses_for(InvalidProduct),
)
async def create_product(coop_id: Id, body: ProductIn, actor: ActorDep):
    product = await service.create_product(coop_id, body, actor=actor)
    return await service.get_product(product.id, viewer=actor)


@router.get("/cooperatives/{coop_id}/products")
async def list_products(
    coop_id: Id,
    actor: ActorDep,
    q: str = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[Offset, Query()] = 0,
):
    total, items = await service.list_products(coop_id, actor=actor, q=q, limit=limit, offset=offset)
    return {"total": total, "items": items}


@router.patch(
    "/products/{product_id}", response_model=ProductStaffOut, responses=responses_for(ProductNotFound, InvalidProduct)
)
async def update_product(product_id: Id, body: ProductUpdate, actor: ActorDep):
    await service.update_product(product_id, body, actor=actor)
    return await service.get_product(product_id, viewer=actor)


@router.delete("/products/{product_id}", status_code=204, responses=responses_for(ProductNotFound))
async def remove_product(product_id: Id, actor: ActorDep):
    await service.remove_product(product_id, actor=actor)


@router.post(
    "/products/{product_id}/stock",
    response_model=StockOut,
    responses=responses_for(ProductNotFound, InvalidProduct, OutOfStock, InsufficientBalance),
)
async def adjust_stock(product_id: Id, body: StockAdjustIn, actor: ActorDep):
    """Add or remove stock with a reason; a repeated ``reference`` is applied once. ``booking`` says how
    the cooperative's book takes it: ``selisih`` (a count correction, loss or found stock: selisih
    lebih/kurang persediaan, the default) or a purchase paid from ``kas``, ``bank`` or not yet
    (``utang_usaha``), at the product's unit cost."""
    return await service.adjust_stock(
        product_id, body.delta, reason=body.reason, booking=body.booking, reference=body.reference, actor=actor
    )


@router.post("/products/{product_id}/photos", responses=responses_for(ProductNotFound, InvalidPhoto))
async def add_photo(product_id: Id, request: Request, actor: ActorDep, photo: Annotated[UploadFile, File()]):
    settings = request.app.state.settings
    content = await photo.read(settings.media_max_bytes + 1)
    photos = await service.add_photo(
        product_id, content, media_dir=settings.media_dir, max_bytes=settings.media_max_bytes, actor=actor
    )
    return {"photos": photos, "urls": [service.photo_url(k, "large") for k in photos]}


@router.post(
    "/cooperatives/{coop_id}/products/import",
    response_model=ImportJobOut,
    status_code=202,
    responses=responses_for(InvalidImport),
)
async def import_products(coop_id: Id, actor: ActorDep, file: Annotated[UploadFile, File()]):
    """Queue a CSV import (the template's columns); poll the job for progress and the report."""
    job = await service.create_import(coop_id, await file.read(), filename=file.filename or "", actor=actor)
    return await service.get_import(coop_id, job.id, actor=actor)


@router.get("/cooperatives/{coop_id}/imports/{job_id}", response_model=ImportJobOut)
async def get_import(coop_id: Id, job_id: Id, actor: ActorDep):
    return await service.get_import(coop_id, job_id, actor=actor)
