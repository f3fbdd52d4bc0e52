"""Test controls under ``/_sandbox`` (same API key): pay, fail, expire or settle an invoice,
decide a held refund, list and release deliveries, wait for every delivery in flight, and
configure callbacks. ``deliver`` (now, twice, hold, drop) says how the resulting callback goes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from payments.sandbox.protocol import ApiError, authorised, json_body, methods_for, mode_of

router = APIRouter()


@router.post("/_sandbox/invoices/{invoice_id}/{action}")
async def control_invoice(invoice_id: str, action: str, request: Request):
    """pay (``method``), fail or expire an invoice; ``deliver``: now, twice, hold, drop."""
    state = authorised(request)
    body = await json_body(request)
    invoice = state.invoice_or_404(invoice_id)
    mode = mode_of(body)
    if action == "pay":
        method = body.get("method", "QRIS")
        if method not in methods_for(invoice["amount"]):
            raise ApiError(400, "API_VALIDATION_ERROR", f"method {method} cannot pay this amount")
        target = "PAID"
    elif action in ("fail", "expire"):
        target = "FAILED" if action == "fail" else "EXPIRED"
    elif action == "settle":
        if invoice["status"] != "PAID":
            raise ApiError(400, "INVALID_STATUS", "only a PAID invoice settles")
        return state.set_invoice_status(invoice, "SETTLED", mode=mode).out()
    else:
        raise ApiError(404, "DATA_NOT_FOUND", f"unknown action {action}")
    if invoice["status"] != "PENDING":
        raise ApiError(400, "INVALID_STATUS", f"invoice is {invoice['status']}")
    delivery = state.set_invoice_status(
        invoice,
        target,
        method=body.get("method", "QRIS") if target == "PAID" else "",
        failure_code="USER_DECLINED_PAYMENT" if target == "FAILED" else "",
        mode=mode,
    )
    return delivery.out()


@router.post("/_sandbox/refunds/{refund_id}/{action}")
async def control_refund(refund_id: str, action: str, request: Request):
    state = authorised(request)
    body = await json_body(request)
    refund = state.refunds.get(refund_id)
    if refund is None or action not in ("succeed", "fail") or refund["status"] != "PENDING":
        raise ApiError(400, "INVALID_STATUS", "refund not found or not PENDING")
    if action == "fail":
        state.invoices[refund["invoice_id"]]["_refunded"] -= refund["amount"]
        return state.set_refund_status(refund, "FAILED", "REFUND_FAILED", mode_of(body)).out()
    return state.set_refund_status(refund, "SUCCEEDED", mode=mode_of(body)).out()


@router.get("/_sandbox/deliveries")
async def list_deliveries(request: Request, object_id: str | None = None):
    state = authorised(request)
    return [d.out() for d in state.deliveries.values() if object_id in (None, d.object_id)]


@router.post("/_sandbox/deliveries/{delivery_id}/release")
async def release(delivery_id: int, request: Request):
    """Send a held (or dropped, or already sent) delivery now: late, again, or out of order."""
    state = authorised(request)
    delivery = state.deliveries.get(delivery_id)
    if delivery is None:
        raise ApiError(404, "DATA_NOT_FOUND", f"delivery {delivery_id} not found")
    state.start(delivery)
    return delivery.out()


@router.post("/_sandbox/deliveries/wait")
async def wait(request: Request):
    state = authorised(request)
    await state.drain()
    return {"in_flight": 0}


@router.post("/_sandbox/config")
async def configure(request: Request):
    """Set ``callback_url``, ``callback_token``, ``retry_delays``, ``default_mode``, ``refund_outcome``."""
    state = authorised(request)
    body = await json_body(request)
    if "callback_url" in body:
        state.callback_url = body["callback_url"]
    if "callback_token" in body:
        state.callback_token = str(body["callback_token"])
    if "retry_delays" in body:
        state.retry_delays = tuple(float(d) for d in body["retry_delays"])
    if "default_mode" in body:
        state.default_mode = mode_of({"deliver": body["default_mode"]}) or "now"
    if body.get("refund_outcome") in ("succeed", "fail", "hold"):
        state.refund_outcome = body["refund_outcome"]
    return {
        "callback_url": state.callback_url,
        "retry_delays": list(state.retry_delays),
        "default_mode": state.default_mode,
        "refund_outcome": state.refund_outcome,
    }
