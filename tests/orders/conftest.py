"""Orders test set-up: the app with payments (sandbox over httpx's ASGI transport) and orders."""

from __future__ import annotations

from tests.payments.conftest import gw, papp, pclient, sandbox, sbx, token  # noqa: F401  (fixtures)
