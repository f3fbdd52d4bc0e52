"""The sandbox's memory and its moves: the deposit, the price lists, the transactions it
recorded and the purchases it charged; starting a purchase or payment as its script says,
settling pending ones (then the callback), the mode, and product changes."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from ppob.sandbox import account, app, callbacks, data, prepaid
from ppob.sandbox.protocol import SandboxConfig
from ppob.sandbox.scripts import SandboxTxn, serial_for

MODES = ("up", "down", "lost_response", "hang")


class BillerSandbox:
    def __init__(
        self, config: SandboxConfig, *, clock=time.time, callback_transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.config = config
        self.clock = clock
        self.callback_transport = callback_transport
        self.deposit = config.deposit
        self.prepaid = {p["buyer_sku_code"]: p for p in data.price_list()}
        self.postpaid = {p["buyer_sku_code"]: p for p in data.postpaid_list()}
        self.transactions: dict[str, SandboxTxn] = {}
        self.purchases: list[str] = []  # ref_ids in the order they were bought (charged)
        self.callbacks_sent: list[dict[str, Any]] = []
        self.callback_failures: list[str] = []
        self.mode = "up"
        self.released = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()
        self.last_price_list = -1e18  # when the price list was last served (its throttle)
        self.asgi = app.create_app(self)

    # Transactions ----------------------------------------------------------------------------

    def finish(self, txn: SandboxTxn, success: bool) -> None:
        if success:
            sn = serial_for(txn, self.prepaid.get(txn.sku, {}))
            txn.status, txn.rc, txn.message, txn.sn = "Sukses", "00", "Transaksi Sukses", sn
        else:
            txn.status, txn.rc, txn.message, txn.sn = "Gagal", "02", "Transaksi Gagal", ""
            self.deposit += txn.price  # a failed purchase gives the deposit back

    def start(self, txn: SandboxTxn) -> None:
        """Charge the deposit and move the transaction as its script says."""
        self.deposit -= txn.price
        self.purchases.append(txn.ref_id)
        if txn.script in ("success", "fail"):
            self.finish(txn, txn.script == "success")
            return
        txn.status, txn.rc, txn.message = "Pending", "03", "Transaksi Pending"
        if self.config.pending_delay_s is not None:
            task = asyncio.get_running_loop().create_task(self._settle_later(txn.ref_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _settle_later(self, ref_id: str) -> None:
        await asyncio.sleep(self.config.pending_delay_s or 0)
        await self.settle([ref_id])

    async def settle(self, ref_ids: list[str] | None = None) -> int:
        """Finish pending transactions by their script and send their callbacks."""
        done = []
        for ref_id in ref_ids if ref_ids is not None else list(self.transactions):
            txn = self.transactions.get(ref_id)
            if txn is None or txn.status != "Pending":
                continue
            self.finish(txn, txn.script == "pending_success")
            done.append(txn)
        await asyncio.gather(*(self.send_callback(t) for t in done))
        return len(done)

    def pending_refs(self) -> list[str]:
        return [r for r, t in self.transactions.items() if t.status == "Pending"]

    async def send_callback(self, txn: SandboxTxn, *, secret: str | None = None) -> int | None:
        return await callbacks.send(self, txn, secret=secret)

    # The provider's endpoints, as the routes call them ------------------------------------------

    async def balance(self, body: dict[str, Any]) -> dict[str, Any]:
        return await account.balance(self, body)

    async def price_list(self, body: dict[str, Any]) -> dict[str, Any]:
        return await account.price_list(self, body)

    async def deposit_ticket(self, body: dict[str, Any]) -> dict[str, Any]:
        return await account.deposit_ticket(self, body)

    async def inquiry_pln(self, body: dict[str, Any]) -> dict[str, Any]:
        return await prepaid.inquiry_pln(self, body)

    async def transaction(self, body: dict[str, Any]) -> dict[str, Any]:
        return await app.transaction(self, body)

    # Test controls -----------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(mode)
        self.mode = mode
        if mode == "hang":
            self.released.clear()
        else:
            self.released.set()

    def set_product(self, sku: str, *, price: int | None = None, active: bool | None = None) -> None:
        item = self.prepaid.get(sku) or self.postpaid.get(sku)
        if item is None:
            raise KeyError(sku)
        if price is not None:
            item["price"] = int(price)
        if active is not None:
            item["seller_product_status"] = bool(active)

    def remove_product(self, sku: str) -> None:
        self.prepaid.pop(sku, None)
        self.postpaid.pop(sku, None)

    def add_product(self, item: dict[str, Any]) -> None:
        (self.postpaid if item.get("category") == "Pascabayar" else self.prepaid)[item["buyer_sku_code"]] = item
