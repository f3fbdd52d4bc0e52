"""A cooperative's own delivery fees, by destination province."""

from __future__ import annotations

from market import db
from market import service as market
from orders.errors import InvalidOrder
from orders.models import DeliveryRate

MAX_FEE = 10**9


async def get_delivery_rates(coop_id: int) -> dict[str, int]:
    """Province → fee in rupiah; a province not listed gets no delivery (pickup only)."""
    rows = await DeliveryRate.filter(cooperative_id=coop_id).order_by("province")
    return {r.province: r.fee for r in rows}


async def set_delivery_rates(coop_id: int, rates: dict[str, int], *, actor) -> dict[str, int]:
    """Replace the cooperative's rate table (its staff only)."""
    market.require_coop(actor, coop_id, frozenset({market.Role.MANAGER}))
    await market.get_cooperative(coop_id)
    clean: dict[str, int] = {}
    for province, fee in (rates or {}).items():
        name = str(province).strip()
        if isinstance(fee, str) and fee.strip().isdigit():
            fee = int(fee.strip())
        if not name or len(name) > 100:
            raise InvalidOrder("Nama provinsi tidak valid", field="rates")
        if isinstance(fee, bool) or not isinstance(fee, int) or fee < 0 or fee > MAX_FEE:
            raise InvalidOrder(f"Ongkos kirim ke {name} harus bilangan bulat rupiah ≥ 0", field="rates")
        clean[name] = fee
    async with db.transaction():
        await DeliveryRate.filter(cooperative_id=coop_id).delete()
        if clean:
            await DeliveryRate.bulk_create(
                [DeliveryRate(cooperative_id=coop_id, province=p, fee=f) for p, f in clean.items()]
            )
    return await get_delivery_rates(coop_id)


async def rates_for(coop_ids: list[int], province: str | None) -> dict[int, int]:
    """Cooperative → its fee to *province*, for those that deliver there (one query)."""
    if not coop_ids or not province:
        return {}
    rows = await db.execute(
        "SELECT cooperative_id, fee FROM orders_delivery_rate WHERE LOWER(province) = LOWER(?) AND cooperative_id IN ("
        + ", ".join("?" * len(coop_ids))
        + ")",
        province,
        *coop_ids,
    )
    return {r["cooperative_id"]: r["fee"] for r in rows}
