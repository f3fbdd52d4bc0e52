"""The e-RAT's JSON API: the routes, their problem codes, idempotent votes, another
cooperative's 404, the berita acara and the documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rat.models import Meeting
from tests.builders import token_for
from tests.rat.meeting import coop_with_members

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def _headers(actor) -> dict[str, str]:
    class U:  # token_for reads .id
        id = actor.user_id

    return await token_for(U)


async def test_meeting_through_the_api(client, db):
    c = await coop_with_members(2)
    boss, member, cashier = await _headers(c.manager), await _headers(c.member_actors[0]), await _headers(c.cashier)
    base = f"/api/v1/cooperatives/{c.id}/meetings"
    opens = datetime.now(UTC) + timedelta(days=3)
    body = {
        "title": "RAT 2025",
        "fiscal_year": 2025,
        "opens_at": opens.isoformat(),
        "closes_at": (opens + timedelta(hours=2)).isoformat(),
        "record_date": str(datetime.now(UTC).date()),
        "items": [{"kind": "statements", "title": "Laporan keuangan"}],
    }
    r = await client.post(base, json=body, headers=member)
    assert r.status_code == 403
    r = await client.post(base, json=body, headers=boss)
    assert r.status_code == 201, r.text
    m = r.json()
    assert (await client.get(base, headers=member)).json() == []  # a draft is not the members'
    r = await client.post(f"{base}/{m['id']}/publish", headers=boss)
    assert (r.status_code, r.json()["code"]) == (422, "rat.notice_too_short")
    await Meeting.filter(id=m["id"]).update(notice_days=0, opens_at=datetime.now(UTC) + timedelta(seconds=1))
    assert (await client.post(f"{base}/{m['id']}/publish", headers=boss)).status_code == 200
    await Meeting.filter(id=m["id"]).update(opens_at=datetime.now(UTC) - timedelta(minutes=1))
    r = await client.post(
        f"{base}/{m['id']}/documents",
        headers=boss,
        data={"name": "Laporan keuangan 2025"},
        files={"file": ("lk.pdf", PDF)},
    )
    assert r.status_code == 201, r.text
    doc = r.json()["id"]
    got = await client.get(f"{base}/{m['id']}/documents/{doc}", headers=member)
    assert got.content == PDF and got.headers["content-type"] == "application/pdf"
    bad = await client.post(
        f"{base}/{m['id']}/documents", headers=boss, data={"name": "x"}, files={"file": ("x.pdf", b"not a pdf")}
    )
    assert bad.json()["code"] == "rat.invalid_document"

    item = m["items"][0]["id"]
    key = {"Idempotency-Key": "vote-1"}
    first = await client.post(
        f"{base}/{m['id']}/votes", json={"item_id": item, "choice": "setuju"}, headers=member | key
    )
    again = await client.post(
        f"{base}/{m['id']}/votes", json={"item_id": item, "choice": "setuju"}, headers=member | key
    )
    assert first.status_code == 201 and again.json()["receipt_code"] == first.json()["receipt_code"]
    twice = await client.post(f"{base}/{m['id']}/votes", json={"item_id": item, "choice": "setuju"}, headers=member)
    assert (twice.status_code, twice.json()["code"]) == (409, "rat.already_voted")
    r = await client.post(
        f"{base}/{m['id']}/attendance", json={"member_id": c.members[1]}, headers=cashier | {"Idempotency-Key": "a1"}
    )
    assert r.json()["via"] == "counter"
    code = first.json()["receipt_code"]
    r = await client.get(f"{base}/receipts/{code}", headers=member)
    assert r.json()["choice"] == "setuju" and r.json()["counted"] is True

    other = await coop_with_members(1)
    stranger = await _headers(other.member_actors[0])
    r = await client.get(f"{base}/{m['id']}", headers=stranger)
    assert r.status_code == 404
    r = await client.post(
        f"/api/v1/cooperatives/{other.id}/meetings/{m['id']}/votes",
        json={"item_id": item, "choice": "setuju"},
        headers=stranger,
    )
    assert (r.status_code, r.json()["code"]) == (404, "rat.meeting_not_found")

    r = await client.post(f"{base}/{m['id']}/close", headers=boss)
    assert r.json()["code"] == "rat.too_early_to_close"
    await Meeting.filter(id=m["id"]).update(closes_at=datetime.now(UTC) - timedelta(seconds=1))
    r = await client.post(f"{base}/{m['id']}/close", headers=boss)
    assert r.status_code == 200 and r.json()["quorum_met"] is True and r.json()["items"][0]["result"] == "approved"
    pdf = await client.get(f"{base}/{m['id']}/minutes.pdf", headers=member)
    assert pdf.content.startswith(b"%PDF")


async def test_openapi_documents_the_rat_problems(client):
    spec = (await client.get("/openapi.json")).json()
    votes = spec["paths"]["/api/v1/cooperatives/{coop_id}/meetings/{meeting_id}/votes"]["post"]["responses"]
    assert "rat.already_voted" in votes["409"]["description"] and "rat.not_open" in votes["409"]["description"]
