"""Payments, the Xendit adapter and sandbox, callbacks, refunds, payouts, wallets. May import market.

``install(app)`` adds the JSON routes and, in the embedded default (no XENDIT_BASE_URL), mounts
the sandbox under /sandbox/xendit. The gateway and the callback token are in the process's
runtime (``payments.wiring`` builds them for ``market.app.build_runtime``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


# What the embedded Xendit sandbox shares with the other app processes (market.sandbox_store).
XENDIT_SHARED = (
    "invoices",
    "invoice_keys",
    "refunds",
    "refund_keys",
    "payouts",
    "payout_keys",
    "account_holders",
    "name_checks",
)


def install(app: FastAPI) -> None:
    """Mount payments on *app* (once)."""
    if getattr(app.state, "payments_installed", False):
        return
    app.state.payments_installed = True
    from market import sandbox_store
    from payments import wiring
    from payments.api import router
    from payments.sandbox import create_sandbox
    from payments.wallet_api import router as wallet_router

    settings = app.state.settings
    app.include_router(router)
    app.include_router(wallet_router)
    if wiring.embedded_sandbox(settings):
        state = wiring.sandbox_from(settings)
        # Its objects live in the database: every app process serves the same sandbox.
        shared = sandbox_store.Store("xendit", state, XENDIT_SHARED)
        app.mount(wiring.SANDBOX_PATH, sandbox_store.synced(create_sandbox(state), shared), name="xendit-sandbox")
        app.state.xendit_sandbox = state
