"""The month's sharing with savers, by average daily balance (koperasi.md §5):

    a saver's bagi hasil = nisbah × the pool's income of the month
                           × (the saver's average daily balance / the product's total)

The pool's income is the month's net credit of the product's income accounts, less its cost
accounts when the akad shares profit (none: it shares revenue). The savers' part is the nisbah's
share of that pool by the one largest-remainder splitter, and the members' parts are that same
splitter over their balance-days (Σ of end-of-day balances; the average daily balance is this over
the month's days), so they add up to the savers' part exactly. A wadiah bonus is the same split
of an amount the cooperative chooses to give (nothing is promised), over tabungan wadiah.

bagi hasil     Dr beban bagi hasil tabungan mudharabah (6111) / Cr each saver's tabungan mudharabah
bonus wadiah   Dr beban bonus tabungan wadiah (6112) / Cr each saver's tabungan wadiah (2105)

One run per product (or bonus) and month, booked the day it runs (an open period) in the
cooperative's time zone; asking again gives the first run back, two at once book once.
"""

from __future__ import annotations

from datetime import date

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market
from market.money import allocate
from market.service import Actor
from syariah.errors import RunNotFound
from syariah.models import MudharabahProduct, Share, ShareRun
from syariah.schemas import BonusIn, MemberShareOut, RunIn, RunOut, ShareOut
from syariah.service.common import MANAGERS, STAFF, balance_days, ended, month_label, syariah_coop
from syariah.service.mudharabah import account_code, product_of, saver_account

BAGI_HASIL, BONUS = "bagi_hasil", "bonus_wadiah"


async def _net(coop_id: int, codes: list[str], first: date, last: date, sign: int) -> int:
    """The month's natural movement of the cooperative's accounts *codes* (sign −1: an income's)."""
    if not codes:
        return 0
    marks = ", ".join("?" * len(codes))
    rows = await db.execute(
        "SELECT COALESCE(SUM(p.amount), 0) AS s FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id"
        f" WHERE p.book = ? AND p.booked_on >= ? AND p.booked_on <= ? AND a.code IN ({marks})",
        coop_id,
        first,
        last,
        *codes,
    )
    return int(rows[0]["s"]) * sign


async def _savers(coop_id: int, code: str) -> dict[int, int]:
    """Account id -> member id of every member's account *code* in the cooperative's book."""
    rows = await db.execute(
        "SELECT id, member_id FROM ledger_account WHERE cooperative_id = ? AND code = ? AND member_id IS NOT NULL",
        coop_id,
        code,
    )
    return {int(r["id"]): int(r["member_id"]) for r in rows}


async def _existing(reference: str) -> RunOut | None:
    row = await ShareRun.get_or_none(reference=reference)
    return await run_out(row) if row is not None else None


async def _book(
    coop_id: int,
    *,
    kind: str,
    month: str,
    first: date,
    last: date,
    day: date,
    savers_part: int,
    saver_code: str,
    account_for,
    expense_code: str,
    reference: str,
    description: str,
    actor: Actor,
    product: MudharabahProduct | None = None,
    income: int = 0,
    costs: int = 0,
) -> RunOut:
    accounts = await _savers(coop_id, saver_code)
    days_by_account = await balance_days(list(accounts), first, last)
    weighted = [(a, bd) for a, bd in sorted(days_by_account.items(), key=lambda kv: accounts[kv[0]]) if bd > 0]
    total_days = sum(bd for _, bd in weighted)
    parts = allocate(savers_part, [bd for _, bd in weighted]) if total_days and savers_part > 0 else [0] * len(weighted)
    try:
        async with db.transaction():
            run = await ShareRun.create(
                cooperative_id=coop_id,
                product_id=product.id if product else None,
                kind=kind,
                month=month,
                days=(last - first).days + 1,
                income=income,
                costs=costs,
                nisbah_bps=product.nisbah_bps if product else 0,
                savers_part=sum(parts),
                balance_days=total_days,
                reference=reference,
                booked_on=day,
                actor_user_id=actor.user_id,
                detail={"income_codes": product.income_codes, "cost_codes": product.cost_codes} if product else {},
            )
            await Share.bulk_create(
                [
                    Share(run_id=run.id, member_id=accounts[a], balance_days=bd, amount=part)
                    for (a, bd), part in zip(weighted, parts, strict=True)
                ]
            )
            if sum(parts):
                legs = [market.debit(await market.coop_account(coop_id, expense_code), sum(parts))]
                for (a, _), part in zip(weighted, parts, strict=True):
                    if part:
                        legs.append(market.credit(await account_for(accounts[a]), part))
                with market.booking_on(day):
                    await market.post_entry(
                        reference, legs, description=description, cooperative_id=coop_id, actor_user_id=actor.user_id
                    )
    except IntegrityError:  # the same month run at the same time elsewhere: that one stands
        existing = await _existing(reference)
        if existing is None:
            raise
        return existing
    return await run_out(run)


async def share_out(actor: Actor, coop_id: int, product_id: int, data: RunIn, *, as_of: date | None = None) -> RunOut:
    """Share the month's income of a mudharabah product with its savers (once per month)."""
    market.require_coop(actor, coop_id, MANAGERS)
    await syariah_coop(coop_id)
    product = await product_of(coop_id, product_id)
    reference = f"syariah:bagi_hasil:{product.id}:{data.month}"
    if (existing := await _existing(reference)) is not None:
        return existing
    first, last, day = await ended(coop_id, data.month, as_of)
    income = await _net(coop_id, list(product.income_codes), first, last, -1)
    costs = await _net(coop_id, list(product.cost_codes), first, last, 1)
    pool = income - costs
    savers_part = allocate(pool, [product.nisbah_bps, 10_000 - product.nisbah_bps])[0] if pool > 0 else 0
    return await _book(
        coop_id,
        kind=BAGI_HASIL,
        month=data.month,
        first=first,
        last=last,
        day=day,
        savers_part=savers_part,
        saver_code=account_code(product.id),
        account_for=lambda member_id: saver_account(coop_id, member_id, product.id),
        expense_code="beban_bagi_hasil",
        reference=reference,
        description=f"Bagi hasil {product.name} {month_label(data.month)}",
        actor=actor,
        product=product,
        income=income,
        costs=costs,
    )


async def give_bonus(actor: Actor, coop_id: int, data: BonusIn, *, as_of: date | None = None) -> RunOut:
    """A wadiah bonus for a month, at the cooperative's discretion, by average daily balance."""
    market.require_coop(actor, coop_id, MANAGERS)
    await syariah_coop(coop_id)
    reference = f"syariah:bonus_wadiah:{coop_id}:{data.month}"
    if (existing := await _existing(reference)) is not None:
        return existing
    first, last, day = await ended(coop_id, data.month, as_of)
    return await _book(
        coop_id,
        kind=BONUS,
        month=data.month,
        first=first,
        last=last,
        day=day,
        savers_part=data.amount,
        saver_code="simpanan_sukarela",
        account_for=lambda member_id: market.chart_account(coop_id, "simpanan_sukarela", member_id=member_id),
        expense_code="beban_bonus_wadiah",
        reference=reference,
        description=f"Bonus tabungan wadiah {month_label(data.month)} (tidak dijanjikan)",
        actor=actor,
    )


async def run_out(run: ShareRun) -> RunOut:
    return (await runs_out([run]))[0]


async def runs_out(rows: list[ShareRun]) -> list[RunOut]:
    """The runs with their shares: one read each of shares, members and products for all of them."""
    if not rows:
        return []
    coop_id = rows[0].cooperative_id
    shares: dict[int, list[Share]] = {r.id: [] for r in rows}
    for share in await Share.filter(run_id__in=list(shares)).order_by("member_id"):
        shares[share.run_id].append(share)
    ids = [s.member_id for group in shares.values() for s in group]
    members = {m.id: m for m in await market.members_by_id(coop_id, ids)}
    names = {p.id: p.name for p in await MudharabahProduct.filter(cooperative_id=coop_id)}
    return [
        RunOut(
            id=run.id,
            cooperative_id=run.cooperative_id,
            kind=run.kind,
            product_id=run.product_id,
            product_name=names.get(run.product_id or 0, "Tabungan wadiah"),
            month=run.month,
            days=run.days,
            income=run.income,
            costs=run.costs,
            nisbah_bps=run.nisbah_bps,
            pool=run.income - run.costs,
            savers_part=run.savers_part,
            balance_days=run.balance_days,
            total_average_balance=run.balance_days // run.days,
            booked_on=run.booked_on,
            reference=run.reference,
            shares=[
                ShareOut(
                    member_id=s.member_id,
                    member_number=members[s.member_id].member_number,
                    member_name=members[s.member_id].name,
                    balance_days=s.balance_days,
                    average_balance=s.balance_days // run.days,
                    amount=s.amount,
                )
                for s in shares[run.id]
            ],
        )
        for run in rows
    ]


async def runs(actor: Actor, coop_id: int, *, product_id: int | None = None) -> list[RunOut]:
    market.require_coop(actor, coop_id, STAFF)
    await syariah_coop(coop_id)
    query = ShareRun.filter(cooperative_id=coop_id)
    if product_id is not None:
        query = query.filter(product_id=product_id)
    return await runs_out(list(await query.order_by("-month", "id")))


async def get_run(actor: Actor, coop_id: int, run_id: int) -> RunOut:
    market.require_coop(actor, coop_id, STAFF)
    await syariah_coop(coop_id)
    row = await ShareRun.get_or_none(id=run_id, cooperative_id=coop_id)
    if row is None:
        raise RunNotFound("Perhitungan bagi hasil tidak ditemukan")
    return await run_out(row)


async def member_shares(actor: Actor, coop_id: int, member_id: int) -> list[MemberShareOut]:
    """The member's bagi hasil and bonuses, newest first, each with the inputs of its formula."""
    market.require_member_self(actor, coop_id, member_id)
    await syariah_coop(coop_id)
    shares = {s.run_id: s for s in await Share.filter(member_id=member_id)}
    rows = await ShareRun.filter(id__in=list(shares), cooperative_id=coop_id).order_by("-month", "id")
    names = {p.id: p.name for p in await MudharabahProduct.filter(cooperative_id=coop_id)}
    return [
        MemberShareOut(
            kind=r.kind,
            product_name=names.get(r.product_id or 0, "Tabungan wadiah"),
            month=r.month,
            days=r.days,
            pool=r.income - r.costs,
            nisbah_bps=r.nisbah_bps,
            savers_part=r.savers_part,
            balance_days=shares[r.id].balance_days,
            average_balance=shares[r.id].balance_days // r.days,
            total_balance_days=r.balance_days,
            total_average_balance=r.balance_days // r.days,
            amount=shares[r.id].amount,
            booked_on=r.booked_on,
        )
        for r in rows
    ]
