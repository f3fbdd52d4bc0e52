"""Prices: a cooperative's markups (its staff see them, its manager changes them) and the
operator's platform fee with the last price-list sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from market import service as market
from market.service import Actor, Role
from ppob.schemas import MarkupOut
from ppob.service.port import Link
from ppob.service.products import last_sync, list_markups, list_products, platform_fee
from ppob.service.screens.counter import STAFF, CoopView, coop_view

# Markups and the platform fee --------------------------------------------------------------


@dataclass(frozen=True)
class MarkupScreen:
    coop: CoopView
    markups: tuple[MarkupOut, ...]
    categories: tuple[str, ...]
    brands: tuple[str, ...]
    fee: tuple[int, int]
    can_edit: bool


async def markup_screen(link: Link, actor: Actor, coop_id: int) -> MarkupScreen:
    """The cooperative's markups for its staff; its manager (or the operator) may change them."""
    market.require_coop(actor, coop_id, roles=STAFF)
    products = await list_products(link, coop_id, include_inactive=True)
    return MarkupScreen(
        coop=await coop_view(coop_id),
        markups=tuple(MarkupOut.model_validate(m) for m in await list_markups(coop_id)),
        categories=tuple(sorted({p.category for p in products})),
        brands=tuple(sorted({p.brand for p in products})),
        fee=await platform_fee(link),
        can_edit=actor.is_operator or actor.role == Role.MANAGER,
    )


@dataclass(frozen=True)
class SyncSummary:
    started_at: datetime
    added: int
    updated: int
    deactivated: int


@dataclass(frozen=True)
class OperatorScreen:
    flat_idr: int
    bps: int
    last: SyncSummary | None = None


async def operator_screen(link: Link, actor: Actor) -> OperatorScreen:
    """The platform fee and the last price-list sync, for the operator."""
    market.require_national_operator(actor)
    flat, bps = await platform_fee(link)
    run = await last_sync()
    last = None if run is None else SyncSummary(run.started_at, run.added, run.updated, run.deactivated)
    return OperatorScreen(flat_idr=flat, bps=bps, last=last)
