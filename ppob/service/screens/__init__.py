"""What the PPOB pages show and decide, one call per screen (as ``catalog.service.pages`` serves the
shop): the counter (a member's ``/ppob`` or the cashier's), confirming and buying a prepaid
product, looking a bill up and paying it, the receipt, the histories, the markups and the
operator's page.

Each screen is a frozen value built here from the services (never an ORM row), so the routes
only parse, call one function and render. Who may see a screen is decided here too; only the
labels, the URLs and the form plumbing (idempotency keys, messages beside fields) stay in ``web``.
Customer numbers are checked by ``validation``, the same rules the purchase itself applies.

``counter`` (who sells to whom, the tabs, the number checked as it is typed), ``purchase``
(confirm and buy; look a bill up and pay it), ``records`` (the receipt, the histories and their
CSV), ``prices`` (markups, the platform fee).
"""

from ppob.service.screens.counter import (
    COUNTER_CATEGORIES,
    CoopView,
    Counter,
    CounterCategory,
    CounterScreen,
    NumberCheck,
    cashier_counter,
    check_number,
    counter_category,
    counter_screen,
    member_counter,
    require_manager,
    require_operator,
    staff_counter_of,
)
from ppob.service.screens.prices import MarkupScreen, OperatorScreen, SyncSummary, markup_screen, operator_screen
from ppob.service.screens.purchase import (
    BillScreen,
    ConfirmScreen,
    Paid,
    bill_screen,
    buy,
    confirm_screen,
    inquire,
    pay,
)
from ppob.service.screens.records import (
    HistoryScreen,
    ReceiptScreen,
    history_csv,
    history_filter,
    history_screen,
    receipt_screen,
)

__all__ = [name for name in dir() if not name.startswith("_")]
