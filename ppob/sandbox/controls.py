"""Test controls under ``/_sandbox`` (no signature): the transactions recorded (the witness that
nothing was bought twice), settle pending ones, set the mode, change a product."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request

if TYPE_CHECKING:
    from ppob.sandbox.state import BillerSandbox

router = APIRouter()


def _sandbox(request: Request) -> BillerSandbox:
    return request.app.state.sandbox


@router.get("/_sandbox/transactions")
async def transactions(request: Request):
    sandbox = _sandbox(request)
    return {
        "deposit": sandbox.deposit,
        "purchases": sandbox.purchases,
        "transactions": [
            {
                "ref_id": t.ref_id,
                "sku": t.sku,
                "customer_no": t.customer_no,
                "status": t.status,
                "rc": t.rc,
                "price": t.price,
                "sn": t.sn,
            }
            for t in sandbox.transactions.values()
        ],
    }


@router.post("/_sandbox/settle")
async def settle(request: Request):
    body = await request.json() if await request.body() else {}
    return {"settled": await _sandbox(request).settle(body.get("ref_ids"))}


@router.post("/_sandbox/mode")
async def mode(request: Request):
    body = await request.json()
    sandbox = _sandbox(request)
    sandbox.set_mode(str(body.get("mode", "up")))
    return {"mode": sandbox.mode}


@router.post("/_sandbox/products/{sku}")
async def product(sku: str, request: Request):
    body = await request.json()
    _sandbox(request).set_product(sku, price=body.get("price"), active=body.get("active"))
    return {"ok": True}
