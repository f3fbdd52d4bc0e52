"""The distribution of an approved SHU proposal, once, crash-safe, member by member.

1. The ``Distribution`` row of the proposal is claimed (one per proposal: two clicks share it).
2. The appropriation, ONE entry ``shu:{proposal_id}:appropriation`` dated the day it runs:
   Dr 3106 SHU tahun lalu belum dibagi the SHU after tax; Cr 3103 cadangan its fund (plus what
   the members' pools do not hand to members: the non-members' jasa-usaha slice, rounding of
   members who take no part); Cr each fund's account (2111–2116, 2107 or the account the policy
   names); Cr 2108 SHU bagian anggota belum dibayar of each member their share.
3. Member by member, a batch of them per transaction, each once by its reference
   ``shu:{proposal_id}:member:{member_id}`` (its ``MemberCredit`` row in the entry's transaction):
   wallet (Dr 2108[m] / Cr 2106 wallet[m] and a wallet history line), simpanan sukarela
   (Cr 2105[m]) or cash (the credit only: a cashier pays it later, Dr 2108[m] / Cr kas).
4. When every member is credited: ``finished_at``, the proposal ``distributed``, the outbox event
   ``shu.distributed.v1``.

A run that stopped anywhere (a crash, kill -9) is resumed by running it again: the batches
already committed are skipped by their credits, nothing is booked twice. Concurrent runs take
the distribution's row lock batch by batch, so they share the work instead of doubling it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from market import db
from market import service as market
from market.errors import Conflict
from market.service import journal
from payments import service as payments
from shu.distribution_errors import CreditNotFound, NotApproved, NotCash
from shu.distribution_schemas import CreditOut, DistributionOut
from shu.events import ShuDistributed
from shu.models import Distribution, MemberCredit, PayoutMethod, ProposalState, ShuFund, ShuProposal
from shu.service import distribution_views as views

POOLS = ("jasa_usaha", "jasa_modal")
FUND_ACCOUNTS = {
    "cadangan": "cadangan",
    "pengurus": "dana_pengurus",
    "karyawan": "dana_karyawan",
    "pendidikan": "dana_pendidikan",
    "sosial": "dana_sosial",
    "pdk": "dana_pdk",
    "zakat": "dana_zakat",
}
RUNNERS = frozenset({market.Role.MANAGER})  # and the operator (require_coop lets the operator in)
CASHIERS = frozenset({market.Role.MANAGER, market.Role.CASHIER})
BATCH = 200  # members credited per transaction

Hook = Callable[[int], Awaitable[None] | None]


async def latest(coop_id: int, year: int) -> ShuProposal:
    proposal = await ShuProposal.filter(cooperative_id=coop_id, fiscal_year=year).order_by("-version").first()
    if proposal is None:
        raise NotApproved(f"Belum ada usulan SHU tahun {year}")
    return proposal


async def fund_account(coop_id: int, code: str, policy: dict):
    """The account a fund is booked to: its own line of the chart, the account the policy names
    for it (``fund_accounts``: code -> account number), or 2107 Dana-dana SHU."""
    if code in FUND_ACCOUNTS:
        return await market.chart_account(coop_id, FUND_ACCOUNTS[code])
    number = (policy.get("fund_accounts") or {}).get(code)
    if number:
        return await journal.account_by_number(coop_id, str(number))
    return await market.chart_account(coop_id, "dana_shu")


async def distribute(
    coop_id: int, year: int, *, actor: market.Actor, batch: int = BATCH, on_member: Hook | None = None
) -> DistributionOut:
    """Distribute the year's approved proposal (its latest version), once; see the module doc.

    *on_member(member_id)* is called after each member's credit inside its batch's transaction
    (tests stop a run there: an exception rolls that batch back, as a crash would)."""
    market.require_coop(actor, coop_id, roles=RUNNERS)
    proposal = await latest(coop_id, year)
    if proposal.state not in (ProposalState.APPROVED, ProposalState.DISTRIBUTED):
        raise NotApproved(f"Usulan SHU tahun {year} v{proposal.version} belum disahkan RAT")
    dist = await _claim(proposal, actor)
    if dist.finished_at is None:
        await _appropriate(proposal, dist.id, actor)
        while await _credit_batch(proposal, dist.id, actor, batch, on_member):
            pass
        await _finish(proposal, dist.id)
    return await views.status(coop_id, year)


async def _claim(proposal: ShuProposal, actor: market.Actor) -> Distribution:
    await db.execute(
        "INSERT INTO shu_distribution (proposal_id, started_by_user_id, started_at, detail) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (proposal_id) DO NOTHING",
        proposal.id,
        actor.user_id,
        datetime.now(UTC),
        "{}",
    )
    return await Distribution.get(proposal_id=proposal.id)


async def _locked(dist_id: int) -> Distribution:
    """The distribution row, locked for the rest of the transaction (SQLite: BEGIN IMMEDIATE
    already serialises writers)."""
    if db.is_postgres():
        await db.execute("SELECT id FROM shu_distribution WHERE id = ? FOR UPDATE", dist_id)
    return await Distribution.get(id=dist_id)


async def _shares(proposal_id: int, *, pending_of: int | None = None, limit: int | None = None) -> list[dict]:
    """Members' shares above zero in member order; with *pending_of*, those not yet credited."""
    sql = "SELECT s.member_id, s.jasa_usaha, s.jasa_modal, s.total FROM shu_member_share s WHERE s.proposal_id = ?"
    args: list = [proposal_id]
    if pending_of is not None:
        sql += " AND NOT EXISTS (SELECT 1 FROM shu_member_credit c WHERE c.distribution_id = ? AND c.member_id = s.member_id)"
        args.append(pending_of)
    sql += " AND s.total > 0 ORDER BY s.member_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return await db.execute(sql, *args)


async def _appropriate(proposal: ShuProposal, dist_id: int, actor: market.Actor) -> None:
    coop_id = proposal.cooperative_id
    async with db.transaction():
        dist = await _locked(dist_id)
        if dist.detail.get("appropriation_entry_id") or proposal.shu_after_tax <= 0:
            return
        funds = [f for f in await ShuFund.filter(proposal_id=proposal.id).order_by("id") if f.code not in POOLS]
        shares = await _shares(proposal.id)
        rest = proposal.shu_after_tax - sum(f.amount for f in funds) - sum(s["total"] for s in shares)
        if rest < 0:
            raise Conflict(f"Usulan SHU v{proposal.version}: dana dan bagian anggota melebihi SHU")
        legs = [market.debit(await market.chart_account(coop_id, "shu_belum_dibagi"), proposal.shu_after_tax)]
        reserve = rest + sum(f.amount for f in funds if f.code == "cadangan")
        legs.append(market.credit(await market.chart_account(coop_id, "cadangan"), reserve))
        for fund in funds:
            if fund.code != "cadangan" and fund.amount:
                legs.append(market.credit(await fund_account(coop_id, fund.code, proposal.policy), fund.amount))
        for share in shares:
            owed = await market.chart_account(coop_id, "shu_anggota_belum_dibayar", member_id=share["member_id"])
            legs.append(market.credit(owed, share["total"]))
        entry, _ = await market.post_entry(
            f"shu:{proposal.id}:appropriation",
            [leg for leg in legs if leg.amount],
            description=f"Pembagian SHU tahun {proposal.fiscal_year} (v{proposal.version}): cadangan, dana-dana SHU"
            " dan SHU bagian anggota",
            cooperative_id=coop_id,
            actor_user_id=actor.user_id,
        )
        dist.detail = {**dist.detail, "appropriation_entry_id": entry.id, "to_reserve_extra": rest}
        await dist.save(update_fields=["detail"])


def method_of(proposal: ShuProposal) -> PayoutMethod:
    return PayoutMethod(proposal.policy.get("payout") or PayoutMethod.WALLET)


async def _credit_batch(
    proposal: ShuProposal, dist_id: int, actor: market.Actor, batch: int, on_member: Hook | None
) -> int:
    """Credit the next *batch* members not yet credited, in one transaction; how many it did."""
    async with db.transaction():
        await _locked(dist_id)
        pending = await _shares(proposal.id, pending_of=dist_id, limit=batch)
        for share in pending:
            await _credit_member(proposal, dist_id, share, actor)
            if on_member is not None and (waiting := on_member(share["member_id"])) is not None:
                await waiting
        return len(pending)


async def _credit_member(proposal: ShuProposal, dist_id: int, share: dict, actor: market.Actor) -> None:
    coop_id, member_id, amount = proposal.cooperative_id, share["member_id"], share["total"]
    reference = f"shu:{proposal.id}:member:{member_id}"
    method = method_of(proposal)
    year = proposal.fiscal_year
    if method != PayoutMethod.CASH:
        code = "wallet" if method == PayoutMethod.WALLET else "simpanan_sukarela"
        _, created = await market.post_entry(
            reference,
            [
                market.debit(
                    await market.chart_account(coop_id, "shu_anggota_belum_dibayar", member_id=member_id), amount
                ),
                market.credit(await market.chart_account(coop_id, code, member_id=member_id), amount),
            ],
            description=f"SHU tahun {year} ke {'saldo dompet' if code == 'wallet' else 'simpanan sukarela'}",
            cooperative_id=coop_id,
            actor_user_id=actor.user_id,
        )
        if created and method == PayoutMethod.WALLET:
            await payments.record_wallet_movement(
                coop_id, member_id, amount, reference=reference, kind="shu", description=f"SHU tahun {year}"
            )
    await db.execute(
        "INSERT INTO shu_member_credit (distribution_id, member_id, amount, method, reference, credited_at, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reference) DO NOTHING",
        dist_id,
        member_id,
        amount,
        str(method),
        reference,
        datetime.now(UTC),
        json.dumps({"jasa_usaha": int(share["jasa_usaha"]), "jasa_modal": int(share["jasa_modal"])}),
    )


async def _finish(proposal: ShuProposal, dist_id: int) -> None:
    async with db.transaction():
        dist = await _locked(dist_id)
        if dist.finished_at is not None or await _shares(proposal.id, pending_of=dist_id, limit=1):
            return
        dist.finished_at = datetime.now(UTC)
        await dist.save(update_fields=["finished_at"])
        await ShuProposal.filter(id=proposal.id).update(state=ProposalState.DISTRIBUTED)
        credits = [int(c["amount"]) for c in await MemberCredit.filter(distribution_id=dist_id).values("amount")]
        await market.publish(
            ShuDistributed(
                cooperative_id=proposal.cooperative_id,
                fiscal_year=proposal.fiscal_year,
                proposal_id=proposal.id,
                distribution_id=dist_id,
                members=len(credits),
                amount=sum(credits),
                method=str(method_of(proposal)),
            )
        )


async def pay_cash(coop_id: int, credit_id: int, *, actor: market.Actor) -> CreditOut:
    """A cashier pays a member's cash share at the counter: Dr 2108[m] / Cr kas, once (a second
    click answers the same payment)."""
    market.require_coop(actor, coop_id, roles=CASHIERS)
    async with db.transaction():
        if db.is_postgres():
            await db.execute("SELECT id FROM shu_member_credit WHERE id = ? FOR UPDATE", credit_id)
        credit = await MemberCredit.get_or_none(id=credit_id).select_related("distribution__proposal")
        if credit is None or credit.distribution.proposal.cooperative_id != coop_id:
            raise CreditNotFound("Bagian SHU tidak ditemukan")
        if credit.method != PayoutMethod.CASH:
            raise NotCash("Bagian SHU ini sudah masuk ke saldo dompet atau simpanan sukarela")
        if credit.paid_at is None:
            year = credit.distribution.proposal.fiscal_year
            await market.post_entry(
                f"{credit.reference}:cash",
                [
                    market.debit(
                        await market.chart_account(coop_id, "shu_anggota_belum_dibayar", member_id=credit.member_id),
                        credit.amount,
                    ),
                    market.credit(await market.chart_account(coop_id, "kas"), credit.amount),
                ],
                description=f"SHU tahun {year} dibayar tunai di kasir",
                cooperative_id=coop_id,
                actor_user_id=actor.user_id,
            )
            credit.paid_at, credit.paid_by_user_id = datetime.now(UTC), actor.user_id
            await credit.save(update_fields=["paid_at", "paid_by_user_id"])
    return await views.credit(coop_id, credit_id)
