"""PPOB pages: a member buys pulsa, data, PLN tokens, e-wallet top-ups and pays bills from the
wallet (or by a Xendit invoice when it is short); the cashier sells the same for cash; receipts
that print on a 58 mm printer; histories with filters and CSV; markups and the platform fee.

The member's counter is ``/ppob``, the cashier's ``/koperasi/{id}/ppob/kasir``: the same
templates and handlers, told apart by the screen service's ``Counter``. Each route parses, calls
one function of ``ppob.service.screens`` (which decides, and builds what the page shows) and
renders; this module holds only the labels, the URLs and the form plumbing. Prices on the page are
the service's quote for the cooperative; the price a form sends back is only compared (a changed
or tampered price is refused), never charged.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response

from market.errors import DomainError
from market.http import RuntimeDep
from market.runtime import Runtime
from market.service import Actor
from market.types import BigId, Id
from ppob import service
from ppob.schemas import Channel, TxState
from ppob.service import screens
from ppob.service.screens import Counter
from web.forms import FORM, FormError, domain_errors, idempotency_key, new_idempotency_key, parse_int
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()


@dataclass(frozen=True)
class Category:
    """A counter tab as the page shows it: the screen service's tab with its labels."""

    key: str
    postpaid: bool
    label: str
    icon: str
    number_label: str = N_("Nomor pelanggan")
    hint: str = ""


_PHONE, _PHONE_HINT = N_("Nomor HP"), N_("Contoh: 0812 3456 7890")
_LABELS: dict[str, tuple[str, ...]] = {
    "pulsa": (N_("Pulsa"), "📱", _PHONE, _PHONE_HINT),
    "data": (N_("Paket data"), "📶", _PHONE, _PHONE_HINT),
    "token": (
        N_("Token PLN"),
        "⚡",
        N_("Nomor meter / ID pelanggan"),
        N_("11 angka nomor meter atau 12 angka ID pelanggan"),
    ),
    "ewallet": (
        N_("Dompet digital"),
        "👛",
        N_("Nomor HP akun"),
        N_("Nomor HP yang terdaftar di OVO, DANA, GoPay atau ShopeePay"),
    ),
    "pln": (N_("PLN pascabayar"), "💡", N_("ID pelanggan PLN"), N_("12 angka, tertera di tagihan listrik")),
    "bpjs": (N_("BPJS Kesehatan"), "🏥", N_("Nomor VA keluarga"), N_("Nomor virtual account keluarga di kartu BPJS")),
    "pdam": (N_("PDAM"), "🚰", N_("Nomor pelanggan PDAM")),
}
BY_KEY = {c.key: Category(c.key, c.postpaid, *_LABELS[c.key]) for c in screens.COUNTER_CATEGORIES}
STATES = {
    TxState.AWAITING_PAYMENT: N_("Menunggu pembayaran"),
    TxState.PENDING: N_("Diproses"),
    TxState.SUCCESS: N_("Berhasil"),
    TxState.FAILED: N_("Gagal"),
    TxState.EXPIRED: N_("Kedaluwarsa"),
    TxState.INQUIRY: N_("Cek tagihan"),
}
CHANNELS = {Channel.WALLET: N_("Dompet"), Channel.CASH: N_("Tunai"), Channel.INVOICE: N_("Invoice Xendit")}
# Messages the PPOB screens raise or show, shown as they are (marked here for extraction).
SERVICE_MESSAGES = (
    N_("Saldo dompet hanya dapat dipakai oleh anggota pemiliknya; di loket bayar tunai"),
    N_("Pembayaran tunai dicatat oleh kasir koperasi di loket"),
    N_("Halaman ini untuk anggota koperasi"),
    N_("Prefiks nomor HP tidak dikenal"),
    N_("Belum ada produk untuk operator ini"),
    N_("Nama pelanggan belum dapat dicek; periksa nomornya sekali lagi"),
    N_("Pilih jenis tagihan"),
)


def base_of(ctr: Counter) -> str:
    """Where the counter's pages live."""
    return f"/koperasi/{ctr.coop_id}/ppob/kasir" if ctr.cashier else "/ppob"


def receipt_url(txn_id: int) -> str:
    return f"/ppob/struk/{txn_id}"


def _ctx(screen: Any, **extra: Any) -> dict[str, Any]:
    """A screen's fields as the template's names; a counter tab with its labels."""
    ctx = {f.name: getattr(screen, f.name) for f in fields(screen)}
    if "cat" in ctx:
        ctx["cat"] = BY_KEY[ctx["cat"].key]
    if "cats" in ctx:
        ctx["cats"] = tuple(BY_KEY[c.key] for c in ctx["cats"])
    if "ctr" in ctx:
        ctx["base"] = base_of(ctx["ctr"])
    return {**ctx, **extra}


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {
        name: str(form.get(name, "")).strip()[:200]
        for name in ("k", "sku", "customer_no", "price", "idempotency_key", "pay_with")
    }


def _price(text: str) -> int:
    """The price the form was shown with (only compared with the price charged now)."""
    if not (text.isascii() and text.isdigit()):
        raise FormError({FORM: N_("Harga tidak valid; muat ulang halaman")})
    return int(text)


async def _counter_page(
    request: Request,
    rt: Runtime,
    ctr: Counter,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    sku: str = "",
    key: str | None = None,
) -> Response:
    """The counter again, with what was typed and why it was refused."""
    screen = await screens.counter_screen(service.link_of(rt), ctr, values["k"], values["customer_no"], sku=sku)
    return page(
        request, "ppob/counter.html", _ctx(screen, errors=errors, key=key or new_idempotency_key()), status_code=422
    )


def _return_url(request: Request):
    """Where the Xendit invoice page sends the member back: the receipt."""
    root = str(request.base_url).rstrip("/")
    return lambda txn_id: root + receipt_url(txn_id)


# The counter: choose, check the number, pick a product -------------------------------------


async def counter_page(
    request: Request, rt: Runtime, ctr: Counter, k: str | None, number: str, block: str | None = None
):
    """The counter, or (as the number is typed) its ``check`` block only."""
    screen = await screens.counter_screen(service.link_of(rt), ctr, k, number[:40])
    return page(request, "ppob/counter.html", _ctx(screen, errors={}, key=new_idempotency_key()), block=block)


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


# Prepaid: confirm, then buy ------------------------------------------------------------------


async def confirm(request: Request, rt: Runtime, ctr: Counter):
    values = await _form(request)
    if not values["sku"]:
        return await _counter_page(request, rt, ctr, values, {"sku": N_("Pilih produk")}, key=values["idempotency_key"])
    try:
        screen = await screens.confirm_screen(
            service.link_of(rt), ctr, values["k"], values["sku"], values["customer_no"]
        )
    except DomainError as exc:
        return await _counter_page(
            request,
            rt,
            ctr,
            values,
            domain_errors(exc, ("customer_no", "sku"), default=FORM),
            sku=values["sku"],
            key=values["idempotency_key"],
        )
    return page(
        request, "ppob/confirm.html", _ctx(screen, errors={}, key=values["idempotency_key"] or new_idempotency_key())
    )


async def buy(request: Request, rt: Runtime, ctr: Counter):
    """Buy once per form key; the price the form carries must be the price charged now."""
    values, link = await _form(request), service.link_of(rt)
    try:
        paid = await screens.buy(
            rt.gateway,
            link,
            ctr,
            sku=values["sku"],
            customer_no=values["customer_no"],
            pay_with=values["pay_with"],
            key=idempotency_key(values["idempotency_key"]),
            price=_price(values["price"]),
            return_url=_return_url(request),
        )
    except (FormError, DomainError) as exc:
        errors = exc.errors if isinstance(exc, FormError) else domain_errors(exc, (), default=FORM)
        try:
            screen = await screens.confirm_screen(link, ctr, values["k"], values["sku"], values["customer_no"])
        except DomainError as again:
            errors = domain_errors(again, ("customer_no", "sku"), default=FORM)
            return await _counter_page(request, rt, ctr, values, errors, sku=values["sku"])
        key = values["idempotency_key"] or new_idempotency_key()
        return page(request, "ppob/confirm.html", _ctx(screen, errors=errors, key=key), status_code=422)
    return redirect(request, paid.invoice_url or receipt_url(paid.txn_id))


@router.post("/ppob/konfirmasi", dependencies=[Depends(csrf_checked)])
async def member_confirm(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await confirm(request, rt, screens.member_counter(actor))


@router.post("/ppob/beli", dependencies=[Depends(csrf_checked)])
async def member_buy(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await buy(request, rt, screens.member_counter(actor))


@router.post("/koperasi/{coop_id}/ppob/kasir/konfirmasi", dependencies=[Depends(csrf_checked)])
async def cashier_confirm(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await confirm(request, rt, screens.cashier_counter(actor, coop_id))


@router.post("/koperasi/{coop_id}/ppob/kasir/beli", dependencies=[Depends(csrf_checked)])
async def cashier_buy(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await buy(request, rt, screens.cashier_counter(actor, coop_id))


# Postpaid: look the bill up, then pay it -----------------------------------------------------


async def inquire(request: Request, rt: Runtime, ctr: Counter):
    values = await _form(request)
    try:
        txn_id = await screens.inquire(service.link_of(rt), ctr, values["k"], values["customer_no"])
    except DomainError as exc:
        return await _counter_page(
            request, rt, ctr, values, domain_errors(exc, ("customer_no",), default=FORM), key=values["idempotency_key"]
        )
    return redirect(request, f"{base_of(ctr)}/tagihan/{txn_id}?kunci={values['idempotency_key']}")


def _bill_ctx(screen: screens.BillScreen, key: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    return _ctx(screen, key=key if key and len(key) == 32 else new_idempotency_key(), errors=errors or {})


async def bill_page(request: Request, ctr: Counter, txn_id: int, kunci: str = ""):
    screen = await screens.bill_screen(ctr, txn_id)
    if not screen.payable:
        return redirect(request, receipt_url(txn_id))
    return page(request, "ppob/bill.html", _bill_ctx(screen, kunci))


async def pay(request: Request, rt: Runtime, ctr: Counter, txn_id: int):
    values = await _form(request)
    try:
        paid = await screens.pay(
            rt.gateway,
            service.link_of(rt),
            ctr,
            txn_id,
            pay_with=values["pay_with"],
            key=idempotency_key(values["idempotency_key"]),
            price=_price(values["price"]),
            return_url=_return_url(request),
        )
    except (FormError, DomainError) as exc:
        errors = exc.errors if isinstance(exc, FormError) else domain_errors(exc, (), default=FORM)
        screen = await screens.bill_screen(ctr, txn_id)
        return page(request, "ppob/bill.html", _bill_ctx(screen, values["idempotency_key"], errors), status_code=422)
    return redirect(request, paid.invoice_url or receipt_url(paid.txn_id))


@router.post("/ppob/tagihan", dependencies=[Depends(csrf_checked)])
async def member_inquire(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await inquire(request, rt, screens.member_counter(actor))


@router.get("/ppob/tagihan/{txn_id}")
async def member_bill(request: Request, txn_id: BigId, kunci: str = "", actor: Actor = Depends(signed_in)):
    return await bill_page(request, screens.member_counter(actor), txn_id, kunci)


@router.post("/ppob/tagihan/{txn_id}/bayar", dependencies=[Depends(csrf_checked)])
async def member_pay(request: Request, rt: RuntimeDep, txn_id: BigId, actor: Actor = Depends(signed_in)):
    return await pay(request, rt, screens.member_counter(actor), txn_id)


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


# The receipt -------------------------------------------------------------------------------


@router.get("/ppob/struk/{txn_id}")
async def receipt(request: Request, rt: RuntimeDep, txn_id: BigId, actor: Actor = Depends(signed_in)):
    """The token or serial, printable on a 58 mm printer; while pending the block polls itself."""
    screen = await screens.receipt_screen(service.link_of(rt), actor, txn_id)
    back = f"/koperasi/{screen.coop.id}/ppob/kasir" if screen.staff else "/ppob"
    return page(
        request, "ppob/receipt.html", _ctx(screen, states=STATES, channels=CHANNELS, back=back), block="receipt"
    )


# History -----------------------------------------------------------------------------------


def _history_page(request: Request, screen: screens.HistoryScreen, base: str) -> Response:
    query = "&".join(f"{k}={v}" for k, v in screen.values.items() if v)
    ctx = _ctx(screen, states=STATES, channels=CHANNELS, base=base, csv=f"{base}.csv" + (f"?{query}" if query else ""))
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


# Markups and the platform fee --------------------------------------------------------------


@router.get("/koperasi/{coop_id}/ppob/markup")
async def markup_page(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    screen = await screens.markup_screen(service.link_of(rt), actor, coop_id)
    return page(request, "ppob/markup.html", _ctx(screen, values={"scope": "all"}, errors={}))


@router.post("/koperasi/{coop_id}/ppob/markup", dependencies=[Depends(csrf_checked)])
async def set_markup(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    screens.require_manager(actor, coop_id)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip()[:40] for name in ("scope", "key", "flat_idr", "bps")}
    try:
        if values["scope"] not in ("all", "category", "brand"):
            raise FormError({"scope": N_("Pilihan tidak valid")})
        flat = parse_int(values["flat_idr"].replace(".", ""), "flat_idr", default=0)
        bps = parse_int(values["bps"], "bps", default=0)
        await service.set_markup(coop_id, values["scope"], values["key"], flat, bps)
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, ("key", "flat_idr", "bps"), default=FORM)
    else:
        flash(request, N_("Markup disimpan"))
        return redirect(request, f"/koperasi/{coop_id}/ppob/markup")
    screen = await screens.markup_screen(service.link_of(rt), actor, coop_id)
    return page(request, "ppob/markup.html", _ctx(screen, values=values, errors=errors), status_code=422)


@router.get("/operator/ppob")
async def operator_page(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    screen = await screens.operator_screen(service.link_of(rt), actor)
    values = {"flat_idr": str(screen.flat_idr), "bps": str(screen.bps)}
    return page(request, "ppob/operator.html", {"values": values, "errors": {}, "last": screen.last})


@router.post("/operator/ppob", dependencies=[Depends(csrf_checked)])
async def operator_save(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    screens.require_operator(actor)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip()[:20] for name in ("flat_idr", "bps", "action")}
    try:
        if values["action"] == "sync":
            report = await service.sync_price_list(service.link_of(rt))
            flash(request, N_("Daftar harga disinkronkan: %(summary)s"), summary=report.summary())
        else:
            flat = parse_int(values["flat_idr"].replace(".", ""), "flat_idr", default=0)
            bps = parse_int(values["bps"], "bps", default=0)
            await service.set_platform_fee(flat, bps)
            flash(request, N_("Fee platform disimpan"))
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, ("flat_idr", "bps"), default=FORM)
    else:
        return redirect(request, "/operator/ppob")
    screen = await screens.operator_screen(service.link_of(rt), actor)
    return page(
        request, "ppob/operator.html", {"values": values, "errors": errors, "last": screen.last}, status_code=422
    )
