"""The handlers both counters share, told apart by the ``Counter`` their routes pass: the counter
(choose, check the number, pick a product), prepaid (confirm, then buy) and postpaid (look the bill
up, then pay it). The member's routes are in ``member``, the cashier's in ``cashier``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from market.errors import DomainError
from market.runtime import Runtime
from ppob import service
from ppob.service import screens
from ppob.service.screens import Counter
from web.forms import FORM, FormError, domain_errors, idempotency_key, new_idempotency_key
from web.i18n import N_
from web.pages.ppob.common import base_of, counter_again, read_form, receipt_url, return_url, screen_ctx, shown_price
from web.render import page, redirect

# The counter: choose, check the number, pick a product -------------------------------------


async def counter_page(
    request: Request, rt: Runtime, ctr: Counter, k: str | None, number: str, block: str | None = None
) -> Response:
    """The counter, or (as the number is typed) its ``check`` block only."""
    screen = await screens.counter_screen(service.link_of(rt), ctr, k, number[:40])
    return page(request, "ppob/counter.html", screen_ctx(screen, errors={}, key=new_idempotency_key()), block=block)


# Prepaid: confirm, then buy ------------------------------------------------------------------


async def confirm(request: Request, rt: Runtime, ctr: Counter) -> Response:
    values = await read_form(request)
    if not values["sku"]:
        return await counter_again(request, rt, ctr, values, {"sku": N_("Pilih produk")}, key=values["idempotency_key"])
    try:
        screen = await screens.confirm_screen(
            service.link_of(rt), ctr, values["k"], values["sku"], values["customer_no"]
        )
    except DomainError as exc:
        return await counter_again(
            request,
            rt,
            ctr,
            values,
            domain_errors(exc, ("customer_no", "sku"), default=FORM),
            sku=values["sku"],
            key=values["idempotency_key"],
        )
    return page(
        request,
        "ppob/confirm.html",
        screen_ctx(screen, errors={}, key=values["idempotency_key"] or new_idempotency_key()),
    )


async def buy(request: Request, rt: Runtime, ctr: Counter) -> Response:
    """Buy once per form key; the price the form carries must be the price charged now."""
    values, link = await read_form(request), service.link_of(rt)
    try:
        paid = await screens.buy(
            rt.gateway,
            link,
            ctr,
            sku=values["sku"],
            customer_no=values["customer_no"],
            pay_with=values["pay_with"],
            key=idempotency_key(values["idempotency_key"]),
            price=shown_price(values["price"]),
            return_url=return_url(request),
            pin=values["pin"] or None,
        )
    except (FormError, DomainError) as exc:
        errors = exc.errors if isinstance(exc, FormError) else domain_errors(exc, ("pin",), default=FORM)
        try:
            screen = await screens.confirm_screen(link, ctr, values["k"], values["sku"], values["customer_no"])
        except DomainError as again:
            errors = domain_errors(again, ("customer_no", "sku"), default=FORM)
            return await counter_again(request, rt, ctr, values, errors, sku=values["sku"])
        key = values["idempotency_key"] or new_idempotency_key()
        return page(request, "ppob/confirm.html", screen_ctx(screen, errors=errors, key=key), status_code=422)
    return redirect(request, paid.invoice_url or receipt_url(paid.txn_id))


# Postpaid: look the bill up, then pay it -----------------------------------------------------


async def inquire(request: Request, rt: Runtime, ctr: Counter) -> Response:
    values = await read_form(request)
    try:
        txn_id = await screens.inquire(service.link_of(rt), ctr, values["k"], values["customer_no"])
    except DomainError as exc:
        return await counter_again(
            request, rt, ctr, values, domain_errors(exc, ("customer_no",), default=FORM), key=values["idempotency_key"]
        )
    return redirect(request, f"{base_of(ctr)}/tagihan/{txn_id}?kunci={values['idempotency_key']}")


def _bill_ctx(screen: screens.BillScreen, key: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    return screen_ctx(screen, key=key if key and len(key) == 32 else new_idempotency_key(), errors=errors or {})


async def bill_page(request: Request, ctr: Counter, txn_id: int, kunci: str = "") -> Response:
    screen = await screens.bill_screen(ctr, txn_id)
    if not screen.payable:
        return redirect(request, receipt_url(txn_id))
    return page(request, "ppob/bill.html", _bill_ctx(screen, kunci))


async def pay(request: Request, rt: Runtime, ctr: Counter, txn_id: int) -> Response:
    values = await read_form(request)
    try:
        paid = await screens.pay(
            rt.gateway,
            service.link_of(rt),
            ctr,
            txn_id,
            pay_with=values["pay_with"],
            key=idempotency_key(values["idempotency_key"]),
            price=shown_price(values["price"]),
            return_url=return_url(request),
            pin=values["pin"] or None,
        )
    except (FormError, DomainError) as exc:
        errors = exc.errors if isinstance(exc, FormError) else domain_errors(exc, ("pin",), default=FORM)
        screen = await screens.bill_screen(ctr, txn_id)
        return page(request, "ppob/bill.html", _bill_ctx(screen, values["idempotency_key"], errors), status_code=422)
    return redirect(request, paid.invoice_url or receipt_url(paid.txn_id))
