"""The wallet's transaction PIN guards a PPOB purchase or bill paid from the wallet, as it guards a
checkout: asked last (a try is spent only on a purchase that can go ahead), refused with payments'
problem bodies, locked after five wrong tries; cash at the counter and invoices ask none, and a
replay of the same key gets the first answer without asking again."""

from __future__ import annotations

from market.models import JournalEntry, Role
from market.service import books_problems
from ppob import service
from ppob.models import Transaction, TxState
from tests.builders import make_member, make_user, token_for
from tests.ppob.conftest import PIN, fund_wallet, link, set_pin
from tests.ppob.test_transactions import buy, wallet

WRONG = "135790"


async def nothing_moved(world, entries_before: int, *, member: int = 0) -> None:
    """No purchase row, no ledger entry, the wallet untouched, nothing sent, the books balanced."""
    assert await Transaction.all().count() == 0
    assert await JournalEntry.all().count() == entries_before
    assert await wallet(world["coop"].id, world["members"][member].id) == 1_000_000
    assert world["sandbox"].purchases == []
    assert await books_problems() == []


async def test_a_wallet_purchase_without_the_pin_or_with_a_wrong_one_is_refused_and_changes_nothing(http, world):
    entries = await JournalEntry.all().count()
    # without a PIN typed: asked for it, no try spent
    none = await buy(http, world, "tsel10", "081234567821", key="pin-kosong", pin=None)
    assert none.status_code == 422 and none.headers["content-type"].startswith("application/problem+json")
    assert (none.json()["code"], none.json()["field"]) == ("payments.pin_invalid", "pin"), none.text
    # a wrong PIN: the same problem body as checkout's (403, the tries left)
    wrong = await buy(http, world, "tsel10", "081234567821", key="pin-salah", pin=WRONG)
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert (wrong.status_code, wrong.json()["code"], wrong.json()["attempts_left"]) == (403, "payments.pin_wrong", 4)
    await nothing_moved(world, entries)
    # the same key with the right PIN then buys (a refusal before the purchase stored nothing)
    ok = await buy(http, world, "tsel10", "081234567821", key="pin-salah")
    assert ok.status_code == 201 and ok.json()["state"] == "success", ok.text


async def test_five_wrong_pins_lock_the_wallet_even_for_the_right_pin(http, world):
    entries = await JournalEntry.all().count()
    answers = [await buy(http, world, "xld10", "087812345621", key=f"tebak-{n}", pin=WRONG) for n in range(5)]
    assert [a.status_code for a in answers] == [403, 403, 403, 403, 429]
    assert [a.json().get("attempts_left") for a in answers[:4]] == [4, 3, 2, 1]
    assert answers[4].json()["code"] == "payments.pin_locked"
    right = await buy(http, world, "xld10", "087812345621", key="tebak-benar")
    assert right.status_code == 429 and right.json()["code"] == "payments.pin_locked", right.text
    await nothing_moved(world, entries)
    # the other member's PIN is their own: not locked
    other = await buy(http, world, "xld10", "087812345621", key="tebak-lain", member=1)
    assert other.status_code == 201, other.text


async def test_no_try_is_spent_on_a_purchase_that_cannot_go_ahead(http, world):
    coop = world["coop"]
    poor = await make_member(coop.id)
    await fund_wallet(coop.id, poor.id, 5_000)
    poor_user = await make_user(Role.MEMBER, coop.id, poor.id)
    await set_pin(poor_user.id)
    entries = await JournalEntry.all().count()
    # a changed price and a number of another operator are refused before the PIN is looked at
    for n in range(5):
        changed = await buy(http, world, "tsel10", "081234567821", key=f"harga-{n}", price=100, pin=WRONG)
        assert changed.json()["code"] == "ppob.price_changed", changed.text
    # a wallet too short for it says so, whatever the PIN
    short = await buy(
        http, world, "tsel10", "081234567821", key="kurang", pin=WRONG, headers=await token_for(poor_user)
    )
    assert short.status_code == 409 and short.json()["code"] == "ppob.wallet_insufficient", short.text
    await nothing_moved(world, entries)
    # none of those wrong PINs counted: the right one still buys
    ok = await buy(http, world, "tsel10", "081234567821", key="harga-ok")
    assert ok.status_code == 201, ok.text


async def test_a_member_without_a_pin_is_sent_to_make_one(http, world):
    coop = world["coop"]
    member = await make_member(coop.id)
    await fund_wallet(coop.id, member.id, 100_000)
    headers = await token_for(await make_user(Role.MEMBER, coop.id, member.id))
    for pin in (None, WRONG):
        r = await buy(http, world, "tsel10", "081234567821", key=f"tanpa-pin-{pin}", pin=pin, headers=headers)
        assert (r.status_code, r.json()["code"]) == (409, "payments.pin_not_set"), r.text
    assert await Transaction.all().count() == 0 and await wallet(coop.id, member.id) == 100_000


async def test_the_same_key_replayed_gets_the_first_purchase_without_the_pin(http, world):
    first = await buy(http, world, "tsel10", "081234567821", key="ulang-001")
    assert first.status_code == 201, first.text
    for pin in (None, WRONG):
        again = await buy(http, world, "tsel10", "081234567821", key="ulang-001", pin=pin)
        assert again.status_code == 201 and again.json()["id"] == first.json()["id"], again.text
    assert await Transaction.all().count() == 1 and len(world["sandbox"].purchases) == 1
    assert await wallet(world["coop"].id, world["members"][0].id) == 1_000_000 - first.json()["sell_price"]


async def test_cash_at_the_counter_and_an_invoice_ask_no_pin(http, world):
    coop, member = world["coop"], world["members"][0]
    sold = await buy(
        http, world, "tsel10", "081234567821", key="tunai-001", headers=world["cashier_headers"], pay_with="cash"
    )
    assert sold.status_code == 201 and sold.json()["channel"] == "cash" and sold.json()["state"] == "success"
    for_member = await buy(
        http,
        world,
        "tsel10",
        "081234567822",
        key="tunai-002",
        headers=world["cashier_headers"],
        pay_with="cash",
        member_id=member.id,
    )
    assert for_member.status_code == 201 and for_member.json()["member_id"] == member.id, for_member.text
    by_invoice = await service.buy_prepaid(
        link(),
        coop_id=coop.id,
        member_id=member.id,
        user_id=world["member_users"][0].id,
        sku="tsel10",
        customer_no="081234567823",
        channel="invoice",
        idempotency_key="faktur-001",
    )
    assert by_invoice.state == TxState.AWAITING_PAYMENT
    assert await wallet(coop.id, member.id) == 1_000_000  # none of them touched the wallet


async def test_a_bill_paid_from_the_wallet_asks_the_pin_and_a_retry_does_not(http, world):
    coop, member = world["coop"], world["members"][0]
    headers = world["member_headers"][0]
    r = await http.post(
        f"/api/v1/cooperatives/{coop.id}/ppob/bills",
        json={"sku": "bpjs", "customer_no": "8801234560001"},
        headers=headers,
    )
    bill = r.json()
    pay = f"/api/v1/cooperatives/{coop.id}/ppob/bills/{bill['id']}/pay"
    for pin, status, code in ((None, 422, "payments.pin_invalid"), (WRONG, 403, "payments.pin_wrong")):
        refused = await http.post(pay, json={"price": bill["sell_price"], "pin": pin}, headers=headers)
        assert (refused.status_code, refused.json()["code"]) == (status, code), refused.text
    assert (await Transaction.get(id=bill["id"])).state == TxState.INQUIRY
    assert await wallet(coop.id, member.id) == 1_000_000 and world["sandbox"].purchases == []
    paid = await http.post(pay, json={"price": bill["sell_price"], "pin": PIN}, headers=headers)
    assert paid.status_code == 200 and paid.json()["state"] == "success", paid.text
    again = await http.post(pay, json={"price": bill["sell_price"], "pin": WRONG}, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == bill["id"]
    assert await wallet(coop.id, member.id) == 1_000_000 - bill["sell_price"] and len(world["sandbox"].purchases) == 1
    assert await books_problems() == []
