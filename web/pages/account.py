"""The signed-in user's own account: password change, the devices signed in, and "keluar dari
semua perangkat"."""

from __future__ import annotations

import math

from fastapi import Depends, Request

from market import service
from market.errors import InvalidInput, TooManyAttempts
from market.http import end_session, session_id, session_store, throttle_of
from market.service import Actor
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()


async def _account_page(
    request: Request, actor: Actor, errors: dict[str, str] | None = None, status_code: int = 200, retry_after_s: int = 0
):
    devices = await service.active_sessions(actor.user_id, store=session_store(request))
    current = service.sessions.digest(session_id(request) or "")
    timezone = request.app.state.settings.timezone
    if actor.cooperative_id is not None:  # the dates in the user's own cooperative's clock
        timezone = (await service.get_cooperative(actor.cooperative_id)).timezone
    ctx = {
        "devices": devices,
        "timezone": timezone,
        "current": current,
        "errors": errors or {},
        "retry_minutes": math.ceil(retry_after_s / 60),
    }
    response = page(request, "account/show.html", ctx, status_code=status_code)
    if retry_after_s:
        response.headers["Retry-After"] = str(retry_after_s)
    return response


@router.get("/akun")
async def account(request: Request, actor: Actor = Depends(signed_in)):
    return await _account_page(request, actor)


@router.post("/akun/kata-sandi", dependencies=[Depends(csrf_checked)])
async def change_password(request: Request, actor: Actor = Depends(signed_in)):
    form = await request.form()
    current = str(form.get("current_password", ""))
    new = str(form.get("new_password", ""))
    errors: dict[str, str] = {}
    if not current:
        errors["current_password"] = N_("Wajib diisi")
    if new != str(form.get("confirm_password", "")):
        errors["confirm_password"] = N_("Kata sandi baru dan ulangannya tidak sama")
    if not errors:
        try:
            ended = await service.change_password(
                actor.user_id,
                current,
                new,
                keep_session=session_id(request),
                store=session_store(request),
                throttle=throttle_of(request),
            )
        except TooManyAttempts as exc:
            return await _account_page(request, actor, status_code=429, retry_after_s=exc.retry_after_s)
        except InvalidInput as exc:
            errors[exc.field or "_form"] = exc.detail
        else:
            flash(request, N_("Kata sandi diganti; %(n)s sesi lain sudah dikeluarkan."), n=ended)
            return redirect(request, "/akun")
    return await _account_page(request, actor, errors, status_code=422)


@router.post("/akun/keluar-semua", dependencies=[Depends(csrf_checked)])
async def sign_out_everywhere(request: Request, actor: Actor = Depends(signed_in)):
    await service.end_all_sessions(actor.user_id, store=session_store(request))
    await end_session(request)
    flash(request, N_("Anda sudah keluar dari semua perangkat."))
    return redirect(request, "/masuk")
