"""The network counter's rules as plain async functions (other packages import from here, never
network.models)."""

from __future__ import annotations

from network.service.books import balances, debt_account, platform_claim
from network.service.codes import active_code, make_code, void_code
from network.service.common import CODE_TTL_S, MAX_IDR, MIN_IDR, REQUEST_TTL_S, require_counter, require_member
from network.service.counter import (
    cancel_withdrawal,
    confirm_withdrawal,
    counter_transaction,
    create_deposit,
    create_withdrawal,
    decline_withdrawal,
    expire_due,
    find_visitor,
    member_transactions,
)
from network.service.position import position, positions, settlements, transactions
from network.service.settlement import settle

__all__ = [name for name in dir() if not name.startswith("_")]
