"""The HTTP edge of loans, on SQLite (the rules under it run on both engines): a member applies on
"Pinjaman saya", a manager approves, the cashier disburses to the wallet, the member pays the first
instalment with the PIN; the JSON API refuses another cooperative's staff with 404."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from loans import service as loans
from market import service as market
from payments import service as payments
from tests.builders import login, make_coop, make_user, token_for
from tests.loans.helpers import PIN, active_loan, product, world
from tests.web.helpers import csrf_now, form_value


@pytest.fixture
def engine() -> str:
    """These tests run on SQLite only."""
    return "sqlite"


async def _as(client, email: str) -> str:
    client.cookies.clear()
    assert (await login(client, email)).status_code == 303
    return await csrf_now(client)


async def test_apply_approve_disburse_and_pay_through_the_pages(client):
    w = await world(wallet=0)
    p = await product(w, max_amount=5_000_000)
    member_email = w.member_actor.email
    manager = await make_user("manager", coop_id=w.coop.id)
    base = f"/koperasi/{w.coop.id}/pinjaman"

    token = await _as(client, member_email)
    mine = await client.get("/saya/pinjaman")
    assert mine.status_code == 200 and 'id="apply-form"' in mine.text and p.name in mine.text
    form = {"csrf_token": token, "product_id": str(p.id), "term_months": "3", "purpose": "Pupuk"}
    over = await client.post("/saya/pinjaman", data={**form, "principal": "6.000.000"})
    assert over.status_code == 422 and "Plafon produk ini Rp 5.000.000" in over.text
    sent = await client.post("/saya/pinjaman", data={**form, "principal": "3.000.000"})
    assert sent.status_code == 303
    [loan] = await loans.member_loans(w.member_actor, w.coop.id, w.member.id)

    token = await _as(client, manager.email)
    queue = await client.get(base)
    assert f'id="approve-{loan.id}"' in queue.text
    rejected = await client.post(f"{base}/{loan.id}/putusan", data={"csrf_token": token, "approve": "0"})
    assert rejected.status_code == 422 and "alasan penolakan" in rejected.text
    approved = await client.post(f"{base}/{loan.id}/putusan", data={"csrf_token": token, "approve": "1"})
    assert approved.status_code == 303
    queue = await client.get(base)
    paid_out = await client.post(
        f"{base}/{loan.id}/cair",
        data={
            "csrf_token": token,
            "channel": "wallet",
            "idempotency_key": form_value(queue.text, form_id=f"loan-{loan.id}"),
        },
    )
    assert paid_out.status_code == 303
    assert await payments.wallet_balance(w.wallet_id) == 3_000_000
    staff_detail = await client.get(f"{base}/{loan.id}")
    assert 'id="schedule"' in staff_detail.text and "Rp 1.045.000" in staff_detail.text

    token = await _as(client, member_email)
    detail = await client.get(f"/saya/pinjaman/{loan.id}")
    assert "sisa pembulatan" in detail.text and 'id="pay-form"' in detail.text
    wrong = await client.post(
        f"/saya/pinjaman/{loan.id}/bayar",
        data={
            "csrf_token": token,
            "seq": "1",
            "pin": "000000",
            "idempotency_key": form_value(detail.text, form_id="pay-form"),
        },
    )
    assert wrong.status_code == 403 and "PIN salah" in wrong.text
    detail = await client.get(f"/saya/pinjaman/{loan.id}")
    paid = await client.post(
        f"/saya/pinjaman/{loan.id}/bayar",
        data={
            "csrf_token": token,
            "seq": "1",
            "pin": PIN,
            "idempotency_key": form_value(detail.text, form_id="pay-form"),
        },
    )
    assert paid.status_code == 303
    assert await payments.wallet_balance(w.wallet_id) == 3_000_000 - 1_045_000
    assert "Angsuran ke-2" in (await client.get(f"/saya/pinjaman/{loan.id}")).text


async def test_the_api_answers_its_cooperative_and_refuses_others_with_404(client):
    w = await world()
    manager = await make_user("manager", coop_id=w.coop.id)
    other = await make_user("manager", coop_id=(await make_coop()).id)
    url = f"/api/v1/cooperatives/{w.coop.id}/loans"
    made = await client.post(
        f"{url}/products",
        json={
            "name": "Umum",
            "max_amount": 2_000_000,
            "max_term_months": 6,
            "rate_bps_month": 100,
            "method": "declining",
        },
        headers=await token_for(manager),
    )
    assert made.status_code == 201 and made.json()["method"] == "declining"
    assert (await client.get(f"{url}/products", headers=await token_for(other))).status_code == 404
    figures = await client.get(f"{url}/portfolio", headers=await token_for(manager))
    assert figures.status_code == 200 and figures.json()["outstanding"] == 0
    assert (await client.get(f"{url}/portfolio", headers=await token_for(other))).status_code == 404


async def test_a_product_made_on_the_page_keeps_its_early_repayment_rule(client):
    w = await world(wallet=0)
    token = await _as(client, (await make_user("manager", coop_id=w.coop.id)).email)
    form = {
        "csrf_token": token,
        "name": "Pinjaman Darurat",
        "max_amount": "2.000.000",
        "savings_multiple": "0",
        "max_term_months": "6",
        "rate": "1,5",
        "method": "flat",
        "admin_fee": "0",
        "late": "0",
        "early_rule": "full",
    }
    page = await client.get(f"/koperasi/{w.coop.id}/pinjaman")
    assert 'name="early_rule"' in page.text
    made = await client.post(f"/koperasi/{w.coop.id}/pinjaman/produk", data=form)
    assert made.status_code == 303, re.findall(r'class="error"[^>]*>([^<]*)', made.text)
    [p] = [p for p in await loans.list_products(w.manager, w.coop.id) if p.name == "Pinjaman Darurat"]
    assert (p.early_rule, p.rate_bps_month) == ("full", 150)


async def test_a_late_loan_reminds_its_member_and_shows_on_the_arrears_page(client):
    w = await world()
    today = await market.day_in(w.coop.id)
    with loans.on_day(today - timedelta(days=130)):  # the first instalment fell due 100 days ago or so
        loan = await active_loan(w, 900_000, 3)
    detail = await loans.loan_detail(w.member_actor, w.coop.id, loan.id)
    assert detail.days_past_due > 90 and detail.band == "kurang_lancar"
    await _as(client, w.member_actor.email)
    mine = (await client.get("/saya/pinjaman")).text
    reminder = mine[mine.index(f'id="reminder-{loan.id}"') - 40 :][:900]
    assert "alert-error" in reminder and f"terlambat {detail.days_past_due} hari" in reminder
    await _as(client, (await make_user("manager", coop_id=w.coop.id)).email)
    page = await client.get(f"/koperasi/{w.coop.id}/pinjaman/tunggakan")
    assert page.status_code == 200
    row = page.text[page.text.index(f"/pinjaman/{loan.id}") :][:700]
    assert "Kurang lancar" in row and f"terlambat {detail.days_past_due} hari" in row
    assert "cadangan Rp\u00a0450.000" in row or "cadangan Rp 450.000" in row  # 50 % of 900,000 (kurang lancar)
