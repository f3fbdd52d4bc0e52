"""Prepaid (reference §6): a top-up on ``/transaction`` without ``commands`` (a repeated
``ref_id`` is a status check, never a second purchase), and the PLN meter check
``/inquiry-pln`` (numbers ending ``999`` are unknown)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ppob.sandbox import data
from ppob.sandbox.protocol import (
    BAD_SIGN,
    NO_BALANCE,
    NO_SKU,
    NOT_UNIQUE,
    WRONG_NUMBER,
    error,
    same,
    signed,
    status_of,
    today,
)
from ppob.sandbox.scripts import SandboxTxn, digest_int, script_for

if TYPE_CHECKING:
    from ppob.sandbox.state import BillerSandbox


def topup(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    ref_id, sku, customer_no = body["ref_id"], str(body.get("buyer_sku_code", "")), str(body.get("customer_no", ""))
    existing = sandbox.transactions.get(ref_id)
    if existing is not None:
        if existing.kind != "prepaid" or not same(existing, body):
            return error("49", NOT_UNIQUE, ref_id=ref_id)
        return status_of(sandbox, existing)
    product = sandbox.prepaid.get(sku)
    if product is None or not (product["buyer_product_status"] and product["seller_product_status"]):
        return error("43", NO_SKU, ref_id=ref_id)
    digits = customer_no if body.get("allow_dot") else customer_no.replace(".", "")
    if not digits.isdigit():
        return error("54", WRONG_NUMBER, ref_id=ref_id)
    price = int(product["price"])
    max_price = body.get("max_price")
    if isinstance(max_price, int) and not isinstance(max_price, bool) and 0 < max_price < price:
        return error("69", "Harga Seller lebih besar dari ketentuan harga Buyer", ref_id=ref_id)
    if sandbox.deposit < price:
        return error("44", NO_BALANCE, ref_id=ref_id)
    txn = SandboxTxn(
        ref_id=ref_id,
        kind="prepaid",
        sku=sku,
        customer_no=customer_no,
        price=price,
        script=script_for(customer_no),
        status="Pending",
        rc="03",
        message="Transaksi Pending",
        created_at=sandbox.clock(),
        business_date=today(sandbox),
        cb_url=body.get("cb_url"),
    )
    sandbox.transactions[ref_id] = txn
    sandbox.start(txn)
    return {"data": txn.data(sandbox.deposit)}


async def inquiry_pln(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    customer_no = str(body.get("customer_no", ""))
    if not signed(sandbox.config, body, customer_no):
        return error("41", BAD_SIGN)
    if not customer_no.isdigit() or len(customer_no) not in (11, 12):
        return error("57", "Jumlah digit nomor tujuan kurang atau lebih", customer_no=customer_no)
    if customer_no.endswith("999"):
        return error("54", WRONG_NUMBER, customer_no=customer_no)
    n = digest_int(customer_no)
    tarif, daya, _ = data.SEGMENTS[n % len(data.SEGMENTS)]
    return {
        "data": {
            "message": "Transaksi Sukses",
            "status": "Sukses",
            "rc": "00",
            "customer_no": customer_no,
            "meter_no": customer_no if len(customer_no) == 11 else f"{n % 10**11:011d}",
            "subscriber_id": customer_no if len(customer_no) == 12 else f"5{n % 10**11:011d}",
            "name": data.NAMES[n % len(data.NAMES)],
            "segment_power": f"{tarif} /{daya:09d}",
        }
    }
