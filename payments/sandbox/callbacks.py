"""Callback delivery: each state change becomes a ``Delivery`` posted to the callback URL with
``x-callback-token``, retried on non-2xx on the (scaled-down) provider schedule, or held,
dropped or doubled as the test controls ask."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from payments.sandbox.protocol import BUSINESS_ID, TLS, now_iso


@dataclass
class Delivery:
    id: int
    kind: str  # invoice, refund, payout
    object_id: str
    status: str
    payload: dict[str, Any]
    state: str = "pending"  # pending, held, delivering, delivered, failed, dropped
    attempts: list[int] = field(default_factory=list)  # HTTP status per attempt (0 = no answer)

    def out(self) -> dict[str, Any]:
        """As the test controls show it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "object_id": self.object_id,
            "status": self.status,
            "state": self.state,
            "attempts": self.attempts,
            "payload": self.payload,
        }


class Courier:
    """The delivery half of ``SandboxState`` (which holds these fields)."""

    callback_url: str | None
    callback_token: str
    retry_delays: tuple[float, ...]
    callback_transport: httpx.AsyncBaseTransport | None
    default_mode: str
    deliveries: dict[int, Delivery]
    _ids: itertools.count
    _tasks: set[asyncio.Task]

    def emit(self, kind: str, object_id: str, status: str, payload: dict[str, Any], mode: str | None) -> Delivery:
        mode = mode or self.default_mode
        delivery = Delivery(next(self._ids), kind, object_id, status, payload)
        self.deliveries[delivery.id] = delivery
        if mode == "drop":
            delivery.state = "dropped"
        elif mode == "hold":
            delivery.state = "held"
        else:
            self.start(delivery)
            if mode == "twice":
                self.start(delivery)
        return delivery

    def start(self, delivery: Delivery) -> None:
        delivery.state = "delivering"
        task = asyncio.get_running_loop().create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, delivery: Delivery) -> None:
        if not self.callback_url:
            delivery.state = "failed"
            return
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        headers = {
            "content-type": "application/json",
            "x-callback-token": self.callback_token,
            "webhook-id": f"wh-{delivery.id}",
        }
        async with httpx.AsyncClient(transport=self.callback_transport, timeout=30, verify=TLS) as client:
            for delay in (0.0, *self.retry_delays):
                if delay:
                    await asyncio.sleep(delay)
                try:
                    response = await client.post(self.callback_url, content=body, headers=headers)
                    delivery.attempts.append(response.status_code)
                    if 200 <= response.status_code < 300:
                        delivery.state = "delivered"
                        return
                except httpx.HTTPError:
                    delivery.attempts.append(0)
        delivery.state = "failed"

    async def drain(self) -> None:
        """Wait until no delivery is in flight (retries included)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def envelope(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"event": event, "business_id": BUSINESS_ID, "created": now_iso(), "data": data}
