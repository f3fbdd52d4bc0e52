"""Event classes the tests publish (declared once: a topic belongs to one class)."""

from __future__ import annotations

from market.events import Event, event


@event("test.happened", version=1)
class Happened(Event):
    n: int


@event("test.flaky", version=1)
class Flaky(Event):
    n: int


@event("test.clash", version=1)
class Clash(Event):
    pass


@event("test.broken", version=1)
class Broken(Event):
    pass


@event("test.recovers", version=1)
class Recovers(Event):
    pass
