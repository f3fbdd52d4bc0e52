"""JSON API of the e-RAT under /api/v1/cooperatives/{id}/meetings: meetings and their agenda,
the notice, open and close, documents, attendance, votes (with receipt codes) and the receipt
check, the berita acara. Rules live in ``rat.service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Request, UploadFile
from fastapi.responses import FileResponse, Response

from market.errors import DomainError, Forbidden, InvalidInput, NotFound
from market.http import api_actor
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from market.types import Id
from rat import errors
from rat import service as rat
from rat.schemas import (
    AttendanceOut,
    AttendIn,
    DocumentOut,
    DpsSignOffIn,
    MeetingIn,
    MeetingOut,
    MyMeetingOut,
    ReceiptOut,
    VoteIn,
    VoteOut,
)

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}/meetings", tags=["rat"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
WRITE_ERRORS: tuple[type[DomainError], ...] = (errors.MeetingNotFound, errors.MeetingClosed)
VOTING_ERRORS: tuple[type[DomainError], ...] = (
    *WRITE_ERRORS,
    errors.NotOpen,
    errors.NotEligible,
    Forbidden,
    NotFound,
    *IDEMPOTENCY_ERRORS,
)


def _documents(request: Request):
    return rat.documents_dir(request.app.state.settings.media_dir)


@router.get("", response_model=list[MeetingOut])
async def list_meetings(coop_id: Id, actor: ActorDep):
    """The cooperative's meetings, newest first (members do not see drafts)."""
    return await rat.list_meetings(coop_id, actor=actor)


@router.post(
    "", response_model=MeetingOut, status_code=201, responses=responses_for(errors.NoShuProposal, InvalidInput)
)
async def create_meeting(coop_id: Id, body: MeetingIn, actor: ActorDep):
    """A draft meeting with its agenda (the manager). Times without a zone are the cooperative's."""
    return await rat.create_meeting(coop_id, body, actor=actor)


@router.get("/receipts/{code}", response_model=ReceiptOut, responses=responses_for(errors.ReceiptNotFound))
async def check_receipt(coop_id: Id, code: str, actor: ActorDep):
    """What a receipt code stands for: the item, the choice, and whether it is counted."""
    return await rat.check_receipt(coop_id, code, actor=actor)


@router.get("/{meeting_id}", response_model=MeetingOut, responses=responses_for(errors.MeetingNotFound))
async def get_meeting(coop_id: Id, meeting_id: Id, actor: ActorDep):
    return await rat.get_meeting(coop_id, meeting_id, actor=actor)


@router.post(
    "/{meeting_id}/publish",
    response_model=MeetingOut,
    responses=responses_for(*WRITE_ERRORS, errors.WrongState, errors.NoticeTooShort),
)
async def publish(coop_id: Id, meeting_id: Id, actor: ActorDep):
    """Publish the notice; refused when the meeting opens sooner than the AD/ART's notice period."""
    return await rat.publish(coop_id, meeting_id, actor=actor)


@router.post(
    "/{meeting_id}/open",
    response_model=MeetingOut,
    responses=responses_for(*WRITE_ERRORS, errors.WrongState, errors.NotOpen),
)
async def open_meeting(coop_id: Id, meeting_id: Id, actor: ActorDep):
    """Open a published meeting at its time (it also opens by itself with the first vote)."""
    return await rat.open_meeting(coop_id, meeting_id, actor=actor)


@router.post("/{meeting_id}/dps", response_model=MeetingOut, responses=responses_for(*WRITE_ERRORS, errors.WrongState))
async def dps_sign_off(coop_id: Id, meeting_id: Id, actor: ActorDep, data: DpsSignOffIn | None = None):
    """A syariah cooperative's Dewan Pengawas Syariah signs the RAT documents off; its meeting
    opens only after it (a document added later asks for a new sign-off)."""
    return await rat.dps_sign_off(coop_id, meeting_id, actor=actor, note=data.note if data else "")


@router.post(
    "/{meeting_id}/close",
    response_model=MeetingOut,
    responses=responses_for(*WRITE_ERRORS, errors.WrongState, errors.TooEarlyToClose),
)
async def close_meeting(coop_id: Id, meeting_id: Id, actor: ActorDep):
    """Close after the closing time: quorum, results per item, the SHU proposal decided."""
    return await rat.close_meeting(coop_id, meeting_id, actor=actor)


@router.get(
    "/{meeting_id}/minutes.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **responses_for(errors.WrongState)},
)
async def minutes(coop_id: Id, meeting_id: Id, actor: ActorDep):
    """The berita acara of a closed meeting (A4 PDF)."""
    pdf = await rat.minutes_pdf(coop_id, meeting_id, actor=actor)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="berita-acara-rapat-{meeting_id}.pdf"'},
    )


@router.post(
    "/{meeting_id}/documents",
    response_model=DocumentOut,
    status_code=201,
    responses=responses_for(*WRITE_ERRORS, errors.InvalidDocument),
)
async def add_document(
    coop_id: Id,
    meeting_id: Id,
    request: Request,
    actor: ActorDep,
    name: Annotated[str, Form(max_length=200)],
    file: Annotated[UploadFile, File(description="PDF, JPEG, PNG or WebP")],
    item_id: Annotated[int | None, Form(ge=1)] = None,
):
    """Attach a paper (PDF or image) to the meeting or one of its items, until the close."""
    settings = request.app.state.settings
    content = await file.read(settings.media_max_bytes + 1)
    return await rat.add_document(
        coop_id,
        meeting_id,
        name=name,
        content=content,
        directory=_documents(request),
        max_bytes=settings.media_max_bytes,
        actor=actor,
        item_id=item_id,
    )


@router.get(
    "/{meeting_id}/documents/{document_id}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}}}},
)
async def document(coop_id: Id, meeting_id: Id, document_id: Id, request: Request, actor: ActorDep):
    """A meeting's paper, for the cooperative's members and staff only."""
    path, doc = await rat.document_file(coop_id, meeting_id, document_id, directory=_documents(request), actor=actor)
    return FileResponse(path, media_type=doc.content_type, headers={"Cache-Control": "private, max-age=3600"})


@router.post(
    "/{meeting_id}/attendance",
    response_model=AttendanceOut,
    responses=responses_for(*VOTING_ERRORS, errors.DelegatesNotAllowed, InvalidInput),
)
async def attend(coop_id: Id, meeting_id: Id, body: AttendIn, actor: ActorDep, idempotency_key: IdemKey = None):
    """A member attends (``{}``); the cashier records a member at the counter or by delegate."""
    return await rat.attend(coop_id, meeting_id, body, actor=actor, idempotency_key=idempotency_key)


@router.post(
    "/{meeting_id}/votes",
    response_model=VoteOut,
    status_code=201,
    responses=responses_for(*VOTING_ERRORS, errors.AlreadyVoted, errors.InvalidChoice),
)
async def vote(coop_id: Id, meeting_id: Id, body: VoteIn, actor: ActorDep, idempotency_key: IdemKey = None):
    """Cast one vote on one item (never changed); the answer carries the receipt code."""
    return await rat.vote(coop_id, meeting_id, body, actor=actor, idempotency_key=idempotency_key)


@router.get("/{meeting_id}/members/{member_id}", response_model=MyMeetingOut)
async def my_meeting(coop_id: Id, meeting_id: Id, member_id: Id, actor: ActorDep):
    """A member's presence and votes in the meeting (their own; staff may read any member's)."""
    return await rat.my_meeting(coop_id, meeting_id, member_id, actor=actor)
