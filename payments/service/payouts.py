"""Payouts from a cooperative's balance at the platform to its bank account.

Step one books the amount out of the cooperative's balance (refused below zero) and records the
payout; step two asks the gateway with an idempotency key derived from the payout, so asking
again (a timeout, the reconciliation job) can never send the money twice. A payout that fails,
is cancelled or is reversed by the bank returns the money to the balance, exactly once: those
states are final and reachable only once.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market
from market.service import idempotency
from market.types import choice
from payments.errors import GatewayError, GatewayUnavailable, IdempotencyMismatch, PayoutRefused
from payments.events import PayoutCancelled, PayoutFailed, PayoutOutcome, PayoutReversed, PayoutSucceeded
from payments.gateway import PAYOUT_CHANNELS, PAYOUT_MAX_IDR, PAYOUT_MIN_IDR, PaymentGateway, PayoutInfo
from payments.models import Payout, PayoutStatus
from payments.schemas import PayoutOut
from payments.service import accounts, withdrawal_books
from payments.service.invoices import check_amount

S = PayoutStatus
# Allowed previous states of each state. A reversal may overtake its own "succeeded" news.
FROM_STATES = {
    S.ACCEPTED: (S.PENDING,),
    S.REQUESTED: (S.PENDING, S.ACCEPTED),
    S.SUCCEEDED: (S.PENDING, S.ACCEPTED, S.REQUESTED),
    S.FAILED: (S.PENDING, S.ACCEPTED, S.REQUESTED),
    S.CANCELLED: (S.PENDING, S.ACCEPTED),
    S.REVERSED: (S.PENDING, S.ACCEPTED, S.REQUESTED, S.SUCCEEDED),
}
RETURNS_MONEY = (S.FAILED, S.CANCELLED, S.REVERSED)
PAYOUT_EVENTS: dict[S, type[PayoutOutcome]] = {
    S.SUCCEEDED: PayoutSucceeded,
    S.FAILED: PayoutFailed,
    S.CANCELLED: PayoutCancelled,
    S.REVERSED: PayoutReversed,
}
OPEN = (S.PENDING, S.ACCEPTED, S.REQUESTED)
PROVIDER_STATUS = {s.name: s for s in FROM_STATES}


def channel_for(bank_name: str) -> str | None:
    """``BCA``, ``Bank BRI``, ``bank mandiri`` -> ``ID_BCA`` … (None when we cannot tell)."""
    name = re.sub(r"[^A-Z]", "", bank_name.upper()).removeprefix("BANK")
    code = f"ID_{name}"
    return code if code in PAYOUT_CHANNELS else None


def reference_id(payout_id: int) -> str:
    return f"pk-payout-{payout_id}"


async def coop_balance(coop_id: int) -> int:
    """The cooperative's balance at the platform, available for payouts."""
    account = await accounts.coop_balance_account(coop_id)
    return await market.balance_of(account.id)


async def request_payout(
    gateway: PaymentGateway, coop_id: int, amount: int, *, idempotency_key: str, actor_id: int | None = None
) -> PayoutOut:
    """Send *amount* of the cooperative's balance to its bank account; below zero is refused.

    The same *idempotency_key* (of the same *actor_id*) gets the first answer again: the same
    payout, or the same refusal — a payout refused for a too small balance stays refused."""
    if not idempotency_key:
        raise PayoutRefused("Kunci idempotensi wajib", field="idempotency_key")
    scope = idempotency.scope_of(actor_id) if actor_id is not None else f"coop:{coop_id}"
    # The payout row's own key: per cooperative, and per acting user when there is one.
    key = (f"{coop_id}:u{actor_id}:{idempotency_key}" if actor_id is not None else f"{coop_id}:{idempotency_key}")[:200]
    return await idempotency.once_leased(
        scope,
        idempotency_key,
        {"op": "payments.payout", "cooperative_id": coop_id, "amount": amount},
        lambda claim: _request_payout(gateway, coop_id, amount, key, actor_id),
        dump=lambda payout: {"payout_id": payout.id},
        load=lambda stored: get_payout(stored["payout_id"]),
        status=201,
    )


async def _request_payout(
    gateway: PaymentGateway, coop_id: int, amount: int, key: str, actor_id: int | None
) -> PayoutOut:
    payout = await Payout.get_or_none(idempotency_key=key)
    if payout is None:
        check_amount(amount, low=PAYOUT_MIN_IDR, high=PAYOUT_MAX_IDR)
        coop = await market.get_cooperative(coop_id)
        channel = channel_for(coop.bank_name)
        if not channel or not coop.bank_account_number or not coop.bank_account_holder:
            raise PayoutRefused("Rekening bank koperasi belum lengkap atau banknya belum didukung", field="bank")
        try:
            async with db.transaction():
                payout = await Payout.create(
                    cooperative_id=coop_id,
                    idempotency_key=key,
                    amount=amount,
                    channel_code=channel,
                    account_number=coop.bank_account_number,
                    account_holder_name=coop.bank_account_holder,
                    requested_by_user_id=actor_id,
                )
                # The platform pays from Xendit what it owes the cooperative; in the cooperative's
                # book the money is on its way from the platform to its bank until Xendit says so.
                await market.post_entry(
                    f"payout:{payout.id}",
                    [
                        market.debit(await accounts.coop_balance_account(coop_id), amount),
                        market.credit(await accounts.xendit_cash(), amount),
                        market.debit(await market.chart_account(coop_id, "dana_pencairan"), amount),
                        market.credit(await market.chart_account(coop_id, "piutang_platform"), amount),
                    ],
                    description=f"Pencairan #{payout.id} ke rekening {coop.bank_name}",
                    cooperative_id=coop_id,
                    actor_user_id=actor_id,
                )
        except IntegrityError:
            payout = await Payout.get(idempotency_key=key)
    if payout.amount != amount or payout.cooperative_id != coop_id:
        raise IdempotencyMismatch("Kunci idempotensi ini sudah dipakai untuk pencairan lain")
    if payout.status != S.PENDING or payout.provider_id:
        return PayoutOut.model_validate(payout)
    return PayoutOut.model_validate(await send_payout(gateway, payout))


async def send_payout(gateway: PaymentGateway, payout: Payout) -> Payout:
    """Ask the gateway (again) for a recorded payout; the same key makes a repeat harmless."""
    try:
        info = await gateway.create_payout(
            reference_id=reference_id(payout.id),
            channel_code=payout.channel_code,
            account_number=payout.account_number,
            account_holder_name=payout.account_holder_name,
            amount=payout.amount,
            description=f"Pasar Koperasi {payout.id}"[:30],
            idempotency_key=reference_id(payout.id),
        )
    except GatewayUnavailable:
        raise  # outcome unknown: stays pending for reconciliation
    except GatewayError as exc:
        await apply_payout(payout, "FAILED", failure_code=exc.provider_code or "REFUSED")
        raise
    await Payout.filter(id=payout.id, provider_id=None).update(provider_id=info.id, updated_at=datetime.now(UTC))
    await apply_payout(payout, info.status, failure_code=info.failure_code)
    return await Payout.get(id=payout.id)


async def payout_for(info: PayoutInfo) -> Payout | None:
    payout = await Payout.get_or_none(provider_id=info.id) if info.id else None
    if payout is None and info.reference_id.startswith("pk-payout-"):
        payout = await Payout.get_or_none(id=int(info.reference_id.removeprefix("pk-payout-") or 0))
        if payout is not None and payout.provider_id is None:
            await Payout.filter(id=payout.id, provider_id=None).update(provider_id=info.id)
    return payout


async def apply_payout(payout: Payout, status: str, *, failure_code: str = "") -> str:
    """Apply the provider's word on a payout once; failed, cancelled, reversed return the money."""
    target = PROVIDER_STATUS.get(status)
    if target is None:
        return "noop"
    async with db.transaction():
        previous = await _advance(payout, target, failure_code)
        if previous is None:
            return "duplicate"
        if target not in (S.SUCCEEDED, *RETURNS_MONEY):
            return "applied"
        if payout.wallet_id is not None:  # a wallet's cash-out: its own books and events
            await withdrawal_books.book_outcome(payout, target, previous, failure_code)
        else:
            await _coop_books(payout, target, previous, failure_code)
    return "applied"


async def _advance(payout: Payout, target: PayoutStatus, failure_code: str) -> PayoutStatus | None:
    """Move the payout to *target* from the first allowed state it is in; None when it is in none."""
    for candidate in FROM_STATES[target]:
        if await db.execute(
            "UPDATE payments_payout SET status = ?, failure_code = ?, updated_at = ?"
            " WHERE id = ? AND status = ? RETURNING id",
            str(target),
            failure_code[:60],
            datetime.now(UTC),
            payout.id,
            str(candidate),
        ):
            return candidate
    return None


async def _coop_books(payout: Payout, target: PayoutStatus, previous: PayoutStatus, failure_code: str) -> None:
    """A cooperative's payout arrived (the bank holds it) or came back (its balance again)."""
    assert payout.cooperative_id is not None
    coop_id, transit = payout.cooperative_id, await market.chart_account(payout.cooperative_id, "dana_pencairan")
    if target in RETURNS_MONEY:
        if previous == S.SUCCEEDED:  # reversed after it arrived: it leaves the bank again
            transit = await market.chart_account(coop_id, "bank")
        await market.post_entry(
            f"payout:{payout.id}:return",
            [
                market.debit(await accounts.xendit_cash(), payout.amount),
                market.credit(await accounts.coop_balance_account(coop_id), payout.amount),
                market.debit(await market.chart_account(coop_id, "piutang_platform"), payout.amount),
                market.credit(transit, payout.amount),
            ],
            description=f"Pencairan #{payout.id} {target.value}, dana kembali ke saldo koperasi",
            cooperative_id=coop_id,
        )
    else:
        await market.post_entry(
            f"payout:{payout.id}:arrived",
            [
                market.debit(await market.chart_account(coop_id, "bank"), payout.amount),
                market.credit(transit, payout.amount),
            ],
            description=f"Pencairan #{payout.id} diterima di rekening bank koperasi",
            cooperative_id=coop_id,
        )
    await market.publish(
        PAYOUT_EVENTS[target](
            payout_id=payout.id,
            cooperative_id=coop_id,
            amount=payout.amount,
            status=target.value,
            failure_code=failure_code,
        )
    )


async def cancel_payout(gateway: PaymentGateway, payout_id: int) -> PayoutOut:
    payout = await _payout_row(payout_id)
    if payout.status not in (S.ACCEPTED,) or not payout.provider_id:
        raise PayoutRefused("Hanya pencairan berstatus diterima yang dapat dibatalkan")
    info = await gateway.cancel_payout(payout.provider_id)
    await apply_payout(payout, info.status)
    return await get_payout(payout_id)


async def _payout_row(payout_id: int) -> Payout:
    payout = await Payout.get_or_none(id=payout_id)
    if payout is None:
        from payments.errors import PaymentNotFound

        raise PaymentNotFound("Pencairan tidak ditemukan")
    return payout


async def get_payout(payout_id: int) -> PayoutOut:
    return PayoutOut.model_validate(await _payout_row(payout_id))


async def list_payouts(*, coop_id: int | None = None, status: str | None = None, limit: int = 100) -> list[PayoutOut]:
    query = Payout.filter(wallet_id=None)  # a cooperative's own payouts, not its members' cash-outs
    if coop_id is not None:
        query = query.filter(cooperative_id=coop_id)
    if status:
        query = query.filter(status=choice(PayoutStatus, status, "status"))
    return [PayoutOut.model_validate(p) for p in await query.order_by("-id").limit(limit)]
