"""What every endpoint shares (reference §3): the configuration, the ``sign`` check, the error
body, the business date in Jakarta, and the same-ref and one-check-per-minute rules."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ppob.biller import sign

if TYPE_CHECKING:
    from ppob.sandbox.scripts import SandboxTxn
    from ppob.sandbox.state import BillerSandbox

JAKARTA = ZoneInfo("Asia/Jakarta")
BAD_SIGN = "Signature Anda salah"
NOT_UNIQUE = "Ref ID tidak unik"
NO_SKU = "SKU tidak di temukan atau Non-Aktif"
WRONG_NUMBER = "Nomor tujuan salah"
NO_BALANCE = "Saldo tidak cukup"


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


def signed(config: SandboxConfig, body: dict[str, Any], x: str) -> bool:
    """The body's ``username`` is ours and its ``sign`` is md5(username + key + *x*)."""
    expected = sign(config.username, config.api_key, x)
    return body.get("username") == config.username and hmac.compare_digest(str(body.get("sign", "")), expected)


def error(rc: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"data": {"rc": rc, "message": message, "status": "Gagal", **extra}}


def today(sandbox: BillerSandbox) -> str:
    """The business date (Jakarta) by the sandbox's clock."""
    return datetime.fromtimestamp(sandbox.clock(), JAKARTA).date().isoformat()


def same(txn: SandboxTxn, body: dict[str, Any]) -> bool:
    """The request names the recorded transaction's product and customer."""
    return txn.sku == body.get("buyer_sku_code") and txn.customer_no == str(body.get("customer_no", ""))


def throttled(sandbox: BillerSandbox, txn: SandboxTxn) -> bool:
    """A check of *txn* within ``status_throttle_s`` of the last one (or of its start); else count it."""
    now = sandbox.clock()
    if now - max(txn.last_check_at, txn.created_at) < sandbox.config.status_throttle_s:
        return True
    txn.last_check_at = now
    txn.checks += 1
    return False


def status_of(sandbox: BillerSandbox, txn: SandboxTxn) -> dict[str, Any]:
    """The answer to a repeated ref: the transaction as it stands, or rc 85 while a pending one is
    checked again within the minute."""
    if txn.status == "Pending" and throttled(sandbox, txn):
        return {
            "data": {
                **txn.data(sandbox.deposit),
                "status": "Gagal",
                "rc": "85",
                "message": "Limitasi transaksi, coba 1 menit lagi",
            }
        }
    return {"data": txn.data(sandbox.deposit)}
