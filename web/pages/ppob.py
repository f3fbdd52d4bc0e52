"""PPOB pages: a member buys pulsa, data, PLN tokens, e-wallet top-ups and pays bills from the
wallet (or by a Xendit invoice when it is short); the cashier sells the same for cash; receipts
that print on a 58 mm printer; histories with filters and CSV; markups and the platform fee.

The member's counter is ``/ppob``, the cashier's ``/koperasi/{id}/ppob/kasir``: the same
templates and handlers, told apart by a ``Counter``. Prices on the page are the service's quote
for the cooperative; the price a form sends back is only compared (a changed or tampered price is
refused), never charged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import Depends, Request
from fastapi.responses import Response

from market import service as market
from market.errors import DomainError, Forbidden, InvalidInput
from market.schemas import Role
from market.service import Actor
from market.types import BigId, Id
from payments import service as payments
from ppob import service
from ppob.errors import BillerRejected, BillerUnavailable, TransactionNotFound
from ppob.models import TxState
from ppob.service.validation import OPERATOR_NAMES, normalize_phone, operator_of, validate_customer_no
from web.forms import FORM, FormError, domain_errors, idempotency_key, new_idempotency_key, parse_int
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
STAFF = frozenset({Role.MANAGER, Role.CASHIER})
MANAGERS = frozenset({Role.MANAGER})


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    icon: str
    category: str  # the biller's category (prepaid) or "Pascabayar"
    sku: str = ""  # postpaid: the one product
    number_label: str = N_("Nomor pelanggan")
    hint: str = ""

    @property
    def postpaid(self) -> bool:
        return bool(self.sku)

    @property
    def phone(self) -> bool:
        return self.category in ("Pulsa", "Data", "E-Money")


CATEGORIES = (
    Category("pulsa", N_("Pulsa"), "📱", "Pulsa", number_label=N_("Nomor HP"), hint=N_("Contoh: 0812 3456 7890")),
    Category("data", N_("Paket data"), "📶", "Data", number_label=N_("Nomor HP"), hint=N_("Contoh: 0812 3456 7890")),
    Category("token", N_("Token PLN"), "⚡", "PLN", number_label=N_("Nomor meter / ID pelanggan"),
             hint=N_("11 angka nomor meter atau 12 angka ID pelanggan")),
    Category("ewallet", N_("Dompet digital"), "👛", "E-Money", number_label=N_("Nomor HP akun"),
             hint=N_("Nomor HP yang terdaftar di OVO, DANA, GoPay atau ShopeePay")),
    Category("pln", N_("PLN pascabayar"), "💡", "Pascabayar", sku="pln", number_label=N_("ID pelanggan PLN"),
             hint=N_("12 angka, tertera di tagihan listrik")),
    Category("bpjs", N_("BPJS Kesehatan"), "🏥", "Pascabayar", sku="bpjs", number_label=N_("Nomor VA keluarga"),
             hint=N_("Nomor virtual account keluarga di kartu BPJS")),
    Category("pdam", N_("PDAM"), "🚰", "Pascabayar", sku="pdam", number_label=N_("Nomor pelanggan PDAM")),
)
BY_KEY = {c.key: c for c in CATEGORIES}
STATES = {
    "awaiting_payment": N_("Menunggu pembayaran"), "pending": N_("Diproses"), "success": N_("Berhasil"),
    "failed": N_("Gagal"), "expired": N_("Kedaluwarsa"), "inquiry": N_("Cek tagihan"),
}
CHANNELS = {"wallet": N_("Dompet"), "cash": N_("Tunai"), "invoice": N_("Invoice Xendit")}
# Who may pay how: messages the PPOB service raises, shown as they are (extracted for English).
SERVICE_MESSAGES = (
    N_("Saldo dompet hanya dapat dipakai oleh anggota pemiliknya; di loket bayar tunai"),
    N_("Pembayaran tunai dicatat oleh kasir koperasi di loket"),
)


@dataclass(frozen=True)
class Counter:
    """Who sells to whom: a member buying for themselves, or the cashier's counter."""

    coop_id: int
    member_id: int | None
    user_id: int
    base: str
    cashier: bool

    @property
    def channel(self) -> str:
        return "cash" if self.cashier else "wallet"


def member_counter(actor: Actor) -> Counter:
    if actor.role != Role.MEMBER or actor.member_id is None or actor.cooperative_id is None:
        raise Forbidden(N_("Halaman ini untuk anggota koperasi"))
    return Counter(actor.cooperative_id, actor.member_id, actor.user_id, "/ppob", False)


def cashier_counter(actor: Actor, coop_id: int) -> Counter:
    market.require_coop(actor, coop_id, roles=STAFF)
    return Counter(coop_id, None, actor.user_id, f"/koperasi/{coop_id}/ppob/kasir", True)


def category_of(key: str | None) -> Category:
    return BY_KEY.get(key or "", CATEGORIES[0])


# The counter: choose, check the number, pick a product -------------------------------------

async def _check(ctr: Counter, cat: Category, raw: str) -> dict:
    """What the page says about the number typed so far, and the products it may buy."""
    raw = (raw or "").strip()
    info: dict = {"number": raw, "error": None, "operator": None, "customer": None, "products": [],
                  "valid": False, "notice": None}
    if cat.postpaid:
        if raw:
            try:
                product = await service.get_product(cat.sku)
                info["number"] = validate_customer_no("postpaid", "Pascabayar", product.brand, raw)
                info["valid"] = True
            except DomainError as exc:
                info["error"] = exc.detail
        return info
    products = await service.list_products(ctr.coop_id, category=cat.category)
    if cat.category in ("Pulsa", "Data"):
        if not raw:
            return info
        try:
            phone = normalize_phone(raw)
        except DomainError as exc:
            info["error"] = exc.detail
            return info
        operator = operator_of(phone)
        if operator is None:
            info["error"] = N_("Prefiks nomor HP tidak dikenal")
            return info
        info.update(number=phone, operator=OPERATOR_NAMES[operator], valid=True,
                    products=[p for p in products if p.brand.upper() == operator])
        if not info["products"]:
            info["notice"] = N_("Belum ada produk untuk operator ini")
        return info
    info["products"] = products
    if not raw:
        return info
    try:
        if cat.category == "E-Money":
            info["number"] = normalize_phone(raw)
        else:
            customer = await service.check_pln_customer(raw)
            info.update(number=customer.customer_no, customer=customer)
        info["valid"] = True
    except BillerUnavailable:
        info["number"] = raw
        info["valid"] = True
        info["notice"] = N_("Nama pelanggan belum dapat dicek; periksa nomornya sekali lagi")
    except DomainError as exc:
        info["error"] = exc.detail
    return info


async def _counter_ctx(request: Request, ctr: Counter, cat: Category, *, number: str = "", sku: str = "",
                       errors: dict | None = None, key: str | None = None) -> dict:
    return {
        "ctr": ctr, "cats": CATEGORIES, "cat": cat, "check": await _check(ctr, cat, number), "sku": sku,
        "errors": errors or {}, "key": key or new_idempotency_key(),
        "balance": await _balance(ctr), "coop": await market.get_cooperative(ctr.coop_id),
    }


async def _balance(ctr: Counter) -> int | None:
    if ctr.member_id is None:
        return None
    wallet = await payments.member_wallet(ctr.coop_id, ctr.member_id)
    return await payments.wallet_balance(wallet.id)


async def counter_page(request: Request, ctr: Counter, k: str | None, nomor: str = ""):
    cat = category_of(k)
    return page(request, "ppob/counter.html", await _counter_ctx(request, ctr, cat, number=nomor[:40]))


async def check_block(request: Request, ctr: Counter, k: str | None, customer_no: str):
    cat = category_of(k)
    ctx = await _counter_ctx(request, ctr, cat, number=customer_no[:40])
    return page(request, "ppob/counter.html", ctx, block="check")


@router.get("/ppob")
async def member_index(request: Request, k: str | None = None, nomor: str = "", actor: Actor = Depends(signed_in)):
    """Choose a category, type the number (checked as you type), pick a product."""
    if actor.role in STAFF and actor.cooperative_id:
        return redirect(request, f"/koperasi/{actor.cooperative_id}/ppob/kasir")
    return await counter_page(request, member_counter(actor), k, nomor)


@router.get("/ppob/cek")
async def member_check(request: Request, k: str | None = None, customer_no: str = "",
                       actor: Actor = Depends(signed_in)):
    return await check_block(request, member_counter(actor), k, customer_no)


@router.get("/koperasi/{coop_id}/ppob/kasir")
async def cashier_index(request: Request, coop_id: Id, k: str | None = None, nomor: str = "",
                        actor: Actor = Depends(signed_in)):
    """The cashier's counter: the same products, sold to a walk-in customer for cash."""
    return await counter_page(request, cashier_counter(actor, coop_id), k, nomor)


@router.get("/koperasi/{coop_id}/ppob/kasir/cek")
async def cashier_check(request: Request, coop_id: Id, k: str | None = None, customer_no: str = "",
                        actor: Actor = Depends(signed_in)):
    return await check_block(request, cashier_counter(actor, coop_id), k, customer_no)


# Prepaid: confirm, then buy ------------------------------------------------------------------

async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: str(form.get(name, "")).strip()[:200] for name in
            ("k", "sku", "customer_no", "price", "idempotency_key", "pay_with")}


async def _confirm_ctx(ctr: Counter, values: dict, errors: dict | None = None) -> dict:
    """The product, the number and the price charged (the service's quote, not the form's)."""
    cat = category_of(values["k"])
    product = await service.get_product(values["sku"])
    number = validate_customer_no(str(product.kind), product.category, product.brand, values["customer_no"])
    check = await _check(ctr, cat, number) if product.category == "PLN" else {"customer": None}
    quote = await service.quote(ctr.coop_id, product.category, product.brand, product.base_price)
    balance = await _balance(ctr)
    return {
        "ctr": ctr, "cat": cat, "product": product, "number": number, "customer": check.get("customer"),
        "operator": OPERATOR_NAMES.get(operator_of(number) or "", "") if cat.phone else "",
        "price": quote.sell, "balance": balance, "short": balance is not None and balance < quote.sell,
        "key": values["idempotency_key"] or new_idempotency_key(), "errors": errors or {},
        "coop": await market.get_cooperative(ctr.coop_id),
    }


async def confirm(request: Request, ctr: Counter):
    values = await _form(request)
    cat = category_of(values["k"])
    if not values["sku"]:
        ctx = await _counter_ctx(request, ctr, cat, number=values["customer_no"], key=values["idempotency_key"],
                                 errors={"sku": N_("Pilih produk")})
        return page(request, "ppob/counter.html", ctx, status_code=422)
    try:
        ctx = await _confirm_ctx(ctr, values)
    except DomainError as exc:
        ctx = await _counter_ctx(request, ctr, cat, number=values["customer_no"], sku=values["sku"],
                                 key=values["idempotency_key"],
                                 errors=domain_errors(exc, ("customer_no", "sku"), default=FORM))
        return page(request, "ppob/counter.html", ctx, status_code=422)
    return page(request, "ppob/confirm.html", ctx)


def _pay_with(ctr: Counter, chosen: str) -> str:
    if ctr.cashier:
        return "cash"
    return "invoice" if chosen == "invoice" else "wallet"


async def _invoice_redirect(request: Request, txn):
    rt = request.app.state.payments
    back = str(request.base_url).rstrip("/") + f"/ppob/struk/{txn.id}"
    payment = await service.open_invoice(rt.gateway, txn, return_url=back)
    return redirect(request, payment.invoice_url)


async def buy(request: Request, ctr: Counter):
    """Buy once per form key; the price the form carries must be the price charged now."""
    values = await _form(request)
    channel = _pay_with(ctr, values["pay_with"])
    try:
        key = idempotency_key(values["idempotency_key"])
        try:
            price = int(values["price"]) if values["price"].isdigit() else None
        except ValueError:
            price = None
        if price is None:
            raise InvalidInput(N_("Harga tidak valid; muat ulang halaman"), field="price")
        txn = await service.buy_prepaid(
            coop_id=ctr.coop_id, member_id=ctr.member_id, user_id=ctr.user_id, sku=values["sku"],
            customer_no=values["customer_no"], channel=channel, expected_price=price, idempotency_key=key,
        )
        if txn.state == TxState.AWAITING_PAYMENT:
            return await _invoice_redirect(request, txn)
    except (FormError, DomainError) as exc:
        errors = exc.errors if isinstance(exc, FormError) else domain_errors(exc, (), default=FORM)
        try:
            ctx = await _confirm_ctx(ctr, values, errors)
        except DomainError as again:
            cat = category_of(values["k"])
            ctx = await _counter_ctx(request, ctr, cat, number=values["customer_no"], sku=values["sku"],
                                     errors=domain_errors(again, ("customer_no", "sku"), default=FORM))
            return page(request, "ppob/counter.html", ctx, status_code=422)
        return page(request, "ppob/confirm.html", ctx, status_code=422)
    return redirect(request, receipt_url(txn.id))


@router.post("/ppob/konfirmasi", dependencies=[Depends(csrf_checked)])
async def member_confirm(request: Request, actor: Actor = Depends(signed_in)):
    return await confirm(request, member_counter(actor))


@router.post("/ppob/beli", dependencies=[Depends(csrf_checked)])
async def member_buy(request: Request, actor: Actor = Depends(signed_in)):
    return await buy(request, member_counter(actor))


@router.post("/koperasi/{coop_id}/ppob/kasir/konfirmasi", dependencies=[Depends(csrf_checked)])
async def cashier_confirm(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await confirm(request, cashier_counter(actor, coop_id))


@router.post("/koperasi/{coop_id}/ppob/kasir/beli", dependencies=[Depends(csrf_checked)])
async def cashier_buy(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await buy(request, cashier_counter(actor, coop_id))


# Postpaid: look the bill up, then pay it -----------------------------------------------------

async def inquire(request: Request, ctr: Counter):
    values = await _form(request)
    cat = category_of(values["k"])
    try:
        if not cat.postpaid:
            raise InvalidInput(N_("Pilih jenis tagihan"), field="k")
        txn = await service.inquire_bill(coop_id=ctr.coop_id, member_id=ctr.member_id, user_id=ctr.user_id,
                                         sku=cat.sku, customer_no=values["customer_no"], channel=ctr.channel)
    except DomainError as exc:
        ctx = await _counter_ctx(request, ctr, cat, number=values["customer_no"], key=values["idempotency_key"],
                                 errors=domain_errors(exc, ("customer_no",), default=FORM))
        return page(request, "ppob/counter.html", ctx, status_code=422)
    return redirect(request, f"{ctr.base}/tagihan/{txn.id}?kunci={values['idempotency_key']}")


async def _bill_ctx(ctr: Counter, txn_id: int, key: str, errors: dict | None = None) -> dict:
    txn = await service.get_transaction(ctr.coop_id, txn_id)
    if ctr.member_id is not None and txn.member_id != ctr.member_id:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    balance = await _balance(ctr)
    detail = (txn.details or {}).get("desc") or {}
    return {"ctr": ctr, "txn": txn, "cat": next((c for c in CATEGORIES if c.sku == txn.sku), CATEGORIES[4]),
            "admin": (txn.details or {}).get("admin") or 0, "detail": detail if isinstance(detail, dict) else {},
            "balance": balance, "short": balance is not None and balance < txn.sell_price,
            "key": key if key and len(key) == 32 else new_idempotency_key(), "errors": errors or {},
            "coop": await market.get_cooperative(ctr.coop_id)}


async def bill_page(request: Request, ctr: Counter, txn_id: int, kunci: str = ""):
    ctx = await _bill_ctx(ctr, txn_id, kunci)
    if ctx["txn"].state != TxState.INQUIRY:
        return redirect(request, receipt_url(txn_id))
    return page(request, "ppob/bill.html", ctx)


async def pay(request: Request, ctr: Counter, txn_id: int):
    values = await _form(request)
    channel = _pay_with(ctr, values["pay_with"])
    try:
        key = idempotency_key(values["idempotency_key"])
        if not values["price"].isdigit():
            raise InvalidInput(N_("Harga tidak valid; muat ulang halaman"), field="price")
        await _bill_ctx(ctr, txn_id, key)  # the member's own bill, or not found
        txn = await service.pay_bill(coop_id=ctr.coop_id, txn_id=txn_id, user_id=ctr.user_id,
                                     member_id=ctr.member_id, expected_price=int(values["price"]),
                                     idempotency_key=key, channel=channel)
        if txn.state == TxState.AWAITING_PAYMENT:
            return await _invoice_redirect(request, txn)
    except (FormError, DomainError) as exc:
        errors = exc.errors if isinstance(exc, FormError) else domain_errors(exc, (), default=FORM)
        ctx = await _bill_ctx(ctr, txn_id, values["idempotency_key"], errors)
        return page(request, "ppob/bill.html", ctx, status_code=422)
    return redirect(request, receipt_url(txn.id))


@router.post("/ppob/tagihan", dependencies=[Depends(csrf_checked)])
async def member_inquire(request: Request, actor: Actor = Depends(signed_in)):
    return await inquire(request, member_counter(actor))


@router.get("/ppob/tagihan/{txn_id}")
async def member_bill(request: Request, txn_id: BigId, kunci: str = "", actor: Actor = Depends(signed_in)):
    return await bill_page(request, member_counter(actor), txn_id, kunci)


@router.post("/ppob/tagihan/{txn_id}/bayar", dependencies=[Depends(csrf_checked)])
async def member_pay(request: Request, txn_id: BigId, actor: Actor = Depends(signed_in)):
    return await pay(request, member_counter(actor), txn_id)


@router.post("/koperasi/{coop_id}/ppob/kasir/tagihan", dependencies=[Depends(csrf_checked)])
async def cashier_inquire(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await inquire(request, cashier_counter(actor, coop_id))


@router.get("/koperasi/{coop_id}/ppob/kasir/tagihan/{txn_id}")
async def cashier_bill(request: Request, coop_id: Id, txn_id: BigId, kunci: str = "",
                       actor: Actor = Depends(signed_in)):
    return await bill_page(request, cashier_counter(actor, coop_id), txn_id, kunci)


@router.post("/koperasi/{coop_id}/ppob/kasir/tagihan/{txn_id}/bayar", dependencies=[Depends(csrf_checked)])
async def cashier_pay(request: Request, coop_id: Id, txn_id: BigId, actor: Actor = Depends(signed_in)):
    return await pay(request, cashier_counter(actor, coop_id), txn_id)


# The receipt -------------------------------------------------------------------------------

def receipt_url(txn_id: int) -> str:
    return f"/ppob/struk/{txn_id}"


@router.get("/ppob/struk/{txn_id}")
async def receipt(request: Request, txn_id: BigId, actor: Actor = Depends(signed_in)):
    """The token or serial, printable on a 58 mm printer; while pending the block polls itself."""
    txn = await service.find_transaction(txn_id)
    if actor.role == Role.MEMBER:
        if txn.member_id is None or txn.member_id != actor.member_id:
            raise TransactionNotFound("Transaksi tidak ditemukan")
    else:
        market.require_coop(actor, txn.cooperative_id, roles=STAFF)
    if txn.state == TxState.PENDING:
        # Ask the biller when this one is due a check (rate limited like the poller).
        try:
            await service.follow_up(txn.id)
        except DomainError:
            pass
        txn = await service.find_transaction(txn_id)
    invoice_url = None
    if txn.state == TxState.AWAITING_PAYMENT and (txn.invoice_ref or "").isdigit():
        invoice_url = (await payments.get_payment(int(txn.invoice_ref))).invoice_url
    ctx = {"txn": txn, "coop": await market.get_cooperative(txn.cooperative_id), "states": STATES,
           "invoice_url": invoice_url,
           "channels": CHANNELS, "staff": actor.role != Role.MEMBER,
           "back": "/ppob" if actor.role == Role.MEMBER else f"/koperasi/{txn.cooperative_id}/ppob/kasir"}
    return page(request, "ppob/receipt.html", ctx, block="receipt")


# History -----------------------------------------------------------------------------------

def _filter(member_id: int | None, dari: str, sampai: str, produk: str, status: str) -> tuple[service.HistoryFilter, dict]:
    values = {"dari": dari[:10], "sampai": sampai[:10], "produk": produk[:64], "status": status[:20]}

    def day(text: str) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    f = service.HistoryFilter(member_id=member_id, date_from=day(values["dari"]), date_to=day(values["sampai"]),
                              sku=values["produk"] or None,
                              state=TxState(values["status"]) if values["status"] in STATES else None)
    values["dari"] = f.date_from.isoformat() if f.date_from else ""
    values["sampai"] = f.date_to.isoformat() if f.date_to else ""
    return f, values


async def _history(request: Request, coop_id: int, member_id: int | None, base: str, values: dict,
                   f: service.HistoryFilter, staff: bool):
    rows = await service.list_transactions(coop_id, f, limit=200)
    products = await service.list_products(coop_id, include_inactive=True)
    query = "&".join(f"{k}={v}" for k, v in values.items() if v)
    ctx = {"rows": rows, "products": products, "values": values, "states": STATES, "channels": CHANNELS,
           "base": base, "csv": f"{base}.csv" + (f"?{query}" if query else ""), "staff": staff,
           "coop": await market.get_cooperative(coop_id),
           "total": sum(t.sell_price for t in rows if t.state == TxState.SUCCESS),
           "margin": sum(t.margin or 0 for t in rows if t.state == TxState.SUCCESS)}
    return page(request, "ppob/history.html", ctx, block="rows")


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/ppob/riwayat")
async def member_history(request: Request, dari: str = "", sampai: str = "", produk: str = "", status: str = "",
                         actor: Actor = Depends(signed_in)):
    ctr = member_counter(actor)
    f, values = _filter(ctr.member_id, dari, sampai, produk, status)
    return await _history(request, ctr.coop_id, ctr.member_id, "/ppob/riwayat", values, f, False)


@router.get("/ppob/riwayat.csv")
async def member_history_csv(dari: str = "", sampai: str = "", produk: str = "", status: str = "",
                             actor: Actor = Depends(signed_in)):
    ctr = member_counter(actor)
    f, _ = _filter(ctr.member_id, dari, sampai, produk, status)
    return _csv(await service.export_csv(ctr.coop_id, f), "riwayat-ppob.csv")


@router.get("/koperasi/{coop_id}/ppob")
async def coop_history(request: Request, coop_id: Id, dari: str = "", sampai: str = "", produk: str = "",
                       status: str = "", actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id, roles=STAFF)
    f, values = _filter(None, dari, sampai, produk, status)
    return await _history(request, coop_id, None, f"/koperasi/{coop_id}/ppob", values, f, True)


@router.get("/koperasi/{coop_id}/ppob.csv")
async def coop_history_csv(coop_id: Id, dari: str = "", sampai: str = "", produk: str = "", status: str = "",
                           actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id, roles=STAFF)
    f, _ = _filter(None, dari, sampai, produk, status)
    return _csv(await service.export_csv(coop_id, f), f"ppob-koperasi-{coop_id}.csv")


# Markups and the platform fee --------------------------------------------------------------

async def _markup_ctx(actor: Actor, coop_id: int, values: dict | None = None, errors: dict | None = None) -> dict:
    products = await service.list_products(coop_id, include_inactive=True)
    return {"coop": await market.get_cooperative(coop_id), "markups": await service.list_markups(coop_id),
            "categories": sorted({p.category for p in products}), "brands": sorted({p.brand for p in products}),
            "fee": await service.platform_fee(), "values": values or {"scope": "all"}, "errors": errors or {},
            "can_edit": actor.is_operator or actor.role == Role.MANAGER}


@router.get("/koperasi/{coop_id}/ppob/markup")
async def markup_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id, roles=STAFF)
    return page(request, "ppob/markup.html", await _markup_ctx(actor, coop_id))


@router.post("/koperasi/{coop_id}/ppob/markup", dependencies=[Depends(csrf_checked)])
async def set_markup(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id, roles=MANAGERS)
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
    return page(request, "ppob/markup.html", await _markup_ctx(actor, coop_id, values, errors), status_code=422)


@router.get("/operator/ppob")
async def operator_page(request: Request, actor: Actor = Depends(signed_in)):
    market.require_operator(actor)
    flat, bps = await service.platform_fee()
    return page(request, "ppob/operator.html", {"values": {"flat_idr": str(flat), "bps": str(bps)}, "errors": {},
                                                "last": await service.last_sync()})


@router.post("/operator/ppob", dependencies=[Depends(csrf_checked)])
async def operator_save(request: Request, actor: Actor = Depends(signed_in)):
    market.require_operator(actor)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip()[:20] for name in ("flat_idr", "bps", "action")}
    try:
        if values["action"] == "sync":
            report = await service.sync_price_list()
            flash(request, N_("Daftar harga disinkronkan: %(summary)s"), summary=report.summary())
        else:
            flat = parse_int(values["flat_idr"].replace(".", ""), "flat_idr", default=0)
            bps = parse_int(values["bps"], "bps", default=0)
            await service.set_platform_fee(flat, bps)
            flash(request, N_("Fee platform disimpan"))
    except FormError as exc:
        errors = exc.errors
    except (BillerRejected, BillerUnavailable, DomainError) as exc:
        errors = domain_errors(exc, ("flat_idr", "bps"), default=FORM)
    else:
        return redirect(request, "/operator/ppob")
    return page(request, "ppob/operator.html", {"values": values, "errors": errors, "last": await service.last_sync()},
                status_code=422)

