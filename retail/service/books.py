"""The shop's entries in the cooperative's book, each in the transaction of its change and once
per reference, dated the cooperative's day of the sale (a POS's yesterday is booked yesterday).

    sale      kas / bank (cash, POS QRIS/bank)  Dr total      (wallet: kliring_toko, emptied by
              penjualan_anggota|non_anggota     Cr each line   the wallet debit in payments;
                                                               counter QRIS: payments' clearing,
                                                               bridged to piutang_platform)
              hpp_anggota|non_anggota           Dr HPP
              persediaan                        Cr HPP
    return    the mirror of the returned part (refund to kas / bank / the wallet)
    shift     a closing count above the till:   Dr kas / Cr pendapatan_lain (selisih kas lebih)
              below it:                         Dr beban_lain / Cr kas (selisih kas kurang)

A member's sale credits penjualan_anggota carrying the member (``kind`` purchase), exactly as
orders books a member's purchase, so it weighs in their SHU (market.service.shu); a return
debits it with the member, and the weight goes down again.
"""

from __future__ import annotations

from market import service as market
from market.service import AccountType

CLEARING = ("kliring_toko", "2196", "Kliring pembayaran toko dari dompet anggota")
PAID_INTO = {"cash": "kas", "qris": "bank", "bank": "bank"}


async def clearing_account(coop_id: int):
    code, number, name = CLEARING
    return await market.get_or_create_account(
        code, name, AccountType.LIABILITY, cooperative_id=coop_id, allow_negative=True, number=number, cached=True
    )


async def paid_account(coop_id: int, method: str):
    if method == "wallet":
        return await clearing_account(coop_id)
    return await market.chart_account(coop_id, PAID_INTO[method])


async def sale_legs(
    coop_id: int, member_id: int | None, method: str, lines: list[tuple[int, int]], *, paid_into=None
) -> list:
    """Legs of a sale of *lines* (line total, HPP), the money debited to *paid_into* (default: the
    method's account); ``mirrored`` for a return."""
    side = "anggota" if member_id is not None else "non_anggota"
    kind = "purchase" if member_id is not None else None
    total = sum(t for t, _ in lines)
    hpp = sum(h for _, h in lines)
    sales_account = await market.chart_account(coop_id, f"penjualan_{side}")
    legs = [market.debit(paid_into or await paid_account(coop_id, method), total)]
    legs += [market.credit(sales_account, t, member_id=member_id, kind=kind) for t, _ in lines if t]
    if hpp:
        legs += [
            market.debit(await market.chart_account(coop_id, f"hpp_{side}"), hpp),
            market.credit(await market.chart_account(coop_id, "persediaan"), hpp),
        ]
    return [leg for leg in legs if leg.amount]


def mirrored(legs: list) -> list:
    return [market.Leg(leg.account, -leg.amount, member_id=leg.member_id, kind=leg.kind) for leg in legs]


async def book(reference: str, legs: list, *, day, description: str, coop_id: int, actor_user_id: int | None):
    if not legs:
        return None
    with market.booking_on(day):
        entry, _ = await market.post_entry(
            reference, legs, description=description, cooperative_id=coop_id, actor_user_id=actor_user_id
        )
    return entry


async def shift_legs(coop_id: int, difference: int) -> list:
    kas = await market.chart_account(coop_id, "kas")
    if difference > 0:
        return [
            market.debit(kas, difference),
            market.credit(await market.chart_account(coop_id, "pendapatan_lain"), difference),
        ]
    return [
        market.debit(await market.chart_account(coop_id, "beban_lain"), -difference),
        market.credit(kas, -difference),
    ]
