"""Who may write the cooperative's books by hand: its manager, and the network operator."""

from __future__ import annotations

from market.models import Role

MANAGERS = frozenset({Role.MANAGER})
