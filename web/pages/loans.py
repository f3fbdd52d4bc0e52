"""The loans pages (routes are added by the loans work)."""

from __future__ import annotations

from web.routing import page_router

router = page_router()
