"""The counter's pages: B's cashier finds A's member and asks for a withdrawal; the status page
polls until the member confirms on /saya/loket with the PIN; a one-time code is shown once and
pays at the counter; the position pages of the cooperative and of the operator."""

from __future__ import annotations

import re

from tests.builders import login, make_user
from tests.network.helpers import PIN, world
from tests.web.helpers import HTMX, csrf_now


def _key(html: str, form_id: str) -> str:
    form = html[html.index(f'id="{form_id}"') :]
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', form).group(1)


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
        f"{base}/tarik", data={**form, "amount": "abc", "idempotency_key": _key(found.text, "withdraw-form")}
    )
    assert bad.status_code == 422 and "Tulis jumlah rupiah bulat" in bad.text
    made = await client.post(
        f"{base}/tarik", data={**form, "amount": "100.000", "idempotency_key": _key(found.text, "withdraw-form")}
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
    key = _key(mine.text, f"confirm-{tx}")
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
            "idempotency_key": _key(page.text, "withdraw-form"),
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
