"""HTML pages (Jinja2 + HTMX), templates, static assets and the i18n catalogs.

May import every domain's services; no domain imports it.
"""

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Mount the static files and the page routes on *app*; read the language catalogs."""
    from pathlib import Path

    from fastapi.staticfiles import StaticFiles

    from web.i18n import load_catalogs
    from web.pages import router
    from web.render import error_page

    load_catalogs()
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(router)
    # Text no column can store (a NUL...) is refused before any route runs: pages answer in HTML.
    app.state.input_refused_page = error_page
