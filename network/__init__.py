"""Cash at any network counter: a member of one cooperative withdraws cash from their wallet at
another cooperative's counter (confirmed on their own phone with their PIN, or with a one-time
code from their page), or deposits cash there into it; each cooperative's position with the
network (what it is owed, what it owes) and the network's settlement of it through the
cooperative payout. May import market and payments.

``install(app)`` adds the JSON routes.
"""


def install(app) -> None:
    """Add the network counter's JSON routes to *app* (idempotent)."""
    if getattr(app.state, "network_installed", False):
        return
    app.state.network_installed = True
    import importlib.util

    if importlib.util.find_spec("network.api") is not None:
        from network.api import router

        app.include_router(router)
