"""Bank credit channelled through the cooperative (issue 19): the credit lines it draws from a
bank and repays, against what members owe it on the loans each line funds."""

from __future__ import annotations

from fastapi import Depends, Request
from pydantic import ValidationError

from loans import service as loans
from loans.schemas import BankRepayIn, CreditLineIn, DrawIn
from market import service as market
from market.errors import DomainError, NotFound
from market.service import Actor, Role
from market.types import Id
from web.forms import FormError, domain_errors, idempotency_key, new_idempotency_key, parse_rupiah, validation_errors
from web.i18n import N_
from web.pages.loans import _bps, _int
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()


async def _credit_ctx(actor: Actor, coop_id: int, errors: dict | None = None, values: dict | None = None) -> dict:
    coop = await market.get_cooperative(coop_id)
    return {
        "coop": coop,
        "lines": await loans.credit_lines(actor, coop_id),
        "errors": errors or {},
        "values": values or {},
        "key": new_idempotency_key(),
        "is_manager": actor.role in (Role.MANAGER, Role.OPERATOR),
    }


@router.get("/koperasi/{coop_id}/pinjaman/kredit-bank")
async def credit_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """What the cooperative owes each bank against what members owe it on the loans that bank funds."""
    return page(request, "loans/credit.html", await _credit_ctx(actor, coop_id))


@router.post("/koperasi/{coop_id}/pinjaman/kredit-bank", dependencies=[Depends(csrf_checked)])
async def open_credit_line(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    names = ("bank_name", "limit", "rate", "term_months")
    values = {k: str(form.get(k, "")).strip()[:120] for k in names}
    try:
        data = CreditLineIn(
            bank_name=values["bank_name"],
            limit=parse_rupiah(values["limit"], field="limit"),
            rate_bps_year=_bps(values["rate"], "rate"),
            term_months=_int(values["term_months"], "term_months"),
        )
        await loans.open_credit_line(actor, coop_id, data)
    except FormError as exc:
        errors = exc.errors
    except ValidationError as exc:
        errors = {"rate" if k == "rate_bps_year" else k: v for k, v in validation_errors(exc).items()}
    except DomainError as exc:
        errors = domain_errors(exc, names)
    else:
        flash(request, N_("Fasilitas kredit bank disimpan."))
        return redirect(request, f"/koperasi/{coop_id}/pinjaman/kredit-bank")
    ctx = await _credit_ctx(actor, coop_id, {"new": errors}, values)
    return page(request, "loans/credit.html", ctx, status_code=422)


@router.post("/koperasi/{coop_id}/pinjaman/kredit-bank/{line_id:int}/{what}", dependencies=[Depends(csrf_checked)])
async def credit_movement(request: Request, coop_id: Id, line_id: Id, what: str, actor: Actor = Depends(signed_in)):
    """A drawdown (``tarik``) or a repayment to the bank (``bayar``)."""
    if what not in ("tarik", "bayar"):
        raise NotFound(N_("Halaman tidak ditemukan"))
    form = await request.form()
    account = "kas" if form.get("account") == "kas" else "bank"
    form_name = "draw" if what == "tarik" else "repay"
    try:
        key = idempotency_key(str(form.get("idempotency_key", "")))
        if what == "tarik":
            data = DrawIn(amount=parse_rupiah(str(form.get("amount", ""))[:20], field="amount"), account=account)
            await loans.draw(actor, coop_id, line_id, data, idempotency_key=key)
        else:
            principal = parse_rupiah(str(form.get("principal", "") or "0")[:20], field="principal")
            interest = parse_rupiah(str(form.get("interest", "") or "0")[:20], field="interest")
            repay = BankRepayIn(principal=principal, interest=interest, account=account)
            await loans.repay_bank(actor, coop_id, line_id, repay, idempotency_key=key)
    except FormError as exc:
        errors = exc.errors
    except ValidationError as exc:
        errors = validation_errors(exc)
    except DomainError as exc:
        errors = domain_errors(exc, ("amount", "principal", "interest"))
    else:
        flash(request, N_("Penarikan dicatat.") if what == "tarik" else N_("Angsuran ke bank dicatat."))
        return redirect(request, f"/koperasi/{coop_id}/pinjaman/kredit-bank#line-{line_id}")
    ctx = await _credit_ctx(actor, coop_id, {line_id: {form_name: errors}})
    return page(request, "loans/credit.html", ctx, status_code=422)
