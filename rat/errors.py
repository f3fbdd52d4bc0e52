"""Typed errors of the e-RAT (``rat.*`` codes), rendered as problem bodies by the HTTP edge."""

from __future__ import annotations

from market.errors import Conflict, InvalidInput, NotFound


class MeetingNotFound(NotFound):
    code = "rat.meeting_not_found"
    title = "Rapat tidak ditemukan"


class NoticeTooShort(InvalidInput):
    """The meeting would open earlier than the AD/ART's notice period after the notice."""

    code = "rat.notice_too_short"
    title = "Undangan rapat kurang dari masa pemberitahuan"


class WrongState(Conflict):
    """The meeting is not in the state this step needs (e.g. publishing an open meeting)."""

    code = "rat.wrong_state"
    title = "Rapat tidak dalam tahap yang tepat"


class MeetingClosed(Conflict):
    """The meeting is closed: nothing about it changes any more."""

    code = "rat.meeting_closed"
    title = "Rapat sudah ditutup"


class NotOpen(Conflict):
    """Voting and attendance happen only while the meeting is open, between its times."""

    code = "rat.not_open"
    title = "Rapat belum dibuka atau sudah lewat waktunya"


class DpsNotSigned(NotOpen):
    """A syariah cooperative's RAT opens only once its Dewan Pengawas Syariah signed the documents off."""

    code = "rat.dps_not_signed"
    title = "Dokumen RAT belum ditandatangani Dewan Pengawas Syariah"


class TooEarlyToClose(Conflict):
    code = "rat.too_early_to_close"
    title = "Waktu rapat belum berakhir"


class NotEligible(Conflict):
    """Only members active at the record date may attend and vote."""

    code = "rat.not_eligible"
    title = "Anggota tidak berhak memberikan suara"


class AlreadyVoted(Conflict):
    """One member, one vote per item: a cast vote is never changed."""

    code = "rat.already_voted"
    title = "Suara sudah diberikan dan tidak dapat diubah"


class InvalidChoice(InvalidInput):
    code = "rat.invalid_choice"
    title = "Pilihan suara tidak valid"


class DelegatesNotAllowed(Conflict):
    code = "rat.delegates_not_allowed"
    title = "Rapat ini tidak mengizinkan kuasa/delegasi"


class NoShuProposal(Conflict):
    """An SHU item needs the year's SHU proposal (close the year first)."""

    code = "rat.no_shu_proposal"
    title = "Belum ada usulan SHU untuk tahun ini"


class ReceiptNotFound(NotFound):
    code = "rat.receipt_not_found"
    title = "Kode tanda terima tidak ditemukan"


class InvalidDocument(InvalidInput):
    code = "rat.invalid_document"
    title = "Dokumen tidak valid"
