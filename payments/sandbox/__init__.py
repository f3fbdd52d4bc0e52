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

Where things are:

- ``protocol``: constants and payment methods, the error body, auth, JSON body, field checks,
  idempotency keys;
- ``state``: ``SandboxState``, the objects in memory and their status changes;
- ``callbacks``: ``Delivery`` and the sending, retrying, holding and draining of callbacks;
- one router per resource: ``invoices``, ``page`` (the hosted invoice page), ``refunds``,
  ``payouts``, ``accounts`` (the bank account name check), ``balance`` and ``controls`` (``/_sandbox``). Each handler finds the state on
  ``request.app.state.sandbox``, so one router serves every sandbox app.
"""

from __future__ import annotations

from fastapi import FastAPI

from payments.sandbox import accounts, balance, controls, invoices, page, payouts, refunds
from payments.sandbox.callbacks import Delivery
from payments.sandbox.protocol import (
    BUSINESS_ID,
    DEFAULT_CALLBACK_TOKEN,
    DEFAULT_RETRY_DELAYS,
    DEFAULT_SECRET_KEY,
    DELIVERY_MODES,
    METHODS,
    TLS,
    ApiError,
    api_error,
    error,
    now_iso,
)
from payments.sandbox.state import SandboxState

__all__ = [
    "BUSINESS_ID",
    "DEFAULT_CALLBACK_TOKEN",
    "DEFAULT_RETRY_DELAYS",
    "DEFAULT_SECRET_KEY",
    "DELIVERY_MODES",
    "METHODS",
    "TLS",
    "ApiError",
    "Delivery",
    "SandboxState",
    "create_sandbox",
    "error",
    "now_iso",
]

# In the order the routes were always matched.
ROUTERS = (
    invoices.router,
    page.router,
    refunds.router,
    payouts.router,
    balance.router,
    accounts.router,
    controls.router,
)


def create_sandbox(state: SandboxState | None = None) -> FastAPI:
    """The sandbox as an ASGI app: mount it (``/sandbox/xendit``) or serve it alone."""
    api = FastAPI(title="Xendit sandbox", docs_url=None, redoc_url=None, openapi_url=None)
    api.state.sandbox = state or SandboxState()
    api.add_exception_handler(ApiError, api_error)
    for router in ROUTERS:
        api.include_router(router)
    return api
