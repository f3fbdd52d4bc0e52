"""Murabahah and qard on the loans machinery (koperasi.md §5): a syariah cooperative's products are
murabahah (goods at cost + a margin fixed in the akad, flat instalments) or qard (nothing added),
never interest-bearing; a conventional cooperative offers neither. A murabahah contract goes
through the same approval and schedule, its margin is the cooperative's income, and a late
instalment's charge (ta'widh) goes to dana kebajikan — never to income. The db fixture checks
every book balances."""

from __future__ import annotations

from datetime import date

import pytest

from loans import service as loans
from loans.errors import InvalidLoan
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PayIn, ProductIn
from tests.books import balances
from tests.builders import make_coop, make_user, token_for
from tests.loans.helpers import PIN, world

MURABAHAH = {
    "name": "Murabahah Pupuk",
    "max_amount": 10_000_000,
    "max_term_months": 6,
    "rate_bps_month": 125,  # the margin: 1.25 % of the cost a month, fixed at the akad
    "method": "flat",
    "late_charge_bps": 100,
    "akad": "murabahah",
}


async def test_a_syariah_cooperative_lends_by_murabahah_or_qard_only(db):
    w = await world(syariah=True)
    with pytest.raises(InvalidLoan, match="tidak memberi pinjaman berbunga"):
        await loans.create_product(w.manager, w.coop.id, ProductIn(**{**MURABAHAH, "akad": "konvensional"}))
    with pytest.raises(InvalidLoan, match="Qard tanpa tambahan"):
        await loans.create_product(w.manager, w.coop.id, ProductIn(**{**MURABAHAH, "akad": "qard"}))
    with pytest.raises(InvalidLoan, match="flat"):
        await loans.create_product(w.manager, w.coop.id, ProductIn(**{**MURABAHAH, "method": "declining"}))
    qard = await loans.create_product(
        w.manager, w.coop.id, ProductIn(**{**MURABAHAH, "name": "Qard", "akad": "qard", "rate_bps_month": 0})
    )
    assert (qard.akad, qard.rate_bps_month) == ("qard", 0)
    plain = await world()
    with pytest.raises(InvalidLoan, match="hanya untuk koperasi syariah"):
        await loans.create_product(plain.manager, plain.coop.id, ProductIn(**MURABAHAH))


async def test_a_murabahah_contract_paid_late_puts_its_tawidh_in_the_social_fund(db):
    w = await world(syariah=True)
    product = await loans.create_product(w.manager, w.coop.id, ProductIn(**MURABAHAH))
    with loans.on_day(date(2026, 3, 1)):
        with pytest.raises(InvalidLoan, match="barang"):
            await loans.apply(
                w.member_actor, w.coop.id, ApplicationIn(product_id=product.id, principal=3_000_000, term_months=6)
            )
        data = ApplicationIn(product_id=product.id, principal=3_000_000, term_months=6, purpose="Pupuk urea 20 sak")
        contract = await loans.apply(w.member_actor, w.coop.id, data)
        await loans.decide(w.manager, w.coop.id, contract.id, DecisionIn(approve=True))
        await loans.disburse(w.cashier, w.coop.id, contract.id, DisburseIn(channel="cash"))  # paid to the supplier
    detail = await loans.murabahah_detail(w.member_actor, w.coop.id, contract.id)
    # price = cost 3,000,000 + margin 6 × 37,500: 3,225,000 in six instalments of 537,500
    assert [(line.principal, line.jasa) for line in detail.schedule] == [(500_000, 37_500)] * 6
    assert sum(line.total for line in detail.schedule) == 3_225_000
    with loans.on_day(date(2026, 5, 3)):  # the 1 April instalment 32 days late: two started months
        paid = await loans.pay(w.member_actor, w.coop.id, contract.id, PayIn(channel="wallet", seq=1, pin=PIN))
    assert (paid.principal, paid.jasa, paid.late_charge) == (500_000, 37_500, 2 * 5_375)
    books = await balances(w.coop.id)
    assert books["dana_kebajikan"] == 10_750  # ta'widh: the social fund
    assert books.get("denda_pinjaman_anggota", 0) == 0  # never income
    assert books["jasa_pinjaman_anggota"] == 37_500  # the margin is the cooperative's income
    assert books["piutang_pinjaman_anggota"] == 2_500_000


async def test_the_murabahah_api_lists_contracts_and_refuses_other_cooperatives(db, client):
    w = await world(syariah=True)
    product = await loans.create_product(w.manager, w.coop.id, ProductIn(**MURABAHAH))
    data = ApplicationIn(product_id=product.id, principal=1_200_000, term_months=3, purpose="Bibit kopi")
    contract = await loans.apply(w.member_actor, w.coop.id, data)
    manager = await token_for(await make_user("manager", coop_id=w.coop.id))
    listed = await client.get(f"/api/v1/cooperatives/{w.coop.id}/murabahah", headers=manager)
    assert listed.status_code == 200 and [c["id"] for c in listed.json()] == [contract.id]
    one = await client.get(f"/api/v1/cooperatives/{w.coop.id}/murabahah/{contract.id}", headers=manager)
    assert one.status_code == 200 and one.json()["loan"]["purpose"] == "Bibit kopi"
    other = await token_for(await make_user("manager", coop_id=(await make_coop(syariah=True)).id))
    refused = await client.get(f"/api/v1/cooperatives/{w.coop.id}/murabahah/{contract.id}", headers=other)
    assert refused.status_code == 404


async def test_a_murabahah_of_the_catalogs_goods_hands_them_over_out_of_stock_at_cost(db):
    from catalog import service as catalog
    from loans.errors import WrongState
    from tests.builders import make_product

    w = await world(syariah=True)
    product = await loans.create_product(w.manager, w.coop.id, ProductIn(**MURABAHAH))
    urea = await make_product(
        w.coop.id, name="Pupuk Urea 50 kg", unit="karung", price_idr=250_000, cost_idr=210_000, stock=12
    )
    before = (await balances(w.coop.id)).get("persediaan", 0)
    with pytest.raises(InvalidLoan, match="Stok Pupuk Urea 50 kg tinggal 12 karung"):
        await loans.apply(
            w.member_actor,
            w.coop.id,
            ApplicationIn(
                product_id=product.id, principal=1, term_months=4, goods_product_id=urea.id, goods_quantity=13
            ),
        )
    data = ApplicationIn(product_id=product.id, principal=1, term_months=4, goods_product_id=urea.id, goods_quantity=5)
    contract = await loans.apply(w.member_actor, w.coop.id, data)
    # the cost is the principal: 5 × 210,000, the goods named on the contract
    assert (contract.principal, contract.purpose, contract.goods_quantity) == (
        1_050_000,
        "5 karung Pupuk Urea 50 kg",
        5,
    )
    await loans.decide(w.manager, w.coop.id, contract.id, DecisionIn(approve=True))
    with pytest.raises(WrongState):  # goods are handed over, not paid out
        await loans.disburse(w.cashier, w.coop.id, contract.id, DisburseIn(channel="cash"))
    handed = await loans.disburse(w.cashier, w.coop.id, contract.id, DisburseIn(channel="goods"))
    assert (handed.status, handed.channel, handed.outstanding) == ("active", "goods", 1_050_000)
    assert (await catalog.get_product(urea.id)).stock == 7
    books = await balances(w.coop.id)
    assert books["persediaan"] == before - 1_050_000 and books["piutang_pinjaman_anggota"] == 1_050_000
    detail = await loans.murabahah_detail(w.member_actor, w.coop.id, contract.id)
    # margin 1.25 % of the cost a month: 13,125 × 4; price 1,102,500
    assert sum(line.total for line in detail.schedule) == 1_050_000 + 4 * 13_125
