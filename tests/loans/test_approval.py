"""Applying and the board's decision: ceilings (absolute and by savings), nobody approves their
own application, two different managers above the cooperative's ceiling, a rejection needs a reason."""

from __future__ import annotations

import pytest

from loans import service as loans
from loans.errors import CeilingExceeded, InvalidLoan, SelfApproval, WrongState
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PolicyIn
from market.errors import Forbidden, NotFound
from market.service import Role
from tests.builders import make_coop
from tests.loans.helpers import count, product, someone, world


async def test_ceilings_by_amount_by_savings_and_the_products_notes(db):
    w = await world(savings=500_000)  # pokok 100,000 + sukarela 400,000
    p = await product(w, max_amount=5_000_000, savings_multiple_bps=30_000, needs_guarantor=True)
    apply = lambda amount, **kw: loans.apply(  # noqa: E731
        w.member_actor, w.coop.id, ApplicationIn(product_id=p.id, principal=amount, term_months=6, **kw)
    )
    with pytest.raises(CeilingExceeded) as over_savings:
        await apply(1_500_001, guarantor="Bapak Yosef")  # 3 × 500,000 = 1,500,000
    assert "Rp 1.500.000" in over_savings.value.detail
    with pytest.raises(InvalidLoan) as no_guarantor:
        await apply(1_500_000)
    assert no_guarantor.value.field == "guarantor"
    loan = await apply(1_500_000, guarantor="Bapak Yosef")
    assert (loan.status, loan.principal, loan.member_id, loan.needs_second) == (
        "applied",
        1_500_000,
        w.member.id,
        False,
    )
    with pytest.raises(InvalidLoan):
        await loans.apply(
            w.member_actor, w.coop.id, ApplicationIn(product_id=p.id, principal=1000, term_months=13, guarantor="x")
        )
    assert await count("loans_loan", "WHERE cooperative_id = ?", w.coop.id) == 1


async def test_self_approval_is_refused_and_a_rejection_needs_its_reason(db):
    w = await world()
    p = await product(w)
    # the manager takes the application at the counter for the member: they may not approve it
    loan = await loans.apply(
        w.manager, w.coop.id, ApplicationIn(product_id=p.id, principal=1_000_000, term_months=6, member_id=w.member.id)
    )
    with pytest.raises(SelfApproval):
        await loans.decide(w.manager, w.coop.id, loan.id, DecisionIn(approve=True))
    with pytest.raises(Forbidden):  # a cashier is not the board
        await loans.decide(w.cashier, w.coop.id, loan.id, DecisionIn(approve=True))
    with pytest.raises(NotFound):  # another cooperative's manager does not even see it
        other = await make_coop()
        await loans.decide(someone(Role.MANAGER, other.id), w.coop.id, loan.id, DecisionIn(approve=True))
    with pytest.raises(InvalidLoan):
        await loans.decide(w.manager2, w.coop.id, loan.id, DecisionIn(approve=False))
    rejected = await loans.decide(w.manager2, w.coop.id, loan.id, DecisionIn(approve=False, reason="Usaha belum jalan"))
    assert (rejected.status, rejected.reason, rejected.rejected_by) == (
        "rejected",
        "Usaha belum jalan",
        w.manager2.user_id,
    )
    with pytest.raises(WrongState):
        await loans.disburse(w.cashier, w.coop.id, loan.id, DisburseIn(channel="cash"))


async def test_above_the_ceiling_two_different_managers_approve(db):
    w = await world()
    await loans.set_policy(
        w.manager,
        w.coop.id,
        PolicyIn(second_approval_above=5_000_000, bands=[90, 180, 270], provisions=[0, 5000, 7500, 10000]),
    )
    p = await product(w)
    small = await loans.apply(
        w.member_actor, w.coop.id, ApplicationIn(product_id=p.id, principal=5_000_000, term_months=6)
    )
    big = await loans.apply(
        w.member_actor, w.coop.id, ApplicationIn(product_id=p.id, principal=5_000_001, term_months=6)
    )
    assert (small.needs_second, big.needs_second) == (False, True)
    assert (await loans.decide(w.manager, w.coop.id, small.id, DecisionIn(approve=True))).status == "approved"
    first = await loans.decide(w.manager, w.coop.id, big.id, DecisionIn(approve=True))
    assert (first.status, first.approved_by) == ("applied", w.manager.user_id)
    with pytest.raises(SelfApproval):  # the same manager twice is one approval
        await loans.decide(w.manager, w.coop.id, big.id, DecisionIn(approve=True))
    with pytest.raises(WrongState):  # not disbursable before the second approval
        await loans.disburse(w.cashier, w.coop.id, big.id, DisburseIn(channel="cash"))
    second = await loans.decide(w.manager2, w.coop.id, big.id, DecisionIn(approve=True))
    assert (second.status, second.second_approved_by) == ("approved", w.manager2.user_id)
