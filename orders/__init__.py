"""Carts, checkout, reservations, orders and fulfilment. May import market, catalog, payments.

``install(app)`` adds the JSON routes. The gateway and the rule numbers (platform fee,
auto-complete days, payment expiry) come from the process's runtime (``market.runtime``): the
routes and jobs hand them to the services as arguments.
"""


def install(app) -> None:
    """Add orders to *app* (once)."""
    if getattr(app.state, "orders_installed", False):
        return
    app.state.orders_installed = True
    from orders.api import router

    app.include_router(router)
