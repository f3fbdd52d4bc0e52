"""Demo delivery rates: priced by distance, seeded once, used by the quote."""

from __future__ import annotations

from datetime import date

from market import db as database
from orders import service
from orders.demo import demo_fee, seed_rates
from tests.builders import make_coop


def test_fees_grow_with_distance():
    assert demo_fee("Nusa Tenggara Timur", "Nusa Tenggara Timur") == 10_000
    assert demo_fee("Nusa Tenggara Timur", "Bali") == 20_000  # same island group
    assert demo_fee("Jawa Timur", "DKI Jakarta") == 20_000
    assert demo_fee("Papua", "DKI Jakarta") > demo_fee("Papua", "Maluku") > demo_fee("Papua", "Papua Selatan")


async def test_rates_are_seeded_once_and_kept_when_a_cooperative_has_its_own(db):
    flores = await make_coop(province="Nusa Tenggara Timur")
    jakarta = await make_coop(province="DKI Jakarta")
    own = {"DKI Jakarta": 5_000}
    await service.set_delivery_rates(jakarta.id, own, actor=(await _manager(jakarta.id)))
    assert await seed_rates() == 1  # only the cooperative without a table
    assert await seed_rates() == 0
    rates = await service.get_delivery_rates(flores.id)
    assert len(rates) == 38 and rates["Nusa Tenggara Timur"] == 10_000 and rates["DKI Jakarta"] == 32_000
    assert await service.get_delivery_rates(jakarta.id) == own


async def _manager(coop_id: int):
    from tests.orders.helpers import buyer

    return await buyer(coop_id, role="manager")


async def test_the_demo_is_booked_through_the_flows_and_every_book_balances(db, app, tmp_path):
    # given a fresh database; when the demo seeds the network and two years of business
    from demo import flows as demo_flows
    from market import service as market
    from market.service.shu import live_shu

    created, products, business = await demo_flows.seed_all(app, tmp_path, photos=False)
    assert created and products and business
    # then every book balances
    assert await market.books_problems() == []
    # last year's PHU of the demo cooperative: sales, HPP, expenses, tax and a positive SHU
    bajawa = await market.get_cooperative_by_slug("kopi-bajawa")
    last = date.today().year - 1
    rows = await database.execute(
        "SELECT a.code AS code, SUM(p.amount) AS total FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id"
        " WHERE p.book = ? AND p.booked_on >= ? AND p.booked_on <= ? GROUP BY a.code",
        bajawa.id,
        date(last, 1, 1),
        date(last, 12, 31),
    )
    year = {r["code"]: int(r["total"]) for r in rows}
    assert year["penjualan_anggota"] < 0 and year["penjualan_non_anggota"] < 0  # sales (credits)
    assert year["hpp_anggota"] > 0 and year["hpp_non_anggota"] > 0
    assert all(year[code] > 0 for code in ("beban_gaji", "beban_sewa", "beban_listrik", "beban_transport"))
    assert year.get("pajak_penghasilan", 0) > 0, year
    shu = await live_shu(bajawa.id, year=last)
    # last year's books are closed through December: ready for the SHU close and the RAT
    assert (await market.get_cooperative(bajawa.id)).books_locked_through == date(last, 12, 31)
    assert shu.shu_after_tax > 0 and shu.income == -sum(
        v
        for k, v in year.items()
        if k.startswith(("penjualan", "ongkir", "ppob", "jasa_pinjaman", "admin_pinjaman", "denda_pinjaman"))
    )
    assert year["ppob_anggota"] < 0 and year["ppob_non_anggota"] < 0  # pulsa from wallets and at the counter
    assert shu.by_kind["ppob"] == -year["ppob_anggota"] > 0
    # a demo member's weights are the sum of their tagged postings of that year
    tags = await database.execute(
        "SELECT p.member_id AS member_id, SUM(CASE WHEN a.type = 'expense' THEN p.amount ELSE -p.amount END) AS total"
        " FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id"
        " WHERE p.book = ? AND p.member_id IS NOT NULL AND p.booked_on >= ? AND p.booked_on <= ? GROUP BY p.member_id",
        bajawa.id,
        date(last, 1, 1),
        date(last, 12, 31),
    )
    assert tags and {r["member_id"]: int(r["total"]) for r in tags} == {
        m: s.weight for m, s in shu.members.items() if s.weight
    }
    # the B2B buyer received and resold: its own book shows the purchase in stock and a sale
    keputran = await market.get_cooperative_by_slug("pasar-keputran")
    kept = {r.code: r.debit - r.credit for r in await market.trial_balance(keputran.id)}
    assert kept["penjualan_non_anggota"] < 0 and kept["hpp_non_anggota"] > 0
    # seeding again changes nothing
    assert await demo_flows.seed_business(app) == ""
