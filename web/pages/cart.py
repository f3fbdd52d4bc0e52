"""The cart and checkout. The cart belongs to the signed-in user, else to the visitor key kept
in the signed session cookie; the session also keeps the cart's line count for the badge in the
menu, refreshed by every cart change and at sign-in (when the visitor's cart merges into the
account's). Checkout quotes the delivery per cooperative as the address is typed and places the
order with the key the form was rendered with, then sends the buyer to the invoice page.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Depends, Request

from market.addresses import ADDRESS_FIELDS
from market.errors import DomainError
from market.http import RuntimeDep, read_session
from market.regions import PROVINCES
from market.service import Actor
from orders import service as orders
from orders.schemas import AddressIn
from payments import service as payments
from web.forms import (
    FORM,
    FormError,
    build,
    domain_errors,
    idempotency_key,
    new_idempotency_key,
    parse_int,
    parse_rupiah,
)
from web.i18n import N_
from web.pages.orders import DELIVERY_LABELS
from web.render import flash, is_htmx, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()

# Messages the orders service raises that pages show as they are (extracted for the English catalog).
SERVICE_MESSAGES = (
    N_("kode pos harus 5 angka"),
    N_("Produk tidak tersedia lagi"),
    N_("Koperasi penjual sedang tidak aktif"),
    N_("Koperasi penjual sedang tidak aktif; produknya tidak dapat dibeli"),
    N_("Produk tidak ditemukan"),
    N_("Jumlah harus bilangan bulat"),
    N_("Jumlah harus lebih dari 0"),
    N_("Keranjang kosong"),
    N_("Pesanan tidak ditemukan"),
    N_("Saldo dompet tidak cukup untuk pesanan ini"),
    N_("Saldo dompet Anda kosong"),
    N_("Buat PIN transaksi dompet terlebih dahulu"),
    N_("Masukkan PIN transaksi dompet (6 angka)"),
    N_("Pembelian untuk koperasi dibayar dengan dana koperasi, bukan saldo dompet pribadi"),
)
# The form's fields a refusal can name (the address, and paying from the wallet).
CHECKOUT_FIELDS = (*ADDRESS_FIELDS, "wallet_amount", "pin")
WALLET_MODES = ("none", "all", "amount")


# -- the cart's owner and the badge ------------------------------------------------------------


def _owner(request: Request, *, create: bool = False) -> dict[str, Any]:
    """Who owns the cart: the signed-in user, else this browser's visitor key (made on demand)."""
    actor = request.state.actor
    if actor is not None:
        return {"user_id": actor.user_id}
    session = read_session(request)
    if not session.get("visitor") and create:
        session["visitor"] = secrets.token_urlsafe(18)
        request.state.pk_session_dirty = True
    return {"visitor_key": session.get("visitor")}


def _remember_count(request: Request, cart) -> None:
    session = read_session(request)
    if session.get("cart_n") != cart.count:
        session["cart_n"] = cart.count
        request.state.pk_session_dirty = True


def _cart_ctx(cart, **extra: Any) -> dict[str, Any]:
    return {"cart": cart, "errors": {}, "added": None, **extra}


# -- cart ----------------------------------------------------------------------------------------


@router.get("/keranjang")
async def cart_page(request: Request):
    owner = _owner(request)
    cart = await orders.get_cart(**owner)
    _remember_count(request, cart)
    return page(request, "orders/cart.html", _cart_ctx(cart), block="cart", oob=("cart_badge",))


def _quantity(form, field: str = "quantity") -> int:
    raw = str(form.get(field, "")).strip()
    try:
        return parse_int(raw, field)
    except FormError:
        raise FormError({field: N_("Jumlah harus bilangan bulat positif")}) from None


@router.post("/keranjang/tambah", dependencies=[Depends(csrf_checked)])
async def add_to_cart(request: Request):
    """From a product page: htmx swaps the note under the form and the badge; without JS the
    browser goes to the cart."""
    form = await request.form()
    product_id_raw = str(form.get("product_id", "")).strip()
    errors: dict[str, str] = {}
    cart = None
    try:
        product_id = parse_int(product_id_raw, "product_id")
        quantity = _quantity(form)
        cart = await orders.add_to_cart(product_id, quantity, **_owner(request, create=True))
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, ("quantity",), default="quantity")
    if cart is None:
        if not is_htmx(request):
            flash(request, next(iter(errors.values())))
            back = f"/pasar/produk/{product_id_raw}" if product_id_raw.isdigit() else "/keranjang"
            return redirect(request, back)
        cart = await orders.get_cart(**_owner(request))
        return page(request, "orders/cart.html", _cart_ctx(cart, errors=errors), block="added", status_code=422)
    _remember_count(request, cart)
    if not is_htmx(request):
        flash(request, N_("Ditambahkan ke keranjang."))
        return redirect(request, "/keranjang")
    return page(request, "orders/cart.html", _cart_ctx(cart, added=product_id), block="added", oob=("cart_badge",))


async def _cart_change(request: Request, remove: bool):
    form = await request.form()
    owner = _owner(request)
    errors: dict[str, str] = {}
    product_id = None
    try:
        product_id = parse_int(str(form.get("product_id", "")), "product_id")
        if not any(owner.values()):
            raise FormError({FORM: N_("Keranjang Anda kosong.")})
        if remove:
            cart = await orders.remove_from_cart(product_id, **owner)
        else:
            cart = await orders.set_cart_quantity(product_id, _quantity(form), **owner)
    except FormError as exc:
        errors = {f"line-{product_id}" if k == "quantity" else k: v for k, v in exc.errors.items()}
    except DomainError as exc:
        errors = {f"line-{product_id}" if product_id else FORM: exc.detail}
    else:
        _remember_count(request, cart)
        if not is_htmx(request):
            return redirect(request, "/keranjang")
        return page(request, "orders/cart.html", _cart_ctx(cart), block="cart", oob=("cart_badge",))
    cart = await orders.get_cart(**owner)
    return page(request, "orders/cart.html", _cart_ctx(cart, errors=errors), block="cart", status_code=422)


@router.post("/keranjang/ubah", dependencies=[Depends(csrf_checked)])
async def change_quantity(request: Request):
    return await _cart_change(request, remove=False)


@router.post("/keranjang/hapus", dependencies=[Depends(csrf_checked)])
async def remove_line(request: Request):
    return await _cart_change(request, remove=True)


# -- checkout ------------------------------------------------------------------------------------


def _read_checkout(form) -> tuple[dict[str, str], dict[int, str]]:
    """The address typed, the wallet choice (``wallet``: none, all or amount, and
    ``wallet_amount``), and each cooperative's delivery choice (``delivery-<id>``; pickup unless
    the cooperative's delivery is chosen)."""
    values = {name: str(form.get(name, "")).strip()[:300] for name in ADDRESS_FIELDS}
    mode = str(form.get("wallet", "none"))
    values["wallet"] = mode if mode in WALLET_MODES else "none"
    values["wallet_amount"] = str(form.get("wallet_amount", "")).strip()[:30]
    delivery = {}
    for key, choice in form.multi_items():
        coop_id = key.removeprefix("delivery-")
        if key.startswith("delivery-") and coop_id.isdigit() and len(coop_id) < 10:
            delivery[int(coop_id)] = "delivery" if choice == "delivery" else "pickup"
    return values, delivery


async def _quote(actor: Actor, values: dict[str, str], delivery: dict[int, str]):
    """The totals for what is typed so far: the fee needs only the province."""
    province = values.get("provinsi")
    return await orders.quote_checkout(
        user_id=actor.user_id, province=province if province in PROVINCES else None, delivery=delivery
    )


def _wallet_choice(values: dict[str, str]) -> int | str | None:
    """What the buyer chose to pay from the wallet: nothing, ``"all"``, or an amount (FormError)."""
    if values.get("wallet") == "all":
        return "all"
    if values.get("wallet") == "amount":
        return parse_rupiah(values.get("wallet_amount"), "wallet_amount")
    return None


async def _split(actor: Actor, quote, values: dict[str, str]):
    """How the total would be paid with the wallet choice typed so far (the summary shows it)."""
    try:
        choice = _wallet_choice(values)
    except FormError:
        choice = None
    return await orders.wallet_preview(actor, quote.grand_total, choice)


async def _checkout_ctx(
    actor: Actor,
    quote,
    *,
    values: dict[str, str],
    delivery: dict[int, str],
    key: str,
    errors: dict[str, str] | None = None,
    buy_for_coop: bool = False,
) -> dict[str, Any]:
    return {
        "split": await _split(actor, quote, values),
        "has_pin": await payments.has_pin(actor.user_id),
        "quote": quote,
        "values": values,
        "delivery": delivery,
        "key": key,
        "errors": errors or {},
        "provinces": [("", N_("Pilih provinsi"))] + [(p, p) for p in PROVINCES],
        "delivery_labels": DELIVERY_LABELS,
        "can_buy_for_coop": actor.role in ("manager", "cashier") and bool(actor.cooperative_id),
        "buy_for_coop": buy_for_coop,
    }


@router.get("/checkout")
async def checkout_page(request: Request, actor: Actor = Depends(signed_in)):
    quote = await orders.quote_checkout(user_id=actor.user_id, address=None, delivery={})
    if not quote.groups:
        flash(request, N_("Keranjang Anda kosong."))
        return redirect(request, "/keranjang")
    values = dict.fromkeys(ADDRESS_FIELDS, "") | {"wallet": "none", "wallet_amount": ""}
    values["recipient_name"] = actor.name
    delivery = {g.cooperative_id: g.delivery for g in quote.groups}
    ctx = await _checkout_ctx(actor, quote, values=values, delivery=delivery, key=new_idempotency_key())
    return page(request, "orders/checkout.html", ctx)


@router.post("/checkout/hitung", dependencies=[Depends(csrf_checked)])
async def checkout_quote(request: Request, actor: Actor = Depends(signed_in)):
    """The delivery options and totals again, when the province or an option changes (htmx)."""
    form = await request.form()
    values, delivery = _read_checkout(form)
    quote = await _quote(actor, values, delivery)
    key = str(form.get("idempotency_key", ""))
    ctx = await _checkout_ctx(actor, quote, values=values, delivery=delivery, key=key)
    return page(request, "orders/checkout.html", ctx, block="summary")


@router.post("/checkout", dependencies=[Depends(csrf_checked)])
async def place_order(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values, delivery = _read_checkout(form)
    raw_key = str(form.get("idempotency_key", ""))
    buy_for_coop = form.get("buy_for_cooperative") == "1"
    try:
        key = idempotency_key(raw_key)
        address = build(AddressIn, {name: values[name] for name in ADDRESS_FIELDS})
        wallet_amount = _wallet_choice(values)
        public = rt.settings.public_url.rstrip("/")
        order = await orders.place_order(
            rt.gateway,
            actor=actor,
            address=address,
            delivery=delivery,
            idempotency_key=key,
            fee_bps=rt.order_fee_bps,
            payment_duration_s=rt.order_payment_duration_s,
            buy_for_cooperative=buy_for_coop,
            success_url=f"{public}/pesanan/{{order_id}}?dari=pembayaran",
            failure_url=f"{public}/pesanan/{{order_id}}",
            wallet_amount=wallet_amount,
            pin=str(form.get("pin", "")).strip()[:12] or None,
        )
    except FormError as exc:
        # An empty field says so, whatever its format rule would have said.
        errors = {k: N_("Wajib diisi") if k in values and not values[k] else v for k, v in exc.errors.items()}
    except DomainError as exc:
        errors = domain_errors(exc, CHECKOUT_FIELDS)
        raw_key = ""  # the refused key keeps its answer; the corrected form is a new request
    else:
        read_session(request)["cart_n"] = 0
        request.state.pk_session_dirty = True
        return redirect(request, order.invoice_url or f"/pesanan/{order.id}")
    quote = await _quote(actor, values, delivery)
    ctx = await _checkout_ctx(
        actor,
        quote,
        values=values,
        delivery=delivery,
        key=raw_key or new_idempotency_key(),
        errors=errors,
        buy_for_coop=buy_for_coop,
    )
    return page(request, "orders/checkout.html", ctx, block="checkout", status_code=422)
