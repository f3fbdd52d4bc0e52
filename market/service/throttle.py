"""Throttling: fixed-window counters shared by every process (log-in now, the wallet PIN later).

The counting is the ``limits`` library's fixed-window strategy (``limits.aio``). Its counters live
in Redis (``async+redis://``) when REDIS_URL is set, else in the database's ``throttle_counter``
table through ``DatabaseStorage`` below — either way every app process sees the same counts.

Callers *hit* before they check the secret, so guesses sent in parallel cannot slip past the
limit between a check and a count; after a success they ``reset`` (the account's counter) or
``refund`` (the hit that turned out not to be a failure).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from limits import RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.storage import storage_from_string
from tortoise.exceptions import BaseORMException

from market import db
from market.settings import Settings

LOGIN_ACCOUNT = "login-account"
LOGIN_IP = "login-ip"
WALLET_PIN = "wallet-pin"
REGISTRATION_IP = "registration-ip"

Clock = Callable[[], float]


@dataclass(frozen=True)
class Rule:
    """At most *amount* hits per *window_s* seconds (a fixed window, opened by the first hit)."""

    amount: int
    window_s: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after_s: int = 0  # when refused: seconds until the window closes (at least 1)
    remaining: int = 0


class DatabaseStorage(Storage):
    """``limits`` storage on the ``throttle_counter`` table: one row per key, fixed window.

    The increment is one UPSERT (SQLite and PostgreSQL), so concurrent hits from any number of
    processes count exactly; a row whose window has passed starts again at the hit's amount.
    *clock* (seconds since the epoch) is injectable so tests can move past a window.
    """

    DEPENDENCIES: list[str] = []

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, *, clock: Clock = time.time, **options
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.clock = clock

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return BaseORMException

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self._now()
        if amount < 0:  # a refund never opens a window
            rows = await db.execute(
                "UPDATE throttle_counter SET count = count + ? WHERE key = ? AND expires_at > ? RETURNING count",
                amount,
                key,
                now,
            )
            return int(rows[0]["count"]) if rows else 0
        ends = datetime.fromtimestamp(now.timestamp() + expiry, UTC)
        rows = await db.execute(
            "INSERT INTO throttle_counter (key, count, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET"
            " count = CASE WHEN throttle_counter.expires_at <= ? THEN excluded.count"
            " ELSE throttle_counter.count + excluded.count END,"
            " expires_at = CASE WHEN throttle_counter.expires_at <= ? THEN excluded.expires_at"
            " ELSE throttle_counter.expires_at END"
            " RETURNING count",
            key,
            amount,
            ends,
            now,
            now,
        )
        return int(rows[0]["count"])

    async def get(self, key: str) -> int:
        rows = await db.execute("SELECT count FROM throttle_counter WHERE key = ? AND expires_at > ?", key, self._now())
        return int(rows[0]["count"]) if rows else 0

    async def get_expiry(self, key: str) -> float:
        rows = await db.execute(
            "SELECT expires_at FROM throttle_counter WHERE key = ? AND expires_at > ?", key, self._now()
        )
        if not rows:
            return self.clock()
        ends = rows[0]["expires_at"]
        if isinstance(ends, str):  # SQLite hands back the stored ISO text
            ends = datetime.fromisoformat(ends)
        if ends.tzinfo is None:
            ends = ends.replace(tzinfo=UTC)
        return ends.timestamp()

    async def check(self) -> bool:
        try:
            await db.execute("SELECT 1")
        except BaseORMException:
            return False
        return True

    async def reset(self) -> int | None:
        rows = await db.execute("DELETE FROM throttle_counter RETURNING id")
        return len(rows)

    async def clear(self, key: str) -> None:
        await db.execute("DELETE FROM throttle_counter WHERE key = ?", key)

    async def purge_expired(self) -> int:
        """Delete the rows whose window has passed (they would restart at the next hit anyway)."""
        rows = await db.execute("DELETE FROM throttle_counter WHERE expires_at <= ? RETURNING id", self._now())
        return len(rows)


class Throttle:
    """Named scopes (``"login-account"``, ``"login-ip"``, …), each with its rule, on one storage."""

    def __init__(self, storage: Storage, rules: dict[str, Rule], *, clock: Clock = time.time) -> None:
        self.storage = storage
        self.rules = dict(rules)
        self.clock = clock
        self._limiter = FixedWindowRateLimiter(storage)

    def _item(self, scope: str) -> RateLimitItemPerSecond:
        try:
            rule = self.rules[scope]
        except KeyError:
            raise ValueError(f"unknown throttle scope {scope!r}") from None
        return RateLimitItemPerSecond(rule.amount, rule.window_s, namespace="throttle")

    @staticmethod
    def _ident(scope: str, key: str) -> tuple[str, str]:
        # Keys are e-mails and addresses: hashed, so they fit the column and never reach a log.
        return scope, hashlib.sha256(key.encode()).hexdigest()[:40]

    async def _decision(self, scope: str, key: str, allowed: bool) -> Decision:
        stats = await self._limiter.get_window_stats(self._item(scope), *self._ident(scope, key))
        if allowed:
            return Decision(True, 0, stats.remaining)
        # rounded first: the stored window end comes back with float noise (900.0000001 is 900)
        return Decision(False, max(1, math.ceil(round(stats.reset_time - self.clock(), 3))), 0)

    async def hit(self, scope: str, key: str, cost: int = 1) -> Decision:
        """Count one attempt; refused once the window's allowance is used up.

        The fixed window's own test (``FixedWindowRateLimiter.hit``: the count after the increment
        against the allowance), with what remains taken from that same count: one round trip when
        allowed; a refusal reads the window's end for its ``retry_after_s``."""
        item = self._item(scope)
        count = await self.storage.incr(item.key_for(*self._ident(scope, key)), item.get_expiry(), amount=cost)
        if count <= item.amount:
            return Decision(True, 0, item.amount - count)
        return await self._decision(scope, key, False)

    async def peek(self, scope: str, key: str) -> Decision:
        """Whether one more attempt would be allowed, counting nothing."""
        allowed = await self._limiter.test(self._item(scope), *self._ident(scope, key))
        return await self._decision(scope, key, allowed)

    async def refund(self, scope: str, key: str, cost: int = 1) -> None:
        """Take back a hit that turned out not to be a failure (the window stays as it is)."""
        item = self._item(scope)
        await self.storage.incr(item.key_for(*self._ident(scope, key)), item.get_expiry(), amount=-cost)

    async def reset(self, scope: str, key: str) -> None:
        """Forget *key*'s attempts in *scope* (a correct password clears the account's counter)."""
        await self._limiter.clear(self._item(scope), *self._ident(scope, key))

    async def close(self) -> None:
        bridge = getattr(self.storage, "bridge", None)
        connection = getattr(bridge, "storage", None)
        if connection is not None:
            await connection.aclose()


def rules_from(settings: Settings) -> dict[str, Rule]:
    window = settings.login_throttle_window_s
    return {
        LOGIN_ACCOUNT: Rule(settings.login_max_failures_per_account, window),
        LOGIN_IP: Rule(settings.login_max_failures_per_ip, window),
        WALLET_PIN: Rule(settings.wallet_pin_max_failures, settings.wallet_pin_lock_window_s),
        REGISTRATION_IP: Rule(settings.registrations_per_ip, settings.registration_window_s),
    }


def build(
    settings: Settings, *, clock: Clock = time.time, redis_url: str | None = None, key_prefix: str | None = None
) -> Throttle:
    """Redis counters when REDIS_URL is set (or *redis_url* is given), else the database's."""
    url = redis_url or settings.redis_url
    if url:
        # An "async+" URI gives one of limits' asyncio storages (its factory is typed for both kinds).
        storage = cast(
            Storage,
            storage_from_string(
                "async+" + url,
                implementation="redispy",
                key_prefix=(key_prefix or settings.redis_key_prefix) + "throttle",
            ),
        )
    else:
        storage = DatabaseStorage(clock=clock)
    return Throttle(storage, rules_from(settings), clock=clock)


_current: Throttle | None = None


def configure(throttle: Throttle | None) -> None:
    global _current
    _current = throttle


def current() -> Throttle:
    """The throttle the app installed, else one built from the environment (CLI, worker)."""
    global _current
    if _current is None:
        from market.settings import load

        _current = build(load())
    return _current
