"""Demo delivery rates: every demo cooperative delivers everywhere, priced by how far the
destination is (same province, same island group, further), so checkout has real choices."""

from __future__ import annotations

from market import service as market
from market.regions import PROVINCES
from orders.models import DeliveryRate
from orders.service import set_delivery_rates

# PROVINCES is ordered by island group: Sumatera, Jawa, Bali & Nusa Tenggara, Kalimantan,
# Sulawesi, Maluku, Papua.
GROUP_ENDS = (10, 16, 19, 24, 30, 32, 38)
SEEDER = market.Actor(0, "demo@pasarkoperasi.id", "Demo", market.Role.OPERATOR, None, None)


def _group(province: str) -> int:
    index = PROVINCES.index(province)
    return next(g for g, end in enumerate(GROUP_ENDS) if index < end)


def demo_fee(origin: str, destination: str) -> int:
    if origin == destination:
        return 10_000
    return 20_000 + 12_000 * abs(_group(origin) - _group(destination))


async def seed_rates() -> int:
    """Rate tables for the demo cooperatives that have none yet; returns how many were written."""
    seeded = 0
    for coop in await market.list_cooperatives():
        if coop.province not in PROVINCES or await DeliveryRate.filter(cooperative_id=coop.id).exists():
            continue
        await set_delivery_rates(coop.id, {p: demo_fee(coop.province, p) for p in PROVINCES}, actor=SEEDER)
        seeded += 1
    return seeded
