"""The suite's own set-up (tests/conftest.py): each xdist worker's PostgreSQL database, and the
emptying between tests that must leave what truncating every table would."""

from __future__ import annotations

import pytest

from market import db as database
from tests.conftest import POSTGRES_URL, _truncate_all, worker_database_url


def test_each_worker_has_its_own_database_on_the_same_server():
    url = "postgres://postgres@127.0.0.1:5432/market_ci_42?sslmode=disable"
    assert worker_database_url(url, "gw0") == "postgres://postgres@127.0.0.1:5432/market_ci_42_gw0?sslmode=disable"
    assert worker_database_url(url, "gw1") != worker_database_url(url, "gw0")
    assert worker_database_url(url, None) == url


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL only (MARKET_TEST_POSTGRES_URL)")
@pytest.mark.parametrize("engine", ["postgres"])
async def test_emptying_leaves_no_row_and_every_id_sequence_at_one(db_conn, engine, database_url):
    assert database_url == worker_database_url(POSTGRES_URL)
    await database.execute("INSERT INTO throttle_counter (key, count, expires_at) VALUES ('a', 1, now())")
    await database.execute("SELECT nextval(pg_get_serial_sequence('member', 'id'))")  # used, no row left
    await _truncate_all()
    tables = await database.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'tortoise%'"
    )
    for row in tables:
        rows = await database.execute(f'SELECT COUNT(*) AS n FROM "{row["tablename"]}"')
        assert rows[0]["n"] == 0, row["tablename"]
    used = await database.execute(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
        " AND sequencename NOT LIKE 'tortoise%'"
    )
    assert used == []
    assert (await database.execute("SELECT nextval(pg_get_serial_sequence('member', 'id')) AS n"))[0]["n"] == 1
