"""A provincial operator sees its province only, everywhere an operator reaches a cooperative:
the Actor carries its province's cooperative ids (loaded once per request), so every
``require_coop`` refuses another province's cooperative (404) — on a page, a JSON endpoint and
a CSV — and the operator's lists (cooperatives, the queue, payouts) hold its province only;
what spans the whole network (payments, the PPOB price list) is the national operator's."""

from __future__ import annotations

import pytest

from market import service as market
from market.errors import NotFound
from market.models import Role
from onboarding import service as onboarding
from onboarding.models import CheckItem
from tests.builders import login, make_coop, make_member, make_user, token_for
from tests.onboarding.helpers import register


@pytest.fixture
def engine() -> str:
    """The HTTP edge on SQLite (the scope itself is plain Python over ids)."""
    return "sqlite"


async def test_another_provinces_cooperative_is_404_on_a_page_a_json_endpoint_and_a_csv(client):
    papua = await make_coop(province="Papua", regency="Kabupaten Jayapura")
    jabar = await make_coop(province="Jawa Barat")
    await make_member(papua.id)
    await make_member(jabar.id)
    local = await make_user(Role.OPERATOR)
    await market.set_operator_province(local.id, "Papua")

    assert (await login(client, local.email)).status_code == 303
    for path in ("/koperasi/{}/anggota", "/koperasi/{}/toko/laporan.csv", "/koperasi/{}/kesehatan"):
        assert (await client.get(path.format(papua.id))).status_code == 200, path
        assert (await client.get(path.format(jabar.id))).status_code == 404, path
    listing = await client.get("/operator/koperasi")
    assert papua.name in listing.text and jabar.name not in listing.text
    assert (await client.get("/operator/pencairan")).status_code == 200
    ppob = await client.get("/operator/ppob")
    assert ppob.status_code == 403 and 'href="/operator/ppob"' not in listing.text

    client.cookies.clear()
    headers = await token_for(local)
    listed = await client.get("/api/v1/cooperatives", headers=headers)
    assert [c["id"] for c in listed.json()] == [papua.id]
    for path in ("/api/v1/cooperatives/{}", "/api/v1/cooperatives/{}/members"):
        assert (await client.get(path.format(papua.id), headers=headers)).status_code == 200, path
        refused = await client.get(path.format(jabar.id), headers=headers)
        assert refused.status_code == 404 and refused.json()["code"] == "market.not_found", path
    suspend = await client.post(
        f"/api/v1/cooperatives/{jabar.id}/status", headers=headers, json={"status": "suspended"}
    )
    assert suspend.status_code == 404 and (await market.get_cooperative(jabar.id)).status == "active"
    assert (await client.get("/api/v1/payments", headers=headers)).status_code == 403

    # The national operator still reaches every province.
    national = await token_for(await make_user(Role.OPERATOR))
    everyone = await client.get("/api/v1/cooperatives", headers=national)
    assert {c["id"] for c in everyone.json()} == {papua.id, jabar.id}
    assert (await client.get(f"/api/v1/cooperatives/{jabar.id}/members", headers=national)).status_code == 200


async def test_the_queue_holds_its_province_and_another_provinces_application_is_not_found(db, tmp_path):
    ntt = await register(tmp_path)
    papua = await register(tmp_path, province="Papua", regency="Kabupaten Jayapura")
    user = await make_user(Role.OPERATOR)
    await market.set_operator_province(user.id, "Papua")
    local = await market.actor_by_id(user.id)
    assert local is not None and local.coop_ids == frozenset({papua.cooperative_id})

    assert [r.id for r in await onboarding.queue(actor=local)] == [papua.application_id]
    assert (await onboarding.review(papua.application_id, actor=local)).id == papua.application_id
    refusals = [
        onboarding.review(ntt.application_id, actor=local),
        onboarding.set_check(ntt.application_id, CheckItem.DOCUMENTS_READ, True, actor=local),
        onboarding.add_note(ntt.application_id, "Sudah ditelepon ketuanya", actor=local),
        onboarding.approve(ntt.application_id, actor=local),
        onboarding.request_changes(ntt.application_id, "Akta pendirian tidak terbaca", actor=local),
        onboarding.suspend(ntt.cooperative_id, "Laporan keuangan tidak dikirim", actor=local),
        onboarding.reinstate(ntt.cooperative_id, actor=local),
    ]
    for call in refusals:
        with pytest.raises(NotFound):
            await call
    paper = (await onboarding.review(papua.application_id, actor=local)).documents[0]
    assert (await onboarding.document_file(papua.application_id, paper.id, actor=local)).kind
    with pytest.raises(NotFound):
        await onboarding.document_file(ntt.application_id, paper.id, actor=local)

    # Moving the login to another province takes effect on its next request.
    await market.set_operator_province(user.id, "Nusa Tenggara Timur")
    moved = await market.actor_by_id(user.id)
    assert moved is not None and [r.id for r in await onboarding.queue(actor=moved)] == [ntt.application_id]


async def test_the_national_operator_sets_an_operator_logins_province_on_a_page(client):
    papua = await make_coop(province="Papua", regency="Kabupaten Jayapura")
    bali = await make_coop(province="Bali", regency="Kabupaten Badung")
    boss = await make_user(Role.OPERATOR)
    assert (await login(client, boss.email)).status_code == 303
    page = await client.get("/operator/petugas")
    assert page.status_code == 200 and boss.email in page.text and 'href="/operator/petugas"' in page.text
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    # Bad input: the form again with the summary and each message by its field; nothing made.
    bad = await client.post(
        "/operator/petugas",
        data={
            "csrf_token": csrf,
            "name": "Kantor",
            "email": "bukan-email",
            "password": "pendek",
            "province": "Atlantis",
        },
    )
    assert bad.status_code == 422 and 'id="error-summary"' in bad.text and 'href="#f-email"' in bad.text
    assert [o.email for o in await market.operator_logins()] == [boss.email]

    made = await client.post(
        "/operator/petugas",
        data={"csrf_token": csrf, "name": "Kantor Papua", "email": "papua@uji.id", "password": "rahasia123",
              "province": "Papua"},
    )  # fmt: skip
    assert made.status_code == 303
    local = next(o for o in await market.operator_logins() if o.email == "papua@uji.id")
    assert local.province == "Papua"
    moved = await client.post(
        f"/operator/petugas/{local.user_id}/provinsi", data={"csrf_token": csrf, "province": "Bali"}
    )
    assert moved.status_code == 303
    own = await client.post(f"/operator/petugas/{boss.id}/provinsi", data={"csrf_token": csrf, "province": "Bali"})
    assert own.status_code == 422 and (await market.actor_by_id(boss.id)).province is None
    log = (await client.get("/operator/petugas")).text
    assert "Mengubah cakupan provinsi operator" in log and "Papua → Bali" in log.replace("\n", " ").replace("  ", "")
    entries = await onboarding.history(None)
    assert [(e.action, e.detail.get("after")) for e in entries] == [
        ("operator_scope_changed", "Bali"),
        ("operator_created", "Papua"),
    ] and all(e.actor == boss.email for e in entries)

    # The moved login sees Bali now, and none of this page.
    client.cookies.clear()
    assert (await login(client, "papua@uji.id")).status_code == 303
    assert (await client.get(f"/koperasi/{bali.id}/anggota")).status_code == 200
    assert (await client.get(f"/koperasi/{papua.id}/anggota")).status_code == 404
    assert (await client.get("/operator/petugas")).status_code == 403


async def test_the_demo_has_a_provincial_operator_who_sees_papua_only(db):
    from market import demo

    await demo.seed(members_per_coop=1)
    local = await market.authenticate("operator.papua@demo.pasarkoperasi.id", demo.DEMO_PASSWORD)
    seen = await market.list_cooperatives(ids=local.scope_ids)
    assert local.province == "Papua" and {c.province for c in seen} == {"Papua"} and len(seen) == 1
    assert "(Papua only)" in demo.LOGINS_TEXT
