"""The SHU close: the policy per fiscal year, the proposal and the meeting's decision."""

from __future__ import annotations

from shu.service.close import close_year, decide, get_proposal, latest_proposal
from shu.service.policy import get_policy, set_policy

__all__ = ["close_year", "decide", "get_policy", "get_proposal", "latest_proposal", "set_policy"]
