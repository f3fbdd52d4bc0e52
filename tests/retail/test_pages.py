"""The counter's pages on the cashier's phone: open the shift, find goods by SKU (straight into
the cart) and by name, sell to a member paying from their wallet with their PIN, the receipt, a
return through its form, the report and its CSV, the POS problems list."""

from __future__ import annotations

import re

import pytest

from payments import service as payments
from tests.builders import login, make_user
from tests.retail.helpers import PIN, count, shop
from tests.web.helpers import csrf_now, form_value


@pytest.fixture
def engine() -> str:
    """These tests run on SQLite only (the pages over the services the engine tests prove)."""
    return "sqlite"


async def test_a_cashier_sells_two_items_to_a_member_paying_by_wallet_then_returns_one(db, client):
    s = await shop(wallet=150_000)
    cashier = await make_user("cashier", coop_id=s.coop.id)
    assert (await login(client, cashier.email)).status_code == 303
    token = await csrf_now(client)
    base = f"/koperasi/{s.coop.id}/toko"
    first = await client.get(base)
    assert 'id="shift-open"' in first.text and 'id="pay-form"' not in first.text
    opened = await client.post(f"{base}/shift/buka", data={"csrf_token": token, "opening_cash": "100.000"})
    assert opened.status_code == 303
    by_sku = await client.get(base, params={"q": s.kopi.sku})  # a scanned or typed SKU goes into the cart
    assert 'id="cart"' in by_sku.text and "Kopi Arabika 250 g" in by_sku.text
    cart = f"{s.kopi.id}:2"
    by_name = await client.get(base, params={"q": "gula", "cart": cart})
    assert 'id="found"' in by_name.text and f"add={s.gula.id}" in by_name.text
    page = await client.get(base, params={"cart": cart, "add": s.gula.id})
    assert "Rp 73.000" in page.text  # 2 × 30.500 + 1 kg × 12.000
    form = {
        "csrf_token": token,
        "client_id": form_value(page.text, "client_id", form_id="pay-form"),
        "product_id": [str(s.kopi.id), str(s.gula.id)],
        f"qty_{s.kopi.id}": "2",
        f"qty_{s.gula.id}": "1,5".replace(",", "."),
        "method": "wallet",
        "member": s.member.member_number,
        "pin": "111111",
    }
    wrong = await client.post(f"{base}/jual", data=form)
    assert wrong.status_code == 422 and await count("retail_sale") == 0
    form["client_id"] = form_value(wrong.text, "client_id", form_id="pay-form")
    form["pin"] = PIN
    paid = await client.post(f"{base}/jual", data=form)
    assert paid.status_code == 303, paid.text
    receipt = await client.get(paid.headers["location"])
    assert 'id="receipt"' in receipt.text and "58mm" in receipt.text
    assert re.search(r'id="receipt-total">Rp 79\.000<', receipt.text) and s.member.name in receipt.text
    assert await payments.wallet_balance(s.wallet_id) == 150_000 - 79_000
    kopi_line = re.search(r'name="return_(\d+)"', receipt.text).group(1)
    back = await client.post(
        f"{paid.headers['location']}/retur",
        data={
            "csrf_token": token,
            "client_id": form_value(receipt.text, "client_id", form_id="return-form"),
            f"return_{kopi_line}": "1",
            "reason": "kemasan rusak",
        },
    )
    assert back.status_code == 303
    assert await payments.wallet_balance(s.wallet_id) == 150_000 - 79_000 + 30_500
    report = await client.get(f"{base}/laporan")
    assert re.search(r'id="net-sales">Rp 48\.500<', report.text)
    csv = await client.get(f"{base}/laporan.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "metode,wallet,Dompet anggota,1,48500" in csv.text
    problems = await client.get(f"{base}/masalah-pos")
    assert problems.status_code == 200 and 'id="no-problems"' in problems.text


async def test_another_cooperatives_cashier_cannot_open_the_counter(db, client):
    s = await shop()
    other = await shop()
    cashier = await make_user("cashier", coop_id=other.coop.id)
    await login(client, cashier.email)
    assert (await client.get(f"/koperasi/{s.coop.id}/toko")).status_code in (403, 404)
