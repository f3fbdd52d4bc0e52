"""Payouts to bank accounts and e-wallets (reference §5): an Idempotency-key is required, the
balance must cover the amount, and the test-mode magic account numbers decide the outcome."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request

from payments.gateway import PAYOUT_CHANNELS, PAYOUT_EWALLET_CHANNELS, PAYOUT_MAX_IDR, PAYOUT_MIN_IDR
from payments.sandbox.protocol import (
    BUSINESS_ID,
    ApiError,
    amount_of,
    authorised,
    fingerprint,
    idempotent,
    json_body,
    now_iso,
    string_of,
)
from payments.sandbox.state import SandboxState

router = APIRouter()

# The test-mode magic account numbers of shared/reference/xendit.md §5 that fail a payout.
FAILING_ACCOUNTS = {
    "123456": "TEMPORARY_TRANSFER_ERROR",
    "999999": "REJECTED_BY_CHANNEL",
    "121212": "INVALID_DESTINATION",
}
STAYS_ACCEPTED = "131313"  # so it can be cancelled
REVERSED_ACCOUNT = "654321"  # succeeds, then is reversed


def _validated(body: dict[str, Any]) -> tuple[str, str, dict[str, Any], str, int]:
    """reference_id, channel, channel_properties, account number and amount, in the provider's order."""
    reference_id = string_of(body, "reference_id", max_len=255)
    channel = string_of(body, "channel_code", max_len=40)
    if channel not in PAYOUT_CHANNELS and channel not in PAYOUT_EWALLET_CHANNELS:
        raise ApiError(400, "CHANNEL_CODE_NOT_SUPPORTED", f"channel_code {channel} is not supported")
    props = body.get("channel_properties")
    if not isinstance(props, dict):
        raise ApiError(400, "API_VALIDATION_ERROR", "channel_properties is required")
    account = string_of(props, "account_number", max_len=40)
    if not account.isdigit():
        raise ApiError(400, "RECIPIENT_ACCOUNT_NUMBER_ERROR", "account_number must be digits")
    if body.get("currency") != "IDR":
        raise ApiError(400, "API_VALIDATION_ERROR", "currency must be IDR")
    amount = amount_of(body.get("amount"))
    if amount != body.get("amount"):
        raise ApiError(400, "AMOUNT_INCREMENT_NOT_SUPPORTED", "IDR payouts are whole rupiah")
    if amount < PAYOUT_MIN_IDR:
        raise ApiError(400, "MINIMUM_TRANSFER_LIMIT_ERROR", f"minimum is {PAYOUT_MIN_IDR}")
    if amount > PAYOUT_MAX_IDR:
        raise ApiError(400, "MAXIMUM_TRANSFER_LIMIT_ERROR", f"maximum is {PAYOUT_MAX_IDR}")
    return reference_id, channel, props, account, amount


def _settle(state: SandboxState, payout: dict[str, Any], account: str, enough: bool) -> None:
    """The payout's fate, by the balance and the magic account numbers."""
    if account == STAYS_ACCEPTED:
        return
    if not enough:
        state.set_payout_status(payout, "FAILED", "INSUFFICIENT_BALANCE")
    elif account in FAILING_ACCOUNTS:
        state.set_payout_status(payout, "FAILED", FAILING_ACCOUNTS[account])
    else:
        state.set_payout_status(payout, "SUCCEEDED")
        if account == REVERSED_ACCOUNT:
            state.set_payout_status(payout, "REVERSED")


@router.post("/v2/payouts")
async def create_payout(request: Request):
    state = authorised(request)
    key = request.headers.get("idempotency-key")
    if not key:
        raise ApiError(400, "API_VALIDATION_ERROR", "Idempotency-key header is required")
    body = await json_body(request)
    known = idempotent(state.payout_keys, key, body)
    if known:
        return state.payouts[known]
    reference_id, channel, props, account, amount = _validated(body)
    enough = state.balance() >= amount
    payout: dict[str, Any] = {
        "id": f"disb-{uuid.uuid4()}",
        "reference_id": reference_id,
        "business_id": BUSINESS_ID,
        "channel_code": channel,
        "channel_properties": props,
        "amount": amount,
        "currency": "IDR",
        "description": body.get("description") or "",
        "status": "ACCEPTED",
        "failure_code": None,
        "metadata": body.get("metadata"),
        "created": now_iso(),
        "updated": now_iso(),
        "estimated_arrival_time": (datetime.now(UTC) + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    state.payouts[payout["id"]] = payout
    state.payout_keys[key] = (payout["id"], fingerprint(body))
    answer = dict(payout)
    _settle(state, payout, account, enough)
    return answer


@router.get("/v2/payouts")
async def list_payouts(request: Request, reference_id: str):
    state = authorised(request)
    items = [p for p in state.payouts.values() if p["reference_id"] == reference_id]
    return {"data": items, "has_more": False, "links": []}


@router.get("/v2/payouts/{payout_id}")
async def get_payout(payout_id: str, request: Request):
    state = authorised(request)
    if payout_id not in state.payouts:
        raise ApiError(404, "DATA_NOT_FOUND", f"Payout {payout_id} not found")
    return state.payouts[payout_id]


@router.post("/v2/payouts/{payout_id}/cancel")
async def cancel_payout(payout_id: str, request: Request):
    state = authorised(request)
    payout = state.payouts.get(payout_id)
    if payout is None:
        raise ApiError(404, "DATA_NOT_FOUND", f"Payout {payout_id} not found")
    if payout["status"] != "ACCEPTED":
        raise ApiError(400, "PAYOUT_CANCELLATION_ERROR", "Only an ACCEPTED payout can be cancelled")
    payout["status"] = "CANCELLED"
    payout["updated"] = now_iso()
    return payout
