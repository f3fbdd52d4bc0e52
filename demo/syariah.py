"""Koperasi Syariah BMT Tanah Abang in the demo, on its own terms: a tabungan mudharabah product
(nisbah 40:60 of the margin its members pay on their murabahah contracts, signed four months back
and paid at the counter), three savers coming and going over the last three months, each ended month shared out by average daily balance, a wadiah bonus, and
its zakat and dana kebajikan funds moving — all through ``syariah.service`` and the ledger.

Logins (the demo password): ``manajer.bmt@…``, ``kasir.bmt@…``, ``anggota.bmt@…`` (whose bagi
hasil the member's page explains) and ``dps.bmt@…`` (its Dewan Pengawas Syariah)."""

from __future__ import annotations

from datetime import date, timedelta

from demo.flows import _actor
from loans import service as loans
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PayIn
from loans.schemas import ProductIn as LoanProductIn
from market import service as market
from market.models import Cooperative, Role
from market.schemas import SavingsMovementIn
from syariah import service as syariah
from syariah.schemas import BonusIn, MovementIn, ProductIn, RunIn


def _month_start(today: date, back: int) -> date:
    """The first day of the month *back* months before today's."""
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


async def _cash_entry(coop_id: int, reference: str, day: date, code: str, amount: int, description: str) -> None:
    """Money in (amount > 0: Dr kas / Cr *code*) or out of a fund (amount < 0) on *day*."""
    kas, other = await market.coop_account(coop_id, "kas"), await market.coop_account(coop_id, code)
    legs = (
        [market.debit(kas, amount), market.credit(other, amount)]
        if amount > 0
        else [market.debit(other, -amount), market.credit(kas, -amount)]
    )
    await market.post_entry(reference, legs, description=description, cooperative_id=coop_id, booked_on=day)


MURABAHAH = LoanProductIn(
    name="Murabahah Modal Dagang",
    max_amount=20_000_000,
    max_term_months=12,
    rate_bps_month=150,  # the margin: 1.5 % of the cost a month, fixed at the akad
    method="flat",
    late_charge_bps=100,  # ta'widh, for dana kebajikan
    akad="murabahah",
)


async def _murabahah(coop_id: int, manager, people, start: date) -> None:
    """Three murabahah contracts signed four months back (goods for the members' stalls), their
    instalments paid at the counter on their due days: the margin the mudharabah pool shares."""
    cashier = await _actor("kasir.bmt@demo.pasarkoperasi.id", Role.CASHIER, "Kasir BMT", coop_id)
    await _cash_entry(coop_id, "demo:bmt:modal", start, "modal_penyertaan", 25_000_000, "Modal penyertaan mitra BMT")
    with loans.on_day(start):
        product = await loans.create_product(manager, coop_id, MURABAHAH)
    goods = (
        ("Gerobak dan etalase dagang", 6_000_000, 10),
        ("Stok kain grosir", 9_000_000, 6),
        ("Mesin jahit", 4_000_000, 8),
    )
    for n, (person, (what, cost, months)) in enumerate(zip(people, goods, strict=True)):
        day = start.replace(day=3 + n)
        with loans.on_day(day):
            data = ApplicationIn(
                product_id=product.id, principal=cost, term_months=months, member_id=person.id, purpose=what
            )
            contract = await loans.apply(cashier, coop_id, data)
            await loans.decide(manager, coop_id, contract.id, DecisionIn(approve=True, reason="Sesuai akad"))
            await loans.disburse(cashier, coop_id, contract.id, DisburseIn(channel="cash"))  # paid to the seller
        for seq in (1, 2, 3):
            due = _month_start(day, -seq).replace(day=day.day)
            # the last contract's third instalment comes ten days late: its ta'widh goes to dana kebajikan
            with loans.on_day(due + timedelta(days=10) if (n, seq) == (2, 3) else due):
                await loans.pay(cashier, coop_id, contract.id, PayIn(channel="cash", seq=seq))


async def bmt_savings(today: date) -> None:
    bmt = await Cooperative.get_or_none(slug="bmt-tanah-abang")
    if bmt is None:
        return
    people = await market.list_members(bmt.id, limit=3)
    if len(people) < 3:
        return
    manager = await _actor("manajer.bmt@demo.pasarkoperasi.id", Role.MANAGER, f"Manajer {bmt.name}", bmt.id)
    await _actor("anggota.bmt@demo.pasarkoperasi.id", Role.MEMBER, people[0].name, bmt.id, people[0].id)
    await _actor("dps.bmt@demo.pasarkoperasi.id", Role.DPS, "Dewan Pengawas Syariah BMT", bmt.id)
    product = await syariah.create_product(
        manager, bmt.id, ProductIn(name="Tabungan Mudharabah Berkah", nisbah_bps=4000)
    )
    m3, m2, m1 = (_month_start(today, back) for back in (3, 2, 1))
    moves = [  # (day, member, amount; negative: a withdrawal)
        (m3.replace(day=2), people[0], 2_000_000),
        (m3.replace(day=10), people[1], 1_500_000),
        (m2.replace(day=5), people[2], 750_000),
        (m2.replace(day=20), people[0], -500_000),
        (m1.replace(day=12), people[1], 1_000_000),
    ]
    for n, (day, person, amount) in enumerate(moves):
        with market.booking_on(day):
            data = MovementIn(member_id=person.id, product_id=product.id, amount=abs(amount))
            await syariah.move(manager, bmt.id, data, withdraw=amount < 0, idempotency_key=f"demo:bmt:{n}")
    await _murabahah(bmt.id, manager, people, _month_start(today, 4))
    # each ended month shared out on the first day of the next one
    for first, shared_on in ((m3, m2), (m2, m1), (m1, _month_start(today, 0))):
        month = f"{first.year}-{first.month:02d}"
        with market.booking_on(shared_on):
            await syariah.share_out(manager, bmt.id, product.id, RunIn(month=month), as_of=shared_on)
    with market.booking_on(m1.replace(day=1)):  # tabungan wadiah (simpanan sukarela), bonus promised none
        await market.deposit(bmt.id, people[2].id, SavingsMovementIn(kind="sukarela", amount=400_000))
    month = f"{m1.year}-{m1.month:02d}"
    await syariah.give_bonus(manager, bmt.id, BonusIn(month=month, amount=25_000), as_of=_month_start(today, 0))
    await _cash_entry(
        bmt.id, "demo:bmt:infak", m2.replace(day=15), "dana_zakat", 1_250_000, "Infak dan sedekah anggota"
    )
    await _cash_entry(
        bmt.id, "demo:bmt:zis-out", m1.replace(day=3), "dana_zakat", -800_000, "Penyaluran zakat kepada mustahik"
    )
