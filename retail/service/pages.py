"""One call per shop screen: what the counter, the receipt, the POS problems and the report show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from catalog import service as catalog
from market import service as market
from market.errors import DomainError
from market.service import Actor
from retail.models import Sale, SaleStatus
from retail.schemas import ProblemOut, ReportOut, SaleOut, ShiftOut
from retail.service.common import get_sale, require_staff, sale_out
from retail.service.pos import problems
from retail.service.qris import qr_of
from retail.service.quantities import MILLI, decimals_of, of_milli, to_milli
from retail.service.reports import month_range, report
from retail.service.shifts import current_shift


@dataclass(frozen=True)
class CartLine:
    product_id: int
    sku: str
    name: str
    unit: str
    decimals: int
    quantity: str
    unit_price: int
    line_total: int
    available: int


@dataclass(frozen=True)
class CounterView:
    coop: Any  # the cooperative (market.service.get_cooperative)
    shift: ShiftOut | None
    found: list = field(default_factory=list)
    cart: list[CartLine] = field(default_factory=list)
    total: int = 0
    recent: list[SaleOut] = field(default_factory=list)
    open_problems: int = 0


def parse_cart(text: str) -> list[tuple[int, str]]:
    """``12:2,15:1.5`` → [(12, "2"), (15, "1.5")] (bad pieces left out; the same product once)."""
    out: dict[int, str] = {}
    for piece in (text or "").split(",")[:100]:
        pid, _, qty = piece.partition(":")
        if pid.strip().isdigit() and 0 < int(pid) < 2**31:
            out[int(pid)] = qty.strip()[:12] or "1"
    return list(out.items())


async def counter_view(
    coop_id: int, *, actor: Actor, q: str = "", cart: str = "", add: int | None = None
) -> CounterView:
    """The counter: the cashier's shift, the goods found by *q* (an exact SKU or barcode goes
    straight into the cart), the cart priced at the tier each quantity reaches."""
    require_staff(actor, coop_id)
    coop = await market.get_cooperative(coop_id)
    lines = parse_cart(cart)
    found = await catalog.counter_items(coop_id, q=q) if q.strip() else []
    exact = [i for i in found if i.sku.lower() == q.strip().lower()]
    if exact:
        add = exact[0].id
    if add and add not in {pid for pid, _ in lines}:
        lines.append((add, "1"))
    items = {i.id: i for i in await catalog.counter_items_by_ids(coop_id, [pid for pid, _ in lines])} if lines else {}
    priced = []
    for pid, qty in lines:
        item = items.get(pid)
        if item is None:
            continue
        try:
            milli = to_milli(qty, item.unit)
        except DomainError:  # a quantity still being typed: shown, priced at 0
            milli = 0
        unit_price = item.price_for(milli // MILLI)
        priced.append(
            CartLine(
                pid,
                item.sku,
                item.name,
                item.unit,
                decimals_of(item.unit),
                qty,
                unit_price,
                of_milli(milli, unit_price),
                item.available,
            )
        )
    recent = await Sale.filter(cooperative_id=coop_id).exclude(status=SaleStatus.VOID).order_by("-id").limit(5)
    return CounterView(
        coop=coop,
        shift=await current_shift(coop_id, actor=actor),
        found=[] if exact else found,
        cart=priced,
        total=sum(line.line_total for line in priced),
        recent=[await sale_out(s) for s in recent],
        open_problems=len(await problems(coop_id, actor=actor)),
    )


@dataclass(frozen=True)
class ReceiptView:
    coop: Any  # the cooperative (market.service.get_cooperative)
    sale: SaleOut


async def receipt_view(coop_id: int, sale_id: int, *, actor: Actor) -> ReceiptView:
    sale = await get_sale(coop_id, sale_id, actor=actor)
    return ReceiptView(coop=await market.get_cooperative(coop_id), sale=sale)


@dataclass(frozen=True)
class ProblemsView:
    coop: Any  # the cooperative (market.service.get_cooperative)
    items: list[ProblemOut]


async def problems_view(coop_id: int, *, actor: Actor, status: str = "open") -> ProblemsView:
    return ProblemsView(
        coop=await market.get_cooperative(coop_id), items=await problems(coop_id, actor=actor, status=status)
    )


@dataclass(frozen=True)
class ReportView:
    coop: Any  # the cooperative (market.service.get_cooperative)
    report: ReportOut
    kind: str  # day or month


def _period(day_text: str, month_text: str, today: date) -> tuple[date, date, str]:
    try:
        if month_text:
            year, month = (int(x) for x in month_text.split("-", 1))
            return (*month_range(year, month), "month")
        day = date.fromisoformat(day_text) if day_text else today
        return day, day, "day"
    except ValueError:
        return today, today, "day"


async def report_view(coop_id: int, day_text: str = "", month_text: str = "", *, actor: Actor) -> ReportView:
    """The report of the day *day_text* (YYYY-MM-DD) or the month *month_text* (YYYY-MM); today
    (the cooperative's) when neither reads."""
    require_staff(actor, coop_id)
    today = await market.day_in(coop_id)
    start, end, kind = _period(day_text, month_text, today)
    return ReportView(
        coop=await market.get_cooperative(coop_id), report=await report(coop_id, start, end, actor=actor), kind=kind
    )


@dataclass(frozen=True)
class QrisView:
    coop: Any  # the cooperative (market.service.get_cooperative)
    sale: SaleOut
    qr: str  # what the customer's phone scans ("" once the sale no longer waits)
    expires_at: Any  # datetime | None


async def qris_view(coop_id: int, sale_id: int, *, actor: Actor) -> QrisView:
    """A held QRIS sale at the counter: its QR while it waits, else its outcome."""
    require_staff(actor, coop_id)
    sale = await get_sale(coop_id, sale_id, actor=actor)
    qr, expires = "", None
    if sale.status == SaleStatus.AWAITING and sale.payment_id is not None:
        qr, expires = await qr_of(sale)
    return QrisView(coop=await market.get_cooperative(coop_id), sale=sale, qr=qr, expires_at=expires)
