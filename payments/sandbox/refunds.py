"""Refunds of paid invoices (reference §4): created PENDING, then SUCCEEDED or FAILED as the
sandbox's ``refund_outcome`` says (``hold``: until a test control decides)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request

from payments.gateway import REFUND_REASONS
from payments.sandbox.protocol import (
    METHODS,
    ApiError,
    amount_of,
    authorised,
    fingerprint,
    idempotent,
    json_body,
    now_iso,
)
from payments.sandbox.state import SandboxState

router = APIRouter()


def _refundable(state: SandboxState, body: dict[str, Any]) -> tuple[dict[str, Any], str, int]:
    """The invoice, reason and amount of a refund request, checked in the provider's order."""
    reason = body.get("reason")
    if reason not in REFUND_REASONS:
        raise ApiError(400, "API_VALIDATION_ERROR", f"reason must be one of {', '.join(REFUND_REASONS)}")
    invoice_id = body.get("invoice_id") or body.get("payment_request_id")
    if not isinstance(invoice_id, str) or not invoice_id:
        raise ApiError(400, "API_VALIDATION_ERROR", "invoice_id or payment_request_id is required")
    invoice = state.invoices.get(invoice_id)
    if invoice is None:
        raise ApiError(404, "DATA_NOT_FOUND", f"Payment {invoice_id} not found")
    if invoice["status"] not in ("PAID", "SETTLED"):
        raise ApiError(400, "INELIGIBLE_TRANSACTION_STATUS", "Only a paid invoice can be refunded")
    if not METHODS[invoice["payment_channel"]][4]:
        raise ApiError(403, "REFUND_NOT_SUPPORTED", f"{invoice['payment_channel']} payments cannot be refunded")
    remaining = invoice["paid_amount"] - invoice["_refunded"]
    amount = remaining if body.get("amount") is None else amount_of(body["amount"])
    if amount <= 0:
        raise ApiError(400, "INVALID_VALUE_ERROR", "amount must be greater than 0")
    if amount > remaining:
        raise ApiError(400, "REFUND_AMOUNT_EXCEEDED", f"amount exceeds the refundable {remaining}")
    return invoice, reason, amount


@router.post("/refunds")
async def create_refund(request: Request):
    state = authorised(request)
    body = await json_body(request)
    key = request.headers.get("idempotency-key")
    known = idempotent(state.refund_keys, key, body)
    if known:
        return state.refunds[known]
    invoice, reason, amount = _refundable(state, body)
    invoice["_refunded"] += amount
    refund = {
        "id": f"rfd-{uuid.uuid4()}",
        "invoice_id": invoice["id"],
        "payment_id": invoice.get("payment_id"),
        "payment_request_id": None,
        "reference_id": body.get("reference_id") or "",
        "amount": amount,
        "currency": "IDR",
        "reason": reason,
        "status": "PENDING",
        "channel_code": invoice["payment_channel"],
        "payment_method_type": invoice["payment_method"],
        "country": "ID",
        "refund_fee_amount": 0,
        "failure_code": None,
        "metadata": body.get("metadata"),
        "created": now_iso(),
        "updated": now_iso(),
    }
    state.refunds[refund["id"]] = refund
    if key:
        state.refund_keys[key] = (refund["id"], fingerprint(body))
    answer = dict(refund)
    if state.refund_outcome == "succeed":
        state.set_refund_status(refund, "SUCCEEDED")
    elif state.refund_outcome == "fail":
        invoice["_refunded"] -= amount
        state.set_refund_status(refund, "FAILED", "REFUND_FAILED")
    return answer


@router.get("/refunds/{refund_id}")
async def get_refund(refund_id: str, request: Request):
    state = authorised(request)
    if refund_id not in state.refunds:
        raise ApiError(404, "DATA_NOT_FOUND", f"Refund {refund_id} not found")
    return state.refunds[refund_id]
