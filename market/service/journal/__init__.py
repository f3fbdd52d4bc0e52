"""The cooperative's own bookkeeping: manual entries and reversals, closed months, its chart of
accounts, and the opening balances of a cooperative joining mid-life (issue 12)."""

from market.service.journal.access import MANAGERS
from market.service.journal.accounts import PAIRED, account_by_number, add_account, list_chart
from market.service.journal.csvrows import MAX_BYTES as MAX_CSV_BYTES
from market.service.journal.entries import Photo, post_manual, reverse_entry
from market.service.journal.errors import AlreadyReversed, EntryNotBalanced, OpeningExists, OpeningRefused
from market.service.journal.opening import import_opening
from market.service.journal.periods import close_month, locked_through, periods
from market.service.journal.receipts import path_of as receipt_path
from market.service.journal.receipts import receipts_dir
from market.service.journal.schemas import (
    AccountIn,
    ChartAccountOut,
    CloseMonthIn,
    EntryOut,
    LineIn,
    LineOut,
    ManualEntryIn,
    PeriodsOut,
    ReversalIn,
)
from market.service.journal.templates import TEMPLATES, template_csv
from market.service.journal.views import SOURCES, get_entry, list_entries

__all__ = [name for name in dir() if not name.startswith("_")]
