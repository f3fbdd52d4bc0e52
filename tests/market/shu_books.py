"""A cooperative's year booked by hand on its chart: sales to members and to a non-member, a
member's produce, a PPOB fee, expenses and tax, with the member tags the SHU weighs.

The figures (tests/market/test_shu.py works them out):
    income   1.000.000 + 600.000 + 900.000 + 5.000          = 2.505.000
    expenses   800.000 + 500.000 + 700.000 + 150.000 + 50.000 = 2.200.000
    tax        20.000
    members' gross     1.605.000 − 1.300.000 = 305.000;  non-members' 900.000 − 700.000 = 200.000
    weights   a: purchase 1.000.000 + ppob 5.000;  b: supply 500.000;  c: purchase 600.000
"""

from __future__ import annotations

from datetime import date

from market import service
from tests.builders import deposit, make_coop, make_member

POLICY = {"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 2000, "pendidikan": 1000}


async def _post(coop_id: int, ref: str, legs, description: str, booked_on: date | None = None) -> None:
    await service.post_entry(
        ref, legs, description=description, cooperative_id=coop_id, booked_on=booked_on, source="manual"
    )


async def book_a_year(**coop):
    """The cooperative, its members a, b, c with capital, and the year's entries (booked today)."""
    c = await make_coop(shu_policy=POLICY, simpanan_pokok_amount=100_000, **coop)
    a, b, m = [await make_member(c.id) for _ in range(3)]
    for member in (a, b, m):
        await deposit(c.id, member.id, "pokok", 100_000)
    await deposit(c.id, a.id, "wajib", 200_000)
    await deposit(c.id, m.id, "sukarela", 5_000_000)  # sukarela does not count by default
    acct = service.chart_account

    async def sale(ref, amount, cost, side, tag, supply_tag=None, cost_from=None):
        cost_account = cost_from or await acct(c.id, "persediaan")
        await _post(
            c.id,
            ref,
            [
                service.debit(await acct(c.id, "kas"), amount),
                service.credit(await acct(c.id, f"penjualan_{side}"), amount, **tag),
                service.debit(await acct(c.id, f"hpp_{side}"), cost, **(supply_tag or {})),
                service.credit(cost_account, cost),
            ],
            f"Penjualan {ref}",
        )

    await sale("uji:jual-a", 1_000_000, 800_000, "anggota", {"member_id": a.id, "kind": "purchase"})
    await sale(
        "uji:jual-c",
        600_000,
        500_000,
        "anggota",
        {"member_id": m.id, "kind": "purchase"},
        {"member_id": b.id, "kind": "supply"},
        await acct(c.id, "wallet", member_id=b.id),
    )
    await sale("uji:jual-umum", 900_000, 700_000, "non_anggota", {})
    await expense(c.id, "uji:ppob-a", "ppob_anggota", -5_000, "Fee PPOB", tag={"member_id": a.id, "kind": "ppob"})
    await expense(c.id, "uji:gaji", "beban_gaji", 150_000, "Gaji kasir")
    await expense(c.id, "uji:sewa", "beban_sewa", 50_000, "Sewa kios")
    await _post(
        c.id,
        "uji:pajak",
        [
            service.debit(await acct(c.id, "pajak_penghasilan"), 20_000),
            service.credit(await acct(c.id, "utang_pajak"), 20_000),
        ],
        "PPh badan",
    )
    return c, a, b, m


async def expense(coop_id, ref, code, amount, description, *, tag=None, booked_on=None):
    """*amount* debited to *code* against kas (a negative amount credits it: income into kas)."""
    account = await service.chart_account(coop_id, code)
    await _post(
        coop_id,
        ref,
        [
            service.debit(account, amount, **(tag or {})),
            service.credit(await service.chart_account(coop_id, "kas"), amount),
        ],
        description,
        booked_on,
    )
