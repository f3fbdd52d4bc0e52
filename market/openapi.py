"""The OpenAPI document says what the API really answers: the bearer security scheme on every
authenticated operation, and each operation's error responses as ``application/problem+json``
(RFC 9457) with the problem codes it can return — generated from the typed errors
(``market.errors.DomainError`` subclasses and each package's ``errors.py``), never written by hand.

Two sources, merged per operation:

* what every operation shares, read from the route itself: 422 ``invalid_input`` (the body
  ``market.http`` sends for a validation error, with its ``errors`` list — and the NUL guard's);
  400 when it reads a body that may not parse; 401 when it reads the caller (an invalid token);
  403 when it needs one (a role or the CSRF check refuses); 404 when it has path parameters.
* what only some operations raise, declared on the route with ``responses=responses_for(...)``
  naming the error classes (a conflict, an insufficient balance, the provider's refusal...).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from market.errors import (
    DomainError,
    Forbidden,
    IdempotencyInProgress,
    IdempotencyKeyReused,
    InvalidInput,
    NotFound,
    Unauthorized,
)

PROBLEM = "application/problem+json"
PROBLEM_REF = "#/components/schemas/Problem"
VALIDATION_REF = "#/components/schemas/ValidationProblem"
BEARER = "bearer"


class BadRequest(DomainError):
    """A body that cannot be parsed at all (answered by the HTTP edge, not raised by services)."""

    code = "market.bad_request"
    status = 400
    title = "Permintaan tidak dapat dibaca"


SCHEMAS: dict[str, dict[str, Any]] = {
    "Problem": {
        "title": "Problem",
        "description": "An RFC 9457 problem; `code` is stable, `detail` is for people.",
        "type": "object",
        "required": ["type", "code", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "description": "`/problems/<code>`"},
            "code": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "field": {"type": "string", "description": "the input field the problem is about"},
        },
        "additionalProperties": True,
    },
    "FieldError": {
        "title": "FieldError",
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    },
    "ValidationProblem": {
        "title": "ValidationProblem",
        "description": "422: the request did not validate; one entry per refused field.",
        "allOf": [
            {"$ref": PROBLEM_REF},
            {
                "type": "object",
                "properties": {"errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}},
            },
        ],
    },
}


def _example(error: type[DomainError]) -> dict[str, Any]:
    return {
        "summary": error.title,
        "value": {
            "type": f"/problems/{error.code}",
            "code": error.code,
            "title": error.title,
            "status": error.status,
            "detail": error.title,
        },
    }


# What any operation taking an Idempotency-Key may answer besides its own errors.
IDEMPOTENCY_ERRORS: tuple[type[DomainError], ...] = (IdempotencyKeyReused, IdempotencyInProgress)


def responses_for(*errors: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """The responses of *errors*, one per status, each listing its problem codes."""
    by_status: dict[int, list[type[DomainError]]] = defaultdict(list)
    for error in errors:
        if error not in by_status[error.status]:
            by_status[error.status].append(error)
    responses: dict[int | str, dict[str, Any]] = {}
    for status, group in sorted(by_status.items()):
        ref = VALIDATION_REF if status == 422 else PROBLEM_REF
        codes = ", ".join(f"`{e.code}`" for e in group)
        responses[status] = {
            "description": f"{HTTPStatus(status).phrase}: {codes}",
            "content": {PROBLEM: {"schema": {"$ref": ref}, "examples": {e.code: _example(e) for e in group}}},
        }
    return responses


def _merge(into: dict[str, Any], extra: dict[int | str, dict[str, Any]]) -> None:
    """Add *extra* responses to an operation's, merging the codes of a status both have."""
    for status, response in extra.items():
        key = str(status)
        have = into.get(key)
        if have is None or PROBLEM not in have.get("content", {}):
            into[key] = response
            continue
        examples = have["content"][PROBLEM].setdefault("examples", {})
        for code, example in response["content"][PROBLEM]["examples"].items():
            examples.setdefault(code, example)
        codes = ", ".join(f"`{code}`" for code in examples)
        have["description"] = f"{HTTPStatus(int(key)).phrase}: {codes}"


def _calls(dependant) -> Iterable[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _shared_errors(route) -> list[type[DomainError]]:
    from market.http import current_actor, require_actor

    calls = set(_calls(route.dependant))
    errors: list[type[DomainError]] = [InvalidInput]
    if route.body_field is not None:
        errors.append(BadRequest)
    if current_actor in calls or require_actor in calls:
        errors.append(Unauthorized)
    if require_actor in calls:
        errors.append(Forbidden)
    if route.dependant.path_params:
        errors.append(NotFound)
    return errors


def _security(route) -> list[dict[str, list[str]]] | None:
    from market.http import current_actor, require_actor

    calls = set(_calls(route.dependant))
    if require_actor in calls:
        return [{BEARER: []}]
    if current_actor in calls:
        return [{}, {BEARER: []}]  # anonymous callers too; a token shows more
    return None


def document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with security and problem responses filled in."""
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(SCHEMAS)
    components["securitySchemes"] = {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token: `market users add EMAIL --role … --print-token`.",
        }
    }
    for route in iter_route_contexts(app.routes):  # routes of included routers too
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():  # an APIRoute always has its methods
            operation = schema["paths"][route.path_format].get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            shared = responses_for(*_shared_errors(route))
            if PROBLEM not in responses.get("422", {}).get("content", {PROBLEM: None}):
                del responses["422"]  # FastAPI's HTTPValidationError: not the body sent
            _merge(responses, shared)
            security = _security(route)
            if security is not None:
                operation["security"] = security
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def csv_body(description: str) -> dict[int | str, dict[str, Any]]:
    """A 200 answered as a CSV file rather than JSON."""
    return {200: {"description": description, "content": {"text/csv": {"schema": {"type": "string"}}}}}
