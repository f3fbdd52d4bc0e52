"""Bank credit channelled through the cooperative: a credit line drawn within its limit (kas / bank
against utang bank), lent on to members under the same approvals, repaid to the bank with interest
(beban bunga bank), and the position: what the cooperative owes the bank against what members owe."""

from __future__ import annotations

import pytest

from loans import service as loans
from loans.errors import CeilingExceeded, CreditLineNotFound, InvalidLoan, SelfApproval
from loans.schemas import ApplicationIn, BankRepayIn, CreditLineIn, DecisionIn, DisburseIn, DrawIn, PayIn
from market.errors import Forbidden
from tests.builders import make_coop, make_user, token_for
from tests.loans.helpers import PIN, bal, count, product, world

BRI = CreditLineIn(bank_name="BRI Unit Sleman", limit=10_000_000, rate_bps_year=600, term_months=12)


async def _for_member(w, p, line_id, principal):
    """A manager applies for the member at the counter, naming the line; another manager approves."""
    data = ApplicationIn(
        product_id=p.id, principal=principal, term_months=3, member_id=w.member.id, credit_line_id=line_id
    )
    loan = await loans.apply(w.manager2, w.coop.id, data)
    with pytest.raises(SelfApproval):  # the same approvals as any loan: not by who applied
        await loans.decide(w.manager2, w.coop.id, loan.id, DecisionIn(approve=True))
    await loans.decide(w.manager, w.coop.id, loan.id, DecisionIn(approve=True))
    return loan


async def test_a_credit_line_drawn_lent_on_and_repaid_is_booked_and_its_position_shown(db):
    w = await world()
    line = await loans.open_credit_line(w.manager, w.coop.id, BRI)
    with pytest.raises(Forbidden):  # the board's control: managers only
        await loans.draw(w.cashier, w.coop.id, line.id, DrawIn(amount=1_000_000))
    bank_before = await bal(w.coop.id, "bank")
    await loans.draw(w.manager, w.coop.id, line.id, DrawIn(amount=6_000_000, account="bank"))
    with pytest.raises(CeilingExceeded):  # 6,000,000 + 5,000,000 > 10,000,000
        await loans.draw(w.manager, w.coop.id, line.id, DrawIn(amount=5_000_000))
    first = await loans.draw(w.manager, w.coop.id, line.id, DrawIn(amount=4_000_000), idempotency_key="tarik-2")
    again = await loans.draw(w.manager, w.coop.id, line.id, DrawIn(amount=4_000_000), idempotency_key="tarik-2")
    assert again.drawn == first.drawn == 10_000_000 and first.available == 0
    assert await count("journal_entry", "WHERE reference LIKE ?", f"loans:credit:{line.id}:%") == 2
    assert await bal(w.coop.id, "utang_bank") == 10_000_000
    assert await bal(w.coop.id, "bank") == bank_before + 10_000_000

    # onward lending: the member may not pick the source; staff name the line; same approvals
    p = await product(w)
    with pytest.raises(Forbidden):
        await loans.apply(
            w.member_actor,
            w.coop.id,
            ApplicationIn(product_id=p.id, principal=1_000_000, term_months=3, credit_line_id=line.id),
        )
    with pytest.raises(CreditLineNotFound):
        await _for_member(w, p, line.id + 999, 1_000_000)
    loan = await _for_member(w, p, line.id, 3_000_000)
    await loans.disburse(w.cashier, w.coop.id, loan.id, DisburseIn(channel="wallet"))

    # the cooperative repays the bank 8,000,000 of principal and 50,000 interest from the bank account
    with pytest.raises(InvalidLoan):
        await loans.repay_bank(w.manager, w.coop.id, line.id, BankRepayIn(principal=10_000_001, interest=0))
    await loans.repay_bank(w.manager, w.coop.id, line.id, BankRepayIn(principal=8_000_000, interest=50_000))
    # a second loan on the line is not disbursed beyond the bank's money still owed (2,000,000 < 3,000,000 + 500,000)
    second = await _for_member(w, p, line.id, 500_000)
    with pytest.raises(CeilingExceeded):
        await loans.disburse(w.cashier, w.coop.id, second.id, DisburseIn(channel="wallet"))
    # the member pays the first instalment: 1,000,000 + 45,000
    await loans.pay(w.member_actor, w.coop.id, loan.id, PayIn(channel="wallet", seq=1, pin=PIN))

    [pos] = await loans.credit_lines(w.manager, w.coop.id)
    assert (pos.drawn, pos.owed_to_bank, pos.interest_paid) == (10_000_000, 2_000_000, 50_000)
    assert (pos.loans, pos.members_owe, pos.lent) == (1, 2_000_000, 3_000_000)
    assert (pos.jasa_earned, pos.margin) == (45_000, 45_000 - 50_000)
    assert [(m.kind, m.principal, m.interest) for m in pos.movements] == [
        ("draw", 6_000_000, 0),
        ("draw", 4_000_000, 0),
        ("repay", 8_000_000, 50_000),
    ]
    assert await bal(w.coop.id, "utang_bank") == 2_000_000
    assert await bal(w.coop.id, "beban_bunga_bank") == 50_000
    assert await bal(w.coop.id, "bank") == bank_before + 10_000_000 - 8_050_000
    assert (await loans.loan_detail(w.manager, w.coop.id, loan.id)).loan.credit_line_id == line.id


async def test_the_credit_api_and_page_answer_the_cooperative_and_refuse_others(client):
    w = await world()
    manager = await make_user("manager", coop_id=w.coop.id)
    other = await make_user("manager", coop_id=(await make_coop()).id)
    url = f"/api/v1/cooperatives/{w.coop.id}/loans/credit-lines"
    made = await client.post(
        url,
        json={"bank_name": "Bank Jateng", "limit": 5_000_000, "rate_bps_year": 550, "term_months": 24},
        headers=await token_for(manager),
    )
    assert made.status_code == 201
    line_id = made.json()["id"]
    drawn = await client.post(
        f"{url}/{line_id}/drawdowns", json={"amount": 2_000_000, "account": "kas"}, headers=await token_for(manager)
    )
    assert drawn.status_code == 201 and drawn.json()["owed_to_bank"] == 2_000_000
    over = await client.post(f"{url}/{line_id}/drawdowns", json={"amount": 3_000_001}, headers=await token_for(manager))
    assert over.status_code == 422 and over.json()["code"] == "loans.ceiling_exceeded"
    assert (await client.get(url, headers=await token_for(other))).status_code == 404
    assert (await client.get(f"{url}/{line_id}", headers=await token_for(other))).status_code == 404
    page = await client.get(f"/koperasi/{w.coop.id}/pinjaman/kredit-bank", headers=await token_for(manager))
    assert page.status_code == 200 and f'id="position-{line_id}"' in page.text and "Rp 2.000.000" in page.text
    # the bank's schedule: 2,000,000 over 24 months, the first 83,333 + 2,000,000 × 5.5 % / 12 = 9,167
    schedule = page.text[page.text.index(f'id="bank-schedule-{line_id}"') :].split('class="hint"', 1)[0]
    assert schedule.count("<li") == 24 and "Rp 92.500" in schedule and "pokok Rp 83.341" in schedule
    assert "21 angsuran berikutnya" in schedule and "lewat jatuh tempo" not in schedule  # the first is next month


async def test_the_banks_schedule_spreads_what_is_owed_over_the_months_left_with_interest_on_the_balance(db):
    w = await world()
    data = CreditLineIn(bank_name="BNI Sleman", limit=12_000_000, rate_bps_year=1_100, term_months=4)
    line = await loans.open_credit_line(w.manager, w.coop.id, data)
    assert line.schedule == []  # nothing drawn, nothing owed
    drawn = await loans.draw(w.manager, w.coop.id, line.id, DrawIn(amount=10_000_001))
    # 10,000,001 over 4 months: 2,500,000 × 3 and 2,500,001; interest 11 %/12 on the balance, half up:
    # 10,000,001 × 1100 / 120000 = 91,666.675 → 91,667; 7,500,001 → 68,750.009 → 68,750;
    # 5,000,001 → 45,833.34 → 45,833; 2,500,001 → 22,916.675 → 22,917
    assert [(i.seq, i.principal, i.jasa, i.total) for i in drawn.schedule] == [
        (1, 2_500_000, 91_667, 2_591_667),
        (2, 2_500_000, 68_750, 2_568_750),
        (3, 2_500_000, 45_833, 2_545_833),
        (4, 2_500_001, 22_917, 2_522_918),
    ]
    opened = line.opened_on
    assert (
        drawn.schedule[0].due_on.month == (opened.month % 12) + 1
        and sum(i.principal for i in drawn.schedule) == 10_000_001
    )
    assert not any(i.overdue for i in drawn.schedule)
    with loans.on_day(drawn.schedule[1].due_on):  # the first went unpaid; the second is due today
        late = await loans.credit_line(w.manager, w.coop.id, line.id)
    assert [i.overdue for i in late.schedule] == [True, False, False, False]
    # paying a bit more than the first instalment: the rest evens out over the three months left
    paid = await loans.repay_bank(w.manager, w.coop.id, line.id, BankRepayIn(principal=2_600_000, interest=91_667))
    assert [(i.seq, i.due_on, i.principal) for i in paid.schedule] == [
        (1, drawn.schedule[1].due_on, 2_466_667),
        (2, drawn.schedule[2].due_on, 2_466_667),
        (3, drawn.schedule[3].due_on, 2_466_667),
    ]
    assert paid.schedule[0].jasa == 67_833  # 7,400,001 × 1100 / 120000 = 67,833.34
