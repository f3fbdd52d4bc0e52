"""Set-up of the shop tests: a cooperative with a cashier on shift, goods with their HPP in
persediaan (bought for cash), a member with a login, a PIN and money in their wallet."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from catalog import service as catalog
from market import db as database
from market import service as market
from market.service import Actor, Role
from payments import service as payments
from retail import service as retail
from retail.schemas import LineIn, SaleIn
from tests.builders import make_coop, make_member, make_product, make_user

PIN = "246810"
_ids = itertools.count(1)


@dataclass
class Shop:
    coop: object
    cashier: Actor
    member: object
    member_user: object
    wallet_id: int
    kopi: object  # 30,500 a pcs (10+: 28,000), HPP 21,000, 20 in stock
    gula: object  # 12,000 a kg, HPP 9,000, 5 kg in stock


def cashier_of(coop_id: int) -> Actor:
    n = 200_000 + next(_ids)
    return Actor(n, f"kasir{n}@uji.id", f"Kasir {n}", Role.CASHIER, coop_id, None)


async def shop(*, wallet: int = 200_000, till: int = 500_000, pin: bool = True) -> Shop:
    coop = await make_coop()
    kas = await market.coop_account(coop.id, "kas")
    await market.post_entry(
        f"test:till-{coop.id}",
        [
            market.debit(kas, till + 2_000_000),
            market.credit(await market.coop_account(coop.id, "modal_penyertaan"), till + 2_000_000),
        ],
    )
    kopi = await make_product(
        coop.id,
        sku=f"KOPI-{coop.id}",
        name="Kopi Arabika 250 g",
        unit="pcs",
        price_idr=30_500,
        stock=0,
        tiers=[{"min_qty": 10, "price_idr": 28_000}],
        cost_idr=21_000,
        category="kopi-teh",
    )
    gula = await make_product(
        coop.id,
        sku=f"GULA-{coop.id}",
        name="Gula Aren",
        unit="kg",
        price_idr=12_000,
        stock=0,
        cost_idr=9_000,
        category="minyak-gula",
    )
    for p, n in ((kopi, 20), (gula, 5)):  # bought for cash: persediaan = stock × HPP
        await catalog.adjust_stock(p.id, n, reason="pembelian awal", booking="kas", reference=f"awal-{p.id}")
    member = await make_member(coop.id, phone="081299988877")
    user = await make_user("member", member_id=member.id, coop_id=coop.id) if pin else None
    if user is not None:
        await payments.set_pin(user.id, PIN)
    account = await payments.member_wallet(coop.id, member.id)
    if wallet:
        await payments.credit_wallet(account.id, wallet, reference=f"test-topup-{member.id}", from_account=kas)
    cashier = cashier_of(coop.id)
    await retail.open_shift(coop.id, 100_000, actor=cashier)
    return Shop(coop, cashier, member, user, account.id, kopi, gula)


def sale(*lines: tuple[object, str], method: str = "cash", member: str = "", pin: str = "", key: str = "") -> SaleIn:
    return SaleIn(
        client_id=key or f"sale-{next(_ids):08d}",
        lines=[LineIn(product_id=p.id, quantity=Decimal(q)) for p, q in lines],
        method=method,
        member=member,
        pin=pin,
    )


async def bal(coop_id: int, code: str) -> int:
    return await market.balance_of((await market.coop_account(coop_id, code)).id)


async def figures(s: Shop) -> dict[str, int]:
    c = s.coop.id
    out = {
        code: await bal(c, code)
        for code in (
            "kas",
            "bank",
            "persediaan",
            "penjualan_anggota",
            "penjualan_non_anggota",
            "hpp_anggota",
            "hpp_non_anggota",
            "pendapatan_lain",
            "beban_lain",
        )
    }
    out["wallet"] = await payments.wallet_balance(s.wallet_id)
    out["kliring"] = await market.balance_of((await retail.clearing_account(c)).id)
    out["stock_kopi"] = (await catalog.stock_of(s.kopi.id)).stock
    out["stock_gula"] = (await catalog.stock_of(s.gula.id)).stock
    return out


def diff(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before[k] for k in after if after[k] != before[k]}


async def purchase_weight(coop_id: int, member_id: int) -> int:
    """The member's jasa-usaha weight from purchases, as the live SHU reads it off the book."""
    shu = await market.live_shu(coop_id)
    mine = shu.members.get(member_id)
    return mine.by_kind.get("purchase", 0) if mine else 0


async def count(table: str, where: str = "", *args) -> int:
    rows = await database.execute(f"SELECT COUNT(*) AS n FROM {table} {where}", *args)
    return int(rows[0]["n"])
