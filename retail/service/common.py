"""What the shop's steps share: who may act, the cooperative's day, members, reading a sale."""

from __future__ import annotations

from datetime import UTC, datetime

from market import service as market
from market.errors import NotFound
from market.service import Actor, MemberStatus
from retail.errors import MemberNeeded, SaleNotFound
from retail.models import Sale, SaleLine, SaleReturn
from retail.schemas import LineOut, SaleOut
from retail.service.quantities import from_milli


def utcnow(now: datetime | None = None) -> datetime:
    return now or datetime.now(UTC)


def require_staff(actor: Actor | None, coop_id: int) -> None:
    if actor is not None:
        market.require_coop(actor, coop_id)


async def find_member(coop_id: int, text: str):
    """An active member by member number or phone; None for an empty text (a walk-in)."""
    text = (text or "").strip()
    if not text:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    for m in await market.list_members(coop_id, q=text, limit=20):
        phone = "".join(ch for ch in (m.phone or "") if ch.isdigit())
        same_phone = bool(digits) and len(digits) >= 8 and phone.endswith(digits.lstrip("0"))
        if (m.member_number.lower() == text.lower() or same_phone) and m.status == MemberStatus.ACTIVE:
            return m
    raise MemberNeeded(f"Tidak ada anggota aktif dengan nomor atau telepon {text}", field="member")


async def sale_out(sale: Sale, lines: list[SaleLine] | None = None) -> SaleOut:
    lines = lines if lines is not None else await SaleLine.filter(sale_id=sale.id).order_by("position")
    returned = sum(r.total for r in await SaleReturn.filter(sale_id=sale.id))
    return SaleOut(
        id=sale.id,
        cooperative_id=sale.cooperative_id,
        client_id=sale.client_id,
        source=str(sale.source),
        sold_at=sale.sold_at,
        booked_on=sale.booked_on,
        cashier_name=sale.cashier_name,
        member_id=sale.member_id,
        member_name=sale.member_name,
        method=str(sale.method),
        status=str(sale.status),
        total=sale.total,
        hpp_total=sale.hpp_total,
        tendered=sale.tendered,
        change=max(sale.tendered - sale.total, 0),
        returned_total=returned,
        payment_id=sale.payment_id,
        lines=[
            LineOut(
                id=line.id,
                position=line.position,
                product_id=line.product_id,
                sku=line.sku,
                name=line.name,
                unit=line.unit,
                quantity=from_milli(line.qty_milli),
                unit_price=line.unit_price,
                line_total=line.line_total,
                hpp=line.hpp,
                returned=from_milli(line.returned_milli),
            )
            for line in lines
        ],
    )


async def get_sale(coop_id: int, sale_id: int, *, actor: Actor | None = None) -> SaleOut:
    """A receipt of the cooperative (its staff, or the member whose sale it was)."""
    sale = await Sale.get_or_none(id=sale_id, cooperative_id=coop_id)
    if sale is None:
        raise SaleNotFound("Struk tidak ditemukan")
    if actor is not None and not (actor.member_id is not None and actor.member_id == sale.member_id):
        try:
            market.require_coop(actor, coop_id)
        except NotFound:
            raise SaleNotFound("Struk tidak ditemukan") from None
    return await sale_out(sale)
