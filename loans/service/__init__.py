"""The business rules of loans, the package's public surface for other packages.

Services hand back the schemas of ``loans.schemas`` (never ORM rows). ``portfolio(coop_id,
as_of)`` is the figures the health indicators read.
"""

from loans.service.applications import apply, cancel, decide, preview
from loans.service.arrears import arrears, book_all_provisions, book_provisions, portfolio, provision_booked
from loans.service.common import band_of, on_day
from loans.service.credit import credit_line, credit_lines, draw, open_credit_line, repay_bank
from loans.service.disburse import disburse
from loans.service.invoice import PAYMENT_KIND, pay_by_invoice
from loans.service.products import (
    create_product,
    get_policy,
    get_product,
    list_products,
    products_by_akad,
    set_policy,
    set_product_active,
)
from loans.service.queries import (
    list_loans,
    loan_detail,
    member_loans,
    murabahah_contracts,
    murabahah_detail,
    require_murabahah,
)
from loans.service.repay import pay
from loans.service.report import monthly_report, report_csv, report_pdf

__all__ = [name for name in dir() if not name.startswith("_")]
