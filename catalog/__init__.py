"""Products, categories, stock, provenance, the search port and its engines. May import market.

``install(app)`` adds the catalog's JSON routes to the app and serves the photos under /media
(the search engine is built with the rest of the runtime, ``market.app.build_runtime``).
"""


def install(app) -> None:
    """Wire the catalog into *app* (idempotent)."""
    if getattr(app.state, "catalog_installed", False):
        return
    from pathlib import Path

    from catalog.api import router
    from catalog.media import MediaFiles

    settings = app.state.settings
    app.include_router(router)
    media = Path(settings.media_dir)
    media.mkdir(parents=True, exist_ok=True)
    if not any(getattr(r, "path", None) == "/media" for r in app.routes):
        app.mount("/media", MediaFiles(directory=media), name="media")
    app.state.catalog_installed = True
