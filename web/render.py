"""Rendering pages: a whole page, or only the block htmx asked for (jinja2-fragments).

Rules (shared/reference/code-anchors.md §8.7): one template per screen extending ``base.html``;
every region htmx swaps is a named block of that template; reusable UI is macros in
``templates/components/``. ``page`` decides page or block from the htmx request headers alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2_fragments import render_blocks

from catalog import service as catalog
from market import runtime, terms
from market.http import csrf_token, read_session, write_session
from market.money import format_idr
from market.schemas import Role
from market.service import zone_of
from web import assets, formats, i18n
from web.labels import LABELS

TEMPLATES = Path(__file__).parent / "templates"
PLATFORM_ZONE = "Asia/Jakarta"  # the operator's pages and the platform's own moments (the ledger's too)

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(("html",)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters.update(
    idr=format_idr, day=i18n.format_day, moment=i18n.format_moment, bps=i18n.format_bps, zone=i18n.zone_label
)
env.filters.update(ref=formats.reference, tariff=formats.tariff, period=formats.billing_period)
env.globals.update(
    _=i18n.gettext, ngettext=i18n.ngettext, share=i18n.format_share, labels=LABELS, platform_zone=PLATFORM_ZONE
)


@pass_context
def term(ctx, phrase: str, **values: Any) -> str:
    """*phrase* translated, in the words of the cooperative the page is about (its ``coop``), else
    of the viewer's own cooperative: a syariah cooperative's pages never say "bunga" (market.terms)."""
    coop = ctx.get("coop")
    syariah = bool(getattr(coop, "syariah", False)) if coop is not None else bool(ctx.get("syariah"))
    return i18n.gettext(terms.word(phrase, syariah=syariah), **values)


env.globals["term"] = term
env.globals["static"] = assets.url  # a static file by its source name -> its hashed URL
env.globals["photo_srcset"] = catalog.photo_srcset  # a product photo's WebP widths
# The component macros are globals rather than per-template imports: a block rendered on its own
# by jinja2-fragments does not see the imports at the top of its template.
for _component in ("_field", "_money", "_time"):
    _module = env.get_template(f"components/{_component}.html").module
    env.globals.update({name: getattr(_module, name) for name in dir(_module) if not name.startswith("_")})


async def viewer_zone(actor) -> str:
    """The zone a person's own pages (orders, wallet) show times in: their cooperative's when they
    belong to one, else the deployment's business zone (WIB unless set). The pages say whose it is
    (``zone_note``)."""
    if actor is not None and actor.cooperative_id:
        return (await zone_of(actor.cooperative_id)).key
    return runtime.current().timezone


def wants_block(request: Request) -> bool:
    """True when htmx asks for a part of the page (htmx 4 headers), not a whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
        and headers.get("HX-Request-Type", "partial") == "partial"
    )


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def locale_of(request: Request) -> str:
    """The language chosen in the session, else the deployment's default."""
    chosen = i18n.normalize(read_session(request).get("locale"))
    return chosen or i18n.normalize(request.app.state.settings.default_locale) or i18n.DEFAULT_LOCALE


def flash(request: Request, message: str, **params: Any) -> None:
    """Show *message* (a message id) once, on the next whole page this session sees."""
    read_session(request)["flash"] = [message, params]
    request.state.pk_session_dirty = True


def _take_flash(request: Request) -> str | None:
    session = read_session(request)
    if "flash" not in session:
        return None
    message, params = session.pop("flash")
    request.state.pk_session_dirty = True
    return i18n.gettext(message, **params)


def _save_session(request: Request, response: Response) -> None:
    if getattr(request.state, "pk_session_dirty", False):
        write_session(request, response, read_session(request))
        request.state.pk_session_dirty = False


def home_url(actor) -> str:
    """Where each role starts."""
    if actor is None:
        return "/"
    if actor.role == Role.OPERATOR:
        return "/operator/koperasi"
    if actor.role in (Role.MANAGER, Role.CASHIER) and actor.cooperative_id:
        return f"/koperasi/{actor.cooperative_id}/anggota"
    if actor.role == Role.MEMBER:
        return "/saya"
    if actor.role == Role.DPS and actor.cooperative_id:
        return f"/koperasi/{actor.cooperative_id}/rat"
    return "/"


def page(
    request: Request,
    template: str,
    ctx: dict[str, Any] | None = None,
    block: str | None = None,
    *,
    status_code: int = 200,
    oob: Sequence[str] = (),
) -> HTMLResponse:
    """Render *template* whole, or only *block* (plus *oob* blocks) for an htmx partial request."""
    locale = locale_of(request)
    i18n.current_locale.set(locale)
    context: dict[str, Any] = {
        "request": request,
        "actor": getattr(request.state, "actor", None),
        "csrf": csrf_token(request),
        "_": i18n.gettext,
        "locale": locale,
        "idr": format_idr,
        "flash": None,
        "home": home_url(getattr(request.state, "actor", None)),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "syariah": getattr(request.state, "syariah", False),  # the viewer's cooperative's words
        "stylesheet": assets.stylesheet(),  # inline on a first view, else from the browser's store
        "stylesheet_kept": assets.stylesheet_kept(request.cookies),
    }
    context.update(ctx or {})
    if block is not None and wants_block(request):
        html = render_blocks(env, template, [block, *oob], **context)
    else:
        context["flash"] = context["flash"] or _take_flash(request)
        html = env.get_template(template).render(context)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    response.headers["Cache-Control"] = "no-store"
    _save_session(request, response)
    return response


def redirect(request: Request, url: str) -> Response:
    """See-other to *url*; htmx gets ``HX-Redirect`` instead, as fetch would follow a 303 silently."""
    if is_htmx(request):
        response: Response = Response(status_code=200, headers={"HX-Redirect": url})
    else:
        response = RedirectResponse(url, status_code=303)
    response.headers["Vary"] = "HX-Request"
    _save_session(request, response)
    return response


def login_redirect(request: Request) -> Response:
    """To the login page, coming back here after (for an htmx post: to the page it came from)."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if is_htmx(request) and request.method != "GET":
        here = path_of(request.headers.get("HX-Current-URL")) or "/"
    return redirect(request, "/masuk?next=" + quote(here, safe="/"))


def safe_next(url: str | None) -> str | None:
    """A redirect target only when it is a path on this site (not ``//host``, not a scheme)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    return url


def path_of(url: str | None) -> str | None:
    """The path and query of a full URL the browser sent about itself (Referer, HX-Current-URL)."""
    if not url:
        return None
    parts = urlsplit(url)
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """The error as a page, or as the ``error`` block when htmx swaps it into a region."""
    return page(
        request,
        "errors/error.html",
        {"status": status_code, "message": message},
        block="error",
        status_code=status_code,
    )
