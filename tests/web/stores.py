"""Where sessions and throttle counters live in a test: the database (always) and Redis too when
MARKET_TEST_REDIS_URL is set (`.ci/run` sets it), like MARKET_TEST_POSTGRES_URL for PostgreSQL.

Each Redis test gets its own key prefix, so tests running side by side never share a key, and
its keys are deleted afterwards."""

from __future__ import annotations

import os
import uuid
from contextlib import asynccontextmanager

import httpx
import pytest

from market.app import create_app
from market.service import sessions, throttle
from market.settings import Settings

REDIS_URL = os.environ.get("MARKET_TEST_REDIS_URL")
STORES = ["database"] + (["redis"] if REDIS_URL else [])


async def _drop_keys(prefix: str) -> None:
    import redis.asyncio as redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(params=STORES)
async def store_settings(request, db, settings: Settings):
    """The test's settings with sessions and throttling in the database, then in Redis."""
    if request.param == "database":
        yield settings
        return
    prefix = f"pk-test-{uuid.uuid4().hex[:12]}:"
    try:
        yield settings.model_copy(update={"redis_url": REDIS_URL, "redis_key_prefix": prefix})
    finally:
        await _drop_keys(prefix)


@asynccontextmanager
async def serving(settings: Settings, *, client_ip: str = "127.0.0.1", app=None):
    """One app instance (as one process would build it) and a client talking to it."""
    app = app or create_app(settings, manage_db=False)
    transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            client.app = app
            yield client
    finally:
        await app.state.sessions.close()
        await app.state.throttle.close()
        # Services called without an app afterwards build their own again.
        sessions.configure(None)
        throttle.configure(None)
