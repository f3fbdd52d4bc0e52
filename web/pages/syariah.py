"""A syariah cooperative's savings pages: the staff's tabungan mudharabah (products and their
nisbah, cash in and out, the month's bagi hasil and its table, the wadiah bonus), the zakat and
dana kebajikan reports; the member's "Bagi hasil saya" with every input of the formula."""

from __future__ import annotations

from datetime import date

from fastapi import Depends, Request
from pydantic import ValidationError

from market import chart, terms
from market import service as market
from market.errors import DomainError, Forbidden, NotFound
from market.service import Actor, Role
from market.types import Id
from syariah import service as syariah
from syariah.schemas import BonusIn, MovementIn, ProductIn, RunIn
from web.forms import (
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
PRODUCT_FIELDS = ("name", "nisbah")
MOVE_FIELDS = ("member", "product_id", "amount")
RUN_FIELDS = ("product_id", "month", "amount")
STAFF_TEMPLATE = "syariah/staff.html"


def _pct(text: object, field: str) -> int:
    """A share typed as ``40`` or ``40,5`` (percent) → basis points."""
    return parse_percent(text, field, whole_digits=2, message=N_("Isi bagian penabung dalam persen, misalnya 40"))


def _id(text: object, field: str) -> int:
    raw = str(text or "").strip()
    if not raw.isdigit() or len(raw) > 9:
        raise FormError({field: N_("Wajib dipilih")})
    return int(raw)


def account_names() -> dict[str, str]:
    """Each chart line's name in a syariah cooperative's words (what a product's pool is made of)."""
    return {code: terms.account_name(code, spec.name, syariah=True) for code, spec in chart.BY_CODE.items()}


def _pools(products) -> dict[int, tuple[str, str]]:
    """Product id -> (its income lines, its cost lines), named for people."""
    names = account_names()
    return {
        p.id: (", ".join(names.get(c, c) for c in p.income_codes), ", ".join(names.get(c, c) for c in p.cost_codes))
        for p in products
    }


def last_month(today: date) -> str:
    first = today.replace(day=1)
    return f"{first.year - 1}-12" if first.month == 1 else f"{first.year}-{first.month - 1:02d}"


async def _staff_ctx(actor: Actor, coop_id: int, forms: dict | None = None, result=None) -> dict:
    products = await syariah.list_products(actor, coop_id)  # refuses other cooperatives and conventional ones
    coop = await market.get_cooperative(coop_id)
    today = await syariah.today(coop_id)
    empty: dict[str, dict] = {"values": {}, "errors": {}}
    forms = {"product": empty, "move": empty, "run": empty, "bonus": empty, **(forms or {})}
    return {
        "coop": coop,
        "zone": coop.timezone,
        "products": products,
        "product_options": [(str(p.id), f"{p.name} ({p.nisbah})") for p in products],
        "balances": await syariah.balances(actor, coop_id),
        "runs": await syariah.runs(actor, coop_id),
        "forms": forms,
        "key": new_idempotency_key(),
        "default_month": last_month(today),
        "result": result,
        "pools": _pools(products),
        "month_label": syariah.month_label,
        "is_manager": actor.role in (Role.MANAGER, Role.OPERATOR),
    }


@router.get("/koperasi/{coop_id}/mudharabah")
async def staff_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return page(request, STAFF_TEMPLATE, await _staff_ctx(actor, coop_id))


async def _refused(request: Request, actor: Actor, coop_id: int, form: str, values: dict, errors: dict):
    ctx = await _staff_ctx(actor, coop_id, {form: {"values": values, "errors": errors}})
    return page(request, STAFF_TEMPLATE, ctx, status_code=422)


@router.post("/koperasi/{coop_id}/mudharabah/produk", dependencies=[Depends(csrf_checked)])
async def create_product(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values = {k: str(form.get(k, "")).strip()[:100] for k in PRODUCT_FIELDS}
    try:
        nisbah = _pct(values["nisbah"], "nisbah")
        await syariah.create_product(actor, coop_id, ProductIn(name=values["name"], nisbah_bps=nisbah))
    except FormError as exc:
        return await _refused(request, actor, coop_id, "product", values, exc.errors)
    except ValidationError as exc:
        errors = validation_errors(exc)
        errors = {("nisbah" if k == "nisbah_bps" else k): v for k, v in errors.items()}
        return await _refused(request, actor, coop_id, "product", values, errors)
    except DomainError as exc:
        return await _refused(request, actor, coop_id, "product", values, domain_errors(exc, PRODUCT_FIELDS))
    flash(request, N_("Produk tabungan mudharabah disimpan."))
    return redirect(request, f"/koperasi/{coop_id}/mudharabah")


@router.post("/koperasi/{coop_id}/mudharabah/mutasi", dependencies=[Depends(csrf_checked)])
async def move(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values = {k: str(form.get(k, "")).strip()[:40] for k in MOVE_FIELDS}
    withdraw = form.get("direction") == "out"
    try:
        key = idempotency_key(str(form.get("idempotency_key", "")))
        members = await market.list_members(coop_id, q=values["member"], limit=2) if values["member"] else []
        exact = [m for m in members if m.member_number == values["member"]]
        if not exact:
            raise FormError({"member": N_("Anggota dengan nomor ini tidak ditemukan")})
        data = MovementIn(
            member_id=exact[0].id,
            product_id=_id(values["product_id"], "product_id"),
            amount=parse_rupiah(values["amount"]),
        )
        out = await syariah.move(actor, coop_id, data, withdraw=withdraw, idempotency_key=key)
    except FormError as exc:
        return await _refused(request, actor, coop_id, "move", values, exc.errors)
    except ValidationError as exc:
        return await _refused(request, actor, coop_id, "move", values, validation_errors(exc))
    except DomainError as exc:
        return await _refused(request, actor, coop_id, "move", values, domain_errors(exc, MOVE_FIELDS, "amount"))
    flash(
        request,
        N_("Tabungan %(name)s sekarang %(balance)s."),
        name=out.member_name,
        balance=f"Rp {out.balance:,}".replace(",", "."),
    )
    return redirect(request, f"/koperasi/{coop_id}/mudharabah")


@router.post("/koperasi/{coop_id}/mudharabah/bagi-hasil", dependencies=[Depends(csrf_checked)])
async def share_out(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values = {k: str(form.get(k, "")).strip()[:20] for k in RUN_FIELDS}
    try:
        product_id = _id(values["product_id"], "product_id")
        run = await syariah.share_out(actor, coop_id, product_id, RunIn(month=values["month"]))
    except FormError as exc:
        return await _refused(request, actor, coop_id, "run", values, exc.errors)
    except ValidationError:
        return await _refused(request, actor, coop_id, "run", values, {"month": N_("Pilih bulan")})
    except DomainError as exc:
        return await _refused(request, actor, coop_id, "run", values, domain_errors(exc, RUN_FIELDS))
    return redirect(request, f"/koperasi/{coop_id}/mudharabah/hitungan/{run.id}")


@router.post("/koperasi/{coop_id}/mudharabah/bonus-wadiah", dependencies=[Depends(csrf_checked)])
async def bonus(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values = {k: str(form.get(k, "")).strip()[:20] for k in RUN_FIELDS}
    try:
        run = await syariah.give_bonus(
            actor, coop_id, BonusIn(month=values["month"], amount=parse_rupiah(values["amount"]))
        )
    except FormError as exc:
        return await _refused(request, actor, coop_id, "bonus", values, exc.errors)
    except ValidationError:
        return await _refused(request, actor, coop_id, "bonus", values, {"month": N_("Pilih bulan")})
    except DomainError as exc:
        return await _refused(request, actor, coop_id, "bonus", values, domain_errors(exc, RUN_FIELDS))
    return redirect(request, f"/koperasi/{coop_id}/mudharabah/hitungan/{run.id}")


@router.get("/koperasi/{coop_id}/mudharabah/hitungan/{run_id:int}")
async def run_page(request: Request, coop_id: Id, run_id: Id, actor: Actor = Depends(signed_in)):
    run = await syariah.get_run(actor, coop_id, run_id)
    coop = await market.get_cooperative(coop_id)
    ctx = {"coop": coop, "zone": coop.timezone, "run": run, "month_label": syariah.month_label}
    return page(request, "syariah/run.html", ctx)


@router.get("/koperasi/{coop_id}/syariah/dana/{fund}")
async def fund_page(request: Request, coop_id: Id, fund: str, actor: Actor = Depends(signed_in)):
    if fund not in syariah.FUNDS:
        raise NotFound(N_("Laporan tidak ditemukan"))
    report = await syariah.fund_report(actor, coop_id, fund)
    coop = await market.get_cooperative(coop_id)
    return page(request, "syariah/fund.html", {"coop": coop, "zone": coop.timezone, "report": report})


@router.get("/saya/bagi-hasil")
async def mine(request: Request, actor: Actor = Depends(signed_in)):
    if actor.role != Role.MEMBER or actor.cooperative_id is None or actor.member_id is None:
        raise Forbidden(N_("Halaman ini khusus untuk anggota koperasi"))
    coop_id, member_id = actor.cooperative_id, actor.member_id
    shares = await syariah.member_shares(actor, coop_id, member_id)
    coop = await market.get_cooperative(coop_id)
    ctx = {
        "coop": coop,
        "zone": coop.timezone,
        "balances": await syariah.balances(actor, coop_id),
        "products": await syariah.list_products(actor, coop_id),
        "shares": shares,
        "month_label": syariah.month_label,
    }
    return page(request, "syariah/mine.html", ctx)
