"""Applying for a loan and the board's decision.

Rules: a member applies for themselves (or staff for a member at the counter); the amount stays
within the product's ceiling — absolute, and as a multiple of the member's savings (pokok +
wajib + sukarela) when the product sets one; the term within its maximum; a guarantor or
collateral note where the product needs one. A manager approves or rejects (a rejection with its
reason); nobody approves a loan they applied for, nor their own loan. Above the cooperative's
``second_approval_above`` a second manager, another than the first, must approve too.
"""

from __future__ import annotations

from datetime import UTC, datetime

from catalog import service as catalog
from loans.errors import CeilingExceeded, InvalidLoan, SelfApproval, WrongState
from loans.models import Loan, LoanProduct, Status
from loans.schedule import Line, compute
from loans.schemas import ApplicationIn, DecisionIn, LoanOut
from loans.service.common import MANAGERS, STAFF, load, loan_out, policy_of, today
from loans.service.credit import check_line
from loans.service.products import _product
from market import db
from market import service as market
from market.errors import Forbidden
from market.money import apply_bps, format_idr
from market.service import Actor, MemberStatus


def _applicant_member(actor: Actor, coop_id: int, data: ApplicationIn) -> int:
    if actor.role == market.Role.MEMBER:
        market.require_member_self(actor, coop_id, actor.member_id or 0)
        if data.member_id not in (None, actor.member_id):
            raise Forbidden("Anggota hanya dapat mengajukan pinjaman untuk dirinya sendiri")
        if data.credit_line_id is not None:
            raise Forbidden("Sumber dana pinjaman ditentukan oleh pengurus")
        return int(actor.member_id or 0)
    market.require_coop(actor, coop_id, STAFF)
    if data.member_id is None:
        raise InvalidLoan("Pilih anggota yang mengajukan pinjaman", field="member_id")
    return data.member_id


async def _check_ceiling(coop_id: int, member_id: int, product: LoanProduct, data: ApplicationIn) -> None:
    if data.principal > product.max_amount:
        raise CeilingExceeded(f"Plafon produk ini {format_idr(product.max_amount)}", field="principal")
    if product.savings_multiple_bps:
        savings = await market.savings_of(coop_id, member_id)
        ceiling = apply_bps(savings.pokok + savings.wajib + savings.sukarela, product.savings_multiple_bps)
        if data.principal > ceiling:
            raise CeilingExceeded(
                f"Plafon menurut simpanan Anda {format_idr(ceiling)}"
                f" ({product.savings_multiple_bps / 10000:g} × simpanan)",
                field="principal",
            )
    if data.term_months > product.max_term_months:
        raise InvalidLoan(f"Jangka waktu paling lama {product.max_term_months} bulan", field="term_months")
    if product.needs_guarantor and not data.guarantor:
        raise InvalidLoan("Produk ini memerlukan penjamin", field="guarantor")
    if product.needs_collateral and not data.collateral:
        raise InvalidLoan("Produk ini memerlukan keterangan agunan", field="collateral")


async def apply(actor: Actor, coop_id: int, data: ApplicationIn) -> LoanOut:
    """A loan application, waiting for the board."""
    member_id = _applicant_member(actor, coop_id, data)
    member = await market.get_member(coop_id, member_id)
    if member.status != MemberStatus.ACTIVE:
        raise InvalidLoan("Hanya anggota aktif yang dapat meminjam", field="member_id")
    product = await _product(coop_id, data.product_id)
    if not product.active:
        raise InvalidLoan("Produk pinjaman ini tidak aktif lagi", field="product_id")
    data = await _goods(coop_id, product, data)
    if product.akad == "murabahah" and not data.purpose.strip():
        raise InvalidLoan("Sebutkan barang yang dibeli dengan akad murabahah", field="purpose")
    await _check_ceiling(coop_id, member_id, product, data)
    await check_line(coop_id, data.credit_line_id)
    policy = await policy_of(coop_id)
    row = await Loan.create(
        cooperative_id=coop_id,
        member_id=member_id,
        product_id=product.id,
        principal=data.principal,
        term_months=data.term_months,
        rate_bps_month=product.rate_bps_month,
        method=product.method,
        admin_fee=0 if data.goods_product_id else apply_bps(data.principal, product.admin_fee_bps),
        late_charge_bps=product.late_charge_bps,
        early_rule=product.early_rule,
        purpose=data.purpose,
        guarantor=data.guarantor,
        collateral=data.collateral,
        applied_by=actor.user_id,
        applied_at=datetime.now(UTC),
        needs_second=data.principal > policy.second_approval_above,
        credit_line_id=data.credit_line_id,
        goods_product_id=data.goods_product_id,
        goods_quantity=data.goods_quantity,
    )
    return loan_out(row)


async def _goods(coop_id: int, product, data: ApplicationIn) -> ApplicationIn:
    """A murabahah of the catalog's goods: its principal is their cost (cost price × units), the
    goods named on the contract; refused for any other akad, for goods of another cooperative or
    without a cost price, and beyond the units free in stock."""
    if data.goods_product_id is None:
        return data
    if product.akad != "murabahah":
        raise InvalidLoan("Barang dari katalog hanya untuk akad murabahah", field="goods_product_id")
    found = await catalog.counter_items_by_ids(coop_id, [data.goods_product_id])
    if not found or not found[0].active:
        raise InvalidLoan("Barang tidak ditemukan di katalog koperasi", field="goods_product_id")
    item, units = found[0], data.goods_quantity or 1
    if item.cost_idr <= 0:
        raise InvalidLoan(f"{item.name} belum punya harga pokok", field="goods_product_id")
    if units > item.available:
        raise InvalidLoan(f"Stok {item.name} tinggal {item.available} {item.unit}", field="goods_quantity")
    return data.model_copy(
        update={
            "principal": item.cost_idr * units,
            "goods_quantity": units,
            "purpose": data.purpose.strip() or f"{units} {item.unit} {item.name}",
        }
    )


async def preview(coop_id: int, product_id: int, principal: int, term_months: int) -> list[Line]:
    """The schedule an application would get if disbursed today."""
    product = await _product(coop_id, product_id)
    return compute(principal, term_months, product.rate_bps_month, product.method, await today(coop_id))


def _refuse_self(actor: Actor, row: Loan) -> None:
    if actor.user_id == row.applied_by or (actor.member_id is not None and actor.member_id == row.member_id):
        raise SelfApproval("Pinjaman harus diputuskan oleh pengurus selain pemohon")


async def decide(actor: Actor, coop_id: int, loan_id: int, data: DecisionIn) -> LoanOut:
    """Approve (first or second approval) or reject with a reason."""
    market.require_coop(actor, coop_id, MANAGERS)
    async with db.transaction():
        row = await load(coop_id, loan_id, lock=True)
        if row.status != Status.APPLIED:
            raise WrongState("Pinjaman ini sudah diputuskan")
        _refuse_self(actor, row)
        now = datetime.now(UTC)
        if not data.approve:
            if not data.reason:
                raise InvalidLoan("Tuliskan alasan penolakan", field="reason")
            row.status, row.rejected_by, row.reason = Status.REJECTED, actor.user_id, data.reason
        elif row.approved_by is None:
            row.approved_by, row.approved_at = actor.user_id, now
            row.reason = data.reason
            if not row.needs_second:
                row.status = Status.APPROVED
        else:
            if actor.user_id == row.approved_by:
                raise SelfApproval("Persetujuan kedua harus oleh pengurus lain")
            row.second_approved_by, row.second_approved_at = actor.user_id, now
            row.status = Status.APPROVED
        await row.save()
    return loan_out(row)


async def cancel(actor: Actor, coop_id: int, loan_id: int) -> LoanOut:
    """The applicant (or staff) withdraws an application not yet disbursed."""
    async with db.transaction():
        row = await load(coop_id, loan_id, lock=True)
        if actor.role == market.Role.MEMBER:
            market.require_member_self(actor, coop_id, row.member_id)
        else:
            market.require_coop(actor, coop_id, STAFF)
        if row.status not in (Status.APPLIED, Status.APPROVED):
            raise WrongState("Hanya pengajuan yang belum dicairkan yang dapat dibatalkan")
        row.status = Status.CANCELLED
        await row.save(update_fields=["status"])
    return loan_out(row)
