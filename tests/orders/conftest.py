"""Orders test set-up: the app with payments (sandbox over httpx's ASGI transport) and orders."""

from __future__ import annotations

import pytest

from orders.service import config
from tests.payments.conftest import gw, papp, pclient, sandbox, sbx, token  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _orders_config():
    config.configure(fee_bps=250, complete_days=7, duration_s=86400)
    yield
    config.gateway = None
