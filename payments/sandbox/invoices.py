"""Invoices: create (idempotent), list by external id, read, and expire (reference §2)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request

from payments.gateway import INVOICE_MAX_IDR, INVOICE_MIN_IDR
from payments.sandbox.protocol import (
    BUSINESS_ID,
    METHODS,
    ApiError,
    amount_of,
    authorised,
    base_url,
    fingerprint,
    idempotent,
    json_body,
    now_iso,
    string_of,
)

router = APIRouter()


def _validated(body: dict[str, Any]) -> tuple[str, int, int]:
    """external_id, amount and duration (seconds) of a new invoice, checked in the provider's order."""
    external_id = string_of(body, "external_id", max_len=255)
    amount = amount_of(body.get("amount"))
    if amount < INVOICE_MIN_IDR or amount > INVOICE_MAX_IDR:
        raise ApiError(400, "API_VALIDATION_ERROR", f"amount must be between {INVOICE_MIN_IDR} and {INVOICE_MAX_IDR}")
    currency = body.get("currency", "IDR")
    if currency != "IDR":
        raise ApiError(400, "UNSUPPORTED_CURRENCY", "currency must be IDR")
    duration = body.get("invoice_duration", 86400)
    if isinstance(duration, bool) or not isinstance(duration, int | float) or not 1 <= duration <= 31_536_000:
        raise ApiError(400, "API_VALIDATION_ERROR", "invoice_duration must be 1-31536000 seconds")
    for name in ("success_redirect_url", "failure_redirect_url", "description"):
        if name in body:
            string_of(body, name, required=False, max_len=2000)
    return external_id, amount, int(duration)


def _channels(amount: int) -> dict[str, Any]:
    """The invoice's ``available_*`` lists: the channels that can pay *amount*."""

    def fits(kind: str) -> list[str]:
        return [c for c, m in METHODS.items() if m[0] == kind and m[2] <= amount <= m[3]]

    return {
        "available_banks": [
            {
                "bank_code": c,
                "collection_type": "POOL",
                "transfer_amount": amount,
                "bank_branch": "Virtual Account",
                "account_holder_name": "PASAR KOPERASI",
            }
            for c in fits("BANK_TRANSFER")
        ],
        "available_retail_outlets": [{"retail_outlet_name": c} for c in fits("RETAIL_OUTLET")],
        "available_ewallets": [{"ewallet_type": c} for c in fits("EWALLET")],
        "available_qr_codes": [{"qr_code_type": "QRIS"}] if amount <= METHODS["QRIS"][3] else [],
    }


def _new_invoice(body: dict[str, Any], external_id: str, amount: int, duration: int, base: str) -> dict[str, Any]:
    invoice_id = secrets.token_hex(12)
    created = datetime.now(UTC)
    expires = created + timedelta(seconds=duration)
    return {
        "id": invoice_id,
        "external_id": external_id,
        "user_id": BUSINESS_ID,
        "status": "PENDING",
        "merchant_name": "Pasar Koperasi (sandbox)",
        "merchant_profile_picture_url": "",
        "amount": amount,
        "description": body.get("description") or "",
        "currency": "IDR",
        "expiry_date": expires.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "invoice_url": f"{base}/web/invoices/{invoice_id}",
        **_channels(amount),
        "should_send_email": False,
        "created": now_iso(),
        "updated": now_iso(),
        "success_redirect_url": body.get("success_redirect_url"),
        "failure_redirect_url": body.get("failure_redirect_url"),
        "metadata": body.get("metadata"),
        "_expires": expires,
        "_refunded": 0,
    }


@router.post("/v2/invoices")
@router.post("/v2/invoices/")
async def create_invoice(request: Request):
    state = authorised(request)
    body = await json_body(request)
    key = request.headers.get("idempotency-key")
    known = idempotent(state.invoice_keys, key, body)
    if known:
        return state.public_invoice(state.invoices[known])
    invoice = _new_invoice(body, *_validated(body), base=base_url(request))
    state.invoices[invoice["id"]] = invoice
    if key:
        state.invoice_keys[key] = (invoice["id"], fingerprint(body))
    return state.public_invoice(invoice)


@router.get("/v2/invoices")
async def list_invoices(request: Request, external_id: str | None = None, limit: int = 10):
    state = authorised(request)
    found = [i for i in state.invoices.values() if external_id is None or i["external_id"] == external_id]
    for invoice in found:
        state.expire_due(invoice)
    return [state.public_invoice(i) for i in found[-limit:]]


@router.get("/v2/invoices/{invoice_id}")
async def get_invoice(invoice_id: str, request: Request):
    state = authorised(request)
    return state.public_invoice(state.invoice_or_404(invoice_id))


@router.post("/invoices/{invoice_id}/expire!")
async def expire_invoice(invoice_id: str, request: Request):
    state = authorised(request)
    invoice = state.invoice_or_404(invoice_id)
    if invoice["status"] in ("PAID", "SETTLED"):
        raise ApiError(400, "INVOICE_ALREADY_PAID_ERROR", "A paid invoice cannot be expired")
    if invoice["status"] == "PENDING":
        state.set_invoice_status(invoice, "EXPIRED")
    return state.public_invoice(invoice)
