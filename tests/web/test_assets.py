"""Weight on the wire: pages and JSON compressed, static files under hashed names cached for a year
and precompressed (web.assets, ServeStatic), built once per version of the files."""

from __future__ import annotations

import re

import pytest
import rcssmin
import rjsmin

from web import assets

BROTLI = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends
GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture
async def web(client):
    return client


async def test_a_page_links_its_static_files_by_hashed_name_and_they_are_cached_for_a_year(web):
    # when
    page = await web.get("/masuk", headers=BROTLI)
    # then: the page itself travels compressed, never cached
    assert page.headers["content-encoding"] == "br"
    assert page.headers["cache-control"] == "no-store"
    assert {"HX-Request", "Accept-Encoding"} <= {v.strip() for v in page.headers["vary"].split(",")}
    htmx = re.search(r'"(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', page.text)
    assert htmx, "the page links the hashed names"
    css = re.fullmatch(r"/static/app\.[0-9a-f]{12}\.css", assets.url("app.css"))  # inline on a first view,
    assert css  # linked when a browser's store lost it (tests/web/test_inline_stylesheet.py)
    for url, source in ((css[0], "app.css"), (htmx[1], "vendor/htmx/htmx.min.js")):
        served = await web.get(url, headers=BROTLI)
        assert served.status_code == 200
        assert served.headers["cache-control"] == "max-age=315360000, public, immutable"
        assert served.headers["content-encoding"] == "br"
        assert int(served.headers["content-length"]) < len((assets.SOURCE / source).read_bytes()) / 2
        written = (assets.SOURCE / source).read_text()
        minified = rcssmin.cssmin(written) if source.endswith(".css") else rjsmin.jsmin(written)
        assert served.text == minified  # minified, then compressed
        plain = await web.get(url, headers={"Accept-Encoding": "identity"})
        assert plain.content == (assets.SOURCE / source).read_bytes()  # as written


async def test_gzip_for_a_client_without_brotli_and_nothing_for_one_that_asks_none(web):
    # when
    gzipped = await web.get("/masuk", headers=GZIP)
    plain = await web.get("/masuk", headers={"Accept-Encoding": "identity"})
    css = await web.get(assets.url("app.css"), headers=GZIP)
    # then
    assert gzipped.headers["content-encoding"] == "gzip" and css.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert "<!doctype html>" in gzipped.text and "<!doctype html>" in plain.text


async def test_json_is_compressed_too(web):
    # when
    described = await web.get("/openapi.json", headers=BROTLI)
    # then
    assert described.headers["content-encoding"] == "br"
    assert int(described.headers["content-length"]) < len(described.content) / 3
    assert described.json()["info"]["title"] == "Pasar Koperasi"


def test_the_files_are_built_once_per_version_under_a_new_name(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "_current", {})  # this test's manifest stays its own
    # given: a source folder and its build
    source = tmp_path / "src"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: #123456; }\n" * 50)
    first = assets.build(tmp_path / "out", source)
    built = assets.load(first)
    # then: hashed, compressed, the original name kept
    hashed = built["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert {p.name for p in (first / "css").iterdir()} >= {
        "site.css",
        hashed[4:],
        hashed[4:] + ".br",
        hashed[4:] + ".gz",
    }
    assert assets.url("css/site.css") == "/static/" + hashed
    # when: built again unchanged, then after an edit
    again = assets.build(tmp_path / "out", source)
    (source / "css" / "site.css").write_text("body { color: #654321; }\n")
    edited = assets.build(tmp_path / "out", source)
    # then: the same folder first, a new one with a new hash after the edit; no scratch left
    assert again == first and edited != first
    assert assets.load(edited)["css/site.css"] != hashed
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([first.name, edited.name])


async def test_the_csrf_secret_never_travels_in_a_compressed_page_yet_every_masking_of_it_is_taken(web):
    # given: two renderings of the login form in one session
    first = await web.get("/masuk")
    second = await web.get("/masuk")
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', p.text)[1] for p in (first, second)]
    # then: a new masking each time (BREACH: a compressed page holds no constant secret)
    assert tokens[0] != tokens[1]
    # when: the form is sent with the older masking, then with a forged one
    bad = tokens[1][:-4] + ("AAAA" if not tokens[1].endswith("AAAA") else "BBBB")
    taken = await web.post("/masuk", data={"email": "x@example.id", "password": "salah", "csrf_token": tokens[0]})
    forged = await web.post("/masuk", data={"email": "x@example.id", "password": "salah", "csrf_token": bad})
    # then: the first reaches the login check (a wrong password), the forged one does not
    assert taken.status_code != 403 and "Token CSRF tidak valid" not in taken.text
    assert forged.status_code == 403 and "Token CSRF tidak valid" in forged.text
