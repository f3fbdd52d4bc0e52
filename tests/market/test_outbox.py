"""The outbox: an event commits with its change or not at all, and reaches each handler once."""

import pytest

from market import db as database
from market.models import OutboxDelivery, OutboxEvent
from market.service import dispatch_pending, publish, subscribe
from market.service.outbox import _handlers

seen: list[dict] = []


async def remember(payload: dict) -> None:
    seen.append(payload)


@pytest.fixture(autouse=True)
def handler():
    seen.clear()
    subscribe("test.happened", remember, name="test.remember")
    yield
    _handlers.pop("test.happened", None)


async def test_an_event_rolled_back_with_its_change_is_never_delivered(db):
    with pytest.raises(RuntimeError):
        async with database.transaction():
            await publish("test.happened", {"n": 1})
            raise RuntimeError("the change failed")
    assert await dispatch_pending() == 0
    assert seen == []


async def test_each_event_reaches_a_handler_once_even_when_dispatched_again(db):
    async with database.transaction():
        await publish("test.happened", {"n": 1})
        await publish("test.happened", {"n": 2})
    assert await dispatch_pending() == 2
    # a second dispatcher that read the events before they were marked done delivers nothing twice
    await OutboxEvent.all().update(dispatched_at=None)
    assert await dispatch_pending() == 2
    assert seen == [{"n": 1}, {"n": 2}]
    assert await OutboxDelivery.all().count() == 2


async def test_a_failing_handler_leaves_the_event_pending_for_a_retry(db):
    calls = []

    async def flaky(payload):
        calls.append(payload)
        if len(calls) == 1:
            raise ValueError("downstream down")

    subscribe("test.flaky", flaky, name="test.flaky")
    try:
        await publish("test.flaky", {"n": 7})
        assert await dispatch_pending() == 0
        event = await OutboxEvent.get(topic="test.flaky")
        assert event.dispatched_at is None and event.attempts == 1 and "downstream" in event.last_error
        assert await dispatch_pending() == 1
        assert len(calls) == 2 and await OutboxDelivery.filter(handler="test.flaky").count() == 1
    finally:
        _handlers.pop("test.flaky", None)
