"""Cooperatives: registration, profile, status set by the operator, their core accounts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from market import db
from market.errors import Conflict, InvalidInput, NotFound
from market.events import CooperativeStatusChanged
from market.models import Cooperative, CoopStatus
from market.regions import province_zone
from market.schemas import CooperativeAmend, CooperativeIn, CooperativeUpdate, validate_shu_policy
from market.service import ledger, zones
from market.service.outbox import publish


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "koperasi"


async def _free_slug(name: str) -> str:
    """The name's slug, or with ``-2``, ``-3``… when another cooperative has it."""
    base = slugify(name)
    taken = set(await Cooperative.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base[:56]}-{n}", n + 1
    return slug


async def _refuse_taken(legal_number: str | None, nik_koperasi: str | None, *, other_than: int = 0) -> None:
    """Name the field when another cooperative already has this legal number or NIK koperasi."""
    if legal_number and await Cooperative.filter(legal_number=legal_number).exclude(id=other_than).exists():
        raise Conflict("Nomor badan hukum ini sudah terdaftar untuk koperasi lain", field="legal_number")
    if nik_koperasi and await Cooperative.filter(nik_koperasi=nik_koperasi).exclude(id=other_than).exists():
        raise Conflict("NIK koperasi ini sudah terdaftar untuk koperasi lain", field="nik_koperasi")


async def create_cooperative(data: CooperativeIn, *, status: CoopStatus = CoopStatus.PENDING) -> Cooperative:
    """Register a cooperative (pending until the operator verifies it) with its core accounts.

    Without a slug it gets its name's, made unique; a legal number or NIK koperasi another
    cooperative has is refused naming its field."""
    await _refuse_taken(data.legal_number, data.nik_koperasi)
    slug = data.slug or await _free_slug(data.name)
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
        zones.forget_zone(coop_id)
    return coop


async def amend_pending(coop_id: int, data: CooperativeAmend) -> tuple[Cooperative, list[str]]:
    """Correct a registration while it waits for verification; returns the cooperative and the
    names of the fields that changed. A verified cooperative's identity is no longer the
    applicant's to change (the operator's is a later matter)."""
    coop = await get_cooperative(coop_id)
    if coop.status != CoopStatus.PENDING:
        raise Conflict("Data pendaftaran hanya dapat diubah selama menunggu verifikasi")
    changes = {k: v for k, v in data.model_dump(exclude_none=True).items() if getattr(coop, k) != v}
    await _refuse_taken(changes.get("legal_number"), changes.get("nik_koperasi"), other_than=coop_id)
    if "province" in changes:
        changes["timezone"] = province_zone(changes["province"])
    if changes:
        coop.update_from_dict(changes)
        try:
            await coop.save(update_fields=list(changes))
        except IntegrityError as exc:
            raise Conflict("Nomor badan hukum atau NIK koperasi ini sudah terdaftar") from exc
        zones.forget_zone(coop_id)
    return coop, [k for k in changes if k != "timezone"]


async def set_status(coop_id: int, status: CoopStatus, *, reason: str = "") -> Cooperative:
    """The operator verifies (active), suspends or reinstates a cooperative, with the reason
    the cooperative is shown (a suspension's).

    Announces ``cooperative.status_changed`` so the shop can hide or show its products.
    """
    coop = await get_cooperative(coop_id)
    if coop.status == status:
        return coop
    if status == CoopStatus.PENDING:
        raise InvalidInput("Status hanya dapat diubah ke aktif atau ditangguhkan", field="status")
    now = datetime.now(UTC)
    async with db.transaction():
        changed = ["status", "status_reason", "status_changed_at"]
        coop.status, coop.status_reason, coop.status_changed_at = status, reason.strip()[:500], now
        if status == CoopStatus.ACTIVE and coop.verified_at is None:
            coop.verified_at = now
            changed.append("verified_at")
        await coop.save(update_fields=changed)
        await publish(CooperativeStatusChanged(cooperative_id=coop.id, status=str(status)))
    return coop


async def coop_account(coop_id: int, code: str):
    """One of the cooperative's own accounts of its chart (see market.chart)."""
    return await ledger.chart_account(coop_id, code)
