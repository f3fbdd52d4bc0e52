"""Signing in and out, where each role lands, and the language switch."""

import pytest

from market.schemas import Role
from tests.builders import login, make_coop, make_member, make_user
from tests.web.helpers import csrf_now, field_error


@pytest.mark.parametrize(
    "role, home",
    [
        (Role.OPERATOR, "/operator/koperasi"),
        (Role.MANAGER, "/koperasi/{coop}/anggota"),
        (Role.CASHIER, "/koperasi/{coop}/anggota"),
        (Role.MEMBER, "/saya"),
    ],
)
async def test_login_sends_each_role_to_its_home(client, role, home):
    # given
    coop = await make_coop()
    member = await make_member(coop.id) if role == Role.MEMBER else None
    user = await make_user(
        role, coop_id=coop.id if role != Role.OPERATOR else None, member_id=member.id if member else None
    )
    # when
    response = await login(client, user.email)
    # then
    assert response.status_code == 303
    assert response.headers["location"] == home.format(coop=coop.id)
    assert (await client.get("/")).headers["location"] == home.format(coop=coop.id)
    assert (await client.get(home.format(coop=coop.id))).status_code == 200


async def test_a_wrong_password_shows_the_error_next_to_the_password_field(client):
    # given
    user = await make_user(Role.OPERATOR)
    # when
    response = await login(client, user.email, "salah-sandi")
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-password") == "E-mail atau kata sandi salah"
    assert f'value="{user.email}"' in response.text
    assert (await client.get("/operator/koperasi")).status_code == 303  # still signed out


async def test_an_anonymous_visitor_is_sent_to_the_login_page_and_back(client):
    # given
    coop = await make_coop()
    user = await make_user(Role.MANAGER, coop_id=coop.id)
    # when
    first = await client.get(f"/koperasi/{coop.id}?tab=1")
    page = await client.get(first.headers["location"])
    signed = await client.post(
        "/masuk",
        data={
            "email": user.email,
            "password": "rahasia123",
            "next": f"/koperasi/{coop.id}?tab=1",
            "csrf_token": page.text.split('name="csrf_token" value="')[1].split('"')[0],
        },
    )
    # then
    assert first.status_code == 303
    assert first.headers["location"] == f"/masuk?next=/koperasi/{coop.id}%3Ftab%3D1"
    assert f'name="next" value="/koperasi/{coop.id}?tab=1"' in page.text
    assert signed.headers["location"] == f"/koperasi/{coop.id}?tab=1"


async def test_an_htmx_request_without_a_session_is_redirected_by_header(client):
    # given
    coop = await make_coop()
    # when
    response = await client.get(f"/koperasi/{coop.id}/anggota?q=x", headers={"HX-Request": "true"})
    # then
    assert response.status_code == 200
    assert response.headers["hx-redirect"].startswith("/masuk?next=")


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:alert(1)"])
async def test_login_never_redirects_off_site(client, target):
    # given
    user = await make_user(Role.OPERATOR)
    page = await client.get("/masuk")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    # when
    response = await client.post(
        "/masuk", data={"email": user.email, "password": "rahasia123", "next": target, "csrf_token": token}
    )
    # then
    assert response.headers["location"] == "/operator/koperasi"


async def test_logout_ends_the_session(client):
    # given
    await make_user(Role.OPERATOR, email="op@uji.id")
    await login(client, "op@uji.id")
    token = await csrf_now(client)
    # when
    response = await client.post("/keluar", data={"csrf_token": token})
    # then
    assert response.status_code == 303
    assert (await client.get("/operator/koperasi")).headers["location"].startswith("/masuk")
    assert "Anda sudah keluar." in (await client.get("/")).text


async def test_the_language_switch_renders_english_and_keeps_rupiah_formatting(client):
    # given
    coop = await make_coop(simpanan_pokok_amount=100_000)
    await make_user(Role.MANAGER, coop_id=coop.id, email="m@uji.id")
    await login(client, "m@uji.id")
    # when
    switched = await client.get(f"/bahasa/en?next=/koperasi/{coop.id}/anggota/baru")
    english = await client.get(f"/koperasi/{coop.id}/anggota/baru")
    back = await client.get("/bahasa/id", headers={"referer": f"http://test/koperasi/{coop.id}"})
    indonesian = await client.get(f"/koperasi/{coop.id}/anggota/baru")
    # then
    assert switched.headers["location"] == f"/koperasi/{coop.id}/anggota/baru"
    assert '<html lang="en">' in english.text and "Add member" in english.text
    assert "Rp 100.000" in english.text
    assert back.headers["location"] == f"/koperasi/{coop.id}"
    assert '<html lang="id">' in indonesian.text and "Tambah anggota" in indonesian.text


async def test_an_unknown_language_is_not_found(client):
    assert (await client.get("/bahasa/fr")).status_code == 404


async def test_the_landing_page_explains_and_links_to_login(client):
    response = await client.get("/")
    assert response.status_code == 200
    assert "Pasar Koperasi" in response.text and 'href="/masuk"' in response.text
