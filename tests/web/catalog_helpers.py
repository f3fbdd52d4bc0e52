"""Products for page tests: created through the catalog service, then indexed through the outbox
as the worker would."""

from __future__ import annotations

import itertools

from catalog import service
from market.service import dispatch_pending

_sku = itertools.count(1)


async def make_product(coop_id: int, **overrides):
    data = dict(sku=f"WEB-{next(_sku)}", name="Beras Pandan Wangi 5 kg", category="beras-biji-bijian",
                unit="karung", price_idr=75_000, stock=10)
    data.update(overrides)
    return await service.create_product(coop_id, data)


async def deliver() -> int:
    """Deliver every pending outbox event, so the search index has caught up."""
    total = 0
    while (n := await dispatch_pending(limit=500)):
        total += n
    return total
