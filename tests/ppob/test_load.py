"""Many concurrent members against the sandbox with 80 % immediate success, 10 % pending then
success, 5 % pending then failure and 5 % failure, a tenth of them double-submitted, half the
callbacks lost: nothing bought twice (the sandbox's record is the witness), every failure
refunded once, wallets and books balance, the member tags (jasa-usaha weights) match the margins.

``make test`` runs PPOB_LOAD_N transactions (default 200 on PostgreSQL, 100 on SQLite); the full
1,000 on PostgreSQL: ``PPOB_LOAD_N=1000 MARKET_TEST_POSTGRES_URL=… pytest tests/ppob/test_load.py``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter, defaultdict

from market.models import JournalEntry, Posting, Role
from market.service import balance_of, get_or_create_account
from ppob import service
from ppob.models import Transaction, TxState
from ppob.service.books import wallet_account
from tests.builders import make_member, make_user, token_for
from tests.ppob.conftest import PIN, fund_wallet, link, set_pin

FUNDED = 2_000_000
# customer-number suffixes (last two digits) → sandbox script; index % 100 walks all of them
SKUS = ("tsel10", "isat10", "xld10", "three10", "smart10")
PREFIX = {"tsel10": "081234", "isat10": "081534", "xld10": "087834", "three10": "089634", "smart10": "088134"}


async def run_load(http, world, n: int, members: int = 40, concurrency: int = 8) -> dict:
    coop, sandbox = world["coop"], world["sandbox"]
    people = [await make_member(coop.id) for _ in range(members)]
    headers = []
    for m in people:
        await fund_wallet(coop.id, m.id, FUNDED)
        user = await make_user(Role.MEMBER, coop.id, m.id)
        await set_pin(user.id)
        headers.append(await token_for(user))
    prices = {
        p["sku"]: p["price"]
        for p in (await http.get(f"/api/v1/cooperatives/{coop.id}/ppob/products", headers=headers[0])).json()
    }
    gate = asyncio.Semaphore(concurrency)

    async def submit(i: int):
        sku = SKUS[i % len(SKUS)]
        number = f"{PREFIX[sku]}{i // 100:04d}{i % 100:02d}"
        body = {"sku": sku, "customer_no": number, "price": prices[sku], "pin": PIN}
        h = {**headers[i % members], "Idempotency-Key": f"beban-{i:06d}"}
        url = f"/api/v1/cooperatives/{coop.id}/ppob/purchases"
        async with gate:
            tries = 2 if i % 10 == 0 else 1  # a tenth are double clicks
            answers = await asyncio.gather(*(http.post(url, json=body, headers=h) for _ in range(tries)))
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        assert len({a.json()["id"] for a in answers}) == 1
        return answers[0].json()

    started = time.perf_counter()
    submitted = await asyncio.gather(*(submit(i) for i in range(n)))
    # half the pending ones lose their callback: polling must find them
    pending = [t for t in submitted if t["state"] == "pending"]
    for t in pending[::2]:
        sandbox.transactions[t["ref_id"]].cb_url = None
    callback_url, sandbox.config.callback_url = sandbox.config.callback_url, None
    await sandbox.settle()
    sandbox.config.callback_url = callback_url
    while await service.poll_pending(link(), limit=500):
        pass
    elapsed = time.perf_counter() - started
    return {"submitted": submitted, "people": people, "elapsed": elapsed, "prices": prices}


async def check_load(world, n: int, run: dict) -> None:
    coop, sandbox = world["coop"], world["sandbox"]
    txns = await Transaction.all()
    # nothing bought twice: one sandbox purchase per submission, each of our refs exactly once
    assert len(txns) == n
    assert len(sandbox.purchases) == n and len(set(sandbox.purchases)) == n
    assert {t.ref_id for t in txns} == set(sandbox.purchases)
    states = Counter(str(t.state) for t in txns)
    assert states == {"success": n * 90 // 100, "failed": n * 10 // 100}, states
    # every failure refunded exactly once, no success refunded
    refunds = await JournalEntry.filter(reference__endswith=":refund").values_list("reference", flat=True)
    assert sorted(refunds) == sorted(f"wallet:ppob:{t.id}:refund" for t in txns if t.state == TxState.FAILED)
    # wallets: funded − what their successful purchases cost
    spent = defaultdict(int)
    for t in txns:
        if t.state == TxState.SUCCESS:
            spent[t.member_id] += t.sell_price
    for m in run["people"]:
        assert await balance_of((await wallet_account(coop.id, m.id)).id) == FUNDED - spent[m.id]
    held = await get_or_create_account("ppob_titipan", "", "liability", cooperative_id=coop.id)
    assert await balance_of(held.id) == 0
    # one tagged posting per success (the margin, the member's PPOB weight), the margins the cooperative's income
    tags = await Posting.filter(kind="ppob", book=coop.id)
    ok = [t for t in txns if t.state == TxState.SUCCESS]
    assert len(tags) == len(ok)
    assert -sum(p.amount for p in tags) == sum(t.margin for t in ok)
    weights, margins = defaultdict(int), defaultdict(int)
    for p in tags:
        weights[p.member_id] -= p.amount
    for t in ok:
        margins[t.member_id] += t.margin
    assert dict(weights) == dict(margins)
    # the biller's deposit went down by exactly what the successes cost
    assert sandbox.config.deposit - sandbox.deposit == sum(t.biller_price for t in ok)


async def test_concurrent_members_buy_once_refund_once_and_the_books_balance(http, world, engine):
    n = int(os.environ.get("PPOB_LOAD_N", 200 if engine == "postgres" else 100))
    run = await run_load(http, world, n)
    await check_load(world, n, run)
    print(
        f"\nPPOB load [{engine}]: {n} transactions in {run['elapsed']:.1f} s "
        f"({n / run['elapsed']:.0f}/s end to end, callbacks + polling included)"
    )
