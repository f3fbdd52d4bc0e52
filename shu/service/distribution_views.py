"""What the distribution looks like: its status and progress, the funds' balances, the credits
(the cashier's list of cash shares), the report (CSV, A4 PDF) and a member's SHU by year."""

from __future__ import annotations

from market import service as market
from market.clock import today_in
from market.csvfile import to_csv
from market.statement_pdf import to_pdf
from market.statement_tables import Table
from shu.distribution_errors import CreditNotFound, NotApproved
from shu.distribution_schemas import CreditOut, DistributionOut, FundBalance, HistoryYear
from shu.models import Distribution, MemberCredit, PayoutMethod, ProposalState, ShuFund, ShuMemberShare, ShuProposal

POOLS = ("jasa_usaha", "jasa_modal")
METHOD_NAMES = {"wallet": "Saldo dompet", "sukarela": "Simpanan sukarela", "cash": "Tunai di kasir"}
STATUS_NAMES = {"credited": "Sudah masuk", "unpaid": "Belum dibayar", "paid": "Sudah dibayar", "": "Belum dibagi"}


def _method(proposal: ShuProposal) -> str:
    return str(PayoutMethod(proposal.policy.get("payout") or PayoutMethod.WALLET))


def _credit_status(credit: MemberCredit) -> str:
    if credit.method != PayoutMethod.CASH:
        return "credited"
    return "paid" if credit.paid_at is not None else "unpaid"


async def _latest(coop_id: int, year: int) -> ShuProposal:
    proposal = await ShuProposal.filter(cooperative_id=coop_id, fiscal_year=year).order_by("-version").first()
    if proposal is None:
        raise NotApproved(f"Belum ada usulan SHU tahun {year}")
    return proposal


async def fund_balances(proposal: ShuProposal) -> list[FundBalance]:
    from shu.service.distribution import fund_account

    out = []
    for fund in await ShuFund.filter(proposal_id=proposal.id).order_by("id"):
        if fund.code in POOLS:
            continue
        account = await fund_account(proposal.cooperative_id, fund.code, proposal.policy)
        balance = await market.balance_of(account.id)
        out.append(
            FundBalance(
                code=fund.code, name=fund.name, account_number=account.number, amount=fund.amount, balance=balance
            )
        )
    return out


async def status(coop_id: int, year: int) -> DistributionOut:
    """The year's distribution: not started, running (x of n members) or finished."""
    proposal = await _latest(coop_id, year)
    dist = await Distribution.get_or_none(proposal_id=proposal.id)
    shares = ShuMemberShare.filter(proposal_id=proposal.id, total__gt=0)
    totals = [int(s["total"]) for s in await shares.values("total")]
    members, amount = len(totals), sum(totals)
    out = DistributionOut(
        cooperative_id=coop_id,
        fiscal_year=year,
        proposal_id=proposal.id,
        version=proposal.version,
        proposal_state=str(proposal.state),
        status="not_started",
        method=_method(proposal),
        shu=proposal.shu_after_tax,
        members=members,
        credited=0,
        amount=int(amount),
        credited_amount=0,
        funds=await fund_balances(proposal) if dist is not None else [],
    )
    if dist is None:
        return out
    credits = await MemberCredit.filter(distribution_id=dist.id).values("amount", "method", "paid_at")
    cash = [c for c in credits if c["method"] == PayoutMethod.CASH]
    return out.model_copy(
        update={
            "distribution_id": dist.id,
            "status": "finished" if dist.finished_at is not None else "running",
            "credited": len(credits),
            "credited_amount": sum(int(c["amount"]) for c in credits),
            "cash_unpaid": sum(1 for c in cash if c["paid_at"] is None),
            "cash_paid": sum(1 for c in cash if c["paid_at"] is not None),
            "started_at": dist.started_at,
            "finished_at": dist.finished_at,
        }
    )


async def _names(coop_id: int, member_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Member id -> (number, name), paging through the cooperative's members."""
    out: dict[int, tuple[str, str]] = {}
    offset, page = 0, 5000
    while len(out) < len(member_ids):
        rows = await market.list_members(coop_id, limit=page, offset=offset)
        out.update({m.id: (m.member_number, m.name) for m in rows if m.id in member_ids})
        if len(rows) < page:
            break
        offset += page
    return out


def _credit_out(credit: MemberCredit, names: dict[int, tuple[str, str]], year: int = 0) -> CreditOut:
    number, name = names.get(credit.member_id, ("", ""))
    return CreditOut(
        id=credit.id,
        fiscal_year=year,
        member_id=credit.member_id,
        member_number=number,
        name=name,
        jasa_usaha=int(credit.detail.get("jasa_usaha", 0)),
        jasa_modal=int(credit.detail.get("jasa_modal", 0)),
        amount=credit.amount,
        method=str(credit.method),
        reference=credit.reference,
        credited_at=credit.credited_at,
        paid_at=credit.paid_at,
        paid_by_user_id=credit.paid_by_user_id,
        status=_credit_status(credit),
    )


async def credit(coop_id: int, credit_id: int) -> CreditOut:
    row = await MemberCredit.get_or_none(id=credit_id).select_related("distribution__proposal")
    if row is None or row.distribution.proposal.cooperative_id != coop_id:
        raise CreditNotFound("Bagian SHU tidak ditemukan")
    return _credit_out(row, await _names(coop_id, {row.member_id}), row.distribution.proposal.fiscal_year)


async def cash_credits(coop_id: int, *, actor: market.Actor, unpaid_only: bool = False, q: str = "") -> list[CreditOut]:
    """The cash shares of every distribution of the cooperative (the cashier's list), newest year first."""
    from shu.service.distribution import CASHIERS

    market.require_coop(actor, coop_id, roles=CASHIERS)
    query = MemberCredit.filter(distribution__proposal__cooperative_id=coop_id, method=PayoutMethod.CASH)
    if unpaid_only:
        query = query.filter(paid_at__isnull=True)
    rows = await query.order_by("-distribution_id", "member_id").limit(2000).select_related("distribution__proposal")
    names = await _names(coop_id, {r.member_id for r in rows})
    out = [_credit_out(r, names, r.distribution.proposal.fiscal_year) for r in rows]
    q = q.strip().lower()
    return [c for c in out if q in c.name.lower() or q in c.member_number.lower()] if q else out


async def report(coop_id: int, year: int, *, actor: market.Actor) -> tuple[DistributionOut, list[CreditOut]]:
    """The distribution report: every member with a share, how it was paid and whether it is."""
    market.require_coop(actor, coop_id)
    out = await status(coop_id, year)
    proposal = await ShuProposal.get(id=out.proposal_id)
    shares = await ShuMemberShare.filter(proposal_id=proposal.id, total__gt=0).order_by("member_id")
    credits = {}
    if out.distribution_id is not None:
        credits = {c.member_id: c for c in await MemberCredit.filter(distribution_id=out.distribution_id)}
    names = await _names(coop_id, {s.member_id for s in shares})
    rows = []
    for s in shares:
        c = credits.get(s.member_id)
        number, name = names.get(s.member_id, ("", ""))
        rows.append(
            _credit_out(c, names, year)
            if c is not None
            else CreditOut(
                id=0,
                fiscal_year=year,
                member_id=s.member_id,
                member_number=number,
                name=name,
                jasa_usaha=s.jasa_usaha,
                jasa_modal=s.jasa_modal,
                amount=s.total,
                method=out.method,
                reference="",
                status="credited",
            )  # fmt: skip
        )
    rows.sort(key=lambda r: r.member_number)
    return out, rows


REPORT_COLUMNS = ["No. anggota", "Nama", "Jasa usaha", "Jasa modal", "Jumlah", "Cara bayar", "Status"]


def _status_text(row: CreditOut) -> str:
    return STATUS_NAMES[row.status] if row.credited_at is not None else STATUS_NAMES[""]


async def report_csv(coop_id: int, year: int, *, actor: market.Actor) -> str:
    _, rows = await report(coop_id, year, actor=actor)
    return to_csv(
        (
            [r.member_number, r.name, r.jasa_usaha, r.jasa_modal, r.amount, METHOD_NAMES[r.method], _status_text(r)]
            for r in rows
        ),
        header=REPORT_COLUMNS,
    )


async def report_pdf(coop_id: int, year: int, *, actor: market.Actor) -> bytes:
    out, rows = await report(coop_id, year, actor=actor)
    coop = await market.get_cooperative(coop_id)
    t = Table(f"Laporan Pembagian SHU Tahun {year}", coop.name, f"01-01-{year} s.d. 31-12-{year}", REPORT_COLUMNS)
    for r in rows:
        t.add(r.member_number, r.name, r.jasa_usaha, r.jasa_modal, r.amount, METHOD_NAMES[r.method], _status_text(r))
    t.add(
        "",
        "Jumlah",
        sum(r.jasa_usaha for r in rows),
        sum(r.jasa_modal for r in rows),
        out.amount,
        "",
        "",
        style="total",
    )
    return to_pdf(t, printed_on=today_in(coop))  # the cooperative's day


async def member_history(coop_id: int, member_id: int) -> list[HistoryYear]:
    """A member's SHU per fiscal year (newest first): the latest version's state and share, and
    how it was paid (wallet / sukarela / cash, paid or not) once distributed."""
    await market.get_member(coop_id, member_id)
    proposals = (
        await ShuProposal.filter(cooperative_id=coop_id)
        .exclude(state=ProposalState.SUPERSEDED)
        .order_by("-fiscal_year", "-version")
    )
    latest: dict[int, ShuProposal] = {}
    for p in proposals:
        latest.setdefault(p.fiscal_year, p)
    shares = {
        s.proposal_id: s
        for s in await ShuMemberShare.filter(proposal_id__in=[p.id for p in latest.values()], member_id=member_id)
    }
    credits = {
        c.distribution.proposal_id: c
        for c in await MemberCredit.filter(
            member_id=member_id, distribution__proposal_id__in=[p.id for p in latest.values()]
        ).select_related("distribution")
    }
    out = []
    for year, p in latest.items():
        s, c = shares.get(p.id), credits.get(p.id)
        out.append(
            HistoryYear(
                fiscal_year=year,
                version=p.version,
                state=str(p.state),
                jasa_usaha=s.jasa_usaha if s else 0,
                jasa_modal=s.jasa_modal if s else 0,
                total=s.total if s else 0,
                method=str(c.method) if c else None,
                paid=(c.method != PayoutMethod.CASH or c.paid_at is not None) if c else None,
                paid_at=c.paid_at if c and c.method == PayoutMethod.CASH else (c.credited_at if c else None),
                credit_id=c.id if c else None,
            )  # fmt: skip
        )
    return out
