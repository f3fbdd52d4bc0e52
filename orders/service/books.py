"""The ledger side of orders. Every function runs inside the caller's transaction (the one that
changes the sub-order's state) and each entry's reference makes it happen at most once.

Each entry balances within each book it touches (the platform's and a cooperative's); where money
crosses between them ``market.bridge`` adds the inter-book pair (``piutang_platform`` at the
cooperative, ``saldo_koperasi:<id>`` at the platform).

    paid      platform  pembayaran_titipan (payments' clearing)        Dr paid by the invoice
              platform  dompet_ditahan_pesanan (a part from the wallet) Dr the wallet part
              platform  escrow_pesanan "Dana pesanan ditahan"           Cr paid
              buyer coop uang_muka_pembelian (a B2B order only)         Dr paid
              buyer coop bank (the coop paid the invoice from its bank) Cr paid
    complete  platform  escrow_pesanan                                  Dr goods + delivery
              platform  pendapatan_fee_pesanan (income)                 Cr fee
              platform  saldo_koperasi:<coop> (bridge)                  Cr the rest
              coop      piutang_platform (bridge)                       Dr goods + delivery − fee
              coop      beban_fee_platform                              Dr fee
              coop      hpp_anggota / hpp_non_anggota                   Dr HPP of each line
              coop      penjualan_anggota / penjualan_non_anggota       Cr each line's total
              coop      ongkir_anggota / ongkir_non_anggota             Cr delivery
              coop      persediaan                                      Cr HPP of its own stock
              coop      wallet of each supplying member                 Cr that member's HPP ("hasil penjualan")
    refund    platform  escrow_pesanan                                  Dr goods + delivery
              platform  pembayaran_titipan                              Cr its invoice part (then payments refunds it)
              buyer's   wallet                                          Cr its wallet part (payments.credit_wallet)

Paying from the wallet (payments.debit_wallet, the wallet in its owner's book, bridged):

    whole     buyer's   wallet                                          Dr total
              platform  escrow_pesanan                                  Cr total (then ``paid`` has no entry: it is held)
    a part    buyer's   wallet                                          Dr the part
              platform  dompet_ditahan_pesanan "Saldo dompet ditahan"   Cr the part (``paid`` moves it to escrow)
    lapsed    platform  dompet_ditahan_pesanan                          Dr the part (the invoice expired or failed,
              buyer's   wallet                                          Cr the part   or the buyer cancelled)
    refunded  buyer coop bank (the refund reached it, a B2B order only)  Dr goods + delivery
              buyer coop uang_muka_pembelian                            Cr goods + delivery

A line is business with a member (partisipasi anggota) when the buyer is a member of the selling
cooperative or the goods are a member's own produce it sells for them; the rest is business with
non-members. The legs that weigh in a member's jasa usaha carry the member: the revenue of what a
member bought (``purchase``, its line total) and the HPP of what a member supplied (``supply``,
the value of their produce).
"""

from __future__ import annotations

from dataclasses import dataclass

from market import service as market
from market.money import allocate
from orders.service import money
from orders.service.money import Move
from payments import service as payments

ESCROW = ("escrow_pesanan", "Dana pesanan ditahan untuk koperasi")
# The part of an unpaid order's total taken from the buyer's wallet, until its invoice is paid.
WALLET_HELD = ("dompet_ditahan_pesanan", "Saldo dompet ditahan untuk pesanan belum lunas")
FEE_INCOME = ("pendapatan_fee_pesanan", "Pendapatan fee platform pesanan")


async def escrow_account():
    code, name = ESCROW
    return await market.get_or_create_account(
        code, name, market.AccountType.LIABILITY, allow_negative=False, cached=True
    )


async def wallet_held_account():
    code, name = WALLET_HELD
    return await market.get_or_create_account(
        code, name, market.AccountType.LIABILITY, allow_negative=False, cached=True
    )


async def hold_accounts():
    return await payments.clearing(), await escrow_account()


async def hold(
    order_id: int, amount: int, *, accounts=None, buyer_coop_id: int | None = None, from_wallet: int = 0
) -> None:
    """The paid amount leaves the clearing account (and *from_wallet* of it the wallet part held
    since checkout) for the order's escrow; a cooperative buying for itself books the same amount
    as an advance to its suppliers, paid from its bank."""
    clearing, escrow = accounts or await hold_accounts()
    legs = [market.debit(clearing, amount - from_wallet), market.credit(escrow, amount)]
    if from_wallet:
        legs.append(market.debit(await wallet_held_account(), from_wallet))
    if buyer_coop_id is not None:
        legs += [
            market.debit(await market.chart_account(buyer_coop_id, "uang_muka_pembelian"), amount),
            market.credit(await market.chart_account(buyer_coop_id, "bank"), amount),
        ]
    await market.post_entry(
        f"order:{order_id}:escrow",
        legs,
        description=f"Pesanan #{order_id} dibayar: dana ditahan untuk koperasi",
        cooperative_id=buyer_coop_id,
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


async def _sale_legs(sub, lines, margins, member_business) -> list:
    """The selling cooperative's legs of a completed sub-order (its side of ``settle``)."""
    coop_id, acct = sub.cooperative_id, market.chart_account
    buyer = member_business["buyer"]
    side = "anggota" if buyer is not None else "non_anggota"
    legs = [
        market.debit(await acct(coop_id, "beban_fee_platform"), sub.platform_fee),
        market.credit(await acct(coop_id, f"ongkir_{side}"), sub.delivery_fee),
    ]
    own_stock = 0
    for line, (cost, _, _) in zip(lines, margins, strict=True):
        supplier = line.supplier_member_id
        line_side = "anggota" if buyer is not None or supplier is not None else "non_anggota"
        tag = {"member_id": buyer, "kind": "purchase"} if buyer is not None else {}
        legs.append(market.credit(await acct(coop_id, f"penjualan_{line_side}"), line.line_total, **tag))
        supplied = {"member_id": supplier, "kind": "supply"} if supplier is not None else {}
        legs.append(market.debit(await acct(coop_id, f"hpp_{line_side}"), cost, **supplied))
        if supplier is not None and cost:
            legs.append(market.credit(await acct(coop_id, "wallet", member_id=supplier), cost))
        else:
            own_stock += cost
    legs.append(market.credit(await acct(coop_id, "persediaan"), own_stock))
    return legs


async def settle(sub, lines, order) -> bool:
    """Completion: escrow to the cooperative, its fee to the platform, HPP to suppliers; True if now."""
    coop_id = sub.cooperative_id
    fee = sub.platform_fee
    margins = line_margins(lines, fee)
    buyer = order.buyer_member_id if order.buyer_cooperative_id == coop_id else None
    escrow = await escrow_account()
    fee_income = await market.get_or_create_account(*FEE_INCOME, market.AccountType.INCOME, cached=True)
    legs = [
        market.debit(escrow, sub.goods_total + sub.delivery_fee),
        market.credit(fee_income, fee),
        *await _sale_legs(sub, lines, margins, {"buyer": buyer}),
    ]
    entry, created = await market.post_entry(
        f"suborder:{sub.id}:complete",
        await market.bridge([leg for leg in legs if leg.amount]),
        description=f"Sub-pesanan #{sub.id} selesai: pendapatan koperasi, fee platform, HPP pemasok",
        cooperative_id=coop_id,
    )
    if created:
        moves = _settled_moves(sub, entry.id)
        for line in lines:
            if line.supplier_member_id is not None and line.hpp_per_unit * line.quantity:
                await payments.record_wallet_movement(
                    coop_id,
                    line.supplier_member_id,
                    line.hpp_per_unit * line.quantity,
                    reference=f"suborder:{sub.id}:supplier:{line.id}",
                    kind="sale",
                    description=f"Hasil penjualan {line.name}, pesanan #{sub.order_id}",
                )
                moves.append(
                    Move(
                        **_of(sub, entry.id),
                        key=f"suborder:{sub.id}:supplier:{line.id}",
                        kind="supplier_credit",
                        amount=line.hpp_per_unit * line.quantity,
                        member_id=line.supplier_member_id,
                    )
                )
        await money.record(*moves)
    return created


def _of(sub, entry_id: int | None = None) -> dict:
    """The fields every movement of a sub-order shares."""
    return {
        "order_id": sub.order_id,
        "suborder_id": sub.id,
        "cooperative_id": sub.cooperative_id,
        "journal_entry_id": entry_id,
    }


def _settled_moves(sub, entry_id: int) -> list[Move]:
    share = sub.goods_total + sub.delivery_fee - sub.platform_fee
    return [
        Move(**_of(sub, entry_id), key=f"suborder:{sub.id}:complete", kind="coop_credited", amount=share),
        Move(**_of(sub, entry_id), key=f"suborder:{sub.id}:fee", kind="platform_fee", amount=sub.platform_fee),
    ]


async def advance_refunded(order, suborder_id: int, amount: int) -> None:
    """A B2B sub-order's refund reached the buying cooperative's bank: its advance (booked when
    it paid) is back in the bank. Once per sub-order."""
    coop_id = order.buy_for_cooperative_id
    if coop_id is None or amount <= 0:
        return
    await market.post_entry(
        f"suborder:{suborder_id}:refund-to-bank",
        [
            market.debit(await market.chart_account(coop_id, "bank"), amount),
            market.credit(await market.chart_account(coop_id, "uang_muka_pembelian"), amount),
        ],
        description=f"Refund sub-pesanan #{suborder_id} (pesanan #{order.id}) diterima di bank: uang muka kembali",
        cooperative_id=coop_id,
    )


@dataclass(frozen=True)
class Booked:
    """Where money given back to the buyer went: their wallet's movement, or (a B2B order) the
    buying cooperative's journal entry."""

    wallet_movement_id: int | None = None
    journal_entry_id: int | None = None


async def credit_buyer(order, amount: int, *, reference: str, description: str, advanced: bool = True) -> Booked:
    """Money of the order that cannot go back through the gateway (a refund the payment method
    does not allow, a payment that arrived after the order lapsed) goes from clearing to whoever
    paid: the buying cooperative's balance for a B2B order, else the buyer's wallet. Once per
    *reference*.

    For a B2B order, *advanced* says whether the money was booked as the cooperative's advance
    (a held part refunded) or never reached its book (a late payment: it left the bank unbooked,
    so the bank is credited)."""
    if amount <= 0:
        return Booked()
    clearing = await payments.clearing()
    if order.buy_for_cooperative_id is not None:
        # The buying cooperative's advance (or its bank) comes back as money the platform holds for it.
        code = "uang_muka_pembelian" if advanced else "bank"
        advance = await market.chart_account(order.buy_for_cooperative_id, code)
        entry, _ = await market.post_entry(
            reference,
            await market.bridge([market.debit(clearing, amount), market.credit(advance, amount)]),
            description=description,
            cooperative_id=order.buy_for_cooperative_id,
        )
        return Booked(journal_entry_id=entry.id)
    wallet_id = order.wallet_id or (await buyer_wallet(order)).id
    moved = await payments.credit_wallet(
        wallet_id, amount, reference=reference, from_account=clearing, description=description
    )
    return Booked(wallet_movement_id=moved.id)


async def buyer_wallet(order):
    """The wallet the buyer's money comes back to: their member wallet, else their login's."""
    if order.buyer_member_id is not None and order.buyer_cooperative_id is not None:
        return await payments.member_wallet(order.buyer_cooperative_id, order.buyer_member_id)
    return await payments.user_wallet(order.buyer_user_id)


async def return_wallet_part(order, why: str) -> None:
    """The wallet part of an order that will not be paid (its invoice expired or failed, the buyer
    cancelled) goes back from where it was held to the wallet, once."""
    if not order.wallet_amount or order.wallet_id is None:
        return
    moved = await payments.credit_wallet(
        order.wallet_id,
        order.wallet_amount,
        reference=f"order:{order.id}:wallet-return",
        from_account=await wallet_held_account(),
        description=f"Pesanan #{order.id} {why}: saldo dikembalikan",
    )
    await money.record(
        Move(
            order_id=order.id,
            key=f"order:{order.id}:wallet-return",
            kind="wallet_returned",
            amount=order.wallet_amount,
            wallet_movement_id=moved.id,
        )
    )


async def refund_wallet_share(order, sub) -> None:
    """A refunded sub-order's share of the wallet part goes from escrow straight back to the
    wallet it came from, once (the rest of its total goes back through the invoice)."""
    if not sub.wallet_amount or order.wallet_id is None:
        return
    moved = await payments.credit_wallet(
        order.wallet_id,
        sub.wallet_amount,
        reference=f"suborder:{sub.id}:refund-wallet",
        from_account=await escrow_account(),
        description=f"Sub-pesanan #{sub.id} (pesanan #{order.id}) dibatalkan: saldo dikembalikan",
    )
    await money.record(
        Move(
            **_of(sub),
            key=f"suborder:{sub.id}:refund-wallet",
            kind="refund_wallet",
            amount=sub.wallet_amount,
            wallet_movement_id=moved.id,
        )
    )
