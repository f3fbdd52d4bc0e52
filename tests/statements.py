"""Count what reaches the database, at the driver: every statement the SQLite engine runs (its
trace callback) or every command an asyncpg connection sends — the ORM, raw SQL and the pool's
own reset on release alike. ``count_round_trips()`` sorts them into statements, transaction
control (BEGIN, COMMIT, SAVEPOINT…), pool resets and the
embedded sandboxes' own statements (the provider's work, not ours), and counts pool check-outs on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncpg
from tortoise import connections

_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END")
_inside = contextvars.ContextVar("driver_counting_inside", default=False)


@dataclass
class RoundTrips:
    statements: list[str] = field(default_factory=list)
    control: list[str] = field(default_factory=list)
    sandbox: list[str] = field(default_factory=list)  # the embedded provider sandboxes' own (not ours)
    resets: int = 0
    checkouts: int = 0

    def record(self, sql: str) -> None:
        text = sql.strip()
        if not text or text.startswith("--"):
            return  # a trigger's sub-statement (SQLite reports them as comments)
        if "sandbox_document" in text or "sandbox_clock" in text:
            self.sandbox.append(text)
        elif "pg_advisory_unlock_all" in text or text.upper().startswith("RESET ALL"):
            self.resets += 1
        elif text.split(None, 1)[0].upper().rstrip(";") in _CONTROL:
            self.control.append(text)
        else:
            self.statements.append(text)

    def __str__(self) -> str:
        return "\n".join(self.statements)


def _patch_asyncpg(seen: RoundTrips):
    """Wrap the asyncpg connection's entry points (outermost call only) and the pool's acquire."""
    cls = asyncpg.connection.Connection
    originals = {name: getattr(cls, name) for name in ("execute", "_execute", "_executemany")}

    def wrap(name):
        original = originals[name]

        async def counting(self, query, *args, **kwargs):
            if _inside.get():
                return await original(self, query, *args, **kwargs)
            seen.record(query if isinstance(query, str) else str(query))
            token = _inside.set(True)
            try:
                return await original(self, query, *args, **kwargs)
            finally:
                _inside.reset(token)

        return counting

    acquire = asyncpg.pool.Pool._acquire

    async def counting_acquire(self, timeout):
        seen.checkouts += 1
        return await acquire(self, timeout)

    for name in originals:
        setattr(cls, name, wrap(name))
    asyncpg.pool.Pool._acquire = counting_acquire

    def undo():
        for name, original in originals.items():
            setattr(cls, name, original)
        asyncpg.pool.Pool._acquire = acquire

    return undo


@contextlib.asynccontextmanager
async def count_round_trips(connection: str = "default") -> AsyncIterator[RoundTrips]:
    """What the block sends to the database, sorted (see the module's doc)."""
    seen = RoundTrips()
    client = connections.get(connection)
    if client.capabilities.dialect == "sqlite":
        async with client.acquire_connection() as conn:
            await conn.set_trace_callback(seen.record)
        try:
            yield seen
        finally:
            async with client.acquire_connection() as conn:
                await conn.set_trace_callback(None)
        return
    undo = _patch_asyncpg(seen)
    try:
        yield seen
    finally:
        undo()
