"""Log-in with throttling, password change and deactivation — each ending the sessions it must.

Throttling (``market.service.throttle``): every log-in attempt is counted against the client
address and the account *before* the password is checked, so parallel guesses cannot pass the
limit; a correct password clears the account's counter and takes back the address's hit, so
only failures add up.
"""

from __future__ import annotations

import math

from market.errors import InvalidInput, NotFound, TooManyAttempts
from market.models import User
from market.service import sessions as sessions_
from market.service import throttle as throttle_
from market.service.users import Actor, authenticate, hash_password, password_matches

MIN_PASSWORD = 8
MAX_PASSWORD = 200


def _too_many(retry_after_s: int, field: str | None = None) -> TooManyAttempts:
    minutes = max(1, math.ceil(retry_after_s / 60))
    return TooManyAttempts(
        f"Terlalu banyak percobaan masuk yang gagal; coba lagi dalam {minutes} menit",
        retry_after_s=retry_after_s,
        field=field,
    )


async def log_in(
    email: str, password: str, *, client_ip: str = "", throttle: throttle_.Throttle | None = None
) -> Actor:
    """Check an e-mail and password under the log-in limits (per account and per address).

    Raises TooManyAttempts (429, with ``retry_after_s``) once either limit is used up — even for
    the right password — and Unauthorized for a wrong one.
    """
    throttle = throttle or throttle_.current()
    account = email.strip().lower()
    address = client_ip or "unknown"
    by_address = await throttle.hit(throttle_.LOGIN_IP, address)
    if not by_address.allowed:
        raise _too_many(by_address.retry_after_s)
    by_account = await throttle.hit(throttle_.LOGIN_ACCOUNT, account)
    if not by_account.allowed:
        await throttle.refund(throttle_.LOGIN_IP, address)  # no password was tried
        raise _too_many(by_account.retry_after_s)
    actor = await authenticate(email, password)  # Unauthorized: both hits stay counted
    await throttle.reset(throttle_.LOGIN_ACCOUNT, account)
    await throttle.refund(throttle_.LOGIN_IP, address)
    return actor


async def change_password(
    user_id: int,
    current_password: str,
    new_password: str,
    *,
    keep_session: str | None = None,
    store: sessions_.SessionStore | None = None,
    throttle: throttle_.Throttle | None = None,
) -> int:
    """Set a new password after checking the current one; end every other session of the user.

    *keep_session* is the id of the session asking (it stays signed in). Wrong current passwords
    count against the account's log-in limit, so a stolen session cannot guess the password here.
    Returns how many sessions ended.
    """
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None:
        raise NotFound("Pengguna tidak ditemukan")
    if not MIN_PASSWORD <= len(new_password) <= MAX_PASSWORD:
        raise InvalidInput("Kata sandi baru minimal 8 karakter", field="new_password")
    throttle = throttle or throttle_.current()
    decision = await throttle.hit(throttle_.LOGIN_ACCOUNT, user.email)
    if not decision.allowed:
        raise _too_many(decision.retry_after_s, field="current_password")
    if not password_matches(user, current_password):
        raise InvalidInput("Kata sandi saat ini salah", field="current_password")
    await throttle.reset(throttle_.LOGIN_ACCOUNT, user.email)
    if current_password == new_password:
        raise InvalidInput("Kata sandi baru harus berbeda dari yang lama", field="new_password")
    user.password_hash = hash_password(new_password)
    await user.save(update_fields=["password_hash"])
    return await sessions_.end_all(user_id, keep=keep_session, store=store)


async def set_user_active(user_id: int, active: bool, *, store: sessions_.SessionStore | None = None) -> int:
    """Deactivate (or reactivate) a login. Deactivating ends all its sessions; returns how many."""
    changed = await User.filter(id=user_id).update(is_active=active)
    if not changed:
        raise NotFound("Pengguna tidak ditemukan")
    return 0 if active else await sessions_.end_all(user_id, store=store)


async def end_all_sessions(user_id: int, *, store: sessions_.SessionStore | None = None) -> int:
    """Keluar dari semua perangkat: end every session of the user, this one included."""
    return await sessions_.end_all(user_id, store=store)


async def active_sessions(user_id: int, *, store: sessions_.SessionStore | None = None) -> list[sessions_.SessionInfo]:
    return await sessions_.active(user_id, store=store)


async def purge_expired() -> int:
    """Delete database rows of sessions and throttle windows long over (Redis expires its own)."""
    purged = 0
    store = sessions_.current()
    if isinstance(store, sessions_.DatabaseSessions):
        purged += await store.purge()
    storage = throttle_.current().storage
    if isinstance(storage, throttle_.DatabaseStorage):
        purged += await storage.purge_expired()
    return purged
