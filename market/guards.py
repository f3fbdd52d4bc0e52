"""One rule for text that no column can store: a NUL character (or, in JSON, a lone UTF-16
surrogate) anywhere a client sends text — the path, the query string, a header, a JSON body, a
form field or an uploaded file's name — is refused with 422 before any route sees it.

PostgreSQL's text types cannot hold U+0000 and neither engine's driver can encode a lone
surrogate, so such a value would otherwise fail deep inside a query as a 500. An ASGI middleware
rather than a validator on every field: it cannot be forgotten on a new route or form.

The JSON API answers with a problem body; a page (any path outside ``/api/``) answers with the
HTML error page when the web package registered one as ``app.state.input_refused_page``.
"""

from __future__ import annotations

import json
from typing import Any

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROBLEM = "application/problem+json"
MESSAGE = "Teks tidak boleh berisi karakter NUL (\\u0000) atau karakter yang tidak lengkap"
TEXT_BODIES = ("application/x-www-form-urlencoded",)


def storable(text: str) -> bool:
    """Whether *text* can be stored: no NUL, valid Unicode (no lone surrogates)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_refusal(value: Any, path: str = "") -> str | None:
    """The location of the first unstorable string (key or value) in a parsed JSON document."""
    if isinstance(value, str):
        return None if storable(value) else (path or "body")
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if not storable(key):
                return path or "body"
            found = _json_refusal(item, where)
            if found is not None:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found = _json_refusal(item, f"{path}.{n}" if path else str(n))
            if found is not None:
                return found
    return None


def _multipart_refusal(body: bytes, boundary: bytes) -> str | None:
    """A NUL in a part's headers (field name, file name) or in a part that is not a file."""
    state: dict[str, Any] = {"headers": b"", "is_file": False, "bad": None, "name": ""}

    def on_part_begin() -> None:
        state.update(headers=b"", is_file=False)

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["headers"] += data[start:end] + b"\n"

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["headers"] += data[start:end] + b":"

    def on_headers_finished() -> None:
        headers = state["headers"]
        for line in headers.split(b"\n"):
            field, _, value = line.partition(b":")
            if field.strip().lower() == b"content-disposition":
                _, options = parse_options_header(value)
                state["is_file"] = b"filename" in options or b"filename*" in options
                state["name"] = options.get(b"name", b"").decode("utf-8", "replace")
        if b"\x00" in headers and state["bad"] is None:
            state["bad"] = state["name"] or "body"

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if not state["is_file"] and state["bad"] is None and b"\x00" in data[start:end]:
            state["bad"] = state["name"] or "body"

    parser = MultipartParser(
        boundary,
        callbacks={
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except Exception:  # a malformed body: the route's own parser answers for it
        return state["bad"]
    return state["bad"]


def body_refusal(content_type: str, body: bytes) -> str | None:
    """Where *body* holds unstorable text, or None."""
    if not body:
        return None
    kind, options = parse_options_header(content_type)
    if kind == b"multipart/form-data":
        boundary = options.get(b"boundary")
        return _multipart_refusal(body, boundary) if boundary else None
    if b"\x00" in body:
        return "body"
    if kind == b"application/x-www-form-urlencoded":
        return "body" if b"%00" in body else None
    if body.lstrip()[:1] in (b"{", b"[", b'"'):
        try:
            document = json.loads(body)
        except ValueError:  # not JSON after all, or malformed: the route answers for it
            return None
        return _json_refusal(document)
    return None


class RefuseUnstorableText:
    """ASGI middleware: 422 for a request carrying unstorable text (see the module's doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = self._head_refusal(scope)
        body: bytes | None = None
        if where is None and scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
            body, receive = await self._buffer(receive)
            headers = dict(scope.get("headers") or [])
            where = body_refusal(headers.get(b"content-type", b"").decode("latin-1"), body)
        if where is None:
            await self.app(scope, receive, send)
            return
        response = self._refusal(scope, where)
        await response(scope, receive, send)

    @staticmethod
    def _head_refusal(scope: Scope) -> str | None:
        if "\x00" in scope.get("path", ""):
            return "path"
        query = scope.get("query_string", b"")
        if b"\x00" in query or b"%00" in query:
            return "query"
        for name, value in scope.get("headers") or ():
            if b"\x00" in value or b"\x00" in name:
                return "header"
        return None

    @staticmethod
    async def _buffer(receive: Receive) -> tuple[bytes, Receive]:
        """The whole request body, and a receive that hands it to the app again."""
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away

                async def gone(message: Message = message) -> Message:
                    return message

                return b"", gone
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return body, replay

    @staticmethod
    def _refusal(scope: Scope, where: str):
        app = scope.get("app")
        page = getattr(getattr(app, "state", None), "input_refused_page", None)
        if page is not None and not scope.get("path", "").startswith("/api/"):
            return page(Request(scope), 422, MESSAGE)
        errors = [{"field": where, "message": MESSAGE}]
        body = {
            "type": "/problems/market.invalid_input",
            "code": "market.invalid_input",
            "title": "Data tidak valid",
            "status": 422,
            "detail": f"{where}: {MESSAGE}",
            "errors": errors,
        }
        return JSONResponse(body, status_code=422, media_type=PROBLEM)
