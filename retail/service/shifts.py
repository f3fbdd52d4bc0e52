"""The cashier's shift: opened with the cash in the drawer, closed with a count; the difference
against what the till should hold (opening + cash sales − cash refunds of the shift) is booked
with its reason (selisih kas)."""

from __future__ import annotations

from datetime import datetime

from market import db
from market import service as market
from market.service import Actor
from retail.errors import ReasonNeeded, ShiftAlreadyOpen, ShiftNotFound
from retail.models import Method, Sale, SaleReturn, Shift
from retail.schemas import ShiftOut
from retail.service import books
from retail.service.common import require_staff, utcnow

MAX_CASH = 1_000_000_000


async def _cash_of(shift: Shift) -> tuple[int, int]:
    sales = await Sale.filter(shift_id=shift.id, method=Method.CASH)
    refunds = await SaleReturn.filter(shift_id=shift.id, sale__method=Method.CASH)
    return sum(s.total for s in sales), sum(r.total for r in refunds)


async def shift_out(shift: Shift) -> ShiftOut:
    sales, refunds = await _cash_of(shift)
    return ShiftOut(
        id=shift.id,
        cooperative_id=shift.cooperative_id,
        cashier_user_id=shift.cashier_user_id,
        cashier_name=shift.cashier_name,
        opened_at=shift.opened_at,
        opening_cash=shift.opening_cash,
        cash_sales=sales,
        cash_refunds=refunds,
        expected_cash=shift.expected_cash if shift.expected_cash is not None else shift.opening_cash + sales - refunds,
        closed_at=shift.closed_at,
        counted_cash=shift.counted_cash,
        difference=shift.difference,
        reason=shift.reason,
    )


def _cash(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CASH:
        raise ReasonNeeded("Jumlah uang tidak valid", field=field)
    return value


async def open_shift(coop_id: int, opening_cash: int, *, actor: Actor, now: datetime | None = None) -> ShiftOut:
    require_staff(actor, coop_id)
    _cash(opening_cash, "opening_cash")
    async with db.transaction():
        if await Shift.exists(cooperative_id=coop_id, cashier_user_id=actor.user_id, closed_at=None):
            raise ShiftAlreadyOpen("Shift Anda masih terbuka; tutup dulu sebelum membuka yang baru")
        shift = await Shift.create(
            cooperative_id=coop_id,
            cashier_user_id=actor.user_id,
            cashier_name=actor.name[:200],
            opened_at=utcnow(now),
            opening_cash=opening_cash,
        )
    return await shift_out(shift)


async def current_shift(coop_id: int, *, actor: Actor) -> ShiftOut | None:
    require_staff(actor, coop_id)
    shift = await Shift.filter(cooperative_id=coop_id, cashier_user_id=actor.user_id, closed_at=None).first()
    return await shift_out(shift) if shift else None


async def close_shift(
    coop_id: int, shift_id: int, counted_cash: int, reason: str = "", *, actor: Actor, now: datetime | None = None
) -> ShiftOut:
    """Close the shift with the counted cash; a difference needs a reason and is booked."""
    require_staff(actor, coop_id)
    _cash(counted_cash, "counted_cash")
    reason = (reason or "").strip()
    moment = utcnow(now)
    async with db.transaction():
        shift = await Shift.select_for_update().get_or_none(id=shift_id, cooperative_id=coop_id)
        if shift is None:
            raise ShiftNotFound("Shift tidak ditemukan")
        if shift.closed_at is not None:
            return await shift_out(shift)
        sales, refunds = await _cash_of(shift)
        expected = shift.opening_cash + sales - refunds
        difference = counted_cash - expected
        if difference and len(reason) < 3:
            raise ReasonNeeded(
                f"Ada selisih kas {difference:+,} rupiah: tuliskan alasannya".replace(",", "."), field="reason"
            )
        shift.closed_at, shift.expected_cash, shift.counted_cash = moment, expected, counted_cash
        shift.difference, shift.reason = difference, reason[:300]
        await shift.save()
        if difference:
            await books.book(
                f"retail:shift:{shift.id}:close",
                await books.shift_legs(coop_id, difference),
                day=await market.day_in(coop_id, moment),
                description=f"Selisih kas shift #{shift.id} ({shift.cashier_name}): {reason}",
                coop_id=coop_id,
                actor_user_id=actor.user_id,
            )
    return await shift_out(shift)


async def shifts(coop_id: int, *, actor: Actor, limit: int = 30) -> list[ShiftOut]:
    require_staff(actor, coop_id)
    return [await shift_out(s) for s in await Shift.filter(cooperative_id=coop_id).order_by("-id").limit(limit)]
