"""The wallet's transaction PIN: six digits, hashed, changed only with the current one, locked after
five wrong tries (through the throttle service, counted before the check) and open again after
the window; a right PIN clears the count."""

from __future__ import annotations

import asyncio

import pytest

from market.service import throttle as throttle_
from market.service.throttle import WALLET_PIN, DatabaseStorage, Rule, Throttle
from market.settings import Settings
from payments import service
from payments.errors import PinCurrentRequired, PinInvalid, PinLocked, PinNotSet, PinWrong
from tests.builders import make_user, token_for
from tests.payments.helpers import count


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _throttle(clock: Clock) -> Throttle:
    return Throttle(DatabaseStorage(clock=clock), {WALLET_PIN: Rule(5, 1800)}, clock=clock)


async def test_a_pin_is_six_digits_hashed_and_changed_only_with_the_current_one(db):
    user = await make_user("buyer")
    assert not await service.has_pin(user.id)
    with pytest.raises(PinNotSet):
        await service.check_pin(user.id, "123456")
    for bad in ("12345", "1234567", "12345a", "١٢٣٤٥٦", "", 123456):
        with pytest.raises(PinInvalid):
            await service.set_pin(user.id, bad)
    await service.set_pin(user.id, "123456")
    assert await service.has_pin(user.id)
    assert await count("payments_wallet_pin", "WHERE pin_hash LIKE ?", "$argon2%") == 1
    assert await count("payments_wallet_pin", "WHERE pin_hash LIKE ?", "%123456%") == 0
    await service.check_pin(user.id, "123456")
    with pytest.raises(PinCurrentRequired):
        await service.set_pin(user.id, "654321")
    with pytest.raises(PinWrong) as wrong:
        await service.set_pin(user.id, "654321", current_pin="000000")
    assert wrong.value.field == "current_pin"
    await service.set_pin(user.id, "654321", current_pin="123456")
    await service.check_pin(user.id, "654321")
    with pytest.raises(PinWrong):
        await service.check_pin(user.id, "123456")


async def test_five_wrong_pins_lock_it_even_for_the_right_one_until_the_window_ends(db):
    clock = Clock()
    throttle = _throttle(clock)
    user = await make_user("buyer")
    other = await make_user("buyer")
    await service.set_pin(user.id, "246810")
    await service.set_pin(other.id, "246810")
    # a right PIN clears earlier wrong tries
    for _ in range(3):
        with pytest.raises(PinWrong):
            await service.check_pin(user.id, "000000", throttle=throttle)
    await service.check_pin(user.id, "246810", throttle=throttle)
    lefts = []
    for _ in range(4):
        with pytest.raises(PinWrong) as wrong:
            await service.check_pin(user.id, "111111", throttle=throttle)
        lefts.append(wrong.value.attempts_left)
    assert lefts == [4, 3, 2, 1]
    with pytest.raises(PinLocked) as locked:  # the fifth wrong one locks
        await service.check_pin(user.id, "111111", throttle=throttle)
    assert locked.value.status == 429 and 1790 <= locked.value.retry_after_s <= 1800
    assert locked.value.extra["retry_after_s"] == locked.value.retry_after_s  # the Retry-After header
    with pytest.raises(PinLocked):
        await service.check_pin(user.id, "246810", throttle=throttle)
    with pytest.raises(PinLocked):  # changing it is locked too
        await service.set_pin(user.id, "135791", current_pin="246810", throttle=throttle)
    await service.check_pin(other.id, "246810", throttle=throttle)  # another login is not locked
    clock.now += 1801
    await service.check_pin(user.id, "246810", throttle=throttle)


async def test_parallel_guesses_cannot_pass_the_limit(db):
    clock = Clock()
    throttle = _throttle(clock)
    user = await make_user("buyer")
    await service.set_pin(user.id, "975310")
    guesses = [f"{n:06d}" for n in range(20)]
    results = await asyncio.gather(
        *(service.check_pin(user.id, g, throttle=throttle) for g in guesses), return_exceptions=True
    )
    # every guess refused, and the right PIN is locked out after them: no more than five were tried
    assert all(isinstance(r, PinWrong | PinLocked) for r in results)
    assert sum(isinstance(r, PinWrong) for r in results) <= 4
    with pytest.raises(PinLocked):
        await service.check_pin(user.id, "975310", throttle=throttle)


def test_the_pin_rule_comes_from_the_settings():
    rules = throttle_.rules_from(Settings(WALLET_PIN_MAX_FAILURES=5, WALLET_PIN_LOCK_WINDOW_S=1800))
    assert rules[WALLET_PIN] == Rule(5, 1800)


async def test_put_pin_replayed_with_its_key_gives_the_same_answer_success_or_refusal(db, pclient):
    user = await make_user("buyer")
    headers = await token_for(user)
    url = "/api/v1/wallet/pin"

    async def put(body: dict, key: str):
        return await pclient.put(url, json=body, headers={**headers, "Idempotency-Key": key})

    made = await put({"new_pin": "112233"}, "pin-1")
    assert made.status_code == 200, made.text
    # the same key again (even with other digits: the PINs are not part of its fingerprint) is the
    # first answer, and changes nothing; without the key it would need the current PIN
    again = await put({"new_pin": "445566"}, "pin-1")
    assert (again.status_code, again.json()) == (200, made.json())
    await service.check_pin(user.id, "112233")
    # a refusal is its key's answer too: the current PIN sent later with the same key is refused
    refused = await put({"new_pin": "998877"}, "pin-2")
    assert (refused.status_code, refused.json()["code"]) == (422, "payments.pin_current_required")
    replayed = await put({"new_pin": "998877", "current_pin": "112233"}, "pin-2")
    assert (replayed.status_code, replayed.json()) == (422, refused.json())
    # a wrong current PIN: one try counted, however often the key is replayed
    wrong = await put({"new_pin": "998877", "current_pin": "000000"}, "pin-3")
    assert (wrong.status_code, wrong.json()["code"], wrong.json()["attempts_left"]) == (403, "payments.pin_wrong", 4)
    for _ in range(2):
        same = await put({"new_pin": "998877", "current_pin": "000000"}, "pin-3")
        assert (same.status_code, same.json()) == (403, wrong.json())
    with pytest.raises(PinWrong) as next_try:
        await service.check_pin(user.id, "000001")
    assert next_try.value.attempts_left == 3  # the replays spent no try
    await service.check_pin(user.id, "112233")  # still the first PIN
