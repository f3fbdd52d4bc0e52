"""Payments test set-up: the app with payments installed, its sandbox mounted at /sandbox/xendit,
and the production Xendit adapter talking to that sandbox over httpx's ASGI transport (the
sandbox's callbacks come back the same way)."""

from __future__ import annotations

import httpx
import pytest

import payments
from payments.xendit import XenditGateway

BASE = "http://test"
CALLBACK_URL = f"{BASE}/api/v1/payments/xendit/callback"


@pytest.fixture
async def papp(app):
    payments.install(app)
    state = app.state.xendit_sandbox
    transport = httpx.ASGITransport(app=app)
    gateway = XenditGateway(f"{BASE}/sandbox/xendit", app.state.payments.secret_key, transport=transport,
                            backoff_s=0)
    payments.install(app, gateway=gateway)
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
    return papp.state.payments.gateway


@pytest.fixture
async def pclient(papp):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=papp), base_url=BASE) as c:
        yield c


@pytest.fixture
def token(papp):
    return papp.state.payments.callback_token


@pytest.fixture
async def sbx(papp):
    """A client of the sandbox's own API and test controls, with its API key."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=papp), base_url=f"{BASE}/sandbox/xendit",
                                 auth=(papp.state.payments.secret_key, "")) as c:
        yield c
