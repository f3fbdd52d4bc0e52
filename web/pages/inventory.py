"""The inventory report for a cooperative's staff: persediaan in the catalog (stock × HPP) beside
persediaan in the books, what paid orders hold in transit, and the difference nothing explains."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service
from market.service import Actor
from market.types import Id
from orders import service as orders
from web.render import page
from web.routing import page_router, signed_in

router = page_router()


@router.get("/koperasi/{coop_id}/persediaan")
async def inventory_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    report = await orders.inventory_report(coop_id, actor=actor)
    ctx = {"coop": await service.get_cooperative(coop_id), "report": report}
    return page(request, "inventory/report.html", ctx, block="inventory")
