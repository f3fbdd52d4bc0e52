"""JSON API of a syariah cooperative's murabahah under ``/api/v1/cooperatives/{id}/murabahah``:
the contracts (goods sold at cost + a margin fixed in the akad), each one's schedule, and its
instalments paid (``Idempotency-Key``). The same machinery as loans (approval, schedule, arrears);
another cooperative's staff are answered 404, a member sees their own contracts."""

from __future__ import annotations

from fastapi import APIRouter

from loans import service as loans
from loans.api import PAY_ERRORS, STATE, ActorDep, IdemKey
from loans.schemas import LoanDetail, LoanOut, PayIn, PaymentOut
from market.errors import Forbidden, NotFound
from market.openapi import responses_for
from market.types import Id

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}/murabahah", tags=["syariah"])


@router.get("", response_model=list[LoanOut], responses=responses_for(NotFound, Forbidden))
async def contracts(coop_id: Id, actor: ActorDep):
    return await loans.murabahah_contracts(actor, coop_id)


@router.get("/{loan_id}", response_model=LoanDetail, responses=responses_for(*STATE))
async def contract(coop_id: Id, loan_id: Id, actor: ActorDep):
    """The contract with its schedule: cost (principal) and margin per instalment, what is due."""
    return await loans.murabahah_detail(actor, coop_id, loan_id)


@router.post("/{loan_id}/instalments", response_model=PaymentOut, status_code=201, responses=responses_for(*PAY_ERRORS))
async def pay(coop_id: Id, loan_id: Id, data: PayIn, actor: ActorDep, key: IdemKey = None):
    """An instalment from the wallet (the member, with the PIN) or in cash at the counter; a late
    one's ta'widh goes to dana kebajikan, never to income."""
    await loans.require_murabahah(actor, coop_id, loan_id)
    return await loans.pay(actor, coop_id, loan_id, data, idempotency_key=key)
