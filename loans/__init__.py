"""Savings-and-loan business: loan products, applications the board approves, schedules, instalments, arrears.

May import market and payments. ``install(app)`` adds the JSON routes.
"""


def install(app) -> None:
    """Add the loans JSON routes to *app* (idempotent)."""
    if getattr(app.state, "loans_installed", False):
        return
    app.state.loans_installed = True
    from loans.api import router
    from loans.murabahah_api import router as murabahah

    app.include_router(router)
    app.include_router(murabahah)
