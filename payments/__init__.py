"""Payments, the Xendit adapter and sandbox, callbacks, refunds, payouts, wallets. May import market.

``install(app)`` wires it into the app: the JSON routes, the gateway and callback token of this
process, and (in the embedded default, no XENDIT_BASE_URL) the sandbox under /sandbox/xendit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from payments.gateway import PaymentGateway


def install(app: FastAPI, *, gateway: PaymentGateway | None = None) -> None:
    """Mount payments on *app* (once; a second call only swaps in *gateway* when given)."""
    from payments import runtime
    from payments.sandbox import SandboxState, create_sandbox

    settings = app.state.settings
    if getattr(app.state, "payments", None) is None:
        from payments.api import router

        app.include_router(router)
        rt = runtime.build(settings, gateway=gateway)
        if rt.embedded_sandbox:
            state = SandboxState(
                secret_key=rt.secret_key,
                callback_url=settings.public_url.rstrip("/") + runtime.CALLBACK_PATH,
                callback_token=rt.callback_token,
            )
            app.mount(runtime.SANDBOX_PATH, create_sandbox(state), name="xendit-sandbox")
            app.state.xendit_sandbox = state
        app.state.payments = rt
        runtime.configure(rt)
    elif gateway is not None:
        app.state.payments.gateway = gateway
