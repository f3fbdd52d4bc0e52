"""Stock for the counter, through catalog.service only: whole units leave catalog stock (its
conditional UPDATE, never below zero) and a unit opened to sell a part of it (0.5 kg of a
kilo) keeps its rest here, per product, under the row's lock until sold or put back whole."""

from __future__ import annotations

from typing import Any

from catalog import service as catalog
from catalog.errors import OutOfStock
from market import db
from retail.errors import StockShort
from retail.models import OpenedUnit
from retail.service.quantities import MILLI, decimals_of, share, shown


async def _opened(product_id: int, coop_id: int) -> tuple[int, int]:
    """The opened rest of the product and its cost, its row locked for the transaction (PostgreSQL)."""
    await db.execute(
        "INSERT INTO retail_opened_unit (product_id, cooperative_id, milli, value) VALUES (?, ?, 0, 0)"
        " ON CONFLICT DO NOTHING",
        product_id,
        coop_id,
    )
    lock = " FOR UPDATE" if db.is_postgres() else ""
    rows = await db.execute(f"SELECT milli, value FROM retail_opened_unit WHERE product_id = ?{lock}", product_id)
    return int(rows[0]["milli"]), int(rows[0]["value"])


async def take(item, coop_id: int, milli: int, *, reference: str, line: int) -> int:
    """Take *milli* of *item* for a sale line (inside the sale's transaction) and answer its HPP:
    its share of the opened rest's cost (all of it when the rest is used up); StockShort naming
    the line when there is not enough."""
    opened, value = await _opened(item.id, coop_id)
    if milli > opened:
        units = -(-(milli - opened) // MILLI)
        try:
            await catalog.take_for_sale(item.id, units, reference=reference)
        except OutOfStock:
            free = item.available * MILLI + opened
            raise StockShort(
                f"Baris {line} ({item.name}): stok tersedia {shown(max(free, 0), item.unit)},"
                f" diminta {shown(milli, item.unit)}",
                field=f"lines.{line}",
                line=line,
                sku=item.sku,
            ) from None
        opened, value = opened + units * MILLI, value + units * item.cost_idr
    hpp = value if milli == opened else share(value, milli, opened)
    await OpenedUnit.filter(product_id=item.id).update(milli=opened - milli, value=value - hpp)
    return hpp


async def take_lines(coop_id: int, lines: list[tuple[Any, int]], *, reference: str) -> dict[int, int]:
    """Take every line (item, milli) of a sale: lines in whole units of a unit without decimals
    in one catalog call (one UPDATE for all of them: they never open a unit); a line by measure
    (kg, liter) through ``take`` and its opened rest. Answers the HPP of the lines by measure,
    by position (the others cost their units at cost). StockShort names the first line short."""
    whole: list[tuple[int, int, str]] = []
    line_of: dict[int, tuple[int, Any]] = {}
    measured: dict[int, int] = {}
    for position, (item, milli) in enumerate(lines, start=1):
        if decimals_of(item.unit) or milli % MILLI:
            measured[position] = await take(item, coop_id, milli, reference=f"{reference}:{position}", line=position)
            continue
        whole.append((item.id, milli // MILLI, f"{reference}:{position}"))
        line_of.setdefault(item.id, (position, item))
    if not whole:
        return measured
    try:
        await catalog.take_many_for_sale(whole)
    except OutOfStock as exc:
        position, item = line_of.get(int(exc.extra.get("product_id") or 0), next(iter(line_of.values())))
        item = next(iter(await catalog.counter_items_by_ids(coop_id, [item.id])), item)  # its stock now
        wanted = sum(units for pid, units, _ in whole if pid == item.id) * MILLI
        raise StockShort(
            f"Baris {position} ({item.name}): stok tersedia {shown(max(item.available, 0) * MILLI, item.unit)},"
            f" diminta {shown(wanted, item.unit)}",
            field=f"lines.{position}",
            line=position,
            sku=item.sku,
        ) from None
    return measured


async def put_back(product_id: int, coop_id: int, milli: int, *, hpp: int, reference: str) -> None:
    """A returned quantity back with its HPP: into the opened rest, and the whole units of the
    rest into catalog stock at the product's cost (a rounding residue stays with the rest, to
    leave with its last part)."""
    opened, value = await _opened(product_id, coop_id)
    opened, value = opened + milli, value + hpp
    units = opened // MILLI
    if units:
        await catalog.put_back(product_id, units, reference=reference)
        cost = next(iter(await catalog.counter_items_by_ids(coop_id, [product_id])), None)
        value -= units * (cost.cost_idr if cost is not None else 0)
    await OpenedUnit.filter(product_id=product_id).update(milli=opened - units * MILLI, value=value)
