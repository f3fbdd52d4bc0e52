"""Same key, same answer: the first answer to an idempotency key — a result or a refusal — is
stored and given again to every retry of that key, whatever the timing.

A key lives in a *scope* (the acting user: two users' keys never meet) and is bound to a
fingerprint of its request (the SHA-256 of the canonical JSON of the operation's name and
arguments): the same key with another request is refused with ``idempotency_key_reused``.

Two ways to run an operation under a key:

``once``
    For work that is one database transaction. The key is claimed by an INSERT in the same
    transaction as the work (a twin's INSERT waits for that transaction on PostgreSQL; SQLite's
    ``BEGIN IMMEDIATE`` runs one writer at a time), the work runs in a savepoint, and the answer
    is stored before the commit: a refusal (a ``DomainError`` below 500) rolls the business change
    back but is kept as the key's answer. An unexpected error rolls everything back, the claim too,
    so a retry runs afresh.

``once_leased``
    For work that spans a provider call after its own transaction (checkout). The key is claimed
    first, as ``pending`` with a lease (``locked_until``), in a transaction of its own; a twin that
    finds it pending waits (short polls with backoff) for the answer; a claim whose lease ran out
    (its process died) is taken over, so the work itself must be safe to run again (checkout's
    order is unique on its key). A 5xx ``DomainError`` (the provider unavailable) is not an answer:
    the claim is released and a retry runs the work again.

What is stored is ``dump(result)``; a replay returns ``load(stored)`` (which may read the same
resource again, e.g. a payment by its id) or raises an error equal to the stored refusal.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tortoise.expressions import Q

from market import db
from market.errors import DomainError, IdempotencyInProgress, IdempotencyKeyReused, InvalidInput
from market.models import IdempotencyRecord

T = TypeVar("T")
LEASE_S = 120.0  # how long a pending claim is its process's before a retry may take it over
WAIT_S = 30.0  # how long a twin waits for the first answer before answering "still in progress"
MAX_KEY_LENGTH = 200
DONE, PENDING = "done", "pending"


def _now() -> datetime:
    return datetime.now(UTC)


def scope_of(user_id: int | None) -> str:
    """The key space of one acting user (``system`` for work no user asked for)."""
    return f"user:{user_id}" if user_id is not None else "system"


def fingerprint(request: Any) -> str:
    """SHA-256 of the canonical JSON of *request* (sorted keys, no spaces)."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Claim:
    """The key claimed by the running request; ``reference`` is unique to it (for ledger rows)."""

    id: int
    scope: str
    key: str
    # True when this request inserted the claim: no one ever ran the work for this key before
    # (False when it took over a lapsed or released claim, whose work may have begun)
    fresh: bool = True

    @property
    def reference(self) -> str:
        return f"idem:{self.id}"


# The stored answer --------------------------------------------------------------------------


def _error_body(exc: DomainError) -> dict[str, Any]:
    cls = type(exc)
    extra = json.loads(json.dumps(exc.extra, default=str))
    return {
        "class": f"{cls.__module__}:{cls.__qualname__}",
        "code": exc.code,
        "status": exc.status,
        "title": exc.title,
        "detail": exc.detail,
        "field": exc.field,
        "extra": extra,
    }


def _error_class(path: str) -> type[DomainError]:
    module, _, name = path.partition(":")
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        return DomainError
    return found if isinstance(found, type) and issubclass(found, DomainError) else DomainError


def replayed_error(body: dict[str, Any]) -> DomainError:
    """An error equal to the stored refusal: same class where it still exists, same code, status,
    title, detail, field and extra."""
    cls = _error_class(body.get("class", ""))
    exc = cls.__new__(cls)
    Exception.__init__(exc, body.get("detail", ""))
    exc.detail, exc.field, exc.extra = body.get("detail", ""), body.get("field"), dict(body.get("extra") or {})
    for attr in ("code", "status", "title"):
        if attr in body and getattr(cls, attr, None) != body[attr]:
            setattr(exc, attr, body[attr])
    for name, value in exc.extra.items():  # e.g. GatewayError.provider_code, retry_after_s
        if not hasattr(exc, name):
            setattr(exc, name, value)
    return exc


async def _replay(record: IdempotencyRecord, load: Callable[[Any], T | Awaitable[T]]) -> T:
    response = record.response or {}
    if "error" in response:
        raise replayed_error(response["error"])
    result = load(response.get("result"))
    return await result if inspect.isawaitable(result) else result


async def _store(record_id: int, *, status: int, response: dict[str, Any]) -> bool:
    """Keep the answer; False when another request (one that took a lapsed lease over) kept one first."""
    return bool(
        await IdempotencyRecord.filter(id=record_id, state=PENDING).update(
            state=DONE, status_code=status, response=response, locked_until=None, completed_at=_now()
        )
    )


# Claiming -----------------------------------------------------------------------------------


def _check_key(key: str | None) -> str | None:
    key = (key or "").strip()
    if not key:
        return None
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"Kunci idempotensi paling panjang {MAX_KEY_LENGTH} karakter", field="Idempotency-Key")
    return key


async def _insert(scope: str, key: str, fp: str, locked_until: datetime | None, now: datetime) -> int | None:
    """Claim (scope, key) for this request; None when someone holds it already."""
    rows = await db.execute(
        "INSERT INTO idempotency_record (scope, key, fingerprint, state, status_code, locked_until, created_at)"
        " VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (scope, key) DO NOTHING RETURNING id",
        scope,
        key,
        fp,
        PENDING,
        locked_until,
        now,
    )
    return rows[0]["id"] if rows else None


async def _existing(scope: str, key: str, fp: str) -> IdempotencyRecord:
    record = await IdempotencyRecord.get(scope=scope, key=key)
    if record.fingerprint != fp:
        raise IdempotencyKeyReused(
            "Kunci idempotensi ini sudah dipakai untuk permintaan lain; kirim permintaan baru dengan kunci baru",
            field="Idempotency-Key",
        )
    return record


async def once(
    scope: str,
    key: str | None,
    request: Any,
    work: Callable[[Claim | None], Awaitable[T]],
    *,
    dump: Callable[[T], Any],
    load: Callable[[Any], T | Awaitable[T]],
    status: int = 200,
) -> T:
    """Run *work* (one transaction's worth) once per key; a retry gets the first answer again.

    Without a key the work simply runs (``work(None)``)."""
    key = _check_key(key)
    if key is None:
        return await work(None)
    fp = fingerprint(request)
    refusal: DomainError | None = None
    async with db.transaction():
        record_id = await _insert(scope, key, fp, None, _now())
        if record_id is None:
            record = await _existing(scope, key, fp)
            if record.state != DONE:  # a leased claim of the same request, still running
                raise IdempotencyInProgress(
                    "Permintaan dengan kunci ini masih diproses; coba lagi sebentar lagi", retry_after_s=1
                )
            return await _replay(record, load)
        claim = Claim(record_id, scope, key)
        try:
            async with db.transaction():  # a savepoint: a refusal undoes the work, not the claim
                result = await work(claim)
        except DomainError as exc:
            if exc.status >= 500:
                raise  # not an answer to the request: nothing is kept, a retry runs again
            await _store(record_id, status=exc.status, response={"error": _error_body(exc)})
            refusal = exc
        else:
            await _store(record_id, status=status, response={"result": dump(result)})
    if refusal is not None:
        raise refusal
    return result


async def once_leased(
    scope: str,
    key: str | None,
    request: Any,
    work: Callable[[Claim | None], Awaitable[T]],
    *,
    dump: Callable[[T], Any],
    load: Callable[[Any], T | Awaitable[T]],
    status: int = 200,
    lease_s: float | None = None,
    wait_s: float | None = None,
    clock: Callable[[], datetime] = _now,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> T:
    """Run *work* (its own transactions and provider calls) once per key under a lease.

    The work must be safe to run again after a crash: a claim whose lease ran out is taken over."""
    key = _check_key(key)
    if key is None:
        return await work(None)
    lease = timedelta(seconds=LEASE_S if lease_s is None else lease_s)
    fp = fingerprint(request)
    give_up = clock() + timedelta(seconds=WAIT_S if wait_s is None else wait_s)
    now = clock()
    async with db.transaction():
        record_id = await _insert(scope, key, fp, now + lease, now)
    fresh = record_id is not None
    delay = 0.02
    while record_id is None:  # a twin holds (or held) the key: its answer, or its claim once it lapses
        record = await _existing(scope, key, fp)
        if record.state == DONE:
            return await _replay(record, load)
        now = clock()
        if record.locked_until is None or record.locked_until <= now:
            # Its process died (or gave the claim back): take it over, one taker only.
            if (
                await IdempotencyRecord.filter(id=record.id, state=PENDING)
                .filter(Q(locked_until=None) | Q(locked_until__lte=now))
                .update(locked_until=now + lease)
            ):
                record_id = record.id
            continue
        if now >= give_up:
            raise IdempotencyInProgress(
                "Permintaan dengan kunci ini masih diproses; coba lagi sebentar lagi", retry_after_s=1
            )
        await _pause(sleep, min(delay, (record.locked_until - now).total_seconds(), (give_up - now).total_seconds()))
        delay = min(delay * 2, 0.5)
    try:
        result = await work(Claim(record_id, scope, key, fresh=fresh))
    except DomainError as exc:
        if exc.status >= 500:
            await _release(record_id)
            raise
        if not await _store(record_id, status=exc.status, response={"error": _error_body(exc)}):
            return await _replay(await IdempotencyRecord.get(id=record_id), load)
        raise
    except BaseException:
        await asyncio.shield(_release(record_id))
        raise
    if not await _store(record_id, status=status, response={"result": dump(result)}):
        return await _replay(await IdempotencyRecord.get(id=record_id), load)  # the first answer wins
    return result


async def _pause(sleep: Callable[[float], Awaitable[Any]], seconds: float) -> None:
    """Wait for a twin's answer without holding a pool connection meanwhile."""
    async with db.detached():
        await sleep(max(0.0, seconds))


async def _release(record_id: int) -> None:
    """Give a pending claim back at once, so the next retry runs the work again."""
    await IdempotencyRecord.filter(id=record_id, state=PENDING).update(locked_until=None)
