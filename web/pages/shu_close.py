"""The manager's year close (/koperasi/{id}/shu/{year}): whether the year's books are locked, the
year's SHU policy, the close button and the proposal (figures, funds, members' shares), and the
RAT's document as an A4 PDF."""

from __future__ import annotations

from datetime import date

from fastapi import Depends, Request
from fastapi.responses import Response

from market import service
from market.clock import today_in
from market.errors import DomainError, NotFound
from market.service import Actor
from market.types import Id
from shu import service as shu
from shu.document import rat_pdf
from shu.schemas import STANDARD_FUNDS, PolicyIn
from web.forms import FORM, domain_errors, parse_int
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import MANAGERS, csrf_checked, page_router, signed_in

router = page_router()
SHOWN_MEMBERS = 200  # the page lists the first members; the PDF lists them all
CHOICES = {
    "capital_basis": (("year_end", N_("Saldo 31 Desember")), ("average_monthly", N_("Rata-rata 12 saldo akhir bulan"))),
    "loss_carry": (("carried_forward", N_("Dibawa ke tahun berikut")), ("cadangan", N_("Ditutup dari cadangan"))),
    "payout": (("wallet", N_("Saldo dompet")), ("sukarela", N_("Simpanan sukarela")), ("cash", N_("Tunai di kasir"))),
}  # fmt: skip


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise NotFound(N_("Tahun buku tidak ada"))
    return year


async def _context(coop_id: int, year: int, errors: dict | None = None) -> dict:
    coop = await service.get_cooperative(coop_id)
    proposal = await shu.latest_proposal(coop_id, year)
    locked = coop.books_locked_through
    return {
        "coop": coop,
        "year": year,
        "locked": locked is not None and locked >= date(year, 12, 31),
        "locked_through": locked,
        "policy": await shu.get_policy(coop_id, year),
        "funds": [f for f in STANDARD_FUNDS if f != "zakat" or coop.syariah],
        "choices": CHOICES,
        "proposal": proposal,
        "shown": proposal.members[:SHOWN_MEMBERS] if proposal else [],
        "errors": errors or {},
    }


@router.get("/koperasi/{coop_id}/shu/{year}")
async def close_page(request: Request, coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    return page(request, "shu/close.html", await _context(coop_id, _year(year)))


def _policy_from(form, funds: list[str]) -> PolicyIn:
    bps = {f: parse_int(str(form.get(f"fund_{f}", "") or "0"), f"fund_{f}", default=0) for f in funds}
    return PolicyIn(
        funds={f: b for f, b in bps.items() if b},
        capital_kinds=["pokok", "wajib", "sukarela"] if form.get("sukarela") else ["pokok", "wajib"],
        capital_basis=str(form.get("capital_basis", "year_end")),
        exited_members_share=bool(form.get("exited_members_share")),
        non_member_to_reserve=bool(form.get("non_member_to_reserve")),
        loss_carry=str(form.get("loss_carry", "carried_forward")),
        payout=str(form.get("payout", "wallet")),
        zakat_base=str(form.get("zakat_base", "shu_setelah_pajak")),
    )


@router.post("/koperasi/{coop_id}/shu/{year}/kebijakan", dependencies=[Depends(csrf_checked)])
async def save_policy(request: Request, coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    year = _year(year)
    ctx = await _context(coop_id, year)
    try:
        await shu.set_policy(coop_id, year, _policy_from(await request.form(), ctx["funds"]))
    except DomainError as exc:
        return page(
            request, "shu/close.html", await _context(coop_id, year, domain_errors(exc, ("funds",))), status_code=422
        )
    except ValueError:
        return page(
            request, "shu/close.html", await _context(coop_id, year, {FORM: N_("Isian tidak valid")}), status_code=422
        )
    flash(request, N_("Kebijakan SHU %(year)s disimpan."), year=year)
    return redirect(request, f"/koperasi/{coop_id}/shu/{year}")


@router.post("/koperasi/{coop_id}/shu/{year}/tutup", dependencies=[Depends(csrf_checked)])
async def close_year(request: Request, coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    year = _year(year)
    revise = bool((await request.form()).get("revise"))
    try:
        await shu.close_year(coop_id, year, actor=actor, revise=revise)
    except DomainError as exc:
        return page(request, "shu/close.html", await _context(coop_id, year, domain_errors(exc)), status_code=409)
    flash(request, N_("Buku %(year)s ditutup; usulan SHU dihitung."), year=year)
    return redirect(request, f"/koperasi/{coop_id}/shu/{year}")


@router.get("/koperasi/{coop_id}/shu/{year}/dokumen.pdf")
async def document(coop_id: Id, year: int, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    body = await rat_pdf(coop_id, _year(year), printed_on=today_in(await service.get_cooperative(coop_id)))
    headers = {"Content-Disposition": f'inline; filename="rat-shu-{year}.pdf"'}
    return Response(body, media_type="application/pdf", headers=headers)
