"""The PPOB pages through real HTTP (the app in uvicorn with the biller and Xendit sandboxes
mounted): choose, check the number as you type, confirm, pay, the receipt; the cashier's counter;
histories and CSV; markups. A double click buys once; a tampered price, a malformed number, a
disabled product and a short wallet change nothing."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from market.models import Role
from market.service import balance_of, coop_account, dispatch_pending
from ppob import service
from ppob.models import Transaction, TxState
from tests.builders import login, make_member, make_user
from tests.ppob.conftest import PIN, fund_wallet, http, link, live, port, ppob_settings, set_pin, world  # noqa: F401

HX = {"HX-Request": "true"}


def hidden(html: str) -> dict[str, str]:
    """The hidden fields of the (last) form on the page, the way a browser would send them."""
    return dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))


async def wallet(coop_id: int, member_id: int) -> int:
    return await service.wallet_balance(coop_id, member_id)


@pytest.fixture
async def member_browser(live, world):
    _, _, base = live
    user = await make_user(Role.MEMBER, world["coop"].id, world["members"][0].id)
    await set_pin(user.id)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        r = await login(client, user.email)
        assert r.status_code == 303, r.text
        yield client


@pytest.fixture
async def cashier_browser(live, world):
    _, _, base = live
    user = await make_user(Role.CASHIER, world["coop"].id)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        assert (await login(client, user.email)).status_code == 303
        yield client


async def confirm(client, base: str, k: str, sku: str, number: str) -> httpx.Response:
    index = await client.get(f"{base}?k={k}")
    assert index.status_code == 200, index.text
    form = hidden(index.text)
    return await client.post(f"{base}/konfirmasi", data={**form, "sku": sku, "customer_no": number})


async def test_number_is_checked_as_you_type_and_the_prices_shown_are_the_prices_charged(member_browser, world):
    page = await member_browser.get("/ppob")
    assert page.status_code == 200 and 'hx-get="/ppob/cek?k=pulsa"' in page.text
    check = await member_browser.get("/ppob/cek", params={"k": "pulsa", "customer_no": "0812-3456-7821"}, headers=HX)
    assert check.text.lstrip().startswith('<div id="check"')  # the block only
    assert 'id="check-operator"' in check.text and "Telkomsel" in check.text
    assert "Rp 11.825" in check.text and "XL" not in check.text  # tsel10 with the coop's markup
    bad = await member_browser.get("/ppob/cek", params={"k": "pulsa", "customer_no": "0812-34"}, headers=HX)
    assert 'id="check-error"' in bad.text and "10–13 angka" in bad.text
    pln = await member_browser.get("/ppob/cek", params={"k": "token", "customer_no": "14234567821"}, headers=HX)
    assert 'id="check-name"' in pln.text and "pln50" in pln.text
    unknown = await member_browser.get("/ppob/cek", params={"k": "token", "customer_no": "14234567999"}, headers=HX)
    assert 'id="check-error"' in unknown.text
    short_meter = await member_browser.get("/ppob/cek", params={"k": "token", "customer_no": "1423"}, headers=HX)
    assert 'id="check-error"' in short_meter.text
    english = await member_browser.get("/bahasa/en?next=/ppob")
    assert english.status_code in (302, 303)
    assert "Top-ups, tokens &amp; bills" in (await member_browser.get("/ppob")).text


async def test_a_member_buys_a_pln_token_and_a_double_click_buys_once(member_browser, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    page = await confirm(member_browser, "/ppob", "token", "pln50", "14234567821")
    assert page.status_code == 200 and 'id="confirm-name"' in page.text
    form = hidden(page.text)
    assert form["price"] == "52650" and len(form["idempotency_key"]) == 32  # 50.150 + 2.500 markup
    # when the member clicks "Pay" twice
    first, second = await asyncio.gather(
        member_browser.post("/ppob/beli", data={**form, "pay_with": "wallet", "pin": PIN}),
        member_browser.post("/ppob/beli", data={**form, "pay_with": "wallet", "pin": PIN}),
    )
    # then both land on the one receipt, and it was bought and paid once
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await Transaction.all().count() == 1 and len(sandbox.purchases) == 1
    assert await wallet(coop.id, member.id) == 1_000_000 - 52_650
    receipt = await member_browser.get(first.headers["location"])
    token = re.search(r'id="receipt-token">([0-9-]+)<', receipt.text).group(1)
    assert re.fullmatch(r"\d{4}(-\d{4}){4}", token)
    assert "@page { size: 58mm auto; margin: 0 }" in receipt.text and "every 2s" not in receipt.text
    # the wallet page shows the same balance and the PPOB line: one wallet
    dompet = await member_browser.get("/dompet")
    assert "Rp 947.350" in dompet.text and "PPOB PLN 50.000" in dompet.text


async def test_a_tampered_price_a_bad_number_and_a_disabled_product_change_nothing(member_browser, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    page = await confirm(member_browser, "/ppob", "pulsa", "tsel10", "081234567821")
    form = hidden(page.text)
    tampered = await member_browser.post("/ppob/beli", data={**form, "price": "1000", "pay_with": "wallet", "pin": PIN})
    assert tampered.status_code == 422 and "Harga sekarang Rp 11.825" in tampered.text
    typo = await member_browser.post("/ppob/beli", data={**form, "price": "11.825", "pay_with": "wallet", "pin": PIN})
    assert typo.status_code == 422
    no_key = await member_browser.post(
        "/ppob/beli", data={**form, "idempotency_key": "", "pay_with": "wallet", "pin": PIN}
    )
    assert no_key.status_code == 422 and "Formulir tidak lengkap" in no_key.text
    malformed = await confirm(member_browser, "/ppob", "pulsa", "tsel10", "0812abc")
    assert malformed.status_code == 422 and 'id="customer-no-error"' in malformed.text
    wrong_operator = await confirm(member_browser, "/ppob", "pulsa", "tsel10", "087812345621")
    assert wrong_operator.status_code == 422 and "bukan Telkomsel" in wrong_operator.text
    no_product = await member_browser.post(
        "/ppob/konfirmasi", data={**hidden((await member_browser.get("/ppob")).text), "customer_no": "081234567821"}
    )
    assert no_product.status_code == 422 and 'id="sku-error"' in no_product.text
    sandbox.set_product("tsel10", active=False)
    await service.sync_price_list(link())
    disabled = await member_browser.post("/ppob/beli", data={**form, "pay_with": "wallet", "pin": PIN})
    assert disabled.status_code == 422 and "dinonaktifkan" in disabled.text
    assert await Transaction.all().count() == 0 and sandbox.purchases == []
    assert await wallet(coop.id, member.id) == 1_000_000


async def test_a_short_wallet_is_offered_a_xendit_invoice_and_the_purchase_proceeds_when_it_is_paid(live, world):
    app, sandbox, base = live
    coop = world["coop"]
    member = await make_member(coop.id)
    await fund_wallet(coop.id, member.id, 5_000)
    user = await make_user(Role.MEMBER, coop.id, member.id)
    await set_pin(user.id)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client, user.email)
        page = await confirm(client, "/ppob", "pulsa", "xld10", "087812345621")
        assert 'id="wallet-short"' in page.text and 'id="pay-invoice"' in page.text
        form = hidden(page.text)
        # paying from the wallet anyway is refused, nothing changes
        refused = await client.post("/ppob/beli", data={**form, "pay_with": "wallet", "pin": PIN})
        assert refused.status_code == 422 and "Saldo dompet tidak cukup" in refused.text
        assert await Transaction.all().count() == 0 and await wallet(coop.id, member.id) == 5_000
        # when the member pays by invoice (clicked twice: one invoice)
        sent = [await client.post("/ppob/beli", data={**form, "pay_with": "invoice"}) for _ in range(2)]
        assert sent[0].status_code == 303 and sent[0].headers["location"] == sent[1].headers["location"]
        invoice_url = sent[0].headers["location"]
        assert "/sandbox/xendit/web/invoices/" in invoice_url
        txn = await Transaction.get(sku="xld10")
        assert txn.state == TxState.AWAITING_PAYMENT and sandbox.purchases == []
        waiting = await client.get(f"/ppob/struk/{txn.id}")
        assert 'hx-trigger="every 2s"' in waiting.text and "Menunggu pembayaran" in waiting.text
        paid = await client.post(f"{invoice_url}/pay", data={"method": "OVO"})
        assert paid.status_code == 303
        await app.state.xendit_sandbox.drain()
        while await dispatch_pending():
            pass
        await dispatch_pending()  # delivered again: nothing more happens
        assert (await Transaction.get(id=txn.id)).state == TxState.PENDING
        # then the receipt page (or the poller) sends it; bought once, paid from the invoice
        done = await client.get(f"/ppob/struk/{txn.id}", headers=HX)
        assert 'id="receipt-sn"' in done.text and "every 2s" not in done.text
        await service.poll_pending(link())
        assert len(sandbox.purchases) == 1 and await wallet(coop.id, member.id) == 5_000


async def test_a_pending_receipt_polls_until_final_and_a_failure_says_why_and_refunds(member_browser, world):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    form = hidden((await confirm(member_browser, "/ppob", "pulsa", "xld10", "087812345607")).text)
    r = await member_browser.post("/ppob/beli", data={**form, "pay_with": "wallet", "pin": PIN})
    receipt_url = r.headers["location"]
    pending = await member_browser.get(receipt_url)
    assert 'hx-trigger="every 2s"' in pending.text and 'id="receipt-wait"' in pending.text
    await sandbox.settle()
    final = await member_browser.get(receipt_url, headers=HX)
    assert final.text.lstrip().startswith('<article class="receipt"') and "every 2s" not in final.text
    assert "Gagal: Transaksi gagal di penyedia" in final.text
    assert "sudah dikembalikan ke dompet" in final.text
    assert await wallet(coop.id, member.id) == 1_000_000
    other = await make_member(coop.id)
    stranger = await make_user(Role.MEMBER, coop.id, other.id)
    async with httpx.AsyncClient(base_url=str(member_browser.base_url), timeout=30) as client:
        await login(client, stranger.email)
        assert (await client.get(receipt_url)).status_code == 404


async def test_the_cashier_sells_for_cash_and_sees_the_cooperatives_history_and_csv(
    cashier_browser, member_browser, world
):
    coop = world["coop"]
    cash = await coop_account(coop.id, "kas")
    before = await balance_of(cash.id)
    base = f"/koperasi/{coop.id}/ppob/kasir"
    page = await confirm(cashier_browser, base, "ewallet", "ovo50", "081298765421")
    assert page.status_code == 200 and 'id="pay-cash"' in page.text and "dompet" not in page.text.split("<main")[1]
    form = hidden(page.text)
    r = await cashier_browser.post(f"{base}/beli", data={**form, "pay_with": "wallet", "pin": PIN})  # forced to cash
    assert r.status_code == 303
    txn = await Transaction.get(sku="ovo50")
    assert txn.channel == "cash" and txn.member_id is None and txn.state == TxState.SUCCESS
    assert await balance_of(cash.id) == before + txn.sell_price
    receipt = await cashier_browser.get(r.headers["location"])
    assert 'id="receipt-sn"' in receipt.text and "Tunai" in receipt.text
    # a postpaid bill at the counter: look it up, then pay it
    index = await cashier_browser.get(f"{base}?k=bpjs")
    looked = await cashier_browser.post(f"{base}/tagihan", data={**hidden(index.text), "customer_no": "8801234560001"})
    assert looked.status_code == 303
    bill = await cashier_browser.get(looked.headers["location"])
    assert 'id="bill-name"' in bill.text and 'id="bill-total"' in bill.text
    paid = await cashier_browser.post(
        f"/koperasi/{coop.id}/ppob/kasir/tagihan/{looked.headers['location'].split('/')[-1].split('?')[0]}/bayar",
        data={**hidden(bill.text), "pay_with": "cash"},
    )
    assert paid.status_code == 303
    # the cooperative's history with filters, and its CSV
    history = await cashier_browser.get(f"/koperasi/{coop.id}/ppob", params={"status": "success"})
    assert history.status_code == 200 and "OVO 50.000" in history.text and "BPJS Kesehatan" in history.text
    only_ovo = await cashier_browser.get(f"/koperasi/{coop.id}/ppob", params={"produk": "ovo50"}, headers=HX)
    assert only_ovo.text.lstrip().startswith('<section class="card" id="rows"') and "BPJS" not in only_ovo.text
    csv = await cashier_browser.get(f"/koperasi/{coop.id}/ppob.csv", params={"produk": "ovo50"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.count("\n") == 2
    # a member cannot open the counter or the cooperative's history
    assert (await member_browser.get(base)).status_code == 403
    assert (await member_browser.get(f"/koperasi/{coop.id}/ppob")).status_code == 403


async def test_a_member_pays_a_bill_and_finds_it_in_the_history(member_browser, world):
    index = await member_browser.get("/ppob?k=pln")
    looked = await member_browser.post("/ppob/tagihan", data={**hidden(index.text), "customer_no": "530000000001"})
    assert looked.status_code == 303
    bill = await member_browser.get(looked.headers["location"])
    assert 'id="bill-period"' in bill.text and 'id="pay-wallet"' in bill.text
    form = hidden(bill.text)
    txn_id = looked.headers["location"].split("/")[-1].split("?")[0]
    paid = await asyncio.gather(
        *(
            member_browser.post(f"/ppob/tagihan/{txn_id}/bayar", data={**form, "pay_with": "wallet", "pin": PIN})
            for _ in range(2)
        )
    )
    assert {p.headers["location"] for p in paid} == {f"/ppob/struk/{txn_id}"}
    assert len(world["sandbox"].purchases) == 1
    no_bill = await member_browser.post("/ppob/tagihan", data={**hidden(index.text), "customer_no": "530000000003"})
    assert no_bill.status_code == 422 and "Tagihan belum tersedia" in no_bill.text
    history = await member_browser.get("/ppob/riwayat")
    assert "PLN Pascabayar" in history.text and 'id="csv"' in history.text
    none = await member_browser.get("/ppob/riwayat", params={"status": "failed"})
    assert "Belum ada transaksi." in none.text
    csv = await member_browser.get("/ppob/riwayat.csv")
    assert "PLN Pascabayar" in csv.text


async def test_the_manager_sets_a_markup_and_the_operator_the_platform_fee(live, world):
    _, _, base = live
    coop = world["coop"]
    manager = await make_user(Role.MANAGER, coop.id)
    operator = await make_user(Role.OPERATOR)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client, manager.email)
        page = await client.get(f"/koperasi/{coop.id}/ppob/markup")
        assert page.status_code == 200 and 'id="markup-form"' in page.text
        bad = await client.post(
            f"/koperasi/{coop.id}/ppob/markup",
            data={**hidden(page.text), "scope": "brand", "key": "", "flat_idr": "1000"},
        )
        assert bad.status_code == 422
        ok = await client.post(
            f"/koperasi/{coop.id}/ppob/markup",
            data={**hidden(page.text), "scope": "brand", "key": "OVO", "flat_idr": "3.000", "bps": "0"},
        )
        assert ok.status_code == 303
        prices = {p.sku: p.quote.sell for p in await service.list_products(link(), coop.id, brand="OVO")}
        assert prices["ovo50"] == 51_000 + 3_000
        assert (await client.get("/operator/ppob")).status_code == 403
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client, operator.email)
        page = await client.get("/operator/ppob")
        saved = await client.post(
            "/operator/ppob", data={**hidden(page.text), "action": "fee", "flat_idr": "750", "bps": "0"}
        )
        assert saved.status_code == 303 and await service.platform_fee(link()) == (750, 0)


async def test_paying_from_the_wallet_asks_the_pin_and_a_member_without_one_is_sent_to_make_it(
    member_browser, live, world
):
    coop, member, sandbox = world["coop"], world["members"][0], world["sandbox"]
    page = await confirm(member_browser, "/ppob", "pulsa", "tsel10", "081234567821")
    assert 'name="pin"' in page.text and 'type="password"' in page.text and 'id="pay-wallet"' in page.text
    form = hidden(page.text)
    for pin, said in (("", "Masukkan PIN transaksi dompet"), ("135790", "PIN salah; sisa 4 kali percobaan")):
        refused = await member_browser.post("/ppob/beli", data={**form, "pay_with": "wallet", "pin": pin})
        assert refused.status_code == 422 and said in refused.text, refused.text
        assert 'id="f-pin-error"' in refused.text and 'id="pay-wallet"' in refused.text  # asked again
    assert await Transaction.all().count() == 0 and sandbox.purchases == []
    assert await wallet(coop.id, member.id) == 1_000_000
    bought = await member_browser.post("/ppob/beli", data={**form, "pay_with": "wallet", "pin": PIN})
    assert bought.status_code == 303 and "/ppob/struk/" in bought.headers["location"]
    # a member who has made no PIN yet is sent to make one, and cannot pay from the wallet
    _, _, base = live
    other = await make_member(coop.id)
    await fund_wallet(coop.id, other.id, 100_000)
    user = await make_user(Role.MEMBER, coop.id, other.id)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client, user.email)
        page = await confirm(client, "/ppob", "pulsa", "tsel10", "081234567822")
        assert 'id="wallet-no-pin"' in page.text and 'href="/dompet/pin"' in page.text
        assert 'id="pay-wallet"' not in page.text and 'name="pin"' not in page.text
        refused = await client.post("/ppob/beli", data={**hidden(page.text), "pay_with": "wallet"})
        assert refused.status_code == 422 and "Buat PIN transaksi dompet" in refused.text
    assert await wallet(coop.id, other.id) == 100_000 and len(sandbox.purchases) == 1
