"""Landing page, signing in and out, and the language switch."""

from __future__ import annotations

import secrets

from fastapi import Depends, Request

from market import service
from market.errors import Unauthorized
from market.http import read_session, write_session
from orders import service as orders
from web.i18n import LOCALES, N_
from web.render import error_page, flash, home_url, page, path_of, redirect, safe_next
from web.routing import csrf_checked, page_router

router = page_router()


@router.get("/")
async def home(request: Request):
    actor = request.state.actor
    if actor is not None and home_url(actor) != "/":
        return redirect(request, home_url(actor))
    return page(request, "home/landing.html")


@router.get("/masuk")
async def login_form(request: Request, next: str = ""):
    if request.state.actor is not None:
        return redirect(request, safe_next(next) or home_url(request.state.actor))
    return page(request, "auth/login.html", {"email": "", "errors": {}, "next": safe_next(next)})


@router.post("/masuk", dependencies=[Depends(csrf_checked)])
async def login(request: Request):
    form = await request.form()
    email = str(form.get("email", "")).strip()
    password = str(form.get("password", ""))
    next_url = safe_next(str(form.get("next", "")))
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = N_("Wajib diisi")
    if not password:
        errors["password"] = N_("Wajib diisi")
    if not errors:
        try:
            actor = await service.authenticate(email, password)
        except Unauthorized as exc:
            errors["password"] = exc.detail
    if errors:
        ctx = {"email": email, "errors": errors, "next": next_url}
        return page(request, "auth/login.html", ctx, status_code=422)
    # A new session and a new CSRF token on every sign-in; only the chosen language carries over,
    # and the visitor's cart merges into the account's.
    session: dict = {"uid": actor.user_id, "csrf": secrets.token_urlsafe(24)}
    if read_session(request).get("locale"):
        session["locale"] = read_session(request)["locale"]
    visitor = read_session(request).get("visitor")
    cart = await (orders.merge_visitor_cart(visitor, actor.user_id) if visitor else orders.get_cart(user_id=actor.user_id))
    session["cart_n"] = cart.count
    response = redirect(request, next_url or home_url(actor))
    write_session(request, response, session)
    return response


@router.post("/keluar", dependencies=[Depends(csrf_checked)])
async def logout(request: Request):
    locale = read_session(request).get("locale")
    request.state.pk_session = {"locale": locale} if locale else {}
    flash(request, N_("Anda sudah keluar."))
    return redirect(request, "/")


@router.get("/bahasa/{locale}")
async def switch_language(request: Request, locale: str, next: str = ""):
    """Choose the pages' language for this session, then go back where the user was."""
    if locale not in LOCALES:
        return error_page(request, 404, N_("Halaman tidak ditemukan"))
    read_session(request)["locale"] = locale
    request.state.pk_session_dirty = True
    back = safe_next(next) or path_of(request.headers.get("referer")) or "/"
    return redirect(request, back)
