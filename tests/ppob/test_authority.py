"""Who may spend what at the PPOB counter: a wallet is spent only by its owner, cash is taken only
by the cooperative's staff, and every transaction records who paid it apart from its customer."""

from __future__ import annotations

import re

import httpx
import pytest

from market.models import Posting, Role
from market.service import balance_of, coop_account
from ppob import service
from ppob.errors import WalletNotOwner
from ppob.models import Transaction, TxState
from ppob.service.books import wallet_account
from tests.builders import login, make_member, make_user, token_for
from tests.ppob.conftest import PIN, fund_wallet, link, set_pin


async def wallet(coop_id, member_id) -> int:
    return await balance_of((await wallet_account(coop_id, member_id)).id)


@pytest.fixture
async def counter(world):
    """A member with a funded wallet and their login (with a wallet PIN), and a cashier of the same
    cooperative."""
    coop = world["coop"]
    member = await make_member(coop.id)
    await fund_wallet(coop.id, member.id, 1_000_000)
    member_user = await make_user(Role.MEMBER, coop.id, member.id)
    await set_pin(member_user.id)
    cashier = await make_user(Role.CASHIER, coop.id)
    return {
        "coop": coop,
        "member": member,
        "member_user": member_user,
        "member_headers": await token_for(member_user),
        "cashier": cashier,
        "cashier_headers": await token_for(cashier),
        "sandbox": world["sandbox"],
    }


async def look_up(http, c, *, headers, **extra) -> dict:
    r = await http.post(
        f"/api/v1/cooperatives/{c['coop'].id}/ppob/bills",
        json={"sku": "bpjs", "customer_no": "8801234560001", **extra},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_a_cashier_cannot_spend_a_members_wallet_but_can_take_cash_for_the_members_bill(http, counter):
    c = counter
    coop, member = c["coop"], c["member"]
    cash = await coop_account(coop.id, "kas")
    cash_before = await balance_of(cash.id)
    # given a bill the member looked up to pay from their wallet
    bill = await look_up(http, c, headers=c["member_headers"])
    assert bill["channel"] == "wallet" and bill["user_id"] == c["member_user"].id
    pay = f"/api/v1/cooperatives/{coop.id}/ppob/bills/{bill['id']}/pay"
    # when the cashier pays it as it was looked up, or asks for the wallet: refused, nothing moves
    for body in ({"price": bill["sell_price"]}, {"price": bill["sell_price"], "pay_with": "wallet"}):
        refused = await http.post(pay, json=body, headers=c["cashier_headers"])
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "ppob.wallet_not_owner"
    assert await wallet(coop.id, member.id) == 1_000_000
    assert (await Transaction.get(id=bill["id"])).state == TxState.INQUIRY and c["sandbox"].purchases == []
    # when the cashier takes the cash for it at the counter
    paid = await http.post(pay, json={"price": bill["sell_price"], "pay_with": "cash"}, headers=c["cashier_headers"])
    assert paid.status_code == 200, paid.text
    body = paid.json()
    # then it is a cash sale paid by the cashier, the member still its customer
    assert body["state"] == "success" and body["channel"] == "cash"
    assert (body["member_id"], body["user_id"], body["acting_user_id"]) == (
        member.id,
        c["member_user"].id,
        c["cashier"].id,
    )
    assert await wallet(coop.id, member.id) == 1_000_000
    assert await balance_of(cash.id) == cash_before + bill["sell_price"]
    tags = await Posting.filter(entry__reference__startswith=f"ppob:{bill['id']}:", kind="ppob")
    assert [p.member_id for p in tags] == [member.id]
    # paying again (a retry) changes nothing
    again = await http.post(pay, json={"price": bill["sell_price"], "pay_with": "cash"}, headers=c["cashier_headers"])
    assert again.json()["id"] == bill["id"] and await balance_of(cash.id) == cash_before + bill["sell_price"]
    assert len(c["sandbox"].purchases) == 1


async def test_the_member_pays_their_own_bill_from_the_wallet_but_cannot_book_cash(http, counter):
    c = counter
    coop, member = c["coop"], c["member"]
    cash = await coop_account(coop.id, "kas")
    cash_before = await balance_of(cash.id)
    # a bill the cashier looked up for the member, to be paid in cash at the counter
    bill = await look_up(http, c, headers=c["cashier_headers"], pay_with="cash", member_id=member.id)
    pay = f"/api/v1/cooperatives/{coop.id}/ppob/bills/{bill['id']}/pay"
    # the member cannot "pay cash" from home: no cash was handed over, so the till is not credited
    for body in ({"price": bill["sell_price"]}, {"price": bill["sell_price"], "pay_with": "cash"}):
        refused = await http.post(pay, json=body, headers=c["member_headers"])
        assert refused.status_code == 403 and refused.json()["code"] == "ppob.cash_counter_only", refused.text
    assert await balance_of(cash.id) == cash_before and c["sandbox"].purchases == []
    # but may pay it from their own wallet, and is recorded as the one who paid
    paid = await http.post(
        pay, json={"price": bill["sell_price"], "pay_with": "wallet", "pin": PIN}, headers=c["member_headers"]
    )
    assert paid.status_code == 200, paid.text
    body = paid.json()
    assert body["state"] == "success" and body["channel"] == "wallet"
    assert (body["member_id"], body["user_id"], body["acting_user_id"]) == (
        member.id,
        c["cashier"].id,
        c["member_user"].id,
    )
    assert await wallet(coop.id, member.id) == 1_000_000 - bill["sell_price"]
    assert await balance_of(cash.id) == cash_before
    # and a bill the member looks up themselves is paid from the wallet as before
    own = await look_up(http, c, headers=c["member_headers"])
    mine = await http.post(
        f"/api/v1/cooperatives/{coop.id}/ppob/bills/{own['id']}/pay",
        json={"price": own["sell_price"], "pin": PIN},
        headers=c["member_headers"],
    )
    assert mine.status_code == 200 and mine.json()["state"] == "success"
    assert mine.json()["acting_user_id"] == c["member_user"].id
    assert await wallet(coop.id, member.id) == 1_000_000 - bill["sell_price"] - own["sell_price"]


async def test_only_the_owner_spends_a_wallet_whoever_calls_the_service(http, counter):
    c = counter
    coop, member = c["coop"], c["member"]
    other = await make_user(Role.MEMBER, coop.id, (await make_member(coop.id)).id)
    for user_id in (c["cashier"].id, other.id, None):
        with pytest.raises(WalletNotOwner):
            await service.buy_prepaid(
                link(),
                coop_id=coop.id,
                member_id=member.id,
                user_id=user_id,
                sku="xld10",
                customer_no="087812345621",
                channel="wallet",
                idempotency_key="dompet-orang",
            )
    assert await wallet(coop.id, member.id) == 1_000_000
    assert await Transaction.all().count() == 0 and c["sandbox"].purchases == []
    txn = await service.buy_prepaid(
        link(),
        coop_id=coop.id,
        member_id=member.id,
        user_id=c["member_user"].id,
        sku="xld10",
        customer_no="087812345621",
        channel="wallet",
        idempotency_key="dompet-sendiri",
        pin=PIN,
    )
    assert txn.state == TxState.SUCCESS and txn.acting_user_id == txn.user_id == c["member_user"].id
    assert await wallet(coop.id, member.id) == 1_000_000 - txn.sell_price


async def test_the_cashier_page_takes_cash_for_a_bill_the_member_looked_up_for_the_wallet(live, http, counter):
    c = counter
    coop, member = c["coop"], c["member"]
    bill = await look_up(http, c, headers=c["member_headers"])
    cash = await coop_account(coop.id, "kas")
    cash_before = await balance_of(cash.id)
    _, _, base = live
    async with httpx.AsyncClient(base_url=base, timeout=30) as browser:
        assert (await login(browser, c["cashier"].email)).status_code == 303
        page = await browser.get(f"/koperasi/{coop.id}/ppob/kasir/tagihan/{bill['id']}")
        assert page.status_code == 200 and 'id="bill-total"' in page.text
        form = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page.text))
        paid = await browser.post(
            f"/koperasi/{coop.id}/ppob/kasir/tagihan/{bill['id']}/bayar", data={**form, "pay_with": "cash"}
        )
        assert paid.status_code == 303, paid.text
    txn = await Transaction.get(id=bill["id"])
    assert txn.state == TxState.SUCCESS and str(txn.channel) == "cash"
    assert (txn.member_id, txn.acting_user_id) == (member.id, c["cashier"].id)
    assert await wallet(coop.id, member.id) == 1_000_000
    assert await balance_of(cash.id) == cash_before + bill["sell_price"]
