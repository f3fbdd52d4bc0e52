"""A small hand-made network over three provinces for oversight's figures: cooperatives, members
and products through the services; paid sub-orders, PPOB transactions, payouts and payments as
rows (the dashboard only reads them; the flows that write them are proven in their packages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from market.models import Cooperative, CoopStatus, Role
from market.service.users import Actor, with_scope
from orders.models import Order, OrderLine, SubOrder
from payments.models import Payment, Payout
from ppob.models import Transaction
from tests.builders import make_coop, make_member, make_product

AS_OF = date(2026, 11, 15)  # the month: 1 November WIB = 31 October 17:00 UTC, to 30 November 17:00 UTC
IN_MONTH = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
FIRST_WIB_HOUR = datetime(2026, 10, 31, 18, 0, tzinfo=UTC)  # 1 November 01:00 WIB: in the month
LAST_OCTOBER = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)  # 31 October 23:00 WIB: not
NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)


async def operator(province: str | None = None) -> Actor:
    """An operator (a provincial office's when *province* is given) as a request would load it."""
    return await with_scope(Actor(1, "op@uji.id", "Operator", Role.OPERATOR, None, None, province=province))


@dataclass
class Net:
    coops: dict[str, Cooperative] = field(default_factory=dict)
    members: dict[str, list] = field(default_factory=dict)


_n = iter(range(1, 10_000))


async def suborder(coop_id: int, product_id: int, goods: int, fee: int, paid_at: datetime | None) -> SubOrder:
    n = next(_n)
    order = await Order.create(
        buyer_user_id=1, idempotency_key=f"ov-{n}-{coop_id}", recipient_name="Budi", phone="081234567890",
        street="Jl. Uji 1", kelurahan="K", kecamatan="K", kabupaten="K", provinsi="Bali", kode_pos="80111",
        goods_total=goods, delivery_total=fee, total=goods + fee, created_at=paid_at or NOW,
    )  # fmt: skip
    sub = await SubOrder.create(
        order=order, cooperative_id=coop_id, state="paid" if paid_at else "awaiting_payment", goods_total=goods,
        delivery="delivery", delivery_fee=fee, created_at=paid_at or NOW, paid_at=paid_at,
    )  # fmt: skip
    await OrderLine.create(
        suborder=sub, product_id=product_id, name="x", unit="kg", quantity=1, unit_price=goods, line_total=goods,
        reservation_reference=f"r-{n}",
    )  # fmt: skip
    return sub


async def ppob(coop_id: int, price: int, state: str, settled_at: datetime | None) -> None:
    n = next(_n)
    await Transaction.create(
        ref_id=f"OV{n}{coop_id}", cooperative_id=coop_id, kind="prepaid", sku="pln20", product_name="PLN 20rb",
        category="PLN", brand="PLN", customer_no="14234567821", base_price=price - 1500, sell_price=price,
        state=state, settled_at=settled_at, business_date=(settled_at or NOW).date(),
    )  # fmt: skip


async def build() -> Net:
    """Jawa Barat: A (active, since 2024, no RAT for 2025) and P (pending); Bali: B (active);
    Papua: C (active)."""
    net = Net()
    net.coops["A"] = await make_coop(province="Jawa Barat")
    net.coops["P"] = await make_coop(status=CoopStatus.PENDING, province="Jawa Barat")
    net.coops["B"] = await make_coop(province="Bali", regency="Kabupaten Badung")
    net.coops["C"] = await make_coop(province="Papua", regency="Kabupaten Jayapura")
    await Cooperative.filter(id=net.coops["A"].id).update(created_at=datetime(2024, 3, 1, tzinfo=UTC))
    for key, count in (("A", 3), ("P", 1), ("B", 2), ("C", 1)):
        net.members[key] = [await make_member(net.coops[key].id) for _ in range(count)]
    a, b, c = (net.coops[k].id for k in "ABC")
    rice = await make_product(a, category="beras-biji-bijian")
    coffee = await make_product(b, category="kopi-teh")
    fish = await make_product(c, category="ikan")
    await suborder(a, rice.id, 150_000, 20_000, IN_MONTH)
    await suborder(a, rice.id, 75_000, 0, FIRST_WIB_HOUR)
    await suborder(a, rice.id, 99_000, 0, LAST_OCTOBER)
    await suborder(a, rice.id, 50_000, 0, None)
    await suborder(b, coffee.id, 240_000, 15_000, IN_MONTH)
    await suborder(c, fish.id, 60_000, 10_000, IN_MONTH)
    await ppob(a, 21_500, "success", IN_MONTH)
    await ppob(c, 51_500, "success", IN_MONTH)
    await ppob(c, 101_500, "success", FIRST_WIB_HOUR)
    await ppob(c, 21_500, "failed", IN_MONTH)
    await ppob(b, 21_500, "success", LAST_OCTOBER)
    for coop_id, amount, status in ((b, 300_000, "pending"), (b, 120_000, "requested"), (a, 500_000, "succeeded")):
        await Payout.create(
            cooperative_id=coop_id, idempotency_key=f"po-{next(_n)}", amount=amount, status=status,
            channel_code="ID_BRI", account_number="1234567", account_holder_name="Koperasi",
        )  # fmt: skip
    old, fresh = await _payment(c, 80_000), await _payment(c, 40_000)
    await Payment.filter(id=old).update(created_at=datetime(2026, 11, 15, 2, 0, tzinfo=UTC))
    await Payment.filter(id=fresh).update(created_at=datetime(2026, 11, 15, 10, 0, tzinfo=UTC))
    return net


async def _payment(coop_id: int, amount: int) -> int:
    row = await Payment.create(
        kind="wallet_topup", external_id=f"ov-pay-{next(_n)}", amount=amount, cooperative_id=coop_id
    )
    return row.id
