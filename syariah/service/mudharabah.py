"""Tabungan mudharabah: the cooperative's products (nisbah and the income pool each shares), and
the members' savings in them — cash in and out at the counter, each movement one entry of the
cooperative's book:

deposit      Dr kas / Cr tabungan mudharabah (the member's, of the product)
withdrawal   Dr tabungan mudharabah / Cr kas (never below zero: the ledger refuses it)
"""

from __future__ import annotations

import uuid

from market import chart, db
from market import service as market
from market.errors import Conflict
from market.service import AccountType, Actor, idempotency
from syariah.errors import InvalidProduct, ProductNotFound
from syariah.models import MudharabahProduct
from syariah.schemas import BalanceOut, MovementIn, ProductIn, ProductOut
from syariah.service.common import MANAGERS, STAFF, syariah_coop

ACCOUNT_PREFIX = "tabungan_mudharabah:"
NOT_A_COST = frozenset({"beban_bagi_hasil", "beban_bonus_wadiah"})  # what the sharing itself books


def account_code(product_id: int) -> str:
    return f"{ACCOUNT_PREFIX}{product_id}"


async def list_products(actor: Actor, coop_id: int) -> list[ProductOut]:
    market.require_coop(actor, coop_id, STAFF | {market.Role.MEMBER})
    await syariah_coop(coop_id)
    rows = await MudharabahProduct.filter(cooperative_id=coop_id).order_by("id")
    return [ProductOut.model_validate(r) for r in rows]


def _check_codes(data: ProductIn) -> None:
    for field, codes, kinds in (
        ("income_codes", data.income_codes, {AccountType.INCOME}),
        ("cost_codes", data.cost_codes, {AccountType.EXPENSE}),
    ):
        for code in codes:
            spec = chart.BY_CODE.get(code)
            if spec is None or spec.type not in kinds or spec.per_member or code in NOT_A_COST:
                what = "pendapatan" if field == "income_codes" else "beban"
                raise InvalidProduct(f"Akun {code} bukan akun {what} yang dapat dibagihasilkan", field=field)


async def create_product(actor: Actor, coop_id: int, data: ProductIn) -> ProductOut:
    market.require_coop(actor, coop_id, MANAGERS)
    await syariah_coop(coop_id)
    _check_codes(data)
    if await MudharabahProduct.exists(cooperative_id=coop_id, name=data.name):
        raise Conflict("Produk dengan nama ini sudah ada", field="name")
    row = await MudharabahProduct.create(cooperative_id=coop_id, **data.model_dump())
    return ProductOut.model_validate(row)


async def product_of(coop_id: int, product_id: int) -> MudharabahProduct:
    row = await MudharabahProduct.get_or_none(id=product_id, cooperative_id=coop_id)
    if row is None:
        raise ProductNotFound("Produk tabungan mudharabah tidak ditemukan")
    return row


async def saver_account(coop_id: int, member_id: int, product_id: int):
    """The member's tabungan mudharabah of the product (line 2117), opened on first use."""
    spec = chart.BY_CODE["tabungan_mudharabah"]
    return await market.get_or_create_account(
        account_code(product_id),
        spec.name,
        spec.type,
        cooperative_id=coop_id,
        member_id=member_id,
        allow_negative=False,
        number=spec.number,
    )


async def _move(actor: Actor, coop_id: int, data: MovementIn, sign: int, claim) -> BalanceOut:
    await syariah_coop(coop_id)
    product = await product_of(coop_id, data.product_id)
    member = await market.get_member(coop_id, data.member_id)
    if sign > 0 and member.status == market.MemberStatus.EXITED:
        raise Conflict("Anggota sudah keluar; tabungan tidak dapat ditambah", field="member_id")
    account = await saver_account(coop_id, member.id, product.id)
    cash = await market.coop_account(coop_id, "kas")
    what = "Setoran" if sign > 0 else "Penarikan"
    legs = (
        [market.debit(cash, data.amount), market.credit(account, data.amount)]
        if sign > 0
        else [market.debit(account, data.amount), market.credit(cash, data.amount)]
    )
    async with db.transaction():
        await market.post_entry(
            f"syariah:mudharabah:{coop_id}:{claim.reference if claim else uuid.uuid4().hex}",
            legs,
            description=f"{what} tabungan mudharabah {product.name} {member.member_number}"
            + (f" — {data.note}" if data.note else ""),
            cooperative_id=coop_id,
            actor_user_id=actor.user_id,
        )
    return await _balance(coop_id, member, product)


async def _balance(coop_id: int, member, product: MudharabahProduct) -> BalanceOut:
    account = await saver_account(coop_id, member.id, product.id)
    return BalanceOut(
        member_id=member.id,
        member_number=member.member_number,
        member_name=member.name,
        product_id=product.id,
        product_name=product.name,
        balance=await market.balance_of(account.id),
    )


async def move(
    actor: Actor, coop_id: int, data: MovementIn, *, withdraw: bool = False, idempotency_key: str | None = None
) -> BalanceOut:
    """A cash deposit (or withdrawal) at the counter by staff; the same key gets the first answer."""
    market.require_coop(actor, coop_id, STAFF)
    op = "syariah.mudharabah.withdraw" if withdraw else "syariah.mudharabah.deposit"
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        {"op": op, "cooperative_id": coop_id, **data.model_dump()},
        lambda claim: _move(actor, coop_id, data, -1 if withdraw else 1, claim),
        dump=lambda b: b.model_dump(),
        load=BalanceOut.model_validate,
        status=201,
    )


async def balances(actor: Actor, coop_id: int, *, member_id: int | None = None) -> list[BalanceOut]:
    """Every saver's balance per product (a member: their own only)."""
    if actor.role == market.Role.MEMBER:
        market.require_member_self(actor, coop_id, actor.member_id or 0)
        member_id = actor.member_id
    else:
        market.require_coop(actor, coop_id, STAFF)
    await syariah_coop(coop_id)
    where, args = ("AND a.member_id = ?", [member_id]) if member_id is not None else ("", [])
    rows = await db.execute(
        "SELECT a.code, a.balance, m.id AS member_id, m.member_number, m.name, p.id AS product_id, p.name AS product"
        " FROM ledger_account a JOIN member m ON m.id = a.member_id"
        " JOIN syariah_mudharabah_product p ON a.code = ? || CAST(p.id AS TEXT) AND p.cooperative_id = a.cooperative_id"
        f" WHERE a.cooperative_id = ? AND a.code LIKE ? {where} ORDER BY p.id, m.member_number",
        ACCOUNT_PREFIX,
        coop_id,
        f"{ACCOUNT_PREFIX}%",
        *args,
    )
    return [
        BalanceOut(
            member_id=r["member_id"],
            member_number=r["member_number"],
            member_name=r["name"],
            product_id=r["product_id"],
            product_name=r["product"],
            balance=-int(r["balance"]),
        )
        for r in rows
    ]
