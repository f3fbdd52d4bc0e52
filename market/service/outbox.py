"""The outbox: events written in the same transaction as the change they announce, delivered
at least once to idempotent handlers.

A handler's work and the row that says "this handler handled this event" commit together, so a
redelivered event (a crash after the handler, a second dispatcher process) is skipped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from market import db
from market.models import OutboxDelivery, OutboxEvent

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], Awaitable[None]]
_handlers: dict[str, list[tuple[str, Handler]]] = defaultdict(list)
MAX_ATTEMPTS = 25


def subscribe(topic: str, handler: Handler, name: str | None = None) -> None:
    """Register *handler* for *topic* (at start-up); *name* keys its delivery records."""
    key = name or f"{handler.__module__}.{handler.__qualname__}"
    if all(existing != key for existing, _ in _handlers[topic]):
        _handlers[topic].append((key, handler))


async def publish(topic: str, payload: dict[str, Any]) -> OutboxEvent:
    """Write an event; call it inside the transaction of the change it announces."""
    return await OutboxEvent.create(topic=topic, payload=payload)


async def dispatch_pending(limit: int = 100) -> int:
    """Deliver undelivered events to their handlers; return how many events were finished."""
    # An event whose handler keeps failing is retried at most MAX_ATTEMPTS times, then left for
    # an operator to look at (last_error says why) instead of being retried forever.
    events = (
        await OutboxEvent.filter(dispatched_at=None, attempts__lt=MAX_ATTEMPTS).order_by("id").limit(limit)
    )
    done = 0
    for event in events:
        failed = False
        for key, handler in list(_handlers.get(event.topic, ())):
            if await OutboxDelivery.exists(event_id=event.id, handler=key):
                continue
            try:
                async with db.transaction():
                    await OutboxDelivery.create(event_id=event.id, handler=key)
                    await handler(event.payload)
            except IntegrityError:
                continue  # another dispatcher delivered it first
            except Exception as exc:  # a failing handler must not stop the others
                failed = True
                log.exception("outbox handler %s failed on event %s", key, event.id)
                await OutboxEvent.filter(id=event.id).update(
                    attempts=event.attempts + 1, last_error=repr(exc)[:2000]
                )
        if not failed:
            await OutboxEvent.filter(id=event.id).update(dispatched_at=datetime.now(UTC))
            done += 1
    return done
