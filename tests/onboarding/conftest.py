"""Onboarding test set-up: the app with payments' sandbox (the bank's name check) over httpx's
ASGI transport, as the payments tests have it."""

from __future__ import annotations

from tests.payments.conftest import gw, papp, pclient, sandbox, sbx, token  # noqa: F401  (fixtures)
