"""Cooperatives: registration, profile, status set by the operator, their core accounts."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError

from market import db
from market.errors import Conflict, InvalidInput, NotFound
from market.events import CooperativeStatusChanged
from market.models import Cooperative, CoopStatus
from market.schemas import CooperativeIn, CooperativeUpdate, validate_shu_policy
from market.service import ledger
from market.service.outbox import publish


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "koperasi"


async def create_cooperative(data: CooperativeIn, *, status: CoopStatus = CoopStatus.PENDING) -> Cooperative:
    """Register a cooperative (pending until the operator verifies it) with its core accounts."""
    slug = data.slug or slugify(data.name)
    fields = data.model_dump(exclude={"slug"})
    async with db.transaction():
        try:
            coop = await Cooperative.create(slug=slug, status=status, **fields)
        except IntegrityError as exc:
            raise Conflict("Koperasi dengan slug, nomor badan hukum atau NIK koperasi ini sudah terdaftar") from exc
        await ledger.open_chart(coop.id)
    return coop


async def get_cooperative(coop_id: int) -> Cooperative:
    coop = await Cooperative.get_or_none(id=coop_id)
    if coop is None:
        raise NotFound("Koperasi tidak ditemukan")
    return coop


async def get_cooperative_by_slug(slug: str) -> Cooperative:
    coop = await Cooperative.get_or_none(slug=slug)
    if coop is None:
        raise NotFound(f"Koperasi '{slug}' tidak ditemukan")
    return coop


async def list_cooperatives(
    *, status: CoopStatus | None = None, ids: list[int] | None = None, q: str = ""
) -> list[Cooperative]:
    query = Cooperative.all()
    if status is not None:
        query = query.filter(status=status)
    if ids is not None:
        query = query.filter(id__in=ids)
    if q:
        query = query.filter(name__icontains=q.strip())
    return await query.order_by("province", "name")


async def update_cooperative(coop_id: int, data: CooperativeUpdate) -> Cooperative:
    """Change a cooperative's profile; the SHU policy must still sum to 10000 bp."""
    coop = await get_cooperative(coop_id)
    changes = data.model_dump(exclude_none=True)
    if "shu_policy" in changes:
        changes["shu_policy"] = validate_shu_policy(changes["shu_policy"])
    if changes:
        coop.update_from_dict(changes)
        await coop.save(update_fields=list(changes))
        ledger.forget_zone(coop_id)
    return coop


async def set_status(coop_id: int, status: CoopStatus) -> Cooperative:
    """The operator verifies (active), suspends or reinstates a cooperative.

    Announces ``cooperative.status_changed`` so the shop can hide or show its products.
    """
    coop = await get_cooperative(coop_id)
    if coop.status == status:
        return coop
    if status == CoopStatus.PENDING:
        raise InvalidInput("Status hanya dapat diubah ke aktif atau ditangguhkan", field="status")
    async with db.transaction():
        coop.status = status
        await coop.save(update_fields=["status"])
        await publish(CooperativeStatusChanged(cooperative_id=coop.id, status=str(status)))
    return coop


async def coop_account(coop_id: int, code: str):
    """One of the cooperative's own accounts of its chart (see market.chart)."""
    return await ledger.chart_account(coop_id, code)
