"""One pool connection per request (market.dbrequest), and no pool reset on its way back."""

from __future__ import annotations

import asyncio

import pytest

from market import db
from market import service as market
from market.models import Role
from tests.builders import make_user
from tests.statements import count_round_trips

pytestmark = pytest.mark.usefixtures("db")


async def test_a_request_of_several_statements_and_a_transaction_checks_out_one_connection(client, engine):
    if engine != "postgres":
        pytest.skip("SQLite has one connection per process")
    user = await make_user(Role.BUYER)
    token = await market.issue_token(user.id)
    headers = {"Authorization": f"Bearer {token}"}
    # when: the token is looked up and the cart read
    async with count_round_trips() as seen:
        response = await client.get("/api/v1/cart", headers=headers)
    # then
    assert response.status_code == 200, response.text
    assert len(seen.statements) >= 2 and seen.checkouts == 1 and seen.resets == 0, (seen.checkouts, str(seen))


async def test_work_outside_requests_and_other_tasks_use_the_pool_as_before(engine):
    if engine != "postgres":
        pytest.skip("SQLite has one connection per process")
    async with count_round_trips() as seen, db.request_connection():
        await db.execute("SELECT 1")
        async with db.transaction():
            await db.execute("SELECT 2")
        await asyncio.gather(db.execute("SELECT 3"), db.execute("SELECT 4"))  # two tasks: two check-outs
        async with db.detached():
            pass
        await db.execute("SELECT 5")  # taken again after the detached block
    assert seen.checkouts == 4 and seen.resets == 0
