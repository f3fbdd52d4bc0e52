"""Kepatuhan prinsip syariah in a syariah cooperative's health (koperasi.md §6): what its books can
tell — no interest-bearing financing product, no late charge taken as income (the ta'widh of a
murabahah paid late is in dana kebajikan). A conventional cooperative has no such aspect."""

from __future__ import annotations

from datetime import date

from loans import service as loans
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PayIn, ProductIn
from oversight import service as oversight
from tests.loans.helpers import PIN, world
from tests.oversight.helpers import operator
from tests.syariah.test_murabahah import MURABAHAH

ASPECT = "Kepatuhan prinsip syariah"


async def test_the_books_show_financing_without_interest_and_the_tawidh_in_the_social_fund(db):
    w = await world(syariah=True)
    product = await loans.create_product(w.manager, w.coop.id, ProductIn(**MURABAHAH))
    with loans.on_day(date(2026, 3, 1)):
        data = ApplicationIn(product_id=product.id, principal=1_200_000, term_months=3, purpose="Bibit")
        contract = await loans.apply(w.member_actor, w.coop.id, data)
        await loans.decide(w.manager, w.coop.id, contract.id, DecisionIn(approve=True))
        await loans.disburse(w.cashier, w.coop.id, contract.id, DisburseIn(channel="cash"))
    with loans.on_day(date(2026, 4, 12)):  # eleven days late: one started month of ta'widh
        await loans.pay(w.member_actor, w.coop.id, contract.id, PayIn(channel="wallet", seq=1, pin=PIN))
    seen = await oversight.health(await operator(), w.coop.id)
    mine = {i.key: i for i in seen.current.indicators if i.aspect == ASPECT}
    assert (mine["tanpa_bunga"].value_bps, mine["tawidh_bukan_pendapatan"].value_bps) == (1, 1)
    assert [(x.label, x.amount) for x in mine["tanpa_bunga"].inputs] == [("Produk akad murabahah", 1)]
    # 1 % of the 415,000 instalment (400,000 + 15,000 margin)
    assert [x.amount for x in mine["tawidh_bukan_pendapatan"].inputs] == [0, 4_150]

    plain = await world()
    other = await oversight.health(await operator(), plain.coop.id)
    assert not [i for i in other.current.indicators if i.aspect == ASPECT]
