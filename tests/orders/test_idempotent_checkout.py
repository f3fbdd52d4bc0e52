"""Same key, same answer at checkout: twins of one checkout sent at the same moment to two app
processes both get the one order; a refusal stays the key's answer; a process killed while it
held the key lets the retry finish the order once its lease is over."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from market import db as database
from market.errors import IdempotencyKeyReused
from market.models import IdempotencyRecord, Role, User
from orders import service
from orders.errors import CartProblem
from tests.builders import make_user, token_for
from tests.orders.helpers import ADDRESS, RULES, buyer, count, make_coop, make_product, stock
from tests.payments.processes import start_app, stop

BUYERS = 6


async def test_a_refused_checkout_stays_refused_after_the_cart_is_filled(db, gw):
    coop = await make_coop()
    product = await make_product(coop.id, stock=5)
    actor = await buyer()
    with pytest.raises(CartProblem, match="kosong") as first:
        await service.place_order(gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="co-1")
    await service.add_to_cart(product.id, 1, user_id=actor.user_id)
    with pytest.raises(CartProblem, match="kosong") as again:
        await service.place_order(gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="co-1")
    assert (again.value.code, again.value.field) == (first.value.code, first.value.field)
    assert await count("orders_order") == 0
    # the same key with another request is refused; a new key places the order
    with pytest.raises(IdempotencyKeyReused):
        await service.place_order(
            gw, **RULES, actor=actor, address={**ADDRESS, "street": "Jl. Lain 2"}, delivery={}, idempotency_key="co-1"
        )
    order = await service.place_order(gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="co-2")
    assert order.total == 75_000 and (await stock(product.id)).reserved == 1


async def test_a_replayed_checkout_is_the_first_answer_with_its_invoice(db, gw):
    coop = await make_coop()
    product = await make_product(coop.id, stock=5)
    actor = await buyer()
    await service.add_to_cart(product.id, 2, user_id=actor.user_id)
    first = await service.place_order(gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="co")
    again = await service.place_order(gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="co")
    assert again == first and again.invoice_url
    other = await buyer()  # another buyer's identical key is theirs: their cart is empty
    with pytest.raises(CartProblem):
        await service.place_order(gw, **RULES, actor=other, address=ADDRESS, delivery={}, idempotency_key="co")


async def _buyers_with_carts(product, n):
    first = await make_user(Role.BUYER, email="kembar0@uji.id")
    headers = []
    for i in range(n):
        # One argon2 hash is shared: the buyers are logins, not what is under test.
        user = (
            first
            if i == 0
            else await User.create(
                email=f"kembar{i}@uji.id", name=f"Kembar {i}", password_hash=first.password_hash, role=Role.BUYER
            )
        )
        await service.add_to_cart(product.id, 1, user_id=user.id)
        headers.append({**await token_for(user), "Idempotency-Key": f"checkout-{i}"})
    return headers


async def test_twins_of_a_checkout_sent_to_two_processes_at_once_both_get_the_one_order(db, database_url):
    # given buyers with one unit each in their cart, and two app processes on one database
    coop = await make_coop()
    product = await make_product(coop.id, stock=BUYERS, price_idr=25_000)
    headers = await _buyers_with_carts(product, BUYERS)
    procs = await asyncio.gather(start_app(database_url, token="t"), start_app(database_url, token="t"))
    try:
        urls = [url for _, url in procs]

        async def checkout(client, n, twin):
            response = await client.post(
                f"{urls[twin]}/api/v1/checkout", headers=headers[n], json={"address": ADDRESS, "delivery": {}}
            )
            return n, response.status_code, response.json()

        # when every buyer's checkout is sent twice, one copy to each process, at the same moment
        async with httpx.AsyncClient(timeout=120) as client:
            results = await asyncio.gather(*(checkout(client, n, twin) for n in range(BUYERS) for twin in (0, 1)))
    finally:
        logs = [await stop(proc) for proc, _ in procs]
    # then both copies answer 201 with the same order, and each buyer has exactly one
    assert all("Traceback" not in log for log in logs), logs
    assert {status for _, status, _ in results} == {201}, results
    by_buyer: dict[int, list[dict]] = {}
    for n, _, body in results:
        by_buyer.setdefault(n, []).append(body)
    for n, (one, two) in by_buyer.items():
        assert one == two, (n, one, two)
    assert await count("orders_order") == BUYERS
    assert len({body["id"] for _, _, body in results}) == BUYERS
    assert (await stock(product.id)).reserved == BUYERS


class BlackHole:
    """A payment provider that accepts connections and never answers: the process calling it
    stays inside the call (holding its checkout's key) until it is killed."""

    async def __aenter__(self):
        self.reached = asyncio.Event()
        self.server = await asyncio.start_server(self._hold, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"
        return self

    async def _hold(self, reader, writer):
        self.reached.set()
        await reader.read()  # until the caller's socket closes
        writer.close()

    async def __aexit__(self, *exc):
        self.server.close()


async def test_a_process_killed_while_holding_the_key_lets_the_retry_finish_the_order(db, database_url):
    # given a buyer's cart, and a process whose payment provider hangs
    coop = await make_coop()
    product = await make_product(coop.id, stock=3, price_idr=25_000)
    [headers] = await _buyers_with_carts(product, 1)
    body = {"address": ADDRESS, "delivery": {}}
    async with BlackHole() as provider:
        stuck, stuck_url = await start_app(
            database_url, token="t", extra_env={"XENDIT_BASE_URL": provider.url, "XENDIT_TIMEOUT_S": "600"}
        )
        try:
            async with httpx.AsyncClient(timeout=120) as client:
                first = asyncio.create_task(client.post(f"{stuck_url}/api/v1/checkout", headers=headers, json=body))
                await provider.reached.wait()  # the order committed; the invoice call is under way
                # when that process is killed -9 while it holds the key
                stuck.kill()
                await stuck.wait()
                with pytest.raises(httpx.HTTPError):
                    await first
        finally:
            await stop(stuck)
    record = await IdempotencyRecord.get(key="checkout-0")
    assert record.state == "pending" and record.locked_until is not None
    assert await count("orders_order") == 1
    assert await count("orders_order", "WHERE invoice_url IS NOT NULL") == 0
    # and its lease runs out (the clock moved on; no test sleeps for it)
    await database.execute(
        "UPDATE idempotency_record SET locked_until = ? WHERE id = ?", record.created_at.replace(year=2000), record.id
    )
    # then the retry, on another process, takes the key over and finishes the same order
    healthy, healthy_url = await start_app(database_url, token="t")
    try:
        async with httpx.AsyncClient(timeout=120) as client:
            retried = await client.post(f"{healthy_url}/api/v1/checkout", headers=headers, json=body)
            replayed = await client.post(f"{healthy_url}/api/v1/checkout", headers=headers, json=body)
    finally:
        log = await stop(healthy)
    assert "Traceback" not in log, log
    assert retried.status_code == 201, retried.text
    order = retried.json()
    assert order["invoice_url"] and replayed.status_code == 201 and replayed.json() == order
    assert await count("orders_order") == 1 and await count("payments_payment") == 1
    assert (await stock(product.id)).reserved == 1
    assert (await IdempotencyRecord.get(id=record.id)).state == "done"
