"""Errors outside any page route, as a person sees them: an address that names no page (404, 405)
and a server error (500) get the HTML error page in the visitor's language when a browser asks
for a page; the JSON API (/api/…) and every client that does not ask for HTML keep the
problem+json answers of market.http. Errors inside page routes are web.routing's.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from market.http import allowed_methods
from web.i18n import N_

log = logging.getLogger("market.http")

MESSAGES = {
    404: N_("Halaman tidak ditemukan"),
    405: N_("Alamat ini tidak menerima permintaan seperti itu"),
    500: N_("Terjadi kesalahan di server; sudah dicatat. Coba lagi sebentar lagi."),
}
# When even the error page cannot be rendered (the database is down…): plain words in both languages.
LAST_RESORT = (
    "<!doctype html><html lang=id><meta charset=utf-8><meta name=viewport content='width=device-width'>"
    "<title>Kesalahan · Pasar Koperasi</title><h1>Terjadi kesalahan</h1>"
    "<p>Terjadi kesalahan di server; sudah dicatat. Coba lagi sebentar lagi.</p>"
    "<p lang=en>Something went wrong on the server; it has been logged. Please try again shortly.</p>"
    "<p><a href='/'>Pasar Koperasi</a></p>"
)


def wants_page(request: Request) -> bool:
    """A browser asking for a page: HTML accepted, and not under the JSON API."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


async def _page(request: Request, status: int, message: str):
    from market.http import current_actor
    from web.render import error_page

    if getattr(request.state, "actor", None) is None:
        try:  # the header shows who is signed in, as on every page
            request.state.actor = await current_actor(request)
        except Exception:
            request.state.actor = None
    return error_page(request, status, message)


def install(app: FastAPI) -> None:
    """Put the HTML error pages in front of the problem+json handlers for a missing page and for
    an unexpected error."""
    api_http: Any = app.exception_handlers[StarletteHTTPException]
    api_unexpected: Any = app.exception_handlers[Exception]

    async def http_error(request: Request, exc: Exception):
        status = getattr(exc, "status_code", 500)
        if status in (404, 405) and wants_page(request):
            response = await _page(request, status, MESSAGES[status])
            response.headers.update(getattr(exc, "headers", None) or {})
            if status == 405:  # every method of the path, as the API's answer says
                response.headers["Allow"] = ", ".join(allowed_methods(request)) or response.headers.get("Allow", "")
            return response
        return await api_http(request, exc)

    async def unexpected(request: Request, exc: Exception):
        if not wants_page(request):
            return await api_unexpected(request, exc)
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        try:
            return await _page(request, 500, MESSAGES[500])
        except Exception:
            log.exception("the error page itself failed on %s", request.url.path)
            return HTMLResponse(LAST_RESORT, status_code=500)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
