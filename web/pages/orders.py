"""Orders after checkout: the buyer's orders (detail, cancel before paying, confirm receipt,
B2B receipt into the buying cooperative's catalog) and the cooperative's incoming sub-orders by
state (pack, ship, mark delivered, cancel with a refund, packing slip, delivery rates).

The cart and checkout are in web/pages/cart.py.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from catalog import service as catalog
from market import service as market
from market.errors import DomainError
from market.http import RuntimeDep
from market.regions import PROVINCES
from market.service import Actor
from market.types import Id, in_id_range
from orders import service as orders
from orders.schemas import CancelIn, ShipIn
from web.forms import FORM, FormError, build, domain_errors
from web.i18n import N_
from web.render import flash, is_htmx, page, redirect, viewer_zone
from web.routing import MANAGERS, csrf_checked, may, page_router, signed_in

router = page_router()

STATES = ("awaiting_payment", "paid", "packed", "shipped", "delivered", "completed", "cancelled", "expired", "refunded")
STATE_LABELS = {
    "awaiting_payment": N_("Menunggu pembayaran"),
    "paid": N_("Dibayar"),
    "packed": N_("Dikemas"),
    "shipped": N_("Dikirim"),
    "delivered": N_("Sampai"),
    "completed": N_("Selesai"),
    "cancelled": N_("Dibatalkan"),
    "expired": N_("Kedaluwarsa"),
    "refunded": N_("Dikembalikan"),
}
# The movements of an order's money (orders.service.money), as the buyer reads them.
MONEY_LABELS = {
    "wallet_paid": N_("Dibayar dari saldo dompet"),
    "invoice_paid": N_("Dibayar lewat Xendit"),
    "wallet_returned": N_("Saldo dikembalikan ke dompet"),
    "late_returned": N_("Pembayaran terlambat dikembalikan"),
    "refund_wallet": N_("Refund ke saldo dompet"),
    "refund_invoice": N_("Refund lewat Xendit"),
    "refund_to_wallet": N_("Refund ke saldo dompet (Xendit tidak dapat me-refund)"),
    "coop_credited": N_("Diteruskan ke koperasi"),
    "status_pending": N_("diproses"),
    "status_succeeded": N_("berhasil"),
    "status_failed": N_("gagal"),
}
# ... and as the selling cooperative's staff read them (their share of the order's payment).
STAFF_MONEY_LABELS = MONEY_LABELS | {
    "wallet_paid": N_("Dibayar pembeli dari saldo dompet"),
    "invoice_paid": N_("Dibayar pembeli lewat Xendit"),
    "wallet_returned": N_("Saldo dikembalikan ke pembeli"),
    "refund_wallet": N_("Refund ke saldo dompet pembeli"),
    "refund_to_wallet": N_("Refund ke saldo dompet pembeli (Xendit tidak dapat me-refund)"),
    "coop_credited": N_("Bagian koperasi dikreditkan"),
    "platform_fee": N_("Fee platform"),
    "supplier_credit": N_("Hasil penjualan anggota pemasok (HPP)"),
}
DELIVERY_LABELS = {"pickup": N_("Ambil di koperasi"), "delivery": N_("Diantar koperasi")}
# Staff tabs: the states that need work first.
STAFF_TABS = (
    "paid",
    "packed",
    "shipped",
    "delivered",
    "completed",
    "awaiting_payment",
    "cancelled",
    "refunded",
    "expired",
)


# -- the buyer's orders --------------------------------------------------------------------------


def _labels() -> dict[str, Any]:
    return {"state_labels": STATE_LABELS, "delivery_labels": DELIVERY_LABELS}


@router.get("/pesanan")
async def order_list(request: Request, actor: Actor = Depends(signed_in)):
    found = await orders.list_orders(actor)
    ctx = {"orders": found, "zone": await viewer_zone(actor), "own_zone": bool(actor.cooperative_id), **_labels()}
    return page(request, "orders/list.html", ctx)


# Messages the orders service raises on this page (extracted for the English catalog).
SERVICE_MESSAGES = (
    N_("Pembayaran pesanan ini sudah diterima dan sedang dikonfirmasi; pesanan tidak dapat dibatalkan lagi"),
)
BACK_FROM_INVOICE = "pembayaran"  # ?dari=pembayaran: the invoice's return address after paying


async def _order_ctx(order_id: int, actor: Actor, *, back_from_invoice: bool = False, **extra: Any) -> dict[str, Any]:
    order = await orders.get_order(order_id, actor=actor, back_from_invoice=back_from_invoice)
    receivable = {}
    coop_id = order.buy_for_cooperative_id
    if coop_id and any(s.state in ("delivered", "completed") and not s.received for s in order.suborders):
        try:
            _, products = await catalog.list_products(coop_id, actor=actor, limit=200)
        except DomainError:
            products = []
        receivable = {"coop_id": coop_id, "products": products}
    return {
        "order": order,
        "receivable": receivable,
        "errors": {},
        "back_from_invoice": back_from_invoice,
        "zone": await viewer_zone(actor),  # the buyer's clock; the page says whose (zone_note)
        "own_zone": bool(actor.cooperative_id),
        "money_labels": MONEY_LABELS,
        "suborder_names": {s.id: s.cooperative_name for s in order.suborders},
        **_labels(),
        **extra,
    }


@router.get("/pesanan/{order_id:int}")
async def order_page(request: Request, order_id: Id, dari: str = "", actor: Actor = Depends(signed_in)):
    """The order and its sub-orders; while the payment is awaited the block polls itself. Back
    from the invoice (``?dari=pembayaran``) it says the payment is being confirmed."""
    ctx = await _order_ctx(order_id, actor, back_from_invoice=dari == BACK_FROM_INVOICE)
    return page(request, "orders/detail.html", ctx, block="order")


async def _order_action(request: Request, order_id: int, actor: Actor, action, done: str):
    try:
        await action()
    except DomainError as exc:
        ctx = await _order_ctx(order_id, actor, errors={FORM: exc.detail})
        return page(request, "orders/detail.html", ctx, block="order", status_code=exc.status)
    if not is_htmx(request):
        flash(request, done)
        return redirect(request, f"/pesanan/{order_id}")
    return page(request, "orders/detail.html", await _order_ctx(order_id, actor, done=done), block="order")


@router.post("/pesanan/{order_id:int}/batal", dependencies=[Depends(csrf_checked)])
async def cancel_order(request: Request, order_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await _order_action(
        request,
        order_id,
        actor,
        lambda: orders.cancel_order(rt.gateway, order_id, actor=actor),
        N_("Pesanan dibatalkan; stok dikembalikan."),
    )


@router.post("/pesanan/{order_id:int}/terima/{suborder_id:int}", dependencies=[Depends(csrf_checked)])
async def confirm_delivery(request: Request, order_id: Id, suborder_id: Id, actor: Actor = Depends(signed_in)):
    await orders.get_order(order_id, actor=actor)
    return await _order_action(
        request,
        order_id,
        actor,
        lambda: orders.confirm_delivery(suborder_id, actor=actor),
        N_("Terima kasih, pesanan dikonfirmasi diterima."),
    )


@router.post("/pesanan/{order_id:int}/katalog/{suborder_id:int}", dependencies=[Depends(csrf_checked)])
async def receive_into_catalog(request: Request, order_id: Id, suborder_id: Id, actor: Actor = Depends(signed_in)):
    """B2B: the goods of a delivered sub-order go into the buying cooperative's catalog."""
    order = await orders.get_order(order_id, actor=actor)
    form = await request.form()
    raw = str(form.get("product_id", "")).strip()
    product_id = int(raw) if raw.isdigit() and in_id_range(int(raw)) else None
    coop_id = order.buy_for_cooperative_id
    if not coop_id:
        ctx = await _order_ctx(order_id, actor, errors={FORM: N_("Pesanan ini bukan pembelian koperasi.")})
        return page(request, "orders/detail.html", ctx, block="order", status_code=409)
    return await _order_action(
        request,
        order_id,
        actor,
        lambda: orders.receive_suborder(coop_id, suborder_id, actor=actor, product_id=product_id),
        N_("Barang diterima ke katalog koperasi."),
    )


# -- the cooperative's incoming sub-orders -------------------------------------------------------


@router.get("/koperasi/{coop_id:int}/pesanan")
async def incoming(request: Request, coop_id: Id, status: str = "paid", actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id)
    state = status if status in STATES else "paid"
    ctx = {
        "coop": await market.get_cooperative(coop_id),
        "state": state,
        "tabs": STAFF_TABS,
        "counts": await orders.suborder_counts(coop_id, actor=actor),
        "suborders": await orders.list_suborders(coop_id, actor=actor, state=state),
        **_labels(),
    }
    return page(request, "orders/incoming.html", ctx, block="incoming")


async def _suborder_ctx(coop_id: int, suborder_id: int, actor: Actor, **extra: Any) -> dict[str, Any]:
    return {
        "coop": await market.get_cooperative(coop_id),
        "s": await orders.get_suborder(coop_id, suborder_id, actor=actor),
        "money_labels": STAFF_MONEY_LABELS,
        "journal": may(actor, coop_id, MANAGERS),  # its managers open the journal entries
        "errors": {},
        "values": {},
        "done": None,
        **_labels(),
        **extra,
    }


@router.get("/koperasi/{coop_id:int}/pesanan/{suborder_id:int}")
async def suborder_page(request: Request, coop_id: Id, suborder_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id)
    return page(request, "orders/suborder.html", await _suborder_ctx(coop_id, suborder_id, actor), block="suborder")


@router.get("/koperasi/{coop_id:int}/pesanan/{suborder_id:int}/slip")
async def packing_slip(request: Request, coop_id: Id, suborder_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id)
    return page(request, "orders/slip.html", await _suborder_ctx(coop_id, suborder_id, actor))


async def _staff_action(
    request: Request,
    coop_id: int,
    suborder_id: int,
    actor: Actor,
    action,
    done: str,
    values: dict[str, str] | None = None,
    fields: tuple[str, ...] = (),
):
    try:
        await action()
    except FormError as exc:
        errors = exc.errors
        status = 422
    except DomainError as exc:
        errors = domain_errors(exc, fields)
        status = exc.status
    else:
        if not is_htmx(request):
            flash(request, done)
            return redirect(request, f"/koperasi/{coop_id}/pesanan/{suborder_id}")
        ctx = await _suborder_ctx(coop_id, suborder_id, actor, done=done)
        return page(request, "orders/suborder.html", ctx, block="suborder")
    ctx = await _suborder_ctx(coop_id, suborder_id, actor, errors=errors, values=values or {})
    return page(request, "orders/suborder.html", ctx, block="suborder", status_code=status)


@router.post("/koperasi/{coop_id:int}/pesanan/{suborder_id:int}/kemas", dependencies=[Depends(csrf_checked)])
async def pack(request: Request, coop_id: Id, suborder_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id)
    return await _staff_action(
        request,
        coop_id,
        suborder_id,
        actor,
        lambda: orders.pack_suborder(coop_id, suborder_id, actor=actor),
        N_("Pesanan ditandai sudah dikemas."),
    )


@router.post("/koperasi/{coop_id:int}/pesanan/{suborder_id:int}/kirim", dependencies=[Depends(csrf_checked)])
async def ship(request: Request, coop_id: Id, suborder_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in ("courier", "tracking_number")}

    async def action():
        data = build(ShipIn, values)
        await orders.ship_suborder(
            coop_id, suborder_id, actor=actor, courier=data.courier, tracking_number=data.tracking_number
        )

    return await _staff_action(
        request,
        coop_id,
        suborder_id,
        actor,
        action,
        N_("Pesanan ditandai sudah dikirim."),
        values,
        ("courier", "tracking_number"),
    )


@router.post("/koperasi/{coop_id:int}/pesanan/{suborder_id:int}/sampai", dependencies=[Depends(csrf_checked)])
async def delivered(request: Request, coop_id: Id, suborder_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id)
    return await _staff_action(
        request,
        coop_id,
        suborder_id,
        actor,
        lambda: orders.mark_delivered(coop_id, suborder_id, actor=actor),
        N_("Pesanan ditandai sudah sampai."),
    )


@router.post("/koperasi/{coop_id:int}/pesanan/{suborder_id:int}/batal", dependencies=[Depends(csrf_checked)])
async def cancel_suborder(
    request: Request, coop_id: Id, suborder_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)
):
    market.require_coop(actor, coop_id)
    form = await request.form()
    values = {"reason": str(form.get("reason", "")).strip()}

    async def action():
        data = build(CancelIn, values)
        await orders.cancel_suborder(rt.gateway, coop_id, suborder_id, actor=actor, reason=data.reason)

    return await _staff_action(
        request,
        coop_id,
        suborder_id,
        actor,
        action,
        N_("Pesanan dibatalkan; pembayaran pembeli dikembalikan."),
        values,
        ("reason",),
    )


# -- delivery rates --------------------------------------------------------------------------------


async def _rates_ctx(actor: Actor, coop_id: int, rates: dict[str, Any], errors: dict[str, str] | None = None):
    return {
        "coop": await market.get_cooperative(coop_id),
        "provinces": PROVINCES,
        "rates": rates,
        "errors": errors or {},
        "can_edit": may(actor, coop_id, MANAGERS),
    }


@router.get("/koperasi/{coop_id:int}/ongkir")
async def rates_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    market.require_coop(actor, coop_id)
    rates = await orders.get_delivery_rates(coop_id)
    return page(request, "orders/rates.html", await _rates_ctx(actor, coop_id, {k: str(v) for k, v in rates.items()}))


@router.post("/koperasi/{coop_id:int}/ongkir", dependencies=[Depends(csrf_checked)])
async def save_rates(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """One fee per province; an empty field means the cooperative does not deliver there."""
    market.require_coop(actor, coop_id)
    form = await request.form()
    typed = {p: str(form.get(f"rate-{i}", "")).strip().replace(".", "") for i, p in enumerate(PROVINCES)}
    errors: dict[str, str] = {}
    rates: dict[str, int] = {}
    for i, (province, text) in enumerate(typed.items()):
        if not text:
            continue
        if not text.isdigit() or len(text) > 9:
            errors[f"rate-{i}"] = N_("Tulis ongkir dalam rupiah bulat, misalnya 15000")
        else:
            rates[province] = int(text)
    if not errors:
        try:
            await orders.set_delivery_rates(coop_id, rates, actor=actor)
        except DomainError as exc:
            errors[FORM] = exc.detail
    if errors:
        return page(request, "orders/rates.html", await _rates_ctx(actor, coop_id, typed, errors), status_code=422)
    flash(request, N_("Tarif ongkir disimpan."))
    return redirect(request, f"/koperasi/{coop_id}/ongkir")
