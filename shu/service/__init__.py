"""The SHU close: the policy per fiscal year, the proposal and the meeting's decision."""

from __future__ import annotations

from shu.service.close import close_year, decide, get_proposal, latest_proposal
from shu.service.policy import get_policy, set_policy

__all__ = ["close_year", "decide", "get_policy", "get_proposal", "latest_proposal", "set_policy"]

# The distribution (helper I's part): distribute an approved proposal once, cash at the counter, the views.
from shu.service.distribution import distribute, pay_cash
from shu.service.distribution_views import cash_credits, member_history, report, report_csv, report_pdf
from shu.service.distribution_views import credit as get_credit
from shu.service.distribution_views import status as distribution_status

__all__ += [
    "cash_credits",
    "distribute",
    "distribution_status",
    "get_credit",
    "member_history",
    "pay_cash",
    "report",
    "report_csv",
    "report_pdf",
]
