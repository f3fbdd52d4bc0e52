"""A biller sandbox that speaks the Digiflazz buyer protocol over HTTP (reference §3–§8).

Mounted by the app under ``/sandbox/biller`` (the provider's paths beneath: ``/v1/transaction``…)
or run alone with ``market sandbox biller --port N``. It checks every ``sign``, keeps a deposit
balance, treats a repeated ``ref_id`` as a status check (never a second purchase), enforces the
one-check-per-minute throttle and the same-day pay rule (both configurable), and signs its
callbacks with ``X-Hub-Signature``.

Customer numbers decide the outcome (Digiflazz's documented test numbers behave as documented):

========================  ======================================================
last two digits           prepaid purchase / postpaid payment
========================  ======================================================
``20``–``99``             success at once (80 %)
``10``–``19``             pending, then success (10 %)
``05``–``09``             pending, then failure (5 %)
``00``–``04``             failure at once (5 %; postpaid ``00``: no bill at inquiry)
========================  ======================================================

PLN meter numbers ending ``999`` are unknown to ``/inquiry-pln``. Pending transactions settle
after ``pending_delay_s`` (or when ``settle`` / ``POST /_sandbox/settle`` is called, for tests),
and the sandbox then sends the callback.

Control endpoints for tests and demos live under ``/_sandbox/``: the transactions it recorded
(the witness that nothing was bought twice), settle, mode (``up``, ``down``: HTTP 503 without
processing, ``lost_response``: processed then HTTP 504, ``hang``: processed then no answer until
released) and product changes.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import ssl
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ppob import sandbox_data
from ppob.biller import callback_signature, sign

log = logging.getLogger(__name__)
JAKARTA = ZoneInfo("Asia/Jakarta")
# One TLS context for every callback client: building one per callback costs milliseconds of CPU.
TLS = ssl.create_default_context()

# Digiflazz's documented development numbers (reference §8).
PREPAID_TEST = {"087800001230": "success", "087800001232": "fail",
                "087800001233": "pending_success", "087800001234": "pending_fail"}
POSTPAID_TEST = {
    "pln": {"530000000001": "success", "530000000002": "success", "530000000003": "inquiry_fail",
            "530000000006": "fail", "630000000001": "pending_success", "630000000002": "pending_success",
            "630000000006": "pending_fail"},
    "pdam": {"1013226": "success", "1013227": "inquiry_fail", "1013230": "fail", "2013226": "pending_success",
             "2013230": "pending_fail"},
    "bpjs": {"8801234560001": "success", "8801234560002": "inquiry_fail", "8801234560005": "fail",
             "9801234560001": "pending_success", "9801234560005": "pending_fail"},
}


def script_for(customer_no: str, *, postpaid_sku: str | None = None) -> str:
    """success | pending_success | pending_fail | fail | inquiry_fail, from the customer number."""
    if postpaid_sku is not None and customer_no in POSTPAID_TEST.get(postpaid_sku, {}):
        return POSTPAID_TEST[postpaid_sku][customer_no]
    if postpaid_sku is None and customer_no in PREPAID_TEST:
        return PREPAID_TEST[customer_no]
    digits = "".join(c for c in customer_no if c.isdigit())
    tail = int(digits[-2:]) if len(digits) >= 2 else 50
    if postpaid_sku is not None and tail == 0:
        return "inquiry_fail"
    if tail >= 20:
        return "success"
    if tail >= 10:
        return "pending_success"
    if tail >= 5:
        return "pending_fail"
    return "fail"


def _digest_int(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


@dataclass
class SandboxConfig:
    username: str
    api_key: str
    callback_secret: str = ""
    callback_url: str | None = None  # the webhook configured in the member area
    deposit: int = 100_000_000
    pending_delay_s: float | None = 3.0  # None: pending waits for settle()
    status_throttle_s: float = 60.0  # one check of the same ref per minute (rc 85)
    price_list_throttle_s: float = 0.0  # Digiflazz: 300 s for the full list (rc 83)


@dataclass
class SandboxTxn:
    ref_id: str
    kind: str  # prepaid | postpaid
    sku: str
    customer_no: str
    price: int
    script: str
    status: str  # Inquiry | Pending | Sukses | Gagal
    rc: str
    message: str
    created_at: float
    business_date: str
    sn: str = ""
    cb_url: str | None = None
    last_check_at: float = 0.0
    checks: int = 0
    bill: dict[str, Any] = field(default_factory=dict)
    paid: bool = False

    def data(self, username_balance: int) -> dict[str, Any]:
        body = {
            "ref_id": self.ref_id, "customer_no": self.customer_no, "buyer_sku_code": self.sku,
            "message": self.message, "status": self.status, "rc": self.rc, "sn": self.sn,
            "buyer_last_saldo": username_balance, "price": self.price, "tele": "@sandbox", "wa": "080000000000",
        }
        if self.kind == "postpaid":
            body.update(self.bill)
            body["price"] = self.price
        return body


class BillerSandbox:
    def __init__(
        self,
        config: SandboxConfig,
        *,
        clock=time.time,
        callback_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.callback_transport = callback_transport
        self.deposit = config.deposit
        self.prepaid = {p["buyer_sku_code"]: p for p in sandbox_data.price_list()}
        self.postpaid = {p["buyer_sku_code"]: p for p in sandbox_data.postpaid_list()}
        self.transactions: dict[str, SandboxTxn] = {}
        self.purchases: list[str] = []  # ref_ids in the order they were bought (charged)
        self.callbacks_sent: list[dict[str, Any]] = []
        self.callback_failures: list[str] = []
        self.mode = "up"
        self.released = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()
        self._last_price_list = -1e18
        self.asgi = self._build()

    # Protocol helpers ----------------------------------------------------------------------

    def _signed(self, body: dict[str, Any], x: str) -> bool:
        expected = sign(self.config.username, self.config.api_key, x)
        return body.get("username") == self.config.username and hmac.compare_digest(str(body.get("sign", "")), expected)

    @staticmethod
    def _error(rc: str, message: str, **extra: Any) -> dict[str, Any]:
        return {"data": {"rc": rc, "message": message, "status": "Gagal", **extra}}

    def _today(self) -> str:
        return datetime.fromtimestamp(self.clock(), JAKARTA).date().isoformat()

    def _sn_for(self, txn: SandboxTxn) -> str:
        product = self.prepaid.get(txn.sku, {})
        if txn.kind == "prepaid" and product.get("brand") == "PLN":
            token = f"{_digest_int(txn.ref_id) % 10**20:020d}"
            name = sandbox_data.NAMES[_digest_int(txn.customer_no) % len(sandbox_data.NAMES)].replace(" ", "")
            tarif, daya, per_kwh = sandbox_data.SEGMENTS[_digest_int(txn.customer_no) % len(sandbox_data.SEGMENTS)]
            denom = int(txn.sku.removeprefix("pln")) * 1000
            tenths = denom * 10 // per_kwh
            kwh = f"{tenths // 10},{tenths % 10}"
            return f"{'-'.join(token[i:i + 4] for i in range(0, 20, 4))}/{name}/{tarif}/{daya}VA/{kwh}"
        if txn.kind == "postpaid":
            return f"{_digest_int('pay' + txn.ref_id) % 10**16:016d}"
        return f"{_digest_int(txn.ref_id) % 10**16:016d}"

    def _finish(self, txn: SandboxTxn, success: bool) -> None:
        if success:
            txn.status, txn.rc, txn.message, txn.sn = "Sukses", "00", "Transaksi Sukses", self._sn_for(txn)
        else:
            txn.status, txn.rc, txn.message, txn.sn = "Gagal", "02", "Transaksi Gagal", ""
            self.deposit += txn.price  # a failed purchase gives the deposit back

    def _start(self, txn: SandboxTxn) -> None:
        """Charge the deposit and move the transaction as its script says."""
        self.deposit -= txn.price
        self.purchases.append(txn.ref_id)
        if txn.script in ("success", "fail"):
            self._finish(txn, txn.script == "success")
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
            self._finish(txn, txn.script == "pending_success")
            done.append(txn)
        await asyncio.gather(*(self.send_callback(t) for t in done))
        return len(done)

    def pending_refs(self) -> list[str]:
        return [r for r, t in self.transactions.items() if t.status == "Pending"]

    async def send_callback(self, txn: SandboxTxn, *, secret: str | None = None) -> int | None:
        url = txn.cb_url or self.config.callback_url
        if not url:
            return None
        body = json.dumps({"data": txn.data(self.deposit)}).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Digiflazz-Event": "update",
            "X-Digiflazz-Delivery": str(uuid.uuid4()),
            "User-Agent": "Digiflazz-Pasca-Hookshot" if txn.kind == "postpaid" else "Digiflazz-Hookshot",
        }
        key = self.config.callback_secret if secret is None else secret
        if key:
            headers["X-Hub-Signature"] = callback_signature(key, body)
        try:
            async with httpx.AsyncClient(transport=self.callback_transport, timeout=10, verify=TLS) as client:
                response = await client.post(url, content=body, headers=headers)
            self.callbacks_sent.append({"ref_id": txn.ref_id, "status": txn.status, "http": response.status_code})
            return response.status_code
        except httpx.HTTPError as exc:
            self.callback_failures.append(f"{txn.ref_id}: {exc!r}")
            return None

    # Endpoints -------------------------------------------------------------------------------

    async def balance(self, body: dict[str, Any]) -> dict[str, Any]:
        if not self._signed(body, "depo"):
            return self._error("41", "Signature Anda salah")
        return {"data": {"deposit": self.deposit}}

    async def price_list(self, body: dict[str, Any]) -> dict[str, Any]:
        if not self._signed(body, "pricelist"):
            return self._error("41", "Signature Anda salah")
        now = self.clock()
        if now - self._last_price_list < self.config.price_list_throttle_s and not body.get("code"):
            return self._error("83", "Anda sudah mencapai limitasi pengecekan pricelist, mohon tunggu 5 menit")
        self._last_price_list = now
        items = list((self.postpaid if body.get("cmd") == "pasca" else self.prepaid).values())
        for name in ("code", "category", "brand", "type"):
            if body.get(name):
                wanted = str(body[name]).lower()
                key = "buyer_sku_code" if name == "code" else name
                items = [i for i in items if str(i.get(key, "")).lower() == wanted]
        return {"data": items}

    async def inquiry_pln(self, body: dict[str, Any]) -> dict[str, Any]:
        customer_no = str(body.get("customer_no", ""))
        if not self._signed(body, customer_no):
            return self._error("41", "Signature Anda salah")
        if not customer_no.isdigit() or len(customer_no) not in (11, 12):
            return self._error("57", "Jumlah digit nomor tujuan kurang atau lebih", customer_no=customer_no)
        if customer_no.endswith("999"):
            return self._error("54", "Nomor tujuan salah", customer_no=customer_no)
        n = _digest_int(customer_no)
        tarif, daya, _ = sandbox_data.SEGMENTS[n % len(sandbox_data.SEGMENTS)]
        return {"data": {
            "message": "Transaksi Sukses", "status": "Sukses", "rc": "00", "customer_no": customer_no,
            "meter_no": customer_no if len(customer_no) == 11 else f"{n % 10**11:011d}",
            "subscriber_id": customer_no if len(customer_no) == 12 else f"5{n % 10**11:011d}",
            "name": sandbox_data.NAMES[n % len(sandbox_data.NAMES)], "segment_power": f"{tarif} /{daya:09d}",
        }}

    async def transaction(self, body: dict[str, Any]) -> dict[str, Any]:
        ref_id = str(body.get("ref_id", ""))
        if not ref_id:
            return self._error("40", "Payload Error")
        if not self._signed(body, ref_id):
            return self._error("41", "Signature Anda salah", ref_id=ref_id)
        commands = body.get("commands")
        if commands == "inq-pasca":
            return self._inquiry(body)
        if commands == "pay-pasca":
            return self._pay(body)
        if commands == "status-pasca":
            return self._status_postpaid(body)
        if commands:
            return self._error("40", "Payload Error", ref_id=ref_id)
        return self._topup(body)

    def _same(self, txn: SandboxTxn, body: dict[str, Any]) -> bool:
        return txn.sku == body.get("buyer_sku_code") and txn.customer_no == str(body.get("customer_no", ""))

    def _throttled(self, txn: SandboxTxn) -> bool:
        now = self.clock()
        if now - max(txn.last_check_at, txn.created_at) < self.config.status_throttle_s:
            return True
        txn.last_check_at = now
        txn.checks += 1
        return False

    def _topup(self, body: dict[str, Any]) -> dict[str, Any]:
        ref_id, sku, customer_no = body["ref_id"], str(body.get("buyer_sku_code", "")), str(body.get("customer_no", ""))
        existing = self.transactions.get(ref_id)
        if existing is not None:
            if existing.kind != "prepaid" or not self._same(existing, body):
                return self._error("49", "Ref ID tidak unik", ref_id=ref_id)
            if existing.status == "Pending" and self._throttled(existing):
                return {"data": {**existing.data(self.deposit), "status": "Gagal", "rc": "85",
                                 "message": "Limitasi transaksi, coba 1 menit lagi"}}
            return {"data": existing.data(self.deposit)}
        product = self.prepaid.get(sku)
        if product is None or not (product["buyer_product_status"] and product["seller_product_status"]):
            return self._error("43", "SKU tidak di temukan atau Non-Aktif", ref_id=ref_id)
        digits = customer_no if body.get("allow_dot") else customer_no.replace(".", "")
        if not digits.isdigit():
            return self._error("54", "Nomor tujuan salah", ref_id=ref_id)
        price = int(product["price"])
        max_price = body.get("max_price")
        if isinstance(max_price, int) and not isinstance(max_price, bool) and 0 < max_price < price:
            return self._error("69", "Harga Seller lebih besar dari ketentuan harga Buyer", ref_id=ref_id)
        if self.deposit < price:
            return self._error("44", "Saldo tidak cukup", ref_id=ref_id)
        txn = SandboxTxn(
            ref_id=ref_id, kind="prepaid", sku=sku, customer_no=customer_no, price=price,
            script=script_for(customer_no), status="Pending", rc="03", message="Transaksi Pending",
            created_at=self.clock(), business_date=self._today(), cb_url=body.get("cb_url"),
        )
        self.transactions[ref_id] = txn
        self._start(txn)
        return {"data": txn.data(self.deposit)}

    def _bill(self, sku: str, customer_no: str) -> tuple[int, dict[str, Any]]:
        n = _digest_int(sku + customer_no)
        product = self.postpaid[sku]
        admin, commission = int(product["admin"]), int(product["commission"])
        period = datetime.fromtimestamp(self.clock(), JAKARTA).strftime("%Y%m")
        name = sandbox_data.NAMES[n % len(sandbox_data.NAMES)]
        if sku == "bpjs":
            people = 1 + n % 4
            amount = 35_000 * people
            desc = {"jumlah_peserta": str(people), "lembar_tagihan": 1, "alamat": "JAKARTA",
                    "detail": [{"periode": "01"}]}
            period = "01"
        elif sku == "pdam":
            amount = 30_000 + (n % 170) * 1_000
            desc = {"tarif": "R2", "lembar_tagihan": 1, "alamat": "JL. MERDEKA", "jatuh_tempo": "20",
                    "detail": [{"periode": period, "nilai_tagihan": str(amount), "denda": "0",
                                "meter_awal": "00001200", "meter_akhir": "00001221", "biaya_lain": "0"}]}
        else:
            amount = 50_000 + (n % 350) * 1_000
            desc = {"tarif": "R1", "daya": 1300, "lembar_tagihan": 1,
                    "detail": [{"periode": period, "nilai_tagihan": str(amount), "admin": str(admin),
                                "denda": "0", "meter_awal": "00012345", "meter_akhir": "00012512"}]}
        selling = amount + admin
        return selling - commission, {"customer_name": name, "admin": admin, "periode": period,
                                      "selling_price": selling, "desc": desc}

    def _inquiry(self, body: dict[str, Any]) -> dict[str, Any]:
        ref_id, sku, customer_no = body["ref_id"], str(body.get("buyer_sku_code", "")), str(body.get("customer_no", ""))
        if sku not in self.postpaid or not self.postpaid[sku]["buyer_product_status"]:
            return self._error("43", "SKU tidak di temukan atau Non-Aktif", ref_id=ref_id)
        existing = self.transactions.get(ref_id)
        if existing is not None and (existing.paid or not self._same(existing, body)):
            return self._error("49", "Ref ID tidak unik", ref_id=ref_id)
        if not customer_no.isdigit():
            return self._error("54", "Nomor tujuan salah", ref_id=ref_id)
        script = script_for(customer_no, postpaid_sku=sku)
        if script == "inquiry_fail":
            return {"data": {"ref_id": ref_id, "customer_no": customer_no, "buyer_sku_code": sku,
                             "status": "Gagal", "rc": "60", "message": "Tagihan belum tersedia"}}
        price, bill = self._bill(sku, customer_no)
        txn = SandboxTxn(
            ref_id=ref_id, kind="postpaid", sku=sku, customer_no=customer_no, price=price, script=script,
            status="Inquiry", rc="00", message="Transaksi Sukses", created_at=self.clock(),
            business_date=self._today(), bill=bill,
        )
        self.transactions[ref_id] = txn
        return {"data": {**txn.data(self.deposit), "status": "Sukses"}}

    def _pay(self, body: dict[str, Any]) -> dict[str, Any]:
        ref_id = body["ref_id"]
        txn = self.transactions.get(ref_id)
        if txn is None or txn.kind != "postpaid":
            return self._error("50", "Transaksi Tidak Ditemukan", ref_id=ref_id)
        if not self._same(txn, body):
            return self._error("49", "Ref ID tidak unik", ref_id=ref_id)
        if txn.paid:  # the same ref again: the existing payment, never a second one
            return {"data": txn.data(self.deposit)}
        if txn.business_date != self._today():
            return self._error("02", "Inquiry sudah kedaluwarsa, lakukan cek tagihan ulang", ref_id=ref_id)
        if self.deposit < txn.price:
            return self._error("44", "Saldo tidak cukup", ref_id=ref_id)
        txn.paid = True
        txn.cb_url = body.get("cb_url")
        txn.created_at = self.clock()
        self._start(txn)
        return {"data": txn.data(self.deposit)}

    def _status_postpaid(self, body: dict[str, Any]) -> dict[str, Any]:
        ref_id = body["ref_id"]
        txn = self.transactions.get(ref_id)
        if txn is None or not txn.paid:
            return self._error("50", "Data belum ada", ref_id=ref_id)
        if not self._same(txn, body):
            return self._error("49", "Ref ID tidak unik", ref_id=ref_id)
        if txn.status == "Pending" and self._throttled(txn):
            return {"data": {**txn.data(self.deposit), "status": "Gagal", "rc": "85",
                             "message": "Limitasi transaksi, coba 1 menit lagi"}}
        return {"data": txn.data(self.deposit)}

    async def deposit_ticket(self, body: dict[str, Any]) -> dict[str, Any]:
        if not self._signed(body, "deposit"):
            return self._error("41", "Signature Anda salah")
        amount = body.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 200_000:
            return self._error("64", "Tiket deposit gagal")
        unique = _digest_int(str(self.clock())) % 999 + 1
        bank = body.get("Bank") or body.get("bank") or "BCA"
        return {"data": {"rc": "00", "bank": bank, "payment_method": "Bank Transfer",
                         "account_no": "5425001234", "amount": amount + unique, "notes": uuid.uuid4().hex[:7].upper()}}

    # The ASGI app ------------------------------------------------------------------------------

    def _build(self) -> FastAPI:
        api = FastAPI(title="Biller sandbox (Digiflazz protocol)", docs_url=None, redoc_url=None, openapi_url=None)
        routes = {
            "/v1/cek-saldo": self.balance, "/v1/price-list": self.price_list, "/v1/deposit": self.deposit_ticket,
            "/v1/transaction": self.transaction, "/v1/inquiry-pln": self.inquiry_pln,
        }

        def endpoint(handler):
            async def run(request: Request):
                if self.mode == "down":
                    return JSONResponse({"message": "Service Unavailable"}, status_code=503)
                try:
                    body = json.loads(await request.body())
                    if not isinstance(body, dict):
                        raise ValueError
                except ValueError:
                    return JSONResponse(self._error("40", "Payload Error"))
                answer = await handler(body)
                if self.mode == "lost_response":
                    return JSONResponse({"message": "Gateway Timeout"}, status_code=504)
                if self.mode == "hang":
                    await self.released.wait()
                return JSONResponse(answer)

            return run

        for path, handler in routes.items():
            api.add_api_route(path, endpoint(handler), methods=["POST"])

        @api.get("/_sandbox/transactions")
        async def transactions():
            return {"deposit": self.deposit, "purchases": self.purchases,
                    "transactions": [{"ref_id": t.ref_id, "sku": t.sku, "customer_no": t.customer_no,
                                      "status": t.status, "rc": t.rc, "price": t.price, "sn": t.sn}
                                     for t in self.transactions.values()]}

        @api.post("/_sandbox/settle")
        async def settle(request: Request):
            body = await request.json() if await request.body() else {}
            return {"settled": await self.settle(body.get("ref_ids"))}

        @api.post("/_sandbox/mode")
        async def mode(request: Request):
            body = await request.json()
            self.set_mode(str(body.get("mode", "up")))
            return {"mode": self.mode}

        @api.post("/_sandbox/products/{sku}")
        async def product(sku: str, request: Request):
            body = await request.json()
            self.set_product(sku, price=body.get("price"), active=body.get("active"))
            return {"ok": True}

        return api

    def set_mode(self, mode: str) -> None:
        if mode not in ("up", "down", "lost_response", "hang"):
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
