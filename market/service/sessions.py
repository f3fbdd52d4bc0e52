"""Server-side log-in sessions: started at log-in, ended at log-out, password change, deactivation
and "keluar dari semua perangkat".

The browser's cookie carries only a random session id; the store keeps that id's SHA-256 with
the user, so neither a database dump nor a Redis dump gives a usable session. Identity comes
only from a live session here: an ended or expired one is gone on the very next request, in
every app process. The store is the ``user_session`` table in the embedded default and Redis
when REDIS_URL is set.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, cast

from market.models import UserSession
from market.settings import Settings

Clock = Callable[[], datetime]
# last_seen_at is written at most this often per session (not on every request).
TOUCH_EVERY = timedelta(minutes=5)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class SessionInfo:
    """One live session, as the account page lists it (``key_hash`` tells the current one)."""

    key_hash: str
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str
    client_ip: str


class SessionStore(Protocol):
    max_age: timedelta
    clock: Clock

    async def create(self, info: SessionInfo) -> None: ...
    async def lookup(self, key_hash: str) -> SessionInfo | None: ...
    async def touch(self, key_hash: str, when: datetime) -> None: ...
    async def revoke(self, key_hash: str) -> bool: ...
    async def revoke_user(self, user_id: int, keep: str | None = None) -> int: ...
    async def list_user(self, user_id: int) -> list[SessionInfo]: ...
    async def close(self) -> None: ...


class DatabaseSessions:
    """Sessions in the ``user_session`` table; an ended one keeps its row with ``revoked_at``."""

    def __init__(self, max_age_s: int, *, clock: Clock = _utcnow) -> None:
        self.max_age = timedelta(seconds=max_age_s)
        self.clock = clock

    @staticmethod
    def _info(row: UserSession) -> SessionInfo:
        return SessionInfo(
            row.key_hash, row.user_id, row.created_at, row.last_seen_at, row.expires_at, row.user_agent, row.client_ip
        )

    async def create(self, info: SessionInfo) -> None:
        await UserSession.create(
            key_hash=info.key_hash,
            user_id=info.user_id,
            created_at=info.created_at,
            last_seen_at=info.last_seen_at,
            expires_at=info.expires_at,
            user_agent=info.user_agent,
            client_ip=info.client_ip,
        )

    async def lookup(self, key_hash: str) -> SessionInfo | None:
        row = await UserSession.get_or_none(key_hash=key_hash, revoked_at=None, expires_at__gt=self.clock())
        return self._info(row) if row else None

    async def touch(self, key_hash: str, when: datetime) -> None:
        await UserSession.filter(key_hash=key_hash, revoked_at=None).update(last_seen_at=when)

    async def revoke(self, key_hash: str) -> bool:
        return bool(await UserSession.filter(key_hash=key_hash, revoked_at=None).update(revoked_at=self.clock()))

    async def revoke_user(self, user_id: int, keep: str | None = None) -> int:
        query = UserSession.filter(user_id=user_id, revoked_at=None)
        if keep:
            query = query.exclude(key_hash=keep)
        return await query.update(revoked_at=self.clock())

    async def list_user(self, user_id: int) -> list[SessionInfo]:
        rows = await UserSession.filter(user_id=user_id, revoked_at=None, expires_at__gt=self.clock()).order_by(
            "-last_seen_at", "-id"
        )
        return [self._info(r) for r in rows]

    async def purge(self, older_than: timedelta = timedelta(days=30)) -> int:
        """Delete the rows of sessions that ended or expired more than *older_than* ago."""
        cutoff = self.clock() - older_than
        expired = await UserSession.filter(expires_at__lt=cutoff).delete()
        return expired + await UserSession.filter(revoked_at__lt=cutoff).delete()

    async def close(self) -> None:
        return None


class RedisSessions:
    """Sessions in Redis: a hash per session (expiring with it) and a set of them per user.

    An ended session's hash is deleted, so every process stops accepting it at once.
    """

    def __init__(self, url: str, max_age_s: int, *, prefix: str = "pk:", clock: Clock = _utcnow) -> None:
        import redis.asyncio as redis

        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.max_age = timedelta(seconds=max_age_s)
        self.prefix = prefix
        self.clock = clock

    def _key(self, key_hash: str) -> str:
        return f"{self.prefix}session:{key_hash}"

    def _user_key(self, user_id: int) -> str:
        return f"{self.prefix}user-sessions:{user_id}"

    @staticmethod
    def _info(key_hash: str, data: dict[str, str]) -> SessionInfo:
        return SessionInfo(
            key_hash,
            int(data["user_id"]),
            datetime.fromisoformat(data["created_at"]),
            datetime.fromisoformat(data["last_seen_at"]),
            datetime.fromisoformat(data["expires_at"]),
            data.get("user_agent", ""),
            data.get("client_ip", ""),
        )

    async def create(self, info: SessionInfo) -> None:
        ttl = max(1, int((info.expires_at - self.clock()).total_seconds()) + 1)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(
                self._key(info.key_hash),
                mapping={
                    "user_id": info.user_id,
                    "created_at": info.created_at.isoformat(),
                    "last_seen_at": info.last_seen_at.isoformat(),
                    "expires_at": info.expires_at.isoformat(),
                    "user_agent": info.user_agent,
                    "client_ip": info.client_ip,
                },
            )
            pipe.expire(self._key(info.key_hash), ttl)
            pipe.sadd(self._user_key(info.user_id), info.key_hash)
            # Every session lives max_age, so the newest one outlives all the others in the set.
            pipe.expire(self._user_key(info.user_id), ttl)
            await pipe.execute()

    async def lookup(self, key_hash: str) -> SessionInfo | None:
        # decode_responses=True: every reply is str (redis-py's types do not follow that option).
        data = cast(dict[str, str], await self.redis.hgetall(self._key(key_hash)))
        if not data or "user_id" not in data:
            return None
        info = self._info(key_hash, data)
        return info if info.expires_at > self.clock() else None

    async def touch(self, key_hash: str, when: datetime) -> None:
        # Only an existing session: a write racing its revocation must not bring it back.
        script = "if redis.call('exists', KEYS[1]) == 1 then redis.call('hset', KEYS[1], 'last_seen_at', ARGV[1]) end"
        await self.redis.eval(script, 1, self._key(key_hash), when.isoformat())

    async def revoke(self, key_hash: str) -> bool:
        user_id = await self.redis.hget(self._key(key_hash), "user_id")
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(self._key(key_hash))
            if user_id is not None:
                pipe.srem(self._user_key(int(user_id)), key_hash)
            deleted, *_ = await pipe.execute()
        return bool(deleted)

    async def revoke_user(self, user_id: int, keep: str | None = None) -> int:
        members = cast(set[str], await self.redis.smembers(self._user_key(user_id)))  # decode_responses=True
        hashes = [h for h in members if h != keep]
        if not hashes:
            return 0
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(*[self._key(h) for h in hashes])
            pipe.srem(self._user_key(user_id), *hashes)
            deleted, _ = await pipe.execute()
        return int(deleted)

    async def list_user(self, user_id: int) -> list[SessionInfo]:
        hashes = sorted(cast(set[str], await self.redis.smembers(self._user_key(user_id))))  # decode_responses=True
        if not hashes:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for h in hashes:
                pipe.hgetall(self._key(h))
            found = await pipe.execute()
        now = self.clock()
        infos = [self._info(h, d) for h, d in zip(hashes, found, strict=True) if d and "user_id" in d]
        gone = [h for h, d in zip(hashes, found, strict=True) if not d]
        if gone:
            await self.redis.srem(self._user_key(user_id), *gone)
        live = [i for i in infos if i.expires_at > now]
        return sorted(live, key=lambda i: i.last_seen_at, reverse=True)

    async def close(self) -> None:
        await self.redis.aclose()


def build(
    settings: Settings, *, redis_url: str | None = None, key_prefix: str | None = None, clock: Clock = _utcnow
) -> SessionStore:
    """Redis when REDIS_URL is set (or *redis_url* is given), else the database."""
    url = redis_url or settings.redis_url
    if url:
        return RedisSessions(
            url, settings.session_max_age_s, prefix=key_prefix or settings.redis_key_prefix, clock=clock
        )
    return DatabaseSessions(settings.session_max_age_s, clock=clock)


_current: SessionStore | None = None


def configure(store: SessionStore | None) -> None:
    global _current
    _current = store


def current() -> SessionStore:
    """The store the app installed, else one built from the environment (CLI, worker)."""
    global _current
    if _current is None:
        from market.settings import load

        _current = build(load())
    return _current


# The operations ---------------------------------------------------------------------------------


async def start(
    user_id: int,
    *,
    user_agent: str = "",
    client_ip: str = "",
    replaces: str | None = None,
    store: SessionStore | None = None,
) -> str:
    """Open a session for *user_id* and return its new random id (the cookie's value).

    *replaces* is the id the browser held before (a log-in rotates it): that one ends here.
    """
    store = store or current()
    if replaces:
        await store.revoke(digest(replaces))
    session_id = secrets.token_urlsafe(32)
    now = store.clock()
    await store.create(
        SessionInfo(digest(session_id), user_id, now, now, now + store.max_age, user_agent[:200], client_ip[:64])
    )
    return session_id


async def user_of(session_id: str, *, store: SessionStore | None = None) -> int | None:
    """The user of a live session, or None (unknown, ended or expired)."""
    if not session_id:
        return None
    store = store or current()
    info = await store.lookup(digest(session_id))
    if info is None:
        return None
    now = store.clock()
    if now - info.last_seen_at >= TOUCH_EVERY:
        await store.touch(info.key_hash, now)
    return info.user_id


async def end(session_id: str, *, store: SessionStore | None = None) -> bool:
    """End one session (log-out). True when it was live."""
    if not session_id:
        return False
    return await (store or current()).revoke(digest(session_id))


async def end_all(user_id: int, *, keep: str | None = None, store: SessionStore | None = None) -> int:
    """End every session of *user_id* (all devices), except the one whose id is *keep*."""
    return await (store or current()).revoke_user(user_id, keep=digest(keep) if keep else None)


async def active(user_id: int, *, store: SessionStore | None = None) -> list[SessionInfo]:
    """The user's live sessions, most recently seen first."""
    return await (store or current()).list_user(user_id)
