"""Carts, checkout, reservations, orders and fulfilment. May import market, catalog, payments.

``install(app)`` adds the JSON routes and wires the rule numbers (platform fee, auto-complete
days, payment expiry) and the payments gateway of this process.
"""


def install(app) -> None:
    """Add orders to *app* (once)."""
    if getattr(app.state, "orders_installed", False):
        return
    app.state.orders_installed = True
    from orders.api import router
    from orders.service import config

    settings = app.state.settings
    payments_rt = getattr(app.state, "payments", None)
    config.configure(fee_bps=settings.order_platform_fee_bps, complete_days=settings.order_auto_complete_days,
                     duration_s=settings.order_payment_expiry_s,
                     payment_gateway=payments_rt)
    app.include_router(router)
