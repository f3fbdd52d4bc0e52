"""Read models: what other packages may read of market's tables in their own SQL.

A package's tables are its own; another package's SQL reads market only through the views named
here, whose columns market keeps stable (a column dropped or renamed is a new view, announced
here). Everything else goes through ``market.service``.

``market_cooperative_public`` (migration ``0004_cooperative_public_view``) — one row per
cooperative, every status::

    id INT, slug TEXT, name TEXT, province TEXT, regency TEXT,
    status TEXT (market.service.CoopStatus values), syariah BOOL, timezone TEXT

It is a plain view over ``cooperative``, always current, so a JOIN on it or a condition on its
``status`` holds in the same statement (and transaction) as the caller's own UPDATE: catalog's
stock reservations refuse an inactive cooperative's products at the very moment of reserving. Both
SQLite and PostgreSQL inline a simple view into the query, so it costs nothing over the table.
Bank accounts, legal numbers, the SHU policy and the member sequence are not in it.

A migration that alters ``cooperative`` drops the view first and creates it again after:
PostgreSQL refuses to alter a column a view depends on, and SQLite's table rebuild (create, copy,
drop, rename) fails on the rename while a view names the table.
"""

from __future__ import annotations

COOPERATIVE_PUBLIC = "market_cooperative_public"
COOPERATIVE_PUBLIC_COLUMNS = ("id", "slug", "name", "province", "regency", "status", "syariah", "timezone")
