"""Reading loans: the staff's lists, a loan's detail, the member's own loans."""

from __future__ import annotations

from datetime import date

from loans.errors import LoanNotFound
from loans.models import Loan, LoanProduct, Payment, Status
from loans.schemas import LoanDetail, LoanOut, PaymentOut
from loans.service.common import band_of, days_past_due, line_out, lines_of, load, loan_out, overdue, policy_of, today
from loans.service.repay import settlement
from market import service as market
from market.service import Actor


async def list_loans(actor: Actor, coop_id: int, *, status: str | None = None) -> list[LoanOut]:
    market.require_coop(actor, coop_id)
    query = Loan.filter(cooperative_id=coop_id)
    if status:
        query = query.filter(status=Status(status))
    return [loan_out(r) for r in await query.order_by("-id").limit(500)]


async def _murabahah_products(coop_id: int) -> list[int]:
    return [p.id for p in await LoanProduct.filter(cooperative_id=coop_id, akad="murabahah")]


async def murabahah_contracts(actor: Actor, coop_id: int) -> list[LoanOut]:
    """The cooperative's murabahah contracts (a member: their own), newest first."""
    if actor.role == market.Role.MEMBER:
        market.require_member_self(actor, coop_id, actor.member_id or 0)
        query = Loan.filter(cooperative_id=coop_id, member_id=actor.member_id)
    else:
        market.require_coop(actor, coop_id)
        await market.get_cooperative(coop_id)
        query = Loan.filter(cooperative_id=coop_id)
    products = await _murabahah_products(coop_id)
    return [loan_out(r) for r in await query.filter(product_id__in=products).order_by("-id").limit(500)]


async def require_murabahah(actor: Actor, coop_id: int, loan_id: int) -> None:
    """The loan is a murabahah contract the actor may see (another contract kind is not found here)."""
    row = await load(coop_id, loan_id)
    market.require_member_self(actor, coop_id, row.member_id)
    if not await LoanProduct.exists(id=row.product_id, cooperative_id=coop_id, akad="murabahah"):
        raise LoanNotFound("Akad murabahah tidak ditemukan")


async def murabahah_detail(actor: Actor, coop_id: int, loan_id: int) -> LoanDetail:
    """A murabahah contract with its schedule."""
    await require_murabahah(actor, coop_id, loan_id)
    return await loan_detail(actor, coop_id, loan_id)


async def member_loans(actor: Actor, coop_id: int, member_id: int) -> list[LoanOut]:
    market.require_member_self(actor, coop_id, member_id)
    rows = await Loan.filter(cooperative_id=coop_id, member_id=member_id).order_by("-id")
    return [loan_out(r) for r in rows]


async def loan_detail(actor: Actor, coop_id: int, loan_id: int, as_of: date | None = None) -> LoanDetail:
    """The loan with its schedule, payments, days past due, band, what is due and what settles it."""
    row = await load(coop_id, loan_id)
    market.require_member_self(actor, coop_id, row.member_id)
    as_of = as_of or await today(coop_id)
    lines = await lines_of(row.id)
    member = await market.get_member(coop_id, row.member_id)
    product = await LoanProduct.get_or_none(id=row.product_id)
    policy = await policy_of(coop_id)
    dpd = days_past_due(lines, as_of)
    unpaid = [x for x in lines if x.paid_on is None]
    running = row.status == Status.ACTIVE
    return LoanDetail(
        loan=loan_out(row),
        member_name=member.name,
        member_number=member.member_number,
        product_name=product.name if product else "",
        schedule=[line_out(x) for x in lines],
        payments=[PaymentOut.model_validate(p) for p in await Payment.filter(loan_id=row.id).order_by("id")],
        days_past_due=dpd,
        band=band_of(dpd, policy.bands),
        due_now=overdue(lines, as_of) + sum(x.principal + x.jasa for x in unpaid if x.due_on == as_of),
        next_line=line_out(unpaid[0]) if unpaid else None,
        settlement=settlement(row, lines, as_of).total if running else 0,
    )
