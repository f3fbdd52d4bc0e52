"""The cooperative's own shop: the retail counter for catalog goods and the API for its own POS.
May import market, catalog and payments.

``install(app)`` adds the POS's JSON routes.
"""


def install(app) -> None:
    """Add the POS API's routes to *app* (idempotent)."""
    if getattr(app.state, "retail_installed", False):
        return
    app.state.retail_installed = True
    from retail.api import router

    app.include_router(router)
