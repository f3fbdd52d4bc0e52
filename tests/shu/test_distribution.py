"""The SHU distribution: the appropriation entry and each member's credit to the rupiah, once,
under concurrency and after a crash half-way; cash at the counter; a fund spent through the
journal; a member's history; the report. Every book balances after each test (db fixture).

The hand-computed proposal (SHU after tax 1.000.001):
    cadangan 300.000 · jasa usaha 400.000 · jasa modal 200.000 · pendidikan 50.000 · sosial 50.001
    members  a: JU 250.000 + JM 120.000 = 370.000;  b: JU 100.000 + JM 80.000 = 180.000;  c: 0
    the JU pool hands members 350.000 of its 400.000 (the non-members' slice): 50.000 more to cadangan
    appropriation: Dr 3106 1.000.001 / Cr 3103 350.000, 2113 50.000, 2114 50.001, 2108[a] 370.000, 2108[b] 180.000
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from market import db as database
from market import service
from market.errors import Forbidden, NotFound
from market.service import journal
from payments import service as payments
from shu import service as shu
from shu.distribution_errors import NotApproved, NotCash
from shu.models import ProposalState
from tests.builders import deposit, make_coop, make_member
from tests.shu.proposals import actor, approved_proposal

YEAR = 2025
FUNDS = {"cadangan": 300_000, "jasa_usaha": 400_000, "jasa_modal": 200_000, "pendidikan": 50_000, "sosial": 50_001}


async def setting(payout: str = "wallet", state: ProposalState = ProposalState.APPROVED):
    coop = await make_coop()
    a, b, c = [await make_member(coop.id) for _ in range(3)]
    shares = {a.id: (250_000, 120_000), b.id: (100_000, 80_000), c.id: (0, 0)}
    proposal = await approved_proposal(coop.id, YEAR, 1_000_001, FUNDS, shares, payout=payout, state=state)
    return coop, (a, b, c), proposal, await actor("manager", coop.id)


async def legs_of(reference: str) -> dict[tuple[str, int | None], int]:
    rows = await database.execute(
        "SELECT a.code, a.member_id, p.amount FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id"
        " JOIN journal_entry e ON e.id = p.entry_id WHERE e.reference = ?",
        reference,
    )
    return {(r["code"], r["member_id"]): int(r["amount"]) for r in rows}


async def count_entries(like: str) -> int:
    rows = await database.execute("SELECT COUNT(*) AS n FROM journal_entry WHERE reference LIKE ?", like)
    return int(rows[0]["n"])


async def balance(coop_id: int, code: str, member_id: int | None = None) -> int:
    return await service.balance_of((await service.chart_account(coop_id, code, member_id=member_id)).id)


async def test_appropriation_and_wallet_credits_to_the_rupiah(db):
    coop, (a, b, c), proposal, manager = await setting()
    # when
    out = await shu.distribute(coop.id, YEAR, actor=manager)
    # then the appropriation, one entry
    assert await legs_of(f"shu:{proposal.id}:appropriation") == {
        ("shu_belum_dibagi", None): 1_000_001,
        ("cadangan", None): -350_000,
        ("dana_pendidikan", None): -50_000,
        ("dana_sosial", None): -50_001,
        ("shu_anggota_belum_dibayar", a.id): -370_000,
        ("shu_anggota_belum_dibayar", b.id): -180_000,
    }
    # each member's credit from their SHU bagian anggota into their wallet; c has nothing
    assert await legs_of(f"shu:{proposal.id}:member:{a.id}") == {
        ("shu_anggota_belum_dibayar", a.id): 370_000,
        ("wallet", a.id): -370_000,
    }
    assert await count_entries(f"shu:{proposal.id}:member:%") == 2
    assert await balance(coop.id, "shu_anggota_belum_dibayar", a.id) == 0
    wallet = await payments.member_wallet(coop.id, a.id)
    assert await payments.wallet_balance(wallet.id) == 370_000
    history = await payments.wallet_history(wallet.id)
    assert [(m.kind, m.amount, m.description) for m in history] == [("shu", 370_000, f"SHU tahun {YEAR}")]
    assert await payments.wallet_balance((await payments.member_wallet(coop.id, c.id)).id) == 0
    # the state
    assert (out.status, out.members, out.credited, out.amount, out.credited_amount) == (
        "finished",
        2,
        2,
        550_000,
        550_000,
    )
    assert (await shu.distribution_status(coop.id, YEAR)).proposal_state == "distributed"
    assert {f.code: (f.account_number, f.amount, f.balance) for f in out.funds} == {
        "cadangan": ("3103", 300_000, 350_000),
        "pendidikan": ("2113", 50_000, 50_000),
        "sosial": ("2114", 50_001, 50_001),
    }
    events = await database.execute("SELECT topic, payload FROM outbox_event WHERE topic LIKE 'shu.%'")
    assert [e["topic"] for e in events] == ["shu.distributed.v1"]


async def test_running_it_again_changes_nothing(db):
    coop, (a, _, _), proposal, manager = await setting()
    first = await shu.distribute(coop.id, YEAR, actor=manager)
    # when
    again = await shu.distribute(coop.id, YEAR, actor=manager)
    # then
    assert again.model_dump(exclude={"funds"}) == first.model_dump(exclude={"funds"})
    assert await count_entries(f"shu:{proposal.id}:%") == 3
    assert await payments.wallet_balance((await payments.member_wallet(coop.id, a.id)).id) == 370_000
    assert len(await database.execute("SELECT id FROM outbox_event WHERE topic = 'shu.distributed.v1'")) == 1


async def test_sukarela_payout_credits_the_members_savings(db):
    coop, (a, b, _), proposal, manager = await setting("sukarela")
    await shu.distribute(coop.id, YEAR, actor=manager)
    assert await legs_of(f"shu:{proposal.id}:member:{b.id}") == {
        ("shu_anggota_belum_dibayar", b.id): 180_000,
        ("simpanan_sukarela", b.id): -180_000,
    }
    assert (await service.savings_of(coop.id, b.id)).sukarela == 180_000
    assert (await service.savings_of(coop.id, a.id)).sukarela == 370_000


async def test_cash_is_kept_until_the_cashier_pays_it_once(db):
    coop, (a, _, _), proposal, manager = await setting("cash")
    await deposit(coop.id, a.id, "sukarela", 1_000_000)  # the cash drawer has money
    cashier = await actor("cashier", coop.id)
    await shu.distribute(coop.id, YEAR, actor=manager)
    # the share is owed, nothing moved yet
    assert await count_entries(f"shu:{proposal.id}:member:%") == 0
    assert await balance(coop.id, "shu_anggota_belum_dibayar", a.id) == 370_000
    unpaid = await shu.cash_credits(coop.id, actor=cashier, unpaid_only=True)
    assert [(c.member_id, c.amount, c.status) for c in unpaid] == [
        (a.id, 370_000, "unpaid"),
        (unpaid[1].member_id, 180_000, "unpaid"),
    ]
    kas = await balance(coop.id, "kas")
    # when the cashier pays a's share, twice (a double click)
    credit_id = unpaid[0].id
    paid = await shu.pay_cash(coop.id, credit_id, actor=cashier)
    again = await shu.pay_cash(coop.id, credit_id, actor=cashier)
    # then once
    assert paid.status == "paid" and paid.paid_by_user_id == cashier.user_id and again.paid_at == paid.paid_at
    assert await legs_of(f"shu:{proposal.id}:member:{a.id}:cash") == {
        ("shu_anggota_belum_dibayar", a.id): 370_000,
        ("kas", None): -370_000,
    }
    assert await balance(coop.id, "kas") == kas - 370_000
    assert await balance(coop.id, "shu_anggota_belum_dibayar", a.id) == 0
    history = await shu.member_history(coop.id, a.id)
    assert [(h.fiscal_year, h.state, h.total, h.method, h.paid) for h in history] == [
        (YEAR, "distributed", 370_000, "cash", True)
    ]
    # another cooperative's cashier does not find it
    other = await make_coop()
    with pytest.raises(NotFound):
        await shu.pay_cash(other.id, credit_id, actor=await actor("cashier", other.id))


async def test_a_wallet_share_is_not_paid_in_cash(db):
    coop, _, _, manager = await setting()
    await shu.distribute(coop.id, YEAR, actor=manager)
    _, rows = await shu.report(coop.id, YEAR, actor=manager)
    with pytest.raises(NotCash):
        await shu.pay_cash(coop.id, rows[0].id, actor=manager)


@pytest.mark.parametrize("state", [ProposalState.PROPOSED, ProposalState.REJECTED])
async def test_a_proposal_not_approved_is_refused(db, state):
    coop, _, proposal, manager = await setting(state=state)
    with pytest.raises(NotApproved) as refused:
        await shu.distribute(coop.id, YEAR, actor=manager)
    assert refused.value.code == "shu.not_approved"
    assert await count_entries(f"shu:{proposal.id}:%") == 0


async def test_only_the_latest_version_counts(db):
    coop, (a, _, _), _, manager = await setting()  # v1 approved ...
    await approved_proposal(
        coop.id, YEAR, 1_000, {"cadangan": 1_000}, {a.id: (0, 0)}, state=ProposalState.PROPOSED, version=2
    )
    with pytest.raises(NotApproved):  # ... but v2 is the one on the table
        await shu.distribute(coop.id, YEAR, actor=manager)


async def test_a_cashier_or_a_member_may_not_run_it(db):
    coop, (a, _, _), _, _ = await setting()
    with pytest.raises(Forbidden):
        await shu.distribute(coop.id, YEAR, actor=await actor("cashier", coop.id))
    with pytest.raises(Forbidden):
        await shu.distribute(coop.id, YEAR, actor=await actor("member", coop.id, a.id))


async def test_two_concurrent_runs_distribute_once(db):
    coop, (a, b, _), proposal, manager = await setting()
    first, second = await asyncio.gather(
        shu.distribute(coop.id, YEAR, actor=manager), shu.distribute(coop.id, YEAR, actor=manager)
    )
    assert first.status == second.status == "finished"
    assert first.distribution_id == second.distribution_id
    assert await count_entries(f"shu:{proposal.id}:appropriation") == 1
    assert await count_entries(f"shu:{proposal.id}:member:%") == 2
    assert await payments.wallet_balance((await payments.member_wallet(coop.id, b.id)).id) == 180_000
    assert len(await database.execute("SELECT id FROM outbox_event WHERE topic = 'shu.distributed.v1'")) == 1


class Crash(Exception):
    pass


async def test_a_crash_half_way_resumes_the_rest_exactly_once(db):
    coop = await make_coop()
    members = [await make_member(coop.id) for _ in range(7)]
    shares = {m.id: (10_000 * (i + 1), 1_000) for i, m in enumerate(members)}
    total = sum(ju + jm for ju, jm in shares.values())
    proposal = await approved_proposal(coop.id, YEAR, total + 5_000, {"cadangan": 5_000}, shares)
    manager = await actor("manager", coop.id)
    seen: list[int] = []

    def crash_at_fifth(member_id: int) -> None:
        seen.append(member_id)
        if len(seen) == 5:
            raise Crash

    # when the run stops at the fifth member (batches of two: the third batch rolls back)
    with pytest.raises(Crash):
        await shu.distribute(coop.id, YEAR, actor=manager, batch=2, on_member=crash_at_fifth)
    half = await shu.distribution_status(coop.id, YEAR)
    assert (half.status, half.credited, half.proposal_state) == ("running", 4, "approved")
    assert await count_entries(f"shu:{proposal.id}:member:%") == 4
    # then a second run credits the other three, and nobody twice
    done = await shu.distribute(coop.id, YEAR, actor=manager, batch=2)
    assert (done.status, done.credited, done.credited_amount) == ("finished", 7, total)
    assert await count_entries(f"shu:{proposal.id}:%") == 8
    for m in members:
        wallet = await payments.member_wallet(coop.id, m.id)
        assert await payments.wallet_balance(wallet.id) == sum(shares[m.id])
        assert len(await payments.wallet_history(wallet.id)) == 1


async def test_spending_the_education_fund_through_the_journal(db):
    coop, _, _, manager = await setting()
    await shu.distribute(coop.id, YEAR, actor=manager)
    await deposit(coop.id, (await make_member(coop.id)).id, "sukarela", 100_000)
    # when the manager pays a training from the education fund
    await journal.post_manual(
        coop.id,
        [("2113", 30_000, 0), ("1101", 0, 30_000)],
        booked_on=date.today(),
        description="Pelatihan perkoperasian untuk pengurus",
        actor=manager,
    )
    # then the fund shows what is left
    funds = {f.code: f.balance for f in (await shu.distribution_status(coop.id, YEAR)).funds}
    assert funds["pendidikan"] == 20_000
    assert await balance(coop.id, "dana_pendidikan") == 20_000


async def test_member_history_and_the_report(db):
    coop, (a, b, c), _, manager = await setting()
    before = await shu.member_history(coop.id, a.id)
    assert [(h.state, h.total, h.method, h.paid) for h in before] == [("approved", 370_000, None, None)]
    await shu.distribute(coop.id, YEAR, actor=manager)
    after = await shu.member_history(coop.id, a.id)
    assert [(h.jasa_usaha, h.jasa_modal, h.total, h.method, h.paid) for h in after] == [
        (250_000, 120_000, 370_000, "wallet", True)
    ]
    text = await shu.report_csv(coop.id, YEAR, actor=manager)
    lines = text.strip().splitlines()
    assert lines[0] == "No. anggota,Nama,Jasa usaha,Jasa modal,Jumlah,Cara bayar,Status"
    assert lines[1:] == [
        f"{a.member_number},{a.name},250000,120000,370000,Saldo dompet,Sudah masuk",
        f"{b.member_number},{b.name},100000,80000,180000,Saldo dompet,Sudah masuk",
    ]
    pdf = await shu.report_pdf(coop.id, YEAR, actor=manager)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
