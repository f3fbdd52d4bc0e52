"""The cooperative's own POS: a batch of sales (each once per client id, whatever order or
overlap the batches come in), the sales it could not record kept whole with their reasons for
the staff ("needs attention", never dropped), and the goods changed since a cursor.

Each sale of a batch is its own transaction: a bad sale does not hold up the others. A client id
seen before answers what it answered the first time (recorded, or kept with its reasons) and
changes nothing; two batches racing on one client id meet on the unique (cooperative, client
id) of the sale or the problem, and the loser reads the winner's answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from catalog import service as catalog
from market import db
from market.errors import DomainError
from market.service import Actor
from retail.errors import ProblemNotFound, StockShort
from retail.models import OpenedUnit, PosProblem, Sale, Source
from retail.schemas import (
    CatalogItemOut,
    CatalogPageOut,
    PosBatchIn,
    PosBatchOut,
    PosResult,
    PosSaleIn,
    ProblemOut,
    Reason,
)
from retail.service.common import find_member, require_staff, utcnow
from retail.service.quantities import MILLI, decimals_of, from_milli, to_milli
from retail.service.sales import Draft, record


def _recorded(sale: Sale, duplicate: bool) -> PosResult:
    return PosResult(
        client_id=sale.client_id, status="recorded", duplicate=duplicate, sale_id=sale.id, total=sale.total
    )


def _kept(problem: PosProblem, duplicate: bool) -> PosResult:
    status = "dismissed" if problem.status == "dismissed" else "needs_attention"
    return PosResult(
        client_id=problem.client_id,
        status=status,
        duplicate=duplicate,
        problem_id=problem.id,
        reasons=[Reason(**r) for r in problem.reasons],
    )


async def _seen_many(coop_id: int, client_ids: list[str]) -> dict[str, PosResult]:
    """The answers already given to any of *client_ids* (two queries for a whole batch)."""
    ids = list(set(client_ids))
    out = {p.client_id: _kept(p, True) for p in await PosProblem.filter(cooperative_id=coop_id, client_id__in=ids)}
    out.update({s.client_id: _recorded(s, True) for s in await Sale.filter(cooperative_id=coop_id, client_id__in=ids)})
    return out


async def _seen(coop_id: int, client_id: str) -> PosResult | None:
    sale = await Sale.get_or_none(cooperative_id=coop_id, client_id=client_id)
    if sale is not None:
        return _recorded(sale, True)
    problem = await PosProblem.get_or_none(cooperative_id=coop_id, client_id=client_id)
    return _kept(problem, True) if problem is not None else None


class _Known:
    """What a batch looks up once for all its sales: the goods by SKU, members by number."""

    def __init__(self, coop_id: int, items: dict) -> None:
        self.coop_id, self.items = coop_id, items
        self.members: dict[str, Any] = {}

    @classmethod
    async def of(cls, coop_id: int, sales: list[PosSaleIn]) -> _Known:
        skus = sorted({line.sku for sale in sales for line in sale.lines})
        return cls(coop_id, await catalog.counter_items_by_sku(coop_id, skus))

    async def member(self, text: str):
        if text not in self.members:
            try:
                self.members[text] = await find_member(self.coop_id, text)
            except DomainError as exc:
                self.members[text] = exc
        found = self.members[text]
        if isinstance(found, DomainError):
            raise found
        return found


async def _draft(coop_id: int, data: PosSaleIn, known: _Known | None = None) -> tuple[Draft | None, list[Reason]]:
    """The sale's lines resolved, or the reasons it cannot be recorded (every bad line named)."""
    reasons: list[Reason] = []
    member = None
    try:
        member = await known.member(data.member_number) if known else await find_member(coop_id, data.member_number)
    except DomainError as exc:
        reasons.append(Reason(line=None, code="unknown_member", message=exc.detail))
    if known is not None:
        items = known.items
    else:
        items = await catalog.counter_items_by_sku(coop_id, [line.sku for line in data.lines])
    lines = []
    for n, line in enumerate(data.lines, start=1):
        item = items.get(line.sku)
        if item is None:
            reasons.append(
                Reason(line=n, sku=line.sku, code="unknown_sku", message=f"Baris {n}: SKU {line.sku} tidak dikenal")
            )
            continue
        if item.supplier_member_id is not None:
            message = f"Baris {n} ({item.name}): barang titipan anggota belum dijual lewat toko"
            reasons.append(Reason(line=n, sku=line.sku, code="consigned", message=message))
            continue
        try:
            lines.append((item, to_milli(line.quantity, item.unit, line=n), line.unit_price))
        except DomainError as exc:
            reasons.append(Reason(line=n, sku=line.sku, code="bad_quantity", message=exc.detail))
    if reasons:
        return None, reasons
    draft = Draft(
        coop_id=coop_id,
        client_id=data.client_id,
        source=Source.POS,
        sold_at=data.sold_at,
        method=data.method,
        lines=tuple(lines),
        member_id=member.id if member else None,
        member_name=member.name if member else "",
        cashier_name=data.cashier,
    )
    return draft, []


async def _one(coop_id: int, data: PosSaleIn, now: datetime, known: _Known) -> PosResult:
    draft, reasons = await _draft(coop_id, data, known)
    try:
        if draft is not None:
            try:
                async with db.transaction():
                    return _recorded(await record(draft), False)
            except StockShort as exc:
                reasons = [
                    Reason(
                        line=exc.extra.get("line"), sku=exc.extra.get("sku", ""), code="stock_short", message=exc.detail
                    )
                ]
            except DomainError as exc:
                if exc.status >= 500:
                    raise
                reasons = [Reason(line=None, code=exc.code.split(".")[-1], message=exc.detail)]
        problem = await PosProblem.create(
            cooperative_id=coop_id,
            client_id=data.client_id,
            received_at=now,
            sold_at=data.sold_at,
            payload=data.model_dump(mode="json"),
            reasons=[r.model_dump() for r in reasons],
        )
        return _kept(problem, False)
    except IntegrityError:  # another batch recorded or kept the same client id meanwhile
        again = await _seen(coop_id, data.client_id)
        if again is None:
            raise
        return again


async def record_batch(coop_id: int, batch: PosBatchIn, *, actor: Actor, now: datetime | None = None) -> PosBatchOut:
    """Record a POS batch; every sale gets an answer, in the batch's order."""
    require_staff(actor, coop_id)
    moment = utcnow(now)
    seen = await _seen_many(coop_id, [sale.client_id for sale in batch.sales])
    known = await _Known.of(coop_id, [sale for sale in batch.sales if sale.client_id not in seen])
    results = []
    for sale in batch.sales:
        result = seen.get(sale.client_id)
        if result is None:
            result = await _one(coop_id, sale, moment, known)
            seen[sale.client_id] = result.model_copy(update={"duplicate": True})  # again later in this batch
        results.append(result)
    return PosBatchOut(
        recorded=sum(r.status == "recorded" for r in results),
        needs_attention=sum(r.status == "needs_attention" for r in results),
        results=results,
    )


def _problem_out(p: PosProblem) -> ProblemOut:
    return ProblemOut(
        id=p.id,
        client_id=p.client_id,
        received_at=p.received_at,
        sold_at=p.sold_at,
        status=p.status,
        reasons=[Reason(**r) for r in p.reasons],
        lines=list(p.payload.get("lines", [])),
        method=str(p.payload.get("method", "")),
        sale_id=p.sale_id,
        note=p.note,
    )


async def problems(coop_id: int, *, actor: Actor, status: str = "open", limit: int = 100) -> list[ProblemOut]:
    """The POS sales waiting for the staff (or those resolved, by *status*), newest first."""
    require_staff(actor, coop_id)
    rows = await PosProblem.filter(cooperative_id=coop_id, status=status).order_by("-id").limit(limit)
    return [_problem_out(p) for p in rows]


async def resolve_problem(
    coop_id: int, problem_id: int, action: str, note: str = "", *, actor: Actor, now: datetime | None = None
) -> ProblemOut:
    """``retry``: record the kept sale now (the SKU added, stock counted in); still refused, its
    reasons are renewed. ``dismiss``: set it aside with a note (nothing booked)."""
    require_staff(actor, coop_id)
    moment = utcnow(now)
    async with db.transaction():
        problem = await PosProblem.select_for_update().get_or_none(id=problem_id, cooperative_id=coop_id)
        if problem is None:
            raise ProblemNotFound("Masalah POS tidak ditemukan")
        if problem.status != "open":
            return _problem_out(problem)
        if action == "dismiss":
            problem.status, problem.note = "dismissed", (note or "").strip()[:300]
        else:
            data = PosSaleIn.model_validate(problem.payload)
            draft, reasons = await _draft(coop_id, data)
            if draft is not None:
                try:
                    async with db.transaction():
                        sale = await record(draft)
                    problem.status, problem.sale_id = "recorded", sale.id
                except DomainError as exc:
                    if exc.status >= 500:
                        raise
                    reasons = [
                        Reason(
                            line=exc.extra.get("line"),
                            sku=exc.extra.get("sku", ""),
                            code=exc.code.split(".")[-1],
                            message=exc.detail,
                        )
                    ]
            problem.reasons = [r.model_dump() for r in reasons] if reasons else problem.reasons
            problem.note = (note or "").strip()[:300]
        if problem.status != "open":
            problem.resolved_at, problem.resolved_by_user_id = moment, actor.user_id
        await problem.save()
    return _problem_out(problem)


def _cursor(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        from retail.errors import InvalidSale

        raise InvalidSale("Kursor tidak valid: kirim nilai 'next' dari jawaban sebelumnya", field="since") from None
    if moment.tzinfo is None:
        from retail.errors import InvalidSale

        raise InvalidSale("Kursor tidak valid: kirim nilai 'next' dari jawaban sebelumnya", field="since")
    return moment


async def catalog_since(coop_id: int, since: str | None, *, actor: Actor, limit: int = 500) -> CatalogPageOut:
    """The goods (price, tiers, stock, active or not) changed after the cursor *since*."""
    require_staff(actor, coop_id)
    moment = _cursor(since)
    items = await catalog.counter_items_since(coop_id, moment, limit=limit + 1)
    more = len(items) > limit
    items = items[:limit]
    opened = {
        o.product_id: o.milli for o in await OpenedUnit.filter(product_id__in=[i.id for i in items] or [0], milli__gt=0)
    }
    out = [
        CatalogItemOut(
            product_id=i.id,
            sku=i.sku,
            barcode=i.barcode,
            name=i.name,
            unit=i.unit,
            decimals=decimals_of(i.unit),
            price_idr=i.price_idr,
            tiers=[{"min_qty": q, "price_idr": p} for q, p in i.tiers],
            available=max(i.available, 0),
            available_quantity=from_milli(max(i.available, 0) * MILLI + opened.get(i.id, 0)),
            active=i.active,
            updated_at=i.changed_at or i.updated_at,
        )
        for i in items
    ]
    cursor = (items[-1].changed_at or items[-1].updated_at).isoformat() if items else (since or "")
    return CatalogPageOut(items=out, next=cursor, more=more)
