"""Same key, same answer: a retried request gets the first answer again — a result or a refusal —
whatever happened in between and whatever the timing; the same key with another request, or from
another user, never borrows that answer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from market import service
from market.errors import DomainError, IdempotencyInProgress, IdempotencyKeyReused, InsufficientBalance, InvalidInput
from market.models import IdempotencyRecord, JournalEntry, Role
from market.schemas import SavingsMovementIn
from market.service import idempotency
from tests.builders import deposit, make_coop, make_member, make_user, token_for


def sukarela(amount: int) -> SavingsMovementIn:
    return SavingsMovementIn(kind="sukarela", amount=amount)


async def test_a_refused_withdrawal_stays_refused_after_a_deposit(db):
    # given a withdrawal refused for a too small balance
    coop = await make_coop()
    member = await make_member(coop.id)
    with pytest.raises(InsufficientBalance) as first:
        await service.withdraw(coop.id, member.id, sukarela(30_000), idempotency_key="tarik-1", actor_id=7)
    # when the member deposits enough and the withdrawal is retried with its key
    await deposit(coop.id, member.id, "sukarela", 100_000)
    with pytest.raises(InsufficientBalance) as again:
        await service.withdraw(coop.id, member.id, sukarela(30_000), idempotency_key="tarik-1", actor_id=7)
    # then the retry gets the first answer: the same refusal, nothing booked
    assert (
        again.value.code,
        again.value.status,
        again.value.title,
        again.value.detail,
        again.value.field,
        again.value.extra,
    ) == (
        first.value.code,
        first.value.status,
        first.value.title,
        first.value.detail,
        first.value.field,
        first.value.extra,
    )
    assert (await service.savings_of(coop.id, member.id)).sukarela == 100_000
    assert await JournalEntry.filter(description__startswith="Penarikan").count() == 0
    # and a new key is a new request
    after = await service.withdraw(coop.id, member.id, sukarela(30_000), idempotency_key="tarik-2", actor_id=7)
    assert after.sukarela == 70_000


async def test_a_replayed_success_is_the_first_answer_not_the_balance_now(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    first = await service.deposit(coop.id, member.id, sukarela(10_000), idempotency_key="k", actor_id=1)
    await deposit(coop.id, member.id, "sukarela", 5_000)
    again = await service.deposit(coop.id, member.id, sukarela(10_000), idempotency_key="k", actor_id=1)
    assert first == again and again.sukarela == 10_000
    assert (await service.savings_of(coop.id, member.id)).sukarela == 15_000


async def test_the_same_key_with_another_request_is_refused_and_books_nothing(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    await service.deposit(coop.id, member.id, sukarela(10_000), idempotency_key="k", actor_id=1)
    with pytest.raises(IdempotencyKeyReused) as refused:
        await service.deposit(coop.id, member.id, sukarela(20_000), idempotency_key="k", actor_id=1)
    with pytest.raises(IdempotencyKeyReused):  # another operation under the same key
        await service.withdraw(coop.id, member.id, sukarela(10_000), idempotency_key="k", actor_id=1)
    assert refused.value.status == 422 and refused.value.code == "market.idempotency_key_reused"
    assert (await service.savings_of(coop.id, member.id)).sukarela == 10_000


async def test_two_users_keys_never_meet(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    await service.deposit(coop.id, member.id, sukarela(10_000), idempotency_key="setoran-1", actor_id=1)
    await service.deposit(coop.id, member.id, sukarela(10_000), idempotency_key="setoran-1", actor_id=2)
    assert (await service.savings_of(coop.id, member.id)).sukarela == 20_000


async def test_an_unexpected_error_keeps_no_answer_so_a_retry_runs_again(db):
    calls = []

    async def work(claim):
        calls.append(claim)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return {"ok": len(calls)}

    with pytest.raises(RuntimeError):
        await idempotency.once("user:1", "k", {"op": "x"}, work, dump=dict, load=dict)
    assert await IdempotencyRecord.filter(key="k").count() == 0
    assert await idempotency.once("user:1", "k", {"op": "x"}, work, dump=dict, load=dict) == {"ok": 2}
    assert await idempotency.once("user:1", "k", {"op": "x"}, work, dump=dict, load=dict) == {"ok": 2}
    assert len(calls) == 2


async def test_concurrent_twins_of_a_deposit_book_once_and_answer_the_same(db, engine):
    """On PostgreSQL the twins race on separate pooled connections; on SQLite they queue."""
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "sukarela", 1_000)

    async def twin():
        try:
            return await service.deposit(coop.id, member.id, sukarela(10_000), idempotency_key="kembar", actor_id=3)
        except Exception as exc:
            return exc

    answers = await asyncio.gather(*(twin() for _ in range(12)))
    assert all(a == answers[0] for a in answers), answers
    assert answers[0].sukarela == 11_000
    assert (await service.savings_of(coop.id, member.id)).sukarela == 11_000
    assert await JournalEntry.filter(reference__startswith=f"savings:{coop.id}:").count() == 2


async def test_concurrent_twins_of_a_refused_withdrawal_all_get_the_refusal(db, engine):
    coop = await make_coop()
    member = await make_member(coop.id)

    async def twin(n):
        if n == 6:
            await deposit(coop.id, member.id, "sukarela", 500_000)  # racing the twins
        try:
            return await service.withdraw(coop.id, member.id, sukarela(30_000), idempotency_key="kembar", actor_id=3)
        except Exception as exc:
            return exc

    answers = list(await asyncio.gather(*(twin(n) for n in range(12))))
    kinds = {type(a).__name__ for a in answers}
    # whichever came first decided the answer for all of them
    assert len(kinds) == 1, answers
    booked = await JournalEntry.filter(description__startswith="Penarikan").count()
    assert booked == (0 if kinds == {"InsufficientBalance"} else 1)


# The API ----------------------------------------------------------------------------------


@pytest.fixture
async def desk(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    manager = await make_user(Role.MANAGER, coop.id)
    other = await make_user(Role.MANAGER, coop.id)
    base = f"/api/v1/cooperatives/{coop.id}/members/{member.id}/savings"
    return {
        "coop": coop,
        "member": member,
        "base": base,
        "manager": await token_for(manager),
        "other": await token_for(other),
    }


async def test_the_api_replays_a_refused_withdrawal_after_a_deposit(client, desk):
    headers = {**desk["manager"], "Idempotency-Key": "tarik-api-1"}
    body = {"kind": "sukarela", "amount": 25_000}
    first = await client.post(f"{desk['base']}/withdrawals", json=body, headers=headers)
    deposited = await client.post(
        f"{desk['base']}/deposits",
        json={"kind": "sukarela", "amount": 100_000},
        headers={**desk["manager"], "Idempotency-Key": "setor-api-1"},
    )
    again = await client.post(f"{desk['base']}/withdrawals", json=body, headers=headers)
    assert deposited.status_code == 201
    assert first.status_code == again.status_code == 409
    assert first.json() == again.json() and again.json()["code"] == "market.insufficient_balance"
    assert (await service.savings_of(desk["coop"].id, desk["member"].id)).sukarela == 100_000


async def test_the_api_refuses_a_key_reused_with_another_body(client, desk):
    headers = {**desk["manager"], "Idempotency-Key": "setor-api-2"}
    first = await client.post(f"{desk['base']}/deposits", json={"kind": "sukarela", "amount": 10_000}, headers=headers)
    other = await client.post(f"{desk['base']}/deposits", json={"kind": "sukarela", "amount": 99_000}, headers=headers)
    same = await client.post(f"{desk['base']}/deposits", json={"kind": "sukarela", "amount": 10_000}, headers=headers)
    assert first.status_code == 201 and same.status_code == 201 and same.json() == first.json()
    assert other.status_code == 422 and other.json()["code"] == "market.idempotency_key_reused"
    assert other.headers["content-type"].startswith("application/problem+json")
    # another manager's identical key is theirs
    theirs = await client.post(
        f"{desk['base']}/deposits",
        json={"kind": "sukarela", "amount": 10_000},
        headers={**desk["other"], "Idempotency-Key": "setor-api-2"},
    )
    assert theirs.status_code == 201 and theirs.json()["sukarela"] == 20_000


# Leased claims (work spanning a provider call), with the clock and the wait injected ----------


class Clock:
    def __init__(self):
        self.now = datetime(2025, 1, 1, tzinfo=UTC)

    def __call__(self):
        return self.now


async def test_a_twin_of_a_leased_claim_waits_for_the_first_answer(db):
    started, release = asyncio.Event(), asyncio.Event()
    calls = []

    async def slow(claim):
        calls.append(claim.id)
        started.set()
        await release.wait()
        return {"order": 42}

    async def no_sleep(_s):
        release.set()  # the first request finishes while its twin waits
        await asyncio.sleep(0)

    first = asyncio.create_task(idempotency.once_leased("user:1", "k", {"op": "x"}, slow, dump=dict, load=dict))
    await started.wait()
    twin = await idempotency.once_leased("user:1", "k", {"op": "x"}, slow, dump=dict, load=dict, sleep=no_sleep)
    assert twin == await first == {"order": 42}
    assert len(calls) == 1


async def test_a_twin_that_waited_its_whole_budget_answers_in_progress(db):
    clock = Clock()
    held = await IdempotencyRecord.create(
        scope="user:1",
        key="k",
        fingerprint=idempotency.fingerprint({"op": "x"}),
        locked_until=clock.now + timedelta(seconds=60),
    )

    async def advance(seconds):
        clock.now += timedelta(seconds=seconds)

    async def work(claim):
        raise AssertionError("the holder's lease is live: the twin must not run the work")

    with pytest.raises(IdempotencyInProgress) as busy:
        await idempotency.once_leased(
            "user:1", "k", {"op": "x"}, work, dump=dict, load=dict, clock=clock, sleep=advance, wait_s=5, lease_s=60
        )
    assert busy.value.status == 409 and busy.value.extra == {"retry_after_s": 1}
    assert clock.now >= datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=5)
    assert (await IdempotencyRecord.get(id=held.id)).state == "pending"


async def test_a_claim_whose_lease_ran_out_is_taken_over_once(db):
    clock = Clock()
    await IdempotencyRecord.create(
        scope="user:1",
        key="k",
        fingerprint=idempotency.fingerprint({"op": "x"}),
        locked_until=clock.now - timedelta(seconds=1),
    )  # its process died
    calls = []

    async def work(claim):
        calls.append(claim.id)
        return {"n": len(calls)}

    assert await idempotency.once_leased("user:1", "k", {"op": "x"}, work, dump=dict, load=dict, clock=clock) == {
        "n": 1
    }
    assert await idempotency.once_leased("user:1", "k", {"op": "x"}, work, dump=dict, load=dict, clock=clock) == {
        "n": 1
    }
    record = await IdempotencyRecord.get(key="k")
    assert (record.state, record.status_code, record.response) == ("done", 200, {"result": {"n": 1}})
    assert len(calls) == 1


async def test_a_leased_refusal_is_kept_but_a_provider_outage_is_not(db):
    class GatewayUnavailable(DomainError):
        code, status = "provider_unavailable", 503

    outcomes = [
        GatewayUnavailable("Xendit tidak menjawab"),
        InvalidInput("Alamat tidak lengkap", field="street"),
        {"never": "reached"},
    ]

    async def work(claim):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    run = lambda: idempotency.once_leased("user:1", "k", {"op": "x"}, work, dump=dict, load=dict)  # noqa: E731
    with pytest.raises(GatewayUnavailable):
        await run()  # 503: no answer kept, the claim is free again
    with pytest.raises(InvalidInput) as refused:
        await run()
    with pytest.raises(InvalidInput) as again:
        await run()
    assert (
        (again.value.detail, again.value.field)
        == (refused.value.detail, refused.value.field)
        == ("Alamat tidak lengkap", "street")
    )
    assert len(outcomes) == 1


async def test_a_key_longer_than_its_column_is_refused_before_anything_runs(db):
    async def work(claim):
        raise AssertionError("must not run")

    with pytest.raises(InvalidInput):
        await idempotency.once("user:1", "k" * 201, {"op": "x"}, work, dump=dict, load=dict)
    assert await IdempotencyRecord.all().count() == 0
