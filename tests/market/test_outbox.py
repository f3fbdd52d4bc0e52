"""The outbox: an event commits with its change or not at all, and reaches each handler once."""

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from market import db as database
from market.models import OutboxDelivery, OutboxEvent, ThrottleCounter
from market.service import count_failed_events, dispatch_pending, failed_events, publish, retry_event, subscribe
from market.service.outbox import BACKOFF_BASE_S, BACKOFF_CAP_S, MAX_ATTEMPTS, _handlers, backoff
from tests.events import Broken, Clash, Flaky, Happened, Recovers

seen: list[dict] = []


async def remember(event: Happened) -> None:
    assert isinstance(event, Happened)  # the handler receives the typed event, not the stored JSON
    seen.append(event.payload())


@pytest.fixture(autouse=True)
def handler():
    seen.clear()
    subscribe(Happened, remember, name="test.remember")
    yield
    _handlers.pop(Happened.topic(), None)


async def test_an_event_rolled_back_with_its_change_is_never_delivered(db):
    with pytest.raises(RuntimeError):
        async with database.transaction():
            await publish(Happened(n=1))
            raise RuntimeError("the change failed")
    assert await dispatch_pending() == 0
    assert seen == []


async def test_each_event_reaches_a_handler_once_even_when_dispatched_again(db):
    async with database.transaction():
        await publish(Happened(n=1))
        await publish(Happened(n=2))
    assert await dispatch_pending() == 2
    # a second dispatcher that read the events before they were marked done delivers nothing twice
    await OutboxEvent.all().update(dispatched_at=None)
    assert await dispatch_pending() == 2
    assert seen == [{"n": 1}, {"n": 2}]
    assert await OutboxDelivery.all().count() == 2


async def test_a_failing_handler_leaves_the_event_pending_for_a_retry_after_its_backoff(db):
    calls = []

    async def flaky(payload):
        calls.append(payload)
        if len(calls) == 1:
            raise ValueError("downstream down")

    subscribe(Flaky, flaky, name="test.flaky")
    try:
        t0 = datetime.now(UTC)
        await publish(Flaky(n=7))
        assert await dispatch_pending(now=t0) == 0
        event = await OutboxEvent.get(topic="test.flaky.v1")
        assert event.dispatched_at is None and event.attempts == 1 and "downstream" in event.last_error
        assert event.next_attempt_at == t0 + backoff(1)
        # not on the next poll: only once its next attempt time has come
        assert await dispatch_pending(now=t0 + backoff(1) - timedelta(milliseconds=1)) == 0
        assert len(calls) == 1
        assert await dispatch_pending(now=t0 + backoff(1)) == 1
        assert len(calls) == 2 and await OutboxDelivery.filter(handler="test.flaky").count() == 1
    finally:
        _handlers.pop(Flaky.topic(), None)


def test_the_backoff_doubles_up_to_its_cap():
    waits = [backoff(n).total_seconds() for n in range(1, MAX_ATTEMPTS + 1)]
    assert waits[:4] == [BACKOFF_BASE_S, 2 * BACKOFF_BASE_S, 4 * BACKOFF_BASE_S, 8 * BACKOFF_BASE_S]
    assert waits == sorted(waits) and max(waits) == BACKOFF_CAP_S


async def test_an_integrity_error_inside_a_handler_is_a_failure_not_a_delivery(db):
    # given a handler whose own work hits a unique constraint the first time
    calls = []

    async def clashing(payload):
        calls.append(payload)
        await OutboxEvent.create(topic="test.work", payload={"by": "handler"})  # the handler's own work
        await ThrottleCounter.create(key=f"uji:{len(calls)}", expires_at=datetime.now(UTC))
        if len(calls) == 1:
            await ThrottleCounter.create(key="uji:1", expires_at=datetime.now(UTC))  # IntegrityError

    subscribe(Clash, clashing, name="test.clash")
    try:
        event = await publish(Clash())
        t0 = datetime.now(UTC)
        # when it is dispatched
        assert await dispatch_pending(now=t0) == 0
        # then the event is not marked delivered: no delivery row, its work rolled back, the error kept
        event = await OutboxEvent.get(id=event.id)
        assert event.dispatched_at is None and event.attempts == 1
        assert "IntegrityError" in event.last_error and "test.clash" in event.last_error
        assert await OutboxDelivery.filter(event_id=event.id).count() == 0
        assert await OutboxEvent.filter(topic="test.work").count() == 0
        # and it is retried after its backoff, and then delivered once
        assert await dispatch_pending(now=t0 + backoff(1)) == 1
        assert len(calls) == 2
        assert await OutboxDelivery.filter(event_id=event.id, handler="test.clash").count() == 1
        assert await OutboxEvent.filter(topic="test.work").count() == 1
    finally:
        _handlers.pop(Clash.topic(), None)


async def test_a_delivery_row_already_there_means_delivered_by_another_dispatcher(db):
    # given another dispatcher committed this handler's delivery (its crash kept the event undone)
    event = await publish(Happened(n=3))
    await OutboxDelivery.create(event_id=event.id, handler="test.remember")
    # when we dispatch, the delivery row's own conflict tells us so
    assert await dispatch_pending() == 1
    # then the handler did not run again and the event is done
    assert seen == []
    assert (await OutboxEvent.get(id=event.id)).dispatched_at is not None
    assert await OutboxDelivery.filter(event_id=event.id).count() == 1


async def test_an_event_failing_every_attempt_is_marked_failed_and_shown_to_the_operator(db):
    async def broken(payload):
        raise RuntimeError("biller down for NIK 3201014507850001")

    subscribe(Broken, broken, name="test.broken")
    try:
        event = await publish(Broken())
        clock = datetime.now(UTC)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            assert await dispatch_pending(now=clock) == 0
            row = await OutboxEvent.get(id=event.id)
            assert row.attempts == attempt
            assert (row.failed_at is not None) == (attempt == MAX_ATTEMPTS)
            clock = row.next_attempt_at
        # then no later dispatch tries it again, however late
        assert await dispatch_pending(now=clock + timedelta(days=365)) == 0
        assert (await OutboxEvent.get(id=event.id)).attempts == MAX_ATTEMPTS
        # and the operator sees it, the NIK masked
        failed = await failed_events()
        assert [(f.id, f.topic, f.attempts) for f in failed] == [(event.id, "test.broken.v1", MAX_ATTEMPTS)]
        assert "biller down" in failed[0].last_error and "3201014507850001" not in failed[0].last_error
        assert await count_failed_events() == 1
        # a retry by the operator gives it one more attempt; failing again puts it back on the list
        await retry_event(event.id)
        assert await failed_events() == []
        assert await dispatch_pending(now=clock + timedelta(days=365)) == 0
        assert [f.attempts for f in await failed_events()] == [MAX_ATTEMPTS + 1]
    finally:
        _handlers.pop(Broken.topic(), None)


async def test_an_operator_retry_of_a_failed_event_that_now_works_delivers_it(db):
    state = {"ok": False}

    async def recovers(payload):
        if not state["ok"]:
            raise RuntimeError("still down")

    subscribe(Recovers, recovers, name="test.recovers")
    try:
        event = await publish(Recovers())
        await OutboxEvent.filter(id=event.id).update(attempts=MAX_ATTEMPTS - 1)
        assert await dispatch_pending() == 0
        assert [f.id for f in await failed_events()] == [event.id]
        state["ok"] = True
        await retry_event(event.id)
        assert await dispatch_pending() == 1
        assert await failed_events() == []
        assert (await OutboxEvent.get(id=event.id)).dispatched_at is not None
    finally:
        _handlers.pop(Recovers.topic(), None)


async def test_a_row_of_an_unknown_event_version_fails_loudly_and_waits_for_the_operator(db, caplog):
    # given rows no event class claims: a future version, an old unversioned topic, a wrong shape
    future = await OutboxEvent.create(topic="test.happened.v2", payload={"n": 1})
    unversioned = await OutboxEvent.create(topic="test.happened", payload={"n": 1})
    misshapen = await OutboxEvent.create(topic="test.happened.v1", payload={"count": "x"})
    # when dispatched
    assert await dispatch_pending() == 0
    # then no handler saw them, none is marked delivered, each failed for good with the reason
    assert seen == []
    for row_id, reason in (
        (future.id, "unknown name or version"),
        (unversioned.id, "unknown name or version"),
        (misshapen.id, "does not fit"),
    ):
        row = await OutboxEvent.get(id=row_id)
        assert row.dispatched_at is None and row.failed_at is not None, row_id
        assert reason in row.last_error, row.last_error
    assert {f.id for f in await failed_events()} == {future.id, unversioned.id, misshapen.id}
    assert "refused" in caplog.text


def test_publish_and_subscribe_take_declared_event_classes_only():
    with pytest.raises(TypeError):
        subscribe("test.happened", remember)  # a bare topic string is refused
    assert Happened.topic() == "test.happened.v1"
    assert Happened(n=4).payload() == {"n": 4}
    with pytest.raises(dataclasses.FrozenInstanceError):  # an event never changes after it is made
        Happened(n=4).n = 5  # type: ignore[misc]
