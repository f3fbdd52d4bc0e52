"""The ledger: balanced entries, idempotent references, balances equal to their postings."""

import asyncio
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from market import db
from market.errors import InsufficientBalance, InvalidInput, UnbalancedEntry
from market.models import AccountType, JournalEntry, Posting
from market.service import books_problems, credit, debit, get_or_create_account, post_entry, trial_balance
from tests.builders import make_coop


async def test_posting_the_same_reference_twice_returns_the_first_entry(db):
    # given
    coop = await make_coop()
    cash = await get_or_create_account("kas", "Kas", AccountType.ASSET, cooperative_id=coop.id)
    income = await get_or_create_account("pendapatan", "Pendapatan", AccountType.INCOME, cooperative_id=coop.id)
    # when
    first, created = await post_entry("sale:1", [debit(cash, 5000), credit(income, 5000)])
    again, created_again = await post_entry("sale:1", [debit(cash, 9999), credit(income, 9999)])
    # then
    assert created and not created_again
    assert again.id == first.id
    assert await Posting.filter(entry_id=first.id).count() == 2
    rows = {r.code: r for r in await trial_balance(coop.id)}
    assert rows["kas"].debit == 5000 and rows["pendapatan"].credit == 5000


async def test_an_unbalanced_entry_is_refused_and_nothing_is_written(db):
    coop = await make_coop()
    cash = await get_or_create_account("kas", "Kas", AccountType.ASSET, cooperative_id=coop.id)
    income = await get_or_create_account("pendapatan", "Pendapatan", AccountType.INCOME, cooperative_id=coop.id)
    with pytest.raises(UnbalancedEntry):
        await post_entry("bad:1", [debit(cash, 5000), credit(income, 4999)])
    assert not await JournalEntry.exists(reference="bad:1")


async def test_a_non_negative_account_refuses_and_the_whole_entry_rolls_back(db):
    coop = await make_coop()
    cash = await get_or_create_account("kas2", "Kas", AccountType.ASSET, cooperative_id=coop.id, allow_negative=False)
    savings = await get_or_create_account(
        "tab", "Tabungan", AccountType.LIABILITY, cooperative_id=coop.id, allow_negative=False
    )
    await post_entry("in", [debit(cash, 1000), credit(savings, 1000)])
    with pytest.raises(InsufficientBalance):
        await post_entry("out", [debit(savings, 1500), credit(cash, 1500)])
    assert not await JournalEntry.exists(reference="out")
    await cash.refresh_from_db()
    await savings.refresh_from_db()
    assert (cash.balance, savings.balance) == (1000, -1000)


ACCOUNT_SPECS = [
    ("kas", AccountType.ASSET, False),
    ("bank", AccountType.ASSET, True),
    ("simpanan", AccountType.LIABILITY, False),
    ("modal", AccountType.EQUITY, True),
    ("pendapatan", AccountType.INCOME, True),
    ("beban", AccountType.EXPENSE, True),
]
legs_strategy = st.lists(
    st.tuples(st.integers(0, len(ACCOUNT_SPECS) - 1), st.integers(-50_000, 50_000)), min_size=1, max_size=4
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    entries=st.lists(
        st.tuples(legs_strategy, st.integers(0, len(ACCOUNT_SPECS) - 1), st.booleans()), min_size=1, max_size=25
    )
)
def test_random_postings_keep_every_entry_balanced_and_every_balance_equal_to_its_postings(
    entries, engine, migrated, tmp_path
):
    """Each example runs on a fresh database; the model in Python predicts every balance."""

    async def run():
        if engine == "sqlite":
            path = tmp_path / "prop.db"
            shutil.copyfile(migrated["sqlite"], path)
            url = f"sqlite://{path}"
        else:
            url = migrated["postgres"]
        await db.init(db.tortoise_config(url, pool_size=4))
        try:
            if engine == "postgres":
                from tests.conftest import _truncate_all

                await _truncate_all()
            accounts = [
                await get_or_create_account(code, code, kind, allow_negative=neg) for code, kind, neg in ACCOUNT_SPECS
            ]
            sign = {a.id: (1 if a.type in (AccountType.ASSET, AccountType.EXPENSE) else -1) for a in accounts}
            expected = {a.id: 0 for a in accounts}
            for n, (legs, balancing, repeat) in enumerate(entries):
                built = [debit(accounts[i], amount) for i, amount in legs]
                built.append(debit(accounts[balancing], -sum(amount for _, amount in legs)))
                trial = dict(expected)
                for leg in built:
                    trial[leg.account.id] += leg.amount
                if trial == expected:  # every account nets to zero: nothing to post
                    with pytest.raises(InvalidInput):
                        await post_entry(f"e{n}", built)
                    continue
                would_go_negative = any(not a.allow_negative and trial[a.id] * sign[a.id] < 0 for a in accounts)
                try:
                    await post_entry(f"e{n}", built)
                    assert not would_go_negative
                    expected = trial
                except InsufficientBalance:
                    assert would_go_negative
                if repeat:  # a retried post changes nothing
                    try:
                        await post_entry(f"e{n}", built)
                    except InsufficientBalance:
                        assert would_go_negative
            assert await books_problems() == []
            for account in accounts:
                await account.refresh_from_db()
                assert account.balance == expected[account.id]
        finally:
            await db.close()

    asyncio.run(run())
