"""READ_DATABASE_URL: read-only work runs on the replica (here: the same database through a role
that may only SELECT, as .ci/run sets up), and a write that strays there fails."""

from __future__ import annotations

import pytest
from tortoise.exceptions import OperationalError

from market import db as database

pytestmark = pytest.mark.usefixtures("db")


def _needs_replica(engine: str, read_database_url: str | None) -> None:
    if engine == "sqlite":
        pytest.skip("a read replica is PostgreSQL's (READ_DATABASE_URL)")
    if read_database_url is None:
        pytest.skip("no read role (MARKET_TEST_READ_ROLE) on PostgreSQL")


async def test_reading_runs_on_the_replica_and_a_write_there_fails(engine, read_database_url):
    _needs_replica(engine, read_database_url)
    async with database.reading():
        rows = await database.execute("SELECT current_user AS who")
        with pytest.raises(OperationalError, match="permission denied"):
            await database.execute(
                "INSERT INTO outbox_event (topic, payload, attempts, last_error, created_at)"
                " VALUES ('x', '{}', 0, '', CURRENT_TIMESTAMP)"
            )
        async with database.transaction():  # a transaction opened inside reads there too
            inside = await database.execute("SELECT current_user AS who")
    outside = await database.execute("SELECT current_user AS who")
    assert (rows[0]["who"], inside[0]["who"], outside[0]["who"]) == ("market_reader", "market_reader", "postgres")


async def test_a_transaction_keeps_its_reads_on_the_primary(engine, read_database_url):
    _needs_replica(engine, read_database_url)
    async with database.transaction(), database.reading():  # its own writes must be visible: not routed
        rows = await database.execute("SELECT current_user AS who")
    assert rows[0]["who"] == "postgres"
