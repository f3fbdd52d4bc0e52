"""The bookkeeping API: manual entries (JSON and with a receipt), reversal, periods, chart and the
opening import, with their documented refusals."""

from __future__ import annotations

import io
from datetime import timedelta

from market.clock import today_in
from tests.builders import make_coop, make_member, make_user, token_for


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


async def _setup():
    coop = await make_coop()
    headers = await token_for(await make_user("manager", coop.id))
    today = today_in(coop)
    return coop, headers, today, f"/api/v1/cooperatives/{coop.id}"


async def test_manual_entries_reversal_and_periods_over_the_api(client, settings, tmp_path):
    settings.media_dir = tmp_path / "media"
    coop, headers, today, base = await _setup()
    fund = {"booked_on": str(today), "description": "Modal penyertaan", "lines": [
        {"account": "1101", "debit": 500_000}, {"account": "3105", "credit": 500_000}]}  # fmt: skip
    first = await client.post(f"{base}/journal", json=fund, headers={**headers, "Idempotency-Key": "a1"})
    again = await client.post(f"{base}/journal", json=fund, headers={**headers, "Idempotency-Key": "a1"})
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    bad = dict(fund, lines=[{"account": "1101", "debit": 500_000}, {"account": "3105", "credit": 400_000}])
    refused = await client.post(f"{base}/journal", json=bad, headers=headers)
    assert refused.status_code == 422 and refused.json()["code"] == "market.entry_not_balanced"
    form = {"booked_on": str(today), "description": "Bensin antar barang",
            "lines": '[{"account": "6104", "debit": 35000}, {"account": "1101", "credit": 35000}]'}  # fmt: skip
    photo = {"photo": ("nota.jpg", _jpeg(), "image/jpeg")}
    made = await client.post(f"{base}/journal/with-receipt", data=form, files=photo, headers=headers)
    assert made.status_code == 201, made.text
    entry = made.json()
    image = await client.get(f"{base}/journal/{entry['id']}/receipt", headers=headers)
    assert image.status_code == 200 and image.content[:2] == b"\xff\xd8"
    assert not (tmp_path / "media").exists()  # receipts are not under the public /media mount
    listed = await client.get(f"{base}/journal", params={"source": "manual", "start": str(today)}, headers=headers)
    assert [e["id"] for e in listed.json()] == [entry["id"], first.json()["id"]]
    assert listed.json()[0]["total"] == 35_000
    reason = {"reason": "Salah catat, bukan bensin"}
    reversal = await client.post(f"{base}/journal/{entry['id']}/reversal", json=reason, headers=headers)
    assert reversal.status_code == 201 and reversal.json()["reverses_id"] == entry["id"]
    twice = await client.post(f"{base}/journal/{entry['id']}/reversal", json=reason, headers=headers)
    assert twice.status_code == 409 and twice.json()["code"] == "market.already_reversed"
    now = await client.post(f"{base}/periods/close", json={"year": today.year, "month": today.month}, headers=headers)
    assert now.status_code == 409
    last = today.replace(day=1) - timedelta(days=1)
    closed = await client.post(f"{base}/periods/close", json={"year": last.year, "month": last.month}, headers=headers)
    assert closed.status_code == 200 and closed.json()["locked_through"] == str(last)
    late = await client.post(f"{base}/journal", json=dict(fund, booked_on=str(last)), headers=headers)
    assert late.status_code == 409 and late.json()["code"] == "market.period_locked"


async def test_chart_and_opening_import_over_the_api(client):
    coop, headers, today, base = await _setup()
    await make_member(coop.id, member_number="KP-001")
    added = await client.post(f"{base}/accounts", json={"number": "6151", "name": "Beban kebersihan"}, headers=headers)
    assert added.status_code == 201 and added.json()["type"] == "expense"
    dup = await client.post(f"{base}/accounts", json={"number": "6151", "name": "Lagi"}, headers=headers)
    assert dup.status_code == 409
    chart = await client.get(f"{base}/accounts", headers=headers)
    assert "6151" in [a["number"] for a in chart.json()]
    template = await client.get(f"{base}/opening/templates/neraca.csv", headers=headers)
    assert template.status_code == 200 and template.text.startswith("nomor_akun;")
    neraca = b"nomor_akun;debit;kredit\n1101;300000;\n3101;;100000\n4101;;200000\n"
    savings = b"nomor_anggota;pokok;wajib;sukarela\nKP-001;100000;;\nKP-999;5;;\n"
    files = {"neraca": ("n.csv", neraca, "text/csv"), "simpanan": ("s.csv", savings, "text/csv")}
    refused = await client.post(f"{base}/opening", data={"opened_on": str(today)}, files=files, headers=headers)
    assert refused.status_code == 422 and refused.json()["code"] == "market.opening_refused"
    assert {"file": "simpanan", "row": 3, "column": "nomor_anggota"}.items() <= refused.json()["problems"][0].items()
    files["simpanan"] = ("s.csv", b"nomor_anggota;pokok\nKP-001;100000\n", "text/csv")
    files["transaksi"] = ("t.csv", b"nomor_anggota;jenis;jumlah\nKP-001;pembelian;150000\n", "text/csv")
    done = await client.post(f"{base}/opening", data={"opened_on": str(today)}, files=files, headers=headers)
    assert done.status_code == 201 and done.json()["source"] == "opening" and done.json()["total"] == 300_000
    tagged = [x for x in done.json()["lines"] if x["kind"] == "purchase"]
    assert [(x["number"], x["credit"]) for x in tagged] == [("4101", 150_000)]
    other = await token_for(await make_user("manager", (await make_coop()).id))
    assert (await client.get(f"{base}/journal", headers=other)).status_code == 404
    assert "/api/v1/cooperatives/{coop_id}/opening" in (await client.get("/openapi.json")).json()["paths"]
