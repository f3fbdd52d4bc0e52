"""The Xendit callback, after its token was verified: parse, store, apply once.

Invoices post the flat invoice object; refunds and payouts an envelope ``{event, data}``. Every
delivery is stored (``payments_callback``) with what it did: applied, duplicate, stale, noop,
mismatch, unknown or invalid. Unknown ids and malformed bodies are refused with a 4xx and change
nothing else.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from market import db

from payments.errors import CallbackInvalid, UnknownPayment
from payments.service.invoices import apply_invoice
from payments.service.payouts import apply_payout, payout_for
from payments.service.refunds import apply_refund, refund_for
from payments.xendit import invoice_from, payout_from, refund_from


async def _store(event: str, provider_id: str, status: str, outcome: str, body: str) -> None:
    await db.execute(
        "INSERT INTO payments_callback (event, provider_id, status, outcome, body, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        event[:60], provider_id[:64], status[:30], outcome, body[:20000], datetime.now(UTC),
    )


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value if isinstance(value, str) else ""


async def handle_callback(raw: bytes) -> str:
    """Apply one verified delivery; return its outcome, or raise a 4xx domain error."""
    text = raw.decode("utf-8", errors="replace")
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        await _store("", "", "", "invalid", text)
        raise CallbackInvalid("Badan callback bukan objek JSON")
    if isinstance(body.get("event"), str) and isinstance(body.get("data"), dict):
        return await _envelope(body["event"], body["data"], text)
    invoice_id, status = _text(body, "id"), _text(body, "status")
    amount = body.get("amount")
    if not invoice_id or not status or isinstance(amount, bool) or not isinstance(amount, int | float | str):
        await _store("invoice", invoice_id, status, "invalid", text)
        raise CallbackInvalid("Callback invoice harus berisi id, status dan amount")
    info = invoice_from(body)
    delivery = {"event": "invoice", "body": text}
    try:
        applied = await apply_invoice(info, source="callback", delivery=delivery)
    except UnknownPayment:
        await _store("invoice", invoice_id, status, "unknown", text)
        raise
    if applied.outcome == "mismatch":
        raise CallbackInvalid("Jumlah pada callback tidak sama dengan jumlah pembayaran", field="amount")
    return applied.outcome


async def _envelope(event: str, data: dict[str, Any], text: str) -> str:
    object_id, status = _text(data, "id"), _text(data, "status").upper()
    if event.startswith("refund."):
        refund = await refund_for(refund_from(data))
        if refund is None:
            await _store(event, object_id, status, "unknown", text)
            raise UnknownPayment(f"Refund {object_id} tidak dikenal")
        outcome = await apply_refund(refund, status, failure_code=_text(data, "failure_code"))
    elif event.startswith("payout."):
        payout = await payout_for(payout_from(data))
        if payout is None:
            await _store(event, object_id, status, "unknown", text)
            raise UnknownPayment(f"Pencairan {object_id} tidak dikenal")
        outcome = await apply_payout(payout, status, failure_code=_text(data, "failure_code"))
    else:
        outcome = "ignored"  # Payments API events: we take payments through invoices
    await _store(event, object_id, status, outcome, text)
    return outcome
