"""The pages are matched before the domains' API routes (market.app: routes are tried one after
another, and a browser's request no longer walks past every API route first). That is only safe
while no page route and no other route answer the same path: this keeps it so."""

from __future__ import annotations

import re

from starlette.routing import Match

from market.app import create_app
from market.settings import Settings


def _leaves(routes, found):
    for route in routes:
        if type(route).__name__ == "_IncludedRouter":  # FastAPI keeps an included router whole
            _leaves(route.original_router.routes, found)
        elif hasattr(route, "path"):
            found.append(route)
    return found


def _overlaps(routes, others):
    """(path, method, other path) where a concrete path of *routes* is fully matched by *others*."""
    found = []
    for route in routes:
        concrete = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in getattr(route, "methods", None) or {"GET"}:
            scope = {"type": "http", "path": concrete, "method": method, "root_path": "", "path_params": {}}
            found += [(route.path, method, o.path) for o in others if o.matches(scope)[0] == Match.FULL]
    return found


def test_no_page_route_answers_a_path_of_another_route_and_the_pages_come_first(tmp_path):
    app = create_app(
        Settings(MARKET_ENV="test", SECRET_KEY="x", DATABASE_URL=f"sqlite://{tmp_path}/db.sqlite3"), manage_db=False
    )
    leaves = _leaves(app.routes, [])
    pages = [r for r in leaves if getattr(getattr(r, "endpoint", None), "__module__", "").startswith("web.")]
    others = [r for r in leaves if r not in pages]
    assert len(pages) > 100 and any(r.path.startswith("/api/") for r in others)
    assert _overlaps(pages, others) == [] and _overlaps(others, pages) == []
    order = [r.path for r in leaves]
    assert order.index("/pasar/cari") < min(i for i, p in enumerate(order) if p.startswith("/api/v1/cooperatives"))
