"""The embedded sandboxes' memory in the database (market.sandbox_store) under concurrent requests
in one process: every change of every request survives, in memory and in the database.

The lost update this guards against: request A took its snapshot of a whole-list field, request
B appended and pushed first, then A's older snapshot was written with the later version; the next
pull took A's row for another process's change and replaced the list, and B's purchase was gone
(a PPOB load test once counted 199 purchases of 200)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx

from market import sandbox_store


@dataclass
class Toy:
    """A sandbox's kinds of field: a whole list, a counter, a dict of objects."""

    log: list[str] = field(default_factory=list)
    count: int = 0
    items: dict[str, dict] = field(default_factory=dict)


def toy_app(state: Toy):
    async def app(scope, receive, send):
        name = scope["path"].strip("/")
        await asyncio.sleep(0)
        state.log.append(name)
        state.count += 1
        state.items[name] = {"n": state.count}
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": name.encode()})

    return app


FIELDS = ("log", "count", "items")


async def test_concurrent_requests_in_one_process_lose_nothing(db):
    state = Toy()
    store = sandbox_store.Store("toy", state, FIELDS)
    transport = httpx.ASGITransport(app=sandbox_store.synced(toy_app(state), store))
    n = 120
    async with httpx.AsyncClient(transport=transport, base_url="http://toy") as client:
        answers = await asyncio.gather(*(client.post(f"/r{i}") for i in range(n)))
        assert [a.status_code for a in answers] == [200] * n
        await client.post("/last")  # one more pull and push after all of them
    names = {f"r{i}" for i in range(n)} | {"last"}
    assert sorted(state.log) == sorted(names) and state.count == n + 1
    # another process starting now pulls the same objects from the database
    fresh = Toy()
    await sandbox_store.Store("toy", fresh, FIELDS).pull()
    assert sorted(fresh.log) == sorted(names)
    assert fresh.count == n + 1
    assert set(fresh.items) == names
