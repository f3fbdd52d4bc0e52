"""The inventory report of a cooperative: its catalog at unit cost beside persediaan in its book.

Stock on hand (catalog) and persediaan (ledger) differ by one thing the flows do on purpose: a
paid sub-order takes its units from stock at payment, but its HPP leaves persediaan only when it
completes (orders/service/books.py), at each line's ``hpp_per_unit``. Those units are "in
transit" here; anything else left over is the report's unexplained difference. A member's
produce sold for them (a line with a supplying member) is paid to the member at completion, not
taken from persediaan, so it is neither in stock value nor in transit.
"""

from __future__ import annotations

from catalog import service as catalog
from catalog.schemas import InventoryReportOut
from market import db
from market import service as market
from orders.schemas import SubOrderState as S

# Paid and not completed yet: the stock is taken, the HPP still in persediaan.
IN_TRANSIT = (S.PAID.value, S.PACKED.value, S.SHIPPED.value, S.DELIVERED.value)


async def in_transit_value(coop_id: int) -> int:
    """Σ hpp_per_unit × quantity of the cooperative's own goods on paid, uncompleted sub-orders."""
    marks = ", ".join("?" * len(IN_TRANSIT))
    rows = await db.execute(
        "SELECT COALESCE(SUM(l.hpp_per_unit * l.quantity), 0) AS total FROM orders_line l"
        " JOIN orders_suborder s ON s.id = l.suborder_id"
        f" WHERE s.cooperative_id = ? AND s.state IN ({marks}) AND l.supplier_member_id IS NULL",
        coop_id,
        *IN_TRANSIT,
    )
    return int(rows[0]["total"])


async def inventory_report(coop_id: int, *, actor=None) -> InventoryReportOut:
    """Per product stock × HPP and the total, persediaan in the books, and the difference."""
    await market.get_cooperative(coop_id)  # an unknown cooperative is not found, for anyone
    lines = await catalog.stock_value(coop_id, actor=actor)
    own = sum(line.value for line in lines if not line.consigned)
    transit = await in_transit_value(coop_id)
    books = await market.balance_of((await market.chart_account(coop_id, "persediaan")).id)
    return InventoryReportOut(
        cooperative_id=coop_id,
        lines=lines,
        stock_value=own,
        consigned_value=sum(line.value for line in lines if line.consigned),
        in_transit_value=transit,
        expected_books=own + transit,
        books_balance=books,
        difference=books - own - transit,
    )
