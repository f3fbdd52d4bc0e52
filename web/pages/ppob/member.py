"""The member's counter, ``/ppob``: buy from the wallet (or by a Xendit invoice when it is short)
and pay bills. Staff are sent to their cooperative's cashier counter."""

from __future__ import annotations

from fastapi import Depends, Request

from market.http import RuntimeDep
from market.service import Actor
from market.types import BigId
from ppob.service import screens
from web.pages.ppob.counter import bill_page, buy, confirm, counter_page, inquire, pay
from web.render import redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()


@router.get("/ppob")
async def member_index(
    request: Request, rt: RuntimeDep, k: str | None = None, nomor: str = "", actor: Actor = Depends(signed_in)
):
    """Choose a category, type the number (checked as you type), pick a product."""
    if (coop_id := screens.staff_counter_of(actor)) is not None:
        return redirect(request, f"/koperasi/{coop_id}/ppob/kasir")
    return await counter_page(request, rt, screens.member_counter(actor), k, nomor)


@router.get("/ppob/cek")
async def member_check(
    request: Request, rt: RuntimeDep, k: str | None = None, customer_no: str = "", actor: Actor = Depends(signed_in)
):
    return await counter_page(request, rt, screens.member_counter(actor), k, customer_no, block="check")


@router.post("/ppob/konfirmasi", dependencies=[Depends(csrf_checked)])
async def member_confirm(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await confirm(request, rt, screens.member_counter(actor))


@router.post("/ppob/beli", dependencies=[Depends(csrf_checked)])
async def member_buy(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await buy(request, rt, screens.member_counter(actor))


@router.post("/ppob/tagihan", dependencies=[Depends(csrf_checked)])
async def member_inquire(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await inquire(request, rt, screens.member_counter(actor))


@router.get("/ppob/tagihan/{txn_id}")
async def member_bill(request: Request, txn_id: BigId, kunci: str = "", actor: Actor = Depends(signed_in)):
    return await bill_page(request, screens.member_counter(actor), txn_id, kunci)


@router.post("/ppob/tagihan/{txn_id}/bayar", dependencies=[Depends(csrf_checked)])
async def member_pay(request: Request, rt: RuntimeDep, txn_id: BigId, actor: Actor = Depends(signed_in)):
    return await pay(request, rt, screens.member_counter(actor), txn_id)
