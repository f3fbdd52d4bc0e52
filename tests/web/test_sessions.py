"""Server-side sessions: identity only from a live session, ended at log-out, password change,
deactivation and "keluar dari semua perangkat", rotated at log-in; in the database and in Redis,
shared by every app instance. And a cookie-authenticated API change always needs its CSRF token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from market import service
from market.models import UserSession
from market.schemas import Role
from market.service import sessions
from market.settings import Settings
from tests.builders import login, make_coop, make_user, token_for
from tests.web.helpers import csrf_now, field_error
from tests.web.stores import serving, store_settings  # noqa: F401  (fixture)


def cookie_of(client) -> dict:
    """What the signed cookie holds (read with the test's secret, as the app reads it)."""
    raw = client.cookies["pk_session"]
    return URLSafeTimedSerializer("test-secret", salt="pk-session").loads(raw)


def with_cookie(client, raw: str) -> None:
    client.cookies.clear()
    client.cookies.set("pk_session", raw)


async def _manager(password: str = "rahasia123"):
    coop = await make_coop()
    return coop, await make_user(Role.MANAGER, coop_id=coop.id, password=password)


async def test_after_logout_the_old_cookie_reads_nothing(store_settings):
    # given: a manager signed in, and a copy of the cookie taken before logging out
    coop, user = await _manager()
    async with serving(store_settings) as web, serving(store_settings, app=web.app) as thief:
        await login(web, user.email)
        copied = web.cookies["pk_session"]
        assert (await web.get("/api/v1/me")).status_code == 200
        # when
        out = await web.post("/keluar", data={"csrf_token": await csrf_now(web)})
        with_cookie(thief, copied)
        api = await thief.get("/api/v1/me")
        members = await thief.get(f"/koperasi/{coop.id}/anggota")
    # then
    assert out.status_code == 303
    assert api.status_code == 401 and api.headers["content-type"].startswith("application/problem+json")
    assert members.status_code == 303 and members.headers["location"].startswith("/masuk")


async def test_a_validly_signed_cookie_naming_a_user_is_not_a_session(client):
    # given: the old cookie format, signed with the real secret — no server-side session behind it
    coop, user = await _manager()
    forged = URLSafeTimedSerializer("test-secret", salt="pk-session").dumps({"uid": user.id, "csrf": "x"})
    with_cookie(client, forged)
    # when
    api = await client.get("/api/v1/me")
    page = await client.get(f"/koperasi/{coop.id}/anggota")
    # then
    assert api.status_code == 401
    assert page.headers["location"].startswith("/masuk")


async def test_login_rotates_the_session_id_and_the_csrf_token(store_settings):
    # given: a visitor with an anonymous session, then signed in
    _, user = await _manager()
    async with serving(store_settings) as web, serving(store_settings, app=web.app) as old:
        await web.get("/masuk")
        anonymous = cookie_of(web)
        await login(web, user.email)
        first = cookie_of(web)
        first_raw = web.cookies["pk_session"]
        # when: the signed-in browser posts the login form again (another tab)
        again = await web.post(
            "/masuk", data={"email": user.email, "password": "rahasia123", "csrf_token": first["csrf"]}
        )
        second = cookie_of(web)
        with_cookie(old, first_raw)
        old_me = await old.get("/api/v1/me")
        new_me = await web.get("/api/v1/me")
    # then: each sign-in gives a new id and a new CSRF token; the previous id is dead
    assert "sid" not in anonymous and anonymous["csrf"] != first["csrf"]
    assert again.status_code == 303
    assert first["sid"] != second["sid"] and first["csrf"] != second["csrf"]
    assert "uid" not in second
    assert old_me.status_code == 401
    assert new_me.status_code == 200 and new_me.json()["email"] == user.email


async def test_two_app_instances_share_the_sessions(store_settings):
    # given: two app instances (two processes), each with its own store object
    _, user = await _manager()
    async with serving(store_settings) as first, serving(store_settings) as second:
        # when: signed in on one, the same cookie used on the other, then signed out there
        await login(first, user.email)
        with_cookie(second, first.cookies["pk_session"])
        seen_there = await second.get("/api/v1/me")
        await second.post("/keluar", data={"csrf_token": cookie_of(second)["csrf"]})
        back_here = await first.get("/api/v1/me")
    # then
    assert seen_there.status_code == 200 and seen_there.json()["email"] == user.email
    assert back_here.status_code == 401


async def test_a_password_change_ends_every_other_session_and_keeps_this_one(store_settings):
    # given: the same user signed in on a laptop and a phone
    _, user = await _manager()
    async with serving(store_settings) as laptop, serving(store_settings, app=laptop.app) as phone:
        await login(laptop, user.email)
        await login(phone, user.email)
        # when: the laptop changes the password
        changed = await laptop.post(
            "/akun/kata-sandi",
            data={
                "csrf_token": await csrf_now(laptop),
                "current_password": "rahasia123",
                "new_password": "lebih-rahasia-9",
                "confirm_password": "lebih-rahasia-9",
            },
        )
        laptop_me, phone_me = await laptop.get("/api/v1/me"), await phone.get("/api/v1/me")
        account = await laptop.get("/akun")
        old_password = await login(phone, user.email, "rahasia123")
        new_password = await login(phone, user.email, "lebih-rahasia-9")
    # then
    assert changed.status_code == 303 and changed.headers["location"] == "/akun"
    assert "Kata sandi diganti; 1 sesi lain sudah dikeluarkan." in account.text
    assert laptop_me.status_code == 200
    assert phone_me.status_code == 401
    assert old_password.status_code == 422 and new_password.status_code == 303


async def test_a_wrong_current_password_changes_nothing(client):
    # given
    _, user = await _manager()
    await login(client, user.email)
    # when
    refused = await client.post(
        "/akun/kata-sandi",
        data={
            "csrf_token": await csrf_now(client),
            "current_password": "bukan-ini",
            "new_password": "lebih-rahasia-9",
            "confirm_password": "lebih-rahasia-9",
        },
    )
    # then
    assert refused.status_code == 422
    assert field_error(refused.text, "f-current_password") == "Kata sandi saat ini salah"
    assert (await client.get("/api/v1/me")).status_code == 200
    assert await service.authenticate(user.email, "rahasia123")


async def test_a_password_change_without_the_csrf_token_is_refused(client):
    _, user = await _manager()
    await login(client, user.email)
    refused = await client.post(
        "/akun/kata-sandi",
        data={
            "current_password": "rahasia123",
            "new_password": "lebih-rahasia-9",
            "confirm_password": "lebih-rahasia-9",
        },
    )
    assert refused.status_code == 403
    assert await service.authenticate(user.email, "rahasia123")


async def test_deactivating_a_user_ends_its_sessions_for_good(store_settings):
    # given: a user signed in
    _, user = await _manager()
    async with serving(store_settings) as web:
        await login(web, user.email)
        store = web.app.state.sessions
        assert len(await service.active_sessions(user.id, store=store)) == 1
        # when: deactivated, then (later) reactivated
        ended = await service.set_user_active(user.id, False, store=store)
        while_inactive = await web.get("/api/v1/me")
        await service.set_user_active(user.id, True, store=store)
        after_reactivation = await web.get("/api/v1/me")
        left = await service.active_sessions(user.id, store=store)
    # then: the session was ended, not merely hidden while the user was inactive
    assert ended == 1
    assert while_inactive.status_code == 401
    assert after_reactivation.status_code == 401
    assert left == []


async def test_keluar_dari_semua_perangkat_ends_every_session_of_the_user(store_settings):
    # given: one user on two devices, another user elsewhere
    _, user = await _manager()
    _, other = await _manager()
    async with (
        serving(store_settings) as here,
        serving(store_settings, app=here.app) as there,
        serving(store_settings, app=here.app) as someone,
    ):
        await login(here, user.email)
        await login(there, user.email)
        await login(someone, other.email)
        page = await here.get("/akun")
        # when
        out = await here.post("/akun/keluar-semua", data={"csrf_token": await csrf_now(here)})
        landing = await here.get(out.headers["location"])
        statuses = [(await c.get("/api/v1/me")).status_code for c in (here, there, someone)]
    # then
    assert page.status_code == 200 and "Keluar dari semua perangkat" in page.text
    assert page.text.count("<tr aria-current=true>") == 1 and page.text.count('<td class="mono">') == 2
    assert out.status_code == 303 and out.headers["location"] == "/masuk"
    assert "Anda sudah keluar dari semua perangkat." in landing.text
    assert statuses == [401, 401, 200]


async def test_the_account_page_speaks_english_too(client):
    _, user = await _manager()
    await login(client, user.email)
    await client.get("/bahasa/en")
    page = await client.get("/akun")
    assert "Sign out of all devices" in page.text and "Change password" in page.text


async def test_an_expired_session_gives_no_identity_and_old_ones_are_purged(store_settings):
    # given: a session store whose clock the test moves
    _, user = await _manager()
    now = [datetime.now(UTC)]
    store = sessions.build(store_settings, clock=lambda: now[0])
    try:
        sid = await sessions.start(user.id, user_agent="Firefox", client_ip="10.1.2.3", store=store)
        fresh = await sessions.user_of(sid, store=store)
        # when: the max age passes
        now[0] += timedelta(seconds=store_settings.session_max_age_s + 1)
        expired = await sessions.user_of(sid, store=store)
        listed = await sessions.active(user.id, store=store)
    finally:
        await store.close()
    # then
    assert fresh == user.id
    assert expired is None and listed == []


async def test_the_store_keeps_only_the_ids_hash(client):
    _, user = await _manager()
    await login(client, user.email)
    sid = cookie_of(client)["sid"]
    row = await UserSession.get(user_id=user.id)
    assert row.key_hash == sessions.digest(sid) and sid not in row.key_hash
    assert row.revoked_at is None and row.expires_at > datetime.now(UTC) + timedelta(days=13)


@pytest.mark.parametrize(
    "env, override, secure",
    [("production", None, True), ("test", None, False), ("production", False, False), ("dev", True, True)],
)
def test_cookies_are_secure_by_default_in_production(env, override, secure):
    extra = {} if override is None else {"SECURE_COOKIES": override}
    settings = Settings(MARKET_ENV=env, SECRET_KEY="s" * 32, **extra)
    assert settings.secure_cookies is secure


async def test_the_session_cookie_carries_secure_when_configured(db, settings):
    _, user = await _manager()
    async with serving(settings.model_copy(update={"secure_cookies": True})) as web:
        signed = await login(web, user.email)
    assert "secure" in signed.headers["set-cookie"].lower()
    assert "httponly" in signed.headers["set-cookie"].lower()


# CSRF on the JSON API (issue 10 item 13) --------------------------------------------------------


@pytest.mark.parametrize("authorization", ["Basic Zm9vOmJhcg==", "Token abc", "Bearer", "bearerx"])
async def test_a_cookie_authenticated_api_change_with_a_non_bearer_header_still_needs_csrf(client, authorization):
    # given: a manager signed in by cookie
    coop, user = await _manager()
    await login(client, user.email)
    body = {"name": "Budi", "nik": "3201010101850001"}
    # when
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/members", json=body, headers={"Authorization": authorization}
    )
    # then
    assert response.status_code == 403, response.text
    assert await service.count_members(coop.id) == 0


async def test_a_cookie_authenticated_api_change_with_the_csrf_header_works(client):
    coop, user = await _manager()
    await login(client, user.email)
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/members",
        json={"name": "Budi", "nik": "3201010101850001"},
        headers={"X-CSRF-Token": cookie_of(client)["csrf"]},
    )
    assert response.status_code == 201, response.text


async def test_a_valid_bearer_token_needs_no_csrf_and_an_invalid_one_is_refused(client):
    coop, user = await _manager()
    ok = await client.post(
        f"/api/v1/cooperatives/{coop.id}/members",
        json={"name": "Budi", "nik": "3201010101850001"},
        headers=await token_for(user),
    )
    bad = await client.post(
        f"/api/v1/cooperatives/{coop.id}/members",
        json={"name": "Sri", "nik": "3201010101850002"},
        headers={"Authorization": "Bearer pk_tidak-ada"},
    )
    assert ok.status_code == 201 and bad.status_code == 401
    assert await service.count_members(coop.id) == 1


async def test_sessions_over_for_a_month_are_purged_and_live_ones_kept(db, settings):
    # given: one session ended 31 days ago, one expired 31 days ago, one live
    _, user = await _manager()
    now = [datetime.now(UTC) - timedelta(days=31 + 14)]
    store = sessions.DatabaseSessions(settings.session_max_age_s, clock=lambda: now[0])
    await sessions.start(user.id, store=store)  # expires 31 days ago
    now[0] = datetime.now(UTC) - timedelta(days=31)
    ended = await sessions.start(user.id, store=store)
    await sessions.end(ended, store=store)
    now[0] = datetime.now(UTC)
    live = await sessions.start(user.id, store=store)
    # when
    purged = await store.purge()
    # then
    assert purged == 2
    assert [r.key_hash for r in await UserSession.filter(user_id=user.id)] == [sessions.digest(live)]
