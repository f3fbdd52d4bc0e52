"""The sandbox's memory: invoices, refunds, payouts, their idempotency keys and callback
deliveries, the merchant's balance, and every status change (each one emits a callback)."""

from __future__ import annotations

import asyncio
import itertools
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from payments.sandbox.callbacks import Courier, Delivery
from payments.sandbox.protocol import (
    DEFAULT_CALLBACK_TOKEN,
    DEFAULT_RETRY_DELAYS,
    DEFAULT_SECRET_KEY,
    METHODS,
    ApiError,
    now_iso,
)

# What an invoice callback carries (when set).
INVOICE_CALLBACK_KEYS = (
    "id",
    "external_id",
    "user_id",
    "status",
    "merchant_name",
    "amount",
    "description",
    "currency",
    "created",
    "updated",
    "payer_email",
    "paid_amount",
    "paid_at",
    "payment_method",
    "payment_channel",
    "payment_destination",
    "bank_code",
    "ewallet_type",
    "payment_id",
    "failure_code",
    "metadata",
)


@dataclass
class SandboxState(Courier):
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
    # The name check: whose each "<bank code>:<account number>" is, and every check asked.
    account_holders: dict[str, str] = field(default_factory=dict)
    name_checks: list[dict[str, Any]] = field(default_factory=list)
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

    def invoice_or_404(self, invoice_id: str) -> dict[str, Any]:
        """The invoice (expired first if it is due), for the API and the test controls."""
        invoice = self.invoices.get(invoice_id)
        if invoice is None:
            raise ApiError(404, "INVOICE_NOT_FOUND_ERROR", f"Invoice {invoice_id} not found")
        self.expire_due(invoice)
        return invoice

    def expire_due(self, invoice: dict[str, Any]) -> None:
        """An invoice past its expiry date expires the moment anyone looks (and says so)."""
        if invoice["status"] == "PENDING" and datetime.now(UTC) >= invoice["_expires"]:
            self.set_invoice_status(invoice, "EXPIRED")

    def set_invoice_status(
        self, invoice: dict[str, Any], status: str, *, method: str = "", failure_code: str = "", mode: str | None = None
    ) -> Delivery:
        invoice["status"] = status
        invoice["updated"] = now_iso()
        if status == "PAID":
            kind, _, _, _, _ = METHODS[method]
            invoice.update(
                paid_amount=invoice["amount"],
                paid_at=invoice["updated"],
                payment_method=kind,
                payment_channel=method,
                bank_code=method if kind == "BANK_TRANSFER" else None,
                ewallet_type=method if kind == "EWALLET" else None,
                payment_destination=f"8808{secrets.randbelow(10**10):010d}" if kind == "BANK_TRANSFER" else "",
                payment_id=f"py-{uuid.uuid4()}",
            )
        if failure_code:
            invoice["failure_code"] = failure_code
        return self.emit("invoice", invoice["id"], status, self.invoice_callback(invoice), mode)

    def invoice_callback(self, invoice: dict[str, Any]) -> dict[str, Any]:
        """The flat invoice object Xendit posts on payment and on expiry."""
        return {k: invoice[k] for k in INVOICE_CALLBACK_KEYS if invoice.get(k) is not None}

    def public_invoice(self, invoice: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in invoice.items() if not k.startswith("_")}

    # Refunds and payouts ----------------------------------------------------------------------

    def set_refund_status(
        self, refund: dict[str, Any], status: str, failure_code: str = "", mode: str | None = None
    ) -> Delivery:
        refund["status"] = status
        refund["updated"] = now_iso()
        if failure_code:
            refund["failure_code"] = failure_code
        event = "refund.succeeded" if status == "SUCCEEDED" else "refund.failed"
        return self.emit("refund", refund["id"], status, self.envelope(event, dict(refund)), mode)

    def set_payout_status(
        self, payout: dict[str, Any], status: str, failure_code: str = "", mode: str | None = None
    ) -> Delivery:
        payout["status"] = status
        payout["updated"] = now_iso()
        if failure_code:
            payout["failure_code"] = failure_code
        return self.emit("payout", payout["id"], status, self.envelope(f"payout.{status.lower()}", dict(payout)), mode)
