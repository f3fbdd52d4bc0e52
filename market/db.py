"""Database set-up: Tortoise config from a URL, init/close, migrations, raw SQL helper."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import parse_qs, unquote, urlparse

from tortoise import Tortoise, connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

from market import dbrequest

F = TypeVar("F", bound=Callable[..., Any])

# Each domain package that owns tables is one Tortoise app (label = package name) with its models
# in ``<package>/models.py`` and its migrations in ``<package>/migrations/``.
DOMAIN_PACKAGES = (
    "market",
    "catalog",
    "payments",
    "orders",
    "ppob",
    "shu",
    "rat",
    "network",
    "onboarding",
    "loans",
    "retail",
    "oversight",
    "syariah",
)
DOMAIN_APPS: tuple[str, ...] = tuple(
    name for name in DOMAIN_PACKAGES if importlib.util.find_spec(f"{name}.models") is not None
)


async def _keep_session(connection: Any) -> None:
    """The pool's reset on release: nothing to undo (see tortoise_config)."""


# The embedded sandboxes' memory (market.sandbox_store): an app of its own, with its own migrations,
# registered only where sandboxes may run (``sandboxes=False`` in production).
SANDBOX_APP = {"models": ["market.sandbox_models"], "migrations": "market.sandbox_migrations"}


def tortoise_config(
    database_url: str,
    *,
    pool_size: int = 20,
    busy_timeout_ms: int = 15000,
    sandboxes: bool = True,
    read_url: str | None = None,
) -> dict[str, Any]:
    """Build the Tortoise config for *database_url* (``sqlite://path`` or ``postgres://…``), with
    the ``sandbox`` app unless *sandboxes* is off (production), and a second connection ``read``
    on *read_url* (a PostgreSQL replica: ``reading()`` routes read-only work there)."""
    config = _tortoise_config(database_url, pool_size=pool_size, busy_timeout_ms=busy_timeout_ms, sandboxes=sandboxes)
    if read_url:
        if not read_url.startswith("postgres"):
            raise ValueError("READ_DATABASE_URL must be a postgres:// URL")
        replica = _tortoise_config(read_url, pool_size=pool_size, busy_timeout_ms=busy_timeout_ms, sandboxes=False)
        config["connections"][READ] = replica["connections"]["default"]
    return config


READ = "read"  # the replica's connection name


def _tortoise_config(database_url: str, *, pool_size: int, busy_timeout_ms: int, sandboxes: bool) -> dict[str, Any]:
    parsed = urlparse(database_url)
    if parsed.scheme == "sqlite":
        path = database_url.split("://", 1)[1].split("?", 1)[0]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = {
            "engine": "market.sqlite",
            "credentials": {
                "file_path": path,
                "journal_mode": "WAL",
                "synchronous": "NORMAL",
                "busy_timeout": busy_timeout_ms,
                "foreign_keys": "ON",
            },
        }
    elif parsed.scheme in ("postgres", "postgresql"):
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        connection = {
            "engine": "tortoise.backends.asyncpg",
            "credentials": {
                "host": parsed.hostname or "127.0.0.1",
                "port": parsed.port or 5432,
                "user": unquote(parsed.username or "postgres"),
                "password": unquote(parsed.password or ""),
                "database": parsed.path.lstrip("/") or "postgres",
                # Tortoise's default pool of 5 starves a busy process; size it explicitly.
                "minsize": min(2, pool_size),
                "maxsize": int(query.get("maxsize", pool_size)),
                # No reset query when a connection goes back to the pool (asyncpg still rolls
                # back a transaction left open): nothing here leaves session state behind — no
                # SET, LISTEN (the outbox listens on a connection of its own), advisory locks.
                "reset": _keep_session,
            },
        }
    else:
        raise ValueError(f"unsupported DATABASE_URL scheme: {parsed.scheme!r}")
    return {
        "connections": {"default": connection},
        "apps": {
            app: {"models": [f"{app}.models"], "migrations": f"{app}.migrations", "default_connection": "default"}
            for app in DOMAIN_APPS
        }
        | ({"sandbox": {**SANDBOX_APP, "default_connection": "default"}} if sandboxes else {}),
        "use_tz": True,
        "timezone": "UTC",
    }


# Counts init() calls: anything a process caches from the database (the search results) keys on it,
# so nothing cached survives a switch to another database.
epoch = 0


async def init(config: dict[str, Any]) -> None:
    global epoch
    epoch += 1
    # Tortoise caches built INSERT/UPDATE statements per connection *name*; a process that
    # re-initialises on another engine (the test suite: SQLite, then PostgreSQL) must drop them.
    EXECUTOR_CACHE.clear()
    # Tortoise 1.x binds its context to the task that called init; under uvicorn that is the
    # lifespan task, not the request tasks, so the context is made the process-wide fallback.
    # close() clears it again.
    await Tortoise.init(config=config, _enable_global_fallback=True)


async def close() -> None:
    await Tortoise.close_connections()


async def migrate(config: dict[str, Any], progress=None) -> None:
    """Apply every unapplied migration of every domain app."""
    from tortoise.migrations.api import migrate as run

    await run(config=config, progress=progress)


def request_connection(connection_name: str = "default"):
    """Run the block (an HTTP request, a job) on one pool connection (market.dbrequest)."""
    return dbrequest.held(connection_name)


def detached(connection_name: str = "default"):
    """Give the block's held connection back while it waits on something outside the database
    (a provider's HTTP call); the next statement takes one again."""
    return dbrequest.detached(connection_name)


async def listen(channel: str, callback) -> Any:
    """On PostgreSQL, a connection of its own (never the pool's) that calls *callback()* on every
    notification of *channel*; close it with ``await conn.close()``. None on SQLite."""
    client = connections.get("default")
    if client.capabilities.dialect != "postgres":
        return None
    import asyncpg

    conn = await asyncpg.connect(
        host=client.host, port=client.port, user=client.user, password=client.password, database=client.database
    )
    await conn.add_listener(channel, lambda *_: callback())
    return conn


@asynccontextmanager
async def reading() -> AsyncIterator[None]:
    """Run the block's queries on the read replica when one is configured (READ_DATABASE_URL):
    for read-only work — search, listings, reports — that may lag the primary by a moment. Inside
    a transaction, or without a replica, the block runs where it is. A write in it fails there."""
    handler = get_connections()
    try:
        replica = READ in handler.db_config
    except Exception:  # the database is not open
        replica = False
    if not replica or isinstance(handler.get("default"), TransactionalDBClient):
        yield
        return
    token = handler.set("default", handler.get(READ))
    try:
        yield
    finally:
        handler.reset(token)


def read_only(fn: F) -> F:
    """Decorate an async service function that only reads: it runs on the replica (``reading``)."""

    @functools.wraps(fn)
    async def routed(*args: Any, **kwargs: Any) -> Any:
        async with reading():
            return await fn(*args, **kwargs)

    return cast(F, routed)


def transaction():
    """Open a transaction (a savepoint when one is already open) on the default connection."""
    return in_transaction("default")


def dialect() -> str:
    return connections.get("default").capabilities.dialect


def is_postgres() -> bool:
    return dialect() == "postgres"


async def execute(query: str, *values: Any) -> list[dict]:
    """Run raw SQL written with ``?`` placeholders on the current connection (or transaction)."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        parts = query.split("?")
        query = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))
    return await conn.execute_query_dict(query, list(values))
