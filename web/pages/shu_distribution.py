"""The SHU distribution on the pages: the manager runs it (with its progress), reads the report
and the funds' balances, downloads it as CSV or PDF; the cashier pays cash shares at the counter
with a 58 mm receipt; a member reads their SHU by year on ``/saya/shu``."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from market import service
from market.errors import DomainError, Forbidden
from market.schemas import Role
from market.service import Actor
from market.types import BigId, Id
from shu import service as shu
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import csrf_checked, may, page_router, signed_in

router = page_router()
CASHIERS = frozenset({Role.MANAGER, Role.CASHIER})
RUNNERS = frozenset({Role.MANAGER})
METHODS = {"wallet": N_("Saldo dompet"), "sukarela": N_("Simpanan sukarela"), "cash": N_("Tunai di kasir")}
STATUSES = {"credited": N_("Sudah masuk"), "unpaid": N_("Belum dibayar"), "paid": N_("Sudah dibayar")}
STATES = {
    "proposed": N_("Usulan"),
    "approved": N_("Disahkan RAT"),
    "distributed": N_("Sudah dibagikan"),
    "rejected": N_("Ditolak RAT"),
    "superseded": N_("Diganti versi baru"),
}
REPORT_ROWS = 300


def _base(coop_id: int, year: int) -> str:
    return f"/koperasi/{coop_id}/shu/{year}/pembagian"


async def _context(coop_id: int, year: int, actor: Actor, error: str | None = None) -> dict:
    out, rows = await shu.report(coop_id, year, actor=actor)
    return {
        "coop": await service.get_cooperative(coop_id),
        "year": year,
        "dist": out,
        "rows": rows[:REPORT_ROWS],
        "more": max(0, len(rows) - REPORT_ROWS),
        "base": _base(coop_id, year),
        "can_run": may(actor, coop_id, RUNNERS),
        "methods": METHODS,
        "statuses": STATUSES,
        "states": STATES,
        "error": error,
    }


@router.get("/koperasi/{coop_id}/shu/{year:int}/pembagian")
async def distribution_page(request: Request, coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    """The distribution: its state and progress, the funds, the members' report."""
    service.require_coop(actor, coop_id)
    return page(request, "shu_distribution/show.html", await _context(coop_id, year, actor), block="status")


@router.post("/koperasi/{coop_id}/shu/{year:int}/pembagian", dependencies=[Depends(csrf_checked)])
async def run(request: Request, coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    try:
        out = await shu.distribute(coop_id, year, actor=actor)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        ctx = await _context(coop_id, year, actor, error=exc.detail)
        return page(request, "shu_distribution/show.html", ctx, status_code=409)
    flash(request, N_("SHU tahun %(year)s dibagikan kepada %(n)s anggota."), year=year, n=out.credited)
    return redirect(request, _base(coop_id, year))


@router.get("/koperasi/{coop_id}/shu/{year:int}/pembagian.csv")
async def report_csv(coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    text = await shu.report_csv(coop_id, year, actor=actor)
    disposition = {"Content-Disposition": f'attachment; filename="pembagian-shu-{coop_id}-{year}.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=disposition)


@router.get("/koperasi/{coop_id}/shu/{year:int}/pembagian.pdf")
async def report_pdf(coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    pdf = await shu.report_pdf(coop_id, year, actor=actor)
    disposition = {"Content-Disposition": f'attachment; filename="pembagian-shu-{coop_id}-{year}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=disposition)


@router.get("/koperasi/{coop_id}/shu-tunai")
async def cash_list(
    request: Request,
    coop_id: Id,
    q: str = Query("", max_length=100),
    semua: bool = False,
    actor: Actor = Depends(signed_in),
):
    """The cashier's list of SHU shares to pay in cash, with "Bayar"."""
    credits = await shu.cash_credits(coop_id, actor=actor, unpaid_only=not semua, q=q)
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "credits": credits,
        "q": q,
        "all": semua,
        "statuses": STATUSES,
    }
    return page(request, "shu_distribution/cash.html", ctx, block="list")


@router.post("/koperasi/{coop_id}/shu-tunai/{credit_id}/bayar", dependencies=[Depends(csrf_checked)])
async def pay(request: Request, coop_id: Id, credit_id: BigId, actor: Actor = Depends(signed_in)):
    await shu.pay_cash(coop_id, credit_id, actor=actor)
    return redirect(request, f"/koperasi/{coop_id}/shu-tunai/{credit_id}/struk")


@router.get("/koperasi/{coop_id}/shu-tunai/{credit_id}/struk")
async def receipt(request: Request, coop_id: Id, credit_id: BigId, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=CASHIERS)
    credit = await shu.get_credit(coop_id, credit_id)
    ctx = {
        "coop": await service.get_cooperative(coop_id),
        "credit": credit,
        "statuses": STATUSES,
        "back": f"/koperasi/{coop_id}/shu-tunai",
    }
    return page(request, "shu_distribution/receipt.html", ctx)


@router.get("/saya/shu")
async def my_history(request: Request, actor: Actor = Depends(signed_in)):
    """The member's SHU by fiscal year: the state of each year's proposal, their share, how it was paid."""
    if actor.role != Role.MEMBER or actor.cooperative_id is None or actor.member_id is None:
        raise Forbidden(N_("Halaman ini khusus untuk anggota koperasi"))
    service.require_member_self(actor, actor.cooperative_id, actor.member_id)
    ctx = {
        "coop": await service.get_cooperative(actor.cooperative_id),
        "years": await shu.member_history(actor.cooperative_id, actor.member_id),
        "methods": METHODS,
        "states": STATES,
    }
    return page(request, "shu_distribution/history.html", ctx)
