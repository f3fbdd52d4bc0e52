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
from payments.xendit import invoice_from, payout_from, refund_from, whole_rupiah


async def _store(event: str, provider_id: str, status: str, outcome: str, body: str) -> None:
    await db.execute(
        "INSERT INTO payments_callback (event, provider_id, status, outcome, body, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        event[:60],
        provider_id[:64],
        status[:30],
        outcome,
        body[:20000],
        datetime.now(UTC),
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
    if not invoice_id or not status:
        await _store("invoice", invoice_id, status, "invalid", text)
        raise CallbackInvalid("Callback invoice harus berisi id, status dan amount")
    if whole_rupiah(amount) is None:
        await _store("invoice", invoice_id, status, "invalid", text)
        raise CallbackInvalid(f"Jumlah {amount!r} bukan rupiah bulat", field="amount")
    info = invoice_from(body)
    delivery = {"event": "invoice", "body": text}
    try:
        applied = await apply_invoice(info, source="callback", delivery=delivery)
    except UnknownPayment:
        await _store("invoice", invoice_id, status, "unknown", text)
        raise
    if applied.outcome == "mismatch":
        raise CallbackInvalid(f"Callback ditolak: {applied.reason}", field=applied.field)
    return applied.outcome


def _envelope_disagreement(data: dict[str, Any], amount: int) -> tuple[str, str] | None:
    """A refund's or payout's news must name our amount in whole rupiah, in IDR."""
    if "amount" in data and whole_rupiah(data["amount"]) != amount:
        return "amount", f"jumlah {data['amount']!r} ≠ {amount}"
    if data.get("currency") not in (None, "IDR"):
        return "currency", f"mata uang {data['currency']!r} bukan IDR"
    return None


async def _refuse(event: str, object_id: str, status: str, text: str, found: tuple[str, str]) -> None:
    await _store(event, object_id, status, "mismatch", text)
    raise CallbackInvalid(f"Callback ditolak: {found[1]}", field=found[0])


async def _envelope(event: str, data: dict[str, Any], text: str) -> str:
    object_id, status = _text(data, "id"), _text(data, "status").upper()
    if event.startswith("refund."):
        refund = await refund_for(refund_from(data))
        if refund is None:
            await _store(event, object_id, status, "unknown", text)
            raise UnknownPayment(f"Refund {object_id} tidak dikenal")
        if (found := _envelope_disagreement(data, refund.amount)) is not None:
            await _refuse(event, object_id, status, text, found)
        outcome = await apply_refund(refund, status, failure_code=_text(data, "failure_code"))
    elif event.startswith("payout."):
        payout = await payout_for(payout_from(data))
        if payout is None:
            await _store(event, object_id, status, "unknown", text)
            raise UnknownPayment(f"Pencairan {object_id} tidak dikenal")
        if (found := _envelope_disagreement(data, payout.amount)) is not None:
            await _refuse(event, object_id, status, text, found)
        outcome = await apply_payout(payout, status, failure_code=_text(data, "failure_code"))
    else:
        outcome = "ignored"  # Payments API events: we take payments through invoices
    await _store(event, object_id, status, outcome, text)
    return outcome
