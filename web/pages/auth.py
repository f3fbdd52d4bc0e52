"""Landing page, signing in and out, and the language switch."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Depends, Request

from market import service
from market.errors import TooManyAttempts, Unauthorized
from market.http import begin_session, client_ip, end_session, read_session, throttle_of
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
            actor = await service.log_in(email, password, client_ip=client_ip(request), throttle=throttle_of(request))
        except TooManyAttempts as exc:
            minutes = max(1, math.ceil(exc.retry_after_s / 60))
            ctx: dict[str, Any] = {"email": email, "errors": {}, "next": next_url, "retry_minutes": minutes}
            response = page(request, "auth/login.html", ctx, status_code=429)
            response.headers["Retry-After"] = str(exc.retry_after_s)
            return response
        except Unauthorized as exc:
            errors["password"] = exc.detail
    if errors:
        ctx = {"email": email, "errors": errors, "next": next_url}
        return page(request, "auth/login.html", ctx, status_code=422)
    # A new server-side session and a new CSRF token on every sign-in (the old id ends); only the
    # chosen language carries over, and the visitor's cart merges into the account's.
    visitor = read_session(request).get("visitor")
    session = await begin_session(request, actor.user_id)
    cart = await (
        orders.merge_visitor_cart(visitor, actor.user_id) if visitor else orders.get_cart(user_id=actor.user_id)
    )
    session["cart_n"] = cart.count
    return redirect(request, next_url or home_url(actor))


@router.post("/keluar", dependencies=[Depends(csrf_checked)])
async def logout(request: Request):
    await end_session(request)
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
