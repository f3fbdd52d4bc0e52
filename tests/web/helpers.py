"""What web tests share: signing in as a fresh user of a role, and reading a page's CSRF token."""

from __future__ import annotations

import re

import httpx

from market.schemas import Role
from tests.builders import login, make_user

HTMX = {"HX-Request": "true"}


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def form_value(html: str, name: str = "idempotency_key", form_id: str | None = None) -> str:
    """The value of the hidden field *name* (a form's idempotency key by default), in the form with
    id *form_id* if given, else the first on the page."""
    if form_id is not None:
        html = html[html.index(f'id="{form_id}"') :]
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, f"no field {name} on the page"
    return match.group(1)


def field_error(html: str, field_id: str) -> str | None:
    """The error message shown next to the form control with id *field_id*."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>', html)
    return match.group(1) if match else None


async def signed_in(
    client: httpx.AsyncClient, role: Role | str, coop_id: int | None = None, member_id: int | None = None
) -> str:
    """Log a new user of *role* in through the form; return the session's CSRF token."""
    user = await make_user(role, coop_id=coop_id, member_id=member_id)
    response = await login(client, user.email)
    assert response.status_code == 303, response.text
    return await csrf_now(client)


async def csrf_now(client: httpx.AsyncClient) -> str:
    """The CSRF token of the current session, read from the home page's logout form."""
    page = await client.get("/", follow_redirects=True)
    return csrf_of(page.text)
