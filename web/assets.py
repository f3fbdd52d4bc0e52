"""The static files (web/static) as the browser gets them: content-hashed names cached for a year,
precompressed (CSS and JS minified, then brotli and gzip; a client that takes neither gets the
file as written), served by ServeStatic (WhiteNoise's ASGI successor).

At start-up ``build`` hands the source folder to ServeStatic's own processing (copy, hash, write
the ``staticfiles.json`` manifest, compress) into ``<STATIC_DIR>/<digest of the sources>``, once
per version of the files: later starts of the same version, other workers and test apps find it
built. A folder is built beside its final name and renamed into place, so two processes starting
together never serve a half-written one. Templates name a file by its source path,
``static("app.css")``, and get ``/static/app.<hash>.css``; the original names stay served too
(cached a minute) for anything that still links them.

The stylesheet is not a request on the pages' critical path (issue 15): on a slow link its own
round trip was most of the first paint. A browser's first page carries it inline, as served
minified (``stylesheet()``); app.js keeps that text in localStorage under its version (the
hashed name's digest) and says so in the ``pk_css`` cookie; a page asked for with that cookie
carries an empty ``<style>`` that a few lines of inline script fill from localStorage, or, when it
is not there (storage cleared), a link to the hashed file, render-blocking. Why not the usual
"inline the critical part, cache the file": the first view's bytes budget (25 KB, htmx alone is
12 KB) leaves room for the stylesheet once, not for a copy of part of it as well.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import rcssmin
from markupsafe import Markup

SOURCE = Path(__file__).parent / "static"
PREFIX = "/static/"
MANIFEST = "staticfiles.json"
# How ServeStatic processes the files (part of the digest: another way is another build).
OPTIONS = ("--all", "--copy-original", "--minify", "--no-zstd", "--quiet")

STYLESHEET = "app.css"
CSS_COOKIE = "pk_css"  # the version of the stylesheet this browser keeps (app.js sets it)


@dataclass(frozen=True)
class Stylesheet:
    version: str  # the digest in its hashed name; a new one whenever the file changes
    text: Markup  # minified, exactly what /static serves compressed


_built: dict[Path, dict[str, str]] = {}
_current: dict[str, str] = {}
_sheets: dict[str, Stylesheet] = {}  # by hashed name (content-addressed), or by the source's name


def digest(source: Path = SOURCE) -> str:
    """A short digest of every file's path and content under *source*, and of how they are built."""
    hasher = hashlib.sha256(repr(OPTIONS).encode())
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(source).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


def build(build_root: Path, source: Path = SOURCE) -> Path:
    """The processed copy of *source* under *build_root* (made unless already there); its folder."""
    from servestatic import cli

    target = Path(build_root).resolve() / digest(source)
    if (target / MANIFEST).exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        cli.main([*OPTIONS, str(source), str(scratch)])
        try:
            os.rename(scratch, target)
        except OSError:  # another process put the same version in place first
            if not (target / MANIFEST).exists():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def load(folder: Path) -> dict[str, str]:
    """Make *folder*'s manifest the one ``url`` reads; the manifest (source path -> hashed path)."""
    if folder not in _built:
        _built[folder] = json.loads((folder / MANIFEST).read_text())["paths"]
    _current.clear()
    _current.update(_built[folder])
    hashed = _current.get(STYLESHEET)  # app.<digest>.css
    if hashed and hashed not in _sheets:
        _sheets[hashed] = _inline((folder / hashed).read_text(), hashed.rsplit(".", 2)[-2])
    return _current


def url(name: str) -> str:
    """The URL of static file *name* (``app.css``) under its hashed name; the plain name if the
    files were not built (a template rendered without the app)."""
    return PREFIX + _current.get(name, name)


def _inline(written: str, version: str) -> Stylesheet:
    text = rcssmin.cssmin(written)
    if "</style" in text.lower():
        raise ValueError(f"{STYLESHEET} cannot be inlined: it contains </style")
    return Stylesheet(version, Markup(text))  # our own file, checked above


def stylesheet() -> Stylesheet:
    """app.css as a page carries it inline: the built file's (``load``), else (a template rendered
    without the app) the source's; minified as ServeStatic minifies it."""
    hashed = _current.get(STYLESHEET, STYLESHEET)
    if hashed not in _sheets:
        written = (SOURCE / STYLESHEET).read_text()
        _sheets[hashed] = _inline(written, hashlib.sha256(written.encode()).hexdigest()[:12])
    return _sheets[hashed]


def stylesheet_kept(cookies: dict[str, str]) -> bool:
    """True when the browser says (``pk_css``) it keeps the current stylesheet."""
    return cookies.get(CSS_COOKIE) == stylesheet().version


def install(app, build_root: Path) -> None:
    """Serve the built files under /static from *app*, in front of its routes."""
    from servestatic import ServeStaticASGI

    folder = build(build_root)
    load(folder)
    app.add_middleware(ServeStaticASGI, root=str(folder), prefix=PREFIX)
