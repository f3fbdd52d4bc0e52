"""PPOB transactions: submit, follow to the end (biller answer, callback, polling), refund.

The state machine (``TxState``)::

    inquiry ──pay──▶ pending ──▶ success
                        │
    (prepaid) submit ───┘  └──▶ failed (refunded in the same database transaction)

    by invoice: submit / pay ──▶ awaiting_payment ──payment.succeeded──▶ pending (due at once)
                                        └──payment.failed / expired──▶ expired (nothing charged)

By sub-domain: ``prepaid`` (buy a top-up or token), ``postpaid`` (look a bill up, pay it),
``followup`` (the biller's answer, callbacks, status polling, the Xendit invoice and its
outcome, expiry) and ``history`` (reading one transaction, the history, its CSV). This module
holds what they share: the clock (the business day is the ``Link``'s), our biller refs,
idempotency keys and who may pay how.

Three phases, never holding a database transaction across a call to the biller:

1. Commit the transaction row in state ``pending`` together with the ledger entry that holds the
   money (the wallet refuses to go below zero, so a short wallet changes nothing).
2. Call the biller with our ``ref_id`` (its idempotency key) while no lock is held.
3. Apply the answer with a conditional ``UPDATE … WHERE state = 'pending' RETURNING id`` in the
   same database transaction as its ledger entry: a callback, a poll and the original answer
   racing each other apply once, and the loser changes nothing.

A transaction whose answer is unknown (timeout, biller down, crash after phase 1) stays
``pending``; ``poll_pending`` re-sends the same ``ref_id`` (the biller's status check, which never
buys twice) until the biller gives a final answer.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from market.errors import InvalidInput
from market.service import Role, actor_by_id, balance_of
from payments import service as payments
from ppob.errors import CashAtCounterOnly, WalletNotOwner, WalletShort
from ppob.models import Channel


def sale_fields(product: Any, customer_no: str, price: Any) -> dict[str, Any]:
    """The columns every transaction row copies from its product and its quote (prepaid or postpaid):
    what was sold, to which number, at which price."""
    return {
        "sku": product.sku,
        "product_name": product.name,
        "category": product.category,
        "brand": product.brand,
        "customer_no": customer_no,
        "base_price": price.base,
        "platform_fee": price.platform_fee,
        "sell_price": price.sell,
    }


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_ref_id() -> str:
    """Our biller ref: ``PK`` + 18 random hex digits (unique; also the status-check key)."""
    return "PK" + secrets.token_hex(9).upper()


def scoped_key(user_id: int | None, key: str | None) -> str | None:
    """The idempotency key as stored: one user's key never matches another's."""
    if not key:
        return None
    key = key.strip()
    if not key or len(key) > 200:
        raise InvalidInput("Kunci idempoten tidak valid", field="idempotency_key")
    return f"user:{user_id or 0}:{key}"


def check_channel(channel: Channel | str, member_id: int | None) -> Channel:
    """The channel, refused when it needs a member (a wallet, an invoice) and there is none."""
    channel = Channel(channel)
    if channel == Channel.WALLET and member_id is None:
        raise InvalidInput("Bayar dengan dompet butuh anggota", field="pay_with")
    if channel == Channel.INVOICE and member_id is None:
        raise InvalidInput("Bayar lewat invoice butuh anggota", field="pay_with")
    return channel


STAFF = frozenset({Role.MANAGER, Role.CASHIER})


async def check_payer(coop_id: int, member_id: int | None, channel: Channel, acting_user_id: int | None) -> None:
    """Who may pay this way. A wallet is spent only by its owner (the member's own login); cash is
    taken by the cooperative's staff at the counter (or the operator), never booked by a member;
    a Xendit invoice is a payment the customer makes, so whoever serves them may open it."""
    if channel == Channel.INVOICE:
        return
    actor = await actor_by_id(acting_user_id) if acting_user_id is not None else None
    if channel == Channel.WALLET:
        if actor is None or actor.member_id != member_id or actor.cooperative_id != coop_id:
            raise WalletNotOwner(
                "Saldo dompet hanya dapat dipakai oleh anggota pemiliknya; di loket bayar tunai", field="pay_with"
            )
        return
    if actor is None or not (actor.oversees(coop_id) or (actor.role in STAFF and actor.cooperative_id == coop_id)):
        raise CashAtCounterOnly("Pembayaran tunai dicatat oleh kasir koperasi di loket", field="pay_with")


async def check_wallet_spend(coop_id: int, member_id: int, user_id: int, price: int, pin: str | None) -> None:
    """The last step before a wallet pays *price*: WalletShort (no try spent on a purchase that
    cannot go ahead), then the owner's transaction PIN as checkout asks it — PinNotSet (no PIN made
    yet), PinInvalid (none typed: no try spent), PinWrong or PinLocked (payments' throttle)."""
    wallet = await payments.member_wallet(coop_id, member_id)
    if await balance_of(wallet.account_id) < price:
        raise WalletShort("Saldo dompet tidak cukup untuk transaksi ini", field="pay_with")
    await payments.require_pin(user_id, pin)
