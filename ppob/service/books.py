"""The ledger side of a PPOB transaction: hold the money, settle it, or refund it.

Every function runs inside the caller's transaction (the one that changes the transaction's
state), and each entry's reference makes it happen at most once.

Accounts (each owner's legs balance on their own, so each set of books balances):

    hold    member wallet, the cooperative's cash, or     Dr sell
            payments' clearing (a paid Xendit invoice)
            coop  ppob_titipan  "Dana PPOB dalam proses"  Cr sell
    settle  coop  ppob_titipan                            Dr sell
            coop  utang_ppob    "Utang PPOB ke platform"  Cr cost + fee
            coop  ppob_anggota / ppob_non_anggota         Cr margin (a member's: their jasa-usaha weight)
            platform piutang_ppob:<coop> (its pair)       Dr cost + fee
            platform deposit_biller (asset)               Cr cost
            platform pendapatan_fee_ppob (income)         Cr fee

A purchase paid by a Xendit invoice crosses books (payments' clearing is the platform's, the
holding account the cooperative's): ``market.bridge`` adds the inter-book pair.
    refund  the reverse of hold: to the wallet or the cash it came from; a purchase paid by a
            Xendit invoice is refunded to the member's wallet (see ``refund``)

The member's wallet is the payments package's wallet: the same ledger account a top-up on
/dompet credits, moved through ``payments.service.debit_wallet`` / ``credit_wallet`` so each
PPOB spend and refund is also a line of the wallet's history.
"""

from __future__ import annotations

from market.chart import PLATFORM_PPOB_PAIR
from market.errors import InsufficientBalance
from market.service import (
    AccountType,
    bridge,
    chart_account,
    coop_account,
    credit,
    debit,
    get_or_create_account,
    post_entry,
)
from payments import service as payments
from ppob.errors import WalletShort


async def wallet_account(coop_id: int, member_id: int):
    """The member's wallet's ledger account (the one payments tops up)."""
    wallet = await payments.member_wallet(coop_id, member_id)
    return await payments.wallet_ledger_account(wallet.id)


async def wallet_balance(coop_id: int, member_id: int) -> int:
    wallet = await payments.member_wallet(coop_id, member_id)
    return await payments.wallet_balance(wallet.id)


async def _held(coop_id: int):
    return await chart_account(coop_id, "ppob_titipan")


def _what(txn) -> str:
    return f"PPOB {txn.product_name} {txn.customer_no}"


async def hold(txn) -> None:
    """Take the sell price from the payer into the cooperative's PPOB holding account."""
    held = await _held(txn.cooperative_id)
    channel = str(txn.channel)
    if channel == "wallet":
        wallet = await payments.member_wallet(txn.cooperative_id, txn.member_id)
        try:
            await payments.debit_wallet(
                wallet, txn.sell_price, reference=f"ppob:{txn.id}:hold", description=_what(txn), to_account=held
            )
        except InsufficientBalance as exc:
            raise WalletShort("Saldo dompet tidak cukup untuk transaksi ini", field="pay_with") from exc
        return
    source = await coop_account(txn.cooperative_id, "kas") if channel == "cash" else await payments.clearing()
    await post_entry(
        f"ppob:{txn.id}:hold",
        await bridge([debit(source, txn.sell_price), credit(held, txn.sell_price)]),
        description=_what(txn),
        cooperative_id=txn.cooperative_id,
    )


async def refund(txn) -> bool:
    """Give the held money back; True when it happened now.

    Cash goes back to the cooperative's cash (the cashier hands it back). A wallet purchase goes
    back to the wallet. A purchase paid by a Xendit invoice is refunded to the member's wallet
    too, not through the gateway: it is instant and exactly once in the same database
    transaction as the failure, costs no refund fee, and the member can spend it or ask for it.
    """
    held = await _held(txn.cooperative_id)
    if str(txn.channel) == "cash":
        source = await coop_account(txn.cooperative_id, "kas")
        _, created = await post_entry(
            f"ppob:{txn.id}:refund",
            [debit(held, txn.sell_price), credit(source, txn.sell_price)],
            description=f"Pengembalian {_what(txn)}",
            cooperative_id=txn.cooperative_id,
        )
        return created
    wallet = await payments.member_wallet(txn.cooperative_id, txn.member_id)
    moved = await payments.credit_wallet(
        wallet,
        txn.sell_price,
        reference=f"ppob:{txn.id}:refund",
        description=f"Pengembalian {_what(txn)}",
        from_account=held,
    )
    return moved.created


async def refund_late_payment(txn, amount: int) -> bool:
    """An invoice paid after its purchase expired: the money (in payments' clearing) goes to the
    member's wallet, once."""
    wallet = await payments.member_wallet(txn.cooperative_id, txn.member_id)
    moved = await payments.credit_wallet(
        wallet,
        amount,
        reference=f"ppob:{txn.id}:late",
        description=f"Pembayaran terlambat {_what(txn)}",
        from_account=await payments.clearing(),
    )
    return moved.created


async def settle(txn, cost: int, fee: int, margin: int) -> None:
    """Turn the held money into the platform's due (cost + fee) and the cooperative's margin."""
    coop = txn.cooperative_id
    held = await _held(coop)
    payable = await chart_account(coop, "utang_ppob")
    member = txn.member_id
    income = await chart_account(coop, "ppob_anggota" if member is not None else "ppob_non_anggota")
    code, name = PLATFORM_PPOB_PAIR
    receivable = await get_or_create_account(
        code.format(coop_id=coop), name.format(coop_id=coop), AccountType.ASSET, cached=True
    )
    deposit = await get_or_create_account("deposit_biller", "Deposit di biller", AccountType.ASSET, cached=True)
    fee_income = await get_or_create_account(
        "pendapatan_fee_ppob", "Pendapatan fee PPOB", AccountType.INCOME, cached=True
    )
    tag = {"member_id": member, "kind": "ppob"} if member is not None else {}
    await post_entry(
        f"ppob:{txn.id}:settle",
        [
            debit(held, txn.sell_price),
            credit(payable, cost + fee),
            credit(income, margin, **tag),
            debit(receivable, cost + fee),
            credit(deposit, cost),
            credit(fee_income, fee),
        ],
        description=f"PPOB berhasil {txn.product_name} {txn.customer_no}",
        cooperative_id=coop,
    )
