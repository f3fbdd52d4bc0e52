"""The cooperative's own clock: an order placed at 17:30 UTC on 1 December is already 2 December
everywhere in Indonesia (00:30 WIB, 01:30 WITA in NTT, 02:30 WIT in Papua). The packing slip, the
staff's incoming orders and the sub-order's history show the selling cooperative's local day and
name its clock; the buyer's order pages show the buyer's own clock and say whose it is."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest

from market.models import Role
from market.service.users import actor_of
from orders import service as orders
from orders.models import Order, SubOrder, SubOrderTransition
from tests.builders import login, make_coop, make_member, make_product, make_user
from tests.payments.conftest import papp  # noqa: F401 (fixture)
from tests.web.helpers import HTMX

# 1 Dec 2026 17:30 UTC = 2 Dec 00:30 WIB = 01:30 WITA = 02:30 WIT
PLACED = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
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


async def _order_at(web, buyer, *products) -> int:
    for p in products:
        await orders.add_to_cart(p.id, 1, user_id=buyer.id)
    await login(web, buyer.email)
    page = (await web.get("/checkout")).text
    form = {n: re.findall(rf'name="{n}" value="([^"]*)"', page)[0] for n in ("csrf_token", "idempotency_key")}
    placed = await web.post("/checkout", data={**form, **ADDRESS}, headers=HTMX)
    assert placed.status_code == 200, placed.text
    [order] = await orders.list_orders(actor_of(buyer))
    await Order.filter(id=order.id).update(created_at=PLACED)
    await SubOrder.filter(order_id=order.id).update(created_at=PLACED)
    await SubOrderTransition.filter(suborder_id__in=[s.id for s in order.suborders]).update(at=PLACED)
    web.cookies.clear()
    return order.id


async def test_slips_orders_and_history_show_the_cooperatives_local_day_and_the_buyer_their_own(db, web):
    flores = await make_coop(name="Koperasi Flores", province="Nusa Tenggara Timur", timezone="Asia/Makassar")
    papua = await make_coop(name="Koperasi Jayapura", province="Papua", timezone="Asia/Jayapura")
    kopi = await make_product(flores.id, name="Kopi Bajawa", unit="pcs", price_idr=85_000, stock=5)
    sagu = await make_product(papua.id, name="Sagu Papua", unit="kg", price_idr=30_000, stock=5)
    buyer = await make_user(Role.BUYER)
    order_id = await _order_at(web, buyer, kopi, sagu)
    subs = {s.cooperative_id: s.id for s in await SubOrder.filter(order_id=order_id)}

    # the staff's pages: the selling cooperative's day and clock
    for coop, local in ((flores, "2 Des 2026 01:30 WITA"), (papua, "2 Des 2026 02:30 WIT")):
        await login(web, (await make_user(Role.MANAGER, coop_id=coop.id)).email)
        slip = await web.get(f"/koperasi/{coop.id}/pesanan/{subs[coop.id]}/slip")
        assert slip.status_code == 200 and local in slip.text and "1 Des 2026" not in slip.text
        assert local in (await web.get(f"/koperasi/{coop.id}/pesanan?status=awaiting_payment")).text
        history = await web.get(f"/koperasi/{coop.id}/pesanan/{subs[coop.id]}")
        assert local in history.text and "1 Des 2026" not in history.text
        web.cookies.clear()

    # a buyer of no cooperative: the deployment's clock, WIB, and the page names it
    await login(web, buyer.email)
    page = await web.get(f"/pesanan/{order_id}")
    assert "2 Des 2026 00:30 WIB" in page.text and "Waktu Indonesia Barat" in page.text
    assert "2 Des 2026 00:30 WIB" in (await web.get("/pesanan")).text
    await web.get("/bahasa/en")
    assert "Western Indonesia Time" in (await web.get(f"/pesanan/{order_id}")).text
    web.cookies.clear()
    # a member of the Papua cooperative: their own pages say they are on their cooperative's clock
    member = await make_member(papua.id)
    await login(web, (await make_user(Role.MEMBER, coop_id=papua.id, member_id=member.id)).email)
    mine = await web.get("/pesanan")
    assert "WIT, zona waktu koperasi Anda" in mine.text
