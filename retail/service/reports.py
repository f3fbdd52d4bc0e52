"""The shop's daily and monthly report: sales, returns, HPP and margin, the top items, per
cashier, per payment method and per day; CSV. Read from the shop's own tables (a sale counts on
its cooperative's day, a return on the day it was given back, against its sale's cashier and
method)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from market.csvfile import to_csv
from market.service import Actor
from retail.models import BOOKED, Sale, SaleLine, SaleReturn
from retail.schemas import Figure, ReportOut
from retail.service.common import require_staff

METHOD_LABELS = {"cash": "Tunai", "wallet": "Dompet anggota", "qris": "QRIS", "bank": "Transfer/kartu"}


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


class _Sum:
    def __init__(self) -> None:
        self.count, self.sales, self.hpp, self.label = 0, 0, 0, ""

    def figure(self, key: str) -> Figure:
        return Figure(
            key=key,
            label=self.label or key,
            count=self.count,
            sales=self.sales,
            hpp=self.hpp,
            margin=self.sales - self.hpp,
        )


def _figures(groups: dict[str, _Sum], *, by_sales: bool = True, limit: int | None = None) -> list[Figure]:
    out = [g.figure(k) for k, g in groups.items()]
    out.sort(key=(lambda f: (-f.sales, f.key)) if by_sales else (lambda f: f.key))
    return out[:limit] if limit else out


async def report(coop_id: int, start: date, end: date, *, actor: Actor | None) -> ReportOut:
    """The figures of the days *start* … *end* (inclusive)."""
    require_staff(actor, coop_id)
    sales = await Sale.filter(cooperative_id=coop_id, booked_on__gte=start, booked_on__lte=end, status__in=BOOKED)
    returns = await SaleReturn.filter(cooperative_id=coop_id, booked_on__gte=start, booked_on__lte=end)
    of_return = {s.id: s for s in await Sale.filter(id__in=list({r.sale_id for r in returns}) or [0])}
    lines = await SaleLine.filter(sale_id__in=[s.id for s in sales] or [0])
    cashier: dict[str, _Sum] = defaultdict(_Sum)
    method: dict[str, _Sum] = defaultdict(_Sum)
    day: dict[str, _Sum] = defaultdict(_Sum)
    items: dict[str, _Sum] = defaultdict(_Sum)
    for s in sales:
        for groups, key, label in (
            (cashier, s.cashier_name or "POS", ""),
            (method, str(s.method), METHOD_LABELS.get(str(s.method), "")),
            (day, s.booked_on.isoformat(), ""),
        ):
            g = groups[key]
            g.count, g.sales, g.hpp, g.label = g.count + 1, g.sales + s.total, g.hpp + s.hpp_total, label
    for r in returns:
        s = of_return[r.sale_id]
        for groups, key in (
            (cashier, s.cashier_name or "POS"),
            (method, str(s.method)),
            (day, r.booked_on.isoformat()),
        ):
            g = groups[key]
            g.sales, g.hpp = g.sales - r.total, g.hpp - r.hpp_total
    for line in lines:
        g = items[line.sku]
        g.count, g.sales, g.hpp, g.label = g.count + 1, g.sales + line.line_total, g.hpp + line.hpp, line.name
    gross, hpp_sold = sum(s.total for s in sales), sum(s.hpp_total for s in sales)
    back, hpp_back = sum(r.total for r in returns), sum(r.hpp_total for r in returns)
    return ReportOut(
        cooperative_id=coop_id,
        start=start,
        end=end,
        sales_count=len(sales),
        gross_sales=gross,
        returns=back,
        net_sales=gross - back,
        hpp=hpp_sold - hpp_back,
        margin=gross - back - (hpp_sold - hpp_back),
        top_items=_figures(items, limit=10),
        by_cashier=_figures(cashier),
        by_method=_figures(method),
        by_day=_figures(day, by_sales=False),
    )


def report_csv(r: ReportOut) -> str:
    """The report as CSV: the totals, then each section's rows."""
    rows: list[list] = [
        [
            "ringkasan",
            "periode",
            f"{r.start.isoformat()} s.d. {r.end.isoformat()}",
            r.sales_count,
            r.net_sales,
            r.hpp,
            r.margin,
        ],
        ["ringkasan", "retur", "", "", r.returns, "", ""],
    ]
    for section, figures in (
        ("barang_terlaris", r.top_items),
        ("kasir", r.by_cashier),
        ("metode", r.by_method),
        ("hari", r.by_day),
    ):
        rows += [[section, f.key, f.label, f.count, f.sales, f.hpp, f.margin] for f in figures]
    return to_csv(rows, header=["bagian", "kunci", "nama", "jumlah", "penjualan", "hpp", "margin"])
