"""The berita acara (minutes) of a closed meeting as an A4 PDF: the meeting, the attendance and
the quorum, the result of every item (the SHU item with its proposal's version), the notes, and
the signature blocks (pimpinan rapat, sekretaris, two members as witnesses)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from market import service as market
from market.clock import zone_label
from market.service import Actor
from market.statement_pdf import latin1
from rat.errors import WrongState
from rat.models import MeetingState
from rat.schemas import ABSTAIN, APPROVED, NO, NO_RESULT, REJECTED, YES, ItemOut, MeetingOut
from rat.service.common import READERS, load, meeting_out, require_staff

MARGIN = 15
WIDTH = 210 - 2 * MARGIN
SIGNERS = ("Pimpinan Rapat", "Sekretaris Rapat", "Saksi (Anggota)", "Saksi (Anggota)")
RESULTS = {APPROVED: "DISETUJUI", REJECTED: "TIDAK DISETUJUI", NO_RESULT: "TIDAK ADA KEPUTUSAN (tidak kuorum)"}
CHOICES = {YES: "Setuju", NO: "Tidak setuju", ABSTAIN: "Abstain"}


def local(value: datetime | None, zone: ZoneInfo) -> str:
    return f"{value.astimezone(zone).strftime('%d-%m-%Y %H:%M')} {zone_label(zone.key)}" if value else "-"


def _line(pdf: FPDF, text: str, *, size: float = 10, style: str = "", height: float = 5.5) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(WIDTH, height, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _result_text(item: ItemOut) -> str:
    if item.result in RESULTS:
        return RESULTS[item.result]
    if item.result == "no_decision":
        return "TIDAK ADA PILIHAN YANG MENANG"
    return f"TERPILIH: {item.result}"


def _item(pdf: FPDF, item: ItemOut) -> None:
    title = f"{item.position}. {item.title}"
    if item.kind == "shu" and item.shu_version is not None:
        title += f" (usulan SHU versi {item.shu_version})"
    _line(pdf, title, style="B")
    if item.description:
        _line(pdf, item.description, size=9, height=4.5)
    counts = ", ".join(f"{CHOICES.get(k, k)}: {v}" for k, v in item.counts.items())
    _line(pdf, f"Perolehan suara: {counts or '-'}", size=9)
    _line(pdf, f"Hasil: {_result_text(item)}", size=10, style="B")
    pdf.ln(2)


def _signatures(pdf: FPDF, place_date: str) -> None:
    if pdf.get_y() > 230:
        pdf.add_page()
    pdf.ln(6)
    _line(pdf, place_date, size=9)
    quarter = WIDTH / len(SIGNERS)
    pdf.set_font("Helvetica", "", 9)
    for title in SIGNERS:
        pdf.cell(quarter, 5, title, align="C")
    pdf.ln(24)
    for _ in SIGNERS:
        pdf.cell(quarter, 5, "(....................)", align="C")
    pdf.ln(5)


def render(m: MeetingOut, coop_name: str, zone: ZoneInfo) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _line(pdf, "BERITA ACARA", size=14, style="B")
    kind = "Rapat Anggota Tahunan" if m.kind == "rat" else "Rapat Anggota Luar Biasa"
    _line(pdf, f"{kind} - {coop_name}", size=12, style="B")
    _line(pdf, f"{m.title} (tahun buku {m.fiscal_year})")
    pdf.ln(2)
    _line(pdf, f"Undangan terbit: {local(m.notice_published_at, zone)}")
    _line(pdf, f"Rapat dibuka: {local(m.opens_at, zone)}; ditutup: {local(m.closed_at, zone)}")
    _line(pdf, f"Anggota tercatat per {m.record_date.strftime('%d-%m-%Y')}: {m.eligible_count}")
    _line(pdf, f"Anggota hadir (daring, loket, kuasa): {m.attended_count}")
    need = f"lebih dari {m.quorum_bps / 100:g}% anggota"
    _line(pdf, f"Kuorum ({need}): {'TERPENUHI' if m.quorum_met else 'TIDAK TERPENUHI'}", style="B")
    _line(pdf, f"Keputusan: disetujui bila 'setuju' lebih dari {m.decision_bps / 100:g}% suara setuju + tidak setuju")
    pdf.ln(3)
    _line(pdf, "Hasil per agenda", size=11, style="B")
    for item in m.items:
        _item(pdf, item)
    if m.needs_dps:
        pdf.ln(2)
        _line(pdf, "Dewan Pengawas Syariah", size=11, style="B")
        signed = f"{m.dps_signed_by_name}, {local(m.dps_signed_at, zone)}" if m.dps_signed_at else "-"
        _line(pdf, f"Dokumen RAT diperiksa dan disetujui: {signed}")
        if m.dps_note:
            _line(pdf, f"Pendapat DPS: {m.dps_note}", size=9, height=4.5)
    if m.minutes:
        _line(pdf, "Catatan rapat", size=11, style="B")
        _line(pdf, m.minutes, size=9, height=4.5)
    closed = m.closed_at.astimezone(zone).strftime("%d-%m-%Y") if m.closed_at else ""
    _signatures(pdf, f"Ditetapkan pada {closed}")
    return bytes(pdf.output())


async def minutes_pdf(coop_id: int, meeting_id: int, *, actor: Actor) -> bytes:
    """The berita acara of a closed meeting."""
    require_staff(actor, coop_id, READERS)
    meeting = await load(coop_id, meeting_id, actor=actor)
    if meeting.state != MeetingState.CLOSED:
        raise WrongState("Berita acara tersedia setelah rapat ditutup")
    coop = await market.get_cooperative(coop_id)
    return render(await meeting_out(meeting), coop.name, ZoneInfo(coop.timezone))
