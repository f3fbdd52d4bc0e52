"""The shop's business rules: the package's public surface (web and the POS API import this).

A sale (sales.py) at the counter or from the POS (pos.py), returns against a receipt
(returns.py), the cashier's shift (shifts.py), the report (reports.py); books.py holds the
entries, stock.py the counter's side of catalog stock.
"""

from retail.service.books import clearing_account
from retail.service.common import find_member, get_sale
from retail.service.pages import counter_view, parse_cart, problems_view, qris_view, receipt_view, report_view
from retail.service.pos import catalog_since, problems, record_batch, resolve_problem
from retail.service.qris import cancel_qr, qr_of
from retail.service.quantities import DECIMAL_UNITS, decimals_of, from_milli, shown, to_milli
from retail.service.reports import METHOD_LABELS, month_range, report, report_csv
from retail.service.returns import return_sale
from retail.service.sales import sell
from retail.service.shifts import close_shift, current_shift, open_shift, shifts

__all__ = [name for name in dir() if not name.startswith("_")]
