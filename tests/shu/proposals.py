"""An approved SHU proposal written straight into the shu tables (the close is helper G's):
the figures a test states by hand, so the distribution's entries can be checked to the rupiah."""

from __future__ import annotations

from market import service
from shu.models import ProposalState, ShuFund, ShuMemberShare, ShuProposal
from tests.builders import make_user

FUND_NAMES = {
    "cadangan": "Cadangan",
    "jasa_usaha": "Jasa usaha anggota",
    "jasa_modal": "Jasa modal anggota",
    "pendidikan": "Dana pendidikan",
    "sosial": "Dana sosial",
    "pengurus": "Dana pengurus",
}


async def approved_proposal(
    coop_id: int,
    year: int,
    shu: int,
    funds: dict[str, int],
    shares: dict[int, tuple[int, int]],
    *,
    payout: str = "wallet",
    state: ProposalState = ProposalState.APPROVED,
    version: int = 1,
) -> ShuProposal:
    """*funds*: code -> amount; *shares*: member id -> (jasa usaha, jasa modal)."""
    proposal = await ShuProposal.create(
        cooperative_id=coop_id,
        fiscal_year=year,
        version=version,
        state=state,
        income=shu * 3,
        expenses=shu * 2,
        shu_before_tax=shu,
        tax=0,
        shu_after_tax=shu,
        member_shu=shu,
        non_member_shu=0,
        policy={"funds": {}, "payout": payout},
    )
    for code, amount in funds.items():
        await ShuFund.create(proposal=proposal, code=code, name=FUND_NAMES.get(code, code), bps=0, amount=amount)
    for member_id, (ju, jm) in shares.items():
        await ShuMemberShare.create(proposal=proposal, member_id=member_id, jasa_usaha=ju, jasa_modal=jm, total=ju + jm)
    return proposal


async def actor(role: str, coop_id: int | None = None, member_id: int | None = None) -> service.Actor:
    user = await make_user(role, coop_id, member_id)
    found = await service.actor_by_id(user.id)
    assert found is not None
    return found
