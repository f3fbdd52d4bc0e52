"""The buyer's account (reference §4, §5, §7): the deposit balance (``/cek-saldo``), the price
list (``/price-list``, prepaid or ``pasca``, filtered, throttled as configured) and deposit
tickets (``/deposit``)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from ppob.sandbox.protocol import BAD_SIGN, error, signed
from ppob.sandbox.scripts import digest_int

if TYPE_CHECKING:
    from ppob.sandbox.state import BillerSandbox


async def balance(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    if not signed(sandbox.config, body, "depo"):
        return error("41", BAD_SIGN)
    return {"data": {"deposit": sandbox.deposit}}


async def price_list(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    if not signed(sandbox.config, body, "pricelist"):
        return error("41", BAD_SIGN)
    now = sandbox.clock()
    if now - sandbox.last_price_list < sandbox.config.price_list_throttle_s and not body.get("code"):
        return error("83", "Anda sudah mencapai limitasi pengecekan pricelist, mohon tunggu 5 menit")
    sandbox.last_price_list = now
    items = list((sandbox.postpaid if body.get("cmd") == "pasca" else sandbox.prepaid).values())
    for name in ("code", "category", "brand", "type"):
        if body.get(name):
            wanted = str(body[name]).lower()
            key = "buyer_sku_code" if name == "code" else name
            items = [i for i in items if str(i.get(key, "")).lower() == wanted]
    return {"data": items}


async def deposit_ticket(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    if not signed(sandbox.config, body, "deposit"):
        return error("41", BAD_SIGN)
    amount = body.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 200_000:
        return error("64", "Tiket deposit gagal")
    unique = digest_int(str(sandbox.clock())) % 999 + 1
    bank = body.get("Bank") or body.get("bank") or "BCA"
    return {
        "data": {
            "rc": "00",
            "bank": bank,
            "payment_method": "Bank Transfer",
            "account_no": "5425001234",
            "amount": amount + unique,
            "notes": uuid.uuid4().hex[:7].upper(),
        }
    }
