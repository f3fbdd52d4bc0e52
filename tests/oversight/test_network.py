"""Every figure of the operator's dashboard equals an SQL total computed here over the small
network of tests.oversight.helpers (Jawa Barat, Bali, Papua); a provincial operator sees only
their province, and the alerts name what they should."""

from __future__ import annotations

from market import db
from market.errors import Forbidden
from market.models import Account, Role
from market.service.users import Actor
from oversight import service as oversight
from tests.oversight.helpers import AS_OF, NOW, build, operator

MONTH = ("2026-10-31 17:00:00+00:00", "2026-11-30 17:00:00+00:00")


async def _by_province(sql: str, *args) -> dict[str, tuple]:
    rows = await db.execute(sql, *args)
    return {r["province"]: tuple(int(r[k] or 0) for k in r if k != "province") for r in rows}


def db_is_pg() -> bool:
    from tortoise import connections

    return connections.get("default").capabilities.dialect == "postgres"


def _ts(text: str) -> str:
    return f"CAST('{text}' AS TIMESTAMPTZ)" if db_is_pg() else f"'{text}'"


async def _sum(sql: str) -> dict[str, tuple[int, ...]]:
    return await _by_province(sql.replace("{FROM}", _ts(MONTH[0])).replace("{TO}", _ts(MONTH[1])))


async def _sql_figures() -> dict[str, dict[str, tuple[int, ...]]]:
    join = "JOIN cooperative c ON c.id = x.cooperative_id"
    return {
        "coops": await _sum(
            "SELECT province, COUNT(*) AS n, SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS online "
            "FROM cooperative GROUP BY province"
        ),
        "members": await _sum(
            f"SELECT c.province, COUNT(*) AS n FROM member x {join} WHERE x.status = 'active' GROUP BY c.province"
        ),
        "gmv": await _sum(
            f"SELECT c.province, COUNT(*) AS n, SUM(x.goods_total + x.delivery_fee) AS total FROM orders_suborder x "
            f"{join} WHERE x.paid_at >= {{FROM}} AND x.paid_at < {{TO}} GROUP BY c.province"
        ),
        "ppob": await _sum(
            f"SELECT c.province, COUNT(*) AS n, SUM(x.sell_price) AS total FROM ppob_transaction x {join} "
            f"WHERE x.state = 'success' AND x.settled_at >= {{FROM}} AND x.settled_at < {{TO}} GROUP BY c.province"
        ),
        "payouts": await _sum(
            f"SELECT c.province, COUNT(*) AS n, SUM(x.amount) AS total FROM payments_payout x {join} "
            "WHERE x.status IN ('pending', 'accepted', 'requested') AND x.wallet_id IS NULL GROUP BY c.province"
        ),
    }


def _assert_rows(seen, sql: dict[str, dict[str, tuple[int, ...]]]) -> None:
    for p in seen.provinces:
        assert (p.registered, p.online) == sql["coops"][p.province]
        assert (p.members,) == sql["members"].get(p.province, (0,))
        assert (p.orders, p.gmv) == sql["gmv"].get(p.province, (0, 0))
        assert (p.ppob_count, p.ppob_volume) == sql["ppob"].get(p.province, (0, 0))
        assert (p.payouts_pending, p.payouts_amount) == sql["payouts"].get(p.province, (0, 0))


async def _categories_sql(province: str | None = None) -> dict[str, tuple[int, ...]]:
    where = f"AND c.province = '{province}' " if province else ""
    return await _sum(
        "SELECT p.category AS province, SUM(l.line_total) AS total FROM orders_line l "
        "JOIN orders_suborder x ON x.id = l.suborder_id JOIN catalog_product p ON p.id = l.product_id "
        f"JOIN cooperative c ON c.id = x.cooperative_id WHERE x.paid_at >= {{FROM}} AND x.paid_at < {{TO}} {where}"
        "GROUP BY p.category"
    )


async def test_every_figure_is_the_sql_total_of_its_province(db):
    await build()
    seen = await oversight.network(await operator(), AS_OF, now=NOW)
    assert [p.province for p in seen.provinces] == ["Bali", "Jawa Barat", "Papua"]
    _assert_rows(seen, await _sql_figures())
    # The hand-made figures the SQL agrees with: the 1 November 01:00 WIB sub-order counts, the
    # 31 October 23:00 WIB one and the unpaid one do not.
    jabar = next(p for p in seen.provinces if p.province == "Jawa Barat")
    assert (jabar.registered, jabar.online, jabar.members, jabar.orders, jabar.gmv) == (2, 1, 4, 2, 245_000)
    assert (seen.total.gmv, seen.total.ppob_count, seen.total.ppob_volume) == (245_000 + 255_000 + 70_000, 3, 174_500)
    assert (seen.total.payouts_pending, seen.total.payouts_amount) == (2, 420_000)
    assert {c.category: (c.gmv,) for c in seen.categories} == await _categories_sql()
    assert [c.category for c in seen.categories] == ["kopi-teh", "beras-biji-bijian", "ikan"]


async def test_a_provincial_operators_dashboard_is_the_sql_total_of_its_province_only(db):
    net = await build()
    seen = await oversight.network(await operator("Papua"), AS_OF, now=NOW)
    sql = await _sql_figures()
    assert [p.province for p in seen.provinces] == ["Papua"] and seen.province_scope == "Papua"
    _assert_rows(seen, sql)
    (papua,) = seen.provinces
    # The total is Papua's alone: nothing of Bali or Jawa Barat leaks into it.
    assert seen.total.model_dump(exclude={"province"}) == papua.model_dump(exclude={"province"})
    assert (papua.registered, papua.members, papua.orders, papua.gmv, papua.ppob_count, papua.ppob_volume) == (
        1, 1, 1, 70_000, 2, 153_000,
    )  # fmt: skip
    assert {c.category: (c.gmv,) for c in seen.categories} == await _categories_sql("Papua") == {"ikan": (60_000,)}
    assert seen.alerts and {a.cooperative_id for a in seen.alerts} == {net.coops["C"].id}


async def test_a_provincial_operator_sees_their_province_only_and_others_are_refused(db):
    net = await build()
    bali = await oversight.network(await operator("Bali"), AS_OF, now=NOW)
    assert [p.province for p in bali.provinces] == ["Bali"] and bali.province_scope == "Bali"
    assert (bali.total.registered, bali.total.orders, bali.total.gmv) == (1, 1, 255_000)
    assert bali.biller_deposit is None and all(a.province == "Bali" for a in bali.alerts)
    empty = await oversight.network(await operator("Aceh"), AS_OF, now=NOW)
    assert [p.province for p in empty.provinces] == ["Aceh"] and empty.total.gmv == 0
    manager = Actor(9, "m@uji.id", "M", Role.MANAGER, net.coops["A"].id, None)
    try:
        await oversight.network(manager, AS_OF, now=NOW)
        raise AssertionError("a manager must not see the network")
    except Forbidden:
        pass


class LowBiller:
    """The biller's deposit answer (the provider's; its protocol is proven in tests/ppob)."""

    def __init__(self, deposit: int) -> None:
        self.deposit = deposit

    async def balance(self) -> int:
        return self.deposit


async def test_alerts_name_the_overdue_rat_negative_cash_stuck_payments_and_a_low_deposit(db):
    net = await build()
    kas = await Account.get(cooperative_id=net.coops["B"].id, code="kas", member_id=None)
    await Account.filter(id=kas.id).update(balance=-12_500)
    try:
        seen = await oversight.network(await operator(), AS_OF, now=NOW, biller=LowBiller(4_999_999))
    finally:
        await Account.filter(id=kas.id).update(balance=kas.balance)
    kinds = {(a.kind, a.cooperative_id, a.amount) for a in seen.alerts}
    assert ("rat_overdue", net.coops["A"].id, None) in kinds  # since 2024, no RAT for 2025 by 30 June 2026
    assert not any(a.kind == "rat_overdue" and a.cooperative_id != net.coops["A"].id for a in seen.alerts)
    assert ("cash_negative", net.coops["B"].id, -12_500) in kinds
    assert ("payment_stuck", net.coops["C"].id, 80_000) in kinds  # 10 h old; the 2 h old one is not stuck
    assert ("biller_deposit_low", None, 4_999_999) in kinds and seen.biller_deposit == 4_999_999
    fine = await oversight.network(await operator(), AS_OF, now=NOW, biller=LowBiller(5_000_000))
    assert not any(a.kind in ("biller_deposit_low", "cash_negative") for a in fine.alerts)
