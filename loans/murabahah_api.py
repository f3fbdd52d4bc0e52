"""JSON API of a syariah cooperative's murabahah under ``/api/v1/cooperatives/{id}/murabahah``:
the contracts (goods sold at cost + a margin fixed in the akad), each one's schedule, and its
instalments paid (``Idempotency-Key``). The same machinery as loans (approval, schedule, arrears);
another cooperative's staff are answered 404, a member sees their own contracts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header

from loans import errors
from loans import service as loans
from loans.schemas import LoanDetail, LoanOut, PayIn, PaymentOut
from market.errors import Forbidden, InsufficientBalance, NotFound
from market.http import api_actor
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from market.types import Id
from payments.errors import PinLocked, PinNotSet, PinWrong

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}/murabahah", tags=["syariah"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=150)]
STATE = (errors.LoanNotFound, errors.WrongState, Forbidden, NotFound)


@router.get("", response_model=list[LoanOut], responses=responses_for(NotFound, Forbidden))
async def contracts(coop_id: Id, actor: ActorDep):
    return await loans.murabahah_contracts(actor, coop_id)


@router.get("/{loan_id}", response_model=LoanDetail, responses=responses_for(*STATE))
async def contract(coop_id: Id, loan_id: Id, actor: ActorDep):
    """The contract with its schedule: cost (principal) and margin per instalment, what is due."""
    return await loans.murabahah_detail(actor, coop_id, loan_id)


@router.post(
    "/{loan_id}/instalments",
    response_model=PaymentOut,
    status_code=201,
    responses=responses_for(
        errors.AlreadyPaid,
        errors.InvalidLoan,
        InsufficientBalance,
        PinNotSet,
        PinWrong,
        PinLocked,
        *STATE,
        *IDEMPOTENCY_ERRORS,
    ),
)
async def pay(coop_id: Id, loan_id: Id, data: PayIn, actor: ActorDep, key: IdemKey = None):
    """An instalment from the wallet (the member, with the PIN) or in cash at the counter; a late
    one's ta'widh goes to dana kebajikan, never to income."""
    await loans.require_murabahah(actor, coop_id, loan_id)
    return await loans.pay(actor, coop_id, loan_id, data, idempotency_key=key)
