"""How page routes answer when something stops them: not signed in → the login page; a domain
error (not found, forbidden, CSRF) → an HTML error page with its status; a malformed URL → 404.

The JSON API keeps its problem+json handlers; only routes built with ``PageRoute`` answer in HTML.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from market import service
from market.errors import DomainError, Forbidden, NotFound
from market.http import check_csrf, current_actor
from market.schemas import Role
from market.service import Actor
from web.i18n import N_
from web.render import error_page, login_redirect


class LoginRequired(Exception):
    """The page needs a signed-in user."""


class PageRoute(APIRoute):
    def get_route_handler(self):
        handler = super().get_route_handler()

        async def handle(request: Request):
            try:
                return await handler(request)
            except LoginRequired:
                return login_redirect(request)
            except DomainError as exc:
                if exc.status == 401:
                    return login_redirect(request)
                return error_page(request, exc.status, exc.detail)
            except RequestValidationError as exc:
                in_path = any(err.get("loc", ("",))[0] == "path" for err in exc.errors())
                if in_path:
                    return error_page(request, 404, N_("Halaman tidak ditemukan"))
                return error_page(request, 400, N_("Permintaan tidak valid"))

        return handle


def page_router() -> APIRouter:
    """A router whose routes answer in HTML and always know who is asking."""
    return APIRouter(route_class=PageRoute, include_in_schema=False, dependencies=[Depends(current_actor)])


async def signed_in(actor: Actor | None = Depends(current_actor)) -> Actor:
    if actor is None:
        raise LoginRequired()
    return actor


async def csrf_checked(request: Request) -> None:
    """Every form post carries the session's CSRF token (field ``csrf_token`` or htmx's header)."""
    form = await request.form()
    token = form.get("csrf_token")
    await check_csrf(request, token if isinstance(token, str) else None)


MANAGERS = frozenset({Role.MANAGER})


def may(actor: Actor, coop_id: int, roles: frozenset[Role] = MANAGERS) -> bool:
    """Whether the service's access rule lets *actor* do this (to show or hide a form); the
    Dewan Pengawas Syariah reads, and is shown no staff form."""
    if actor.role == Role.DPS:
        return False
    try:
        service.require_coop(actor, coop_id, roles=roles)
    except (Forbidden, NotFound):
        return False
    return True
