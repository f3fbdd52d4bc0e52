"""Wallets with money and a PIN, for the transfer and cash-out tests (through the services)."""

from __future__ import annotations

import itertools

from payments import service
from payments.service import accounts
from tests.builders import make_coop, make_member, make_user

PIN = "135790"
_phones = itertools.count(10_000_001)


def phone() -> str:
    return f"0813{next(_phones):08d}"


async def fund(wallet_id: int, amount: int, reference: str) -> None:
    """Money into a wallet as a paid top-up leaves it: Xendit's cash up, the wallet credited."""
    await service.credit_wallet(
        wallet_id, amount, reference=f"test-fund:{reference}", from_account=await accounts.xendit_cash()
    )


async def member_with_wallet(
    coop=None, *, amount: int = 0, pin: str | None = PIN, name: str | None = None, login: bool = True
):
    """(coop, member, login, wallet): a member with a login (None without one: an argon2 hash
    less), a funded wallet and a PIN (which needs the login)."""
    coop = coop or await make_coop()
    member = await make_member(coop.id, phone=phone(), **({"name": name} if name else {}))
    user = await make_user("member", coop_id=coop.id, member_id=member.id) if login or pin else None
    wallet = await service.member_wallet(coop.id, member.id)
    if amount:
        await fund(wallet.id, amount, f"m{member.id}")
    if pin and user is not None:
        await service.set_pin(user.id, pin)
    return coop, member, user, wallet


async def buyer_with_wallet(*, amount: int = 0, pin: str | None = PIN):
    user = await make_user("buyer")
    wallet = await service.user_wallet(user.id)
    if amount:
        await fund(wallet.id, amount, f"u{user.id}")
    if pin:
        await service.set_pin(user.id, pin)
    return user, wallet
