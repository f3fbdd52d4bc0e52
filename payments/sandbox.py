"""A Xendit-protocol sandbox: a real HTTP server speaking the subset of Xendit we use.

Same paths, HTTP Basic auth with a secret key, request validation, status values and error
bodies (``{"error_code", "message"}``) as shared/reference/xendit.md, so the production adapter
cannot tell it from the provider. It hosts an invoice page (``/web/invoices/{id}``) where a
person picks a method and presses Bayar, Gagal or Kedaluwarsa; each state change is sent to the
configured callback URL with ``x-callback-token``, retried on non-2xx like the provider (its
schedule scaled down).

Test controls under ``/_sandbox`` (same API key) deliver a callback twice, hold it to release
later (late or out of order) or drop it; and ``/_sandbox/deliveries/wait`` returns once every
delivery in flight has finished, so tests never sleep. State lives in memory: one sandbox
process, as in the embedded default (``FAILED`` invoices are a sandbox extension: the provider's
hosted page leaves a declined attempt open).
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import html
import itertools
import json
import logging
import secrets
import ssl
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from payments.gateway import INVOICE_MAX_IDR, INVOICE_MIN_IDR, PAYOUT_CHANNELS, PAYOUT_MAX_IDR, PAYOUT_MIN_IDR, REFUND_REASONS

log = logging.getLogger(__name__)

DEFAULT_SECRET_KEY = "xnd_development_sandbox_key"
DEFAULT_CALLBACK_TOKEN = "sandbox-callback-token"
# The provider retries at +15 m, +1 h, +3 h, +6 h, +12 h, +24 h; scaled down 900×.
DEFAULT_RETRY_DELAYS = (1.0, 4.0, 12.0, 24.0, 48.0, 96.0)
# One TLS context for every callback client: building one per delivery costs milliseconds of CPU.
TLS = ssl.create_default_context()
BUSINESS_ID = "5f27a14a9bf05c73dd040bc8"

# Methods on the hosted page: code -> (invoice payment_method, label, min, max, refundable).
METHODS: dict[str, tuple[str, str, int, int, bool]] = {
    "BCA": ("BANK_TRANSFER", "Virtual Account BCA", 10_000, 50_000_000, False),
    "BRI": ("BANK_TRANSFER", "Virtual Account BRI", 1, 50_000_000_000, False),
    "BNI": ("BANK_TRANSFER", "Virtual Account BNI", 1, 50_000_000_000, False),
    "MANDIRI": ("BANK_TRANSFER", "Virtual Account Mandiri", 1, 50_000_000_000, False),
    "QRIS": ("QR_CODE", "QRIS", 1, 10_000_000, True),
    "OVO": ("EWALLET", "OVO", 100, 20_000_000, True),
    "DANA": ("EWALLET", "DANA", 100, 20_000_000, True),
    "SHOPEEPAY": ("EWALLET", "ShopeePay", 1, 20_000_000, True),
    "ALFAMART": ("RETAIL_OUTLET", "Alfamart", 10_000, 5_000_000, False),
}
DELIVERY_MODES = ("now", "twice", "hold", "drop")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error_code": code, "message": message}, status_code=status)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _amount(value: Any, *, name: str = "amount") -> int:
    """A whole, positive number. IDR decimals are truncated as the provider does."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError(400, "API_VALIDATION_ERROR", f"{name} must be a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise ApiError(400, "API_VALIDATION_ERROR", f"{name} must be a number")
    return int(value)


def _str(body: dict[str, Any], name: str, *, required: bool = True, max_len: int = 1000) -> str:
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "API_VALIDATION_ERROR", f"{name} is required")
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > max_len:
        raise ApiError(400, "API_VALIDATION_ERROR", f"{name} must be a string of 1-{max_len} characters")
    return value


@dataclass
class Delivery:
    id: int
    kind: str  # invoice, refund, payout
    object_id: str
    status: str
    payload: dict[str, Any]
    state: str = "pending"  # pending, held, delivering, delivered, failed, dropped
    attempts: list[int] = field(default_factory=list)  # HTTP status per attempt (0 = no answer)


@dataclass
class SandboxState:
    secret_key: str = DEFAULT_SECRET_KEY
    callback_url: str | None = None
    callback_token: str = DEFAULT_CALLBACK_TOKEN
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    start_balance: int = 10_000_000_000
    # Where callbacks go: real HTTP by default; tests may give an ASGI transport.
    callback_transport: httpx.AsyncBaseTransport | None = None
    # How each new state change is delivered unless a control says otherwise.
    default_mode: str = "now"
    refund_outcome: str = "succeed"  # succeed, fail, hold
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    invoice_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    refund_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    payouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    payout_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    deliveries: dict[int, Delivery] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _tasks: set[asyncio.Task] = field(default_factory=set)

    # Money the merchant holds at the provider.
    def balance(self) -> int:
        paid = sum(i.get("paid_amount", 0) for i in self.invoices.values() if i["status"] in ("PAID", "SETTLED"))
        refunded = sum(r["amount"] for r in self.refunds.values() if r["status"] in ("PENDING", "SUCCEEDED"))
        paid_out = sum(
            p["amount"] for p in self.payouts.values() if p["status"] in ("ACCEPTED", "REQUESTED", "SUCCEEDED")
        )
        return self.start_balance + paid - refunded - paid_out

    # Invoices ---------------------------------------------------------------------------------

    def expire_due(self, invoice: dict[str, Any]) -> None:
        """An invoice past its expiry date expires the moment anyone looks (and says so)."""
        if invoice["status"] == "PENDING" and datetime.now(UTC) >= invoice["_expires"]:
            self.set_invoice_status(invoice, "EXPIRED")

    def set_invoice_status(self, invoice: dict[str, Any], status: str, *, method: str = "",
                           failure_code: str = "", mode: str | None = None) -> Delivery:
        invoice["status"] = status
        invoice["updated"] = now_iso()
        if status == "PAID":
            kind, _, _, _, _ = METHODS[method]
            invoice.update(
                paid_amount=invoice["amount"], paid_at=invoice["updated"], payment_method=kind,
                payment_channel=method, bank_code=method if kind == "BANK_TRANSFER" else None,
                ewallet_type=method if kind == "EWALLET" else None,
                payment_destination=f"8808{secrets.randbelow(10**10):010d}" if kind == "BANK_TRANSFER" else "",
                payment_id=f"py-{uuid.uuid4()}",
            )
        if failure_code:
            invoice["failure_code"] = failure_code
        return self.emit("invoice", invoice["id"], status, self.invoice_callback(invoice), mode)

    def invoice_callback(self, invoice: dict[str, Any]) -> dict[str, Any]:
        """The flat invoice object Xendit posts on payment and on expiry."""
        keys = ("id", "external_id", "user_id", "status", "merchant_name", "amount", "description",
                "currency", "created", "updated", "payer_email", "paid_amount", "paid_at",
                "payment_method", "payment_channel", "payment_destination", "bank_code",
                "ewallet_type", "payment_id", "failure_code", "metadata")
        return {k: invoice[k] for k in keys if invoice.get(k) is not None}

    def public_invoice(self, invoice: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in invoice.items() if not k.startswith("_")}

    # Deliveries -------------------------------------------------------------------------------

    def emit(self, kind: str, object_id: str, status: str, payload: dict[str, Any], mode: str | None) -> Delivery:
        mode = mode or self.default_mode
        delivery = Delivery(next(self._ids), kind, object_id, status, payload)
        self.deliveries[delivery.id] = delivery
        if mode == "drop":
            delivery.state = "dropped"
        elif mode == "hold":
            delivery.state = "held"
        else:
            self.start(delivery)
            if mode == "twice":
                self.start(delivery)
        return delivery

    def start(self, delivery: Delivery) -> None:
        delivery.state = "delivering"
        task = asyncio.get_running_loop().create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, delivery: Delivery) -> None:
        if not self.callback_url:
            delivery.state = "failed"
            return
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        headers = {"content-type": "application/json", "x-callback-token": self.callback_token,
                   "webhook-id": f"wh-{delivery.id}"}
        async with httpx.AsyncClient(transport=self.callback_transport, timeout=30, verify=TLS) as client:
            for delay in (0.0, *self.retry_delays):
                if delay:
                    await asyncio.sleep(delay)
                try:
                    response = await client.post(self.callback_url, content=body, headers=headers)
                    delivery.attempts.append(response.status_code)
                    if 200 <= response.status_code < 300:
                        delivery.state = "delivered"
                        return
                except httpx.HTTPError:
                    delivery.attempts.append(0)
        delivery.state = "failed"

    async def drain(self) -> None:
        """Wait until no delivery is in flight (retries included)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def envelope(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"event": event, "business_id": BUSINESS_ID, "created": now_iso(), "data": data}


def _check_auth(state: SandboxState, request: Request) -> None:
    header = request.headers.get("authorization", "")
    key = ""
    if header.lower().startswith("basic "):
        try:
            key = base64.b64decode(header[6:].strip()).decode().split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            key = ""
    if not key or not hmac.compare_digest(key.encode(), state.secret_key.encode()):
        raise ApiError(401, "INVALID_API_KEY", "API key is invalid")


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw or b"null")
    except ValueError:
        raise ApiError(400, "API_VALIDATION_ERROR", "Request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "API_VALIDATION_ERROR", "Request body must be a JSON object")
    return body


def _idempotent(keys: dict[str, tuple[str, str]], key: str | None, body: dict[str, Any]) -> str | None:
    """The object id already made with *key* for this same body; 409 for another body."""
    if not key:
        return None
    fingerprint = json.dumps(body, sort_keys=True)
    if key in keys:
        object_id, seen = keys[key]
        if seen != fingerprint:
            raise ApiError(409, "DUPLICATE_ERROR", "Idempotency key was already used with a different request")
        return object_id
    return None


def create_sandbox(state: SandboxState | None = None) -> FastAPI:
    """The sandbox as an ASGI app: mount it (``/sandbox/xendit``) or serve it alone."""
    state = state or SandboxState()
    api = FastAPI(title="Xendit sandbox", docs_url=None, redoc_url=None, openapi_url=None)
    api.state.sandbox = state

    @api.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error(exc.status, exc.code, exc.message)

    def base(request: Request) -> str:
        """The sandbox's own public URL, under whatever path it is mounted."""
        url = str(request.base_url).rstrip("/")
        root = request.scope.get("root_path", "").rstrip("/")
        return url if url.endswith(root) else url + root

    def invoice_or_404(invoice_id: str) -> dict[str, Any]:
        invoice = state.invoices.get(invoice_id)
        if invoice is None:
            raise ApiError(404, "INVOICE_NOT_FOUND_ERROR", f"Invoice {invoice_id} not found")
        state.expire_due(invoice)
        return invoice

    # Invoices ---------------------------------------------------------------------------------

    @api.post("/v2/invoices")
    @api.post("/v2/invoices/")
    async def create_invoice(request: Request):
        _check_auth(state, request)
        body = await _json_body(request)
        known = _idempotent(state.invoice_keys, request.headers.get("idempotency-key"), body)
        if known:
            return state.public_invoice(state.invoices[known])
        external_id = _str(body, "external_id", max_len=255)
        amount = _amount(body.get("amount"))
        if amount < INVOICE_MIN_IDR or amount > INVOICE_MAX_IDR:
            raise ApiError(400, "API_VALIDATION_ERROR",
                           f"amount must be between {INVOICE_MIN_IDR} and {INVOICE_MAX_IDR}")
        currency = body.get("currency", "IDR")
        if currency != "IDR":
            raise ApiError(400, "UNSUPPORTED_CURRENCY", "currency must be IDR")
        duration = body.get("invoice_duration", 86400)
        if isinstance(duration, bool) or not isinstance(duration, int | float) or not 1 <= duration <= 31_536_000:
            raise ApiError(400, "API_VALIDATION_ERROR", "invoice_duration must be 1-31536000 seconds")
        for name in ("success_redirect_url", "failure_redirect_url", "description"):
            if name in body:
                _str(body, name, required=False, max_len=2000)
        invoice_id = secrets.token_hex(12)
        created = datetime.now(UTC)
        expires = created + timedelta(seconds=int(duration))
        invoice = {
            "id": invoice_id, "external_id": external_id, "user_id": BUSINESS_ID, "status": "PENDING",
            "merchant_name": "Pasar Koperasi (sandbox)", "merchant_profile_picture_url": "",
            "amount": amount, "description": body.get("description") or "", "currency": "IDR",
            "expiry_date": expires.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "invoice_url": f"{base(request)}/web/invoices/{invoice_id}",
            "available_banks": [
                {"bank_code": c, "collection_type": "POOL", "transfer_amount": amount,
                 "bank_branch": "Virtual Account", "account_holder_name": "PASAR KOPERASI"}
                for c, m in METHODS.items() if m[0] == "BANK_TRANSFER" and m[2] <= amount <= m[3]
            ],
            "available_retail_outlets": [{"retail_outlet_name": c} for c, m in METHODS.items()
                                         if m[0] == "RETAIL_OUTLET" and m[2] <= amount <= m[3]],
            "available_ewallets": [{"ewallet_type": c} for c, m in METHODS.items()
                                   if m[0] == "EWALLET" and m[2] <= amount <= m[3]],
            "available_qr_codes": [{"qr_code_type": "QRIS"}] if amount <= METHODS["QRIS"][3] else [],
            "should_send_email": False, "created": now_iso(), "updated": now_iso(),
            "success_redirect_url": body.get("success_redirect_url"),
            "failure_redirect_url": body.get("failure_redirect_url"),
            "metadata": body.get("metadata"), "_expires": expires, "_refunded": 0,
        }
        state.invoices[invoice_id] = invoice
        if request.headers.get("idempotency-key"):
            state.invoice_keys[request.headers["idempotency-key"]] = (invoice_id, json.dumps(body, sort_keys=True))
        return state.public_invoice(invoice)

    @api.get("/v2/invoices")
    async def list_invoices(request: Request, external_id: str | None = None, limit: int = 10):
        _check_auth(state, request)
        found = [i for i in state.invoices.values() if external_id is None or i["external_id"] == external_id]
        for invoice in found:
            state.expire_due(invoice)
        return [state.public_invoice(i) for i in found[-limit:]]

    @api.get("/v2/invoices/{invoice_id}")
    async def get_invoice(invoice_id: str, request: Request):
        _check_auth(state, request)
        return state.public_invoice(invoice_or_404(invoice_id))

    @api.post("/invoices/{invoice_id}/expire!")
    async def expire_invoice(invoice_id: str, request: Request):
        _check_auth(state, request)
        invoice = invoice_or_404(invoice_id)
        if invoice["status"] in ("PAID", "SETTLED"):
            raise ApiError(400, "INVOICE_ALREADY_PAID_ERROR", "A paid invoice cannot be expired")
        if invoice["status"] == "PENDING":
            state.set_invoice_status(invoice, "EXPIRED")
        return state.public_invoice(invoice)

    # The hosted invoice page ------------------------------------------------------------------

    @api.get("/web/invoices/{invoice_id}", response_class=HTMLResponse)
    async def invoice_page(invoice_id: str, request: Request):
        invoice = state.invoices.get(invoice_id)
        if invoice is None:
            return HTMLResponse("<h1>Tagihan tidak ditemukan</h1>", status_code=404)
        state.expire_due(invoice)
        return HTMLResponse(_invoice_html(invoice, base(request)))

    @api.post("/web/invoices/{invoice_id}/{action}")
    async def invoice_action(invoice_id: str, action: str, request: Request):
        invoice = state.invoices.get(invoice_id)
        if invoice is None:
            return HTMLResponse("<h1>Tagihan tidak ditemukan</h1>", status_code=404)
        state.expire_due(invoice)
        form = await request.form()
        if invoice["status"] != "PENDING":
            return HTMLResponse(_invoice_html(invoice, base(request)), status_code=409)
        if action == "pay":
            method = str(form.get("method", ""))
            if method not in _methods_for(invoice["amount"]):
                return HTMLResponse(_invoice_html(invoice, base(request), "Pilih metode pembayaran"), status_code=422)
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
        return RedirectResponse(target or f"{base(request)}/web/invoices/{invoice_id}", status_code=303)

    # Refunds ----------------------------------------------------------------------------------

    def refund_event(refund: dict[str, Any], status: str, failure_code: str = "", mode: str | None = None):
        refund["status"] = status
        refund["updated"] = now_iso()
        if failure_code:
            refund["failure_code"] = failure_code
        event = "refund.succeeded" if status == "SUCCEEDED" else "refund.failed"
        return state.emit("refund", refund["id"], status, state.envelope(event, dict(refund)), mode)

    @api.post("/refunds")
    async def create_refund(request: Request):
        _check_auth(state, request)
        body = await _json_body(request)
        key = request.headers.get("idempotency-key")
        known = _idempotent(state.refund_keys, key, body)
        if known:
            return state.refunds[known]
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
        amount = remaining if body.get("amount") is None else _amount(body["amount"])
        if amount <= 0:
            raise ApiError(400, "INVALID_VALUE_ERROR", "amount must be greater than 0")
        if amount > remaining:
            raise ApiError(400, "REFUND_AMOUNT_EXCEEDED", f"amount exceeds the refundable {remaining}")
        invoice["_refunded"] += amount
        refund = {
            "id": f"rfd-{uuid.uuid4()}", "invoice_id": invoice_id, "payment_id": invoice.get("payment_id"),
            "payment_request_id": None, "reference_id": body.get("reference_id") or "", "amount": amount,
            "currency": "IDR", "reason": reason, "status": "PENDING", "channel_code": invoice["payment_channel"],
            "payment_method_type": invoice["payment_method"], "country": "ID", "refund_fee_amount": 0,
            "failure_code": None, "metadata": body.get("metadata"), "created": now_iso(), "updated": now_iso(),
        }
        state.refunds[refund["id"]] = refund
        if key:
            state.refund_keys[key] = (refund["id"], json.dumps(body, sort_keys=True))
        answer = dict(refund)
        if state.refund_outcome == "succeed":
            refund_event(refund, "SUCCEEDED")
        elif state.refund_outcome == "fail":
            invoice["_refunded"] -= amount
            refund_event(refund, "FAILED", "REFUND_FAILED")
        return answer

    @api.get("/refunds/{refund_id}")
    async def get_refund(refund_id: str, request: Request):
        _check_auth(state, request)
        if refund_id not in state.refunds:
            raise ApiError(404, "DATA_NOT_FOUND", f"Refund {refund_id} not found")
        return state.refunds[refund_id]

    # Payouts ----------------------------------------------------------------------------------

    def payout_event(payout: dict[str, Any], status: str, failure_code: str = "", mode: str | None = None):
        payout["status"] = status
        payout["updated"] = now_iso()
        if failure_code:
            payout["failure_code"] = failure_code
        return state.emit("payout", payout["id"], status,
                          state.envelope(f"payout.{status.lower()}", dict(payout)), mode)

    @api.post("/v2/payouts")
    async def create_payout(request: Request):
        _check_auth(state, request)
        key = request.headers.get("idempotency-key")
        if not key:
            raise ApiError(400, "API_VALIDATION_ERROR", "Idempotency-key header is required")
        body = await _json_body(request)
        known = _idempotent(state.payout_keys, key, body)
        if known:
            return state.payouts[known]
        reference_id = _str(body, "reference_id", max_len=255)
        channel = _str(body, "channel_code", max_len=40)
        if channel not in PAYOUT_CHANNELS:
            raise ApiError(400, "CHANNEL_CODE_NOT_SUPPORTED", f"channel_code {channel} is not supported")
        props = body.get("channel_properties")
        if not isinstance(props, dict):
            raise ApiError(400, "API_VALIDATION_ERROR", "channel_properties is required")
        account = _str(props, "account_number", max_len=40)
        if not account.isdigit():
            raise ApiError(400, "RECIPIENT_ACCOUNT_NUMBER_ERROR", "account_number must be digits")
        if body.get("currency") != "IDR":
            raise ApiError(400, "API_VALIDATION_ERROR", "currency must be IDR")
        amount = _amount(body.get("amount"))
        if amount != body.get("amount"):
            raise ApiError(400, "AMOUNT_INCREMENT_NOT_SUPPORTED", "IDR payouts are whole rupiah")
        if amount < PAYOUT_MIN_IDR:
            raise ApiError(400, "MINIMUM_TRANSFER_LIMIT_ERROR", f"minimum is {PAYOUT_MIN_IDR}")
        if amount > PAYOUT_MAX_IDR:
            raise ApiError(400, "MAXIMUM_TRANSFER_LIMIT_ERROR", f"maximum is {PAYOUT_MAX_IDR}")
        enough = state.balance() >= amount
        payout = {
            "id": f"disb-{uuid.uuid4()}", "reference_id": reference_id, "business_id": BUSINESS_ID,
            "channel_code": channel, "channel_properties": props, "amount": amount, "currency": "IDR",
            "description": body.get("description") or "", "status": "ACCEPTED", "failure_code": None,
            "metadata": body.get("metadata"), "created": now_iso(), "updated": now_iso(),
            "estimated_arrival_time": (datetime.now(UTC) + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        state.payouts[payout["id"]] = payout
        state.payout_keys[key] = (payout["id"], json.dumps(body, sort_keys=True))
        answer = dict(payout)
        # The test-mode magic account numbers of shared/reference/xendit.md §5.
        if account == "131313":
            pass  # stays ACCEPTED, so it can be cancelled
        elif not enough:
            payout_event(payout, "FAILED", "INSUFFICIENT_BALANCE")
        elif account in ("123456", "999999", "121212"):
            code = {"123456": "TEMPORARY_TRANSFER_ERROR", "999999": "REJECTED_BY_CHANNEL",
                    "121212": "INVALID_DESTINATION"}[account]
            payout_event(payout, "FAILED", code)
        else:
            payout_event(payout, "SUCCEEDED")
            if account == "654321":
                payout_event(payout, "REVERSED")
        return answer

    @api.get("/v2/payouts")
    async def list_payouts(request: Request, reference_id: str):
        _check_auth(state, request)
        items = [p for p in state.payouts.values() if p["reference_id"] == reference_id]
        return {"data": items, "has_more": False, "links": []}

    @api.get("/v2/payouts/{payout_id}")
    async def get_payout(payout_id: str, request: Request):
        _check_auth(state, request)
        if payout_id not in state.payouts:
            raise ApiError(404, "DATA_NOT_FOUND", f"Payout {payout_id} not found")
        return state.payouts[payout_id]

    @api.post("/v2/payouts/{payout_id}/cancel")
    async def cancel_payout(payout_id: str, request: Request):
        _check_auth(state, request)
        payout = state.payouts.get(payout_id)
        if payout is None:
            raise ApiError(404, "DATA_NOT_FOUND", f"Payout {payout_id} not found")
        if payout["status"] != "ACCEPTED":
            raise ApiError(400, "PAYOUT_CANCELLATION_ERROR", "Only an ACCEPTED payout can be cancelled")
        payout["status"] = "CANCELLED"
        payout["updated"] = now_iso()
        return payout

    @api.get("/balance")
    async def balance(request: Request, account_type: str = "CASH", currency: str = "IDR"):
        _check_auth(state, request)
        if account_type not in ("CASH", "HOLDING", "TAX"):
            raise ApiError(400, "API_VALIDATION_ERROR", "account_type must be CASH, HOLDING or TAX")
        return {"balance": state.balance() if account_type == "CASH" else 0}

    # Test controls ----------------------------------------------------------------------------

    def mode_of(body: dict[str, Any]) -> str | None:
        mode = body.get("deliver")
        if mode is not None and mode not in DELIVERY_MODES:
            raise ApiError(400, "API_VALIDATION_ERROR", f"deliver must be one of {DELIVERY_MODES}")
        return mode

    def delivery_out(d: Delivery) -> dict[str, Any]:
        return {"id": d.id, "kind": d.kind, "object_id": d.object_id, "status": d.status,
                "state": d.state, "attempts": d.attempts, "payload": d.payload}

    @api.post("/_sandbox/invoices/{invoice_id}/{action}")
    async def control_invoice(invoice_id: str, action: str, request: Request):
        """pay (``method``), fail or expire an invoice; ``deliver``: now, twice, hold, drop."""
        _check_auth(state, request)
        body = await _json_body(request)
        invoice = invoice_or_404(invoice_id)
        mode = mode_of(body)
        if action == "pay":
            method = body.get("method", "QRIS")
            if method not in _methods_for(invoice["amount"]):
                raise ApiError(400, "API_VALIDATION_ERROR", f"method {method} cannot pay this amount")
            target = "PAID"
        elif action in ("fail", "expire"):
            target = "FAILED" if action == "fail" else "EXPIRED"
        elif action == "settle":
            if invoice["status"] != "PAID":
                raise ApiError(400, "INVALID_STATUS", "only a PAID invoice settles")
            return delivery_out(state.set_invoice_status(invoice, "SETTLED", mode=mode))
        else:
            raise ApiError(404, "DATA_NOT_FOUND", f"unknown action {action}")
        if invoice["status"] != "PENDING":
            raise ApiError(400, "INVALID_STATUS", f"invoice is {invoice['status']}")
        delivery = state.set_invoice_status(
            invoice, target, method=body.get("method", "QRIS") if target == "PAID" else "",
            failure_code="USER_DECLINED_PAYMENT" if target == "FAILED" else "", mode=mode)
        return delivery_out(delivery)

    @api.post("/_sandbox/refunds/{refund_id}/{action}")
    async def control_refund(refund_id: str, action: str, request: Request):
        _check_auth(state, request)
        body = await _json_body(request)
        refund = state.refunds.get(refund_id)
        if refund is None or action not in ("succeed", "fail") or refund["status"] != "PENDING":
            raise ApiError(400, "INVALID_STATUS", "refund not found or not PENDING")
        if action == "fail":
            state.invoices[refund["invoice_id"]]["_refunded"] -= refund["amount"]
            return delivery_out(refund_event(refund, "FAILED", "REFUND_FAILED", mode_of(body)))
        return delivery_out(refund_event(refund, "SUCCEEDED", mode=mode_of(body)))

    @api.get("/_sandbox/deliveries")
    async def list_deliveries(request: Request, object_id: str | None = None):
        _check_auth(state, request)
        return [delivery_out(d) for d in state.deliveries.values() if object_id in (None, d.object_id)]

    @api.post("/_sandbox/deliveries/{delivery_id}/release")
    async def release(delivery_id: int, request: Request):
        """Send a held (or dropped, or already sent) delivery now: late, again, or out of order."""
        _check_auth(state, request)
        delivery = state.deliveries.get(delivery_id)
        if delivery is None:
            raise ApiError(404, "DATA_NOT_FOUND", f"delivery {delivery_id} not found")
        state.start(delivery)
        return delivery_out(delivery)

    @api.post("/_sandbox/deliveries/wait")
    async def wait(request: Request):
        _check_auth(state, request)
        await state.drain()
        return {"in_flight": 0}

    @api.post("/_sandbox/config")
    async def configure(request: Request):
        """Set ``callback_url``, ``callback_token``, ``retry_delays``, ``default_mode``, ``refund_outcome``."""
        _check_auth(state, request)
        body = await _json_body(request)
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
        return {"callback_url": state.callback_url, "retry_delays": list(state.retry_delays),
                "default_mode": state.default_mode, "refund_outcome": state.refund_outcome}

    return api


def _methods_for(amount: int) -> list[str]:
    return [code for code, (_, _, lo, hi, _) in METHODS.items() if lo <= amount <= hi]


def _invoice_html(invoice: dict[str, Any], base: str, message: str = "") -> str:
    esc = html.escape
    amount = f"Rp {invoice['amount']:,}".replace(",", ".")
    status_text = {"PENDING": "Menunggu pembayaran", "PAID": "Lunas", "SETTLED": "Lunas",
                   "EXPIRED": "Kedaluwarsa", "FAILED": "Gagal"}.get(invoice["status"], invoice["status"])
    action = f"{base}/web/invoices/{esc(invoice['id'])}"
    if invoice["status"] == "PENDING":
        options = "".join(
            f'<label class="method"><input type="radio" name="method" value="{code}"'
            f'{" checked" if i == 0 else ""}> {esc(METHODS[code][1])}</label>'
            for i, code in enumerate(_methods_for(invoice["amount"]))
        )
        body = (
            f'<form method="post" action="{action}/pay"><fieldset><legend>Pilih metode pembayaran</legend>'
            f'{options}</fieldset><button type="submit" id="pay">Bayar {amount}</button></form>'
            f'<form method="post" action="{action}/fail"><button type="submit" id="fail">Gagal</button></form>'
            f'<form method="post" action="{action}/expire"><button type="submit" id="expire">Kedaluwarsa</button></form>'
        )
    else:
        back = invoice.get("success_redirect_url") if invoice["status"] in ("PAID", "SETTLED") else invoice.get(
            "failure_redirect_url")
        body = f'<p><a href="{esc(back)}">Kembali ke toko</a></p>' if back else ""
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

