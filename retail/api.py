"""JSON API of the cooperative's own POS (``/api/v1/cooperatives/{id}/pos/…``): a batch of sales,
the goods changed since a cursor, the sales kept for the staff. Only a cooperative token with the
``pos`` scope (or its staff's own login) reaches these; rules live in ``retail.service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from market.errors import ScopeMissing
from market.http import require_scope
from market.openapi import responses_for
from market.service import Actor
from market.types import Id
from retail import errors
from retail import service as retail
from retail.schemas import CatalogPageOut, PosBatchIn, PosBatchOut, ProblemOut, SaleOut

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}/pos", tags=["pos"])
PosActor = Annotated[Actor, Depends(require_scope("pos"))]


@router.post("/sales", response_model=PosBatchOut, responses=responses_for(ScopeMissing))
async def record_sales(coop_id: Id, body: PosBatchIn, actor: PosActor):
    """Record a batch of the POS's sales (up to 500), each with its own ``client_id`` and
    ``sold_at`` (an offline POS sends yesterday's sales today: they are booked on their own day).

    Idempotent per ``client_id``: a batch sent twice, or overlapping another, records each sale
    once — a client id seen before answers as the first time, with ``duplicate: true``. A sale
    that cannot be recorded (an unknown SKU, not enough stock, a closed month) is not dropped:
    it answers ``needs_attention`` with every reason (the line and SKU named) and is kept whole
    for the staff to record or set aside (``GET …/pos/problems``)."""
    return await retail.record_batch(coop_id, body, actor=actor)


@router.get("/catalog", response_model=CatalogPageOut, responses=responses_for(ScopeMissing, errors.InvalidSale))
async def catalog(
    coop_id: Id,
    actor: PosActor,
    since: Annotated[str | None, Query(max_length=64, description="the `next` of the previous answer")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 500,
):
    """The goods whose price, tiers, name, status or stock changed after ``since`` (every good
    without it), oldest change first; send ``next`` as ``since`` again (while ``more``)."""
    return await retail.catalog_since(coop_id, since, actor=actor, limit=limit)


@router.get("/problems", response_model=list[ProblemOut], responses=responses_for(ScopeMissing))
async def problems(
    coop_id: Id, actor: PosActor, status: Annotated[str, Query(pattern="^(open|recorded|dismissed)$")] = "open"
):
    """The POS sales kept for the staff, with their reasons."""
    return await retail.problems(coop_id, actor=actor, status=status)


@router.get("/sales/{sale_id}", response_model=SaleOut, responses=responses_for(ScopeMissing, errors.SaleNotFound))
async def get_sale(coop_id: Id, sale_id: Id, actor: PosActor):
    """A recorded sale (a receipt) of the cooperative."""
    return await retail.get_sale(coop_id, sale_id, actor=actor)
