"""The journal entries of loans, all in the cooperative's own book (koperasi.md §8):

disbursement   Dr piutang pinjaman anggota (principal)
               Cr saldo dompet anggota / kas (principal − admin fee)
               Cr pendapatan administrasi pinjaman anggota (admin fee; tagged with the member)
payment        Dr saldo dompet anggota / kas / payments' clearing for a Xendit invoice (the whole
               payment; clearing sits in the platform's book: the entry is bridged)
               Cr piutang pinjaman anggota (principal)
               Cr pendapatan jasa pinjaman anggota (jasa; tagged with the member, kind ``loan``)
               Cr pendapatan denda keterlambatan (late charge; a syariah cooperative's ta'widh: Cr dana kebajikan)
provision      Dr beban penyisihan risiko pinjaman / Cr cadangan risiko pinjaman (the change;
               a lower provision books the other way)

The member tags make the jasa and the admin fee the member's jasa-usaha weight in the live SHU
(market.service.shu reads every posting tagged with a member).
"""

from __future__ import annotations

from loans.service.common import KIND
from market import service as market
from market.service import Leg
from payments import service as payments


async def _money_account(coop_id: int, member_id: int, channel: str):
    if channel == "goods":  # a murabahah of the catalog's goods: they leave persediaan at cost
        return await market.coop_account(coop_id, "persediaan")
    if channel == "xendit":  # a Xendit invoice's money, held in payments' clearing (platform book)
        return await payments.clearing()
    if channel == "wallet":
        await payments.member_wallet(coop_id, member_id)  # opened on first use
        return await market.chart_account(coop_id, "wallet", member_id=member_id)
    return await market.coop_account(coop_id, "kas")


async def book_disbursement(
    coop_id: int, member_id: int, loan_id: int, principal: int, admin_fee: int, channel: str, actor_user_id: int
) -> None:
    reference = f"loans:disburse:{loan_id}"
    legs: list[Leg] = [
        market.debit(await market.coop_account(coop_id, "piutang_pinjaman_anggota"), principal),
        market.credit(await _money_account(coop_id, member_id, channel), principal - admin_fee),
    ]
    if admin_fee:
        income = await market.coop_account(coop_id, "admin_pinjaman_anggota")
        legs.append(market.credit(income, admin_fee, member_id=member_id, kind=KIND))
    await market.post_entry(
        reference,
        legs,
        description=f"Pencairan pinjaman #{loan_id}",
        cooperative_id=coop_id,
        actor_user_id=actor_user_id,
    )
    if channel == "wallet":
        await payments.record_wallet_movement(
            coop_id,
            member_id,
            principal - admin_fee,
            reference=reference,
            kind="loan_in",
            description=f"Pencairan pinjaman #{loan_id}",
        )


async def book_payment(
    coop_id: int,
    member_id: int,
    reference: str,
    parts: tuple[int, int, int],
    channel: str,
    actor_user_id: int,
    description: str,
) -> None:
    """(principal, jasa, late charge) paid from the wallet or in cash; InsufficientBalance when
    the wallet does not hold it (the ledger's guard on the wallet account)."""
    principal, jasa, late = parts
    total = principal + jasa + late
    legs: list[Leg] = [market.debit(await _money_account(coop_id, member_id, channel), total)]
    if principal:
        legs.append(market.credit(await market.coop_account(coop_id, "piutang_pinjaman_anggota"), principal))
    if jasa:
        income = await market.coop_account(coop_id, "jasa_pinjaman_anggota")
        legs.append(market.credit(income, jasa, member_id=member_id, kind=KIND))
    if late:  # a syariah cooperative's ta'widh is for the social fund, never its income
        charge = "dana_kebajikan" if await market.is_syariah(coop_id) else "denda_pinjaman_anggota"
        legs.append(market.credit(await market.coop_account(coop_id, charge), late))
    if channel == "xendit":
        legs = await market.bridge(legs)
    await market.post_entry(
        reference, legs, description=description, cooperative_id=coop_id, actor_user_id=actor_user_id
    )
    if channel == "wallet":
        await payments.record_wallet_movement(
            coop_id, member_id, -total, reference=reference, kind="loan_out", description=description
        )


async def book_invoice_to_wallet(coop_id: int, member_id: int, payment_id: int, amount: int, description: str) -> bool:
    """A Xendit invoice paid for an instalment that can no longer be booked (already paid another
    way, the loan settled): its money goes from clearing to the member's wallet, once."""
    reference = f"loans:invoice:{payment_id}:to-wallet"
    await payments.member_wallet(coop_id, member_id)
    wallet = await market.chart_account(coop_id, "wallet", member_id=member_id)
    _, created = await market.post_entry(
        reference,
        await market.bridge([market.debit(await payments.clearing(), amount), market.credit(wallet, amount)]),
        description=description,
        cooperative_id=coop_id,
    )
    if created:
        await payments.record_wallet_movement(
            coop_id, member_id, amount, reference=reference, kind="loan_refund", description=description
        )
    return created


async def book_provision(coop_id: int, current: int, target: int, as_of) -> bool:
    """Move the provision from *current* to *target*; once per (day, from, to)."""
    change = target - current
    if not change:
        return False
    expense = await market.coop_account(coop_id, "beban_cadangan_risiko")
    reserve = await market.coop_account(coop_id, "cadangan_risiko_pinjaman")
    _, created = await market.post_entry(
        f"loans:provision:{coop_id}:{as_of}:{current}:{target}",
        [market.debit(expense, change), market.credit(reserve, change)],
        description=f"Cadangan risiko pinjaman per {as_of:%d-%m-%Y}",
        cooperative_id=coop_id,
    )
    return created
