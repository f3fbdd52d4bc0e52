"""The retail pages (routes are added by the retail work)."""

from __future__ import annotations

from web.routing import page_router

router = page_router()
