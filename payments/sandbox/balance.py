"""The merchant's balance (reference §6): paid invoices less refunds and payouts, on CASH."""

from __future__ import annotations

from fastapi import APIRouter, Request

from payments.sandbox.protocol import ApiError, authorised

router = APIRouter()


@router.get("/balance")
async def balance(request: Request, account_type: str = "CASH", currency: str = "IDR"):
    state = authorised(request)
    if account_type not in ("CASH", "HOLDING", "TAX"):
        raise ApiError(400, "API_VALIDATION_ERROR", "account_type must be CASH, HOLDING or TAX")
    return {"balance": state.balance() if account_type == "CASH" else 0}
