"""Search: the ``SearchEngine`` port and its engines (SQLite FTS5, PostgreSQL, Meilisearch).

The engine is built once at start-up from the settings (``engine_from``, called by
``market.app.build_runtime``) and handed to the search services as their first argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog.search.port import SearchEngine

if TYPE_CHECKING:
    from catalog.search.sql import SqlEngine


def engine_from(settings) -> SearchEngine:
    """The engine the settings ask for (``SEARCH_ENGINE``, ``MEILI_URL``): Meilisearch, or the
    database's own full text (SQLite FTS5 or PostgreSQL, by ``DATABASE_URL``'s scheme)."""
    choice = settings.search_engine
    if choice == "meili" or (choice == "auto" and settings.meili_url):
        from catalog.search.meili import MeiliEngine

        if not settings.meili_url:
            raise ValueError("SEARCH_ENGINE=meili needs MEILI_URL")
        return MeiliEngine(settings.meili_url, settings.meili_key)
    if choice == "auto":
        choice = "postgres" if settings.database_url.startswith(("postgres:", "postgresql:")) else "sqlite"
    engine = sql_engine(choice)
    engine.cache_size = settings.search_cache_size
    return engine


def sql_engine(dialect: str) -> SqlEngine:
    """The database's own engine for *dialect* (``sqlite`` or ``postgres``)."""
    if dialect == "postgres":
        from catalog.search.postgres import PostgresEngine

        return PostgresEngine()
    from catalog.search.sqlite_fts import SqliteEngine

    return SqliteEngine()


__all__ = ["SearchEngine", "engine_from", "sql_engine"]
