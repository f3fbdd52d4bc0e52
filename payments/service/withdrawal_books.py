"""The books of a wallet's cash-out, step by step (payouts.apply_payout calls ``book_outcome``).

At request the wallet gives amount + fee to the platform's "held for withdrawal" liability (a
movement of kind ``withdrawal``; bridged when the wallet is in a cooperative's book). When the
provider pays it out, the held money leaves Xendit's cash and the fee becomes the platform's
income. When it fails or is cancelled, the held money goes back to the wallet (``withdrawal_return``);
when the bank reverses a paid one, the cash comes back and the fee is given up first. The payout's
state machine applies each final state once, so each of these happens once.
"""

from __future__ import annotations

from market import service as market
from payments.events import WithdrawalPaid, WithdrawalReturned
from payments.models import Payout, PayoutStatus, WalletMovement
from payments.service import accounts
from payments.service.wallets import get_wallet

S = PayoutStatus
HELD = ("dana_tarik_dompet", "Penarikan dompet dalam proses")
FEE_INCOME = ("pendapatan_biaya_tarik", "Pendapatan biaya tarik dompet")


async def held_account():
    code, name = HELD
    return await market.get_or_create_account(
        code, name, market.AccountType.LIABILITY, allow_negative=False, cached=True
    )


async def fee_account():
    code, name = FEE_INCOME
    return await market.get_or_create_account(code, name, market.AccountType.INCOME, cached=True)


async def wallet_account_of(wallet_id: int):
    wallet = await get_wallet(wallet_id)
    return wallet, await accounts.wallet_account(
        cooperative_id=wallet.cooperative_id, member_id=wallet.member_id, user_id=wallet.user_id
    )


async def book_hold(payout: Payout, *, actor_user_id: int | None, description: str) -> None:
    """In the caller's transaction: amount + fee out of the wallet into the held account."""
    assert payout.wallet_id is not None
    wallet, account = await wallet_account_of(payout.wallet_id)
    total = payout.amount + payout.fee
    await WalletMovement.create(
        wallet_id=wallet.id,
        amount=-total,
        kind="withdrawal",
        reference=f"wallet:withdrawal:{payout.id}",
        description=description[:255],
    )
    await market.post_entry(
        f"wallet:withdrawal:{payout.id}",
        await market.bridge([market.debit(account, total), market.credit(await held_account(), total)]),
        description=description,
        cooperative_id=wallet.cooperative_id,
        actor_user_id=actor_user_id,
    )


async def book_outcome(payout: Payout, target: PayoutStatus, previous: PayoutStatus, failure_code: str) -> None:
    """In apply_payout's transaction, once per final state: settle or return the held money."""
    assert payout.wallet_id is not None
    total, fee = payout.amount + payout.fee, payout.fee
    held = await held_account()
    fields = {
        "payout_id": payout.id,
        "wallet_id": payout.wallet_id,
        "amount": payout.amount,
        "fee": fee,
        "status": target.value,
        "failure_code": failure_code,
    }
    if target == S.SUCCEEDED:
        legs = [market.debit(held, total), market.credit(await accounts.xendit_cash(), payout.amount)]
        if fee:
            legs.append(market.credit(await fee_account(), fee))
        await market.post_entry(
            f"wallet:withdrawal:{payout.id}:paid", legs, description=f"Penarikan dompet #{payout.id} terkirim"
        )
        await market.publish(WithdrawalPaid(**fields))
        return
    if previous == S.SUCCEEDED:  # the bank sent it back: the cash returns, the fee is given up
        legs = [market.debit(await accounts.xendit_cash(), payout.amount), market.credit(held, total)]
        if fee:
            legs.append(market.debit(await fee_account(), fee))
        await market.post_entry(
            f"wallet:withdrawal:{payout.id}:reversed",
            legs,
            description=f"Penarikan dompet #{payout.id} dikembalikan bank",
        )
    wallet, account = await wallet_account_of(payout.wallet_id)
    await WalletMovement.create(
        wallet_id=wallet.id,
        amount=total,
        kind="withdrawal_return",
        reference=f"wallet:withdrawal:{payout.id}:return",
        description=f"Penarikan #{payout.id} {_WHY.get(target, 'gagal')}: dana dikembalikan",
    )
    await market.post_entry(
        f"wallet:withdrawal:{payout.id}:return",
        await market.bridge([market.debit(held, total), market.credit(account, total)]),
        description=f"Penarikan dompet #{payout.id} {target.value}: dana kembali ke dompet",
        cooperative_id=wallet.cooperative_id,
    )
    await market.publish(WithdrawalReturned(**fields))


_WHY = {S.FAILED: "gagal", S.CANCELLED: "dibatalkan", S.REVERSED: "dikembalikan bank"}
