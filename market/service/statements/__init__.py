"""The cooperative's financial statements, computed from its book's postings for any period:
neraca saldo, neraca, PHU, perubahan ekuitas, arus kas and the buku besar of one account.
Each returns a frozen schema of ``market.statement_schemas`` in whole rupiah."""

from market.service.statements.balance_sheet import balance_sheet
from market.service.statements.cash_flow import cash_flow
from market.service.statements.equity import equity_statement
from market.service.statements.income import income_statement
from market.service.statements.ledger import general_ledger
from market.service.statements.trial_balance import trial_balance

__all__ = ["balance_sheet", "cash_flow", "equity_statement", "general_ledger", "income_statement", "trial_balance"]
