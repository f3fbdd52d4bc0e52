"""The ledger side of orders. Every function runs inside the caller's transaction (the one that
changes the sub-order's state) and each entry's reference makes it happen at most once.

Accounts:

    paid      platform  pembayaran_titipan (payments' clearing)      Dr paid
              platform  escrow_pesanan "Dana pesanan ditahan"         Cr paid
    complete  platform  escrow_pesanan                                Dr goods + delivery − supplier HPP
              platform  saldo_koperasi:<coop> (payments: payout src)  Cr goods + delivery − fee − supplier HPP
              platform  pendapatan_fee_pesanan (income)               Cr fee
    supplier  platform  escrow_pesanan                                Dr that member's HPP
              member    wallet of each supplying member               Cr that member's HPP (a wallet movement)
              coop      piutang_platform "Piutang penjualan"          Dr goods + delivery − fee − supplier HPP
              coop      beban_fee_platform (expense)                  Dr fee
              coop      hpp_penjualan (expense)                       Dr HPP of every line
              coop      pendapatan_penjualan (income)                 Cr goods
              coop      pendapatan_ongkir (income)                    Cr delivery
              coop      persediaan "Persediaan barang" (asset)        Cr HPP of lines not supplied by members
    refund    platform  escrow_pesanan                                Dr goods + delivery
              platform  pembayaran_titipan                            Cr goods + delivery (then payments refunds it)

The supplying member is owed the HPP of what they supplied: it is credited to their member wallet
(payments' wallet ledger account), so they can spend or withdraw it. The cooperative's margin on
a sub-order = goods − HPP − fee, and shows in its books as income minus those two expenses.
"""

from __future__ import annotations

from collections import defaultdict

from market import service as market
from market.money import allocate
from payments import service as payments

ESCROW = ("escrow_pesanan", "Dana pesanan ditahan untuk koperasi")
FEE_INCOME = ("pendapatan_fee_pesanan", "Pendapatan fee platform pesanan")


async def escrow_account():
    code, name = ESCROW
    return await market.get_or_create_account(
        code, name, market.AccountType.LIABILITY, allow_negative=False, cached=True
    )


async def hold_accounts():
    return await payments.clearing(), await escrow_account()


async def hold(order_id: int, amount: int, *, accounts=None) -> None:
    """The paid amount leaves the clearing account for the order's escrow."""
    clearing, escrow = accounts or await hold_accounts()
    await market.post_entry(
        f"order:{order_id}:escrow",
        [market.debit(clearing, amount), market.credit(escrow, amount)],
        description=f"Pesanan #{order_id} dibayar: dana ditahan untuk koperasi",
    )


async def release_refund(suborder_id: int, order_id: int, amount: int) -> None:
    """The sub-order's part goes back from escrow to clearing, for payments to refund it."""
    clearing, escrow = await payments.clearing(), await escrow_account()
    await market.post_entry(
        f"suborder:{suborder_id}:refund",
        [market.debit(escrow, amount), market.credit(clearing, amount)],
        description=f"Sub-pesanan #{suborder_id} (pesanan #{order_id}) dibatalkan: dana dikembalikan",
    )


def line_margins(lines, fee: int) -> list[tuple[int, int, int]]:
    """(cost, fee share, margin) of each line: the fee split by line totals (parts add up exactly)."""
    shares = (
        allocate(fee, [line.line_total for line in lines])
        if sum(line.line_total for line in lines)
        else [0] * len(lines)
    )
    out = []
    for line, share in zip(lines, shares, strict=True):
        cost = line.hpp_per_unit * line.quantity
        out.append((cost, share, line.line_total - cost - share))
    return out


async def _coop_sale_accounts(coop_id: int) -> list:
    """The cooperative's own accounts a completed sale moves, in its chart of accounts."""
    acct, kind = market.get_or_create_account, market.AccountType
    return [
        await acct(
            "piutang_platform",
            "Piutang penjualan di platform",
            kind.ASSET,
            cooperative_id=coop_id,
            allow_negative=False,
        ),
        await acct("beban_fee_platform", "Beban fee platform", kind.EXPENSE, cooperative_id=coop_id),
        await acct("hpp_penjualan", "Harga pokok penjualan", kind.EXPENSE, cooperative_id=coop_id),
        await acct("pendapatan_penjualan", "Pendapatan penjualan", kind.INCOME, cooperative_id=coop_id),
        await acct("pendapatan_ongkir", "Pendapatan ongkos kirim", kind.INCOME, cooperative_id=coop_id),
        await acct("persediaan", "Persediaan barang", kind.ASSET, cooperative_id=coop_id),
    ]


async def settle(sub, lines) -> bool:
    """Completion: escrow to the cooperative, its fee to the platform, HPP to suppliers; True if now."""
    coop_id = sub.cooperative_id
    fee = sub.platform_fee
    margins = line_margins(lines, fee)
    cost_total = sum(c for c, _, _ in margins)
    supplier_owed: dict[int, int] = defaultdict(int)
    for line, (cost, _, _) in zip(lines, margins, strict=True):
        if line.supplier_member_id is not None and cost:
            supplier_owed[line.supplier_member_id] += cost
    owed_suppliers = sum(supplier_owed.values())
    gross = sub.goods_total + sub.delivery_fee
    due = gross - fee - owed_suppliers
    escrow = await escrow_account()
    coop_balance = await payments.coop_balance_account(coop_id)
    fee_income = await market.get_or_create_account(*FEE_INCOME, market.AccountType.INCOME, cached=True)
    receivable, fee_expense, cogs, sales, shipping, inventory = await _coop_sale_accounts(coop_id)
    legs = [
        market.debit(escrow, gross - owed_suppliers),
        market.credit(coop_balance, due),
        market.credit(fee_income, fee),
        market.debit(receivable, due),
        market.debit(fee_expense, fee),
        market.debit(cogs, cost_total),
        market.credit(sales, sub.goods_total),
        market.credit(shipping, sub.delivery_fee),
        market.credit(inventory, cost_total - owed_suppliers),
    ]
    legs = [leg for leg in legs if leg.amount]
    _, created = await market.post_entry(
        f"suborder:{sub.id}:complete",
        legs,
        description=f"Sub-pesanan #{sub.id} selesai: pendapatan koperasi, fee platform, HPP pemasok",
        cooperative_id=coop_id,
    )
    # Each supplying member's HPP goes from escrow into their wallet: a line in their wallet history.
    for member_id, amount in sorted(supplier_owed.items()):
        wallet = await payments.member_wallet(coop_id, member_id)
        await payments.credit_wallet(
            wallet.id,
            amount,
            reference=f"suborder:{sub.id}:supplier:{member_id}",
            from_account=escrow,
            description=f"HPP barang pasokan, sub-pesanan #{sub.id}",
        )
    return created


async def participations(sub, lines, order) -> None:
    """SHU participations of the sub-order, once: ``supply`` for each supplying member (that line's
    margin), ``purchase`` for a buyer who is a member of the selling cooperative; other lines'
    margin is recorded as business with a non-member, so every rupiah of margin counts once."""
    coop_id = sub.cooperative_id
    buyer_member = order.buyer_member_id if order.buyer_cooperative_id == coop_id else None
    for line, (cost, _, margin) in zip(lines, line_margins(lines, sub.platform_fee), strict=True):
        if line.supplier_member_id is not None:
            await market.record_participation(
                coop_id, line.supplier_member_id, "supply", cost, margin, f"order-line:{line.id}:supply"
            )
            if buyer_member is not None:
                await market.record_participation(
                    coop_id, buyer_member, "purchase", line.line_total, 0, f"order-line:{line.id}:purchase"
                )
        else:
            await market.record_participation(
                coop_id, buyer_member, "purchase", line.line_total, margin, f"order-line:{line.id}:purchase"
            )


async def credit_buyer(order, amount: int, *, reference: str, description: str) -> None:
    """Money of the order that cannot go back through the gateway (a refund the payment method
    does not allow, a payment that arrived after the order lapsed) goes from clearing to whoever
    paid: the buying cooperative's balance for a B2B order, else the buyer's wallet. Once per
    *reference*."""
    if amount <= 0:
        return
    clearing = await payments.clearing()
    if order.buy_for_cooperative_id is not None:
        balance = await payments.coop_balance_account(order.buy_for_cooperative_id)
        await market.post_entry(
            reference,
            [market.debit(clearing, amount), market.credit(balance, amount)],
            description=description,
            cooperative_id=order.buy_for_cooperative_id,
        )
        return
    if order.buyer_member_id is not None and order.buyer_cooperative_id is not None:
        wallet = await payments.member_wallet(order.buyer_cooperative_id, order.buyer_member_id)
    else:
        wallet = await payments.user_wallet(order.buyer_user_id)
    await payments.credit_wallet(wallet.id, amount, reference=reference, from_account=clearing, description=description)
