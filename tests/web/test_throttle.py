"""Log-in throttling per account and per client address, shared by every app instance, in the
database and in Redis; and the throttle service itself (atomic counting, windows, reset)."""

from __future__ import annotations

import asyncio
import time

import pytest

from market import service
from market.errors import TooManyAttempts, Unauthorized
from market.schemas import Role
from market.service import throttle
from market.service.throttle import LOGIN_ACCOUNT, LOGIN_IP, DatabaseStorage, Rule, Throttle
from tests.builders import login, make_coop, make_user
from tests.web.helpers import csrf_now, field_error
from tests.web.stores import serving, store_settings  # noqa: F401  (fixture)


class Clock:
    """Seconds since the epoch, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _with_clock(client, clock: Clock) -> None:
    """Build the app's throttle again on the database with *clock* (what create_app builds, timed)."""
    client.app.state.throttle = throttle.build(client.app.state.settings, clock=clock)


async def _user():
    coop = await make_coop()
    return await make_user(Role.MANAGER, coop_id=coop.id)


async def test_after_five_wrong_passwords_even_the_right_one_waits_for_the_window(db, settings):
    # given
    user = await _user()
    clock = Clock()
    async with serving(settings) as web:
        _with_clock(web, clock)
        # when
        wrong = [(await login(web, user.email, "salah-sandi")).status_code for _ in range(5)]
        refused = await login(web, user.email)  # the right password
        still_signed_out = await web.get("/api/v1/me")
        clock.now += settings.login_throttle_window_s - 1
        almost = await login(web, user.email)
        clock.now += 1
        after_window = await login(web, user.email)
    # then
    assert wrong == [422] * 5
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == str(settings.login_throttle_window_s)
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.text and "coba lagi dalam 15 menit" in refused.text
    assert still_signed_out.status_code == 401
    assert almost.status_code == 429 and almost.headers["retry-after"] == "1"
    assert after_window.status_code == 303


async def test_the_throttled_login_page_speaks_english_too(db, settings):
    user = await _user()
    async with serving(settings.model_copy(update={"login_max_failures_per_account": 1})) as web:
        await web.get("/bahasa/en")
        await login(web, user.email, "salah-sandi")
        refused = await login(web, user.email, "salah-sandi")
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts" in refused.text and "15 minutes" in refused.text


async def test_a_successful_login_clears_the_accounts_failures(db, settings):
    # given: four failures, then the right password
    user = await _user()
    async with serving(settings) as web:
        for _ in range(4):
            await login(web, user.email, "salah-sandi")
        assert (await login(web, user.email)).status_code == 303
        await web.post("/keluar", data={"csrf_token": await csrf_now(web)})
        # when: five more failures (without the clearing, the count would pass five at the second)
        wrong = [(await login(web, user.email, "salah-sandi")).status_code for _ in range(5)]
        sixth = await login(web, user.email, "salah-sandi")
    # then
    assert wrong == [422] * 5
    assert sixth.status_code == 429


async def test_one_address_spraying_many_accounts_is_stopped_but_other_addresses_are_not(db, settings):
    # given: at most 3 failures per address
    user = await _user()
    tight = settings.model_copy(update={"login_max_failures_per_ip": 3})
    async with serving(tight, client_ip="10.0.0.66") as attacker:  # noqa: SIM117 - the second serves the first's app
        async with serving(tight, client_ip="10.0.0.7", app=attacker.app) as colleague:
            # when: three different accounts guessed from one address, then a fourth try
            wrong = [(await login(attacker, f"tebak{i}@uji.id", "salah")).status_code for i in range(3)]
            blocked = await login(attacker, user.email)
            elsewhere = await login(colleague, user.email)
    # then
    assert wrong == [422] * 3
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert elsewhere.status_code == 303


async def test_successful_logins_do_not_use_up_the_addresses_allowance(db, settings):
    # a cooperative's office behind one address: many people sign in, nobody is locked out
    users = [await _user() for _ in range(4)]
    tight = settings.model_copy(update={"login_max_failures_per_ip": 2})
    async with serving(tight) as office:
        statuses = []
        for user in users:
            statuses.append((await login(office, user.email)).status_code)
            await office.post("/keluar", data={"csrf_token": await csrf_now(office)})
    assert statuses == [303] * 4


async def test_two_app_instances_share_the_counter(store_settings):
    # given: two app instances (two processes), each with its own throttle object and storage
    user = await _user()
    async with serving(store_settings) as first, serving(store_settings) as second:
        assert first.app.state.throttle is not second.app.state.throttle
        # when: the failures are spread over both
        wrong = [(await login(first if i % 2 else second, user.email, "salah")).status_code for i in range(5)]
        on_first = await login(first, user.email)
        on_second = await login(second, user.email)
        # the window passing, as an operator's reset makes it pass
        await second.app.state.throttle.reset(LOGIN_ACCOUNT, user.email)
        released = await login(first, user.email)
    # then
    assert wrong == [422] * 5
    assert on_first.status_code == 429 and on_second.status_code == 429
    assert released.status_code == 303


async def test_retry_after_follows_the_configured_window(store_settings):
    # on Redis the window is Redis's own TTL, in the database the row's expires_at
    user = await _user()
    tight = store_settings.model_copy(update={"login_max_failures_per_account": 1, "login_throttle_window_s": 120})
    async with serving(tight) as web:
        await login(web, user.email, "salah")
        refused = await login(web, user.email)
    assert refused.status_code == 429
    assert 118 <= int(refused.headers["retry-after"]) <= 120


async def test_wrong_current_passwords_on_the_account_page_count_against_the_account(db, settings):
    # a stolen session cannot guess the password through the change form either
    user = await _user()
    async with serving(settings) as web:
        await login(web, user.email)
        token = await csrf_now(web)
        form = {"csrf_token": token, "new_password": "baru-sekali-1", "confirm_password": "baru-sekali-1"}
        wrong = [
            (await web.post("/akun/kata-sandi", data={**form, "current_password": f"tebak{i}"})).status_code
            for i in range(5)
        ]
        refused = await web.post("/akun/kata-sandi", data={**form, "current_password": "rahasia123"})
    assert wrong == [422] * 5
    assert refused.status_code == 429 and refused.headers["retry-after"]
    assert "Terlalu banyak percobaan yang gagal" in refused.text
    assert field_error(refused.text, "f-current_password") is None


# The service on its own ------------------------------------------------------------------------


async def test_concurrent_hits_count_exactly(db):
    # 30 attempts at once against an allowance of 5: exactly 5 get through, on either engine
    limiter = Throttle(DatabaseStorage(), {"pin": Rule(5, 900)})
    decisions = await asyncio.gather(*[limiter.hit("pin", "wallet-1") for _ in range(30)])
    assert sum(d.allowed for d in decisions) == 5
    assert all(0 < d.retry_after_s <= 900 for d in decisions if not d.allowed)
    assert (await limiter.peek("pin", "wallet-2")).allowed  # another key is untouched


async def test_a_window_restarts_after_it_passes_and_reset_and_refund_work(db):
    clock = Clock()
    limiter = Throttle(DatabaseStorage(clock=clock), {"pin": Rule(2, 60)}, clock=clock)
    first = [await limiter.hit("pin", "w") for _ in range(3)]
    clock.now += 30
    halfway = await limiter.peek("pin", "w")
    clock.now += 30
    next_window = await limiter.hit("pin", "w")
    await limiter.hit("pin", "w")
    await limiter.refund("pin", "w")
    after_refund = await limiter.hit("pin", "w")
    await limiter.reset("pin", "w")
    after_reset = await limiter.peek("pin", "w")
    assert [d.allowed for d in first] == [True, True, False]
    assert first[2].retry_after_s == 60
    assert not halfway.allowed and halfway.retry_after_s == 30
    assert next_window.allowed
    assert after_refund.allowed and after_refund.remaining == 0
    assert after_reset.allowed and after_reset.remaining == 2
    with pytest.raises(ValueError):
        await limiter.hit("unknown-scope", "w")


async def test_the_log_in_service_refuses_with_a_typed_error(db, settings):
    user = await _user()
    limiter = throttle.build(settings.model_copy(update={"login_max_failures_per_account": 1}))
    with pytest.raises(Unauthorized):
        await service.log_in(user.email, "salah", client_ip="10.9.9.9", throttle=limiter)
    with pytest.raises(TooManyAttempts) as refused:
        await service.log_in(user.email, "rahasia123", client_ip="10.9.9.9", throttle=limiter)
    assert refused.value.status == 429 and refused.value.retry_after_s > 0
    assert (await limiter.peek(LOGIN_IP, "10.9.9.9")).remaining == settings.login_max_failures_per_ip - 1


async def test_counters_whose_window_passed_are_purged(db):
    clock = Clock()
    storage = DatabaseStorage(clock=clock)
    limiter = Throttle(storage, {"short": Rule(3, 60), "long": Rule(3, 3600)}, clock=clock)
    await limiter.hit("short", "a")
    await limiter.hit("long", "a")
    clock.now += 61
    assert await storage.purge_expired() == 1
    assert (await limiter.peek("long", "a")).remaining == 2
