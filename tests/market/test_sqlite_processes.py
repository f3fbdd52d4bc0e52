"""Two processes writing one SQLite file never fail with "database is locked"."""

import asyncio
import os
import sys

import pytest

from market import service
from tests.builders import make_coop, make_member


@pytest.mark.parametrize("engine", ["sqlite"])  # a property of the SQLite engine alone
async def test_two_processes_depositing_into_one_sqlite_file_both_finish(db, database_url, engine):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    # when two processes each post 150 deposits to the same accounts at the same time
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.market.sqlite_worker",
            database_url,
            str(coop.id),
            str(member.id),
            "150",
            tag,
            env=env,
            stderr=asyncio.subprocess.PIPE,
        )
        for tag in ("p1", "p2")
    ]
    results = [(await p.wait(), (await p.stderr.read()).decode()) for p in procs]
    # then
    for code, err in results:
        assert code == 0, err
        assert "database is locked" not in err
    assert (await service.savings_of(coop.id, member.id)).sukarela == 300 * 1_000
