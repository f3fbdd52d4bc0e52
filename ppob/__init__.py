"""Biller products and prices, PPOB transactions, the biller adapter and sandbox. May import market, payments.

``install(app)`` adds the JSON routes and, in the embedded default, mounts the biller sandbox
under ``/sandbox/biller``. The biller itself is in the process's runtime (``ppob.wiring`` builds
it for ``market.app.build_runtime``).
"""

# What the embedded biller sandbox shares with the other app processes (market.sandbox_store).
BILLER_SHARED = ("deposit", "transactions", "purchases", "prepaid", "postpaid")


def install(app) -> None:
    """Add PPOB to *app* (idempotent): include the routes, mount the sandbox."""
    if getattr(app.state, "ppob_installed", False):
        return
    app.state.ppob_installed = True
    from market import sandbox_store
    from ppob import wiring
    from ppob.api import router

    settings = app.state.settings
    app.include_router(router)
    if wiring.sandbox_enabled(settings):
        sandbox = wiring.sandbox_from(settings)
        app.state.biller_sandbox = sandbox
        # Its objects live in the database: every app process serves the same biller.
        shared = sandbox_store.Store("biller", sandbox, BILLER_SHARED)
        app.mount(wiring.SANDBOX_PATH, sandbox_store.synced(sandbox.asgi, shared), name="biller-sandbox")
