"""The operator's list of every cooperative's health (a provincial office: its province)."""

from __future__ import annotations

from market import service as market
from market.service.users import Actor
from oversight.schemas import HealthRow
from oversight.service.bands import BAND_ORDER
from oversight.service.health import health_year
from oversight.service.network import scope_of
from rat.service.figures import rats_closed

SORTS = ("province", "band", "name")


async def health_overview(actor: Actor, year: int, sort: str = "province") -> list[HealthRow]:
    """One row per active cooperative for *year*, sorted by province, band or name."""
    scope_of(actor)
    coops = await market.list_cooperatives(status=market.CoopStatus.ACTIVE, ids=actor.scope_ids)
    rows: list[HealthRow] = []
    for coop in coops:
        today = await market.day_in(coop.id)
        found = await health_year(coop, year, today, await rats_closed(coop.id))
        by_key = {i.key: i for i in found.indicators}
        rows.append(
            HealthRow(
                cooperative_id=coop.id,
                cooperative_name=coop.name,
                province=coop.province,
                year=year,
                band=found.band,
                permodalan_bps=by_key["permodalan"].value_bps,
                likuiditas_bps=by_key["likuiditas"].value_bps,
                rat_on_time=by_key["rat_tepat_waktu"].value_bps == 1,
                statements_closed=by_key["laporan_ditutup"].value_bps == 1,
            )
        )
    key = {
        "band": lambda r: (BAND_ORDER.get(r.band or "", 9), r.province, r.cooperative_name),
        "name": lambda r: (r.cooperative_name,),
    }.get(sort, lambda r: (r.province, r.cooperative_name))
    return sorted(rows, key=key)
