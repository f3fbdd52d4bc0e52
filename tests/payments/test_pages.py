"""The wallet page (top-up through the sandbox invoice page and back) and the operator's payouts
page, through the HTML routes."""

from __future__ import annotations

import re

import pytest

from payments import service
from tests.builders import login, make_coop, make_member, make_user
from tests.payments.helpers import control


@pytest.fixture
async def web_app(papp):
    from web.pages import payments as pages

    if not any(getattr(r, "path", "") == "/dompet" for r in papp.router.routes):
        papp.include_router(pages.router)
    return papp


def _form(html: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1) for name in ("csrf_token", "idempotency_key")
    }


async def test_member_tops_up_on_the_invoice_page_and_sees_the_new_balance(db, web_app, pclient, sandbox):
    coop = await make_coop()
    member = await make_member(coop.id)
    user = await make_user("member", coop_id=coop.id, member_id=member.id)
    await login(pclient, user.email)
    page = await pclient.get("/dompet")
    assert page.status_code == 200 and "Rp 0" in page.text
    # a bad amount is shown again next to the field
    bad = await pclient.post("/dompet/isi", data={"amount": "-5", **_form(page.text)})
    assert bad.status_code == 422 and 'id="topup-amount-error"' in bad.text
    small = await pclient.post("/dompet/isi", data={"amount": "5.000", **_form(page.text)})
    assert small.status_code == 422 and "Jumlah minimal Rp 10.000" in small.text
    # the refused key keeps its answer: the form comes back with a new one
    assert _form(small.text)["idempotency_key"] != _form(page.text)["idempotency_key"]
    again = await pclient.post("/dompet/isi", data={"amount": "5.000", **_form(page.text)})
    assert again.status_code == 422 and "Jumlah minimal Rp 10.000" in again.text
    # when
    sent = await pclient.post("/dompet/isi", data={"amount": "50.000", **_form(small.text)})
    assert sent.status_code == 303
    invoice_url = sent.headers["location"]
    assert "/sandbox/xendit/web/invoices/" in invoice_url
    waiting = await pclient.get("/dompet", headers={"HX-Request": "true"})
    assert waiting.text.lstrip().startswith('<section class="card" id="balance"')  # the block only
    assert 'hx-trigger="load delay:1s"' in waiting.text and waiting.headers["vary"].startswith("HX-Request")
    invoice = await pclient.get(invoice_url)
    assert "Rp 50.000" in invoice.text
    back = await pclient.post(f"{invoice_url}/pay", data={"method": "OVO"})
    assert back.status_code == 303 and back.headers["location"] == "http://test/dompet"
    await sandbox.drain()
    # then
    page = await pclient.get("/dompet")
    assert re.search(r'id="wallet-balance">\s*<strong class="money">Rp 50.000', page.text)
    assert "hx-trigger" not in page.text.split('id="balance"')[1].split(">")[0]


async def test_operator_sees_payouts_and_others_may_not(db, web_app, pclient, gw, sandbox, sbx):
    coop = await make_coop(bank_name="BRI", bank_account_number="121212", bank_account_holder="Koperasi Uji")
    payment = await service.create_payment(gw, kind="order", owner_id=1, amount=90_000, description="x")
    await control(sbx, f"invoices/{payment.provider_id}/pay", method="BRI")
    await sandbox.drain()
    from market import service as market

    await market.post_entry(
        "test:alloc",
        await market.bridge(
            [
                market.debit(await service.clearing(), 90_000),
                market.credit(await market.chart_account(coop.id, "penjualan_non_anggota"), 90_000),
            ]
        ),
    )
    await service.request_payout(gw, coop.id, 50_000, idempotency_key="w")
    await sandbox.drain()
    buyer = await make_user("buyer")
    await login(pclient, buyer.email)
    assert (await pclient.get("/operator/pencairan")).status_code == 403
    operator = await make_user("operator")
    pclient.cookies.clear()
    await login(pclient, operator.email)
    page = await pclient.get("/operator/pencairan")
    assert page.status_code == 200
    assert coop.name in page.text and "Rp 50.000" in page.text and "INVALID_DESTINATION" in page.text
    assert "Gagal" in page.text
