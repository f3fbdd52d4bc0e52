"""The syariah business's service functions (what routes, the CLI and tests call)."""

from syariah.service.common import balance_days, month_bounds, month_label, syariah_coop, today
from syariah.service.funds import FUNDS, fund_report
from syariah.service.mudharabah import balances, create_product, list_products, move, product_of, saver_account
from syariah.service.sharing import get_run, give_bonus, member_shares, runs, share_out

__all__ = [
    "FUNDS",
    "balance_days",
    "balances",
    "create_product",
    "fund_report",
    "get_run",
    "give_bonus",
    "list_products",
    "member_shares",
    "month_bounds",
    "month_label",
    "move",
    "product_of",
    "runs",
    "saver_account",
    "share_out",
    "syariah_coop",
    "today",
]
