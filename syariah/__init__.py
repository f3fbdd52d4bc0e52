"""Syariah cooperatives on their own terms (koperasi.md §5): tabungan mudharabah products with
their nisbah, the monthly bagi hasil by average daily balance, the discretionary wadiah bonus,
and the zakat and dana kebajikan reports.

May import market and shu. ``install(app)`` adds the JSON routes.
"""


def install(app) -> None:
    """Add the syariah JSON routes to *app* (idempotent)."""
    if getattr(app.state, "syariah_installed", False):
        return
    app.state.syariah_installed = True
    from syariah.api import router

    app.include_router(router)
