"""Search: the ``SearchEngine`` port and its engines (SQLite FTS5, PostgreSQL, Meilisearch).

The engine is chosen once at start-up (``configure``); until then ``engine()`` uses the
database's own full text, which is the embedded default.
"""

from __future__ import annotations

from catalog.search.port import SearchEngine

_configured: SearchEngine | None = None
_by_dialect: dict[str, SearchEngine] = {}


def configure(engine: SearchEngine | None) -> None:
    """Use *engine* from now on (None: follow the database, SQLite FTS5 or PostgreSQL)."""
    global _configured
    _configured = engine


def configure_from(settings) -> SearchEngine | None:
    """Pick the engine the settings ask for (``SEARCH_ENGINE``, ``MEILI_URL``); None means the
    database's own, decided when the database is open."""
    from catalog.search.sql import SqlEngine

    SqlEngine.cache_size = settings.search_cache_size
    choice = settings.search_engine
    if choice == "meili" or (choice == "auto" and settings.meili_url):
        from catalog.search.meili import MeiliEngine

        if not settings.meili_url:
            raise ValueError("SEARCH_ENGINE=meili needs MEILI_URL")
        configure(MeiliEngine(settings.meili_url, settings.meili_key))
    elif choice in ("sqlite", "postgres"):
        configure(_sql_engine(choice))
    else:
        configure(None)
    return _configured


def _sql_engine(dialect: str) -> SearchEngine:
    if dialect not in _by_dialect:
        if dialect == "postgres":
            from catalog.search.postgres import PostgresEngine

            _by_dialect[dialect] = PostgresEngine()
        else:
            from catalog.search.sqlite_fts import SqliteEngine

            _by_dialect[dialect] = SqliteEngine()
    return _by_dialect[dialect]


def engine() -> SearchEngine:
    """The engine in use."""
    if _configured is not None:
        return _configured
    from market import db

    return _sql_engine("postgres" if db.is_postgres() else "sqlite")


__all__ = ["SearchEngine", "configure", "configure_from", "engine"]
