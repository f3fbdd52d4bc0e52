"""The HTTP edge of the network counter, on SQLite (the rules under it run on both engines in
test_counter and test_settlement): the pages — B's cashier finds A's member and asks for a
withdrawal, the status page polls until the member confirms on /saya/loket with the PIN, a
one-time code is shown once and pays at the counter, the position pages of the cooperative and of
the operator — and the JSON API: idempotent create and confirm, problem bodies, other
cooperatives refused with 404."""

from __future__ import annotations

import re

import pytest

from payments import service as payments
from tests.builders import login, make_user, token_for
from tests.network.helpers import PIN, network_pair_problems, world
from tests.web.helpers import HTMX, csrf_now, form_value


@pytest.fixture
def engine() -> str:
    """These tests run on SQLite only."""
    return "sqlite"


async def _as(client, user) -> str:
    client.cookies.clear()
    assert (await login(client, user.email)).status_code == 303
    return await csrf_now(client)


async def test_a_withdrawal_through_the_pages_of_the_cashier_and_the_member(client):
    w = await world(logins=True)
    base = f"/koperasi/{w.counter.id}/loket-jaringan"
    token = await _as(client, w.cashier_user)
    found = await client.get(base, params={"koperasi": w.home.id, "nomor": w.member.member_number.lower()})
    assert found.status_code == 200 and w.member.name in found.text and 'id="withdraw-form"' in found.text
    missing = await client.get(base, params={"koperasi": w.home.id, "nomor": "X-0"})
    assert "Tidak ada anggota aktif" in missing.text and 'id="withdraw-form"' not in missing.text
    form = {"csrf_token": token, "koperasi": w.home.id, "nomor": w.member.member_number}
    bad = await client.post(
        f"{base}/tarik",
        data={**form, "amount": "abc", "idempotency_key": form_value(found.text, form_id="withdraw-form")},
    )
    assert bad.status_code == 422 and "Tulis jumlah rupiah bulat" in bad.text
    made = await client.post(
        f"{base}/tarik",
        data={**form, "amount": "100.000", "idempotency_key": form_value(found.text, form_id="withdraw-form")},
    )
    assert made.status_code == 303
    status_url = made.headers["location"]
    waiting = await client.get(status_url)
    assert "Menunggu konfirmasi anggota" in waiting.text and 'hx-trigger="load delay:2s"' in waiting.text
    assert "WIT" in waiting.text  # B's own zone (Asia/Jayapura)
    block = await client.get(status_url, headers=HTMX)
    assert block.text.lstrip().startswith('<section class="card" id="counter-status"') and "<html" not in block.text

    token = await _as(client, w.member_user)
    mine = await client.get("/saya/loket")
    tx = re.search(r'action="/saya/loket/(\d+)/konfirmasi"', mine.text).group(1)
    key = form_value(mine.text, form_id=f"confirm-{tx}")
    wrong = await client.post(
        f"/saya/loket/{tx}/konfirmasi", data={"csrf_token": token, "pin": "000000", "idempotency_key": key}
    )
    assert wrong.status_code == 403 and "PIN salah" in wrong.text
    ok = await client.post(
        f"/saya/loket/{tx}/konfirmasi",
        data={"csrf_token": token, "pin": PIN, "idempotency_key": key},
        follow_redirects=True,
    )
    assert "dikonfirmasi" in ok.text and 'id="no-pending"' in ok.text
    code = await client.post("/saya/loket/kode", data={"csrf_token": token, "pin": PIN, "max_amount": "50000"})
    the_code = re.search(r'id="the-code">(\d{3}) (\d{3})<', code.text)
    assert code.status_code == 200 and the_code
    again = await client.get("/saya/loket")
    assert "Kode aktif untuk penarikan sampai" in again.text and "".join(the_code.groups()) not in again.text

    token = await _as(client, w.cashier_user)
    paid = await client.get(status_url)
    assert "Bayarkan Rp\xa0100.000" in paid.text and "dikonfirmasi di ponsel anggota" in paid.text
    page = await client.get(base, params={"koperasi": w.home.id, "nomor": w.member.member_number})
    by_code = await client.post(
        f"{base}/tarik",
        data={
            **form,
            "csrf_token": token,
            "amount": "50000",
            "code": "".join(the_code.groups()),
            "identity_checked": "1",
            "idempotency_key": form_value(page.text, form_id="withdraw-form"),
        },
        follow_redirects=True,
    )
    assert "Bayarkan" in by_code.text and "dengan kode tarik tunai" in by_code.text
    position = await client.get(f"/koperasi/{w.counter.id}/jaringan")
    assert position.status_code == 200 and "Dibayarkan loket ini untuk anggota koperasi lain" in position.text
    assert 'id="settle"' not in position.text  # the operator settles, not the cashier

    operator = await make_user("operator")
    token = await _as(client, operator)
    overview = await client.get("/operator/jaringan")
    assert overview.status_code == 200 and f'id="position-{w.counter.id}"' in overview.text
    assert (await client.get(f"/koperasi/{w.counter.id}/jaringan")).status_code == 200


async def test_the_api_creates_and_confirms_once_per_key_and_hides_other_cooperatives(db, pclient):
    w = await world(logins=True)
    cashier, member = await token_for(w.cashier_user), await token_for(w.member_user)
    base = f"/api/v1/cooperatives/{w.counter.id}"
    found = await pclient.get(
        f"{base}/counter/members",
        params={"cooperative_id": w.home.id, "member_number": w.member.member_number},
        headers=cashier,
    )
    assert found.status_code == 200 and found.json()["nik_masked"] != "" and "nik" not in found.json()
    body = {"home_cooperative_id": w.home.id, "member_number": w.member.member_number, "amount": 75_000}
    first = await pclient.post(f"{base}/counter/withdrawals", json=body, headers={**cashier, "Idempotency-Key": "w1"})
    second = await pclient.post(f"{base}/counter/withdrawals", json=body, headers={**cashier, "Idempotency-Key": "w1"})
    assert first.status_code == second.status_code == 201 and first.json()["id"] == second.json()["id"]
    tx = first.json()["id"]
    waiting = await pclient.get("/api/v1/counter/withdrawals", params={"pending": True}, headers=member)
    assert [t["id"] for t in waiting.json()] == [tx]
    wrong = await pclient.post(f"/api/v1/counter/withdrawals/{tx}/confirm", json={"pin": "000000"}, headers=member)
    assert wrong.status_code == 403 and wrong.headers["content-type"] == "application/problem+json"
    assert wrong.json()["code"] == "payments.pin_wrong"
    confirm = {**member, "Idempotency-Key": "c1"}
    ok = await pclient.post(f"/api/v1/counter/withdrawals/{tx}/confirm", json={"pin": PIN}, headers=confirm)
    tap = await pclient.post(f"/api/v1/counter/withdrawals/{tx}/confirm", json={"pin": PIN}, headers=confirm)
    assert ok.status_code == tap.status_code == 200 and ok.json()["status"] == tap.json()["status"] == "done"
    assert await payments.wallet_balance(w.wallet_id) == 225_000
    position = await pclient.get(f"{base}/network/position", headers=cashier)
    assert position.status_code == 200 and position.json()["paid_out_for_others"] == 75_000
    # another cooperative's cashier: 404 for B's counter and position; the member's own list only
    stranger = await token_for(await make_user("cashier", coop_id=w.home.id))
    for url in (f"{base}/network/position", f"{base}/counter/withdrawals/{tx}", f"{base}/network/transactions"):
        refused = await pclient.get(url, headers=stranger)
        assert refused.status_code == 404 and refused.json()["code"] == "market.not_found"
    too_much = await pclient.post(f"{base}/counter/withdrawals", json={**body, "amount": 10**9}, headers=cashier)
    assert too_much.status_code == 422 and too_much.json()["code"] == "network.invalid_amount"
    assert (await pclient.get("/api/v1/network/positions", headers=cashier)).status_code == 403
    assert await network_pair_problems() == []
