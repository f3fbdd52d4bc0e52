"""Typed events: what one package announces to the others through the outbox.

Each event is a small frozen dataclass with a name and a version; its topic is
``<name>.v<version>`` (``payment.succeeded.v1``) and its payload is the JSON of its fields.
A package declares its events in its own ``events.py``, next to ``schemas`` and ``errors``: the
public surface other packages may import. Changing a payload's shape means a new version (a new
class); the dispatcher refuses rows whose topic no class claims, loudly, instead of guessing.

    @event("payment.succeeded", version=1)
    class PaymentSucceeded(Event):
        payment_id: int
        ...

    await publish(PaymentSucceeded(payment_id=1, ...))   # inside the transaction of the change
    subscribe(PaymentSucceeded, handler)                 # handler(event: PaymentSucceeded)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform

from pydantic import TypeAdapter, ValidationError

E = TypeVar("E", bound="Event")
_registry: dict[str, type[Event]] = {}
_adapters: dict[type[Event], TypeAdapter[Any]] = {}


class UnknownEvent(Exception):
    """An outbox row whose topic (name and version) no event class claims, or whose payload does
    not fit its class."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every event. Subclasses are declared with :func:`event`."""

    name: ClassVar[str] = ""
    version: ClassVar[int] = 0

    @classmethod
    def topic(cls) -> str:
        return f"{cls.name}.v{cls.version}"

    def payload(self) -> dict[str, Any]:
        """The fields as JSON-ready values (what the outbox row stores)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_payload(cls: type[E], payload: dict[str, Any]) -> E:
        adapter = _adapters.get(cls)
        if adapter is None:
            adapter = _adapters[cls] = TypeAdapter(cls)
        try:
            return adapter.validate_python(payload, strict=False)
        except ValidationError as exc:
            raise UnknownEvent(f"{cls.topic()}: payload does not fit: {exc.errors()[:3]}") from exc


# Tells type checkers that the decorated class is a frozen, keyword-only dataclass.
@dataclass_transform(frozen_default=True, kw_only_default=True)
def event(name: str, *, version: int) -> Callable[[type[E]], type[E]]:
    """Declare an event class: frozen, keyword-only fields, registered under its topic."""

    def declare(cls: type[E]) -> type[E]:
        cls.name, cls.version = name, version
        declared = dataclasses.dataclass(frozen=True, kw_only=True)(cls)
        topic = declared.topic()
        existing = _registry.get(topic)
        if existing is not None and existing.__qualname__ != declared.__qualname__:
            raise TypeError(f"two event classes claim {topic}: {existing.__qualname__} and {declared.__qualname__}")
        _registry[topic] = declared
        return declared

    return declare


def event_type(topic: str) -> type[Event]:
    try:
        return _registry[topic]
    except KeyError:
        raise UnknownEvent(f"no event class for topic {topic!r} (unknown name or version)") from None


def decode(topic: str, payload: dict[str, Any]) -> Event:
    """The typed event of an outbox row; :class:`UnknownEvent` when no class fits."""
    if not isinstance(payload, dict):
        raise UnknownEvent(f"{topic}: payload is not an object")
    return event_type(topic).from_payload(payload)


# The core's own events ---------------------------------------------------------------------------


@event("cooperative.status_changed", version=1)
class CooperativeStatusChanged(Event):
    cooperative_id: int
    status: str
