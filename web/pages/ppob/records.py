"""The records: a receipt that prints on a 58 mm printer, the member's and the cooperative's
histories with their filters, and the same as CSV."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import Response

from market.http import RuntimeDep
from market.service import Actor
from market.types import BigId, Id
from ppob import service
from ppob.service import screens
from web.pages.ppob.common import CHANNELS, STATES, screen_ctx
from web.render import page
from web.routing import page_router, signed_in

router = page_router()

# The receipt -------------------------------------------------------------------------------


@router.get("/ppob/struk/{txn_id}")
async def receipt(request: Request, rt: RuntimeDep, txn_id: BigId, actor: Actor = Depends(signed_in)):
    """The token or serial, printable on a 58 mm printer; while pending the block polls itself."""
    screen = await screens.receipt_screen(service.link_of(rt), actor, txn_id)
    back = f"/koperasi/{screen.coop.id}/ppob/kasir" if screen.staff else "/ppob"
    return page(
        request, "ppob/receipt.html", screen_ctx(screen, states=STATES, channels=CHANNELS, back=back), block="receipt"
    )


# History -----------------------------------------------------------------------------------


def _history_page(request: Request, screen: screens.HistoryScreen, base: str) -> Response:
    query = "&".join(f"{k}={v}" for k, v in screen.values.items() if v)
    csv = f"{base}.csv" + (f"?{query}" if query else "")
    ctx = screen_ctx(screen, states=STATES, channels=CHANNELS, base=base, csv=csv)
    return page(request, "ppob/history.html", ctx, block="rows")


def _csv(text: str, name: str) -> Response:
    return Response(
        text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/ppob/riwayat")
async def member_history(
    request: Request,
    rt: RuntimeDep,
    dari: str = "",
    sampai: str = "",
    produk: str = "",
    status: str = "",
    actor: Actor = Depends(signed_in),
):
    screen = await screens.history_screen(
        service.link_of(rt), actor, dari=dari, sampai=sampai, produk=produk, status=status
    )
    return _history_page(request, screen, "/ppob/riwayat")


@router.get("/ppob/riwayat.csv")
async def member_history_csv(
    dari: str = "", sampai: str = "", produk: str = "", status: str = "", actor: Actor = Depends(signed_in)
):
    text = await screens.history_csv(actor, dari=dari, sampai=sampai, produk=produk, status=status)
    return _csv(text, "riwayat-ppob.csv")


@router.get("/koperasi/{coop_id}/ppob")
async def coop_history(
    request: Request,
    rt: RuntimeDep,
    coop_id: Id,
    dari: str = "",
    sampai: str = "",
    produk: str = "",
    status: str = "",
    actor: Actor = Depends(signed_in),
):
    screen = await screens.history_screen(
        service.link_of(rt), actor, coop_id, dari=dari, sampai=sampai, produk=produk, status=status
    )
    return _history_page(request, screen, f"/koperasi/{coop_id}/ppob")


@router.get("/koperasi/{coop_id}/ppob.csv")
async def coop_history_csv(
    coop_id: Id, dari: str = "", sampai: str = "", produk: str = "", status: str = "", actor: Actor = Depends(signed_in)
):
    text = await screens.history_csv(actor, coop_id, dari=dari, sampai=sampai, produk=produk, status=status)
    return _csv(text, f"ppob-koperasi-{coop_id}.csv")
