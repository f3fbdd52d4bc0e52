"""A browser that asks for a page that does not exist, or meets a server error, gets an HTML page in
its language; the JSON API and clients that do not ask for HTML keep problem+json."""

from __future__ import annotations

import httpx
import pytest

from market.schemas import Role
from tests.builders import make_coop
from tests.web.helpers import HTMX, signed_in

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


async def test_a_missing_page_is_an_html_page_in_the_visitors_language(client):
    # when: in Indonesian (the default), then after choosing English
    indonesian = await client.get("/tidak-ada-halaman-ini", headers=BROWSER)
    await client.get("/bahasa/en?next=/")
    english = await client.get("/tidak-ada-halaman-ini", headers=BROWSER)
    # then
    assert indonesian.status_code == english.status_code == 404
    assert indonesian.headers["content-type"].startswith("text/html")
    assert "<!doctype html>" in indonesian.text and '<html lang="id">' in indonesian.text
    assert "Tidak ditemukan" in indonesian.text and "Halaman tidak ditemukan" in indonesian.text
    assert '<html lang="en">' in english.text and "Page not found" in english.text


async def test_the_missing_page_knows_who_is_signed_in_and_htmx_gets_only_the_error_block(client):
    # given
    coop = await make_coop()
    await signed_in(client, Role.MANAGER, coop.id)
    # when
    whole = await client.get("/tidak-ada", headers=BROWSER)
    block = await client.get("/tidak-ada", headers={**BROWSER, **HTMX})
    # then
    assert whole.status_code == 404 and "Keluar" in whole.text  # the header of a signed-in person
    assert block.status_code == 404 and block.text.lstrip().startswith('<section class="card error-page"')


@pytest.mark.parametrize(
    ("path", "accept"),
    [("/api/v1/tidak-ada", BROWSER["Accept"]), ("/tidak-ada", "application/json"), ("/tidak-ada", "*/*")],
    ids=["api-even-in-a-browser", "json-client", "any-client"],
)
async def test_the_api_and_non_browsers_keep_problem_json(client, path, accept):
    # when
    response = await client.get(path, headers={"Accept": accept})
    # then
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "market.not_found"


async def test_a_wrong_method_on_a_page_is_an_html_page_that_keeps_allow(client):
    # when
    response = await client.put("/masuk", headers=BROWSER)
    # then
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/html")
    assert "POST" in response.headers["allow"]


async def test_a_server_error_is_an_html_page_for_a_browser_and_a_problem_for_the_api(app):
    # given: a page and an API route that fail unexpectedly
    async def boom():
        raise RuntimeError("boom")

    app.add_api_route("/rusak", boom)
    app.add_api_route("/api/v1/rusak", boom)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as raw:
        # when
        page = await raw.get("/rusak", headers=BROWSER)
        api = await raw.get("/api/v1/rusak", headers=BROWSER)
    # then
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "Terjadi kesalahan" in page.text and "boom" not in page.text
    assert api.status_code == 500 and api.headers["content-type"] == "application/problem+json"
    assert api.json()["code"] == "market.internal_error"
