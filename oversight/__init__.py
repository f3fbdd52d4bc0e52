"""Oversight: the operator's view of the network (adoption, volume, alerts by province, a
provincial office seeing its own province) and each cooperative's health indicators from its
books and meetings (koperasi.md §6). Reads every domain through its service; owns no tables.

``install(app)`` adds the JSON routes.
"""


def install(app) -> None:
    """Add oversight's JSON routes to *app* (idempotent)."""
    if getattr(app.state, "oversight_installed", False):
        return
    app.state.oversight_installed = True
    from oversight.api import router

    app.include_router(router)
