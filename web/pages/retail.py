"""The cooperative's own shop at the counter, on the cashier's phone: find goods by name, SKU or
barcode (typed, or scanned with the camera where the browser has a BarcodeDetector), the cart,
payment in cash or from the member's wallet (their PIN), the 58 mm receipt and returns against
it, the cashier's shift, the POS sales kept for the staff, the daily and monthly report (CSV)."""

from __future__ import annotations

import segno
from fastapi import Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import ValidationError

from market.errors import DomainError
from market.http import RuntimeDep, throttle_of
from market.service import Actor
from market.types import Id
from retail import service as retail
from retail.schemas import LineIn, ReturnIn, ReturnLineIn, SaleIn
from web.forms import FORM, FormError, domain_errors, new_idempotency_key, parse_rupiah, validation_errors
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
METHODS = (("cash", N_("Tunai")), ("wallet", N_("Dompet anggota (PIN)")), ("qris", N_("QRIS (Xendit)")))
METHOD_LABELS = {"cash": N_("Tunai"), "wallet": N_("Dompet anggota"), "qris": N_("QRIS"), "bank": N_("Transfer/kartu")}


def _cart_text(form) -> str:
    ids = [str(x) for x in form.getlist("product_id")][:100]
    return ",".join(f"{pid}:{str(form.get(f'qty_{pid}', '1')).strip()[:12]}" for pid in ids if pid.isdigit())


async def _counter(request: Request, coop_id: int, actor: Actor, *, q="", cart="", add=None, form=None, status=200):
    view = await retail.counter_view(coop_id, actor=actor, q=q, cart=cart, add=add)
    ctx = {
        "v": view,
        "coop": view.coop,
        "zone": view.coop.timezone,
        "q": q,
        "cart_text": ",".join(f"{line.product_id}:{line.quantity}" for line in view.cart),
        "methods": METHODS,
        "labels": METHOD_LABELS,
        "f": form or {"key": new_idempotency_key(), "values": {"method": "cash"}, "errors": {}},
    }
    return page(request, "retail/counter.html", ctx, block="counter", status_code=status)


@router.get("/koperasi/{coop_id}/toko")
async def counter_page(
    request: Request,
    coop_id: Id,
    q: str = Query("", max_length=64),
    cart: str = Query("", max_length=2000),
    add: int | None = Query(None, ge=1, le=2**31 - 1),
    actor: Actor = Depends(signed_in),
):
    """The counter: the shift, search, the cart and its payment."""
    return await _counter(request, coop_id, actor, q=q, cart=cart, add=add)


@router.post("/koperasi/{coop_id}/toko/jual", dependencies=[Depends(csrf_checked)])
async def sell(request: Request, coop_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    form = await request.form()
    cart = _cart_text(form)
    values = {k: str(form.get(k, "")).strip()[:40] for k in ("method", "member", "tendered")}
    key = str(form.get("client_id", ""))[:100]
    try:
        lines = [LineIn(product_id=pid, quantity=qty) for pid, qty in retail.parse_cart(cart)]
        if not lines:
            raise FormError({FORM: N_("Keranjang masih kosong")})
        tendered = parse_rupiah(values["tendered"], field="tendered") if values["tendered"] else 0
        data = SaleIn(
            client_id=key,
            lines=lines,
            method=values["method"] or "cash",
            member=values["member"],
            tendered=tendered,
            pin=str(form.get("pin", ""))[:12],
        )
        out = await retail.sell(coop_id, data, actor=actor, throttle=throttle_of(request), gateway=rt.gateway)
    except FormError as exc:
        errors = exc.errors
    except ValidationError as exc:
        errors = validation_errors(exc)
    except DomainError as exc:
        errors = domain_errors(exc, ("member", "pin", "tendered"), default=FORM)
        key = ""  # a refusal is the client id's answer: the corrected cart is a new sale
    else:
        if out.status == "awaiting_payment":
            return redirect(request, f"/koperasi/{coop_id}/toko/qris/{out.id}")
        return redirect(request, f"/koperasi/{coop_id}/toko/struk/{out.id}")
    state = {"key": key or new_idempotency_key(), "values": values, "errors": errors}
    return await _counter(request, coop_id, actor, cart=cart, form=state, status=422)


@router.post("/koperasi/{coop_id}/toko/shift/buka", dependencies=[Depends(csrf_checked)])
async def open_shift(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    try:
        cash = parse_rupiah(str(form.get("opening_cash", "")), field="opening_cash")
        await retail.open_shift(coop_id, cash, actor=actor)
    except (FormError, DomainError) as exc:
        message = exc.errors.get("opening_cash", "") if isinstance(exc, FormError) else exc.detail
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=message)
    else:
        flash(request, N_("Shift dibuka. Selamat melayani."))
    return redirect(request, f"/koperasi/{coop_id}/toko")


@router.post("/koperasi/{coop_id}/toko/shift/{shift_id}/tutup", dependencies=[Depends(csrf_checked)])
async def close_shift(request: Request, coop_id: Id, shift_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    try:
        counted = parse_rupiah(str(form.get("counted_cash", "")), field="counted_cash")
        out = await retail.close_shift(coop_id, shift_id, counted, str(form.get("reason", ""))[:300], actor=actor)
    except (FormError, DomainError) as exc:
        message = exc.errors.get("counted_cash", "") if isinstance(exc, FormError) else exc.detail
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=message)
    else:
        flash(request, N_("Shift ditutup. Selisih kas: %(diff)s"), diff=f"Rp {out.difference or 0:,}".replace(",", "."))
    return redirect(request, f"/koperasi/{coop_id}/toko")


async def _receipt(request: Request, coop_id: int, sale_id: int, actor: Actor, *, errors=None, status=200):
    view = await retail.receipt_view(coop_id, sale_id, actor=actor)
    if view.sale.status == "awaiting_payment":  # not paid yet: its QR
        return redirect(request, f"/koperasi/{coop_id}/toko/qris/{sale_id}")
    ctx = {
        "v": view,
        "coop": view.coop,
        "zone": view.coop.timezone,
        "sale": view.sale,
        "labels": METHOD_LABELS,
        "errors": errors or {},
        "key": new_idempotency_key(),
        "staff": actor.role in ("manager", "cashier"),
    }
    return page(request, "retail/receipt.html", ctx, status_code=status)


@router.get("/koperasi/{coop_id}/toko/struk/{sale_id}")
async def receipt(request: Request, coop_id: Id, sale_id: Id, actor: Actor = Depends(signed_in)):
    """The 58 mm receipt (print), and the return form under it for the staff."""
    return await _receipt(request, coop_id, sale_id, actor)


@router.post("/koperasi/{coop_id}/toko/struk/{sale_id}/retur", dependencies=[Depends(csrf_checked)])
async def give_back(request: Request, coop_id: Id, sale_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    form = await request.form()
    lines = []
    for name, value in form.multi_items():
        text = str(value).strip()
        if name.startswith("return_") and name[7:].isdigit() and text and text not in ("0", "0,0"):
            lines.append(ReturnLineIn(line_id=int(name[7:]), quantity=text.replace(",", ".")))
    try:
        if not lines:
            raise FormError({FORM: N_("Isi jumlah barang yang diretur")})
        data = ReturnIn(
            client_id=str(form.get("client_id", ""))[:100], lines=lines, reason=str(form.get("reason", ""))[:300]
        )
        out = await retail.return_sale(coop_id, sale_id, data, actor=actor, gateway=rt.gateway)
    except FormError as exc:
        return await _receipt(request, coop_id, sale_id, actor, errors=exc.errors, status=422)
    except ValidationError as exc:
        return await _receipt(request, coop_id, sale_id, actor, errors=validation_errors(exc), status=422)
    except DomainError as exc:
        errors = domain_errors(exc, ("reason",), default=FORM)
        return await _receipt(request, coop_id, sale_id, actor, errors=errors, status=422)
    flash(request, N_("Retur dicatat: %(amount)s dikembalikan."), amount=f"Rp {out.total:,}".replace(",", "."))
    return redirect(request, f"/koperasi/{coop_id}/toko/struk/{sale_id}")


def qr_svg(text: str) -> Markup:
    """*text* as a QR code, an inline SVG drawn on the server (segno), scaled by CSS."""
    code = segno.make(text, error="m")
    svg = code.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QRIS" class="qr" ', 1))


@router.get("/koperasi/{coop_id}/toko/qris/{sale_id}")
async def qris_page(request: Request, coop_id: Id, sale_id: Id, actor: Actor = Depends(signed_in)):
    """A held QRIS sale: its QR for the customer to scan, asked again every 2 s (htmx) until
    paid (then on to the receipt), expired or cancelled (the stock back)."""
    view = await retail.qris_view(coop_id, sale_id, actor=actor)
    if view.sale.status != "awaiting_payment" and view.sale.status != "void":
        return redirect(request, f"/koperasi/{coop_id}/toko/struk/{sale_id}")
    ctx = {
        "v": view,
        "coop": view.coop,
        "zone": view.coop.timezone,
        "sale": view.sale,
        "qr": qr_svg(view.qr) if view.qr else "",
    }
    return page(request, "retail/qris.html", ctx, block="qris")


@router.post("/koperasi/{coop_id}/toko/qris/{sale_id}/batal", dependencies=[Depends(csrf_checked)])
async def qris_cancel(request: Request, coop_id: Id, sale_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    try:
        status = await retail.cancel_qr(rt.gateway, coop_id, sale_id, actor=actor)
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
        return redirect(request, f"/koperasi/{coop_id}/toko/qris/{sale_id}")
    if status == "done":
        flash(request, N_("QRIS sudah dibayar: penjualan selesai."))
        return redirect(request, f"/koperasi/{coop_id}/toko/struk/{sale_id}")
    flash(request, N_("QRIS dibatalkan: stok dikembalikan, tidak ada yang dibukukan."))
    return redirect(request, f"/koperasi/{coop_id}/toko")


@router.get("/koperasi/{coop_id}/toko/masalah-pos")
async def pos_problems(
    request: Request,
    coop_id: Id,
    status: str = Query("open", pattern="^(open|recorded|dismissed)$"),
    actor: Actor = Depends(signed_in),
):
    """The POS sales that could not be recorded, with their reasons, for the staff to resolve."""
    view = await retail.problems_view(coop_id, actor=actor, status=status)
    ctx = {"v": view, "coop": view.coop, "zone": view.coop.timezone, "status": status, "labels": METHOD_LABELS}
    return page(request, "retail/problems.html", ctx)


@router.post("/koperasi/{coop_id}/toko/masalah-pos/{problem_id}", dependencies=[Depends(csrf_checked)])
async def resolve(request: Request, coop_id: Id, problem_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    action = "dismiss" if form.get("action") == "dismiss" else "retry"
    try:
        out = await retail.resolve_problem(coop_id, problem_id, action, str(form.get("note", ""))[:300], actor=actor)
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        if out.status == "recorded":
            flash(request, N_("Penjualan POS dicatat."))
        elif out.status == "dismissed":
            flash(request, N_("Penjualan POS disisihkan."))
        else:
            flash(request, N_("Masih belum dapat dicatat; lihat alasannya."))
    return redirect(request, f"/koperasi/{coop_id}/toko/masalah-pos")


@router.get("/koperasi/{coop_id}/toko/laporan")
async def report_page(
    request: Request,
    coop_id: Id,
    hari: str = Query("", max_length=10),
    bulan: str = Query("", max_length=7),
    actor: Actor = Depends(signed_in),
):
    """The shop's day (``?hari=``) or month (``?bulan=YYYY-MM``): sales, margin, top items, per
    cashier, per payment method."""
    view = await retail.report_view(coop_id, hari, bulan, actor=actor)
    ctx = {"v": view, "r": view.report, "coop": view.coop, "labels": METHOD_LABELS, "hari": hari, "bulan": bulan}
    return page(request, "retail/report.html", ctx)


@router.get("/koperasi/{coop_id}/toko/laporan.csv")
async def report_csv(
    coop_id: Id,
    hari: str = Query("", max_length=10),
    bulan: str = Query("", max_length=7),
    actor: Actor = Depends(signed_in),
):
    view = await retail.report_view(coop_id, hari, bulan, actor=actor)
    name = f"laporan-toko-{view.report.start.isoformat()}-{view.report.end.isoformat()}.csv"
    return Response(
        retail.report_csv(view.report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
