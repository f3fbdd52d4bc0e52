"""The ledger side of a PPOB transaction: hold the money, settle it, or refund it.

Every function runs inside the caller's transaction (the one that changes the transaction's
state), and each entry's reference makes it happen at most once.

Accounts (each owner's legs balance on their own, so each set of books balances):

    hold    member wallet (or the cooperative's cash)   Dr sell
            coop  ppob_titipan  "Dana PPOB dalam proses" Cr sell
    settle  coop  ppob_titipan                           Dr sell
            coop  utang_ppob    "Utang PPOB ke platform" Cr cost + fee
            coop  pendapatan_ppob (income)               Cr margin
            platform piutang_ppob "Piutang PPOB koperasi" Dr cost + fee
            platform deposit_biller (asset)              Cr cost
            platform pendapatan_fee_ppob (income)        Cr fee
    refund  the reverse of hold, back to where the money came from
"""

from __future__ import annotations

from market.errors import InsufficientBalance
from market.service import coop_account, credit, debit, get_or_create_account, post_entry
from ppob.errors import WalletShort

# Where the member wallet lives. The payments package owns wallets; until its service offers
# debit/credit functions PPOB posts against the same ledger account it will use.
WALLET_CODE = "wallet"


async def wallet_account(coop_id: int, member_id: int):
    return await get_or_create_account(
        WALLET_CODE, "Saldo dompet", "liability", cooperative_id=coop_id, member_id=member_id, allow_negative=False
    )


async def wallet_balance(coop_id: int, member_id: int) -> int:
    account = await wallet_account(coop_id, member_id)
    from market.service import balance_of

    return await balance_of(account.id)


async def _held(coop_id: int):
    return await get_or_create_account(
        "ppob_titipan", "Dana PPOB dalam proses", "liability", cooperative_id=coop_id, allow_negative=False
    )


async def _source(channel: str, coop_id: int, member_id: int | None):
    if channel == "cash":
        return await coop_account(coop_id, "kas")
    return await wallet_account(coop_id, member_id)


async def hold(txn) -> None:
    """Take the sell price from the payer into the cooperative's PPOB holding account."""
    source = await _source(str(txn.channel), txn.cooperative_id, txn.member_id)
    held = await _held(txn.cooperative_id)
    try:
        await post_entry(
            f"ppob:{txn.id}:hold",
            [debit(source, txn.sell_price), credit(held, txn.sell_price)],
            description=f"PPOB {txn.product_name} {txn.customer_no}",
            cooperative_id=txn.cooperative_id,
        )
    except InsufficientBalance as exc:
        if str(txn.channel) == "cash":
            raise
        raise WalletShort("Saldo dompet tidak cukup untuk transaksi ini", field="pay_with") from exc


async def refund(txn) -> bool:
    """Give the held money back to where it came from; True when it happened now."""
    source = await _source(str(txn.channel), txn.cooperative_id, txn.member_id)
    held = await _held(txn.cooperative_id)
    _, created = await post_entry(
        f"ppob:{txn.id}:refund",
        [debit(held, txn.sell_price), credit(source, txn.sell_price)],
        description=f"Pengembalian PPOB {txn.product_name} {txn.customer_no}",
        cooperative_id=txn.cooperative_id,
    )
    return created


async def settle(txn, cost: int, fee: int, margin: int) -> None:
    """Turn the held money into the platform's due (cost + fee) and the cooperative's margin."""
    coop = txn.cooperative_id
    held = await _held(coop)
    payable = await get_or_create_account("utang_ppob", "Utang PPOB ke platform", "liability", cooperative_id=coop)
    income = await get_or_create_account("pendapatan_ppob", "Pendapatan PPOB", "income", cooperative_id=coop)
    receivable = await get_or_create_account("piutang_ppob", "Piutang PPOB koperasi", "asset")
    deposit = await get_or_create_account("deposit_biller", "Deposit di biller", "asset")
    fee_income = await get_or_create_account("pendapatan_fee_ppob", "Pendapatan fee PPOB", "income")
    await post_entry(
        f"ppob:{txn.id}:settle",
        [
            debit(held, txn.sell_price),
            credit(payable, cost + fee),
            credit(income, margin),
            debit(receivable, cost + fee),
            credit(deposit, cost),
            credit(fee_income, fee),
        ],
        description=f"PPOB berhasil {txn.product_name} {txn.customer_no}",
        cooperative_id=coop,
    )
