"""The bank account name check (Xendit's Name Validator, ``POST /bank_account_data_requests``):
who holds a bank account, asked before a payout is sent. Its request and answer shapes are not in
shared/reference/xendit.md; they follow Xendit's public name-validator pages and are marked
unconfirmed (the adapter accepts the documented spellings of the holder's name).

The sandbox answers at once: ``SUCCESS`` with the holder's name, or ``FAILURE`` /
``BANK_ACCOUNT_NOT_FOUND``. Whose name it is: what a test registered for that account
(``POST /_sandbox/accounts`` — the way to make a name mismatch), else the name the request
carried as ``given_name`` (so an account nobody registered matches its owner). Account numbers
starting ``000`` are unknown to every bank.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request

from payments.sandbox.protocol import ApiError, authorised, json_body, now_iso, string_of

router = APIRouter()
BANK_CODES = ("BCA", "BRI", "BNI", "MANDIRI", "PERMATA", "BSI", "CIMB", "BJB")
UNKNOWN_PREFIX = "000"


@router.post("/bank_account_data_requests")
async def name_check(request: Request):
    state = authorised(request)
    body = await json_body(request)
    number = string_of(body, "bank_account_number", max_len=40)
    bank = string_of(body, "bank_code", max_len=20)
    if bank not in BANK_CODES:
        raise ApiError(400, "BANK_CODE_NOT_SUPPORTED_ERROR", f"bank_code {bank} is not supported")
    if not number.isdigit():
        raise ApiError(400, "API_VALIDATION_ERROR", "bank_account_number must be digits")
    answer: dict[str, Any] = {
        "id": f"bknv_{uuid.uuid4().hex[:24]}",
        "reference_id": body.get("reference_id") or "",
        "bank_account_number": number,
        "bank_code": bank,
        "created": now_iso(),
        "updated": now_iso(),
    }
    if number.startswith(UNKNOWN_PREFIX):
        answer.update(status="FAILURE", failure_reason="BANK_ACCOUNT_NOT_FOUND", bank_account_holder_name=None)
    else:
        holder = (
            state.account_holders.get(f"{bank}:{number}") or str(body.get("given_name") or "") or "PEMILIK REKENING"
        )
        answer.update(status="SUCCESS", bank_account_holder_name=holder.upper(), is_normal_account=True)
    state.name_checks.append(answer)
    return answer


@router.post("/_sandbox/accounts")
async def register_account(request: Request):
    """Say whose a bank account is (``bank_code``, ``account_number``, ``account_holder_name``)."""
    state = authorised(request)
    body = await json_body(request)
    bank = string_of(body, "bank_code", max_len=20)
    number = string_of(body, "account_number", max_len=40)
    state.account_holders[f"{bank}:{number}"] = string_of(body, "account_holder_name", max_len=200)
    return {
        "bank_code": bank,
        "account_number": number,
        "account_holder_name": state.account_holders[f"{bank}:{number}"],
    }
