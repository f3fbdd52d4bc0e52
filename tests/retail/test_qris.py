"""QRIS at the counter through payments' Xendit sandbox: the sale held (stock taken, nothing
booked) while its QR is open; the PAID callback — delivered three times, out of order with a
SETTLED — completes it once; an expired QR or the cashier's cancel voids it (stock back, nothing
booked); a return refunds through Xendit; the page shows the QR as an SVG and polls."""

from __future__ import annotations

import httpx
import pytest

from market import runtime
from market import service as market
from market.service import dispatch_pending
from payments import service as payments
from payments import wiring
from payments.xendit import XenditGateway
from retail import service as retail
from retail.errors import ReturnTooLarge
from retail.schemas import ReturnIn, ReturnLineIn
from tests.builders import login, make_user
from tests.retail.helpers import count, diff, figures, purchase_weight, sale, shop
from tests.web.helpers import csrf_now, form_value

BASE = "http://test"


@pytest.fixture
async def gw(app):
    """The production Xendit adapter talking to the app's own sandbox, callbacks coming back
    to the app's callback endpoint (as tests/payments/conftest.py)."""
    state = app.state.xendit_sandbox
    transport = httpx.ASGITransport(app=app)
    gateway = XenditGateway(
        f"{BASE}/sandbox/xendit", wiring.secret_key(app.state.settings), transport=transport, backoff_s=0
    )
    runtime.replace(gateway=gateway)
    state.callback_url = f"{BASE}/api/v1/payments/xendit/callback"
    state.callback_transport = transport
    state.retry_delays = (0.0, 0.0)
    yield gateway
    await state.drain()
    await gateway.aclose()


@pytest.fixture
async def sbx(app, gw):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"{BASE}/sandbox/xendit",
        auth=(wiring.secret_key(app.state.settings), ""),
    ) as c:
        yield c


async def control(sbx, path: str, **body) -> dict:
    response = await sbx.post(f"/_sandbox/{path}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def settle(app) -> None:
    """Every callback in flight delivered, every outbox event handled."""
    await app.state.xendit_sandbox.drain()
    while await dispatch_pending():
        pass


async def books_of(s) -> dict[str, int]:
    out = await figures(s)
    pair = await market.chart_account(s.coop.id, "piutang_platform")
    out["piutang_platform"] = await market.balance_of(pair.id)
    out["clearing"] = await market.balance_of((await payments.clearing()).id)
    return out


async def test_a_qris_sale_is_held_then_completed_once_by_paid_sent_three_times_out_of_order(db, app, gw, sbx):
    s = await shop()
    before = await books_of(s)
    held = await retail.sell(
        s.coop.id,
        sale((s.kopi, "2"), (s.gula, "0.25"), method="qris", member=s.member.member_number),
        actor=s.cashier,
        gateway=gw,
    )
    # held: the stock is out of catalog stock (nobody else sells it), nothing is booked
    assert held.status == "awaiting_payment" and held.total == 61_000 + 3_000 and held.payment_id
    assert diff(before, await books_of(s)) == {"stock_kopi": -2, "stock_gula": -1}
    assert await count("journal_entry", "WHERE reference = ?", f"retail:sale:{held.id}") == 0
    payment = await payments.get_payment(held.payment_id)
    assert (payment.kind, payment.owner_id, payment.amount) == ("retail", held.id, 64_000)
    assert (await retail.qris_view(s.coop.id, held.id, actor=s.cashier)).qr == payment.invoice_url
    # when the customer pays; the provider's PAID and SETTLED come late, out of order, PAID three times
    paid = await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS", deliver="hold")
    settled = await control(sbx, f"invoices/{payment.provider_id}/settle", deliver="hold")
    for delivery in (settled, paid, paid, paid):
        await control(sbx, f"deliveries/{delivery['id']}/release")
        await settle(app)
    # then the sale is done and booked once: sales, HPP and the member's participation; the
    # money out of payments' clearing into the cooperative's claim on the platform
    done = await retail.get_sale(s.coop.id, held.id)
    assert done.status == "done"
    assert diff(before, await books_of(s)) == {
        "stock_kopi": -2,
        "stock_gula": -1,  # 0.75 kg of the opened kilo stays at the counter
        "penjualan_anggota": 64_000,
        "hpp_anggota": 42_000 + 2_250,
        "persediaan": -44_250,
        "piutang_platform": 64_000,
    }
    assert await count("journal_entry", "WHERE reference = ?", f"retail:sale:{held.id}") == 1
    assert await purchase_weight(s.coop.id, s.member.id) == 64_000
    assert (await retail.report(s.coop.id, done.booked_on, done.booked_on, actor=s.cashier)).gross_sales == 64_000


async def test_the_same_client_id_again_gives_the_same_held_sale_and_one_qr(db, app, gw):
    s = await shop()
    data = sale((s.kopi, "1"), method="qris")
    first = await retail.sell(s.coop.id, data, actor=s.cashier, gateway=gw)
    second = await retail.sell(s.coop.id, data, actor=s.cashier, gateway=gw)
    assert (second.id, second.payment_id) == (first.id, first.payment_id)
    assert await count("retail_sale") == 1 and await count("payments_payment") == 1
    assert (await figures(s))["stock_kopi"] == 19


async def test_an_expired_or_failed_qr_gives_the_stock_back_and_books_nothing(db, app, gw, sbx):
    s = await shop()
    before = await books_of(s)
    entries = await count("journal_entry")
    expiring = await retail.sell(
        s.coop.id, sale((s.kopi, "3"), (s.gula, "1.5"), method="qris"), actor=s.cashier, gateway=gw
    )
    failing = await retail.sell(s.coop.id, sale((s.kopi, "1"), method="qris"), actor=s.cashier, gateway=gw)
    assert diff(before, await books_of(s)) == {"stock_kopi": -4, "stock_gula": -2}
    for held, action in ((expiring, "expire"), (failing, "fail")):
        provider_id = (await payments.get_payment(held.payment_id)).provider_id
        await control(sbx, f"invoices/{provider_id}/{action}", deliver="twice")
    await settle(app)
    assert [(await retail.get_sale(s.coop.id, h.id)).status for h in (expiring, failing)] == ["void", "void"]
    assert await books_of(s) == before  # every unit back (the opened half kilo too), no money moved
    assert await count("journal_entry") == entries
    with pytest.raises(ReturnTooLarge):
        await retail.return_sale(
            s.coop.id,
            failing.id,
            ReturnIn(
                client_id="retur-void-1", lines=[ReturnLineIn(line_id=failing.lines[0].id, quantity=1)], reason="salah"
            ),
            actor=s.cashier,
            gateway=gw,
        )
    day = expiring.booked_on
    assert (await retail.report(s.coop.id, day, day, actor=s.cashier)).sales_count == 0


async def test_the_cashier_cancels_a_qr_the_stock_comes_back_and_a_late_expiry_changes_nothing(db, app, gw, sbx):
    s = await shop()
    before = await books_of(s)
    held = await retail.sell(s.coop.id, sale((s.kopi, "2"), method="qris"), actor=s.cashier, gateway=gw)
    assert await retail.cancel_qr(gw, s.coop.id, held.id, actor=s.cashier) == "void"
    await settle(app)  # the invoice's EXPIRED callback and event, after the cancel
    assert await retail.cancel_qr(gw, s.coop.id, held.id, actor=s.cashier) == "void"
    assert await books_of(s) == before
    assert (await payments.get_payment(held.payment_id)).status == "expired"


async def test_a_return_of_a_qris_sale_is_refunded_through_xendit(db, app, gw, sbx):
    s = await shop()
    held = await retail.sell(s.coop.id, sale((s.kopi, "2"), method="qris"), actor=s.cashier, gateway=gw)
    provider_id = (await payments.get_payment(held.payment_id)).provider_id
    await control(sbx, f"invoices/{provider_id}/pay", method="QRIS")
    await settle(app)
    before = await books_of(s)
    line = held.lines[0]
    data = ReturnIn(client_id="retur-qris-1", lines=[ReturnLineIn(line_id=line.id, quantity=1)], reason="rusak")
    out = await retail.return_sale(s.coop.id, held.id, data, actor=s.cashier, gateway=gw)
    again = await retail.return_sale(s.coop.id, held.id, data, actor=s.cashier, gateway=gw)
    await settle(app)
    assert out.total == again.total == 30_500 and out.method == "qris"
    refunds = await payments.list_refunds(held.payment_id)
    assert [(r.amount, r.status) for r in refunds] == [(30_500, "succeeded")]
    assert diff(before, await books_of(s)) == {
        "stock_kopi": 1,
        "penjualan_non_anggota": -30_500,
        "hpp_non_anggota": -21_000,
        "persediaan": 21_000,
        "piutang_platform": -30_500,
    }


@pytest.mark.parametrize("engine", ["sqlite"])  # the page over the service the engine tests prove
async def test_the_counter_page_shows_the_qr_as_svg_and_polls_until_paid(db, app, gw, sbx, client):
    s = await shop()
    cashier = await make_user("cashier", coop_id=s.coop.id)
    assert (await login(client, cashier.email)).status_code == 303
    token = await csrf_now(client)
    base = f"/koperasi/{s.coop.id}/toko"
    await client.post(f"{base}/shift/buka", data={"csrf_token": token, "opening_cash": "0"})
    page = await client.get(base, params={"cart": f"{s.kopi.id}:1"})
    assert 'value="qris"' in page.text
    form = {
        "csrf_token": token,
        "client_id": form_value(page.text, "client_id", form_id="pay-form"),
        "product_id": [str(s.kopi.id)],
        f"qty_{s.kopi.id}": "1",
        "method": "qris",
    }
    held = await client.post(f"{base}/jual", data=form)
    assert held.status_code == 303 and "/toko/qris/" in held.headers["location"]
    qr_page = await client.get(held.headers["location"])
    assert qr_page.status_code == 200 and "<svg" in qr_page.text and 'hx-trigger="every 2s"' in qr_page.text
    unpaid = await client.get(f"{base}/struk/{held.headers['location'].rsplit('/', 1)[1]}")
    assert unpaid.status_code == 303 and unpaid.headers["location"] == held.headers["location"]  # no receipt yet
    poll = await client.get(held.headers["location"], headers={"HX-Request": "true"})
    assert poll.status_code == 200 and poll.text.lstrip().startswith('<section class="card qris"')
    sale_id = int(held.headers["location"].rsplit("/", 1)[1])
    provider_id = (await payments.get_payment((await retail.get_sale(s.coop.id, sale_id)).payment_id)).provider_id
    await control(sbx, f"invoices/{provider_id}/pay", method="QRIS")
    await settle(app)
    done = await client.get(held.headers["location"], headers={"HX-Request": "true"})
    assert done.headers.get("HX-Redirect") == f"{base}/struk/{sale_id}"
