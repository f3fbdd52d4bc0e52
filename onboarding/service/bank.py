"""The payout account's holder name, asked of the bank through the payments gateway's name check
(Xendit's Name Validator; payments' sandbox in the embedded default) and compared with the
cooperative's name the way payments compares a cash-out's (``payments.service.names_match``).

The provider call happens before any transaction opens. When it cannot answer (the bank is not
reachable, the answer is still pending) the check stays ``pending`` and the operator checks the
name by hand — the checklist's "bank account name matches the cooperative" is ticked by a person
either way.
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any, Protocol

from onboarding.models import BankCheck
from payments import service as payments
from payments.errors import GatewayError

log = logging.getLogger("onboarding.bank")
# How banks shorten a cooperative's name on an account.
_ABBREVIATIONS = {
    "KOP": "KOPERASI",
    "KSP": "KOPERASI SIMPAN PINJAM",
    "KSU": "KOPERASI SERBA USAHA",
    "KUD": "KOPERASI UNIT DESA",
    "KSPPS": "KOPERASI SIMPAN PINJAM PEMBIAYAAN SYARIAH",
}


class AccountValidator(Protocol):
    """The part of the payments gateway this needs."""

    async def validate_account(
        self, *, channel_code: str, account_number: str, account_holder_name: str, reference_id: str
    ) -> Any: ...


def _expanded(name: str) -> str:
    words = re.sub(r"[^A-Z ]", " ", name.upper()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def holder_matches(coop_name: str, bank_name: str) -> bool:
    """Whether the bank's holder name is the cooperative's (abbreviations spelled out, titles and
    case ignored; a bank may cut a long name)."""
    return payments.names_match(_expanded(coop_name), _expanded(bank_name))


async def check_account(
    gateway: AccountValidator | None, *, bank: str, number: str, holder: str, coop_name: str
) -> tuple[BankCheck, str]:
    """Ask the bank whose the account is: (the outcome, the holder's name as the bank has it)."""
    if gateway is None:
        return BankCheck.PENDING, ""
    try:
        found = await gateway.validate_account(
            channel_code=f"ID_{bank}",
            account_number=number,
            account_holder_name=holder,
            reference_id=f"pk-coop-account-{secrets.token_hex(8)}",
        )
    except GatewayError as exc:
        log.warning("bank name check unavailable: %s", exc.detail)
        return BankCheck.PENDING, ""
    if found.status == "NOT_FOUND":
        return BankCheck.NOT_FOUND, ""
    if found.status == "FOUND":
        name = str(found.account_holder_name)
        return (BankCheck.MATCHED if holder_matches(coop_name, name) else BankCheck.MISMATCH), name
    return BankCheck.PENDING, ""
