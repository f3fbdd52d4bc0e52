"""Moving the money of a counter transaction: the checks before it and the one transaction that
books it (the network entry across the books, then the member's wallet through payments)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from market import service as market
from market.errors import InsufficientBalance
from network import events
from network.errors import Busy, LimitReached, TillShort
from network.models import CounterTransaction, Kind, Status, Via
from network.service import books
from network.service.common import utcnow
from payments import service as payments
from payments.service import DEFAULT_RULES, WalletRules


async def kas_of(coop_id: int) -> int:
    return await market.balance_of((await market.coop_account(coop_id, "kas")).id)


async def check_till(counter_id: int, amount: int) -> None:
    """The counter's kas must hold the cash it would pay out."""
    if await kas_of(counter_id) < amount:
        raise TillShort("Kas loket tidak cukup untuk penarikan ini", field="amount")


async def check_daily(
    row: CounterTransaction, now: datetime, rules: WalletRules = DEFAULT_RULES, *, waiting: bool = True
) -> None:
    """The wallet's daily cash-out limit (payments' WALLET_WITHDRAWAL_DAILY_LIMIT) covers cash at
    counters and cash-outs to a bank together, over the member's cooperative's calendar day; with
    *waiting* the withdrawals still waiting for their member count too."""
    zone = ZoneInfo((await market.get_cooperative(row.home_coop_id)).timezone)
    since = datetime.combine(now.astimezone(zone).date(), time(0), zone).astimezone(UTC)
    rows = await (
        CounterTransaction.filter(member_id=row.member_id, kind=Kind.WITHDRAWAL, created_at__gte=since)
        .exclude(id=row.id)
        .values_list("amount", "status", "expires_at")
    )
    used = sum(
        a
        for a, status, expires in rows
        if status == Status.DONE or (waiting and status == Status.PENDING and expires > now)
    )
    used += await payments.withdrawn_today(await payments.get_wallet(row.wallet_id), rules)
    limit = rules.withdrawal_daily_idr
    if used + row.amount > limit:
        left = max(0, limit - used)
        raise LimitReached(
            f"Batas tarik tunai harian Rp {limit:,} tercapai; sisa hari ini Rp {left:,}".replace(",", "."),
            field="amount",
            limit=limit,
            remaining=left,
        )


async def check_wallet_room(wallet_id: int, amount: int) -> None:
    """A deposit may not take a wallet past the e-money balance cap (payments' top-up maximum)."""
    if await payments.wallet_balance(wallet_id) + amount > payments.TOPUP_MAX_IDR:
        cap = f"{payments.TOPUP_MAX_IDR:,}".replace(",", ".")
        raise LimitReached(f"Saldo dompet paling banyak Rp {cap}", field="amount")


async def check_wallet_holds(wallet_id: int, amount: int) -> None:
    if await payments.wallet_balance(wallet_id) < amount:
        raise InsufficientBalance("Saldo dompet anggota tidak cukup", field="amount")


def _text(row: CounterTransaction, counter_name: str) -> str:
    what = "Tarik tunai" if row.kind == Kind.WITHDRAWAL else "Setor tunai"
    return f"{what} di loket {counter_name}"


async def pay(
    row: CounterTransaction, *, via: Via, now: datetime | None = None, rules: WalletRules = DEFAULT_RULES
) -> None:
    """Book *row* and mark it done, in the caller's transaction: the network entry (the counter's
    kas, both cooperatives' positions) then the member's wallet; all or nothing."""
    now = utcnow(now)
    home, counter = row.home_coop_id, row.counter_coop_id
    withdrawal = row.kind == Kind.WITHDRAWAL
    await books.lock(home, counter)
    if withdrawal:
        await check_daily(row, now, rules, waiting=False)
    counter_name = (await market.get_cooperative(counter)).name
    text = _text(row, counter_name)
    legs = await books.movement_legs(withdrawal=withdrawal, home_id=home, counter_id=counter, amount=row.amount)
    try:
        await market.post_entry(
            f"network:{row.id}",
            legs,
            description=f"{text}: {row.member_name} ({row.member_number})",
            cooperative_id=counter,
            actor_user_id=row.cashier_user_id,
        )
    except InsufficientBalance:
        if withdrawal and await kas_of(counter) < row.amount:
            raise TillShort("Kas loket tidak cukup untuk penarikan ini", field="amount") from None
        raise Busy("Saldo koperasi di jaringan baru saja berubah; coba lagi") from None
    clearing = await books.clearing_account(home)
    reference = f"network:{row.id}"
    if withdrawal:
        await payments.debit_wallet(
            row.wallet_id, row.amount, reference=reference, description=text, to_account=clearing
        )
    else:
        await payments.credit_wallet(
            row.wallet_id, row.amount, reference=reference, description=text, from_account=clearing
        )
    await CounterTransaction.filter(id=row.id).update(
        status=Status.DONE, via=via, done_at=now, member_user_id=row.member_user_id
    )
    row.status, row.via, row.done_at = Status.DONE, via, now
    await market.publish(
        events.CounterDone(
            transaction_id=row.id,
            kind=row.kind.value,
            via=via.value,
            counter_cooperative_id=counter,
            home_cooperative_id=home,
            member_id=row.member_id,
            amount=row.amount,
        )
    )
