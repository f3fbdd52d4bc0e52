"""Postpaid (reference §6): ``inq-pasca`` records a bill (PLN, PDAM or BPJS Kesehatan, derived
from the customer number), ``pay-pasca`` pays it the same business day (again: the existing
payment), ``status-pasca`` reads the payment back."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ppob.sandbox import data
from ppob.sandbox.protocol import JAKARTA, NO_BALANCE, NO_SKU, NOT_UNIQUE, WRONG_NUMBER, error, same, status_of, today
from ppob.sandbox.scripts import SandboxTxn, digest_int, script_for

if TYPE_CHECKING:
    from ppob.sandbox.state import BillerSandbox


def bill(sandbox: BillerSandbox, sku: str, customer_no: str) -> tuple[int, dict[str, Any]]:
    """(our price, the bill's fields on the wire) for *customer_no*'s bill this month."""
    n = digest_int(sku + customer_no)
    product = sandbox.postpaid[sku]
    admin, commission = int(product["admin"]), int(product["commission"])
    period = datetime.fromtimestamp(sandbox.clock(), JAKARTA).strftime("%Y%m")
    name = data.NAMES[n % len(data.NAMES)]
    if sku == "bpjs":
        people = 1 + n % 4
        amount = 35_000 * people
        desc = {"jumlah_peserta": str(people), "lembar_tagihan": 1, "alamat": "JAKARTA", "detail": [{"periode": "01"}]}
        period = "01"
    elif sku == "pdam":
        amount = 30_000 + (n % 170) * 1_000
        desc = {
            "tarif": "R2",
            "lembar_tagihan": 1,
            "alamat": "JL. MERDEKA",
            "jatuh_tempo": "20",
            "detail": [
                {
                    "periode": period,
                    "nilai_tagihan": str(amount),
                    "denda": "0",
                    "meter_awal": "00001200",
                    "meter_akhir": "00001221",
                    "biaya_lain": "0",
                }
            ],
        }
    else:
        amount = 50_000 + (n % 350) * 1_000
        desc = {
            "tarif": "R1",
            "daya": 1300,
            "lembar_tagihan": 1,
            "detail": [
                {
                    "periode": period,
                    "nilai_tagihan": str(amount),
                    "admin": str(admin),
                    "denda": "0",
                    "meter_awal": "00012345",
                    "meter_akhir": "00012512",
                }
            ],
        }
    selling = amount + admin
    return selling - commission, {
        "customer_name": name,
        "admin": admin,
        "periode": period,
        "selling_price": selling,
        "desc": desc,
    }


def inquiry(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    ref_id, sku, customer_no = body["ref_id"], str(body.get("buyer_sku_code", "")), str(body.get("customer_no", ""))
    if sku not in sandbox.postpaid or not sandbox.postpaid[sku]["buyer_product_status"]:
        return error("43", NO_SKU, ref_id=ref_id)
    existing = sandbox.transactions.get(ref_id)
    if existing is not None and (existing.paid or not same(existing, body)):
        return error("49", NOT_UNIQUE, ref_id=ref_id)
    if not customer_no.isdigit():
        return error("54", WRONG_NUMBER, ref_id=ref_id)
    script = script_for(customer_no, postpaid_sku=sku)
    if script == "inquiry_fail":
        return {
            "data": {
                "ref_id": ref_id,
                "customer_no": customer_no,
                "buyer_sku_code": sku,
                "status": "Gagal",
                "rc": "60",
                "message": "Tagihan belum tersedia",
            }
        }
    price, fields = bill(sandbox, sku, customer_no)
    txn = SandboxTxn(
        ref_id=ref_id,
        kind="postpaid",
        sku=sku,
        customer_no=customer_no,
        price=price,
        script=script,
        status="Inquiry",
        rc="00",
        message="Transaksi Sukses",
        created_at=sandbox.clock(),
        business_date=today(sandbox),
        bill=fields,
    )
    sandbox.transactions[ref_id] = txn
    return {"data": {**txn.data(sandbox.deposit), "status": "Sukses"}}


def pay(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    ref_id = body["ref_id"]
    txn = sandbox.transactions.get(ref_id)
    if txn is None or txn.kind != "postpaid":
        return error("50", "Transaksi Tidak Ditemukan", ref_id=ref_id)
    if not same(txn, body):
        return error("49", NOT_UNIQUE, ref_id=ref_id)
    if txn.paid:  # the same ref again: the existing payment, never a second one
        return {"data": txn.data(sandbox.deposit)}
    if txn.business_date != today(sandbox):
        return error("02", "Inquiry sudah kedaluwarsa, lakukan cek tagihan ulang", ref_id=ref_id)
    if sandbox.deposit < txn.price:
        return error("44", NO_BALANCE, ref_id=ref_id)
    txn.paid = True
    txn.cb_url = body.get("cb_url")
    txn.created_at = sandbox.clock()
    sandbox.start(txn)
    return {"data": txn.data(sandbox.deposit)}


def status(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    ref_id = body["ref_id"]
    txn = sandbox.transactions.get(ref_id)
    if txn is None or not txn.paid:
        return error("50", "Data belum ada", ref_id=ref_id)
    if not same(txn, body):
        return error("49", NOT_UNIQUE, ref_id=ref_id)
    return status_of(sandbox, txn)
