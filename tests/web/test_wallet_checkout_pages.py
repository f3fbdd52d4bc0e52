"""Checkout paid from the wallet through the HTML routes: the wallet choice and its split in the
summary (the htmx block), a wrong PIN next to its field, the order paid at once and its money
listed for the buyer; once completed, the cooperative's page lists its share, the fee and the
supplying member's HPP credit, linked to its journal entry and the member."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from market.models import Role
from market.service.users import actor_of
from orders import service as orders
from payments import service as payments
from tests.builders import login, make_coop, make_member, make_product, make_user
from tests.payments.conftest import papp  # noqa: F401 (fixture)
from tests.web.helpers import HTMX, csrf_now, field_error

ADDRESS = {
    "recipient_name": "Sri Wahyuni",
    "phone": "081234567890",
    "street": "Jl. Melati No. 5 RT 01/RW 02",
    "kelurahan": "Sukamaju",
    "kecamatan": "Cibinong",
    "kabupaten": "Kabupaten Bogor",
    "provinsi": "Jawa Barat",
    "kode_pos": "16911",
}


@pytest.fixture
async def web(papp):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=papp), base_url="http://test") as c:
        yield c


@pytest.mark.parametrize("engine", ["sqlite"])  # pages over the services the engine tests prove
async def test_a_checkout_paid_from_the_wallet_through_the_pages_and_its_money_on_both_order_pages(db, web):
    # given: a cooperative selling a member's coffee, a buyer with 80.000 in the wallet and a PIN
    tani = await make_coop(name="Koperasi Tani Makmur")
    supplier = await make_member(tani.id, name="Petrus Dhey")
    kopi = await make_product(
        tani.id, name="Kopi Arabika", price_idr=25_000, cost_idr=15_000, supplier_member_id=supplier.id
    )
    buyer = await make_user(Role.BUYER)
    await payments.set_pin(buyer.id, "246810")
    wallet = await payments.wallet_of(actor_of(buyer))
    await payments.credit_wallet(
        wallet.id, 80_000, reference=f"t:{uuid.uuid4().hex}", from_account=await payments.xendit_cash()
    )
    await orders.add_to_cart(kopi.id, 2, user_id=buyer.id)
    await login(web, buyer.email)
    page = await web.get("/checkout")
    assert re.search(r'id="wallet-balance">Rp 80.000<', page.text)
    form = {
        name: re.search(rf'name="{name}" value="([^"]*)"', page.text).group(1)
        for name in ("csrf_token", "idempotency_key")
    }
    # the summary says how it would be paid
    part = await web.post(
        "/checkout/hitung", data={**form, "wallet": "amount", "wallet_amount": "20.000"}, headers=HTMX
    )
    assert re.search(r'id="from-wallet">Rp 20.000<', part.text) and re.search(r'id="by-invoice">Rp 30.000<', part.text)
    # when: a wrong PIN, then the right one
    data = {**form, **ADDRESS, "wallet": "all"}
    wrong = await web.post("/checkout", data={**data, "pin": "000000"})
    assert wrong.status_code == 422 and field_error(wrong.text, "f-pin").startswith("PIN salah")
    key = re.search(r'name="idempotency_key" value="([^"]*)"', wrong.text).group(1)
    placed = await web.post("/checkout", data={**data, "idempotency_key": key, "pin": "246810"})
    # then: paid at once, to the order page (no invoice)
    assert placed.status_code == 303 and re.fullmatch(r"/pesanan/\d+", placed.headers["location"])
    order_page = await web.get(placed.headers["location"])
    assert 'class="status state-paid"' in order_page.text
    assert re.search(r'id="order-from-wallet">Rp 50.000<', order_page.text)
    assert 'class="money-wallet_paid"' in order_page.text and "/dompet/mutasi/" in order_page.text
    assert await payments.wallet_balance(wallet.id) == 30_000
    # completed: the cooperative's page lists its share, the fee and the member's HPP, linked
    [order] = await orders.list_orders(actor_of(buyer))
    manager_user = await make_user(Role.MANAGER, coop_id=tani.id)
    manager = actor_of(manager_user)
    sub = order.suborders[0].id
    await orders.pack_suborder(tani.id, sub, actor=manager)
    await orders.mark_delivered(tani.id, sub, actor=manager)
    await orders.confirm_delivery(sub, actor=actor_of(buyer))
    web.cookies.clear()
    await login(web, manager_user.email)
    await csrf_now(web)
    staff = (await web.get(f"/koperasi/{tani.id}/pesanan/{sub}")).text
    for kind in ("wallet_paid", "coop_credited", "platform_fee", "supplier_credit"):
        assert f'class="money-{kind}"' in staff
    assert "Petrus Dhey" in staff and f'href="/koperasi/{tani.id}/anggota/{supplier.id}"' in staff
    assert re.search(rf'href="/koperasi/{tani.id}/jurnal/\d+"', staff)
    # the buyer sees the cooperative credited, not its fee or its member's HPP
    web.cookies.clear()
    await login(web, buyer.email)
    mine = (await web.get(f"/pesanan/{order.id}")).text
    assert 'class="money-coop_credited"' in mine and "money-supplier_credit" not in mine


@pytest.mark.parametrize("engine", ["sqlite"])
async def test_every_control_that_recounts_the_summary_replaces_the_recount_in_flight(db, web):
    """The province, each delivery choice, the wallet choice and its amount each ask for a new
    summary. Unsynchronised, two asked at once raced: the first asked could answer last and put
    back a summary without the wallet choice (seen in CI on a loaded machine). All of them share
    one queue on #summary in which the latest replaces the one in flight."""
    tani = await make_coop(name="Koperasi Tani Makmur")
    await orders.set_delivery_rates(
        tani.id, {"Jawa Barat": 10_000}, actor=actor_of(await make_user(Role.MANAGER, tani.id))
    )
    kopi = await make_product(tani.id, name="Kopi Arabika", price_idr=25_000)
    buyer = await make_user(Role.BUYER)
    wallet = await payments.wallet_of(actor_of(buyer))
    await payments.credit_wallet(
        wallet.id, 80_000, reference=f"t:{uuid.uuid4().hex}", from_account=await payments.xendit_cash()
    )
    await orders.add_to_cart(kopi.id, 1, user_id=buyer.id)
    await login(web, buyer.email)
    page = (await web.get("/checkout")).text
    recounting = re.findall(r"<(?:input|select)\b[^>]*hx-post=\"/checkout/hitung\"[^>]*>", page)
    names = {re.search(r'name="([^"]+)"', tag).group(1) for tag in recounting}
    assert {"provinsi", "wallet", "wallet_amount"} <= names and any(n.startswith("delivery-") for n in names), names
    assert all('hx-sync="#summary:replace"' in tag for tag in recounting), recounting
