"""Goods given back against a receipt: their stock back, the money back the way it was paid
(cash from the till, the wallet, the bank), and the sale's booking reversed for the part given
back — at the same line prices, so a sale returned whole books to zero."""

from __future__ import annotations

from datetime import datetime

from market import db
from market import service as market
from market.service import Actor
from payments import service as payments
from retail.errors import ReturnTooLarge, SaleNotFound
from retail.models import BOOKED, Sale, SaleLine, SaleReturn, SaleStatus, Shift
from retail.schemas import ReturnIn, ReturnOut
from retail.service import books
from retail.service import stock as counter_stock
from retail.service.common import require_staff, utcnow
from retail.service.quantities import share, shown, to_milli


def _out(r: SaleReturn, method: str) -> ReturnOut:
    return ReturnOut(
        id=r.id,
        sale_id=r.sale_id,
        total=r.total,
        hpp_total=r.hpp_total,
        method=method,
        reason=r.reason,
        returned_at=r.returned_at,
    )


async def return_sale(
    coop_id: int, sale_id: int, data: ReturnIn, *, actor: Actor, now: datetime | None = None, gateway=None
) -> ReturnOut:
    """Return the lines of *data* of the receipt; once per client id (again: the first answer).
    A counter QRIS sale is refunded through Xendit (*gateway*) after the return is booked; asked
    again, an unsent refund is sent (payments' refund is idempotent per key)."""
    require_staff(actor, coop_id)
    sale = await Sale.get_or_none(id=sale_id, cooperative_id=coop_id)
    if sale is None:
        raise SaleNotFound("Struk tidak ditemukan")
    done = await SaleReturn.get_or_none(cooperative_id=coop_id, client_id=data.client_id)
    if done is not None:
        await _refund_xendit(gateway, sale, done)
        return _out(done, str(sale.method))
    if sale.status not in BOOKED:
        raise ReturnTooLarge("Struk ini belum dibayar atau sudah batal: tidak ada yang dapat diretur")
    if _by_xendit(sale) and gateway is None:
        raise ReturnTooLarge("Retur QRIS perlu koneksi ke Xendit untuk refund")
    moment = utcnow(now)
    async with db.transaction():
        sale = await Sale.select_for_update().get(id=sale_id)
        lines = {line.id: line for line in await SaleLine.filter(sale_id=sale_id)}
        shift = await Shift.filter(cooperative_id=coop_id, cashier_user_id=actor.user_id, closed_at=None).first()
        day = await market.day_in(coop_id, moment)
        row = await SaleReturn.create(
            sale_id=sale_id,
            cooperative_id=coop_id,
            client_id=data.client_id,
            returned_at=moment,
            booked_on=day,
            cashier_user_id=actor.user_id,
            shift_id=shift.id if shift else None,
            reason=data.reason.strip(),
            total=0,
            hpp_total=0,
        )
        parts, money = [], []
        for n, wanted in enumerate(data.lines, start=1):
            line = lines.get(wanted.line_id)
            if line is None:
                raise SaleNotFound(f"Baris {n}: baris struk tidak ditemukan", field=f"lines.{n}")
            milli = to_milli(wanted.quantity, line.unit, line=n)
            left = line.qty_milli - line.returned_milli
            if milli > left:
                raise ReturnTooLarge(
                    f"Baris {n} ({line.name}): tersisa {shown(left, line.unit)} yang dapat diretur", field=f"lines.{n}"
                )
            before, after = line.returned_milli, line.returned_milli + milli
            amount = share(line.line_total, after, line.qty_milli) - share(line.line_total, before, line.qty_milli)
            hpp = share(line.hpp, after, line.qty_milli) - share(line.hpp, before, line.qty_milli)
            await counter_stock.put_back(
                line.product_id, coop_id, milli, hpp=hpp, reference=f"retail:return:{row.id}:{line.id}"
            )
            line.returned_milli = after
            await line.save(update_fields=["returned_milli"])
            parts.append({"line_id": line.id, "qty_milli": milli, "amount": amount, "hpp": hpp})
            money.append((amount, hpp))
        row.total, row.hpp_total, row.lines = sum(a for a, _ in money), sum(h for _, h in money), parts
        await row.save(update_fields=["total", "hpp_total", "lines"])
        clearing = await payments.clearing() if _by_xendit(sale) else None
        legs = books.mirrored(
            await books.sale_legs(coop_id, sale.member_id, str(sale.method), money, paid_into=clearing)
        )
        if clearing is not None:
            legs = await market.bridge(legs)
        await books.book(
            f"retail:return:{row.id}",
            legs,
            day=day,
            coop_id=coop_id,
            actor_user_id=actor.user_id,
            description=f"Retur struk #{sale.id}: {row.reason}",
        )
        await _refund_wallet(sale, row, day)
        whole = all(line.returned_milli == line.qty_milli for line in lines.values())
        sale.status = SaleStatus.RETURNED if whole else SaleStatus.PARTLY_RETURNED
        await sale.save(update_fields=["status"])
    await _refund_xendit(gateway, sale, row)
    return _out(row, str(sale.method))


def _by_xendit(sale: Sale) -> bool:
    return str(sale.method) == "qris" and sale.payment_id is not None


async def _refund_xendit(gateway, sale: Sale, row: SaleReturn) -> None:
    """The returned amount of a counter QRIS sale back to the payer through Xendit (its money
    was booked back into payments' clearing with the return)."""
    if not _by_xendit(sale) or not row.total or gateway is None or sale.payment_id is None:
        return
    await payments.refund_payment(
        gateway,
        sale.payment_id,
        idempotency_key=f"retail-return-{row.id}",
        amount=row.total,
        reason="REQUESTED_BY_CUSTOMER",
        part_id=row.id,
    )


async def _refund_wallet(sale: Sale, row: SaleReturn, day) -> None:
    if str(sale.method) != "wallet" or not row.total or sale.member_id is None:
        return
    wallet = await payments.member_wallet(sale.cooperative_id, sale.member_id)
    with market.booking_on(day):
        await payments.credit_wallet(
            wallet.id,
            row.total,
            reference=f"retail:return:{row.id}",
            description=f"Retur belanja toko, struk #{sale.id}",
            from_account=await books.clearing_account(sale.cooperative_id),
        )
