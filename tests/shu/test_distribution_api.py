"""The distribution's JSON API: run it (manager, Idempotency-Key), its status, the report files,
a cashier paying a cash share once, a member's SHU history (their own only)."""

from __future__ import annotations

from market import service
from shu.models import ProposalState
from tests.builders import deposit, make_coop, make_member
from tests.shu.proposals import actor, approved_proposal

YEAR = 2025


async def auth(role: str, coop_id: int, member_id: int | None = None) -> dict[str, str]:
    who = await actor(role, coop_id, member_id)
    return {"Authorization": f"Bearer {await service.issue_token(who.user_id)}"}


async def setting(payout: str = "wallet", state=ProposalState.APPROVED):
    coop = await make_coop()
    a, b = await make_member(coop.id), await make_member(coop.id)
    await approved_proposal(
        coop.id, YEAR, 100_000, {"cadangan": 40_000, "jasa_usaha": 40_000, "jasa_modal": 20_000},
        {a.id: (30_000, 15_000), b.id: (10_000, 5_000)}, payout=payout, state=state,
    )  # fmt: skip
    return coop, a, b


async def test_the_manager_runs_it_once_and_reads_the_report(client):
    coop, a, b = await setting()
    manager = await auth("manager", coop.id)
    base = f"/api/v1/cooperatives/{coop.id}/shu/{YEAR}/distribution"
    before = await client.get(base, headers=manager)
    assert before.status_code == 200 and before.json()["status"] == "not_started"
    # when
    first = await client.post(base, headers={**manager, "Idempotency-Key": "k1"})
    again = await client.post(base, headers={**manager, "Idempotency-Key": "k1"})
    # then
    assert first.status_code == again.status_code == 200, first.text
    body = first.json()
    assert (body["status"], body["members"], body["credited"], body["credited_amount"]) == ("finished", 2, 2, 60_000)
    assert again.json()["distribution_id"] == body["distribution_id"]
    csv = await client.get(base + ".csv", headers=manager)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert f"{a.member_number},{a.name},30000,15000,45000,Saldo dompet,Sudah masuk" in csv.text
    pdf = await client.get(base + ".pdf", headers=manager)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # a cashier may not run it; a member may not read the report
    cashier = await auth("cashier", coop.id)
    assert (await client.post(base, headers=cashier)).status_code == 403
    assert (await client.get(base + ".csv", headers=await auth("member", coop.id, a.id))).status_code == 403


async def test_not_approved_is_a_typed_refusal(client):
    coop, _, _ = await setting(state=ProposalState.PROPOSED)
    r = await client.post(
        f"/api/v1/cooperatives/{coop.id}/shu/{YEAR}/distribution", headers=await auth("manager", coop.id)
    )
    assert r.status_code == 409 and r.json()["code"] == "shu.not_approved", r.text


async def test_a_cashier_pays_a_cash_share_once_and_the_member_sees_it(client):
    coop, a, b = await setting("cash")
    await deposit(coop.id, b.id, "sukarela", 500_000)
    await client.post(f"/api/v1/cooperatives/{coop.id}/shu/{YEAR}/distribution", headers=await auth("manager", coop.id))
    cashier = await auth("cashier", coop.id)
    unpaid = (await client.get(f"/api/v1/cooperatives/{coop.id}/shu-cash-credits?unpaid=true", headers=cashier)).json()
    credit = next(c for c in unpaid if c["member_id"] == a.id)
    pay = f"/api/v1/cooperatives/{coop.id}/shu/{YEAR}/distribution/credits/{credit['id']}/pay"
    first, second = await client.post(pay, headers=cashier), await client.post(pay, headers=cashier)
    assert first.status_code == second.status_code == 200, first.text
    assert first.json()["status"] == "paid" and second.json()["paid_at"] == first.json()["paid_at"]
    kas = await service.chart_account(coop.id, "kas")
    assert await service.balance_of(kas.id) == 500_000 - 45_000
    mine = await auth("member", coop.id, a.id)
    history = await client.get(f"/api/v1/cooperatives/{coop.id}/members/{a.id}/shu-history", headers=mine)
    assert [(h["fiscal_year"], h["total"], h["method"], h["paid"]) for h in history.json()] == [
        (YEAR, 45_000, "cash", True)
    ]
    theirs = await client.get(f"/api/v1/cooperatives/{coop.id}/members/{b.id}/shu-history", headers=mine)
    assert theirs.status_code == 404
