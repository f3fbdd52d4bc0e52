"""Payments test set-up: the app with its sandbox mounted at /sandbox/xendit, and the production
Xendit adapter talking to that sandbox over httpx's ASGI transport (the sandbox's callbacks come
back the same way), swapped into the process's runtime (``market.runtime.replace``)."""

from __future__ import annotations

import httpx
import pytest

from market import runtime
from payments import wiring
from payments.xendit import XenditGateway

BASE = "http://test"
CALLBACK_URL = f"{BASE}/api/v1/payments/xendit/callback"


@pytest.fixture
async def papp(app):
    state = app.state.xendit_sandbox
    transport = httpx.ASGITransport(app=app)
    gateway = XenditGateway(
        f"{BASE}/sandbox/xendit", wiring.secret_key(app.state.settings), transport=transport, backoff_s=0
    )
    runtime.replace(gateway=gateway)
    state.callback_url = CALLBACK_URL
    state.callback_transport = transport
    state.retry_delays = (0.0, 0.0)
    yield app
    await state.drain()
    await gateway.aclose()


@pytest.fixture
def sandbox(papp):
    return papp.state.xendit_sandbox


@pytest.fixture
def gw(papp):
    return runtime.current().gateway


@pytest.fixture
async def pclient(papp):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=papp), base_url=BASE) as c:
        yield c


@pytest.fixture
def token(papp):
    return runtime.current().callback_token


@pytest.fixture
async def sbx(papp):
    """A client of the sandbox's own API and test controls, with its API key."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=papp),
        base_url=f"{BASE}/sandbox/xendit",
        auth=(wiring.secret_key(papp.state.settings), ""),
    ) as c:
        yield c
