"""The operator's view of the network: adoption, members, the month's GMV and PPOB, categories,
payouts waiting and alerts, by province. Every figure is read through its owning package's
service with one aggregate statement (the top categories: two, the lines then their categories)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from catalog import service as catalog
from catalog.service import figures as catalog_figures
from market import service as market
from market.service import figures as core_figures
from market.service.users import Actor
from orders.service import figures as order_figures
from oversight.schemas import CategoryFigure, Network, ProvinceFigures
from oversight.service.alerts import alerts
from payments.service import figures as payment_figures
from payments.service.statement import month_bounds
from ppob.service import figures as ppob_figures

log = logging.getLogger(__name__)

NETWORK_ZONE = "Asia/Jakarta"  # the network's month is WIB's calendar month
STUCK_AFTER_HOURS = 6
LOW_DEPOSIT = 5_000_000
TOP_CATEGORIES = 8
FIELDS = ("members", "orders", "gmv", "ppob_count", "ppob_volume", "payouts_pending", "payouts_amount")


def scope_of(actor: Actor) -> str | None:
    """The province an operator sees (None: all); anyone else is refused."""
    market.require_operator(actor)
    return actor.province


async def network(
    actor: Actor,
    as_of: date,
    *,
    biller: Any = None,
    now: datetime | None = None,
    stuck_after_hours: int = STUCK_AFTER_HOURS,
    low_deposit: int = LOW_DEPOSIT,
) -> Network:
    """The dashboard on *as_of* (its WIB month); a provincial operator sees their province only."""
    province = scope_of(actor)
    now = now or datetime.now(UTC)
    start, end = month_bounds(as_of.year, as_of.month, NETWORK_ZONE)
    coops = await market.list_cooperatives(ids=actor.scope_ids)
    where = {c.id: c.province for c in coops}
    rows = _provinces(coops, province)
    per_coop: dict[str, Mapping[int, tuple[int, ...]]] = {
        "members": {k: (v,) for k, v in (await core_figures.active_members_by_cooperative()).items()},
        "orders": await order_figures.paid_by_cooperative(start, end),
        "ppob": await ppob_figures.volume_by_cooperative(start, end),
        "payouts": await payment_figures.open_payouts_by_cooperative(),
    }
    names = {"members": ("members",), "orders": ("orders", "gmv"), "ppob": ("ppob_count", "ppob_volume")}
    names["payouts"] = ("payouts_pending", "payouts_amount")
    for figure, values in per_coop.items():
        for coop_id, numbers in values.items():
            if coop_id in where:
                for name, number in zip(names[figure], numbers, strict=False):
                    rows[where[coop_id]][name] += number
    provinces = [ProvinceFigures(province=p, **r) for p, r in sorted(rows.items())]
    total = ProvinceFigures(
        province="",
        registered=len(coops),
        online=sum(p.online for p in provinces),
        **{f: sum(getattr(p, f) for p in provinces) for f in FIELDS},
    )
    deposit = await _deposit(biller) if province is None else None
    stuck_before = now - timedelta(hours=stuck_after_hours)
    found = await alerts(coops, as_of, stuck_before, province, deposit, low_deposit)
    return Network(
        as_of=as_of,
        month_from=start,
        month_to=end,
        province_scope=province,
        provinces=provinces,
        total=total,
        categories=await _categories(start, end, set(where)),
        alerts=found,
        biller_deposit=deposit,
        stuck_after_hours=stuck_after_hours,
        low_deposit=low_deposit,
    )


def _provinces(coops: list, province: str | None) -> dict[str, dict[str, int]]:
    rows: dict[str, dict[str, int]] = {}
    if province is not None:
        rows[province] = {"registered": 0, "online": 0, **dict.fromkeys(FIELDS, 0)}
    for coop in coops:
        row = rows.setdefault(coop.province, {"registered": 0, "online": 0, **dict.fromkeys(FIELDS, 0)})
        row["registered"] += 1
        row["online"] += coop.status == market.CoopStatus.ACTIVE
    return rows


async def _categories(start: datetime, end: datetime, coop_ids: set[int]) -> list[CategoryFigure]:
    sold = await order_figures.paid_goods_by_product(start, end)
    sold = {p: v for p, v in sold.items() if v[0] in coop_ids}
    kinds = await catalog_figures.categories_of(set(sold))
    totals: Counter[str] = Counter()
    for product_id, (_, amount) in sold.items():
        totals[kinds.get(product_id, "lainnya")] += amount
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CATEGORIES]
    return [CategoryFigure(category=k, name=catalog.CATEGORY_NAMES.get(k, k), gmv=v) for k, v in ranked]


async def _deposit(biller: Any) -> int | None:
    if biller is None:
        return None
    try:
        return int(await biller.balance())
    except Exception:  # the dashboard still answers when the biller does not
        log.warning("biller deposit unavailable", exc_info=True)
        return None
