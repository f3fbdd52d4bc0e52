"""The stylesheet off the first paint's critical path (issue 15, web.assets): a browser's first
page carries app.css inline and asks for nothing render-blocking; a page asked for with the
``pk_css`` cookie of the current version takes it from the browser's store (app.js put it there),
with the hashed file as the fallback; a stale cookie gets it inline again."""

from __future__ import annotations

import re

import rcssmin

from web import assets

BROTLI = {"Accept-Encoding": "gzip, deflate, br, zstd"}
HEAD = re.compile(r"<head>(.*?)</head>", re.S)
INLINE = re.compile(r'<style id="pk-css" data-version="([0-9a-f]{12})">(.*?)</style>', re.S)


def _version() -> str:
    hashed = re.fullmatch(r"/static/app\.([0-9a-f]{12})\.css", assets.url("app.css"))
    assert hashed, assets.url("app.css")
    return hashed[1]


def _render_blocking(head: str) -> list[str]:
    """What in a page's head would hold back its first paint: stylesheets it links, scripts it
    loads without defer or async."""
    links = re.findall(r"<link[^>]*rel=\"?stylesheet[^>]*>", head)
    scripts = [s for s in re.findall(r"<script[^>]*\ssrc=[^>]*>", head) if not re.search(r"\s(defer|async)\b", s)]
    return links + scripts


async def test_a_first_view_carries_the_stylesheet_inline_and_nothing_render_blocking(client):
    # when: a browser's first page (no cookie)
    page = await client.get("/masuk", headers=BROTLI)
    # then: app.css inline, minified as /static serves it, under the version of its hashed name
    head = HEAD.search(page.text)
    assert head, page.text[:300]
    inline = INLINE.search(head[1])
    assert inline, head[1][:600]
    assert inline[1] == _version()
    assert inline[2] == rcssmin.cssmin((assets.SOURCE / "app.css").read_text())
    # and nothing on the way to the paint: no stylesheet link, no blocking script, no preload header
    assert _render_blocking(head[1]) == []
    assert "link" not in page.headers
    assert "localStorage" not in head[1]


async def test_a_page_for_a_browser_that_keeps_the_current_stylesheet_takes_it_from_its_store(client):
    # given: the cookie app.js sets once it has kept the inline stylesheet
    client.cookies.set(assets.CSS_COOKIE, _version())
    # when
    page = await client.get("/masuk", headers=BROTLI)
    # then: an empty style the inline loader fills from localStorage, the hashed file if it is gone
    head = HEAD.search(page.text)
    assert head, page.text[:300]
    assert '<style id="pk-css"></style>' in head[1]
    assert INLINE.search(page.text) is None and ":root{" not in page.text
    assert 'localStorage.getItem("pk-css")' in head[1] and f'"{_version()}\\n"' in head[1]
    assert f'link.href = "{assets.url("app.css")}"' in head[1]
    assert 'link.setAttribute("blocking", "render")' in head[1]
    assert _render_blocking(head[1]) == []  # the fallback link is made by script, only when needed


async def test_a_stale_or_foreign_cookie_gets_the_stylesheet_inline_again(client):
    for value in ("000000000000", _version() + "x", ""):
        # given
        client.cookies.set(assets.CSS_COOKIE, value)
        # when
        page = await client.get("/masuk")
        # then
        inline = INLINE.search(page.text)
        assert inline and inline[1] == _version(), value


def test_app_js_keeps_what_the_pages_read_under_the_same_names():
    # given: the script every page loads
    script = (assets.SOURCE / "app.js").read_text()
    # then: it keeps the inline stylesheet under the key the loader reads, its version first, and
    # sets the cookie the server reads
    assert 'localStorage.setItem("pk-css", `${sheet.dataset.version}\\n${sheet.textContent}`)' in script
    assert f"document.cookie = `{assets.CSS_COOKIE}=${{sheet.dataset.version}};" in script
