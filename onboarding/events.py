"""What onboarding announces (through the outbox): a cooperative registered, an application
decided. The cooperative's status change itself is market's ``cooperative.status_changed``."""

from __future__ import annotations

from market.events import Event, event


@event("cooperative.registered", version=1)
class CooperativeRegistered(Event):
    cooperative_id: int
    application_id: int
    province: str


@event("cooperative.application_decided", version=1)
class ApplicationDecided(Event):
    cooperative_id: int
    application_id: int
    decision: str  # approved | changes_requested
    revision: int
