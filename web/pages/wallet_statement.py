"""The wallet's statement (mutasi) by month — on the page, as CSV and as PDF — and one movement's
own page (a supplying member's 'hasil penjualan' names the order it came from). Times are the
owner's: their cooperative's zone, a buyer's WIB, each labelled."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import Response

from market import service as market
from market.clock import zone_label
from market.service import Actor
from payments import service
from payments.statement_pdf import month_name, statement_pdf
from web.render import page, viewer_zone
from web.routing import page_router, signed_in

router = page_router()
_MONTH = re.compile(r"^(20[0-9]{2})-(0[1-9]|1[0-2])$")
_ORDER = re.compile(r"pesanan #(\d+)")
_SUBORDER = re.compile(r"^wallet:suborder:(\d+):")


def sale_order(description: str, reference: str) -> tuple[int | None, int | None]:
    """(order, sub-order) a supplier's sale credit came from, read off its line."""
    order, sub = _ORDER.search(description), _SUBORDER.match(reference)
    return (int(order.group(1)) if order else None, int(sub.group(1)) if sub else None)


async def _month(actor: Actor, bulan: str | None):
    zone = await viewer_zone(actor)
    match = _MONTH.fullmatch(bulan or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        today = datetime.now(UTC).astimezone(ZoneInfo(zone))
        year, month = today.year, today.month
    wallet = await service.wallet_of(actor)
    return wallet, zone, await service.wallet_statement(wallet.id, year, month, zone=zone)


def _shift(year: int, month: int, by: int) -> str:
    n = year * 12 + (month - 1) + by
    return f"{n // 12}-{n % 12 + 1:02d}"


@router.get("/dompet/mutasi")
async def statement_page(request: Request, bulan: str | None = None, actor: Actor = Depends(signed_in)):
    wallet, zone, s = await _month(actor, bulan)
    this = f"{s.year}-{s.month:02d}"
    now = datetime.now(UTC).astimezone(ZoneInfo(zone))
    ctx = {
        "s": s,
        "zone": zone,
        "bulan": this,
        "title": month_name(s.year, s.month),
        "prev": _shift(s.year, s.month, -1),
        "next": _shift(s.year, s.month, 1) if (s.year, s.month) < (now.year, now.month) else None,
        "kinds": service.KIND_LABELS,
        "sale_order": sale_order,
    }
    return page(request, "payments/statement.html", ctx, block="statement")


async def _owner(actor: Actor, wallet) -> tuple[str, str]:
    name = await service.owner_name(wallet) or actor.name
    coop = await market.get_cooperative(wallet.cooperative_id) if wallet.cooperative_id else None
    return name, coop.name if coop else ""


@router.get("/dompet/mutasi.csv")
async def statement_csv(bulan: str | None = None, actor: Actor = Depends(signed_in)):
    _, zone, s = await _month(actor, bulan)
    body = service.statement_csv(s, zone_label(zone))
    name = f"mutasi-dompet-{s.year}-{s.month:02d}.csv"
    return Response(
        "\ufeff" + body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/dompet/mutasi.pdf")
async def statement_pdf_file(bulan: str | None = None, actor: Actor = Depends(signed_in)):
    wallet, zone, s = await _month(actor, bulan)
    owner, coop = await _owner(actor, wallet)
    printed = datetime.now(UTC).astimezone(ZoneInfo(zone))
    pdf = statement_pdf(s, owner=owner, cooperative=coop, zone_label=zone_label(zone), printed_at=printed)
    name = f"mutasi-dompet-{s.year}-{s.month:02d}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/dompet/mutasi/{movement_id:int}")
async def movement_page(request: Request, movement_id: int, actor: Actor = Depends(signed_in)):
    """One line of the history: a transfer's other side and note, a sale's order."""
    wallet = await service.wallet_of(actor)
    movement = await service.get_movement(wallet.id, movement_id)
    order_id, suborder_id = sale_order(movement.description, movement.reference)
    zone = await viewer_zone(actor)
    ctx = {
        "m": movement,
        "zone": zone,
        "kinds": service.KIND_LABELS,
        "transfer": await service.transfer_by_reference(movement.reference),
        "order_id": order_id if movement.kind == "sale" else None,
        "suborder_id": suborder_id if movement.kind == "sale" else None,
        "bulan": f"{movement.created_at.astimezone(ZoneInfo(zone)):%Y-%m}",
    }
    return page(request, "payments/movement.html", ctx)
