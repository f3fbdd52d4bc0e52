"""page(): the whole page for a browser, only the named block for an htmx partial request."""

import pytest

from market.schemas import Role
from tests.builders import make_coop, make_member
from tests.web.helpers import HTMX, signed_in


async def test_members_page_is_whole_for_a_browser_and_only_the_rows_block_for_htmx(client):
    # given
    coop = await make_coop()
    await make_member(coop.id, name="Siti Rahayu")
    await make_member(coop.id, name="Budi Santoso")
    await signed_in(client, Role.MANAGER, coop.id)
    # when
    whole = await client.get(f"/koperasi/{coop.id}/anggota")
    block = await client.get(f"/koperasi/{coop.id}/anggota?q=siti", headers=HTMX)
    # then
    assert whole.status_code == 200
    assert whole.text.lstrip().startswith("<!doctype html>")
    assert '<meta name="csrf-token"' in whole.text and 'id="member-rows"' in whole.text
    assert block.status_code == 200
    assert block.text.lstrip().startswith('<div id="member-rows"')
    assert "<html" not in block.text and "<header" not in block.text
    assert "Siti Rahayu" in block.text and "Budi Santoso" not in block.text
    assert whole.headers["vary"].startswith("HX-Request")
    assert block.headers["vary"].startswith("HX-Request")


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Request-Type": "full"},
    ],
    ids=["boosted", "history-restore", "request-type-full"],
)
async def test_htmx_requests_for_a_whole_page_get_the_whole_page(client, headers):
    # given
    coop = await make_coop()
    await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.get(f"/koperasi/{coop.id}/anggota", headers=headers)
    # then
    assert response.text.lstrip().startswith("<!doctype html>")
    assert response.headers["vary"].startswith("HX-Request")


async def test_a_partial_request_type_gets_the_block(client):
    # given
    coop = await make_coop()
    await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.get(
        f"/koperasi/{coop.id}/anggota", headers={"HX-Request": "true", "HX-Request-Type": "partial"}
    )
    # then
    assert response.text.lstrip().startswith('<div id="member-rows"')


async def test_a_fresh_visitor_gets_a_session_cookie_with_the_csrf_token_of_the_page(client):
    # when
    response = await client.get("/masuk")
    # then
    assert "pk_session" in response.headers.get("set-cookie", "")
    assert 'name="csrf-token" content="' in response.text
    assert 'hx-headers:inherited=\'{"X-CSRF-Token": "' in response.text
