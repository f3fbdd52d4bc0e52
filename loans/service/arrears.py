"""Arrears, collectibility and the provision (cadangan risiko), and the portfolio figures the
health indicators read.

A loan's days past due (as of a date) count from the oldest instalment still unpaid after its due
date; its band follows the cooperative's policy (default lancar ≤ 90 days, kurang lancar ≤ 180,
diragukan ≤ 270, macet beyond). The provision the policy asks for is, per loan, its band's bp of
the outstanding principal (default 0 / 50 / 75 / 100 %, the RPM weights of koperasi.md §6),
rounded half up; ``book_provisions`` moves the booked provision to that sum when it changes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from loans.models import Loan, Provision, ScheduleLine, Status
from loans.schemas import BANDS, ArrearsRow, Portfolio
from loans.service.books import book_provision
from loans.service.common import band_of, days_past_due, overdue, policy_of, today
from market import db
from market import service as market
from market.money import apply_bps
from market.service import Actor

RPM_BPS = {"lancar": 0, "kurang_lancar": 5000, "diragukan": 7500, "macet": 10000}


async def _rows(coop_id: int, as_of: date) -> list[ArrearsRow]:
    policy = await policy_of(coop_id)
    loans = list(await Loan.filter(cooperative_id=coop_id, status=Status.ACTIVE).order_by("id"))
    lines: dict[int, list[ScheduleLine]] = defaultdict(list)
    for line in await ScheduleLine.filter(loan_id__in=[x.id for x in loans]).order_by("seq"):
        lines[line.loan_id].append(line)
    names = {}
    member_ids = sorted({x.member_id for x in loans})  # a member may have several loans running
    if member_ids:
        marks = ", ".join("?" * len(member_ids))
        for r in await db.execute(f"SELECT id, name FROM member WHERE id IN ({marks})", *member_ids):
            names[int(r["id"])] = str(r["name"])
    out = []
    for loan in loans:
        dpd = days_past_due(lines[loan.id], as_of)
        band = band_of(dpd, policy.bands)
        out.append(
            ArrearsRow(
                loan_id=loan.id,
                member_id=loan.member_id,
                member_name=names.get(loan.member_id, ""),
                outstanding=loan.outstanding,
                overdue=overdue(lines[loan.id], as_of),
                days_past_due=dpd,
                band=band,
                provision=apply_bps(loan.outstanding, policy.provisions[BANDS.index(band)]),
            )
        )
    return out


async def arrears(actor: Actor, coop_id: int, as_of: date | None = None, *, late_only: bool = True) -> list[ArrearsRow]:
    """Running loans with their days past due and band (only the late ones unless *late_only* is off)."""
    market.require_coop(actor, coop_id)
    await market.get_cooperative(coop_id)  # NotFound for a cooperative that does not exist
    rows = await _rows(coop_id, as_of or await today(coop_id))
    rows = [r for r in rows if r.days_past_due > 0] if late_only else rows
    return sorted(rows, key=lambda r: (-r.days_past_due, r.loan_id))


async def provision_booked(coop_id: int) -> int:
    """The provision in the books (the natural, credit balance of the reserve)."""
    account = await market.coop_account(coop_id, "cadangan_risiko_pinjaman")
    return -await market.balance_of(account.id)


async def portfolio(coop_id: int, as_of: date | None = None, *, actor: Actor | None = None) -> Portfolio:
    """Outstanding, at risk (any instalment late), non-performing (kurang lancar and worse), by band,
    as of *as_of* (default: the cooperative's today); *actor* must be its staff or the operator."""
    if actor is not None:
        market.require_coop(actor, coop_id)
    await market.get_cooperative(coop_id)  # NotFound for a cooperative that does not exist
    as_of = as_of or await today(coop_id)
    rows = await _rows(coop_id, as_of)
    by_band = dict.fromkeys(BANDS, 0)
    for r in rows:
        by_band[r.band] += r.outstanding
    return Portfolio(
        cooperative_id=coop_id,
        as_of=as_of,
        loans=len(rows),
        outstanding=sum(r.outstanding for r in rows),
        at_risk=sum(r.outstanding for r in rows if r.days_past_due > 0),
        non_performing=sum(v for k, v in by_band.items() if k != "lancar"),
        by_band=by_band,
        rpm=sum(apply_bps(v, RPM_BPS[k]) for k, v in by_band.items()),
        provision_required=sum(r.provision for r in rows),
        provision_booked=await provision_booked(coop_id),
    )


async def book_provisions(coop_id: int, as_of: date | None = None) -> int:
    """Book the change of the cooperative's provision to what its loans ask for today; the change."""
    as_of = as_of or await today(coop_id)
    async with db.transaction():
        target = sum(r.provision for r in await _rows(coop_id, as_of))
        current = await provision_booked(coop_id)
        created = await book_provision(coop_id, current, target, as_of)
        if created:
            await Provision.create(cooperative_id=coop_id, as_of=as_of, amount=target, change=target - current)
    return target - current if created else 0


async def book_all_provisions() -> int:
    """The periodic job: every cooperative with running loans (or a provision left to release)."""
    rows = await db.execute(
        "SELECT DISTINCT cooperative_id FROM loans_loan WHERE status = ? UNION"
        " SELECT cooperative_id FROM ledger_account WHERE code = 'cadangan_risiko_pinjaman' AND balance <> 0",
        str(Status.ACTIVE),
    )
    changed = 0
    for r in rows:
        if await book_provisions(int(r["cooperative_id"])):
            changed += 1
    return changed
