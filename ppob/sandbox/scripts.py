"""What a customer number scripts (the outcome table in the package docstring, and Digiflazz's
documented development numbers, reference §8), the transaction the sandbox records, and the
serial numbers (``sn``) and token strings a finished transaction carries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ppob.sandbox import data

# Digiflazz's documented development numbers (reference §8).
PREPAID_TEST = {
    "087800001230": "success",
    "087800001232": "fail",
    "087800001233": "pending_success",
    "087800001234": "pending_fail",
}
POSTPAID_TEST = {
    "pln": {
        "530000000001": "success",
        "530000000002": "success",
        "530000000003": "inquiry_fail",
        "530000000006": "fail",
        "630000000001": "pending_success",
        "630000000002": "pending_success",
        "630000000006": "pending_fail",
    },
    "pdam": {
        "1013226": "success",
        "1013227": "inquiry_fail",
        "1013230": "fail",
        "2013226": "pending_success",
        "2013230": "pending_fail",
    },
    "bpjs": {
        "8801234560001": "success",
        "8801234560002": "inquiry_fail",
        "8801234560005": "fail",
        "9801234560001": "pending_success",
        "9801234560005": "pending_fail",
    },
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


def digest_int(text: str) -> int:
    """A stable number from *text*: names, bills, meter numbers and serials derive from it."""
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


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
            "ref_id": self.ref_id,
            "customer_no": self.customer_no,
            "buyer_sku_code": self.sku,
            "message": self.message,
            "status": self.status,
            "rc": self.rc,
            "sn": self.sn,
            "buyer_last_saldo": username_balance,
            "price": self.price,
            "tele": "@sandbox",
            "wa": "080000000000",
        }
        if self.kind == "postpaid":
            body.update(self.bill)
            body["price"] = self.price
        return body


def serial_for(txn: SandboxTxn, product: dict[str, Any]) -> str:
    """The ``sn`` of a successful transaction; a PLN token (*product* its price-list entry) reads
    ``token/NAME/tarif/daya VA/kWh``."""
    if txn.kind == "prepaid" and product.get("brand") == "PLN":
        token = f"{digest_int(txn.ref_id) % 10**20:020d}"
        name = data.NAMES[digest_int(txn.customer_no) % len(data.NAMES)].replace(" ", "")
        tarif, daya, per_kwh = data.SEGMENTS[digest_int(txn.customer_no) % len(data.SEGMENTS)]
        denom = int(txn.sku.removeprefix("pln")) * 1000
        tenths = denom * 10 // per_kwh
        kwh = f"{tenths // 10},{tenths % 10}"
        return f"{'-'.join(token[i : i + 4] for i in range(0, 20, 4))}/{name}/{tarif}/{daya}VA/{kwh}"
    if txn.kind == "postpaid":
        return f"{digest_int('pay' + txn.ref_id) % 10**16:016d}"
    return f"{digest_int(txn.ref_id) % 10**16:016d}"
