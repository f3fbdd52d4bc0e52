"""Paying an order from the buyer's wallet, wholly or partly, the rest by the invoice.

The buyer asks for an amount, or ``"all"`` (the balance up to the total), and confirms with the
wallet's PIN (payments.check_pin: wrong tries counted and locked out there). Everything is
checked before anything is written; the PIN last, so a try is spent only on an order that would
otherwise go ahead. The wallet is debited inside checkout's insert transaction, after the stock
is reserved (the order every payment takes its locks in: product rows, then ledger accounts),
so the order, its reservation and the debit commit together or not at all — two checkouts
spending the same wallet at once both pass the balance check here, and the ledger's conditional
update lets only the one that fits through.

* The whole total: debited into escrow, and the order is paid at once through
  ``payments.mark_paid`` — the invoice's own path, so fulfilment, stock, books and SHU weights are
  those of an order paid by invoice. No invoice is opened.
* A part: debited into ``dompet_ditahan_pesanan`` (held for the order); the invoice asks for the
  rest. Paid, the part moves to escrow with the invoice's money (books.hold); expired, failed or
  cancelled, it goes back to the wallet once (books.return_wallet_part).

Refunds go back the way the money came: each sub-order carries its share of the wallet part
(split by the sub-orders' totals, largest remainder, at checkout), which its refund returns to
the wallet; the rest of it goes back through the invoice (to the wallet if the gateway cannot).
A purchase for a cooperative is paid with the cooperative's money, never a person's wallet.
"""

from __future__ import annotations

from dataclasses import dataclass

from market import service as market
from market.errors import DomainError, InsufficientBalance
from market.money import allocate
from orders.errors import InvalidOrder
from orders.schemas import WalletPreviewOut
from orders.service import books, money
from orders.service.money import Move
from orders.service.payments import mark_paid
from payments import service as payments

ALL = "all"


@dataclass(frozen=True)
class WalletPart:
    """The part of a checkout's total its buyer pays from their wallet."""

    wallet_id: int
    amount: int
    whole: bool  # the whole total: paid at once, no invoice


def _rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def _split(total: int, balance: int, choice: int | str) -> int:
    """How much of *total* the wallet pays for *choice*: an amount as asked (refused when it is
    over the total or the balance), or ``"all"``: the balance up to the total. The rest, if any,
    is the invoice's (payments.check_amount judges it)."""
    if choice == ALL:
        if balance <= 0:
            raise InsufficientBalance("Saldo dompet Anda kosong", field="wallet_amount")
        return min(balance, total)
    if isinstance(choice, bool) or not isinstance(choice, int) or choice < 0:
        raise InvalidOrder("Jumlah dari saldo harus rupiah bulat", field="wallet_amount")
    if choice > total:
        raise InvalidOrder(f"Jumlah dari saldo melebihi total pesanan ({_rupiah(total)})", field="wallet_amount")
    if choice > balance:
        raise InsufficientBalance(f"Saldo dompet tidak cukup (saldo {_rupiah(balance)})", field="wallet_amount")
    return choice


def wanted(choice: int | str | None) -> bool:
    """Whether the buyer asked to pay anything from the wallet."""
    return choice is not None and choice != 0


async def part_of(
    actor: market.Actor, total: int, choice: int | str | None, *, buy_for: int | None
) -> WalletPart | None:
    """The wallet part of a checkout of *total* (None: nothing from the wallet); refused as
    InvalidOrder or InsufficientBalance on ``wallet_amount``. Writes nothing (the PIN is apart)."""
    if not wanted(choice):
        return None
    if buy_for is not None:
        raise InvalidOrder(
            "Pembelian untuk koperasi dibayar dengan dana koperasi, bukan saldo dompet pribadi", field="wallet_amount"
        )
    wallet = await payments.wallet_of(actor)
    balance = await payments.wallet_balance(wallet.id)
    amount = _split(total, balance, choice if choice is not None else 0)
    return WalletPart(wallet_id=wallet.id, amount=amount, whole=amount == total)


async def preview(actor: market.Actor, total: int, choice: int | str | None) -> WalletPreviewOut:
    """How the total would be paid with *choice* (the checkout page's summary), and why not."""
    wallet = await payments.wallet_of(actor)
    balance = await payments.wallet_balance(wallet.id)
    if not wanted(choice) or total <= 0:
        return WalletPreviewOut(balance=balance, wallet_amount=0, invoice_amount=total)
    try:
        amount = _split(total, balance, choice if choice is not None else 0)
    except DomainError as exc:
        return WalletPreviewOut(balance=balance, wallet_amount=0, invoice_amount=total, problem=exc.detail)
    return WalletPreviewOut(balance=balance, wallet_amount=amount, invoice_amount=total - amount)


def shares(part: WalletPart | None, totals: list[int]) -> list[int]:
    """Each sub-order's share of the wallet part, by its total (largest remainder: they add up)."""
    if part is None or not part.amount:
        return [0] * len(totals)
    return allocate(part.amount, totals)


async def spend(order_id: int, part: WalletPart) -> None:
    """Inside checkout's insert transaction: take the part from the wallet (once per order), into
    escrow when it is the whole total — the order is then paid at once — else into the holding
    for unpaid orders. A balance spent meanwhile refuses the whole checkout."""
    to = await books.escrow_account() if part.whole else await books.wallet_held_account()
    try:
        moved = await payments.debit_wallet(
            part.wallet_id,
            part.amount,
            reference=f"order:{order_id}:wallet",
            description=f"Pembayaran pesanan #{order_id}" + ("" if part.whole else " (sebagian)"),
            to_account=to,
        )
    except InsufficientBalance:
        raise InsufficientBalance("Saldo dompet tidak cukup untuk pesanan ini", field="wallet_amount") from None
    await money.record(
        Move(
            order_id=order_id,
            key=f"order:{order_id}:wallet",
            kind="wallet_paid",
            amount=part.amount,
            wallet_movement_id=moved.id,
        )
    )
    if part.whole:
        await mark_paid(order_id, "dibayar dari saldo dompet")
