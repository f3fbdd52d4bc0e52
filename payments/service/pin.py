"""The transaction PIN: six digits a login sets for its wallet, asked before every outgoing movement.

Hashed with argon2id (market.hashing, the strength for short secrets). Wrong PINs are
counted by the throttle service (scope ``wallet-pin``, one counter per login) *before* the PIN is
checked, so guesses sent in parallel cannot slip past the limit; a right PIN resets the counter.
The PIN belongs to the login (user id) that owns the wallet: a member's login for a member
wallet, the buyer's (or staff member's) login for its own wallet.
"""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from market import db, hashing
from market.service import idempotency
from market.service import throttle as throttle_
from payments.errors import PinCurrentRequired, PinInvalid, PinLocked, PinNotSet, PinWrong
from payments.models import WalletPin

PIN_LENGTH = 6


def _verify(pin_hash: str, pin: object) -> bool:
    return hashing.matches(pin_hash, pin, hashing.Strength.SHORT)


def _valid(pin: object) -> str:
    if not isinstance(pin, str) or len(pin) != PIN_LENGTH or not pin.isascii() or not pin.isdigit():
        raise PinInvalid("PIN harus terdiri dari 6 angka", field="pin")
    return pin


def _locked(retry_after_s: int) -> PinLocked:
    minutes = max(1, math.ceil(retry_after_s / 60))
    return PinLocked(f"PIN salah terlalu sering; coba lagi dalam {minutes} menit", retry_after_s=retry_after_s)


async def has_pin(user_id: int) -> bool:
    return await WalletPin.filter(user_id=user_id).exists()


async def check_pin(user_id: int, pin: str, *, throttle: throttle_.Throttle | None = None) -> None:
    """Pass quietly for the login's right PIN; else PinNotSet (409), PinWrong (403, with
    ``attempts_left``) or PinLocked (429, with ``retry_after_s``) — locked even for the right PIN
    once the wrong tries of the window are used up."""
    row = await WalletPin.get_or_none(user_id=user_id)
    if row is None:
        raise PinNotSet("Buat PIN transaksi dompet terlebih dahulu", field="pin")
    throttle = throttle or throttle_.current()
    key = str(user_id)
    decision = await throttle.hit(throttle_.WALLET_PIN, key)
    if not decision.allowed:
        raise _locked(decision.retry_after_s)
    # in a thread: the hash's CPU time does not stall the other requests of this process
    if not await asyncio.to_thread(_verify, row.pin_hash, pin):
        if decision.remaining <= 0:  # that was the last allowed try: locked from now on
            raise _locked((await throttle.peek(throttle_.WALLET_PIN, key)).retry_after_s)
        raise PinWrong(f"PIN salah; sisa {decision.remaining} kali percobaan", attempts_left=decision.remaining)
    await throttle.reset(throttle_.WALLET_PIN, key)


async def require_pin(user_id: int, pin: str | None) -> None:
    """``check_pin`` where a form or request may come without one: none typed is PinNotSet when the
    login has no PIN yet, else PinInvalid (no try spent); a typed one is checked."""
    if not pin:
        if not await has_pin(user_id):
            raise PinNotSet("Buat PIN transaksi dompet terlebih dahulu", field="pin")
        raise PinInvalid("Masukkan PIN transaksi dompet (6 angka)", field="pin")
    await check_pin(user_id, pin)


async def set_pin(
    user_id: int, new_pin: str, *, current_pin: str | None = None, throttle: throttle_.Throttle | None = None
) -> None:
    """Create the login's PIN, or change it: an existing PIN is changed only with the current one
    (checked under the same lock-out as every other use of it)."""
    pin = _valid(new_pin)
    exists = await has_pin(user_id)
    if exists:
        if current_pin is None:
            raise PinCurrentRequired("Masukkan PIN lama untuk menggantinya", field="current_pin")
        try:
            await check_pin(user_id, current_pin, throttle=throttle)
        except (PinWrong, PinLocked) as exc:
            exc.field = "current_pin"
            raise
    pin_hash = await asyncio.to_thread(hashing.make, pin, hashing.Strength.SHORT)
    if exists:
        await WalletPin.filter(user_id=user_id).update(pin_hash=pin_hash, updated_at=datetime.now(UTC))
        return
    try:
        async with db.transaction():
            await WalletPin.create(user_id=user_id, pin_hash=pin_hash)
    except IntegrityError:  # set at the same moment elsewhere: the first one stands
        raise PinCurrentRequired(
            "PIN sudah dibuat; masukkan PIN lama untuk menggantinya", field="current_pin"
        ) from None


async def put_pin(
    user_id: int,
    new_pin: str,
    *,
    current_pin: str | None = None,
    idempotency_key: str | None = None,
    throttle: throttle_.Throttle | None = None,
) -> None:
    """``set_pin`` once per idempotency key (the PINs are not part of the key's fingerprint: a
    hash of six digits would give them away)."""
    await idempotency.once_leased(
        idempotency.scope_of(user_id),
        idempotency_key,
        {"op": "payments.pin", "user_id": user_id},
        lambda claim: set_pin(user_id, new_pin, current_pin=current_pin, throttle=throttle),
        dump=lambda _: {},
        load=lambda _: None,
    )
