"""The wire protocol every resource shares: constants, the error body, API-key auth, the JSON
body, field validation and idempotency keys (shared/reference/xendit.md)."""

from __future__ import annotations

import base64
import hmac
import json
import ssl
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import JSONResponse

if TYPE_CHECKING:
    from payments.sandbox.state import SandboxState

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


def methods_for(amount: int) -> list[str]:
    """The hosted page's methods that can pay *amount*, in page order."""
    return [code for code, (_, _, lo, hi, _) in METHODS.items() if lo <= amount <= hi]


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error_code": code, "message": message}, status_code=status)


class ApiError(Exception):
    """Answered as ``{"error_code", "message"}`` with *status* (the app's exception handler)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


async def api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error(exc.status, exc.code, exc.message)


# Requests ---------------------------------------------------------------------------------------


def sandbox_of(request: Request) -> SandboxState:
    """The state of the sandbox app serving *request* (``create_sandbox`` puts it there)."""
    state: SandboxState = request.app.state.sandbox
    return state


def authorised(request: Request) -> SandboxState:
    """The sandbox's state, once the request's HTTP Basic user is the secret key (401 otherwise)."""
    state = sandbox_of(request)
    header = request.headers.get("authorization", "")
    key = ""
    if header.lower().startswith("basic "):
        try:
            key = base64.b64decode(header[6:].strip()).decode().split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            key = ""
    if not key or not hmac.compare_digest(key.encode(), state.secret_key.encode()):
        raise ApiError(401, "INVALID_API_KEY", "API key is invalid")
    return state


def base_url(request: Request) -> str:
    """The sandbox's own public URL, under whatever path it is mounted."""
    url = str(request.base_url).rstrip("/")
    root = request.scope.get("root_path", "").rstrip("/")
    return url if url.endswith(root) else url + root


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw or b"null")
    except ValueError:
        raise ApiError(400, "API_VALIDATION_ERROR", "Request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "API_VALIDATION_ERROR", "Request body must be a JSON object")
    return body


def fingerprint(body: dict[str, Any]) -> str:
    """What an idempotency key remembers of the request it was first used with."""
    return json.dumps(body, sort_keys=True)


def idempotent(keys: dict[str, tuple[str, str]], key: str | None, body: dict[str, Any]) -> str | None:
    """The object id already made with *key* for this same body; 409 for another body."""
    if not key:
        return None
    if key in keys:
        object_id, seen = keys[key]
        if seen != fingerprint(body):
            raise ApiError(409, "DUPLICATE_ERROR", "Idempotency key was already used with a different request")
        return object_id
    return None


# Fields -----------------------------------------------------------------------------------------


def amount_of(value: Any, *, name: str = "amount") -> int:
    """A whole, positive number. IDR decimals are truncated as the provider does."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError(400, "API_VALIDATION_ERROR", f"{name} must be a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise ApiError(400, "API_VALIDATION_ERROR", f"{name} must be a number")
    return int(value)


def string_of(body: dict[str, Any], name: str, *, required: bool = True, max_len: int = 1000) -> str:
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "API_VALIDATION_ERROR", f"{name} is required")
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > max_len:
        raise ApiError(400, "API_VALIDATION_ERROR", f"{name} must be a string of 1-{max_len} characters")
    return value


def mode_of(body: dict[str, Any]) -> str | None:
    """The ``deliver`` mode a test control asks for (None: the sandbox's default)."""
    mode = body.get("deliver")
    if mode is not None and mode not in DELIVERY_MODES:
        raise ApiError(400, "API_VALIDATION_ERROR", f"deliver must be one of {DELIVERY_MODES}")
    return mode
