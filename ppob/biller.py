"""The ``Biller`` port and its production adapter for the Digiflazz host-to-host protocol.

Wire protocol: ``shared/reference/ppob-biller.md``. Every call is a JSON ``POST``; the body
carries ``username`` and ``sign = md5(username + api_key + X)`` (X per call, §2); every answer is
``{"data": ...}`` with a ``status`` (Sukses/Pending/Gagal) refined by an ``rc``. Our ``ref_id`` is
the idempotency key: re-sending a purchase with the same ``ref_id`` is the status check and never
buys twice. Callbacks carry ``X-Hub-Signature: sha1=<hmac-sha1(secret, raw body)>``.

The adapter never decides business outcomes; it normalises answers into ``BillerResult``
(SUCCESS / PENDING / FAILED / RETRY) and raises ``BillerUnavailable`` when it does not know what
happened (network error, timeout, 5xx, garbled body) so the caller keeps the transaction pending.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import httpx

from market import db
from ppob.errors import BillerRejected, BillerUnavailable


class Outcome(StrEnum):
    SUCCESS = "success"  # final success: deliver the serial/token
    PENDING = "pending"  # the biller holds the transaction; wait for callback or poll
    FAILED = "failed"  # final failure for this ref_id
    RETRY = "retry"  # not taken (or rate limited): ask again later with the SAME ref_id


# rc → outcome (reference §5). Pending: 03 and 99 (router issue). Retry with the same ref: the
# transaction was not created (deposit short) or we were rate limited. Everything else is final.
PENDING_RC = frozenset({"03", "99"})
RETRY_RC = frozenset({"44", "83", "85", "86"})
# Final failures after which a *new* purchase later may work (the member may simply try again).
RETRYABLE_LATER_RC = frozenset(
    {"01", "02", "43", "53", "55", "56", "58", "62", "63", "66", "67", "68", "69", "70", "71"}
)
RC_MESSAGES = {
    "01": "Waktu transaksi habis di penyedia",
    "02": "Transaksi gagal di penyedia",
    "43": "Produk tidak ditemukan atau nonaktif",
    "44": "Deposit penyedia tidak cukup",
    "50": "Transaksi tidak ditemukan",
    "51": "Nomor tujuan diblokir",
    "52": "Nomor tujuan tidak sesuai operator",
    "53": "Produk sedang tidak tersedia",
    "54": "Nomor tujuan salah",
    "55": "Produk sedang gangguan",
    "57": "Jumlah digit nomor tujuan tidak sesuai",
    "58": "Sedang cut-off, coba lagi nanti",
    "59": "Nomor tujuan di luar wilayah",
    "60": "Tagihan belum tersedia",
    "62": "Penyedia sedang gangguan",
    "66": "Penyedia sedang pemeliharaan",
    "68": "Stok produk habis",
    "69": "Harga penyedia melebihi harga maksimum",
    "70": "Waktu tunggu biller habis",
    "71": "Produk tidak stabil",
    "72": "Hentikan paket lama terlebih dahulu",
    "73": "kWh melebihi batas",
    "74": "Transaksi dikembalikan (refund) oleh penyedia",
    "84": "Nominal tidak valid",
    "85": "Terlalu sering dicek, coba 1 menit lagi",
    "87": "Nominal harus kelipatan Rp 1.000",
}


def outcome_of(status: str, rc: str) -> Outcome:
    """Normalise a ``status``/``rc`` pair; the status word wins, the rc refines a Gagal."""
    status = (status or "").strip().lower()
    if status in ("sukses", "success") and rc in ("00", ""):
        return Outcome.SUCCESS
    if status == "pending" or rc in PENDING_RC:
        return Outcome.PENDING
    if rc in RETRY_RC:
        return Outcome.RETRY
    return Outcome.FAILED


def sign(username: str, api_key: str, x: str) -> str:
    """``md5(username + api_key + x)`` as lowercase hex (reference §2)."""
    return hashlib.md5(f"{username}{api_key}{x}".encode()).hexdigest()


def callback_signature(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature`` value of a callback body: ``sha1=<hmac-sha1 hex>``."""
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def verify_callback_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Check ``X-Hub-Signature`` over the raw bytes, in constant time."""
    if not secret or not header:
        return False
    return hmac.compare_digest(callback_signature(secret, body), header.strip())


def _int(value: Any) -> int | None:
    """Prices come as int or numeric string (the docs say String); never through float."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(round(value))
    text = str(value).strip()
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        return int(round(float(text)))
    except ValueError:
        return None


@dataclass(frozen=True)
class BillerProduct:
    sku: str
    name: str
    category: str
    brand: str
    type: str
    kind: str  # "prepaid" | "postpaid"
    price: int  # prepaid: our cost; postpaid: 0 (the bill decides)
    admin: int
    commission: int
    active: bool  # buyer and seller status both on
    description: str
    multi: bool = True
    start_cut_off: str = ""
    end_cut_off: str = ""


@dataclass(frozen=True)
class BillerResult:
    ref_id: str
    outcome: Outcome
    rc: str
    message: str
    status: str
    customer_no: str = ""
    sku: str = ""
    sn: str = ""
    price: int | None = None
    customer_name: str = ""
    admin: int | None = None
    period: str = ""
    selling_price: int | None = None
    desc: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def retryable_later(self) -> bool:
        return self.outcome is Outcome.FAILED and self.rc in RETRYABLE_LATER_RC

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> BillerResult:
        rc = str(data.get("rc", "") or "")
        status = str(data.get("status", "") or "")
        desc = data.get("desc")
        return cls(
            ref_id=str(data.get("ref_id", "") or ""),
            outcome=outcome_of(status, rc),
            rc=rc,
            message=str(data.get("message", "") or ""),
            status=status,
            customer_no=str(data.get("customer_no", "") or ""),
            sku=str(data.get("buyer_sku_code", "") or ""),
            sn=str(data.get("sn", "") or ""),
            price=_int(data.get("price")),
            customer_name=str(data.get("customer_name", "") or ""),
            admin=_int(data.get("admin")),
            period=str(data.get("periode", "") or ""),
            selling_price=_int(data.get("selling_price")),
            desc=desc if isinstance(desc, dict) else {},
            raw=data,
        )


@dataclass(frozen=True)
class PlnCustomer:
    customer_no: str
    meter_no: str
    subscriber_id: str
    name: str
    segment_power: str


class Biller(Protocol):
    """What PPOB needs from a host-to-host biller."""

    async def price_list(self, kind: str) -> list[BillerProduct]: ...
    async def balance(self) -> int: ...
    async def inquire_pln(self, customer_no: str) -> PlnCustomer: ...
    async def purchase(
        self, sku: str, customer_no: str, ref_id: str, *, max_price: int | None = None
    ) -> BillerResult: ...
    async def inquire_postpaid(self, sku: str, customer_no: str, ref_id: str) -> BillerResult: ...
    async def pay_postpaid(self, sku: str, customer_no: str, ref_id: str) -> BillerResult: ...
    async def check_status(self, kind: str, sku: str, customer_no: str, ref_id: str) -> BillerResult: ...
    def verify_callback(self, body: bytes, signature: str | None) -> bool: ...


class DigiflazzBiller:
    """The Digiflazz buyer API over httpx (also Digiswitch clones: configurable base URL)."""

    def __init__(
        self,
        *,
        base_url: str,
        username: str,
        api_key: str,
        callback_secret: str = "",
        timeout_s: float = 15.0,
        testing: bool = False,
        callback_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.username = username
        self.api_key = api_key
        self.callback_secret = callback_secret
        self.timeout_s = timeout_s
        self.testing = testing
        self.callback_url = callback_url
        self._transport = transport
        self._clients: dict[int, httpx.AsyncClient] = {}

    def _client(self) -> httpx.AsyncClient:
        # One pooled client per event loop: a client is bound to the loop that opened it.
        loop = asyncio.get_running_loop()
        client = self._clients.get(id(loop))
        if client is None or client.is_closed:
            client = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=self.timeout_s,
                transport=self._transport,
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=100),
            )
            self._clients = {id(loop): client}
        return client

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients = {}

    def _sign(self, x: str) -> str:
        return sign(self.username, self.api_key, x)

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        try:
            async with db.detached():  # no pool connection held while the biller answers
                response = await self._client().post(path, json=body)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise BillerUnavailable(f"Biller tidak menjawab ({type(exc).__name__})") from exc
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise BillerUnavailable(f"Biller menjawab HTTP {response.status_code}")
        try:
            payload = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BillerUnavailable("Jawaban biller tidak dapat dibaca") from exc
        if not isinstance(payload, dict) or "data" not in payload:
            raise BillerUnavailable("Jawaban biller tanpa 'data'")
        return payload["data"]

    @staticmethod
    def _rejected(data: dict[str, Any]) -> BillerRejected:
        rc = str(data.get("rc", ""))
        return BillerRejected(RC_MESSAGES.get(rc, str(data.get("message") or "Ditolak biller")), rc=rc)

    async def price_list(self, kind: str) -> list[BillerProduct]:
        cmd = "pasca" if kind == "postpaid" else "prepaid"
        data = await self._post("/price-list", {"cmd": cmd, "username": self.username, "sign": self._sign("pricelist")})
        if isinstance(data, dict):  # an error comes back as an object, not a list
            raise self._rejected(data)
        products = []
        for item in data:
            if not isinstance(item, dict) or not item.get("buyer_sku_code"):
                continue
            products.append(
                BillerProduct(
                    sku=str(item["buyer_sku_code"]),
                    name=str(item.get("product_name", "")),
                    category=str(item.get("category", "")),
                    brand=str(item.get("brand", "")),
                    type=str(item.get("type", "")),
                    kind="postpaid" if cmd == "pasca" else "prepaid",
                    price=_int(item.get("price")) or 0,
                    admin=_int(item.get("admin")) or 0,
                    commission=_int(item.get("commission")) or 0,
                    active=bool(item.get("buyer_product_status")) and bool(item.get("seller_product_status")),
                    description=str(item.get("desc", "") or ""),
                    multi=bool(item.get("multi", True)),
                    start_cut_off=str(item.get("start_cut_off", "") or ""),
                    end_cut_off=str(item.get("end_cut_off", "") or ""),
                )
            )
        return products

    async def balance(self) -> int:
        data = await self._post("/cek-saldo", {"cmd": "deposit", "username": self.username, "sign": self._sign("depo")})
        if "deposit" not in data:
            raise self._rejected(data)
        return _int(data["deposit"]) or 0

    async def inquire_pln(self, customer_no: str) -> PlnCustomer:
        data = await self._post(
            "/inquiry-pln", {"username": self.username, "customer_no": customer_no, "sign": self._sign(customer_no)}
        )
        if str(data.get("status", "")).lower() not in ("sukses", "success"):
            raise self._rejected(data)
        return PlnCustomer(
            customer_no=str(data.get("customer_no", customer_no)),
            meter_no=str(data.get("meter_no", "")),
            subscriber_id=str(data.get("subscriber_id", "")),
            name=str(data.get("name", "")),
            segment_power=str(data.get("segment_power", "")),
        )

    def _transaction_body(self, sku: str, customer_no: str, ref_id: str, **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "username": self.username,
            "buyer_sku_code": sku,
            "customer_no": customer_no,
            "ref_id": ref_id,
            "sign": self._sign(ref_id),
        }
        if self.testing:
            body["testing"] = True
        body.update({k: v for k, v in extra.items() if v is not None})
        return body

    async def _transaction(self, body: dict[str, Any]) -> BillerResult:
        data = await self._post("/transaction", body)
        if not isinstance(data, dict):
            raise BillerUnavailable("Jawaban transaksi biller tidak berbentuk objek")
        result = BillerResult.from_data(data)
        if result.ref_id and result.ref_id != body["ref_id"]:
            raise BillerUnavailable("Biller menjawab untuk ref_id lain")
        return result

    async def purchase(self, sku: str, customer_no: str, ref_id: str, *, max_price: int | None = None) -> BillerResult:
        """Buy a prepaid product; sent again with the same *ref_id* it is the status check."""
        return await self._transaction(
            self._transaction_body(sku, customer_no, ref_id, max_price=max_price, cb_url=self.callback_url)
        )

    async def inquire_postpaid(self, sku: str, customer_no: str, ref_id: str) -> BillerResult:
        return await self._transaction(self._transaction_body(sku, customer_no, ref_id, commands="inq-pasca"))

    async def pay_postpaid(self, sku: str, customer_no: str, ref_id: str) -> BillerResult:
        return await self._transaction(
            self._transaction_body(sku, customer_no, ref_id, commands="pay-pasca", cb_url=self.callback_url)
        )

    async def check_status(self, kind: str, sku: str, customer_no: str, ref_id: str) -> BillerResult:
        if kind == "postpaid":
            return await self._transaction(self._transaction_body(sku, customer_no, ref_id, commands="status-pasca"))
        return await self.purchase(sku, customer_no, ref_id)

    def verify_callback(self, body: bytes, signature: str | None) -> bool:
        return verify_callback_signature(self.callback_secret, body, signature)
