"""Demo delivery rates: priced by distance, seeded once, used by the quote."""

from __future__ import annotations

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
