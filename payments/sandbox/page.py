"""The hosted invoice page (``/web/invoices/{id}``): a person picks a method and presses Bayar,
Gagal or Kedaluwarsa, and is sent back to the shop's redirect URL. No API key: it is public."""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from payments.sandbox.protocol import METHODS, base_url, methods_for, sandbox_of

router = APIRouter()

NOT_FOUND = "<h1>Tagihan tidak ditemukan</h1>"
STATUS_TEXT = {
    "PENDING": "Menunggu pembayaran",
    "PAID": "Lunas",
    "SETTLED": "Lunas",
    "EXPIRED": "Kedaluwarsa",
    "FAILED": "Gagal",
}


@router.get("/web/invoices/{invoice_id}", response_class=HTMLResponse)
async def invoice_page(invoice_id: str, request: Request):
    state = sandbox_of(request)
    invoice = state.invoices.get(invoice_id)
    if invoice is None:
        return HTMLResponse(NOT_FOUND, status_code=404)
    state.expire_due(invoice)
    return HTMLResponse(invoice_html(invoice, base_url(request)))


@router.post("/web/invoices/{invoice_id}/{action}")
async def invoice_action(invoice_id: str, action: str, request: Request):
    state = sandbox_of(request)
    invoice = state.invoices.get(invoice_id)
    if invoice is None:
        return HTMLResponse(NOT_FOUND, status_code=404)
    state.expire_due(invoice)
    form = await request.form()
    base = base_url(request)
    if invoice["status"] != "PENDING":
        return HTMLResponse(invoice_html(invoice, base), status_code=409)
    if action == "pay":
        method = str(form.get("method", ""))
        if method not in methods_for(invoice["amount"]):
            return HTMLResponse(invoice_html(invoice, base, "Pilih metode pembayaran"), status_code=422)
        state.set_invoice_status(invoice, "PAID", method=method)
        target = invoice.get("success_redirect_url")
    elif action == "fail":
        state.set_invoice_status(invoice, "FAILED", failure_code="USER_DECLINED_PAYMENT")
        target = invoice.get("failure_redirect_url")
    elif action == "expire":
        state.set_invoice_status(invoice, "EXPIRED")
        target = invoice.get("failure_redirect_url")
    else:
        return HTMLResponse("<h1>Aksi tidak dikenal</h1>", status_code=404)
    return RedirectResponse(target or f"{base}/web/invoices/{invoice_id}", status_code=303)


def _controls(invoice: dict[str, Any], action: str, amount: str) -> str:
    """The method choice and the three buttons of an open invoice; a way back once it is closed."""
    esc = html.escape
    if invoice["status"] == "PENDING":
        options = "".join(
            f'<label class="method"><input type="radio" name="method" value="{code}"'
            f"{' checked' if i == 0 else ''}> {esc(METHODS[code][1])}</label>"
            for i, code in enumerate(methods_for(invoice["amount"]))
        )
        return (
            f'<form method="post" action="{action}/pay"><fieldset><legend>Pilih metode pembayaran</legend>'
            f'{options}</fieldset><button type="submit" id="pay">Bayar {amount}</button></form>'
            f'<form method="post" action="{action}/fail"><button type="submit" id="fail">Gagal</button></form>'
            f'<form method="post" action="{action}/expire"><button type="submit" id="expire">Kedaluwarsa</button></form>'
        )
    back = (
        invoice.get("success_redirect_url")
        if invoice["status"] in ("PAID", "SETTLED")
        else invoice.get("failure_redirect_url")
    )
    return f'<p><a href="{esc(back)}">Kembali ke toko</a></p>' if back else ""


def invoice_html(invoice: dict[str, Any], base: str, message: str = "") -> str:
    esc = html.escape
    amount = f"Rp {invoice['amount']:,}".replace(",", ".")
    status_text = STATUS_TEXT.get(invoice["status"], invoice["status"])
    body = _controls(invoice, f"{base}/web/invoices/{esc(invoice['id'])}", amount)
    note = f'<p class="error" role="alert">{esc(message)}</p>' if message else ""
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Tagihan {esc(invoice['external_id'])} — Xendit sandbox</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}"
        ".method{display:block;padding:.4rem 0}button{margin:.5rem .5rem 0 0;padding:.5rem 1rem}"
        ".banner{background:#fff3cd;padding:.5rem;border-radius:4px}.error{color:#b00020}</style></head><body>"
        '<p class="banner">Mode uji (sandbox Xendit) — tidak ada uang sungguhan.</p>'
        f"<h1>{esc(invoice['merchant_name'])}</h1>"
        f"<p>{esc(invoice.get('description') or '')}</p>"
        f'<p>Jumlah: <strong id="amount">{amount}</strong></p>'
        f'<p>Status: <strong id="status">{esc(status_text)}</strong></p>'
        f"{note}{body}</body></html>"
    )
