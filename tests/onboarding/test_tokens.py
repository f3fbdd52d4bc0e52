"""A cooperative's API tokens: made on its page with a name and scopes, shown once; a token
reaches only the routes its scopes open (403 ``market.scope_missing`` elsewhere, pages
included), a revoked one is refused (401) on its next request, and ``require_scope`` guards a
new route the same way. A person's own token keeps all their rights."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends

from market import service as market
from market.errors import Forbidden, InvalidInput
from market.http import require_scope
from market.schemas import Role
from market.service import Actor
from onboarding import service
from tests.builders import make_coop, make_user, token_for
from tests.onboarding.helpers import actions

pytestmark = pytest.mark.parametrize(
    "engine", ["sqlite"]
)  # the scope rules are the HTTP edge's, the same on both engines


async def _manager(coop_id: int) -> Actor:
    actor = await market.actor_by_id((await make_user(Role.MANAGER, coop_id)).id)
    assert actor is not None
    return actor


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_token_reaches_what_its_scopes_open_and_nothing_after_revocation(db, client):
    # given a catalog-reading token of a cooperative
    coop = await make_coop()
    manager = await _manager(coop.id)
    token, made = await service.create_token(coop.id, name="POS toko", scopes=["catalog:read"], actor=manager)
    auth = _bearer(token)
    # when / then: its scopes' routes answer, others are refused with the missing scope named
    assert (await client.get(f"/api/v1/cooperatives/{coop.id}/products", headers=auth)).status_code == 200
    me = await client.get("/api/v1/me", headers=auth)
    assert me.status_code == 200 and me.json()["cooperative_id"] == coop.id
    create = await client.post(f"/api/v1/cooperatives/{coop.id}/products", headers=auth, json={"name": "x"})
    books = await client.get(f"/api/v1/cooperatives/{coop.id}/reports/trial-balance", headers=auth)
    assert (create.status_code, create.json()["code"], create.json()["scope"]) == (
        403,
        "market.scope_missing",
        "catalog:write",
    )
    assert books.status_code == 403 and books.json()["scope"] == "accounting:read"
    tokens_api = await client.get(f"/api/v1/cooperatives/{coop.id}/api-tokens", headers=auth)
    page = await client.get(f"/koperasi/{coop.id}/anggota", headers=auth)
    assert tokens_api.status_code == 403 and page.status_code == 403  # no scope opens these
    # when revoked
    await service.revoke_token(coop.id, made.id, actor=manager)
    gone = await client.get(f"/api/v1/cooperatives/{coop.id}/products", headers=auth)
    # then
    assert gone.status_code == 401
    [listed] = await service.tokens(coop.id, actor=manager)
    assert listed.revoked_at is not None and listed.last_used_at is not None and listed.scopes == ["catalog:read"]
    assert await actions(coop.id) == ["token_created", "token_revoked"]


async def test_require_scope_guards_a_new_route_and_people_pass_on_their_role(db, app, client):
    # given a route of a later POS API
    pos = APIRouter()

    @pos.get("/api/v1/test-pos/{coop_id}")
    async def counter(coop_id: int, actor: Annotated[Actor, Depends(require_scope("pos"))]):
        market.require_coop(actor, coop_id)
        return {"ok": True}

    app.include_router(pos)
    coop = await make_coop()
    manager = await _manager(coop.id)
    with_pos, _ = await service.create_token(coop.id, name="Kasir", scopes=["pos", "members:read"], actor=manager)
    without, _ = await service.create_token(coop.id, name="Akuntansi", scopes=["accounting:read"], actor=manager)
    cashier = await make_user(Role.CASHIER, coop.id)
    # when
    allowed = await client.get(f"/api/v1/test-pos/{coop.id}", headers=_bearer(with_pos))
    refused = await client.get(f"/api/v1/test-pos/{coop.id}", headers=_bearer(without))
    person = await client.get(f"/api/v1/test-pos/{coop.id}", headers=await token_for(cashier))
    # then
    shop = await client.get("/api/v1/products", headers=_bearer(with_pos))  # a route that reads a caller if any
    assert allowed.status_code == 200 and person.status_code == 200
    assert shop.status_code == 403 and shop.json()["scope"] == "catalog:read"
    assert refused.status_code == 403 and refused.json()["scope"] == "pos"
    with pytest.raises(ValueError):
        require_scope("everything")


async def test_a_token_needs_a_name_and_known_scopes_and_only_a_manager_makes_one(db):
    coop = await make_coop()
    manager = await _manager(coop.id)
    with pytest.raises(InvalidInput):
        await service.create_token(coop.id, name="", scopes=["pos"], actor=manager)
    with pytest.raises(InvalidInput):
        await service.create_token(coop.id, name="x", scopes=["root"], actor=manager)
    cashier = await market.actor_by_id((await make_user(Role.CASHIER, coop.id)).id)
    assert cashier is not None
    with pytest.raises(Forbidden):
        await service.create_token(coop.id, name="x", scopes=["pos"], actor=cashier)
