"""Tortoise models of the e-RAT. Other packages use rat.service, never these models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class MeetingKind(StrEnum):
    RAT = "rat"  # rapat anggota tahunan
    RALB = "ralb"  # rapat anggota luar biasa


class MeetingState(StrEnum):
    DRAFT = "draft"  # being prepared: agenda and documents may change
    PUBLISHED = "published"  # the notice is out: the agenda is fixed
    OPEN = "open"  # members attend and vote
    CLOSED = "closed"  # counted; nothing changes any more


class ItemKind(StrEnum):
    STATEMENTS = "statements"  # pengesahan laporan keuangan
    ACCOUNTABILITY = "accountability"  # laporan pertanggungjawaban pengurus
    SHU = "shu"  # penetapan pembagian SHU (a version of the year's proposal)
    WORKPLAN = "workplan"  # rencana kerja dan RAPB
    OTHER = "other"  # its own options


class Via(StrEnum):
    ONLINE = "online"  # the member on their own phone
    COUNTER = "counter"  # at the cooperative's counter, through the cashier
    DELEGATE = "delegate"  # through a delegate, where the AD/ART allows it


class Meeting(Model):
    """A members' meeting. Times are stored in UTC and shown in the cooperative's zone."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    title = fields.CharField(max_length=200)
    kind = fields.CharEnumField(MeetingKind, max_length=8, default=MeetingKind.RAT)
    fiscal_year = fields.IntField()
    state = fields.CharEnumField(MeetingState, max_length=12, default=MeetingState.DRAFT)
    notice_days = fields.IntField(default=14)  # AD/ART: the notice at least this many days ahead
    notice_published_at = fields.DatetimeField(null=True)
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    record_date = fields.DateField()  # members active on this day may attend and vote
    # Quorum: attendance * 10000 > quorum_bps * members at the record date (5000: more than half).
    quorum_bps = fields.IntField(default=5000)
    # An item passes when setuju * 10000 > decision_bps * (setuju + tidak setuju); abstentions are
    # not votes cast for or against (5000: a simple majority; a tie is not approved).
    decision_bps = fields.IntField(default=5000)
    delegates_allowed = fields.BooleanField(default=False)
    created_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    opened_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    closed_by_user_id = fields.IntField(null=True)
    eligible_count = fields.IntField(null=True)  # members at the record date, counted at the close
    attended_count = fields.IntField(null=True)
    quorum_met = fields.BooleanField(null=True)
    minutes = fields.TextField(default="")  # notes for the berita acara
    # A syariah cooperative's RAT opens only once its Dewan Pengawas Syariah signed the documents off.
    needs_dps = fields.BooleanField(default=False)
    dps_signed_by_user_id = fields.IntField(null=True)
    dps_signed_by_name = fields.CharField(max_length=200, default="")
    dps_signed_at = fields.DatetimeField(null=True)
    dps_note = fields.CharField(max_length=500, default="")

    class Meta:
        table = "rat_meeting"


class AgendaItem(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "rat.Meeting", related_name="items", on_delete=fields.CASCADE
    )
    meeting_id: int
    position = fields.IntField()
    kind = fields.CharEnumField(ItemKind, max_length=16)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    # An "other" item's own options; empty: setuju / tidak setuju / abstain.
    options: fields.JSONField[list[str]] = fields.JSONField(default=list)
    shu_proposal_id = fields.IntField(null=True)
    shu_version = fields.IntField(null=True)
    # After the close: approved / rejected / no_result (quorum missed), or the chosen option.
    result = fields.CharField(max_length=100, null=True)
    counts: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "rat_agenda_item"
        unique_together = (("meeting", "position"),)


class MeetingDocument(Model):
    """A paper for the meeting (the statements, the board's report…): kept private, served only
    through the meeting's routes to its cooperative's members and staff."""

    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "rat.Meeting", related_name="documents", on_delete=fields.CASCADE
    )
    meeting_id: int
    item_id = fields.IntField(null=True)
    name = fields.CharField(max_length=200)
    stored_as = fields.CharField(max_length=100)
    content_type = fields.CharField(max_length=40)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    uploaded_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "rat_document"


class Attendance(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "rat.Meeting", related_name="attendance", on_delete=fields.CASCADE
    )
    meeting_id: int
    member_id = fields.IntField()
    via = fields.CharEnumField(Via, max_length=10)
    delegate_member_id = fields.IntField(null=True)  # the member who represents them (via=delegate)
    recorded_by_user_id = fields.IntField(null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "rat_attendance"
        unique_together = (("meeting", "member_id"),)


class Vote(Model):
    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[AgendaItem] = fields.ForeignKeyField(
        "rat.AgendaItem", related_name="votes", on_delete=fields.CASCADE
    )
    item_id: int
    meeting_id = fields.IntField(db_index=True)
    member_id = fields.IntField()
    choice = fields.CharField(max_length=100)
    receipt_code = fields.CharField(max_length=20, unique=True)
    via = fields.CharEnumField(Via, max_length=10)
    recorded_by_user_id = fields.IntField(null=True)
    cast_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "rat_vote"
        unique_together = (("item", "member_id"),)
