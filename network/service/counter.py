"""The counter's steps: find a visiting member, a withdrawal (waiting for the member's phone, or
paid at once with their one-time code), the member's confirmation with their PIN, cancelling or
declining it, its expiry, and a deposit.

PIN and code checks run *before* the idempotent work and outside its transaction, so each wrong
try is counted even though the refused work changes nothing; the work itself is one transaction
(``market.service.idempotency.once``): the same key gives the first answer again. A confirmation
locks the withdrawal's row, so a double tap pays once and answers the same both times.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from market import db
from market import service as market
from market.errors import NotFound
from market.service import Actor, CoopStatus, MemberStatus, idempotency
from network.errors import AlreadyPending, CounterNotFound, IdentityNotChecked, NotPending, VisitorNotFound
from network.models import CounterTransaction, Kind, Status, Via
from network.schemas import CounterOut, DepositIn, VisitorOut, WithdrawalIn
from network.service import books, codes, moves
from network.service.common import (
    REQUEST_TTL_S,
    check_amount,
    load,
    require_counter,
    require_member,
    row_out,
    rows_out,
    status_of,
    utcnow,
)
from payments import service as payments
from payments.service import DEFAULT_RULES, WalletRules


async def find_visitor(counter_id: int, home_id: int, member_number: str, *, actor: Actor) -> VisitorOut:
    """An active member of an active network cooperative, by their member number, for this counter."""
    require_counter(actor, counter_id)
    if (await market.get_cooperative(counter_id)).status != CoopStatus.ACTIVE:
        raise NotFound("Koperasi tidak ditemukan")
    try:
        home = await market.get_cooperative(home_id)
    except NotFound:
        home = None
    number = (member_number or "").strip().lower()
    found = None
    if home is not None and home.status == CoopStatus.ACTIVE and number:
        matches = await market.list_members(home_id, q=number, limit=20)
        found = next((m for m in matches if m.member_number.lower() == number), None)
    if home is None or found is None or found.status != MemberStatus.ACTIVE:
        raise VisitorNotFound("Tidak ada anggota aktif dengan nomor itu di koperasi itu", field="member_number")
    out = market.member_out(found)
    return VisitorOut(
        member_id=out.id,
        member_number=out.member_number,
        name=out.name,
        nik_masked=out.nik_masked,
        cooperative_id=home.id,
        cooperative_name=home.name,
    )


async def _by_id(tx_id: int) -> CounterOut:
    return await row_out(await load(tx_id))


def _dump(out: CounterOut) -> dict:
    return {"id": out.id}


async def _new_row(kind: Kind, counter_id: int, visitor: VisitorOut, amount: int, actor: Actor, now: datetime):
    wallet = await payments.member_wallet(visitor.cooperative_id, visitor.member_id)
    return await CounterTransaction.create(
        kind=kind,
        status=Status.PENDING,
        counter_coop_id=counter_id,
        home_coop_id=visitor.cooperative_id,
        member_id=visitor.member_id,
        member_number=visitor.member_number,
        member_name=visitor.name[:200],
        wallet_id=wallet.id,
        amount=amount,
        cashier_user_id=actor.user_id,
        created_at=now,
        expires_at=now + timedelta(seconds=REQUEST_TTL_S if kind == Kind.WITHDRAWAL else 0),
    )


async def create_withdrawal(
    counter_id: int,
    data: WithdrawalIn,
    *,
    actor: Actor,
    idempotency_key: str | None = None,
    rules: WalletRules = DEFAULT_RULES,
    now: datetime | None = None,
) -> CounterOut:
    """A cash withdrawal at this counter: waiting for the member's phone, or paid now by code."""
    visitor = await find_visitor(counter_id, data.home_cooperative_id, data.member_number, actor=actor)
    code_id = None
    if data.code:
        if not data.identity_checked:
            raise IdentityNotChecked("Cocokkan KTP anggota dengan nama dan NIK di layar dulu", field="identity_checked")
        code_id = await codes.recognise(visitor.member_id, data.code, now=now)
    request = {"op": "network.withdrawal", "counter": counter_id, **data.model_dump()}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        lambda claim: _withdrawal(counter_id, visitor, data.amount, code_id, actor, rules, utcnow(now)),
        dump=_dump,
        load=lambda stored: _by_id(stored["id"]),
        status=201,
    )


async def _withdrawal(
    counter_id: int,
    visitor: VisitorOut,
    amount: int,
    code_id: int | None,
    actor: Actor,
    rules: WalletRules,
    now: datetime,
) -> CounterOut:
    check_amount(amount)
    async with db.transaction():
        await books.lock(visitor.cooperative_id, counter_id)
        if code_id is None and await CounterTransaction.exists(
            member_id=visitor.member_id, status=Status.PENDING, expires_at__gt=now
        ):
            raise AlreadyPending("Anggota ini masih punya permintaan tarik tunai yang menunggu konfirmasi")
        row = await _new_row(Kind.WITHDRAWAL, counter_id, visitor, amount, actor, now)
        await moves.check_daily(row, now, rules)
        await moves.check_wallet_holds(row.wallet_id, amount)
        await moves.check_till(counter_id, amount)
        if code_id is not None:
            row.member_user_id = await codes.claim(code_id, visitor.member_id, amount, row.id, now=now)
            await moves.pay(row, via=Via.CODE, now=now, rules=rules)
        return await row_out(row)


async def confirm_withdrawal(
    tx_id: int,
    pin: str,
    *,
    actor: Actor,
    idempotency_key: str | None = None,
    throttle=None,
    rules: WalletRules = DEFAULT_RULES,
    now: datetime | None = None,
) -> CounterOut:
    """The member confirms a withdrawal waiting at a counter, with their PIN: the money moves now.
    Confirming it again (a double tap) changes nothing and answers the same."""
    _, member_id = require_member(actor)
    row = await load(tx_id)
    if row.member_id != member_id or row.kind != Kind.WITHDRAWAL:
        raise CounterNotFound("Transaksi loket tidak ditemukan")
    await payments.check_pin(actor.user_id, pin, throttle=throttle)
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        {"op": "network.confirm", "id": tx_id},
        lambda claim: _confirm(tx_id, actor, rules, utcnow(now)),
        dump=_dump,
        load=lambda stored: _by_id(stored["id"]),
    )


async def _confirm(tx_id: int, actor: Actor, rules: WalletRules, now: datetime) -> CounterOut:
    async with db.transaction():
        row = await load(tx_id, lock=True)
        if row.status == Status.DONE:
            return await row_out(row)
        if status_of(row, now) != Status.PENDING:
            raise NotPending("Permintaan ini sudah dibatalkan atau kedaluwarsa; minta kasir membuat yang baru")
        row.member_user_id = actor.user_id
        await moves.pay(row, via=Via.PHONE, now=now, rules=rules)
        return await row_out(row)


async def _end(row: CounterTransaction, actor: Actor, now: datetime | None) -> CounterOut:
    now = utcnow(now)
    ended = await CounterTransaction.filter(id=row.id, status=Status.PENDING, expires_at__gt=now).update(
        status=Status.CANCELLED, ended_at=now, ended_by_user_id=actor.user_id
    )
    row = await load(row.id)
    if not ended and row.status != Status.CANCELLED:
        raise NotPending("Permintaan ini tidak lagi menunggu konfirmasi")
    return await row_out(row)


async def cancel_withdrawal(counter_id: int, tx_id: int, *, actor: Actor, now: datetime | None = None) -> CounterOut:
    """The cashier cancels a withdrawal still waiting (again: the same answer)."""
    require_counter(actor, counter_id)
    row = await load(tx_id)
    if row.counter_coop_id != counter_id or row.kind != Kind.WITHDRAWAL:
        raise CounterNotFound("Transaksi loket tidak ditemukan")
    return await _end(row, actor, now)


async def decline_withdrawal(tx_id: int, *, actor: Actor, now: datetime | None = None) -> CounterOut:
    """The member refuses a withdrawal someone started in their name."""
    _, member_id = require_member(actor)
    row = await load(tx_id)
    if row.member_id != member_id or row.kind != Kind.WITHDRAWAL:
        raise CounterNotFound("Transaksi loket tidak ditemukan")
    return await _end(row, actor, now)


async def expire_due(now: datetime | None = None) -> int:
    """Mark the withdrawals nobody confirmed in time expired (the periodic job); how many."""
    now = utcnow(now)
    return await CounterTransaction.filter(status=Status.PENDING, expires_at__lte=now).update(
        status=Status.EXPIRED, ended_at=now
    )


async def create_deposit(
    counter_id: int, data: DepositIn, *, actor: Actor, idempotency_key: str | None = None, now: datetime | None = None
) -> CounterOut:
    """Cash taken at this counter into a member's wallet: booked at once (money coming in needs no
    confirmation; the cashier matched the member's name and NIK with their KTP)."""
    visitor = await find_visitor(counter_id, data.home_cooperative_id, data.member_number, actor=actor)
    request = {"op": "network.deposit", "counter": counter_id, **data.model_dump()}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        lambda claim: _deposit(counter_id, visitor, data.amount, actor, utcnow(now)),
        dump=_dump,
        load=lambda stored: _by_id(stored["id"]),
        status=201,
    )


async def _deposit(counter_id: int, visitor: VisitorOut, amount: int, actor: Actor, now: datetime) -> CounterOut:
    check_amount(amount)
    async with db.transaction():
        await books.lock(visitor.cooperative_id, counter_id)
        row = await _new_row(Kind.DEPOSIT, counter_id, visitor, amount, actor, now)
        await moves.check_wallet_room(row.wallet_id, amount)
        await moves.pay(row, via=Via.COUNTER, now=now)
        return await row_out(row)


async def counter_transaction(counter_id: int, tx_id: int, *, actor: Actor) -> CounterOut:
    """A transaction of this counter, for its cashier (the status page polls it)."""
    require_counter(actor, counter_id)
    row = await load(tx_id)
    if row.counter_coop_id != counter_id:
        raise CounterNotFound("Transaksi loket tidak ditemukan")
    return await row_out(row)


async def member_transactions(actor: Actor, *, pending: bool = False, limit: int = 20) -> list[CounterOut]:
    """The member's own counter transactions, newest first (only those waiting, with *pending*)."""
    _, member_id = require_member(actor)
    query = CounterTransaction.filter(member_id=member_id)
    if pending:
        query = query.filter(status=Status.PENDING, expires_at__gt=utcnow())
    return await rows_out(await query.order_by("-id").limit(limit))
