"""The biller's price list in our database, the cooperatives' markups and the platform fee."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError, OperationalError

from market import db
from market.errors import InvalidInput
from market.money import apply_bps
from market.service import get_cooperative
from ppob.biller import BillerProduct
from ppob.errors import ProductUnavailable
from ppob.models import Markup, MarkupScope, PlatformFee, Product, ProductKind, SyncRun
from ppob.service.port import Link

# What a member sees first, in this order.
CATEGORIES = ("Pulsa", "Data", "PLN", "E-Money", "Pascabayar")


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)  # {"sku", "old", "new"}
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} baru, {len(self.updated)} harga berubah, "
            f"{len(self.deactivated)} dinonaktifkan, {len(self.reactivated)} aktif kembali, "
            f"{self.unchanged} tetap"
        )


async def sync_price_list(link: Link) -> SyncReport:
    """Bring our price list in line with the biller's: add new SKUs, update base prices, and
    mark inactive every product the biller disabled or no longer lists."""
    biller = link.biller
    started = datetime.now(UTC)
    listed: dict[str, BillerProduct] = {}
    for kind in ("prepaid", "postpaid"):
        for item in await biller.price_list(kind):
            listed[item.sku] = item
    try:
        return await _apply(listed, started)
    except (IntegrityError, OperationalError):
        # Another sync (the worker's, or a second click) added the same new SKUs or updated the
        # same rows at the same moment: what it committed is now visible, so this one runs again
        # over it (and finds those SKUs existing) instead of failing with a server error.
        return await _apply(listed, started)


async def _apply(listed: dict[str, BillerProduct], started: datetime) -> SyncReport:
    """The listed products written in one transaction; the report of what changed."""
    report = SyncReport()
    async with db.transaction():
        existing = {p.sku: p for p in await Product.all()}
        new: list[Product] = []
        for sku, item in listed.items():
            values = _listed_values(item, started)
            product = existing.get(sku)
            if product is None:
                new.append(Product(sku=sku, **values))
                report.added.append(sku)
                continue
            await _update_listed(product, item, values, report)
        if new:
            await Product.bulk_create(new)
        seen = [sku for sku in listed if sku in existing]
        if seen:
            await Product.filter(sku__in=seen).update(synced_at=started)
        gone = [sku for sku, p in existing.items() if sku not in listed and p.active]
        if gone:
            await Product.filter(sku__in=gone).update(active=False, synced_at=started)
            report.deactivated += gone
        await _record_run(started, report)
    return report


def _listed_values(item: BillerProduct, started: datetime) -> dict[str, Any]:
    """A product's fields as the biller lists it, synced at *started*."""
    return {
        "name": item.name,
        "category": item.category,
        "brand": item.brand,
        "type": item.type,
        "kind": ProductKind(item.kind),
        "base_price": item.price,
        "admin": item.admin,
        "commission": item.commission,
        "active": item.active,
        "description": item.description,
        "multi": item.multi,
        "start_cut_off": item.start_cut_off,
        "end_cut_off": item.end_cut_off,
        "synced_at": started,
    }


async def _update_listed(product: Product, item: BillerProduct, values: dict[str, Any], report: SyncReport) -> None:
    """A product we have and the biller still lists: reported as updated (price or admin fee),
    deactivated, reactivated or unchanged; saved only when a field other than synced_at differs."""
    sku = product.sku
    changed = False
    if product.base_price != item.price or product.admin != item.admin:
        report.updated.append({"sku": sku, "old": product.base_price, "new": item.price})
        changed = True
    if product.active and not item.active:
        report.deactivated.append(sku)
    elif not product.active and item.active:
        report.reactivated.append(sku)
    if not changed and product.active == item.active:
        report.unchanged += 1
    if any(getattr(product, name) != value for name, value in values.items() if name != "synced_at"):
        product.update_from_dict(values)
        await product.save()


async def _record_run(started: datetime, report: SyncReport) -> None:
    """The sync's row: when it ran, its counts and what it changed."""
    await SyncRun.create(
        started_at=started,
        finished_at=datetime.now(UTC),
        added=len(report.added),
        updated=len(report.updated),
        deactivated=len(report.deactivated),
        reactivated=len(report.reactivated),
        report={
            "added": report.added,
            "updated": report.updated,
            "deactivated": report.deactivated,
            "reactivated": report.reactivated,
        },
    )


async def list_products_exist() -> bool:
    return await Product.exists()


async def last_sync() -> SyncRun | None:
    return await SyncRun.all().order_by("-id").first()


async def get_product(sku: str) -> Product:
    """An active product; a disabled or unknown SKU is ProductUnavailable."""
    product = await Product.get_or_none(sku=sku)
    if product is None:
        raise ProductUnavailable("Produk tidak ditemukan", field="sku")
    if not product.active:
        raise ProductUnavailable(f"{product.name} sedang dinonaktifkan oleh biller", field="sku")
    return product


# Prices --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    base: int
    platform_fee: int
    markup: int  # what the cooperative adds on top of base (≥ the platform fee)
    sell: int

    @property
    def margin(self) -> int:
        return self.sell - self.base - self.platform_fee


async def platform_fee(link: Link) -> tuple[int, int]:
    """The operator's fee as (flat rupiah, bps of base); the configured default until set."""
    row = await PlatformFee.get_or_none(id=1)
    if row is None:
        return link.default_platform_fee, 0
    return row.flat_idr, row.bps


async def set_platform_fee(flat_idr: int, bps: int = 0) -> PlatformFee:
    """Set the operator's fee per PPOB transaction."""
    _check_rate(flat_idr, bps)
    async with db.transaction():
        await db.execute(
            "INSERT INTO ppob_platform_fee (id, flat_idr, bps, updated_at) VALUES (1, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET flat_idr = excluded.flat_idr, bps = excluded.bps,"
            " updated_at = excluded.updated_at",
            flat_idr,
            bps,
            datetime.now(UTC),
        )
    return await PlatformFee.get(id=1)


def _check_rate(flat_idr: int, bps: int) -> None:
    for name, value in (("flat_idr", flat_idr), ("bps", bps)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput("Nilai harus bilangan bulat ≥ 0", field=name)
    if bps > 5000:
        raise InvalidInput("Persentase paling besar 50%", field="bps")


async def set_markup(coop_id: int, scope: MarkupScope | str, key: str, flat_idr: int, bps: int = 0) -> Markup:
    """Set the cooperative's markup for a brand, a category, or everything (scope all)."""
    await get_cooperative(coop_id)
    scope = MarkupScope(scope)
    key = "" if scope == MarkupScope.ALL else key.strip()
    if scope != MarkupScope.ALL and not key:
        raise InvalidInput("Pilih kategori atau merek", field="key")
    _check_rate(flat_idr, bps)
    markup, _ = await Markup.get_or_create(
        cooperative_id=coop_id, scope=scope, key=key, defaults={"flat_idr": flat_idr, "bps": bps}
    )
    if (markup.flat_idr, markup.bps) != (flat_idr, bps):
        markup.flat_idr, markup.bps = flat_idr, bps
        await markup.save(update_fields=["flat_idr", "bps"])
    return markup


async def list_markups(coop_id: int) -> list[Markup]:
    return await Markup.filter(cooperative_id=coop_id).order_by("scope", "key")


def _rule_for(markups: list[Markup], category: str, brand: str) -> Markup | None:
    by = {(str(m.scope), m.key.lower()): m for m in markups}
    return by.get(("brand", brand.lower())) or by.get(("category", category.lower())) or by.get(("all", ""))


def quote_with(markups: list[Markup], fee: tuple[int, int], category: str, brand: str, base: int) -> Quote:
    """Sell price = base + the most specific markup, never below base + platform fee, so the
    cooperative's margin (sell − base − fee) is never negative."""
    rule = _rule_for(markups, category, brand)
    markup = (rule.flat_idr + apply_bps(base, rule.bps)) if rule else 0
    platform = fee[0] + apply_bps(base, fee[1])
    markup = max(markup, platform)
    return Quote(base=base, platform_fee=platform, markup=markup, sell=base + markup)


async def quote(link: Link, coop_id: int, category: str, brand: str, base: int) -> Quote:
    markups = await Markup.filter(cooperative_id=coop_id)
    return quote_with(markups, await platform_fee(link), category, brand, base)


@dataclass(frozen=True)
class PricedProduct:
    sku: str
    name: str
    category: str
    brand: str
    kind: str
    description: str
    quote: Quote | None  # None for postpaid: the bill decides


async def list_products(
    link: Link, coop_id: int, *, category: str | None = None, brand: str | None = None, include_inactive: bool = False
) -> list[PricedProduct]:
    """The products a cooperative sells, with the prices it charges."""
    await get_cooperative(coop_id)
    query = Product.all()
    if not include_inactive:
        query = query.filter(active=True)
    if category:
        query = query.filter(category=category)
    if brand:
        query = query.filter(brand=brand)
    products = await query.order_by("category", "brand", "base_price", "sku")
    markups = await Markup.filter(cooperative_id=coop_id)
    fee = await platform_fee(link)
    return [
        PricedProduct(
            sku=p.sku,
            name=p.name,
            category=p.category,
            brand=p.brand,
            kind=str(p.kind),
            description=p.description,
            quote=None
            if p.kind == ProductKind.POSTPAID
            else quote_with(markups, fee, p.category, p.brand, p.base_price),
        )
        for p in products
    ]
