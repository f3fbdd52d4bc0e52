"""HTML pages (Jinja2 + HTMX), templates, static assets and the i18n catalogs.

May import every domain's services; no domain imports it.
"""

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Serve the static files (hashed, compressed: web.assets) and the page routes on *app*; read
    the language catalogs."""
    from web import assets, error_pages
    from web.i18n import load_catalogs
    from web.pages import router
    from web.render import error_page

    load_catalogs()
    assets.install(app, app.state.settings.static_dir)
    app.include_router(router)
    error_pages.install(app)  # a missing page or a server error: HTML for a browser
    # Text no column can store (a NUL...) is refused before any route runs: pages answer in HTML.
    app.state.input_refused_page = error_page
