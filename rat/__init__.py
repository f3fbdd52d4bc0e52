"""The e-RAT: the members' annual meeting online and at the counter — its agenda, documents and
notice, attendance, one member one vote with a receipt, quorum and the decision rule of the
AD/ART, the results and the minutes (berita acara). An approved SHU item approves that year's SHU
proposal (``shu.service``). May import market and shu.

``install(app)`` adds the JSON routes.
"""


def install(app) -> None:
    """Add the e-RAT to *app* (idempotent)."""
    if getattr(app.state, "rat_installed", False):
        return
    app.state.rat_installed = True
    import importlib.util

    if importlib.util.find_spec("rat.api") is not None:
        from rat.api import router

        app.include_router(router)
