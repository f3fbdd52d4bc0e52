"""The Xendit adapter of ``PaymentGateway``, on httpx (async).

Wire protocol: shared/reference/xendit.md. HTTP Basic with the secret key as user name; JSON
bodies; ``{"error_code", "message"}`` error bodies become our typed gateway errors with the
provider's code kept. Only safe calls are retried (GETs, and creates that carry an
``Idempotency-Key`` the provider de-duplicates on), with exponential backoff, on timeouts,
connection errors, 429 and 5xx. An invoice create is never retried blindly: the caller looks the
invoice up by its ``external_id`` instead (see payments.service).
"""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any

import httpx

from market import db
from payments.errors import (
    GatewayBadRequest,
    GatewayDuplicate,
    GatewayError,
    GatewayForbidden,
    GatewayNotFound,
    GatewayUnauthorized,
    GatewayUnavailable,
)
from payments.gateway import AccountCheck, InvoiceInfo, PayoutInfo, RefundInfo

log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def whole_rupiah(value: Any) -> int | None:
    """An amount as whole rupiah, or None when it is not one.

    Xendit sends amounts as JSON numbers and sometimes as strings ("10000"). ``100000`` and
    ``100000.0`` are whole rupiah; ``100000.9``, ``"1e5"``, ``true`` and ``NaN`` are not, and are
    never rounded into one.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def invoice_from(data: dict[str, Any]) -> InvoiceInfo:
    return InvoiceInfo(
        id=str(data.get("id", "")),
        external_id=str(data.get("external_id", "")),
        status=str(data.get("status", "")).upper(),
        amount=whole_rupiah(data.get("amount")) or 0,
        currency=str(data.get("currency") or ""),
        invoice_url=str(data.get("invoice_url", "")),
        expiry_date=str(data.get("expiry_date", "")),
        paid_amount=whole_rupiah(data.get("paid_amount")),
        payment_method=str(data.get("payment_method") or ""),
        payment_channel=str(data.get("payment_channel") or data.get("bank_code") or data.get("ewallet_type") or ""),
        failure_code=str(data.get("failure_code") or ""),
        raw=data,
    )


def refund_from(data: dict[str, Any]) -> RefundInfo:
    return RefundInfo(
        id=str(data.get("id", "")),
        status=str(data.get("status", "")).upper(),
        amount=whole_rupiah(data.get("amount")) or 0,
        invoice_id=str(data.get("invoice_id") or ""),
        reference_id=str(data.get("reference_id") or ""),
        failure_code=str(data.get("failure_code") or ""),
    )


def payout_from(data: dict[str, Any]) -> PayoutInfo:
    return PayoutInfo(
        id=str(data.get("id", "")),
        reference_id=str(data.get("reference_id", "")),
        status=str(data.get("status", "")).upper(),
        amount=whole_rupiah(data.get("amount")) or 0,
        failure_code=str(data.get("failure_code") or ""),
    )


def account_check_from(data: dict[str, Any]) -> AccountCheck:
    """The name check's answer (unconfirmed shape): ``SUCCESS``/``COMPLETED`` with the holder's
    name (``bank_account_holder_name``, ``account_holder_name`` or ``result.account_holder_name``),
    ``FAILURE`` (or ``result.is_found`` false) for an account the bank does not know; anything else
    (``PENDING``) is not known yet."""
    raw = data.get("result")
    result: dict[str, Any] = raw if isinstance(raw, dict) else {}
    status = str(data.get("status") or "").upper()
    name = str(
        data.get("bank_account_holder_name")
        or data.get("account_holder_name")
        or result.get("account_holder_name")
        or ""
    )
    virtual = bool(data.get("is_virtual_account") or result.get("is_virtual_account"))
    if result.get("is_found") is False or status in ("FAILURE", "FAILED", "NOT_FOUND"):
        return AccountCheck("NOT_FOUND")
    if name and status in ("SUCCESS", "COMPLETED", ""):
        return AccountCheck("FOUND", name, virtual)
    return AccountCheck("UNKNOWN")


def error_from(response: httpx.Response) -> GatewayError:
    """Turn a provider error response into our typed error, keeping its ``error_code``."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = str(body.get("error_code") or body.get("errorCode") or body.get("error") or "")
    message = str(body.get("message") or body.get("error_message") or body.get("errorMessage") or "")
    detail = f"Xendit: {message or response.reason_phrase} ({code or response.status_code})"
    status = response.status_code
    cls = (
        GatewayBadRequest
        if status in (400, 422)
        else GatewayUnauthorized
        if status == 401
        else GatewayForbidden
        if status == 403
        else GatewayNotFound
        if status == 404
        else GatewayDuplicate
        if status == 409
        else GatewayUnavailable
        if status == 429 or status >= 500
        else GatewayError
    )
    return cls(detail, provider_code=code, http_status=status)


class XenditGateway:
    """Xendit over HTTP. ``transport`` lets tests route to the sandbox in-process (ASGI)."""

    def __init__(
        self,
        base_url: str,
        secret_key: str,
        *,
        timeout_s: float = 10.0,
        retries: int = 3,
        backoff_s: float = 0.25,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff_s = backoff_s
        token = base64.b64encode(f"{secret_key}:".encode()).decode()
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout_s),
            transport=transport,
            headers={"Authorization": f"Basic {token}", "Accept": "application/json"},
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        safe: bool,
    ) -> Any:
        attempts = self.retries + 1 if safe else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                async with db.detached():  # no pool connection held while Xendit answers
                    response = await self._client.request(method, path, json=json, params=params, headers=headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if last:
                    raise GatewayUnavailable(
                        f"Xendit tidak menjawab ({type(exc).__name__})", provider_code="TRANSPORT_ERROR"
                    ) from exc
            else:
                if response.status_code < 400:
                    return response.json()
                if response.status_code not in RETRY_STATUSES or last:
                    raise error_from(response)
            delay = self.backoff_s * (2**attempt)
            log.info("xendit %s %s: retry %d in %.2fs", method, path, attempt + 1, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    # Invoices ----------------------------------------------------------------------------------

    async def create_invoice(
        self,
        *,
        external_id: str,
        amount: int,
        description: str,
        duration_s: int,
        success_redirect_url: str | None = None,
        failure_redirect_url: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> InvoiceInfo:
        body: dict[str, Any] = {
            "external_id": external_id,
            "amount": amount,
            "currency": "IDR",
            "description": description,
            "invoice_duration": duration_s,
            "locale": "id",
        }
        if success_redirect_url:
            body["success_redirect_url"] = success_redirect_url
        if failure_redirect_url:
            body["failure_redirect_url"] = failure_redirect_url
        if metadata:
            body["metadata"] = metadata
        data = await self._call("POST", "/v2/invoices", json=body, headers={"Idempotency-Key": external_id}, safe=False)
        return invoice_from(data)

    async def get_invoice(self, invoice_id: str) -> InvoiceInfo:
        return invoice_from(await self._call("GET", f"/v2/invoices/{invoice_id}", safe=True))

    async def find_invoices(self, external_id: str) -> list[InvoiceInfo]:
        data = await self._call("GET", "/v2/invoices", params={"external_id": external_id}, safe=True)
        return [invoice_from(item) for item in (data if isinstance(data, list) else [])]

    async def expire_invoice(self, invoice_id: str) -> InvoiceInfo:
        return invoice_from(await self._call("POST", f"/invoices/{invoice_id}/expire!", safe=False))

    # Refunds -----------------------------------------------------------------------------------

    async def create_refund(
        self, *, invoice_id: str, amount: int, reason: str, reference_id: str, idempotency_key: str
    ) -> RefundInfo:
        body = {
            "invoice_id": invoice_id,
            "reference_id": reference_id,
            "amount": amount,
            "currency": "IDR",
            "reason": reason,
        }
        data = await self._call("POST", "/refunds", json=body, headers={"idempotency-key": idempotency_key}, safe=True)
        return refund_from(data)

    async def get_refund(self, refund_id: str) -> RefundInfo:
        return refund_from(await self._call("GET", f"/refunds/{refund_id}", safe=True))

    # Payouts -----------------------------------------------------------------------------------

    async def create_payout(
        self,
        *,
        reference_id: str,
        channel_code: str,
        account_number: str,
        account_holder_name: str,
        amount: int,
        description: str,
        idempotency_key: str,
    ) -> PayoutInfo:
        body = {
            "reference_id": reference_id,
            "channel_code": channel_code,
            "channel_properties": {"account_number": account_number, "account_holder_name": account_holder_name},
            "amount": amount,
            "currency": "IDR",
            "description": description,
        }
        data = await self._call(
            "POST", "/v2/payouts", json=body, headers={"Idempotency-key": idempotency_key}, safe=True
        )
        return payout_from(data)

    async def get_payout(self, payout_id: str) -> PayoutInfo:
        return payout_from(await self._call("GET", f"/v2/payouts/{payout_id}", safe=True))

    async def find_payouts(self, reference_id: str) -> list[PayoutInfo]:
        data = await self._call("GET", "/v2/payouts", params={"reference_id": reference_id}, safe=True)
        items = data.get("data", []) if isinstance(data, dict) else data  # both shapes are documented
        return [payout_from(item) for item in items or []]

    async def cancel_payout(self, payout_id: str) -> PayoutInfo:
        return payout_from(await self._call("POST", f"/v2/payouts/{payout_id}/cancel", safe=False))

    # The bank account name check ---------------------------------------------------------------

    async def validate_account(
        self, *, channel_code: str, account_number: str, account_holder_name: str, reference_id: str
    ) -> AccountCheck:
        """Whose the bank account is (Xendit's Name Validator); a read, so it is retried."""
        body = {
            "bank_account_number": account_number,
            "bank_code": channel_code.removeprefix("ID_"),
            "given_name": account_holder_name,
            "reference_id": reference_id,
        }
        return account_check_from(await self._call("POST", "/bank_account_data_requests", json=body, safe=True))

    async def get_balance(self) -> int:
        data = await self._call("GET", "/balance", params={"account_type": "CASH", "currency": "IDR"}, safe=True)
        return whole_rupiah(data.get("balance")) or 0
