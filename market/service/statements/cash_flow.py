"""Laporan arus kas, indirect method.

Cash is kas (1101) and bank (1102) only: money held at the platform (piutang platform), on its
way to the bank (dana dalam pencairan) or deposited at the biller is not yet the cooperative's
cash, so those are changes in current assets.

Every entry balances within the book, so the period's change in cash is exactly minus the change
of every other line; each line's change is placed where it belongs:
- operating: the period's SHU (income − expenses, plus anything booked on SHU tahun berjalan),
  depreciation added back, the changes in the other current assets and current liabilities
  (a rise of an asset uses cash, a rise of a liability brings it);
- investing: fixed assets and other non-current assets;
- financing: equity (simpanan pokok and wajib, cadangan, hibah, modal penyertaan, SHU paid
  out of SHU tahun lalu), simpanan sukarela and long-term loans.
The statement ends at the cash balance at the end of the period.
"""

from __future__ import annotations

from datetime import date

from market import chart, db
from market.models import AccountType
from market.service.statements.balance_sheet import SHU_NOW, group_key
from market.service.statements.base import CASH_NUMBERS, ChartLine, is_result, movements, open_book, period
from market.statement_schemas import CashFlow, CashFlowLine, CashFlowSection

TITLES = {
    "operasi": "Arus kas dari aktivitas operasi",
    "investasi": "Arus kas dari aktivitas investasi",
    "pendanaan": "Arus kas dari aktivitas pendanaan",
}
DEPRECIATION = chart.BY_CODE["akumulasi_penyusutan"].code
SUKARELA = chart.BY_CODE["simpanan_sukarela"].code


def section_of(line: ChartLine) -> str:
    if line.code == DEPRECIATION:
        return "operasi"
    if line.type == AccountType.EQUITY or line.code == SUKARELA:
        return "pendanaan"
    key = group_key(line)
    if key in ("aset_lancar", "kewajiban_pendek"):
        return "operasi"
    return "pendanaan" if key == "kewajiban_panjang" else "investasi"


@db.read_only
async def cash_flow(coop_id: int, start: date | None = None, end: date | None = None) -> CashFlow:
    book = await open_book(coop_id)
    start, end = period(book, start, end)
    found = await movements(book, start, end)
    shu = cash_opening = cash_closing = 0
    lines: dict[str, list[CashFlowLine]] = {key: [] for key in TITLES}
    for line in book.ordered(found):
        opening, debit, credit = found[line.key]
        if line.number in CASH_NUMBERS:
            cash_opening += opening
            cash_closing += opening + debit - credit
        elif is_result(line) or line.code == SHU_NOW.code:
            shu += credit - debit
        elif debit != credit:
            lines[section_of(line)].append(CashFlowLine(label=line.name, number=line.number, amount=credit - debit))
    lines["operasi"].insert(0, CashFlowLine(label="SHU periode berjalan", number="", amount=shu))
    sections = [
        CashFlowSection(key=key, title=title, lines=lines[key], total=sum(x.amount for x in lines[key]))
        for key, title in TITLES.items()
    ]
    return CashFlow(
        heading=book.heading(start, end),
        shu_period=shu,
        sections=sections,
        net_change=sum(s.total for s in sections),
        cash_opening=cash_opening,
        cash_closing=cash_closing,
    )
