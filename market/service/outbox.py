"""The outbox: typed events (``market.events``) written in the same transaction as the change
they announce, delivered at least once to idempotent handlers, each of which receives the typed
event. A row whose topic no event class claims fails at once and waits for the operator.

A handler's work and the row that says "this handler handled this event" commit together, so a
redelivered event (a crash after the handler, a second dispatcher process) is skipped. The
delivery row is inserted first with ``ON CONFLICT DO NOTHING``: no row inserted is the one and
only sign that another dispatcher delivered the event (on PostgreSQL the insert waits for that
dispatcher's transaction and inserts after all if it rolled back). Anything else a handler raises
— an ``IntegrityError`` of its own work included — is a failure: the handler's work rolls back,
the event keeps ``last_error`` and is tried again after an exponential backoff
(``next_attempt_at``), and after ``MAX_ATTEMPTS`` it is marked ``failed_at`` and waits for the
operator (``failed_events``, ``retry_event``; ``market outbox failed|retry``).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from tortoise.expressions import Q

from market import db
from market.errors import Conflict, NotFound
from market.events import Event, UnknownEvent, decode
from market.logs import mask_niks
from market.models import OutboxEvent

log = logging.getLogger(__name__)
E = TypeVar("E", bound=Event)
Handler = Callable[[Any], Awaitable[None]]  # receives the typed event it subscribed to
_handlers: dict[str, list[tuple[str, Handler]]] = defaultdict(list)
MAX_ATTEMPTS = 25
LEASE_S = 300.0  # how long a claimed event is its dispatcher's before another may take it
CHANNEL = "market_outbox"  # PostgreSQL notifications: the outbox has a new event
BACKOFF_BASE_S = 2.0  # the first retry waits 2 s, then 4, 8, … up to the cap
BACKOFF_CAP_S = 3600.0


def subscribe(event_type: type[E], handler: Callable[[E], Awaitable[None]], name: str | None = None) -> None:
    """Register *handler* for one event class (at start-up); *name* keys its delivery records.

    The handler receives the typed event, never the stored JSON."""
    if not (isinstance(event_type, type) and issubclass(event_type, Event)):
        raise TypeError(f"subscribe() takes an event class, not {event_type!r}")
    topic = event_type.topic()
    key = name or f"{handler.__module__}.{handler.__qualname__}"
    if all(existing != key for existing, _ in _handlers[topic]):
        _handlers[topic].append((key, handler))


async def publish(event: Event) -> OutboxEvent:
    """Write *event* to the outbox; call it inside the transaction of the change it announces.

    On PostgreSQL the same statement notifies ``CHANNEL``: the waiting workers wake when the
    transaction commits (one notification per transaction, however many events it wrote)."""
    if not isinstance(event, Event) or not event.version:
        raise TypeError(f"publish() takes a declared event, not {event!r}")
    if not db.is_postgres():
        return await OutboxEvent.create(topic=event.topic(), payload=event.payload())
    now = datetime.now(UTC)
    rows = await db.execute(
        "WITH e AS (INSERT INTO outbox_event (topic, payload, created_at, attempts, last_error)"
        " VALUES (?, CAST(? AS JSONB), ?, 0, '') RETURNING id)"
        f" SELECT e.id, pg_notify('{CHANNEL}', '') AS woke FROM e",
        event.topic(),
        json.dumps(event.payload()),
        now,
    )
    return OutboxEvent(id=rows[0]["id"], topic=event.topic(), payload=event.payload(), created_at=now, attempts=0)


def backoff(attempts: int) -> timedelta:
    """How long an event that has failed *attempts* times waits before its next try."""
    return timedelta(seconds=min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, min(attempts, 40) - 1)))


async def _claim_delivery(event_id: int, key: str, now: datetime) -> bool:
    """Insert this handler's delivery row; False when another dispatcher's row is there."""
    rows = await db.execute(
        "INSERT INTO outbox_delivery (event_id, handler, delivered_at) VALUES (?, ?, ?)"
        " ON CONFLICT (event_id, handler) DO NOTHING RETURNING id",
        event_id,
        key,
        now,
    )
    return bool(rows)


async def dispatch_pending(limit: int = 100, *, now: datetime | None = None) -> int:
    """Deliver the events that are due to their handlers; return how many events were finished.

    An event is due while it is undelivered, not failed for good, and its ``next_attempt_at``
    (set by a failed attempt) has come. *now* is the clock (tests pass their own)."""
    now = now or datetime.now(UTC)
    events = await _claim_due(limit, now)
    done = 0
    for event in events:
        try:
            typed = decode(event.topic, event.payload)
        except UnknownEvent as exc:
            await _refuse_unknown(event, exc, now)
            continue
        errors = []
        for key, handler in list(_handlers.get(event.topic, ())):
            try:
                async with db.transaction():
                    if not await _claim_delivery(event.id, key, now):
                        continue  # another dispatcher delivered it first
                    await handler(typed)
            except Exception as exc:  # a failing handler must not stop the others
                log.exception("outbox handler %s failed on event %s", key, event.id)
                errors.append(f"{key}: {exc!r}")
        if errors:
            await _record_failure(event, "\n".join(errors), now)
            continue
        await OutboxEvent.filter(id=event.id).update(dispatched_at=datetime.now(UTC), next_attempt_at=None)
        done += 1
    return done


async def _claim_due(limit: int, now: datetime) -> list[OutboxEvent]:
    """The due events this dispatcher delivers now.

    On PostgreSQL they are claimed: ``FOR UPDATE SKIP LOCKED`` passes over rows another
    dispatcher is claiming, and the claim is a lease (``next_attempt_at`` moved ``LEASE_S`` ahead,
    committed at once), so N dispatchers share the work without waiting on each other and an
    event whose dispatcher died is due again when its lease runs out. On SQLite (one writer at a
    time, one process as a rule) every due event is read; the delivery rows keep a second
    process from handling one twice."""
    if not db.is_postgres():
        return (
            await OutboxEvent.filter(dispatched_at=None, failed_at=None)
            .filter(Q(next_attempt_at=None) | Q(next_attempt_at__lte=now))
            .order_by("id")
            .limit(limit)
        )
    rows = await db.execute(
        "UPDATE outbox_event SET next_attempt_at = ? WHERE id IN (SELECT id FROM outbox_event"
        " WHERE dispatched_at IS NULL AND failed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, topic, payload, attempts",
        now + timedelta(seconds=LEASE_S),
        now,
        limit,
    )
    return [
        OutboxEvent(
            id=r["id"],
            topic=r["topic"],
            payload=json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"],
            attempts=r["attempts"],
        )
        for r in sorted(rows, key=lambda r: r["id"])
    ]


async def next_due(now: datetime | None = None) -> datetime | None:
    """When the earliest undelivered event waiting for a retry (or a lease) becomes due; None if
    none waits. A dispatcher that found nothing to do sleeps until then (or a notification)."""
    rows = await db.execute(
        "SELECT MIN(next_attempt_at) AS due FROM outbox_event"
        " WHERE dispatched_at IS NULL AND failed_at IS NULL AND next_attempt_at IS NOT NULL"
    )
    due = rows[0]["due"] if rows else None
    if isinstance(due, str):  # SQLite hands the text back
        due = datetime.fromisoformat(due)
    return due


async def _refuse_unknown(event: OutboxEvent, exc: UnknownEvent, now: datetime) -> None:
    """A row no event class fits (an unknown name or version, or a payload of another shape) is
    never guessed at: it fails for good at once, loudly, and waits for the operator."""
    log.error("outbox event %s refused: %s", event.id, exc)
    await OutboxEvent.filter(id=event.id, dispatched_at=None).update(
        attempts=event.attempts + 1,
        last_error=mask_niks(f"unknown event: {exc}")[:2000],
        failed_at=now,
        next_attempt_at=None,
    )


async def _record_failure(event: OutboxEvent, error: str, now: datetime) -> None:
    attempts = event.attempts + 1
    changes: dict[str, Any] = {
        "attempts": attempts,
        "last_error": mask_niks(error)[:2000],
        "next_attempt_at": now + backoff(attempts),
    }
    if attempts >= MAX_ATTEMPTS:
        changes["failed_at"] = now
        log.error("outbox event %s (%s) failed %s times; it waits for the operator", event.id, event.topic, attempts)
    # Only the dispatcher that read this attempt count writes the next one.
    await OutboxEvent.filter(id=event.id, attempts=event.attempts, dispatched_at=None).update(**changes)


@dataclass(frozen=True)
class FailedEvent:
    id: int
    topic: str
    attempts: int
    last_error: str
    created_at: datetime
    failed_at: datetime


async def failed_events(limit: int = 50) -> list[FailedEvent]:
    """Events whose last attempt failed: nothing retries them until the operator does."""
    rows = (
        await OutboxEvent.filter(failed_at__not_isnull=True, dispatched_at=None)
        .order_by("-failed_at", "-id")
        .limit(limit)
    )
    return [
        FailedEvent(
            id=e.id,
            topic=e.topic,
            attempts=e.attempts,
            last_error=e.last_error,
            created_at=e.created_at,
            failed_at=e.failed_at,
        )
        for e in rows
        if e.failed_at is not None  # always, by the filter
    ]


async def count_failed_events() -> int:
    return await OutboxEvent.filter(failed_at__not_isnull=True, dispatched_at=None).count()


async def retry_event(event_id: int) -> None:
    """Give a failed event one more attempt at the next dispatch (failing again puts it back)."""
    event = await OutboxEvent.get_or_none(id=event_id)
    if event is None:
        raise NotFound("Peristiwa tidak ditemukan")
    if event.dispatched_at is not None:
        raise Conflict("Peristiwa ini sudah terkirim")
    await OutboxEvent.filter(id=event_id, dispatched_at=None).update(failed_at=None, next_attempt_at=None)
