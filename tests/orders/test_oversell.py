"""Oversell: 200 buyers check out the last 50 units at once through two app processes on
PostgreSQL. Exactly 50 orders are placed, 150 buyers get a clear refusal, stock never goes
below zero."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from market import db as database
from market.models import Role, User
from orders import service
from tests.builders import make_user, token_for
from tests.conftest import POSTGRES_URL
from tests.orders.helpers import ADDRESS, make_coop, make_product, stock
from tests.payments.processes import start_app, stop

BUYERS = 200
UNITS = 50
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="row-lock races run on PostgreSQL (MARKET_TEST_POSTGRES_URL)")


@pytest.fixture
def engine() -> str:
    """PostgreSQL only: SQLite runs one writer at a time by design, there is no race to prove."""
    return "postgres"


async def test_two_hundred_concurrent_checkouts_of_fifty_units_place_exactly_fifty(db, engine, database_url):
    # given 50 units and 200 buyers with one unit each in their cart
    coop = await make_coop()
    product = await make_product(coop.id, name="Kopi Flores Bajawa", stock=UNITS, price_idr=25_000)
    headers = []
    first = await make_user(Role.BUYER, email="pembeli0@uji.id")
    for n in range(BUYERS):
        # One argon2 hash (0.2 s each) is shared: the buyers are logins, not what is under test.
        user = (
            first
            if n == 0
            else await User.create(
                email=f"pembeli{n}@uji.id", name=f"Pembeli {n}", password_hash=first.password_hash, role=Role.BUYER
            )
        )
        await service.add_to_cart(product.id, 1, user_id=user.id)
        headers.append({**await token_for(user), "Idempotency-Key": f"buy-{n}"})
    procs = await asyncio.gather(start_app(database_url, token="t"), start_app(database_url, token="t"))
    try:
        urls = [url for _, url in procs]

        async def checkout(client, n):
            response = await client.post(
                f"{urls[n % 2]}/api/v1/checkout", headers=headers[n], json={"address": ADDRESS, "delivery": {}}
            )
            return response.status_code, response.json()

        # when all 200 check out at the same moment
        async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=BUYERS)) as client:
            results = await asyncio.gather(*(checkout(client, n) for n in range(BUYERS)))
    finally:
        logs = [await stop(proc) for proc, _ in procs]
    # then
    assert all("Traceback" not in log for log in logs), logs
    placed = [body for status, body in results if status == 201]
    refused = [body for status, body in results if status != 201]
    assert len(placed) == UNITS and len(refused) == BUYERS - UNITS, {s for s, _ in results}
    assert {(b["status"], b["code"]) for b in refused} == {(409, "catalog.out_of_stock")}
    assert all("Kopi Flores Bajawa" in b["detail"] for b in refused)
    s = await stock(product.id)
    assert (s.stock, s.reserved, s.available) == (UNITS, UNITS, 0)
    rows = await database.execute("SELECT COUNT(*) AS n FROM orders_order")
    assert rows[0]["n"] == UNITS
    rows = await database.execute("SELECT MIN(stock - reserved) AS low FROM catalog_product")
    assert rows[0]["low"] >= 0
    held = await database.execute(
        "SELECT COALESCE(SUM(quantity), 0) AS q FROM catalog_stock_reservation WHERE status = 'held'"
    )
    assert held[0]["q"] == UNITS
