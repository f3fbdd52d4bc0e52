"""The ledger accounts payments posts to. All are the platform's (money held at Xendit and what
the platform owes for it), read through market.service."""

from __future__ import annotations

from market import service as market

# Money the platform holds at Xendit (collected payments, less refunds and payouts).
XENDIT_CASH = ("kas_xendit", "Saldo di Xendit")
# Payments received for an owner (an order, a PPOB sale) that the owner has not yet allocated.
CLEARING = ("pembayaran_titipan", "Pembayaran diterima, belum dialokasikan")


async def xendit_cash():
    code, name = XENDIT_CASH
    return await market.get_or_create_account(code, name, market.AccountType.ASSET, allow_negative=True, cached=True)


async def clearing():
    """Where a succeeded payment of any owner but a wallet top-up is credited; the owner moves it on."""
    code, name = CLEARING
    return await market.get_or_create_account(
        code, name, market.AccountType.LIABILITY, allow_negative=False, cached=True
    )


async def coop_balance_account(coop_id: int):
    """What the platform owes a cooperative (its sales less fees, its members' wallets): the source
    of its payouts. The platform's half of the inter-book pair (market.service.bridge)."""
    return await market.platform_pair(coop_id)


# The same account ppob posts to (ppob.service.books.WALLET_CODE): one wallet per member.
WALLET = ("wallet", "Saldo dompet")


async def wallet_account(
    *, cooperative_id: int | None = None, member_id: int | None = None, user_id: int | None = None
):
    """A wallet's ledger account: a liability that never goes below zero. A member's is their
    line of the cooperative's chart (2106 Saldo dompet anggota), whoever opens it first, so the
    statements add it to that line."""
    if member_id is not None and cooperative_id is not None and user_id is None:
        return await market.chart_account(cooperative_id, "wallet", member_id=member_id)
    code, name = WALLET
    return await market.get_or_create_account(
        code,
        name,
        market.AccountType.LIABILITY,
        cooperative_id=cooperative_id,
        member_id=member_id,
        user_id=user_id,
        allow_negative=False,
    )


# Identities this process has read once and keeps (a wallet's ledger account, a member's wallet):
# they never change once committed. Each copy is bounded: emptied when it reaches its size.
IDENTITIES_MAX = 4096


def remember(copy: dict, key, value) -> None:
    """Keep *value* under *key* in one of this process's copies of identities."""
    if len(copy) >= IDENTITIES_MAX:
        copy.clear()
    copy[key] = value


# Wallet accounts by wallet (their ``balance`` here is not a reading — use ``balance_of``).
_WALLET_ACCOUNTS: dict[tuple[int, int], object] = {}


async def wallet_account_of(wallet):
    """The ledger account of a wallet (a ``WalletInfo``), from this process's memory after the first call."""
    from market import db

    key = (db.epoch, wallet.account_id)
    hit = _WALLET_ACCOUNTS.get(key)
    if hit is None:
        hit = await wallet_account(
            cooperative_id=wallet.cooperative_id, member_id=wallet.member_id, user_id=wallet.user_id
        )
        remember(_WALLET_ACCOUNTS, key, hit)
    return hit
