"""PPOB transactions end to end through the JSON API, the adapter and the sandbox: money held,
settled or refunded exactly once, margins to the cooperative and the member's business tagged."""

from __future__ import annotations

import asyncio
import json

from tortoise.expressions import Q

from market.models import JournalEntry, Posting
from market.service import balance_of, coop_account, get_or_create_account, live_shu
from ppob import service
from ppob.biller import callback_signature
from ppob.models import Transaction, TxState
from ppob.service.books import wallet_account
from tests.ppob.conftest import PIN, link


async def entries(txn_id: int) -> int:
    """Ledger entries of one transaction: its own (settle, cash) and its wallet movements."""
    return await JournalEntry.filter(
        Q(reference__startswith=f"ppob:{txn_id}:") | Q(reference__startswith=f"wallet:ppob:{txn_id}:")
    ).count()


async def member_tags(txn_id: int) -> list[tuple[int | None, str | None, int]]:
    """(member, kind, amount) of the transaction's postings tagged as a member's business."""
    rows = await Posting.filter(entry__reference__startswith=f"ppob:{txn_id}:", member_id__not_isnull=True).values_list(
        "member_id", "kind", "amount"
    )
    return [tuple(r) for r in rows]


async def wallet(coop_id, member_id) -> int:
    return await balance_of((await wallet_account(coop_id, member_id)).id)


async def account(code, coop_id=None) -> int:
    acc = await get_or_create_account(code, code, "liability", cooperative_id=coop_id)
    return await balance_of(acc.id)


async def price_of(http, world, sku) -> int:
    r = await http.get(f"/api/v1/cooperatives/{world['coop'].id}/ppob/products", headers=world["member_headers"][0])
    assert r.status_code == 200, r.text
    return next(p["price"] for p in r.json() if p["sku"] == sku)


async def buy(http, world, sku, number, *, member=0, key="kunci-0001", price=None, headers=None, pin=PIN, **extra):
    """A purchase through the API; from the wallet (the default) with *pin* (the member's PIN)."""
    price = price if price is not None else await price_of(http, world, sku)
    pin = {"pin": pin} if pin is not None and extra.get("pay_with", "wallet") == "wallet" else {}
    return await http.post(
        f"/api/v1/cooperatives/{world['coop'].id}/ppob/purchases",
        json={"sku": sku, "customer_no": number, "price": price, **pin, **extra},
        headers={**(headers or world["member_headers"][member]), "Idempotency-Key": key},
    )


async def test_a_member_buys_pulsa_from_the_wallet_and_the_margin_is_income_tagged_as_theirs(http, world):
    coop, member = world["coop"], world["members"][0]
    # given Telkomsel 10.000 costs 10.325 at the biller, markup Rp 1.500, platform fee Rp 500
    assert await price_of(http, world, "tsel10") == 11_825
    # when
    r = await buy(http, world, "tsel10", "0812-3456-7821")
    # then
    body = r.json()
    assert r.status_code == 201, body
    assert body["state"] == "success" and body["sn"] and body["customer_no"] == "081234567821"
    assert body["margin"] == 1_000 and body["biller_price"] == 10_325 and body["platform_fee"] == 500
    assert await wallet(coop.id, member.id) == 1_000_000 - 11_825
    assert await account("ppob_anggota", coop.id) == 1_000
    assert await account("ppob_titipan", coop.id) == 0
    assert await account("utang_ppob", coop.id) == 10_825
    # the margin credited to income is tagged as the member's PPOB business: their jasa-usaha weight
    assert await member_tags(body["id"]) == [(member.id, "ppob", -1_000)]
    shu = await live_shu(coop.id)
    assert shu.members[member.id].by_kind == {"ppob": 1_000}


async def test_a_double_click_or_a_retry_with_the_same_key_buys_once(http, world):
    sandbox = world["sandbox"]
    first, second = await asyncio.gather(
        buy(http, world, "xld10", "087812345621", key="dobel-klik-1"),
        buy(http, world, "xld10", "087812345621", key="dobel-klik-1"),
    )
    third = await buy(http, world, "xld10", "087812345621", key="dobel-klik-1")
    ids = {first.json()["id"], second.json()["id"], third.json()["id"]}
    assert len(ids) == 1 and await Transaction.all().count() == 1
    assert len(sandbox.purchases) == 1
    assert await wallet(world["coop"].id, world["members"][0].id) == 1_000_000 - await price_of(http, world, "xld10")
    # the same key for another purchase is refused, nothing changes
    clash = await buy(http, world, "xld10", "087812345622", key="dobel-klik-1")
    assert clash.status_code == 409 and clash.json()["code"] == "ppob.idempotency_conflict"
    assert len(sandbox.purchases) == 1


async def test_an_immediate_failure_is_refunded_once_and_says_why(http, world):
    coop, member = world["coop"], world["members"][0]
    r = await buy(http, world, "xld10", "087812345602")
    body = r.json()
    assert body["state"] == "failed" and body["rc"] == "02" and body["message"] == "Transaksi gagal di penyedia"
    assert await wallet(coop.id, member.id) == 1_000_000
    assert await entries(body["id"]) == 2  # hold, refund
    assert await member_tags(body["id"]) == []


async def test_pending_then_success_by_callback_and_a_repeated_callback_changes_nothing(http, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    r = await buy(http, world, "pln50", "14234567815")
    txn = r.json()
    assert txn["state"] == "pending" and txn["token"] == ""
    price = txn["sell_price"]
    assert await wallet(coop.id, member.id) == 1_000_000 - price  # held while pending
    # when the biller settles it and calls back
    assert await sandbox.settle() == 1
    done = await Transaction.get(id=txn["id"])
    assert done.state == TxState.SUCCESS and len(done.token) == 24 and done.token.replace("-", "").isdigit()
    before = await entries(txn["id"])
    # then the same callback again, and a poll, change nothing
    await sandbox.send_callback(sandbox.transactions[done.ref_id])
    await service.check_transaction(link(), done)
    assert await entries(txn["id"]) == before == 2
    assert await wallet(coop.id, member.id) == 1_000_000 - price
    assert len(await member_tags(txn["id"])) == 1


async def test_pending_then_failure_is_refunded_exactly_once(http, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    txn = (await buy(http, world, "xld10", "087812345607")).json()
    assert txn["state"] == "pending"
    await sandbox.settle()
    await sandbox.send_callback(sandbox.transactions[txn["ref_id"]])  # delivered twice
    await service.poll_pending(link())
    assert (await Transaction.get(id=txn["id"])).state == TxState.FAILED
    assert await wallet(coop.id, member.id) == 1_000_000
    assert await JournalEntry.filter(reference=f"wallet:ppob:{txn['id']}:refund").count() == 1


async def test_a_callback_and_a_poll_racing_apply_once(http, world):
    sandbox = world["sandbox"]
    txn = (await buy(http, world, "xld10", "087812345615")).json()
    sandbox.config.callback_url = None  # hold the callback back: we deliver it ourselves
    stored = await Transaction.get(id=txn["id"])
    stored.cb_url = None
    sandbox.transactions[txn["ref_id"]].cb_url = None
    await sandbox.settle()
    body = json.dumps({"data": sandbox.transactions[txn["ref_id"]].data(0)}).encode()
    signature = callback_signature(link().biller.callback_secret, body)
    results = await asyncio.gather(
        service.handle_callback(link(), body, signature),
        service.check_transaction(link(), stored),
        service.handle_callback(link(), body, signature),
        service.check_transaction(link(), stored),
    )
    assert {str(r) for r in results} == {"success"}
    assert await JournalEntry.filter(reference=f"ppob:{txn['id']}:settle").count() == 1
    assert len(await member_tags(txn["id"])) == 1


async def test_biller_down_keeps_it_pending_and_polling_resolves_it_without_charging_twice(http, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    # the biller is down: nothing reaches it, the money is held, the answer is "pending"
    sandbox.set_mode("down")
    down = (await buy(http, world, "xld10", "087812345631", key="turun-0001")).json()
    # the biller takes the purchase but the answer is lost
    sandbox.set_mode("lost_response")
    lost = (await buy(http, world, "xld10", "087812345632", key="hilang-001")).json()
    assert down["state"] == lost["state"] == "pending"
    assert sandbox.purchases == [lost["ref_id"]]
    price = down["sell_price"]
    assert await wallet(coop.id, member.id) == 1_000_000 - 2 * price
    # a poll while it is still down changes nothing
    sandbox.set_mode("down")
    assert await service.poll_pending(link()) == 2
    assert await Transaction.filter(state=TxState.PENDING).count() == 2
    # when the biller is back, polling resolves both; each bought exactly once
    sandbox.set_mode("up")
    assert await service.poll_pending(link()) == 2
    assert await Transaction.filter(state=TxState.SUCCESS).count() == 2
    assert sorted(sandbox.purchases) == sorted([down["ref_id"], lost["ref_id"]])
    assert await wallet(coop.id, member.id) == 1_000_000 - 2 * price
    assert await service.poll_pending(link()) == 0


async def test_the_cashier_sells_for_cash_into_the_cooperatives_cash(http, world):
    coop, member = world["coop"], world["members"][1]
    cash = await coop_account(coop.id, "kas")
    before = await balance_of(cash.id)
    price = await price_of(http, world, "ovo50")
    walk_in = await buy(
        http, world, "ovo50", "081298765421", key="loket-0001", pay_with="cash", headers=world["cashier_headers"]
    )
    for_member = await buy(
        http,
        world,
        "ovo50",
        "081298765422",
        key="loket-0002",
        pay_with="cash",
        member_id=member.id,
        headers=world["cashier_headers"],
    )
    assert walk_in.json()["state"] == for_member.json()["state"] == "success"
    assert await balance_of(cash.id) == before + 2 * price
    assert await wallet(coop.id, member.id) == 1_000_000  # cash, not the wallet
    # only the member's purchase is tagged as member business; the walk-in's is not
    assert await Posting.filter(kind="ppob").values_list("member_id", flat=True) == [member.id]
    # a failed cash sale gives the cash back
    failed = await buy(
        http, world, "ovo50", "081298765403", key="loket-0003", pay_with="cash", headers=world["cashier_headers"]
    )
    assert failed.json()["state"] == "failed" and await balance_of(cash.id) == before + 2 * price
    # a member cannot pay "cash", a cashier cannot spend a wallet
    assert (await buy(http, world, "ovo50", "081298765424", key="x-loket-4", pay_with="cash")).status_code == 422
    assert (
        await buy(
            http, world, "ovo50", "081298765425", key="x-loket-5", pay_with="wallet", headers=world["cashier_headers"]
        )
    ).status_code == 422


async def test_postpaid_bill_inquiry_shows_name_and_amount_then_pays_once(http, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    headers = world["member_headers"][0]
    r = await http.post(
        f"/api/v1/cooperatives/{coop.id}/ppob/bills",
        json={"sku": "bpjs", "customer_no": "8801234560001"},
        headers=headers,
    )
    bill = r.json()
    assert r.status_code == 201 and bill["state"] == "inquiry" and bill["customer_name"]
    assert bill["sell_price"] == bill["base_price"] + 1_500 and sandbox.purchases == []
    assert await wallet(coop.id, member.id) == 1_000_000  # looking costs nothing
    pay = f"/api/v1/cooperatives/{coop.id}/ppob/bills/{bill['id']}/pay"
    tampered = await http.post(pay, json={"price": bill["sell_price"] - 1_000}, headers=headers)
    assert tampered.status_code == 409 and tampered.json()["code"] == "ppob.price_changed"
    assert await wallet(coop.id, member.id) == 1_000_000
    paid = await asyncio.gather(
        *(http.post(pay, json={"price": bill["sell_price"], "pin": PIN}, headers=headers) for _ in range(3))
    )
    # the retries answer with the one transaction (in flight or done); it is bought once
    assert {p.json()["id"] for p in paid} == {bill["id"]} and len(sandbox.purchases) == 1
    assert (await Transaction.get(id=bill["id"])).state == TxState.SUCCESS
    assert await wallet(coop.id, member.id) == 1_000_000 - bill["sell_price"]
    # another member cannot pay it
    other = await http.post(pay, json={"price": bill["sell_price"], "pin": PIN}, headers=world["member_headers"][1])
    assert other.status_code == 404
    no_bill = await http.post(
        f"/api/v1/cooperatives/{coop.id}/ppob/bills",
        json={"sku": "pln", "customer_no": "530000000003"},
        headers=headers,
    )
    assert no_bill.status_code == 422 and no_bill.json()["detail"] == "Tagihan belum tersedia"


async def test_postpaid_pending_then_fail_is_refunded(http, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    headers = world["member_headers"][0]
    bill = (
        await http.post(
            f"/api/v1/cooperatives/{coop.id}/ppob/bills",
            json={"sku": "pdam", "customer_no": "2013230"},
            headers=headers,
        )
    ).json()
    paid = (
        await http.post(
            f"/api/v1/cooperatives/{coop.id}/ppob/bills/{bill['id']}/pay",
            json={"price": bill["sell_price"], "pin": PIN},
            headers=headers,
        )
    ).json()
    assert paid["state"] == "pending"
    await sandbox.settle()
    assert (await Transaction.get(id=bill["id"])).state == TxState.FAILED
    assert await wallet(coop.id, member.id) == 1_000_000


async def test_a_biller_timeout_leaves_it_pending_and_polling_finishes_it_charging_once(http, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    biller = link().biller
    patience, biller.timeout_s = biller.timeout_s, 0.3
    sandbox.set_mode("hang")  # the biller takes the purchase, then never answers
    try:
        txn = (await buy(http, world, "xld10", "087812345641", key="lambat-001")).json()
    finally:
        sandbox.set_mode("up")
        biller.timeout_s = patience
    assert txn["state"] == "pending" and sandbox.purchases == [txn["ref_id"]]
    price = txn["sell_price"]
    assert await wallet(coop.id, member.id) == 1_000_000 - price
    # a retry of the form (same key) is the same transaction, not a second purchase
    again = (await buy(http, world, "xld10", "087812345641", key="lambat-001")).json()
    assert again["id"] == txn["id"]
    assert await service.poll_pending(link()) == 1
    assert (await Transaction.get(id=txn["id"])).state == TxState.SUCCESS
    assert sandbox.purchases == [txn["ref_id"]] and await wallet(coop.id, member.id) == 1_000_000 - price
