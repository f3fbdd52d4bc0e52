"""The cashier's counter, ``/koperasi/{id}/ppob/kasir``: the same products and bills, sold to a
walk-in customer for cash."""

from __future__ import annotations

from fastapi import Depends, Request

from market.http import RuntimeDep
from market.service import Actor
from market.types import BigId, Id
from ppob.service import screens
from web.pages.ppob.counter import bill_page, buy, confirm, counter_page, inquire, pay
from web.routing import csrf_checked, page_router, signed_in

router = page_router()


@router.get("/koperasi/{coop_id}/ppob/kasir")
async def cashier_index(
    request: Request,
    rt: RuntimeDep,
    coop_id: Id,
    k: str | None = None,
    nomor: str = "",
    actor: Actor = Depends(signed_in),
):
    """The cashier's counter: the same products, sold to a walk-in customer for cash."""
    return await counter_page(request, rt, screens.cashier_counter(actor, coop_id), k, nomor)


@router.get("/koperasi/{coop_id}/ppob/kasir/cek")
async def cashier_check(
    request: Request,
    rt: RuntimeDep,
    coop_id: Id,
    k: str | None = None,
    customer_no: str = "",
    actor: Actor = Depends(signed_in),
):
    return await counter_page(request, rt, screens.cashier_counter(actor, coop_id), k, customer_no, block="check")


@router.post("/koperasi/{coop_id}/ppob/kasir/konfirmasi", dependencies=[Depends(csrf_checked)])
async def cashier_confirm(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await confirm(request, rt, screens.cashier_counter(actor, coop_id))


@router.post("/koperasi/{coop_id}/ppob/kasir/beli", dependencies=[Depends(csrf_checked)])
async def cashier_buy(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await buy(request, rt, screens.cashier_counter(actor, coop_id))


@router.post("/koperasi/{coop_id}/ppob/kasir/tagihan", dependencies=[Depends(csrf_checked)])
async def cashier_inquire(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await inquire(request, rt, screens.cashier_counter(actor, coop_id))


@router.get("/koperasi/{coop_id}/ppob/kasir/tagihan/{txn_id}")
async def cashier_bill(
    request: Request, coop_id: Id, txn_id: BigId, kunci: str = "", actor: Actor = Depends(signed_in)
):
    return await bill_page(request, screens.cashier_counter(actor, coop_id), txn_id, kunci)


@router.post("/koperasi/{coop_id}/ppob/kasir/tagihan/{txn_id}/bayar", dependencies=[Depends(csrf_checked)])
async def cashier_pay(request: Request, rt: RuntimeDep, coop_id: Id, txn_id: BigId, actor: Actor = Depends(signed_in)):
    return await pay(request, rt, screens.cashier_counter(actor, coop_id), txn_id)
