"""Wallets (saldo): one per member and one per buyer login, each a platform liability account.

A top-up is a gateway payment of kind ``wallet_topup``; the wallet is credited only when that
payment succeeds (payments.service.transitions books it). Other packages move money out of and into
wallets with ``debit_wallet`` / ``credit_wallet``: each is idempotent on its reference, and the
ledger's conditional update refuses a debit that would take the balance below zero, even when
two processes debit at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market
from market.errors import InsufficientBalance
from market.service import idempotency
from payments.errors import IdempotencyMismatch, InvalidAmount, WalletNotFound
from payments.gateway import PaymentGateway
from payments.models import Payment, Wallet, WalletMovement
from payments.schemas import MovementOut, PaymentOut, WalletInfo
from payments.service import accounts
from payments.service.invoices import check_amount, create_payment, get_payment

TOPUP_MIN_IDR = 10_000
TOPUP_MAX_IDR = 20_000_000  # Bank Indonesia's cap on a registered e-money balance


async def _wallet(owner_key: str, *, cooperative_id=None, member_id=None, user_id=None) -> tuple[WalletInfo, bool]:
    """The owner's wallet, opened on first use, and whether it was there already."""
    wallet = await Wallet.get_or_none(owner_key=owner_key)
    existed = wallet is not None
    if wallet is None:
        account = await accounts.wallet_account(cooperative_id=cooperative_id, member_id=member_id, user_id=user_id)
        try:
            async with db.transaction():
                wallet = await Wallet.create(
                    owner_key=owner_key,
                    cooperative_id=cooperative_id,
                    member_id=member_id,
                    user_id=user_id,
                    account_id=account.id,
                )
        except IntegrityError:
            wallet = await Wallet.get(owner_key=owner_key)
    return WalletInfo.model_validate(wallet), existed


# Member wallets found in the database (``accounts.remember``; the balance is ``wallet_balance``).
# A wallet opened in this call is not remembered: the caller's transaction may still roll it back.
_MEMBER_WALLETS: dict[tuple[int, int, int], WalletInfo] = {}


async def member_wallet(coop_id: int, member_id: int) -> WalletInfo:
    """The member's wallet (opened on first use); another cooperative's member is not found."""
    key = (db.epoch, coop_id, member_id)
    if (known := _MEMBER_WALLETS.get(key)) is not None:
        return known
    await market.get_member(coop_id, member_id)
    wallet, existed = await _wallet(f"member:{member_id}", cooperative_id=coop_id, member_id=member_id)
    if existed:
        accounts.remember(_MEMBER_WALLETS, key, wallet)
    return wallet


async def user_wallet(user_id: int) -> WalletInfo:
    """A buyer login's own wallet."""
    return (await _wallet(f"user:{user_id}", user_id=user_id))[0]


async def wallet_of(actor: market.Actor) -> WalletInfo:
    """The wallet of whoever asks: a member's is their member wallet, anyone else's their login's."""
    if actor.member_id is not None and actor.cooperative_id is not None:
        return await member_wallet(actor.cooperative_id, actor.member_id)
    return await user_wallet(actor.user_id)


async def get_wallet(wallet_id: int) -> WalletInfo:
    wallet = await Wallet.get_or_none(id=wallet_id)
    if wallet is None:
        raise WalletNotFound("Dompet tidak ditemukan")
    return WalletInfo.model_validate(wallet)


async def wallet_ledger_account(wallet_id: int):
    wallet = await get_wallet(wallet_id)
    return await accounts.wallet_account(
        cooperative_id=wallet.cooperative_id, member_id=wallet.member_id, user_id=wallet.user_id
    )


async def wallet_balance(wallet_id: int) -> int:
    wallet = await get_wallet(wallet_id)
    return await market.balance_of(wallet.account_id)


async def wallet_history(wallet_id: int, *, limit: int = 50, before_id: int | None = None) -> list[MovementOut]:
    query = WalletMovement.filter(wallet_id=wallet_id)
    if before_id is not None:
        query = query.filter(id__lt=before_id)
    return [MovementOut.model_validate(m) for m in await query.order_by("-id").limit(limit)]


async def get_movement(wallet_id: int, movement_id: int) -> MovementOut:
    """One line of the wallet's history (another wallet's is not found)."""
    row = await WalletMovement.get_or_none(id=movement_id, wallet_id=wallet_id)
    if row is None:
        raise WalletNotFound("Gerakan saldo tidak ditemukan")
    return MovementOut.model_validate(row)


async def pending_topups(wallet_id: int) -> list[PaymentOut]:
    rows = await Payment.filter(wallet_id=wallet_id, status="pending").order_by("-id").limit(10)
    return [PaymentOut.model_validate(p) for p in rows]


async def start_topup(
    gateway: PaymentGateway,
    wallet_id: int,
    amount: int,
    *,
    idempotency_key: str | None = None,
    return_url: str | None = None,
    duration_s: int = 86400,
    actor_id: int | None = None,
) -> PaymentOut:
    """Open a Xendit invoice for a top-up; the wallet is credited when it is paid, not before.

    The same *idempotency_key* (of the same *actor_id*) gets the first answer again: the same
    payment, or the same refusal."""
    scope = idempotency.scope_of(actor_id) if actor_id is not None else f"wallet:{wallet_id}"
    request = {"op": "payments.topup", "wallet_id": wallet_id, "amount": amount, "return_url": return_url}
    return await idempotency.once_leased(
        scope,
        idempotency_key,
        request,
        lambda claim: _start_topup(
            gateway, wallet_id, amount, idempotency_key=idempotency_key, return_url=return_url, duration_s=duration_s
        ),
        dump=lambda payment: {"payment_id": payment.id},
        load=lambda stored: get_payment(stored["payment_id"]),
        status=201,
    )


async def _start_topup(
    gateway: PaymentGateway,
    wallet_id: int,
    amount: int,
    *,
    idempotency_key: str | None,
    return_url: str | None,
    duration_s: int,
) -> PaymentOut:
    wallet = await get_wallet(wallet_id)
    check_amount(amount, low=TOPUP_MIN_IDR, high=TOPUP_MAX_IDR)
    return await create_payment(
        gateway,
        kind="wallet_topup",
        owner_id=wallet.id,
        amount=amount,
        description=f"Isi saldo dompet Rp {amount:,}".replace(",", "."),
        idempotency_key=f"{wallet.id}-{idempotency_key}" if idempotency_key else None,
        cooperative_id=wallet.cooperative_id,
        wallet_id=wallet.id,
        duration_s=duration_s,
        success_url=return_url,
        failure_url=return_url,
        low=TOPUP_MIN_IDR,
        high=TOPUP_MAX_IDR,
    )


@dataclass(frozen=True)
class Movement:
    id: int
    wallet_id: int
    amount: int
    reference: str
    created: bool
    balance: int


async def _move(
    wallet_id: int | WalletInfo, amount: int, *, kind: str, reference: str, description: str, counter_account
) -> Movement:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidAmount("Jumlah harus bilangan bulat rupiah lebih dari 0", field="amount")
    if not reference:
        raise InvalidAmount("Referensi wajib diisi", field="reference")
    # a caller that has just looked the wallet up hands it over whole (one round trip less)
    wallet = wallet_id if isinstance(wallet_id, WalletInfo) else await get_wallet(wallet_id)
    signed = amount if kind == "credit" else -amount
    existing = await WalletMovement.get_or_none(reference=f"wallet:{reference}")
    if existing is None:
        account = await accounts.wallet_account(
            cooperative_id=wallet.cooperative_id, member_id=wallet.member_id, user_id=wallet.user_id
        )
        counter = counter_account or await accounts.clearing()
        try:
            async with db.transaction():
                existing = await WalletMovement.create(
                    wallet_id=wallet.id,
                    amount=signed,
                    kind=kind,
                    reference=f"wallet:{reference}",
                    description=description[:255],
                )
                legs = (
                    [market.debit(counter, amount), market.credit(account, amount)]
                    if kind == "credit"
                    else [market.debit(account, amount), market.credit(counter, amount)]
                )
                await market.post_entry(
                    f"wallet:{reference}",
                    await market.bridge(legs),
                    description=description,
                    cooperative_id=wallet.cooperative_id,
                )
        except InsufficientBalance:
            raise InsufficientBalance("Saldo dompet tidak cukup", field="amount") from None
        except IntegrityError:  # the same reference at the same moment from another process
            existing = await WalletMovement.get(reference=f"wallet:{reference}")
        else:
            return Movement(existing.id, wallet.id, signed, reference, True, await market.balance_of(wallet.account_id))
    if existing.wallet_id != wallet.id or existing.amount != signed:
        raise IdempotencyMismatch("Referensi ini sudah dipakai untuk gerakan saldo lain", field="reference")
    return Movement(existing.id, wallet.id, signed, reference, False, await market.balance_of(wallet.account_id))


async def debit_wallet(
    wallet_id: int | WalletInfo, amount: int, *, reference: str, description: str = "", to_account=None
) -> Movement:
    """Take *amount* from a wallet, once per *reference*; refuse (InsufficientBalance) below zero.

    The money goes to *to_account* (a market ledger account of the caller), else to the payments
    clearing account.
    """
    return await _move(
        wallet_id,
        amount,
        kind="debit",
        reference=reference,
        description=description or "Pembayaran dari saldo",
        counter_account=to_account,
    )


async def credit_wallet(
    wallet_id: int | WalletInfo, amount: int, *, reference: str, description: str = "", from_account=None
) -> Movement:
    """Put *amount* into a wallet, once per *reference* (e.g. a failed PPOB sale refunded)."""
    return await _move(
        wallet_id,
        amount,
        kind="credit",
        reference=reference,
        description=description or "Pengembalian ke saldo",
        counter_account=from_account,
    )


async def record_wallet_movement(
    coop_id: int, member_id: int, amount: int, *, reference: str, kind: str, description: str
) -> None:
    """A line in a member's wallet history for money the caller has booked into the wallet's
    ledger account (a positive *amount*: a supplying member's ``sale`` proceeds) or out of it (a
    negative one: a loan instalment) in its own entry. Once per reference; call it in the same
    transaction as that entry."""
    wallet = await member_wallet(coop_id, member_id)
    await db.execute(
        "INSERT INTO payments_wallet_movement (wallet_id, amount, kind, reference, description, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (reference) DO NOTHING",
        wallet.id,
        amount,
        kind,
        f"wallet:{reference}",
        description[:255],
        datetime.now(UTC),
    )
