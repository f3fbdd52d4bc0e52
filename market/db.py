"""Database set-up: Tortoise config from a URL, init/close, migrations, raw SQL helper."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.transactions import in_transaction

# Each domain package that owns tables is one Tortoise app (label = package name) with its models
# in ``<package>/models.py`` and its migrations in ``<package>/migrations/``.
DOMAIN_PACKAGES = ("market", "catalog", "payments", "orders", "ppob", "shu", "rat", "network", "onboarding")
DOMAIN_APPS: tuple[str, ...] = tuple(
    name for name in DOMAIN_PACKAGES if importlib.util.find_spec(f"{name}.models") is not None
)


def tortoise_config(database_url: str, *, pool_size: int = 20, busy_timeout_ms: int = 15000) -> dict[str, Any]:
    """Build the Tortoise config for *database_url* (``sqlite://path`` or ``postgres://…``)."""
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
            },
        }
    else:
        raise ValueError(f"unsupported DATABASE_URL scheme: {parsed.scheme!r}")
    return {
        "connections": {"default": connection},
        "apps": {
            app: {"models": [f"{app}.models"], "migrations": f"{app}.migrations", "default_connection": "default"}
            for app in DOMAIN_APPS
        },
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
