"""The RAT's SHU document as an A4 PDF: the year's PHU and neraca (market's statement tables), the
SHU proposal (figures and funds) and every member's share."""

from __future__ import annotations

from datetime import date

from market import service as market
from market.service import statements
from market.statement_pdf import tables_to_pdf
from market.statement_tables import Table, balance_sheet_table, income_table
from shu import service
from shu.schemas import ProposalOut


def proposal_table(p: ProposalOut, coop_name: str) -> Table:
    t = Table(f"Usulan Pembagian SHU {p.fiscal_year} (versi {p.version})", coop_name,
              f"01-01-{p.fiscal_year} s.d. 31-12-{p.fiscal_year}", ["Uraian", "Persen", "Jumlah"])  # fmt: skip
    t.add("SHU sebelum pajak", "", p.shu_before_tax)
    t.add("Pajak penghasilan", "", p.tax)
    t.add("SHU setelah pajak", "", p.shu_after_tax, style="total")
    t.add("  dari anggota", "", p.member_shu)
    t.add("  dari bukan anggota", "", p.non_member_shu)
    t.add("Pembagian", "", "", style="head")
    for f in p.funds:
        t.add(f.name, f"{f.bps / 100:.2f} %", f.amount)
    t.add("Jumlah dibagi", "", sum(f.amount for f in p.funds), style="total")
    if p.shu_after_tax < 0:
        t.add("Tahun rugi: tidak ada yang dibagikan", "", "")
    return t


def members_table(p: ProposalOut, coop_name: str) -> Table:
    t = Table(f"Bagian SHU Anggota {p.fiscal_year}", coop_name, f"01-01-{p.fiscal_year} s.d. 31-12-{p.fiscal_year}",
              ["No. anggota", "Nama", "Transaksi", "Modal", "Jasa usaha", "Jasa modal", "Jumlah"])  # fmt: skip
    for m in p.members:
        t.add(m.member_number, m.name, sum(m.weights.values()), m.capital, m.jasa_usaha, m.jasa_modal, m.total)
    t.add("Jumlah", "", "", "", sum(m.jasa_usaha for m in p.members), sum(m.jasa_modal for m in p.members),
          sum(m.total for m in p.members), style="total")  # fmt: skip
    return t


async def rat_pdf(coop_id: int, year: int, version: int | None = None, *, printed_on: date) -> bytes:
    coop = await market.get_cooperative(coop_id)
    p = await service.get_proposal(coop_id, year, version)
    start, end = date(year, 1, 1), date(year, 12, 31)
    tables = [
        income_table(await statements.income_statement(coop_id, start, end)),
        balance_sheet_table(await statements.balance_sheet(coop_id, end)),
        proposal_table(p, coop.name),
        members_table(p, coop.name),
    ]
    return tables_to_pdf(tables, printed_on=printed_on, title=f"Dokumen RAT SHU {year} - {coop.name}")
