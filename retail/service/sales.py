"""A sale, at the counter or from the POS: every line's stock taken (never below zero: a line
that would is refused naming it, and nothing of the sale is changed), priced at the tier its
quantity reaches, and booked in the cooperative's book with the payment (cash, the member's
wallet with their PIN, or the bank for a POS's QRIS) in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from catalog import service as catalog
from market import db
from market import service as market
from market.service import Actor, idempotency
from payments import service as payments
from retail.errors import InvalidSale, MemberNeeded, ShiftNeeded, UnknownItem
from retail.models import Method, Sale, SaleLine, SaleStatus, Shift, Source
from retail.schemas import SaleIn, SaleOut
from retail.service import books
from retail.service import stock as counter_stock
from retail.service.common import find_member, require_staff, sale_out, utcnow
from retail.service.quantities import MILLI, of_milli, to_milli


@dataclass(frozen=True)
class Draft:
    """A sale ready to record: its lines resolved to catalog items and milli-units."""

    coop_id: int
    client_id: str
    source: Source
    sold_at: datetime
    method: str
    lines: tuple  # (item, milli, unit price or None)
    member_id: int | None = None
    member_name: str = ""
    cashier_user_id: int | None = None
    cashier_name: str = ""
    shift_id: int | None = None
    tendered: int = 0
    wallet_id: int | None = None


def priced(item, milli: int, price: int | None) -> tuple[int, int, int]:
    """(unit price, line total, HPP) of *milli* of *item*: the tier its whole units reach."""
    unit_price = price if price is not None else item.price_for(milli // MILLI)
    return unit_price, of_milli(milli, unit_price), of_milli(milli, item.cost_idr)


async def record(draft: Draft, *, hold: bool = False) -> Sale:
    """Record *draft* in the caller's transaction (it must be one): stock, lines, books, wallet.
    *hold* (a counter QRIS sale): the stock taken and the lines written, awaiting its payment —
    nothing booked until the PAID callback (retail.service.qris)."""
    day = await market.day_in(draft.coop_id, draft.sold_at)
    money = [priced(item, milli, price) for item, milli, price in draft.lines]
    total, hpp_total = sum(t for _, t, _ in money), sum(h for _, _, h in money)
    if draft.method == "cash" and draft.tendered and draft.tendered < total:
        raise InvalidSale(f"Uang diterima kurang dari total {total}", field="tendered")
    sale = await Sale.create(
        cooperative_id=draft.coop_id,
        client_id=draft.client_id,
        source=draft.source,
        sold_at=draft.sold_at,
        booked_on=day,
        cashier_user_id=draft.cashier_user_id,
        cashier_name=draft.cashier_name[:200],
        shift_id=draft.shift_id,
        member_id=draft.member_id,
        member_name=draft.member_name[:200],
        method=Method(draft.method),
        status=SaleStatus.AWAITING if hold else SaleStatus.DONE,
        total=total,
        hpp_total=hpp_total,
        tendered=draft.tendered,
    )
    measured = await counter_stock.take_lines(
        draft.coop_id, [(item, milli) for item, milli, _ in draft.lines], reference=f"retail:{sale.id}"
    )
    if measured:  # a part of an opened unit costs its share of that unit's cost, not a rounded rate
        money = [(p, t, measured.get(n, h)) for n, (p, t, h) in enumerate(money, start=1)]
        if sum(h for _, _, h in money) != hpp_total:
            sale.hpp_total = sum(h for _, _, h in money)
            await sale.save(update_fields=["hpp_total"])
    await SaleLine.bulk_create(
        [
            SaleLine(
                sale_id=sale.id,
                position=position,
                product_id=item.id,
                sku=item.sku,
                name=item.name[:200],
                unit=item.unit,
                qty_milli=milli,
                unit_price=unit_price,
                line_total=line_total,
                hpp=hpp,
            )
            for position, ((item, milli, _), (unit_price, line_total, hpp)) in enumerate(
                zip(draft.lines, money, strict=True), start=1
            )
        ]
    )
    if hold:
        return sale
    legs = await books.sale_legs(draft.coop_id, draft.member_id, draft.method, [(t, h) for _, t, h in money])
    who = f" kepada {draft.member_name}" if draft.member_id else ""
    await books.book(
        f"retail:sale:{sale.id}",
        legs,
        day=day,
        description=f"Penjualan toko #{sale.id}{who} ({draft.method})",
        coop_id=draft.coop_id,
        actor_user_id=draft.cashier_user_id,
    )
    if draft.method == "wallet" and draft.wallet_id is not None and sale.total:
        with market.booking_on(day):
            moved = await payments.debit_wallet(
                draft.wallet_id,
                sale.total,
                reference=f"retail:sale:{sale.id}",
                description=f"Belanja di toko koperasi, struk #{sale.id}",
                to_account=await books.clearing_account(draft.coop_id),
            )
        sale.wallet_movement_id = moved.id
        await sale.save(update_fields=["wallet_movement_id"])
    return sale


async def items_for(coop_id: int, lines) -> list:
    """Each counter line's catalog item (by product id or SKU), refused naming the line."""
    skus = [line.sku for line in lines if line.sku]
    by_sku = await catalog.counter_items_by_sku(coop_id, skus) if skus else {}
    ids = [line.product_id for line in lines if line.product_id]
    by_id = {item.id: item for item in (await catalog.counter_items_by_ids(coop_id, ids) if ids else [])}
    out = []
    for n, line in enumerate(lines, start=1):
        item = by_id.get(line.product_id) if line.product_id else by_sku.get(line.sku or "")
        if item is None:
            raise UnknownItem(f"Baris {n}: barang tidak ditemukan", field=f"lines.{n}")
        if item.supplier_member_id is not None:
            raise UnknownItem(
                f"Baris {n} ({item.name}): barang titipan anggota belum dijual di toko", field=f"lines.{n}"
            )
        out.append((item, to_milli(line.quantity, item.unit, line=n), None))
    return out


async def member_login(coop_id: int, member_id: int) -> int | None:
    """The member's active login (whose wallet PIN confirms the payment), if they have one."""
    logins = await market.coop_logins(coop_id)
    return next((u.user_id for u in logins if u.member_id == member_id and u.is_active), None)


async def open_shift_of(coop_id: int, user_id: int) -> Shift:
    shift = await Shift.filter(cooperative_id=coop_id, cashier_user_id=user_id, closed_at=None).first()
    if shift is None:
        raise ShiftNeeded("Buka shift kasir dulu (kas awal) sebelum berjualan")
    return shift


async def sell(
    coop_id: int, data: SaleIn, *, actor: Actor, now: datetime | None = None, throttle=None, gateway=None
) -> SaleOut:
    """A sale at the counter by the cashier on shift; paying from the wallet needs the member's
    PIN (checked first: a wrong try is counted even though nothing is sold). Once per client id.
    QRIS (through *gateway*): the sale is held — stock taken, a Xendit QR opened — and answers
    ``awaiting_payment``; its PAID callback completes it (retail.service.qris)."""
    require_staff(actor, coop_id)
    if data.method == "qris" and gateway is None:
        raise InvalidSale("QRIS belum tersedia di kasir ini", field="method")
    existing = await Sale.get_or_none(cooperative_id=coop_id, client_id=data.client_id)
    if existing is not None:
        if existing.status == SaleStatus.AWAITING and existing.payment_id is None and gateway is not None:
            from retail.service.qris import open_qr

            await open_qr(gateway, existing.id)  # the QR was not opened the first time (a crash, a timeout)
            return await _by_id(existing.id)
        return await sale_out(existing)
    shift = await open_shift_of(coop_id, actor.user_id)
    member = await find_member(coop_id, data.member)
    wallet_id = None
    if data.method == "wallet":
        if member is None:
            raise MemberNeeded("Bayar dari dompet hanya untuk anggota: isi nomor anggota atau telepon", field="member")
        login = await member_login(coop_id, member.id)
        if login is None:
            raise MemberNeeded("Anggota ini belum punya akun dan PIN dompet", field="member")
        await payments.check_pin(login, data.pin, throttle=throttle)
        wallet_id = (await payments.member_wallet(coop_id, member.id)).id
    lines = await items_for(coop_id, data.lines)
    draft = Draft(
        coop_id=coop_id,
        client_id=data.client_id,
        source=Source.COUNTER,
        sold_at=utcnow(now),
        method=data.method,
        lines=tuple(lines),
        member_id=member.id if member else None,
        member_name=member.name if member else "",
        cashier_user_id=actor.user_id,
        cashier_name=actor.name,
        shift_id=shift.id,
        tendered=data.tendered if data.method == "cash" else 0,
        wallet_id=wallet_id,
    )
    request = {"op": "retail.sell", "coop": coop_id, **data.model_dump(mode="json", exclude={"pin"})}

    async def work(claim) -> SaleOut:
        async with db.transaction():
            return await sale_out(await record(draft, hold=data.method == "qris"))

    out = await idempotency.once(
        f"retail:{coop_id}",
        data.client_id,
        request,
        work,
        dump=lambda out: {"id": out.id},
        load=lambda stored: _by_id(stored["id"]),
        status=201,
    )
    if out.status == SaleStatus.AWAITING:
        from retail.service.qris import open_qr

        await open_qr(gateway, out.id)
        return await _by_id(out.id)
    return out


async def _by_id(sale_id: int) -> SaleOut:
    return await sale_out(await Sale.get(id=sale_id))
