"""One-time codes for a withdrawal at a counter without the member's phone.

The member makes one on their own page with their PIN — that is their consent, up to the amount
they name — and tells it to the cashier, who enters it with the withdrawal after checking their
KTP: the code is the proof that the member is there and agrees. Six digits, good for a day, used
once; a new code voids the one before. Only an argon2 hash is kept, so the code is shown once.

A wrong code counts against the member's live code, outside the withdrawal's own transaction (a
refused withdrawal changes nothing else): the fifth wrong one voids it, so a code cannot be
guessed at a counter (five tries in a million).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from tortoise.expressions import F

from market import db, hashing
from market.service import Actor
from network.errors import CodeAmountExceeded, CodeExpired, CodeWrong
from network.models import CounterCode
from network.schemas import ActiveCodeOut, CodeOut
from network.service.common import CODE_MAX_FAILURES, CODE_TTL_S, check_amount, require_member, utcnow
from payments import service as payments

CODE_DIGITS = 6


def _live(query, now: datetime):
    return query.filter(used_at=None, voided_at=None, expires_at__gt=now)


async def make_code(actor: Actor, pin: str, max_amount: int, *, throttle=None, now: datetime | None = None) -> CodeOut:
    """A new one-time code for the member asking (their PIN checked first); the old one is void."""
    coop_id, member_id = require_member(actor)
    check_amount(max_amount)
    await payments.member_wallet(coop_id, member_id)
    await payments.check_pin(actor.user_id, pin, throttle=throttle)
    now = utcnow(now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    async with db.transaction():
        await _live(CounterCode.filter(member_id=member_id), now).update(voided_at=now)
        row = await CounterCode.create(
            member_id=member_id,
            home_coop_id=coop_id,
            user_id=actor.user_id,
            code_hash=hashing.make(code, hashing.Strength.SHORT),
            max_amount=max_amount,
            created_at=now,
            expires_at=now + timedelta(seconds=CODE_TTL_S),
        )
    return CodeOut(code=code, max_amount=row.max_amount, expires_at=row.expires_at)


async def active_code(member_id: int, *, now: datetime | None = None) -> ActiveCodeOut | None:
    """The member's live code (without the code itself), if they have one."""
    row = await _live(CounterCode.filter(member_id=member_id), utcnow(now)).order_by("-id").first()
    return ActiveCodeOut.model_validate(row, from_attributes=True) if row else None


async def void_code(actor: Actor, *, now: datetime | None = None) -> int:
    """Withdraw the member's live code (they lost the paper); returns how many were voided."""
    _, member_id = require_member(actor)
    return await _live(CounterCode.filter(member_id=member_id), utcnow(now)).update(voided_at=utcnow(now))


def _matches(code_hash: str, code: str) -> bool:
    return hashing.matches(code_hash, code, hashing.Strength.SHORT)


async def recognise(member_id: int, code: str, *, now: datetime | None = None) -> int:
    """The id of the member's code that *code* is — live, used or expired (the withdrawal then
    says which) — or CodeWrong, counted against their live code. Runs in its own transaction."""
    now = utcnow(now)
    recent = await CounterCode.filter(member_id=member_id, created_at__gt=now - timedelta(seconds=2 * CODE_TTL_S))
    code = code.strip()
    if code.isascii() and code.isdigit() and len(code) == CODE_DIGITS:
        for row in sorted(recent, key=lambda r: -r.id)[:5]:
            if _matches(row.code_hash, code):
                return row.id
    live = next((r for r in sorted(recent, key=lambda r: -r.id) if r.used_at is None and r.voided_at is None), None)
    left = 0
    if live is not None and live.expires_at > now:
        async with db.transaction():
            await CounterCode.filter(id=live.id).update(failed_attempts=F("failed_attempts") + 1)
            failures = (await CounterCode.get(id=live.id)).failed_attempts
            if failures >= CODE_MAX_FAILURES:
                await CounterCode.filter(id=live.id, voided_at=None).update(voided_at=now)
        left = max(0, CODE_MAX_FAILURES - failures)
    detail = f"Kode salah; sisa {left} kali percobaan" if left else "Kode salah; minta anggota membuat kode baru"
    raise CodeWrong(detail, field="code", attempts_left=left)


async def claim(code_id: int, member_id: int, amount: int, tx_id: int, *, now: datetime | None = None) -> int:
    """Use the code for transaction *tx_id* (in its transaction); the member's login that made it.

    Refused when it is not live any more (CodeExpired) or allows less (CodeAmountExceeded)."""
    now = utcnow(now)
    row = await CounterCode.get_or_none(id=code_id, member_id=member_id)
    if row is None or row.used_at is not None or row.voided_at is not None or row.expires_at <= now:
        raise CodeExpired(
            "Kode ini sudah dipakai, dibatalkan atau kedaluwarsa; minta anggota membuat kode baru", field="code"
        )
    if amount > row.max_amount:
        raise CodeAmountExceeded(
            f"Kode ini hanya untuk penarikan sampai Rp {row.max_amount:,}".replace(",", "."), field="amount"
        )
    taken = await CounterCode.filter(id=code_id, used_at=None, voided_at=None).update(used_at=now, used_by_id=tx_id)
    if not taken:  # used by another counter at the same moment
        raise CodeExpired("Kode ini baru saja dipakai", field="code")
    return row.user_id
