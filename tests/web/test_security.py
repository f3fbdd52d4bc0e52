"""CSRF on every form post, role checks on every route, and one cooperative's staff never seeing
another's members."""

import pytest

from market import service
from market.schemas import CoopStatus, Role
from tests.builders import deposit, make_coop, make_member
from tests.web.helpers import HTMX, csrf_of, signed_in


async def _deposit_form(client, coop_id, member_id, **overrides):
    page = await client.get(f"/koperasi/{coop_id}/anggota/{member_id}")
    key = page.text.split('name="idempotency_key" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_of(page.text), "idempotency_key": key, "kind": "wajib", "amount": "20000", "note": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("token", [None, "", "forged-token"], ids=["missing", "empty", "forged"])
async def test_a_deposit_without_the_sessions_csrf_token_is_refused_and_books_nothing(client, token):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.CASHIER, coop.id)
    data = await _deposit_form(client, coop.id, member.id, csrf_token=token)
    # when
    response = await client.post(f"/koperasi/{coop.id}/anggota/{member.id}/setoran", data=data)
    # then
    assert response.status_code == 403
    assert "Token CSRF tidak valid" in response.text
    assert (await service.savings_of(coop.id, member.id)).wajib == 0


async def test_adding_a_member_without_csrf_token_is_refused_and_creates_nothing(client):
    # given
    coop = await make_coop()
    await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/baru",
        data={"name": "Tanpa Token", "nik": "3201010101850001", "phone": "", "joined_on": ""},
    )
    # then
    assert response.status_code == 403
    assert await service.count_members(coop.id) == 0


async def test_the_csrf_header_htmx_sends_is_accepted(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    token = await signed_in(client, Role.CASHIER, coop.id)
    data = await _deposit_form(client, coop.id, member.id, csrf_token=None)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/setoran", data=data, headers={**HTMX, "X-CSRF-Token": token}
    )
    # then
    assert response.status_code == 200
    assert (await service.savings_of(coop.id, member.id)).wajib == 20_000


async def test_the_operator_status_post_checks_csrf_too(client):
    # given
    coop = await make_coop(status=CoopStatus.PENDING)
    await signed_in(client, Role.OPERATOR)
    # when
    response = await client.post(f"/operator/koperasi/{coop.id}/status", data={"status": "active"})
    # then
    assert response.status_code == 403
    assert (await service.get_cooperative(coop.id)).status == "pending"


async def test_a_manager_of_one_cooperative_finds_nothing_of_another(client):
    # given
    mine, theirs = await make_coop(), await make_coop()
    their_member = await make_member(theirs.id, name="Anggota Lain")
    await deposit(theirs.id, their_member.id, "wajib", 20_000)
    token = await signed_in(client, Role.MANAGER, mine.id)
    # when
    pages = [
        await client.get(f"/koperasi/{theirs.id}/anggota"),
        await client.get(f"/koperasi/{theirs.id}/anggota/{their_member.id}"),
        await client.get(f"/koperasi/{theirs.id}"),
        await client.get(f"/koperasi/{theirs.id}/anggota/baru"),
        await client.get(f"/koperasi/{mine.id}/anggota/{their_member.id}"),
    ]
    posted = await client.post(
        f"/koperasi/{theirs.id}/anggota/{their_member.id}/setoran",
        data={"csrf_token": token, "idempotency_key": "a" * 32, "kind": "wajib", "amount": "5000"},
    )
    # then
    assert [p.status_code for p in pages] == [404, 404, 404, 404, 404]
    assert all("Anggota Lain" not in p.text for p in pages)
    assert posted.status_code == 404
    assert (await service.savings_of(theirs.id, their_member.id)).wajib == 20_000


async def test_a_cashier_may_take_deposits_but_not_admit_members_or_edit_the_profile(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.CASHIER, coop.id)
    # when
    form = await client.get(f"/koperasi/{coop.id}/anggota/baru")
    posted = await client.post(
        f"/koperasi/{coop.id}/anggota/baru", data={"csrf_token": token, "name": "Budi", "nik": "3201010101850001"}
    )
    profile = await client.post(f"/koperasi/{coop.id}", data={"csrf_token": token, "name": "Baru"})
    listing = await client.get(f"/koperasi/{coop.id}/anggota")
    # then
    assert (form.status_code, posted.status_code, profile.status_code) == (403, 403, 403)
    assert await service.count_members(coop.id) == 0
    assert (await service.get_cooperative(coop.id)).name != "Baru"
    assert listing.status_code == 200 and "/anggota/baru" not in listing.text


async def test_a_member_sees_only_their_own_page(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.MEMBER, coop.id, member.id)
    # when
    statuses = [
        (await client.get(path)).status_code
        for path in (
            f"/koperasi/{coop.id}/anggota",
            f"/koperasi/{coop.id}/anggota/{member.id}",
            f"/koperasi/{coop.id}",
            "/operator/koperasi",
        )
    ]
    # then
    assert statuses == [403, 403, 403, 403]
    assert (await client.get("/saya")).status_code == 200


@pytest.mark.parametrize("role", [Role.MANAGER, Role.BUYER])
async def test_only_the_operator_sees_the_network_list(client, role):
    # given
    coop = await make_coop()
    await signed_in(client, role, coop.id if role == Role.MANAGER else None)
    # then
    assert (await client.get("/operator/koperasi")).status_code == 403
    assert (await client.get("/saya")).status_code == 403
