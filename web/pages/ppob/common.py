"""What the PPOB pages share: the labels of the tabs, states and channels (marked for
extraction), the counters' URLs, a screen as a template's context and the form plumbing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from market.runtime import Runtime
from ppob import service
from ppob.schemas import Channel, TxState
from ppob.service import screens
from ppob.service.screens import Counter
from web.forms import FORM, FormError, new_idempotency_key
from web.i18n import N_
from web.render import page


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


def screen_ctx(screen: Any, **extra: Any) -> dict[str, Any]:
    """A screen's fields as the template's names; a counter tab with its labels."""
    ctx = {f.name: getattr(screen, f.name) for f in fields(screen)}
    if "cat" in ctx:
        ctx["cat"] = BY_KEY[ctx["cat"].key]
    if "cats" in ctx:
        ctx["cats"] = tuple(BY_KEY[c.key] for c in ctx["cats"])
    if "ctr" in ctx:
        ctx["base"] = base_of(ctx["ctr"])
    return {**ctx, **extra}


async def read_form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {
        name: str(form.get(name, "")).strip()[:200]
        for name in ("k", "sku", "customer_no", "price", "idempotency_key", "pay_with", "pin")
    }


def shown_price(text: str) -> int:
    """The price the form was shown with (only compared with the price charged now)."""
    if not (text.isascii() and text.isdigit()):
        raise FormError({FORM: N_("Harga tidak valid; muat ulang halaman")})
    return int(text)


async def counter_again(
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
        request,
        "ppob/counter.html",
        screen_ctx(screen, errors=errors, key=key or new_idempotency_key()),
        status_code=422,
    )


def return_url(request: Request) -> Callable[[int], str]:
    """Where the Xendit invoice page sends the member back: the receipt."""
    root = str(request.base_url).rstrip("/")
    return lambda txn_id: root + receipt_url(txn_id)
