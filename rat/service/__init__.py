"""The e-RAT's rules as plain async functions (other packages import from here, never rat.models)."""

from __future__ import annotations

from rat.service.closing import close_due, close_meeting, quorum_met, result_of
from rat.service.common import COUNTER, MANAGERS
from rat.service.deadline import deadline_of, rat_deadline, rat_deadlines
from rat.service.documents import add_document, document_file, documents_dir
from rat.service.meetings import create_meeting, dps_sign_off, get_meeting, list_meetings, open_meeting, publish
from rat.service.minutes import minutes_pdf
from rat.service.voting import attend, check_receipt, my_meeting, receipt_code, vote

__all__ = [name for name in dir() if not name.startswith("_")]
