"""Small helpers of the payments tests: drive the sandbox the way a payer would."""

from __future__ import annotations

from market import db as database


async def control(sandbox_client, path: str, **body):
    """Call a sandbox test control (``/_sandbox/...``) with the sandbox's API key."""
    response = await sandbox_client.post(f"/_sandbox/{path}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def count(table: str, where: str = "", *args) -> int:
    rows = await database.execute(f"SELECT COUNT(*) AS n FROM {table} {where}", *args)
    return int(rows[0]["n"])
