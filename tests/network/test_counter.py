"""Cash at any network counter: a member of A withdraws cash at B's counter (confirmed on their
phone with their PIN, or by a one-time code) and deposits cash there; every book — A's, B's and
the platform's — balances after each step, and their figures are exactly what the step says."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from market import service as market
from market.errors import InsufficientBalance, NotFound
from market.service import Role
from network import service as network
from network.errors import (
    AlreadyPending,
    CodeAmountExceeded,
    CodeExpired,
    CodeWrong,
    IdentityNotChecked,
    InvalidAmount,
    LimitReached,
    NotPending,
    TillShort,
    VisitorNotFound,
)
from network.schemas import DepositIn, WithdrawalIn
from payments import service as payments
from payments.errors import PinLocked, PinWrong
from tests.builders import make_coop
from tests.network.helpers import PIN, balanced, count, figures, network_pair_problems, someone, world


def _withdrawal(w, amount: int, **extra) -> WithdrawalIn:
    return WithdrawalIn(home_cooperative_id=w.home.id, member_number=w.member.member_number, amount=amount, **extra)


async def test_a_withdrawal_at_another_cooperatives_counter_balances_all_three_books_at_each_step(db):
    # given: A's member holds 300,000 in the wallet; A has 50,000 of its own at the platform; B's till 1,000,000
    w = await world(wallet=300_000, till=1_000_000, home_held=50_000)
    cashier, member = w.cashier, w.member_actor
    start = await figures(w)
    assert start["p_saldo_a"] == start["a_piutang_platform"] == 50_000 and start["b_kas"] == 1_000_000
    # when: B's cashier asks for 200,000
    pending = await network.create_withdrawal(
        w.counter.id, _withdrawal(w, 200_000), actor=cashier, idempotency_key="k1"
    )
    # then: nothing has moved yet
    assert pending.status == "pending" and pending.via is None
    assert await figures(w) == start
    await balanced()
    # when: the member confirms on their phone, twice (a double tap)
    done = await network.confirm_withdrawal(pending.id, PIN, actor=member, idempotency_key="tap")
    again = await network.confirm_withdrawal(pending.id, PIN, actor=member)
    assert done.status == again.status == "done" and done.via == "phone"
    # then: the wallet and B's till are 200,000 lower; B is owed 200,000 by the platform; A's own
    # 50,000 there pays part, the other 150,000 A owes the network — once
    after = await figures(w)
    assert after == {
        **start,
        "wallet": 100_000,
        "b_kas": 800_000,
        "b_piutang_platform": 200_000,
        "p_saldo_b": 200_000,
        "a_piutang_platform": 0,
        "p_saldo_a": 0,
        "a_utang_jaringan": 150_000,
        "p_piutang_a": 150_000,
    }
    await balanced()
    assert await count("journal_entry", "WHERE reference LIKE 'network:%' OR reference LIKE 'wallet:network:%'") == 2
    history = await payments.wallet_history(w.wallet_id, limit=1)
    assert history[0].amount == -200_000 and w.counter.name in history[0].description

    # when: the member pays 120,000 cash in at B's counter (no confirmation needed)
    deposit = await network.create_deposit(
        w.counter.id,
        DepositIn(home_cooperative_id=w.home.id, member_number=w.member.member_number, amount=120_000),
        actor=cashier,
        idempotency_key="d1",
    )
    assert deposit.status == "done" and deposit.via == "counter"
    # then: the wallet is 120,000 higher, B's till too; B is owed 120,000 less, A owes 120,000 less
    assert await figures(w) == {
        **after,
        "wallet": 220_000,
        "b_kas": 920_000,
        "b_piutang_platform": 80_000,
        "p_saldo_b": 80_000,
        "a_utang_jaringan": 30_000,
        "p_piutang_a": 30_000,
    }
    await balanced()
    # and each cooperative's position says so
    a_pos = await network.position(w.home.id, actor=someone(Role.MANAGER, w.home.id))
    b_pos = await network.position(w.counter.id, actor=cashier)
    assert (a_pos.members_withdrew_elsewhere, a_pos.members_deposited_elsewhere, a_pos.network_debt) == (
        200_000,
        120_000,
        30_000,
    )
    assert (a_pos.counter_net, a_pos.net, a_pos.settleable) == (-80_000, -30_000, 0)
    assert (b_pos.paid_out_for_others, b_pos.received_for_others, b_pos.counter_net) == (200_000, 120_000, 80_000)
    assert (b_pos.platform_balance, b_pos.settleable) == (80_000, 80_000)


async def test_a_withdrawal_the_wallet_cannot_cover_leaves_everything_as_it_was(db):
    w = await world(wallet=100_000)
    cashier, member = w.cashier, w.member_actor
    start = await figures(w)
    with pytest.raises(InsufficientBalance):
        await network.create_withdrawal(w.counter.id, _withdrawal(w, 150_000), actor=cashier, idempotency_key="big")
    with pytest.raises(InsufficientBalance):  # the same key: the same refusal, still nothing
        await network.create_withdrawal(w.counter.id, _withdrawal(w, 150_000), actor=cashier, idempotency_key="big")
    assert await count("network_counter_transaction") == 0
    # a request the wallet covered, emptied by another payment before the member confirms
    pending = await network.create_withdrawal(w.counter.id, _withdrawal(w, 80_000), actor=cashier)
    await payments.debit_wallet(
        w.wallet_id, 50_000, reference="test-spent", to_account=await market.coop_account(w.home.id, "kas")
    )
    entries = await count("journal_entry")
    with pytest.raises(InsufficientBalance):
        await network.confirm_withdrawal(pending.id, PIN, actor=member)
    assert await count("journal_entry") == entries
    assert (await network.counter_transaction(w.counter.id, pending.id, actor=cashier)).status == "pending"
    assert {**await figures(w), "wallet": 100_000} == start
    # a till without the cash, a second request while one waits, the per-request maximum
    with pytest.raises(AlreadyPending):
        await network.create_withdrawal(w.counter.id, _withdrawal(w, 20_000), actor=cashier)
    await network.cancel_withdrawal(w.counter.id, pending.id, actor=cashier)
    poor = await world(wallet=100_000, till=30_000, pin=False)
    with pytest.raises(TillShort):
        await network.create_withdrawal(poor.counter.id, _withdrawal(poor, 50_000), actor=poor.cashier)
    with pytest.raises(InvalidAmount):
        await network.create_withdrawal(w.counter.id, _withdrawal(w, network.MAX_IDR + 1), actor=cashier)
    assert await network_pair_problems() == []  # (the db fixture checks every book)


async def test_cancelled_expired_and_foreign_withdrawals_cannot_be_confirmed(db):
    w = await world()
    cashier, member = w.cashier, w.member_actor
    first = await network.create_withdrawal(w.counter.id, _withdrawal(w, 50_000), actor=cashier)
    cancelled = await network.cancel_withdrawal(w.counter.id, first.id, actor=cashier)
    assert cancelled.status == "cancelled"
    assert (await network.cancel_withdrawal(w.counter.id, first.id, actor=cashier)).status == "cancelled"
    with pytest.raises(NotPending):
        await network.confirm_withdrawal(first.id, PIN, actor=member)
    late = datetime.now(UTC) + timedelta(seconds=network.REQUEST_TTL_S + 1)
    second = await network.create_withdrawal(w.counter.id, _withdrawal(w, 50_000), actor=cashier)
    with pytest.raises(NotPending):
        await network.confirm_withdrawal(second.id, PIN, actor=member, now=late)
    assert await network.expire_due(now=late) == 1
    assert (await network.member_transactions(member))[0].status == "expired"
    # another cooperative's cashier, another member: not found
    third = await network.create_withdrawal(w.counter.id, _withdrawal(w, 50_000), actor=cashier)
    stranger = await world(pin=False)
    with pytest.raises(NotFound):
        await network.counter_transaction(w.counter.id, third.id, actor=stranger.cashier)
    with pytest.raises(NotFound):
        await network.confirm_withdrawal(third.id, PIN, actor=stranger.member_actor)
    with pytest.raises(NotFound):
        await network.position(w.counter.id, actor=stranger.cashier)
    with pytest.raises(VisitorNotFound):
        await network.find_visitor(w.counter.id, w.home.id, "TIDAK-ADA", actor=cashier)
    assert await figures(w) == await figures(w) and await payments.wallet_balance(w.wallet_id) == 300_000
    assert await network_pair_problems() == []  # (the db fixture checks every book)


async def test_wrong_pins_count_and_lock_the_confirmation(db):
    w = await world()
    cashier, member = w.cashier, w.member_actor
    pending = await network.create_withdrawal(w.counter.id, _withdrawal(w, 50_000), actor=cashier)
    for _ in range(4):
        with pytest.raises(PinWrong):
            await network.confirm_withdrawal(pending.id, "000000", actor=member)
    with pytest.raises(PinLocked):
        await network.confirm_withdrawal(pending.id, "000000", actor=member)
    with pytest.raises(PinLocked):  # locked even for the right PIN
        await network.confirm_withdrawal(pending.id, PIN, actor=member)
    assert await payments.wallet_balance(w.wallet_id) == 300_000
    assert await network_pair_problems() == []  # (the db fixture checks every book)


async def test_a_one_time_code_pays_once_within_its_amount_and_its_day(db):
    w = await world(wallet=500_000)
    cashier, member = w.cashier, w.member_actor
    with pytest.raises(PinWrong):
        await network.make_code(member, "111111", 200_000)
    made = await network.make_code(member, PIN, 200_000)
    assert len(made.code) == 6 and made.code.isdigit()
    assert await count("network_counter_code", "WHERE code_hash LIKE ?", f"%{made.code}%") == 0
    start = await figures(w)
    # the KTP must be checked; a code that allows less; a wrong code (counted)
    with pytest.raises(IdentityNotChecked):
        await network.create_withdrawal(w.counter.id, _withdrawal(w, 150_000, code=made.code), actor=cashier)
    with pytest.raises(CodeAmountExceeded):
        await network.create_withdrawal(
            w.counter.id, _withdrawal(w, 250_000, code=made.code, identity_checked=True), actor=cashier
        )
    wrong = "000000" if made.code != "000000" else "111111"
    with pytest.raises(CodeWrong) as refused:
        await network.create_withdrawal(
            w.counter.id, _withdrawal(w, 150_000, code=wrong, identity_checked=True), actor=cashier
        )
    assert refused.value.extra["attempts_left"] == 4
    assert await figures(w) == start and await count("network_counter_transaction") == 0
    # the right code pays at once, under its key once; the code is then spent
    data = _withdrawal(w, 150_000, code=made.code, identity_checked=True)
    paid = await network.create_withdrawal(w.counter.id, data, actor=cashier, idempotency_key="c1")
    replay = await network.create_withdrawal(w.counter.id, data, actor=cashier, idempotency_key="c1")
    assert paid.status == "done" and paid.via == "code" and replay.id == paid.id
    assert (await figures(w))["wallet"] == 350_000 and (await figures(w))["b_kas"] == start["b_kas"] - 150_000
    with pytest.raises(CodeExpired):
        await network.create_withdrawal(w.counter.id, data, actor=cashier, idempotency_key="c2")
    # a new code past its day
    later = await network.make_code(member, PIN, 100_000)
    tomorrow = datetime.now(UTC) + timedelta(seconds=network.CODE_TTL_S + 60)
    with pytest.raises(CodeExpired):
        await network.create_withdrawal(
            w.counter.id, _withdrawal(w, 50_000, code=later.code, identity_checked=True), actor=cashier, now=tomorrow
        )
    assert (await figures(w))["wallet"] == 350_000
    assert await network_pair_problems() == []  # (the db fixture checks every book)


async def test_five_wrong_codes_void_the_members_code(db):
    w = await world()
    cashier, member = w.cashier, w.member_actor
    made = await network.make_code(member, PIN, 100_000)
    wrong = [c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c != made.code][:5]
    for n, code in enumerate(wrong):
        with pytest.raises(CodeWrong) as refused:
            await network.create_withdrawal(
                w.counter.id, _withdrawal(w, 50_000, code=code, identity_checked=True), actor=cashier
            )
        assert refused.value.extra["attempts_left"] == 4 - n
    assert await network.active_code(w.member.id) is None
    with pytest.raises(CodeExpired):
        await network.create_withdrawal(
            w.counter.id, _withdrawal(w, 50_000, code=made.code, identity_checked=True), actor=cashier
        )
    assert await network_pair_problems() == []  # (the db fixture checks every book)


async def test_daily_limit_and_the_wallet_cap(db):
    w = await world(wallet=15_000_000, till=20_000_000)
    cashier, member = w.cashier, w.member_actor
    for _ in range(2):
        tx = await network.create_withdrawal(w.counter.id, _withdrawal(w, network.MAX_IDR), actor=cashier)
        await network.confirm_withdrawal(tx.id, PIN, actor=member)
    with pytest.raises(LimitReached):
        await network.create_withdrawal(w.counter.id, _withdrawal(w, 10_000), actor=cashier)
    near_cap = await world(wallet=payments.TOPUP_MAX_IDR - 5_000, pin=False)
    with pytest.raises(LimitReached):
        await network.create_deposit(
            near_cap.counter.id,
            DepositIn(home_cooperative_id=near_cap.home.id, member_number=near_cap.member.member_number, amount=10_000),
            actor=near_cap.cashier,
        )
    other = await make_coop()
    with pytest.raises(NotFound):  # a counter is its own cooperative's
        await network.create_deposit(
            other.id,
            DepositIn(home_cooperative_id=w.home.id, member_number=w.member.member_number, amount=10_000),
            actor=cashier,
        )
    assert await network_pair_problems() == []  # (the db fixture checks every book)


async def test_two_taps_at_once_pay_once(db):
    """PostgreSQL (SQLite runs one writer at a time): both confirmations pass the PIN, the row lock
    lets one pay, the other answers the same finished withdrawal."""
    if db != "postgres":
        pytest.skip("a race needs two writers at once")
    w = await world()
    pending = await network.create_withdrawal(w.counter.id, _withdrawal(w, 60_000), actor=w.cashier)
    first, second = await asyncio.gather(
        network.confirm_withdrawal(pending.id, PIN, actor=w.member_actor),
        network.confirm_withdrawal(pending.id, PIN, actor=w.member_actor),
    )
    assert first.status == second.status == "done"
    assert await payments.wallet_balance(w.wallet_id) == 240_000
    assert await count("journal_entry", "WHERE reference = ?", f"network:{pending.id}") == 1
    await balanced()
