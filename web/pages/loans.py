"""Loans pages: the staff's products, applications queue (approve / reject), loan detail with its
schedule and payments (a cash instalment at the counter), the arrears list with collectibility;
the member's "Pinjaman saya" (apply, what is due, schedule, pay from the wallet with the PIN)."""

from __future__ import annotations

from fastapi import Depends, Request
from pydantic import ValidationError

from catalog import service as catalog
from loans import service as loans
from loans.errors import InvalidLoan
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PayIn, ProductIn
from market import service as market
from market.errors import DomainError, Forbidden
from market.http import RuntimeDep
from market.money import format_idr
from market.service import Actor, Role
from market.types import Id
from web.forms import (
    FORM,
    FormError,
    domain_errors,
    idempotency_key,
    new_idempotency_key,
    parse_percent,
    parse_rupiah,
    validation_errors,
)
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
STATUS = {
    "applied": N_("Menunggu keputusan"),
    "approved": N_("Disetujui, belum dicairkan"),
    "rejected": N_("Ditolak"),
    "cancelled": N_("Dibatalkan"),
    "active": N_("Berjalan"),
    "paid": N_("Lunas"),
}
BAND = {
    "lancar": N_("Lancar"),
    "kurang_lancar": N_("Kurang lancar"),
    "diragukan": N_("Diragukan"),
    "macet": N_("Macet"),
}
METHOD = {"flat": N_("Flat"), "declining": N_("Menurun (pokok tetap)")}
LABELS = {"status": STATUS, "band": BAND, "method": METHOD}
PRODUCT_FIELDS = (
    "name",
    "max_amount",
    "savings_multiple",
    "max_term_months",
    "rate",
    "method",
    "admin_fee",
    "late",
    "akad",
    "early_rule",
)
AKAD = {"konvensional": "konvensional", "murabahah": "murabahah", "qard": "qard"}
EARLY_RULES = {"pro_rata": "pro_rata", "running_month": "running_month", "full": "full"}


def _int(text: object, field: str) -> int:
    raw = str(text or "").strip()
    if not raw.isdigit() or len(raw) > 12:
        raise FormError({field: N_("Isi dengan angka bulat")})
    return int(raw)


def _bps(text: object, field: str) -> int:
    """A percentage typed as ``1,5`` or ``1.5`` → basis points (150); empty is 0."""
    return parse_percent(text, field, whole_digits=3, message=N_("Isi persen, misalnya 1,5"), empty=0)


async def _staff_ctx(actor: Actor, coop_id: int, product_form: dict | None = None, errors: dict | None = None) -> dict:
    coop = await market.get_cooperative(coop_id)
    all_loans = await loans.list_loans(actor, coop_id)
    names = {m.id: m for m in await market.list_members(coop_id, limit=1000)}
    return {
        "coop": coop,
        "zone": coop.timezone,
        "products": await loans.list_products(actor, coop_id),
        "policy": await loans.get_policy(actor, coop_id),
        "queue": [x for x in all_loans if x.status in ("applied", "approved")],
        "running": [x for x in all_loans if x.status == "active"],
        "members": names,
        "product_form": product_form or {"values": {}, "errors": {}},
        "errors": errors or {},
        "key": new_idempotency_key(),
        "loan_labels": LABELS,
        "is_manager": actor.role in (Role.MANAGER, Role.OPERATOR),
    }


@router.get("/koperasi/{coop_id}/pinjaman")
async def staff_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return page(request, "loans/staff.html", await _staff_ctx(actor, coop_id))


@router.post("/koperasi/{coop_id}/pinjaman/produk", dependencies=[Depends(csrf_checked)])
async def create_product(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values = {k: str(form.get(k, "")).strip()[:120] for k in PRODUCT_FIELDS}
    flags = {k: bool(form.get(k)) for k in ("needs_guarantor", "needs_collateral")}
    try:
        data = ProductIn(
            name=values["name"],
            max_amount=parse_rupiah(values["max_amount"], field="max_amount"),
            savings_multiple_bps=_int(values["savings_multiple"] or "0", "savings_multiple") * 10_000,
            max_term_months=_int(values["max_term_months"], "max_term_months"),
            rate_bps_month=_bps(values["rate"], "rate"),
            method="declining" if values["method"] == "declining" else "flat",
            admin_fee_bps=_bps(values["admin_fee"], "admin_fee"),
            late_charge_bps=_bps(values["late"], "late"),
            akad=AKAD.get(values["akad"], "konvensional"),  # the service checks it
            early_rule=EARLY_RULES.get(values["early_rule"], "pro_rata"),
            **flags,
        )
        await loans.create_product(actor, coop_id, data)
    except FormError as exc:
        errors = exc.errors
    except ValidationError as exc:
        errors = validation_errors(exc)
    except DomainError as exc:
        errors = domain_errors(exc, PRODUCT_FIELDS)
    else:
        flash(request, N_("Produk pinjaman disimpan."))
        return redirect(request, f"/koperasi/{coop_id}/pinjaman")
    ctx = await _staff_ctx(actor, coop_id, product_form={"values": values, "errors": errors})
    return page(request, "loans/staff.html", ctx, status_code=422)


@router.post("/koperasi/{coop_id}/pinjaman/{loan_id:int}/putusan", dependencies=[Depends(csrf_checked)])
async def decide(request: Request, coop_id: Id, loan_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    data = DecisionIn(approve=form.get("approve") == "1", reason=str(form.get("reason", "")).strip()[:300])
    try:
        out = await loans.decide(actor, coop_id, loan_id, data)
    except DomainError as exc:
        ctx = await _staff_ctx(actor, coop_id, errors={loan_id: exc.detail})
        return page(request, "loans/staff.html", ctx, status_code=exc.status if exc.status < 500 else 409)
    flash(request, N_("Pinjaman #%(id)s: %(status)s."), id=out.id, status=STATUS[out.status])
    return redirect(request, f"/koperasi/{coop_id}/pinjaman")


@router.post("/koperasi/{coop_id}/pinjaman/{loan_id:int}/cair", dependencies=[Depends(csrf_checked)])
async def disburse(request: Request, coop_id: Id, loan_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    channel = "cash" if form.get("channel") == "cash" else "wallet"
    try:
        key = idempotency_key(str(form.get("idempotency_key", "")))
        await loans.disburse(actor, coop_id, loan_id, DisburseIn(channel=channel), idempotency_key=key)
    except (FormError, DomainError) as exc:
        detail = exc.errors[FORM] if isinstance(exc, FormError) else exc.detail
        ctx = await _staff_ctx(actor, coop_id, errors={loan_id: detail})
        return page(request, "loans/staff.html", ctx, status_code=409)
    flash(request, N_("Pinjaman #%(id)s dicairkan."), id=loan_id)
    return redirect(request, f"/koperasi/{coop_id}/pinjaman/{loan_id}")


async def _detail_ctx(actor: Actor, coop_id: int, loan_id: int, error: str = "") -> dict:
    coop = await market.get_cooperative(coop_id)
    return {
        "coop": coop,
        "zone": coop.timezone,
        "d": await loans.loan_detail(actor, coop_id, loan_id),
        "error": error,
        "key": new_idempotency_key(),
        "loan_labels": LABELS,
        "member_view": actor.role == Role.MEMBER,
    }


@router.get("/koperasi/{coop_id}/pinjaman/{loan_id:int}")
async def detail(request: Request, coop_id: Id, loan_id: Id, actor: Actor = Depends(signed_in)):
    if actor.role == Role.MEMBER:
        return redirect(request, f"/saya/pinjaman/{loan_id}")
    return page(request, "loans/detail.html", await _detail_ctx(actor, coop_id, loan_id))


async def _pay(request: Request, actor: Actor, coop_id: int, loan_id: int, back: str):
    form = await request.form()
    seq_raw = str(form.get("seq", "")).strip()
    channel = "wallet" if actor.role == Role.MEMBER else "cash"
    try:
        key = idempotency_key(str(form.get("idempotency_key", "")))
        data = PayIn(
            channel=channel, seq=int(seq_raw) if seq_raw.isdigit() else None, pin=str(form.get("pin", ""))[:12]
        )
        out = await loans.pay(actor, coop_id, loan_id, data, idempotency_key=key)
    except (FormError, DomainError) as exc:
        detail = exc.errors[FORM] if isinstance(exc, FormError) else exc.detail
        status = 409 if isinstance(exc, FormError) or exc.status >= 500 else exc.status
        return page(
            request, "loans/detail.html", await _detail_ctx(actor, coop_id, loan_id, detail), status_code=status
        )
    flash(request, N_("Pembayaran %(amount)s diterima."), amount=f"Rp {out.amount:,}".replace(",", "."))
    return redirect(request, back)


@router.post("/koperasi/{coop_id}/pinjaman/{loan_id:int}/bayar", dependencies=[Depends(csrf_checked)])
async def pay_at_counter(request: Request, coop_id: Id, loan_id: Id, actor: Actor = Depends(signed_in)):
    return await _pay(request, actor, coop_id, loan_id, f"/koperasi/{coop_id}/pinjaman/{loan_id}")


@router.get("/koperasi/{coop_id}/pinjaman/tunggakan")
async def arrears(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    rows = await loans.arrears(actor, coop_id, late_only=False)
    coop = await market.get_cooperative(coop_id)
    ctx = {"coop": coop, "rows": rows, "loan_labels": LABELS, "portfolio": await loans.portfolio(coop_id, None)}
    return page(request, "loans/arrears.html", ctx)


@router.get("/koperasi/{coop_id}/pinjaman/laporan")
async def report(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """The monthly loan report for ``?bulan=YYYY-MM`` (default this month), with its CSV and PDF."""
    month = str(request.query_params.get("bulan", "")).strip()[:7]
    errors: dict = {}
    try:
        found = await loans.monthly_report(actor, coop_id, month or None)
    except InvalidLoan as exc:
        errors = domain_errors(exc, ("month",))
        found = await loans.monthly_report(actor, coop_id, None)
    coop = await market.get_cooperative(coop_id)
    ctx = {"coop": coop, "r": found, "month": month if errors else found.month, "errors": errors, "loan_labels": LABELS}
    return page(request, "loans/report.html", ctx, block="report", status_code=422 if errors else 200)


# The member's side ------------------------------------------------------------------------


def _member(actor: Actor) -> tuple[int, int]:
    if actor.role != Role.MEMBER or actor.cooperative_id is None or actor.member_id is None:
        raise Forbidden(N_("Halaman ini khusus untuk anggota koperasi"))
    return actor.cooperative_id, actor.member_id


async def _member_ctx(actor: Actor, form: dict | None = None) -> dict:
    coop_id, member_id = _member(actor)
    coop = await market.get_cooperative(coop_id)
    mine = await loans.member_loans(actor, coop_id, member_id)
    products = await loans.list_products(actor, coop_id)
    running = [await loans.loan_detail(actor, coop_id, x.id) for x in mine if x.status == "active"]
    goods = []
    if any(p.akad == "murabahah" for p in products):  # the catalog's goods, their cost disclosed
        items = await catalog.counter_items(coop_id, limit=60)
        goods = [
            (str(i.id), f"{i.name} — harga pokok {format_idr(i.cost_idr)}/{i.unit}, tersedia {i.available}")
            for i in items
            if i.active and i.cost_idr > 0 and i.available > 0
        ]
    return {
        "goods_options": [("", N_("— bukan barang katalog —")), *goods] if goods else [],
        "coop": coop,
        "zone": coop.timezone,
        "loans": mine,
        "running": running,
        "products": products,
        "product_options": [(str(p.id), p.name) for p in products],
        "form": form or {"values": {}, "errors": {}},
        "loan_labels": LABELS,
    }


@router.get("/saya/pinjaman")
async def my_loans(request: Request, actor: Actor = Depends(signed_in)):
    return page(request, "loans/mine.html", await _member_ctx(actor))


@router.post("/saya/pinjaman", dependencies=[Depends(csrf_checked)])
async def apply(request: Request, actor: Actor = Depends(signed_in)):
    coop_id, _ = _member(actor)
    form = await request.form()
    names = ("product_id", "principal", "term_months", "purpose", "guarantor", "collateral", "goods_product_id")
    values = {k: str(form.get(k, "")).strip()[:300] for k in (*names, "goods_quantity")}
    try:
        goods = _int(values["goods_product_id"], "goods_product_id") if values["goods_product_id"] else None
        data = ApplicationIn(
            product_id=_int(values["product_id"], "product_id"),
            # goods of the catalog: the principal is their cost, which the service works out
            principal=1 if goods else parse_rupiah(values["principal"], field="principal"),
            goods_product_id=goods,
            goods_quantity=_int(values["goods_quantity"] or "1", "goods_quantity") if goods else None,
            term_months=_int(values["term_months"], "term_months"),
            purpose=values["purpose"],
            guarantor=values["guarantor"],
            collateral=values["collateral"],
        )
        out = await loans.apply(actor, coop_id, data)
    except FormError as exc:
        errors = exc.errors
    except ValidationError as exc:
        errors = validation_errors(exc)
    except DomainError as exc:
        errors = domain_errors(exc, (*names, "goods_quantity"))
    else:
        flash(request, N_("Pengajuan pinjaman #%(id)s terkirim; pengurus akan memutuskannya."), id=out.id)
        return redirect(request, "/saya/pinjaman")
    return page(
        request, "loans/mine.html", await _member_ctx(actor, {"values": values, "errors": errors}), status_code=422
    )


@router.get("/saya/pinjaman/{loan_id:int}")
async def my_loan(request: Request, loan_id: Id, actor: Actor = Depends(signed_in)):
    coop_id, _ = _member(actor)
    return page(request, "loans/detail.html", await _detail_ctx(actor, coop_id, loan_id))


@router.post("/saya/pinjaman/{loan_id:int}/xendit", dependencies=[Depends(csrf_checked)])
async def pay_by_xendit(request: Request, loan_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    """Open (or reopen) the Xendit invoice of the next instalment and send the member to pay it."""
    coop_id, _ = _member(actor)
    form = await request.form()
    seq_raw = str(form.get("seq", "")).strip()
    back = f"/saya/pinjaman/{loan_id}"
    try:
        key = idempotency_key(str(form.get("idempotency_key", "")))
        payment = await loans.pay_by_invoice(
            rt.gateway,
            actor,
            coop_id,
            loan_id,
            int(seq_raw) if seq_raw.isdigit() and len(seq_raw) < 4 else 0,
            idempotency_key=key,
            return_url=str(request.base_url).rstrip("/") + back,
        )
    except (FormError, DomainError) as exc:
        detail = exc.errors[FORM] if isinstance(exc, FormError) else exc.detail
        status = 409 if isinstance(exc, FormError) or exc.status >= 500 else exc.status
        return page(
            request, "loans/detail.html", await _detail_ctx(actor, coop_id, loan_id, detail), status_code=status
        )
    return redirect(request, payment.invoice_url or back)


@router.post("/saya/pinjaman/{loan_id:int}/bayar", dependencies=[Depends(csrf_checked)])
async def pay_from_wallet(request: Request, loan_id: Id, actor: Actor = Depends(signed_in)):
    coop_id, _ = _member(actor)
    return await _pay(request, actor, coop_id, loan_id, f"/saya/pinjaman/{loan_id}")
