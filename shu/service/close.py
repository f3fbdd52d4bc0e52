"""The year-end close: the SHU proposal of a fiscal year, stored as a version.

``close_year`` refuses a year whose books are not locked through 31 December (the figures could
still change), computes the proposal from the book (shu.service.compute), freezes the year's policy
and stores the proposal with its funds and every member's share in one transaction. ``revise``
makes the next version (after the meeting rejected it, or before any vote) and marks the previous
one superseded, kept. An approved or distributed year is never recomputed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from market import db
from market import service as market
from shu.errors import AlreadyApproved, AlreadyClosed, NoProposal, ProposalNotOpen, YearNotLocked
from shu.models import ProposalState, ShuFund, ShuMemberShare, ShuProposal
from shu.schemas import FundOut, MemberShareOut, PolicyIn, ProposalOut
from shu.service import compute
from shu.service.policy import freeze, fund_name

DECIDED = (ProposalState.APPROVED, ProposalState.DISTRIBUTED)
BATCH = 5000


async def _names(coop_id: int, ids: list[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    rows = await db.execute("SELECT id, member_number, name FROM member WHERE cooperative_id = ?", coop_id)
    return {int(r["id"]): (str(r["member_number"]), str(r["name"])) for r in rows}


async def _out(p: ShuProposal, *, members: bool = True, member_id: int | None = None) -> ProposalOut:
    funds = [
        FundOut(code=f.code, name=f.name, bps=f.bps, amount=f.amount)
        for f in await ShuFund.filter(proposal_id=p.id).order_by("id")
    ]
    shares: list[MemberShareOut] = []
    if members or member_id is not None:
        query = ShuMemberShare.filter(proposal_id=p.id).order_by("member_id")
        if member_id is not None:
            query = query.filter(member_id=member_id)
        rows = await query
        names = await _names(p.cooperative_id, [r.member_id for r in rows]) if members else {}
        shares = [
            MemberShareOut(
                member_id=r.member_id,
                member_number=names.get(r.member_id, ("", ""))[0],
                name=names.get(r.member_id, ("", ""))[1],
                weights=dict(r.weights),
                capital=r.capital,
                jasa_usaha=r.jasa_usaha,
                jasa_modal=r.jasa_modal,
                total=r.total,
            )
            for r in rows
        ]
    return ProposalOut(
        id=p.id,
        cooperative_id=p.cooperative_id,
        fiscal_year=p.fiscal_year,
        version=p.version,
        state=p.state.value,
        income=p.income,
        expenses=p.expenses,
        shu_before_tax=p.shu_before_tax,
        tax=p.tax,
        shu_after_tax=p.shu_after_tax,
        shu=p.shu_after_tax,
        member_shu=p.member_shu,
        non_member_shu=p.non_member_shu,
        funds=funds,
        members=shares,
        policy=dict(p.policy),
        detail=dict(p.detail),
        created_at=p.created_at,
        decided_at=p.decided_at,
        decided_by_item_id=p.decided_by_item_id,
    )


async def _latest(coop_id: int, year: int) -> ShuProposal | None:
    return await ShuProposal.filter(cooperative_id=coop_id, fiscal_year=year).order_by("-version").first()


async def get_proposal(coop_id: int, year: int, version: int | None = None, *, members: bool = True) -> ProposalOut:
    """The year's proposal (the latest version unless *version*); NoProposal when there is none."""
    query = ShuProposal.filter(cooperative_id=coop_id, fiscal_year=year)
    p = await (query.filter(version=version).first() if version else query.order_by("-version").first())
    if p is None:
        raise NoProposal(f"Belum ada usulan SHU tahun {year}" + (f" versi {version}" if version else ""))
    return await _out(p, members=members)


async def latest_proposal(coop_id: int, year: int, *, members: bool = True) -> ProposalOut | None:
    p = await _latest(coop_id, year)
    return None if p is None else await _out(p, members=members)


async def member_share(coop_id: int, year: int, member_id: int) -> ProposalOut | None:
    """The latest proposal of the year with only this member's share in ``members`` (or none)."""
    p = await _latest(coop_id, year)
    return None if p is None else await _out(p, members=False, member_id=member_id)


async def _check(coop_id: int, year: int, revise: bool) -> tuple[ShuProposal | None, int]:
    coop = await market.get_cooperative(coop_id)
    locked = coop.books_locked_through
    if locked is None or locked < date(year, 12, 31):
        shown = locked.strftime("%d-%m-%Y") if locked else "belum pernah"
        raise YearNotLocked(
            f"Buku {year} belum dikunci sampai 31-12-{year} (terkunci sampai: {shown}); tutup bulan Desember dulu"
        )
    latest = await _latest(coop_id, year)
    if latest is not None and latest.state in DECIDED:
        raise AlreadyApproved(
            f"Usulan SHU {year} versi {latest.version} sudah disahkan RAT; tidak dapat dihitung ulang"
        )
    if latest is not None and not revise:
        raise AlreadyClosed(f"Tahun buku {year} sudah ditutup (versi {latest.version}); gunakan revisi untuk koreksi")
    return latest, (latest.version + 1 if latest else 1)


def _detail(fig: compute.Figures, funds: dict[str, int], rows: list[compute.MemberRow], extra: dict) -> dict[str, Any]:
    by_line: dict[str, int] = {}
    for r in rows:
        for line, amount in r.weights.items():
            by_line[line] = by_line.get(line, 0) + max(amount, 0)
    return {
        **extra,
        "members": len(rows),
        "weight_by_line": by_line,
        "capital_total": sum(r.capital for r in rows),
        "capital_weight_total": sum(r.capital_weight for r in rows),
        "pool_jasa_usaha": funds.get("jasa_usaha", 0),
        "pool_jasa_modal": funds.get("jasa_modal", 0),
        "loss": fig.shu_after_tax < 0,
    }


async def _compute(coop_id: int, year: int, policy: PolicyIn):
    fig = await compute.figures(coop_id, year)
    funds, extra = compute.split_funds(fig, policy)
    members = await compute.eligible_members(coop_id, year, policy.exited_members_share)
    rows = await compute.member_rows(coop_id, year, policy, members)
    left = compute.split_members(rows, funds.get("jasa_usaha", 0), funds.get("jasa_modal", 0), policy)
    if left:
        for pool in ("jasa_usaha", "jasa_modal"):
            taken = sum(r.jasa_usaha if pool == "jasa_usaha" else r.jasa_modal for r in rows)
            if pool in funds:
                funds[pool] = taken
        funds["cadangan"] = funds.get("cadangan", 0) + left
        extra["undistributed_to_cadangan"] = left
    return fig, funds, rows, _detail(fig, funds, rows, extra)


async def _store(coop_id, year, version, fig, funds, rows, policy, detail, actor_id) -> ShuProposal:
    p = await ShuProposal.create(
        cooperative_id=coop_id,
        fiscal_year=year,
        version=version,
        state=ProposalState.PROPOSED,
        income=fig.income,
        expenses=fig.expenses,
        shu_before_tax=fig.shu_before_tax,
        tax=fig.tax,
        shu_after_tax=fig.shu_after_tax,
        member_shu=fig.member_shu,
        non_member_shu=fig.non_member_shu,
        policy=policy.model_dump(),
        detail=detail,
        created_by_user_id=actor_id,
    )
    await ShuFund.bulk_create(
        [
            ShuFund(
                proposal_id=p.id, code=c, name=fund_name(c, policy.fund_names), bps=policy.funds.get(c, 0), amount=a
            )
            for c, a in funds.items()
        ]
    )
    shares = [
        ShuMemberShare(
            proposal_id=p.id,
            member_id=r.member_id,
            weights=r.weights,
            capital=r.capital,
            jasa_usaha=r.jasa_usaha,
            jasa_modal=r.jasa_modal,
            total=r.jasa_usaha + r.jasa_modal,
        )
        for r in rows
        if r.weights or r.capital_weight or r.jasa_usaha or r.jasa_modal
    ]
    for start in range(0, len(shares), BATCH):
        await ShuMemberShare.bulk_create(shares[start : start + BATCH])
    return p


async def close_year(coop_id: int, year: int, *, actor: market.Actor | None, revise: bool = False) -> ProposalOut:
    """Close fiscal *year*: compute and store its SHU proposal (v1, or the next version with *revise*)."""
    async with db.transaction():
        previous, version = await _check(coop_id, year, revise)
        policy = await freeze(coop_id, year)
        fig, funds, rows, detail = await _compute(coop_id, year, policy)
        if previous is not None:
            previous.state = ProposalState.SUPERSEDED
            await previous.save(update_fields=["state"])
        p = await _store(coop_id, year, version, fig, funds, rows, policy, detail, actor.user_id if actor else None)
    return await _out(p, members=False)


async def _book_loss(p: ShuProposal) -> None:
    """A loss covered by the reserve: Dr cadangan / Cr shu_belum_dibagi, today (an open period)."""
    loss = -p.shu_after_tax
    cadangan = await market.chart_account(p.cooperative_id, "cadangan")
    carried = await market.chart_account(p.cooperative_id, "shu_belum_dibagi")
    await market.post_entry(
        f"shu:{p.cooperative_id}:{p.fiscal_year}:loss",
        [market.debit(cadangan, loss), market.credit(carried, loss)],
        description=f"Kerugian tahun {p.fiscal_year} ditutup dari cadangan (keputusan RAT)",
        cooperative_id=p.cooperative_id,
    )


async def decide(proposal_id: int, *, approved: bool, item_id: int | None) -> ProposalOut:
    """The meeting's decision (rat calls this in its own transaction); idempotent."""
    async with db.transaction():
        p = await ShuProposal.select_for_update().get_or_none(id=proposal_id)
        if p is None:
            raise NoProposal(f"Usulan SHU {proposal_id} tidak ada")
        target = ProposalState.APPROVED if approved else ProposalState.REJECTED
        if p.state == target or (approved and p.state == ProposalState.DISTRIBUTED):
            return await _out(p, members=False)
        if p.state != ProposalState.PROPOSED:
            raise ProposalNotOpen(f"Usulan SHU versi {p.version} berstatus {p.state.value}; tidak dapat diputuskan")
        p.state, p.decided_at, p.decided_by_item_id = target, datetime.now(UTC), item_id
        await p.save(update_fields=["state", "decided_at", "decided_by_item_id"])
        if approved and p.shu_after_tax < 0 and p.policy.get("loss_carry") == "cadangan":
            await _book_loss(p)
    return await _out(p, members=False)
