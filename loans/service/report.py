"""The monthly loan report: for a month of the cooperative's calendar, the principal outstanding
at its last day by collectibility, what was disbursed and repaid (principal, jasa, late charges)
in it, and the arrears at its last day — as JSON, and as one table for the CSV file and the A4 PDF.

The figures "at the month's end" are those of its last day, or of today for the running month
(``as_of``); a month not begun yet is refused. Everything is rebuilt from the loans' own
history, so a past month reads as it stood then: a loan
counts as outstanding at the month's end when it was disbursed by then and not closed by then; its
outstanding is its principal less the principal of its payments by then; an instalment is unpaid
at the month's end when it was not paid by then (``paid_on`` after the month, or never); days past
due and the band are those of that day (``common.days_past_due`` / ``band_of``, policy of today).
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from datetime import date

from loans.errors import InvalidLoan
from loans.models import Loan, Payment, ScheduleLine
from loans.schemas import BANDS, MonthlyReport, ReportBand, ReportRow
from loans.service.common import band_of, policy_of, today
from loans.service.common import days_past_due as _dpd
from loans.service.common import overdue as _overdue
from market import db, terms
from market import service as market
from market.csvfile import to_csv
from market.money import apply_bps
from market.service import Actor
from market.statement_pdf import tables_to_pdf
from market.statement_tables import Table, csv_rows

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_bounds(month: str) -> tuple[date, date]:
    """``2026-03`` → (1 March, 31 March); InvalidLoan for anything else."""
    found = MONTH.match(month or "")
    if not found or not (1 <= int(found.group(2)) <= 12) or int(found.group(1)) < 2000:
        raise InvalidLoan("Bulan ditulis TTTT-BB, misalnya 2026-03", field="month")
    year, mon = int(found.group(1)), int(found.group(2))
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def _as_of(line: ScheduleLine, end: date) -> ScheduleLine:
    """The schedule line as it stood at *end* (unsaved): paid only if it was paid by then."""
    paid = line.paid_on if line.paid_on is not None and line.paid_on <= end else None
    return ScheduleLine(
        loan_id=line.loan_id, seq=line.seq, due_on=line.due_on, principal=line.principal, jasa=line.jasa, paid_on=paid
    )


async def monthly_report(actor: Actor, coop_id: int, month: str | None = None) -> MonthlyReport:
    """The report of *month* (``YYYY-MM``; default the cooperative's current month)."""
    market.require_coop(actor, coop_id)
    coop = await market.get_cooperative(coop_id)  # NotFound for a cooperative that does not exist
    if not month:
        month = f"{await today(coop_id):%Y-%m}"
    start, last = month_bounds(month)
    end = min(last, await today(coop_id))  # the month so far, when it is the running one
    if end < start:
        raise InvalidLoan("Bulan ini belum dimulai", field="month")
    policy = await policy_of(coop_id)
    loans = list(
        await Loan.filter(cooperative_id=coop_id, disbursed_on__isnull=False, disbursed_on__lte=end).order_by("id")
    )
    ids = [x.id for x in loans]
    lines: dict[int, list[ScheduleLine]] = defaultdict(list)
    payments: dict[int, list[Payment]] = defaultdict(list)
    if ids:
        for line in await ScheduleLine.filter(loan_id__in=ids).order_by("seq"):
            lines[line.loan_id].append(line)
        for p in await Payment.filter(loan_id__in=ids, paid_on__lte=end).order_by("id"):
            payments[p.loan_id].append(p)
    members = await _members(sorted({x.member_id for x in loans}))
    rows: list[ReportRow] = []
    by_band = {b: [0, 0] for b in BANDS}
    for loan in loans:
        if loan.closed_on is not None and loan.closed_on <= end:
            continue
        owed = loan.principal - sum(p.principal for p in payments[loan.id])
        if owed <= 0:
            continue
        as_of = [_as_of(x, end) for x in lines[loan.id]]
        dpd = _dpd(as_of, end)
        band = band_of(dpd, policy.bands)
        number, name = members.get(loan.member_id, ("", ""))
        rows.append(
            ReportRow(
                loan_id=loan.id,
                member_number=number,
                member_name=name,
                disbursed_on=loan.disbursed_on,
                principal=loan.principal,
                outstanding=owed,
                overdue=_overdue(as_of, end),
                days_past_due=dpd,
                band=band,
            )
        )
        by_band[band][0] += 1
        by_band[band][1] += owed
    in_month = [p for ps in payments.values() for p in ps if p.paid_on >= start]
    disbursed = [x for x in loans if start <= x.disbursed_on <= end]  # type: ignore[operator]
    late = [r for r in rows if r.days_past_due > 0]
    arrears_principal = 0
    for r in late:
        arrears_principal += sum(
            x.principal for x in lines[r.loan_id] if x.due_on < end and (x.paid_on is None or x.paid_on > end)
        )
    return MonthlyReport(
        cooperative_id=coop_id,
        cooperative_name=coop.name,
        syariah=coop.syariah,
        month=month,
        date_from=start,
        date_to=last,
        as_of=end,
        outstanding=sum(r.outstanding for r in rows),
        loans=len(rows),
        by_band=[ReportBand(band=b, loans=n, outstanding=v) for b, (n, v) in by_band.items()],
        disbursed_loans=len(disbursed),
        disbursed=sum(x.principal for x in disbursed),
        admin_fees=sum(x.admin_fee for x in disbursed),
        repaid_principal=sum(p.principal for p in in_month),
        repaid_jasa=sum(p.jasa for p in in_month),
        late_charges=sum(p.late_charge for p in in_month),
        repayments=len(in_month),
        arrears_loans=len(late),
        arrears=sum(r.overdue for r in late),
        arrears_principal=arrears_principal,
        provision_required=sum(apply_bps(v, policy.provisions[BANDS.index(b)]) for b, (_, v) in by_band.items()),
        rows=rows,
    )


async def _members(ids: list[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    found = await db.execute(f"SELECT id, member_number, name FROM member WHERE id IN ({marks})", *ids)
    return {int(r["id"]): (str(r["member_number"] or ""), str(r["name"])) for r in found}


BAND_NAMES = {"lancar": "Lancar", "kurang_lancar": "Kurang lancar", "diragukan": "Diragukan", "macet": "Macet"}


def report_tables(r: MonthlyReport) -> list[Table]:
    """The report as the tables its CSV file and PDF are written from (the figures of the JSON), in
    the cooperative's own words: a syariah cooperative's is of pembiayaan (market.terms)."""

    def w(phrase: str, **values: str) -> str:
        return terms.word(phrase, syariah=r.syariah) % values if values else terms.word(phrase, syariah=r.syariah)

    period = f"{r.date_from:%d-%m-%Y} s.d. {r.date_to:%d-%m-%Y}"
    title = w("Laporan Pinjaman Bulanan %(month)s", month=r.month)
    summary = Table(title, r.cooperative_name, period, ["Uraian", w("Pinjaman"), "Jumlah"])
    summary.add(f"Sisa pokok per {r.as_of:%d-%m-%Y}", "", "", style="head")
    for b in r.by_band:
        summary.add(BAND_NAMES[b.band], b.loans, b.outstanding)
    summary.add("Jumlah sisa pokok", r.loans, r.outstanding, style="total")
    summary.add("Cadangan risiko menurut kebijakan", "", r.provision_required)
    summary.add("Pencairan bulan ini", "", "", style="head")
    summary.add("Pokok dicairkan", r.disbursed_loans, r.disbursed)
    summary.add(w("Biaya administrasi"), "", r.admin_fees)
    summary.add("Pembayaran bulan ini", "", "", style="head")
    summary.add("Pokok", r.repayments, r.repaid_principal)
    summary.add(w("Jasa pinjaman"), "", r.repaid_jasa)
    summary.add(w("Denda keterlambatan"), "", r.late_charges)
    summary.add("Jumlah diterima", "", r.repaid_principal + r.repaid_jasa + r.late_charges, style="total")
    summary.add(f"Tunggakan per {r.as_of:%d-%m-%Y}", "", "", style="head")
    summary.add(w("Angsuran lewat jatuh tempo (pokok + jasa)"), r.arrears_loans, r.arrears)
    summary.add("  di antaranya pokok", "", r.arrears_principal)
    loans = Table(
        w("Daftar Pinjaman per %(day)s", day=f"{r.as_of:%d-%m-%Y}"),
        r.cooperative_name,
        period,
        ["No.", "Anggota", "Kolektibilitas", "Hari", "Tunggakan", "Sisa pokok"],
    )
    for x in r.rows:
        loans.add(f"#{x.loan_id}", f"{x.member_number} {x.member_name}".strip(), BAND_NAMES[x.band],
                  x.days_past_due, x.overdue, x.outstanding)  # fmt: skip
    loans.add("", "Jumlah", "", "", sum(x.overdue for x in r.rows), r.outstanding, style="total")
    return [summary, loans]


def report_csv(r: MonthlyReport) -> str:
    """Both tables in one CSV file, a blank line between them."""
    rows: list[list] = []
    for t in report_tables(r):
        rows.extend([*csv_rows(t), []])
    return to_csv(rows[:-1])


async def report_pdf(r: MonthlyReport) -> bytes:
    """The report as an A4 PDF to sign, printed on the cooperative's today."""
    printed_on = await today(r.cooperative_id)
    title = terms.word("Laporan Pinjaman %(month)s", syariah=r.syariah) % {"month": r.month}
    return tables_to_pdf(report_tables(r), printed_on=printed_on, title=f"{title} - {r.cooperative_name}")
