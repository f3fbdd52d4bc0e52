"""The counter: a sale's stock and booking to the rupiah (member and walk-in, cash and wallet),
stock never below zero, returns reversing stock and books, the shift's difference booked."""

from __future__ import annotations

import pytest

from market import db as database
from market.errors import InsufficientBalance
from payments.errors import PinWrong
from retail import service as retail
from retail.errors import MemberNeeded, ReasonNeeded, ReturnTooLarge, ShiftNeeded, StockShort
from retail.schemas import ReturnIn, ReturnLineIn
from tests.retail.helpers import PIN, cashier_of, count, diff, figures, purchase_weight, sale, shop


async def test_a_members_cash_sale_books_sales_hpp_and_persediaan_to_the_rupiah_and_counts_for_their_shu(db):
    s = await shop()
    before = await figures(s)
    assert await purchase_weight(s.coop.id, s.member.id) == 0
    # 2 pcs of kopi at 30,500 (HPP 21,000) and 1.5 kg of gula at 12,000/kg (HPP 9,000/kg)
    out = await retail.sell(
        s.coop.id, sale((s.kopi, "2"), (s.gula, "1.5"), member=s.member.member_number), actor=s.cashier
    )
    assert (out.total, out.hpp_total, out.member_id) == (79_000, 55_500, s.member.id)
    assert [(line.line_total, line.hpp, str(line.quantity)) for line in out.lines] == [
        (61_000, 42_000, "2"),
        (18_000, 13_500, "1.5"),
    ]
    assert diff(before, await figures(s)) == {
        "kas": 79_000,
        "penjualan_anggota": 79_000,
        "hpp_anggota": 55_500,
        "persediaan": -55_500,
        "stock_kopi": -2,
        "stock_gula": -2,  # two whole kilos left catalog stock; 0.5 kg of the second is open at the counter
    }
    assert await purchase_weight(s.coop.id, s.member.id) == 79_000
    # the open half kilo is sold next without touching catalog stock
    again = await retail.sell(s.coop.id, sale((s.gula, "0.5")), actor=s.cashier)
    assert again.total == 6_000 and (await figures(s))["stock_gula"] == 3


async def test_a_walk_in_reaching_the_tier_pays_the_tier_price_booked_as_non_member_business(db):
    s = await shop()
    before = await figures(s)
    out = await retail.sell(s.coop.id, sale((s.kopi, "10")), actor=s.cashier)
    assert (out.total, out.lines[0].unit_price, out.member_id) == (280_000, 28_000, None)
    assert diff(before, await figures(s)) == {
        "kas": 280_000,
        "penjualan_non_anggota": 280_000,
        "hpp_non_anggota": 210_000,
        "persediaan": -210_000,
        "stock_kopi": -10,
    }


async def test_a_wallet_sale_needs_the_members_pin_and_moves_the_wallet_not_the_till(db):
    s = await shop(wallet=100_000)
    before = await figures(s)
    with pytest.raises(PinWrong):
        await retail.sell(
            s.coop.id, sale((s.kopi, "1"), method="wallet", member="081299988877", pin="000000"), actor=s.cashier
        )
    assert await figures(s) == before and await count("retail_sale") == 0
    with pytest.raises(MemberNeeded):
        await retail.sell(s.coop.id, sale((s.kopi, "1"), method="wallet", pin=PIN), actor=s.cashier)
    out = await retail.sell(
        s.coop.id, sale((s.kopi, "3"), method="wallet", member="081299988877", pin=PIN), actor=s.cashier
    )
    assert out.total == 91_500
    assert diff(before, await figures(s)) == {
        "wallet": -91_500,
        "penjualan_anggota": 91_500,
        "hpp_anggota": 63_000,
        "persediaan": -63_000,
        "stock_kopi": -3,
    }
    with pytest.raises(InsufficientBalance):  # 8,500 left: nothing sold, no stock taken
        await retail.sell(
            s.coop.id, sale((s.kopi, "1"), method="wallet", member=s.member.member_number, pin=PIN), actor=s.cashier
        )
    assert (await figures(s))["stock_kopi"] == before["stock_kopi"] - 3


async def test_a_line_that_would_take_stock_below_zero_refuses_the_sale_naming_the_line_and_changes_nothing(db):
    s = await shop()
    before = await figures(s)
    with pytest.raises(StockShort) as refused:
        await retail.sell(s.coop.id, sale((s.kopi, "2"), (s.gula, "5.5")), actor=s.cashier)
    assert refused.value.detail.startswith("Baris 2 (Gula Aren): stok tersedia 5 kg, diminta 5,5 kg")
    assert await figures(s) == before
    assert await count("retail_sale") == 0 and await count("retail_sale_line") == 0
    # the same client id again gets the same refusal (same key, same answer), still nothing changed
    key = "retry-key-0001"
    for _ in range(2):
        with pytest.raises(StockShort):
            await retail.sell(s.coop.id, sale((s.gula, "6"), key=key), actor=s.cashier)
    assert await figures(s) == before


async def test_selling_needs_an_open_shift_and_the_same_client_id_sells_once(db):
    s = await shop()
    with pytest.raises(ShiftNeeded):
        await retail.sell(s.coop.id, sale((s.kopi, "1")), actor=cashier_of(s.coop.id))
    first = await retail.sell(s.coop.id, sale((s.kopi, "1"), key="double-tap-01"), actor=s.cashier)
    second = await retail.sell(s.coop.id, sale((s.kopi, "1"), key="double-tap-01"), actor=s.cashier)
    assert first.id == second.id and await count("retail_sale") == 1
    assert (await figures(s))["stock_kopi"] == 19


async def test_a_return_puts_stock_back_refunds_the_way_it_was_paid_and_reverses_the_booking(db):
    s = await shop(wallet=100_000)
    before = await figures(s)
    weight = await purchase_weight(s.coop.id, s.member.id)
    out = await retail.sell(
        s.coop.id,
        sale((s.kopi, "2"), (s.gula, "1.5"), method="wallet", member=s.member.member_number, pin=PIN),
        actor=s.cashier,
    )
    kopi, gula = out.lines
    part = await retail.return_sale(
        s.coop.id,
        out.id,
        ReturnIn(client_id="return-0001", lines=[ReturnLineIn(line_id=gula.id, quantity=1)], reason="rusak"),
        actor=s.cashier,
    )
    assert (part.total, part.hpp_total) == (12_000, 9_000)
    with pytest.raises(ReturnTooLarge):
        await retail.return_sale(
            s.coop.id,
            out.id,
            ReturnIn(client_id="return-0002", lines=[ReturnLineIn(line_id=gula.id, quantity=1)], reason="x y z"),
            actor=s.cashier,
        )
    rest = await retail.return_sale(
        s.coop.id,
        out.id,
        ReturnIn(
            client_id="return-0003",
            lines=[ReturnLineIn(line_id=gula.id, quantity="0.5"), ReturnLineIn(line_id=kopi.id, quantity=2)],
            reason="batal beli",
        ),
        actor=s.cashier,
    )
    assert part.total + rest.total == out.total and part.hpp_total + rest.hpp_total == out.hpp_total
    assert diff(before, await figures(s)) == {}  # stock, wallet, sales, HPP and persediaan all back
    assert await purchase_weight(s.coop.id, s.member.id) == weight
    assert (await retail.get_sale(s.coop.id, out.id)).status == "returned"


async def test_closing_a_shift_books_the_difference_with_its_reason(db):
    s = await shop()
    shift = await retail.current_shift(s.coop.id, actor=s.cashier)
    await retail.sell(s.coop.id, sale((s.kopi, "1")), actor=s.cashier)  # 30,500 cash
    before = await figures(s)
    with pytest.raises(ReasonNeeded):
        await retail.close_shift(s.coop.id, shift.id, 125_500, actor=s.cashier)
    closed = await retail.close_shift(s.coop.id, shift.id, 125_500, "uang kembalian salah", actor=s.cashier)
    assert (closed.expected_cash, closed.counted_cash, closed.difference) == (130_500, 125_500, -5_000)
    assert diff(before, await figures(s)) == {"kas": -5_000, "beban_lain": 5_000}
    # a second shift with an overage books it as other income; an exact count books nothing
    other = await retail.open_shift(s.coop.id, 50_000, actor=s.cashier)
    await retail.close_shift(s.coop.id, other.id, 52_000, "lebih terima", actor=s.cashier)
    third = await retail.open_shift(s.coop.id, 10_000, actor=s.cashier)
    await retail.close_shift(s.coop.id, third.id, 10_000, actor=s.cashier)
    assert diff(before, await figures(s)) == {"kas": -3_000, "beban_lain": 5_000, "pendapatan_lain": 2_000}


async def test_the_report_totals_equal_the_sums_of_the_sales_and_returns_in_sql(db):
    s = await shop(wallet=300_000)
    other = cashier_of(s.coop.id)
    await retail.open_shift(s.coop.id, 0, actor=other)
    await retail.sell(s.coop.id, sale((s.kopi, "2"), (s.gula, "1.5"), member=s.member.member_number), actor=s.cashier)
    await retail.sell(s.coop.id, sale((s.kopi, "10")), actor=other)
    paid = await retail.sell(
        s.coop.id, sale((s.gula, "2"), method="wallet", member=s.member.member_number, pin=PIN), actor=other
    )
    await retail.return_sale(
        s.coop.id,
        paid.id,
        ReturnIn(
            client_id="return-r-01", lines=[ReturnLineIn(line_id=paid.lines[0].id, quantity="0.5")], reason="susut"
        ),
        actor=other,
    )
    day = paid.booked_on
    r = await retail.report(s.coop.id, day, day, actor=s.cashier)
    sums = (await database.execute("SELECT COUNT(*) AS n, SUM(total) AS t, SUM(hpp_total) AS h FROM retail_sale"))[0]
    back = (await database.execute("SELECT SUM(total) AS t, SUM(hpp_total) AS h FROM retail_sale_return"))[0]
    assert (
        (r.sales_count, r.gross_sales, r.returns)
        == (int(sums["n"]), int(sums["t"]), int(back["t"]))
        == (3, 383_000, 6_000)
    )
    assert r.net_sales == 377_000 and r.hpp == int(sums["h"]) - int(back["h"]) == 283_500 - 4_500
    assert r.margin == r.net_sales - r.hpp
    assert {f.key: f.sales for f in r.by_method} == {"cash": 359_000, "wallet": 18_000}
    assert {f.key: f.sales for f in r.by_cashier} == {s.cashier.name: 79_000, other.name: 298_000}
    assert r.top_items[0].key == s.kopi.sku and r.top_items[0].sales == 61_000 + 280_000
    csv = retail.report_csv(r)
    assert csv.splitlines()[0] == "bagian,kunci,nama,jumlah,penjualan,hpp,margin"
    assert "metode,wallet,Dompet anggota,1,18000,13500,4500" in csv
