"""Savings: pokok once, wajib and pokok locked while active, sukarela never below zero."""

import asyncio

import pytest

from market import service
from market.errors import Conflict, InsufficientBalance, InvalidInput, SavingsLocked
from market.models import JournalEntry, MemberStatus
from market.schemas import MemberUpdate, SavingsMovementIn
from tests.builders import deposit, make_coop, make_member


async def test_deposits_credit_savings_and_debit_the_cooperatives_cash(db):
    coop = await make_coop(simpanan_pokok_amount=100_000)
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "pokok", 100_000)
    await deposit(coop.id, member.id, "wajib", 20_000)
    savings = await deposit(coop.id, member.id, "sukarela", 75_000)
    assert (savings.pokok, savings.wajib, savings.sukarela, savings.total) == (100_000, 20_000, 75_000, 195_000)
    cash = await service.coop_account(coop.id, "kas")
    assert service.natural_balance(cash) == 195_000


async def test_simpanan_pokok_is_paid_once_in_the_cooperatives_amount(db):
    coop = await make_coop(simpanan_pokok_amount=100_000)
    member = await make_member(coop.id)
    with pytest.raises(InvalidInput):
        await deposit(coop.id, member.id, "pokok", 50_000)
    await deposit(coop.id, member.id, "pokok", 100_000)
    with pytest.raises(Conflict):
        await deposit(coop.id, member.id, "pokok", 100_000)
    assert (await service.savings_of(coop.id, member.id)).pokok == 100_000


async def test_pokok_and_wajib_cannot_be_withdrawn_while_the_member_is_active(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "wajib", 20_000)
    with pytest.raises(SavingsLocked):
        await service.withdraw(coop.id, member.id, SavingsMovementIn(kind="wajib", amount=10_000))
    await service.update_member(coop.id, member.id, MemberUpdate(status=MemberStatus.EXITED))
    after = await service.withdraw(coop.id, member.id, SavingsMovementIn(kind="wajib", amount=20_000))
    assert after.wajib == 0


async def test_a_retried_deposit_with_the_same_idempotency_key_books_once(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    for _ in range(3):
        savings = await deposit(coop.id, member.id, "sukarela", 10_000, key="form-abc")
    assert savings.sukarela == 10_000
    assert await JournalEntry.filter(reference__startswith=f"savings:{coop.id}:").count() == 1


async def test_sukarela_withdrawal_beyond_the_balance_is_refused_and_changes_nothing(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "sukarela", 50_000)
    with pytest.raises(InsufficientBalance):
        await service.withdraw(coop.id, member.id, SavingsMovementIn(kind="sukarela", amount=50_001))
    assert (await service.savings_of(coop.id, member.id)).sukarela == 50_000


async def test_fifty_concurrent_withdrawals_end_exact_and_never_negative(db, engine):
    """On PostgreSQL the 50 race on the 25 pooled connections of the test process; on SQLite they queue."""
    # given 1,000,000 in sukarela and 50 withdrawals of 30,000 (only 33 can be paid)
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "sukarela", 1_000_000)

    async def withdraw(n: int) -> bool:
        try:
            await service.withdraw(
                coop.id, member.id, SavingsMovementIn(kind="sukarela", amount=30_000), idempotency_key=f"w{n}"
            )
            return True
        except InsufficientBalance:
            return False

    # when
    results = await asyncio.gather(*(withdraw(n) for n in range(50)))
    # then
    assert sum(results) == 33
    savings = await service.savings_of(coop.id, member.id)
    assert savings.sukarela == 1_000_000 - 33 * 30_000 == 10_000
    assert service.natural_balance(await service.coop_account(coop.id, "kas")) == 10_000
    assert (
        await JournalEntry.filter(
            reference__startswith=f"savings:{coop.id}:", description__startswith="Penarikan"
        ).count()
        == 33
    )
