"""The journal pages: a quick expense with a receipt photo, a full entry refused when unbalanced,
the entry and its reversal, the periods, the chart and the opening import with row reasons."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from market.clock import today_in
from market.schemas import Role
from market.service import journal
from tests.builders import make_coop, make_member
from tests.web.helpers import HTMX, field_error, form_value, signed_in


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 300), (250, 250, 240)).save(out, "JPEG")
    return out.getvalue()


async def _coop_with_cash(client):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    today = today_in(coop)
    form = await client.get(f"/koperasi/{coop.id}/jurnal/baru?mode=lengkap")
    fund = {"csrf_token": token, "idempotency_key": form_value(form.text), "mode": "lengkap", "booked_on": str(today),
            "description": "Modal penyertaan", "account_0": "1101", "debit_0": "1.000.000",
            "account_1": "3105", "credit_1": "1.000.000"}  # fmt: skip
    made = await client.post(f"/koperasi/{coop.id}/jurnal/baru", data=fund)
    assert made.status_code == 303, made.text
    return coop, token, today


async def test_a_quick_expense_with_a_photo_is_booked_and_listed(client, settings, tmp_path):
    settings.media_dir = tmp_path / "media"
    coop, token, today = await _coop_with_cash(client)
    form = await client.get(f"/koperasi/{coop.id}/jurnal/baru")
    assert form.status_code == 200 and 'capture="environment"' in form.text and "<optgroup" in form.text
    data = {"csrf_token": token, "idempotency_key": form_value(form.text), "mode": "cepat", "paid_from": "1101",
            "expense": "6103", "amount": "150.000", "booked_on": str(today), "description": "Token listrik toko"}  # fmt: skip
    made = await client.post(
        f"/koperasi/{coop.id}/jurnal/baru", data=data, files={"photo": ("nota.jpg", _jpeg(), "image/jpeg")}
    )
    assert made.status_code == 303
    entry_url = made.headers["location"]
    shown = await client.get(entry_url)
    assert "Token listrik toko" in shown.text and "Rp150.000" in shown.text.replace("\xa0", "").replace(" ", "")
    photo = re.search(r'<img class="receipt" src="([^"]+)"', shown.text)
    assert photo and (await client.get(photo.group(1))).content[:2] == b"\xff\xd8"
    listed = await client.get(f"/koperasi/{coop.id}/jurnal?sumber=manual", headers=HTMX)
    assert listed.text.lstrip().startswith('<div id="entry-rows"') and "Token listrik toko" in listed.text
    again = await client.post(  # the same form sent twice books once
        f"/koperasi/{coop.id}/jurnal/baru", data=data, files={"photo": ("nota.jpg", _jpeg(), "image/jpeg")}
    )
    assert again.headers["location"] == entry_url
    assert len(await journal.list_entries(coop.id, source="manual")) == 2


async def test_refusals_come_back_next_to_their_fields_and_book_nothing(client):
    coop, token, today = await _coop_with_cash(client)
    form = await client.get(f"/koperasi/{coop.id}/jurnal/baru")
    data = {"csrf_token": token, "idempotency_key": form_value(form.text), "mode": "cepat", "paid_from": "1101",
            "expense": "6103", "amount": "12,5", "booked_on": str(today + timedelta(days=1)), "description": "x"}  # fmt: skip
    bad = await client.post(f"/koperasi/{coop.id}/jurnal/baru", data=data)
    assert bad.status_code == 422 and field_error(bad.text, "f-amount")
    data.update(amount="5000", description="Beli bensin", idempotency_key=form_value(bad.text))
    future = await client.post(f"/koperasi/{coop.id}/jurnal/baru", data=data)
    assert future.status_code == 422 and field_error(future.text, "f-booked_on") == "Tanggal tidak boleh di masa depan"
    data.update(booked_on=str(today), idempotency_key=form_value(future.text), description="Beli bensin", photo="")
    not_photo = await client.post(
        f"/koperasi/{coop.id}/jurnal/baru", data=data, files={"photo": ("nota.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert not_photo.status_code == 422 and field_error(not_photo.text, "f-photo")
    full = {"csrf_token": token, "idempotency_key": form_value(not_photo.text), "mode": "lengkap", "booked_on": str(today),
            "description": "Gaji Maret", "account_0": "6101", "debit_0": "900000", "account_1": "1101",
            "credit_1": "800000"}  # fmt: skip
    unbalanced = await client.post(f"/koperasi/{coop.id}/jurnal/baru", data=full)
    assert unbalanced.status_code == 422 and "tidak seimbang" in unbalanced.text
    assert len(await journal.list_entries(coop.id, source="manual")) == 1


async def test_an_entry_is_reversed_from_its_page_once(client):
    coop, token, today = await _coop_with_cash(client)
    entry = (await journal.list_entries(coop.id, source="manual"))[0]
    page = await client.get(f"/koperasi/{coop.id}/jurnal/{entry.id}")
    assert 'id="reverse-form"' in page.text
    short = await client.post(f"/koperasi/{coop.id}/jurnal/{entry.id}/balik", data={"csrf_token": token, "reason": "x"})
    assert short.status_code == 422 and field_error(short.text, "f-reason")
    done = await client.post(
        f"/koperasi/{coop.id}/jurnal/{entry.id}/balik", data={"csrf_token": token, "reason": "Salah nominal"}
    )
    assert done.status_code == 303
    reversal = await client.get(done.headers["location"])
    assert f"#{entry.id}" in reversal.text and 'id="reverse-form"' not in reversal.text
    assert 'id="reverse-form"' not in (await client.get(f"/koperasi/{coop.id}/jurnal/{entry.id}")).text
    twice = await client.post(
        f"/koperasi/{coop.id}/jurnal/{entry.id}/balik", data={"csrf_token": token, "reason": "Salah nominal"}
    )
    assert twice.status_code == 409 and "sudah dibalik" in twice.text


async def test_periods_chart_and_opening_pages(client):
    coop, token, today = await _coop_with_cash(client)
    await make_member(coop.id, member_number="KP-001")
    periods = await client.get(f"/koperasi/{coop.id}/periode")
    last = today.replace(day=1) - timedelta(days=1)
    assert f'<option value="{last:%Y-%m}">' in periods.text
    now = await client.post(f"/koperasi/{coop.id}/periode", data={"csrf_token": token, "month": f"{today:%Y-%m}"})
    assert now.status_code == 422 and "belum berakhir" in now.text
    closed = await client.post(f"/koperasi/{coop.id}/periode", data={"csrf_token": token, "month": f"{last:%Y-%m}"})
    assert closed.status_code == 303
    assert (await journal.locked_through(coop.id)) == last
    added = await client.post(
        f"/koperasi/{coop.id}/akun", data={"csrf_token": token, "number": "6109", "name": "Parkir"}
    )
    assert added.status_code == 303 and "6109" in (await client.get(f"/koperasi/{coop.id}/akun")).text
    dup = await client.post(f"/koperasi/{coop.id}/akun", data={"csrf_token": token, "number": "6109", "name": "Lagi"})
    assert dup.status_code == 422 and field_error(dup.text, "f-number")
    opening = await client.get(f"/koperasi/{coop.id}/saldo-awal")
    assert f"/koperasi/{coop.id}/saldo-awal/templat/neraca.csv" in opening.text
    template = await client.get(f"/koperasi/{coop.id}/saldo-awal/templat/simpanan.csv")
    assert template.text.startswith("nomor_anggota;")
    files = {"neraca": ("n.csv", b"nomor_akun;debit;kredit\n1101;100;\n9999;;100\n", "text/csv")}
    refused = await client.post(
        f"/koperasi/{coop.id}/saldo-awal", data={"csrf_token": token, "opened_on": str(today)}, files=files
    )
    assert refused.status_code == 422 and 'id="opening-problems"' in refused.text
    assert re.search(r"neraca · Baris 3 · Kolom nomor_akun</span>\s*<span>Akun 9999", refused.text)
    files = {"neraca": ("n.csv", b"nomor_akun;debit;kredit\n1102;100;\n3105;;100\n", "text/csv")}
    done = await client.post(
        f"/koperasi/{coop.id}/saldo-awal", data={"csrf_token": token, "opened_on": str(today)}, files=files
    )
    assert done.status_code == 303 and "Saldo awal" in (await client.get(done.headers["location"])).text


async def test_only_the_manager_sees_the_books(client):
    coop = await make_coop()
    await signed_in(client, Role.CASHIER, coop.id)
    assert (await client.get(f"/koperasi/{coop.id}/jurnal")).status_code == 403
    other = await make_coop()
    assert (await client.get(f"/koperasi/{other.id}/jurnal")).status_code == 404
