"""The wallet's rule numbers (daily limits, the cash-out fee) and the checks that use them.

The numbers come from the settings at the edge (``payments.wiring.wallet_rules``) and are handed
to the services as ``rules=``; the defaults here are the settings' defaults. A day is the
wallet's cooperative's calendar day (a buyer's: the platform's zone, Asia/Jakarta). A limit is
checked with the sender's wallet row locked (PostgreSQL ``FOR UPDATE``; SQLite's ``BEGIN
IMMEDIATE`` already runs one writer at a time), so two requests at once cannot both pass it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from tortoise.functions import Sum

from market import db
from market.service import zone_of as coop_zone
from payments.errors import LimitReached
from payments.models import Payout
from payments.schemas import WalletInfo

# Cash-outs that came back (failed, cancelled, reversed) no longer count against the day.
_RETURNED = ("failed", "cancelled", "reversed")


@dataclass(frozen=True)
class WalletRules:
    transfer_daily_idr: int = 10_000_000
    withdrawal_daily_idr: int = 10_000_000
    withdrawal_fee_idr: int = 2_500
    timezone: str = "Asia/Jakarta"  # a buyer's day (a member's is their cooperative's)


DEFAULT_RULES = WalletRules()


async def zone_of(wallet: WalletInfo, rules: WalletRules = DEFAULT_RULES) -> ZoneInfo:
    if wallet.cooperative_id is not None:
        return await coop_zone(wallet.cooperative_id)  # market.service.zones: a per-process copy
    return ZoneInfo(rules.timezone)


async def day_start(wallet: WalletInfo, rules: WalletRules, now: datetime | None = None) -> datetime:
    """Midnight of today in the wallet's zone, as a UTC instant."""
    zone = await zone_of(wallet, rules)
    local = (now or datetime.now(UTC)).astimezone(zone)
    return datetime.combine(local.date(), time(0), zone).astimezone(UTC)


async def lock_wallet(wallet_id: int) -> None:
    """Hold the wallet's row until the transaction ends (the caller's transaction).

    ``FOR NO KEY UPDATE``, not ``FOR UPDATE``: the rows a transfer inserts reference both wallets,
    and their foreign-key checks take ``FOR KEY SHARE`` on each, which ``FOR UPDATE`` would block —
    A→B holding A and checking B while B→A holds B and checks A is a deadlock (the race test
    found it). ``NO KEY UPDATE`` still makes two senders from one wallet wait for each other."""
    if db.is_postgres():
        await db.execute("SELECT id FROM payments_wallet WHERE id = ? FOR NO KEY UPDATE", wallet_id)


async def _total(query) -> int:
    rows = await query.annotate(total=Sum("amount")).values("total")
    return int(rows[0]["total"] or 0) if rows else 0


async def sent_today(wallet: WalletInfo, rules: WalletRules) -> int:
    rows = await db.execute(  # a plain statement: it runs in every transfer
        "SELECT COALESCE(SUM(amount), 0) AS total FROM payments_wallet_transfer"
        " WHERE from_wallet_id = ? AND created_at >= ?",
        wallet.id,
        await day_start(wallet, rules),
    )
    return int(rows[0]["total"])


async def withdrawn_today(wallet: WalletInfo, rules: WalletRules) -> int:
    since = await day_start(wallet, rules)
    return await _total(Payout.filter(wallet_id=wallet.id, created_at__gte=since).exclude(status__in=list(_RETURNED)))


def _refuse(what: str, limit: int, used: int, amount: int) -> None:
    if used + amount > limit:
        left = max(0, limit - used)
        raise LimitReached(
            f"Batas {what} harian Rp {limit:,} tercapai; sisa hari ini Rp {left:,}".replace(",", "."),
            field="amount",
            limit=limit,
            remaining=left,
        )


async def check_transfer_limit(wallet: WalletInfo, amount: int, rules: WalletRules) -> None:
    """Refuse (LimitReached) a transfer that takes today's total over the limit; call it with the
    sender's wallet locked."""
    _refuse("transfer", rules.transfer_daily_idr, await sent_today(wallet, rules), amount)


async def check_withdrawal_limit(wallet: WalletInfo, amount: int, rules: WalletRules) -> None:
    _refuse("penarikan", rules.withdrawal_daily_idr, await withdrawn_today(wallet, rules), amount)
