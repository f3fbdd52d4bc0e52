"""The HTTP edge shared by every package's routes: who is asking, sessions, CSRF, and errors as
RFC 9457 ``application/problem+json``."""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import secrets
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from market import runtime
from market import scopes as scopes_
from market.errors import DomainError, Forbidden, ScopeMissing, Unauthorized
from market.service import Actor, Role, actor_by_id, actor_by_token, is_syariah
from market.service import sessions as sessions_
from market.service import throttle as throttle_
from market.service.users import DPS_WRITES
from market.validation import field_messages

log = logging.getLogger("market.http")
SESSION_COOKIE = "pk_session"
CSRF_HEADER = "X-CSRF-Token"
PROBLEM = "application/problem+json"
# The process's runtime (adapters and rule numbers), for a route to hand to the service it calls.
RuntimeDep = Annotated[runtime.Runtime, Depends(runtime.current)]


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": f"/problems/{code}", "code": code, "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    return field_messages(list(exc.errors()))  # pydantic's words in Indonesian


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError):
        response = problem(exc.status, exc.code, exc.title, exc.detail, field=exc.field, **exc.extra)
        if "retry_after_s" in exc.extra:
            response.headers["Retry-After"] = str(exc.extra["retry_after_s"])
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        if any(err.get("loc", ("",))[0] == "path" for err in exc.errors()):
            # an id out of range or not a number names no resource
            return problem(404, "market.not_found", "Tidak ditemukan", "Alamat ini tidak menunjuk data apa pun")
        errors = _field_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
        return problem(422, "market.invalid_input", "Data tidak valid", detail, errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "market.internal_error", "Kesalahan server", "Terjadi kesalahan; sudah dicatat.")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        codes = {
            400: "market.bad_request",
            404: "market.not_found",
            405: "market.method_not_allowed",
            401: "market.unauthorized",
            403: "market.forbidden",
        }
        code = codes.get(exc.status_code, f"market.http_{exc.status_code}")
        response = problem(exc.status_code, code, str(exc.detail), str(exc.detail))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:  # every method of the path, not only those of the first route
            response.headers["Allow"] = ", ".join(allowed_methods(request)) or response.headers.get("Allow", "")
        return response


def allowed_methods(request: Request) -> list[str]:
    """The methods some route serves at the request's path."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        match, _ = route._effective_route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(route.methods or ())
    return sorted(methods)


# Sessions -------------------------------------------------------------------------------------
# The signed cookie holds the anonymous state (CSRF token, visitor cart, language, flash) and, when
# signed in, the random id of a server-side session (``sid``). Identity comes only from that
# session being live in the store (market.service.sessions), never from the cookie itself.


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="pk-session")


def session_store(request: Request) -> sessions_.SessionStore:
    return getattr(request.app.state, "sessions", None) or sessions_.current()


def throttle_of(request: Request) -> throttle_.Throttle:
    return getattr(request.app.state, "throttle", None) or throttle_.current()


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def read_session(request: Request) -> dict[str, Any]:
    if "pk_session" in request.scope.get("state", {}):
        return request.state.pk_session
    raw = request.cookies.get(SESSION_COOKIE)
    data: dict[str, Any] = {}
    if raw:
        try:
            data = _serializer(request).loads(raw, max_age=request.app.state.settings.session_max_age_s)
        except BadSignature:
            data = {}
    request.state.pk_session = data
    return data


def write_session(request: Request, response, data: dict[str, Any]) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        _serializer(request).dumps(data),
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=bool(settings.secure_cookies),
    )
    request.state.pk_session = data


def session_id(request: Request) -> str | None:
    sid = read_session(request).get("sid")
    return sid if isinstance(sid, str) else None


def _fresh_cookie(request: Request, **data: Any) -> dict[str, Any]:
    """Cookie data with a new CSRF token; only the chosen language carries over."""
    fresh: dict[str, Any] = {"csrf": secrets.token_urlsafe(24), **data}
    locale = read_session(request).get("locale")
    if locale:
        fresh["locale"] = locale
    request.state.pk_session = fresh
    request.state.pk_session_dirty = True
    return fresh


async def begin_session(request: Request, user_id: int) -> dict[str, Any]:
    """Sign *user_id* in: a new server-side session (the cookie's previous one ends) and a new
    CSRF token. Returns the cookie data, written with the response."""
    sid = await sessions_.start(
        user_id,
        user_agent=request.headers.get("user-agent", ""),
        client_ip=client_ip(request),
        replaces=session_id(request),
        store=session_store(request),
    )
    return _fresh_cookie(request, sid=sid)


async def end_session(request: Request) -> None:
    """Sign out: the server-side session ends, the cookie keeps only the language."""
    sid = session_id(request)
    if sid:
        await sessions_.end(sid, store=session_store(request))
    _fresh_cookie(request)


def csrf_token(request: Request) -> str:
    """The session's CSRF token (a fresh session gets one when the response is written), masked
    anew on every call: pages travel compressed and echo what people type, so the secret itself
    never appears in them (BREACH); ``check_csrf`` takes any masking of it."""
    session = read_session(request)
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
        request.state.pk_session_dirty = True
    secret = session["csrf"].encode()
    pad = secrets.token_bytes(len(secret))
    return base64.urlsafe_b64encode(pad + bytes(a ^ b for a, b in zip(pad, secret, strict=True))).decode()


def _csrf_matches(expected: str, sent: str) -> bool:
    """*sent* is the session's token, bare or masked by ``csrf_token``."""
    secret = expected.encode()
    if hmac.compare_digest(secret, sent.encode()):
        return True
    try:
        data = base64.urlsafe_b64decode(sent.encode())
    except (ValueError, binascii.Error):
        return False
    pad, masked = data[: len(secret)], data[len(secret) :]
    if len(masked) != len(pad):
        return False
    return hmac.compare_digest(secret, bytes(a ^ b for a, b in zip(pad, masked, strict=True)))


async def check_csrf(request: Request, form_token: str | None = None) -> None:
    expected = read_session(request).get("csrf")
    sent = request.headers.get(CSRF_HEADER) or form_token
    if not expected or not sent or not _csrf_matches(expected, sent):
        raise Forbidden("Token CSRF tidak valid; muat ulang halaman lalu coba lagi")


# Who is asking ---------------------------------------------------------------------------------


async def current_actor(request: Request) -> Actor | None:
    """The actor from a bearer API token, or else from the cookie's live server-side session."""
    if hasattr(request.state, "actor"):
        return request.state.actor
    actor = None
    request.state.auth_via = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        actor = await actor_by_token(auth[7:].strip())
        if actor is None:
            raise Unauthorized("Token API tidak valid")
        if actor.scopes is not None and not request.url.path.startswith("/api/"):
            raise ScopeMissing("Token koperasi hanya untuk API JSON (/api/v1), bukan halaman")
        _check_scope(request, actor)  # also where a route reads the caller without requiring one
        request.state.auth_via = "token"
    else:
        sid = session_id(request)
        user_id = await sessions_.user_of(sid, store=session_store(request)) if sid else None
        if user_id is not None:
            actor = await actor_by_id(user_id)
            request.state.auth_via = "session" if actor else None
    request.state.actor = actor
    if (
        actor is not None
        and actor.role == Role.DPS
        and request.method not in SAFE_METHODS
        and not request.url.path.endswith(DPS_WRITES)
    ):
        raise Forbidden("Dewan Pengawas Syariah hanya membaca; tanda tangan dokumen RAT ada di halaman rapat")
    # The words of the actor's own cooperative (market.terms): a syariah one's pages say its terms.
    request.state.syariah = await is_syariah(actor.cooperative_id) if actor and actor.cooperative_id else False
    return actor


async def require_actor(actor: Actor | None = Depends(current_actor)) -> Actor:
    if actor is None:
        raise Unauthorized("Silakan masuk atau kirim token API (Authorization: Bearer …)")
    return actor


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _declared_scope(route: Any) -> str | None:
    """The scope a route asks for through ``require_scope`` (in its own dependencies), if any."""
    dependant = getattr(route, "dependant", None)
    stack = list(getattr(dependant, "dependencies", ()))
    while stack:
        dep = stack.pop()
        scope = getattr(dep.call, "pk_scope", None)
        if scope:
            return scope
        stack.extend(dep.dependencies)
    return None


def _check_scope(request: Request, actor: Actor) -> None:
    if actor.scopes is None:
        return
    route = request.scope.get("route")
    method = "GET" if request.method == "HEAD" else request.method
    scope = _declared_scope(route) or scopes_.scope_for(method, getattr(route, "path", request.url.path))
    if scope == scopes_.ANY or (scope is not None and scope in actor.scopes):
        return
    if scope is None:
        raise ScopeMissing("Token koperasi tidak dapat dipakai untuk tindakan ini")
    raise ScopeMissing(f"Token ini tidak mencakup '{scope}'", scope=scope)


async def api_actor(request: Request, actor: Actor = Depends(require_actor)) -> Actor:
    """The actor of a JSON API call; a change needs the CSRF header unless a valid bearer token
    (not merely some Authorization header) authenticated it. A cooperative's token reaches only
    the routes its scopes open (market.scopes): 403 ``market.scope_missing`` elsewhere."""
    if request.method not in SAFE_METHODS and getattr(request.state, "auth_via", None) != "token":
        await check_csrf(request)
    _check_scope(request, actor)
    return actor


def require_scope(scope: str):
    """A route dependency giving the API actor, for a route that a cooperative's token reaches
    with *scope* (``actor: Actor = Depends(require_scope("pos"))``). People (sessions, their own
    tokens) pass on their role as everywhere; the route still checks that role."""
    if scope not in scopes_.SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    async def scoped_actor(request: Request, actor: Actor = Depends(require_actor)) -> Actor:
        if request.method not in SAFE_METHODS and getattr(request.state, "auth_via", None) != "token":
            await check_csrf(request)
        if not actor.may_use(scope):
            raise ScopeMissing(f"Token ini tidak mencakup '{scope}'", scope=scope)
        return actor

    scoped_actor.pk_scope = scope  # type: ignore[attr-defined]
    return scoped_actor
