"""The year-end SHU close and its distribution: the policy kept per fiscal year, the proposal
(versioned) computed from the cooperative's books, the funds and every member's share exact to the
rupiah, and — once the members' meeting approves it — the booking of the funds and the members'
shares. May import market and payments.

``install(app)`` adds the JSON routes.
"""


def install(app) -> None:
    """Add the SHU close to *app* (idempotent)."""
    if getattr(app.state, "shu_installed", False):
        return
    app.state.shu_installed = True
    import importlib.util

    if importlib.util.find_spec("shu.api") is not None:
        from shu.api import router

        app.include_router(router)
    if importlib.util.find_spec("shu.distribution_api") is not None:
        from shu.distribution_api import router as distribution_router

        app.include_router(distribution_router)
