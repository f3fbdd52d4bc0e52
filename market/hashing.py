"""The argon2id hashes of every secret the project keeps: log-in passwords, wallet PINs, counter codes.

Two strengths, because a password and a six-digit secret are guarded differently:

- ``PASSWORD``: argon2-cffi's default (RFC 9106's low-memory profile, 64 MiB, 3 passes);
- ``SHORT``: OWASP's minimum (19 MiB, 2 passes) for a PIN or a one-time code, paid on every payment;
  guessing those is stopped by the lock-out after five tries, not by the cost.

``MARKET_HASH_PROFILE=cheapest`` (the test suite sets it) swaps both for argon2-cffi's own
``CHEAPEST`` profile, which exists for tests: a hash is ~0.1 ms instead of ~0.25 s, and hashes are
still real argon2id strings that any hasher verifies (the parameters travel in the hash).
Production refuses to start with it (``Settings.production_problems``).
"""

from __future__ import annotations

import os
from enum import Enum
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

PROFILE_ENV = "MARKET_HASH_PROFILE"
PROFILES = ("standard", "cheapest")


class Strength(Enum):
    PASSWORD = "password"
    SHORT = "short"


def profile() -> str:
    return os.environ.get(PROFILE_ENV, "standard")


@cache
def _hasher(strength: Strength, profile_name: str) -> PasswordHasher:
    if profile_name == "cheapest":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    if strength is Strength.PASSWORD:
        return PasswordHasher()
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def make(secret: str, strength: Strength = Strength.PASSWORD) -> str:
    """The argon2id hash of *secret*."""
    return _hasher(strength, profile()).hash(secret)


def matches(secret_hash: str, secret: object, strength: Strength = Strength.PASSWORD) -> bool:
    """Whether *secret* is the one *secret_hash* was made of (False for a malformed hash or a non-string)."""
    if not isinstance(secret, str):
        return False
    try:
        return _hasher(strength, profile()).verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False
