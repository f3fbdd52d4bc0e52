"""The e-RAT pages: the manager makes a meeting with its agenda and publishes it, the cashier
records a member at the counter, a member votes with the big buttons and checks the receipt,
the manager closes it and downloads the berita acara."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from market.clock import today_in
from market.schemas import Role
from rat.models import Meeting
from tests.builders import make_coop, make_member
from tests.web.helpers import signed_in


async def test_a_meeting_from_the_manager_s_form_to_the_berita_acara(client):
    coop = await make_coop()
    a = await make_member(coop.id, joined_on=date(2025, 1, 1))
    b = await make_member(coop.id, joined_on=date(2025, 1, 1))
    token = await signed_in(client, Role.MANAGER, coop.id)
    listing = await client.get(f"/koperasi/{coop.id}/rat")
    assert listing.status_code == 200 and "Belum ada rapat anggota" in listing.text
    form = await client.get(f"/koperasi/{coop.id}/rat/baru")
    assert 'type="datetime-local"' in form.text and "WIB" in form.text
    day = (datetime.now(UTC) + timedelta(days=20)).date()
    data = {
        "csrf_token": token, "title": "RAT Tahun Buku 2025", "kind": "rat", "fiscal_year": "2025",
        "opens_at": f"{day}T09:00", "closes_at": f"{day}T12:00", "record_date": str(today_in(coop)),
        "notice_days": "14", "quorum_pct": "50",
        "kind_0": "statements", "title_0": "", "kind_1": "other", "title_1": "Lokasi gudang",
        "options_1": "Desa A, Desa B", "kind_2": "", "kind_3": "", "kind_4": "", "kind_5": "",
    }  # fmt: skip
    bad = await client.post(f"/koperasi/{coop.id}/rat/baru", data={**data, "closes_at": f"{day}T08:00"})
    assert bad.status_code == 422 and "Waktu tutup harus setelah waktu buka" in bad.text
    made = await client.post(f"/koperasi/{coop.id}/rat/baru", data=data)
    assert made.status_code == 303, made.text
    url = made.headers["location"]
    shown = await client.get(url)
    assert "09:00" in shown.text and "Pengesahan laporan keuangan" in shown.text and "Draf" in shown.text
    published = await client.post(f"{url}/terbitkan", data={"csrf_token": token}, follow_redirects=True)
    assert "Undangan rapat diterbitkan" in published.text
    meeting_id = int(url.rsplit("/", 1)[1])
    await Meeting.filter(id=meeting_id).update(opens_at=datetime.now(UTC) - timedelta(minutes=5))

    client.cookies.clear()
    token = await signed_in(client, Role.CASHIER, coop.id)
    counter = await client.get(f"{url}/loket?nomor={b.member_number}")
    assert b.name in counter.text and "Catat kehadiran di loket" in counter.text
    item = re.findall(r'name="item_id" value="(\d+)"', counter.text)[0]
    key = re.findall(r'name="idempotency_key" value="([^"]+)"', counter.text)[0]
    voted = await client.post(
        f"{url}/loket/suara",
        data={
            "csrf_token": token,
            "nomor": b.member_number,
            "item_id": item,
            "choice": "setuju",
            "idempotency_key": key,
        },
        follow_redirects=True,
    )
    assert "Suara tercatat. Kode tanda terima: RAT-" in voted.text
    assert "Kehadiran tercatat (di loket)" in voted.text

    client.cookies.clear()
    token = await signed_in(client, Role.MEMBER, coop.id, member_id=a.id)
    mine = await client.get(url)
    assert mine.status_code == 200 and 'class="vote-buttons"' in mine.text and "Saya hadir" in mine.text
    assert 'value="Desa B"' in mine.text
    key = re.findall(r'name="idempotency_key" value="([^"]+)"', mine.text)[-1]
    voted = await client.post(
        f"{url}/suara",
        data={"csrf_token": token, "item_id": item, "choice": "tidak_setuju", "idempotency_key": key},
        follow_redirects=True,
    )
    code = re.search(r"Kode tanda terima: (RAT-[A-Z0-9-]+)", voted.text).group(1)
    assert f'<span class="mono receipt-code">{code}</span>' in voted.text  # shown on the item since
    check = await client.get(f"/koperasi/{coop.id}/rat/cek?kode={code}")
    assert "Pengesahan laporan keuangan" in check.text and "Tidak setuju" in check.text

    client.cookies.clear()
    token = await signed_in(client, Role.MANAGER, coop.id)
    early = await client.post(f"{url}/tutup", data={"csrf_token": token}, follow_redirects=True)
    assert "Tidak dapat dilakukan" in early.text
    await Meeting.filter(id=meeting_id).update(closes_at=datetime.now(UTC) - timedelta(seconds=1))
    closed = await client.post(f"{url}/tutup", data={"csrf_token": token}, follow_redirects=True)
    assert "kuorum terpenuhi" in closed.text and "Tidak disetujui" in closed.text  # 1 : 1 is a tie
    pdf = await client.get(f"{url}/berita-acara.pdf")
    assert pdf.content.startswith(b"%PDF")


async def test_another_cooperative_s_member_gets_404(client):
    coop, other = await make_coop(), await make_coop()
    theirs = await make_member(other.id)
    await signed_in(client, Role.MEMBER, other.id, member_id=theirs.id)
    assert (await client.get(f"/koperasi/{coop.id}/rat")).status_code == 404


async def test_the_rat_deadline_shows_on_the_manager_s_and_the_operator_s_pages(client):
    from market.models import Cooperative

    coop = await make_coop()
    await Cooperative.filter(id=coop.id).update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
    today = date.today()
    await signed_in(client, Role.MANAGER, coop.id)
    shown = (await client.get(f"/koperasi/{coop.id}/anggota")).text
    client.cookies.clear()
    await signed_in(client, Role.OPERATOR)
    operator = (await client.get("/operator/koperasi")).text
    march = date(today.year, 3, 31)
    if (march - today).days > 45:  # January to mid-February: nothing to warn about yet
        assert "rat-deadline" not in shown and "Tenggat RAT" not in operator
    else:
        assert f"RAT tahun buku {today.year - 1}" in shown and f'href="/koperasi/{coop.id}/rat"' in shown
        assert "Tenggat RAT" in operator and coop.name in operator
