"""Builders that go through the services, so every invariant and ledger entry holds."""

from __future__ import annotations

import itertools
import re

import httpx

from market import service
from market.models import CoopStatus, Role
from market.schemas import CooperativeIn, MemberIn, SavingsMovementIn, UserIn

_seq = itertools.count(1)


def nik(serial: int | None = None, region: str = "3201") -> str:
    """A valid NIK: region, district, birth day/month/year, serial."""
    n = serial if serial is not None else next(_seq)
    return f"{region}01{(n % 28) + 1:02d}0785{n % 10000:04d}" if n % 10000 else f"{region}01010785{1:04d}"


async def make_coop(status: CoopStatus = CoopStatus.ACTIVE, **overrides):
    n = next(_seq)
    data = {
        "name": f"Koperasi Uji {n}",
        "slug": f"uji-{n}",
        "legal_number": f"AHU-{n:06d}",
        "nik_koperasi": f"{3201000000000000 + n}",
        "coop_type": "produsen",
        "province": "Jawa Barat",
        "regency": "Kabupaten Bogor",
    }
    data.update(overrides)
    return await service.create_cooperative(CooperativeIn(**data), status=status)


async def make_member(coop_id: int, **overrides):
    n = next(_seq)
    data = {"name": f"Anggota {n}", "nik": nik(n), "phone": "081234567890"}
    data.update(overrides)
    return await service.add_member(coop_id, MemberIn(**data))


async def deposit(coop_id: int, member_id: int, kind: str, amount: int, key: str | None = None):
    return await service.deposit(coop_id, member_id, SavingsMovementIn(kind=kind, amount=amount), idempotency_key=key)


async def make_user(
    role: Role | str,
    coop_id: int | None = None,
    member_id: int | None = None,
    password: str = "rahasia123",
    email: str | None = None,
):
    email = email or f"user{next(_seq)}@uji.id"
    return await service.create_user(
        UserIn(email=email, password=password, role=Role(role), name=email.split("@")[0]),
        cooperative_id=coop_id,
        member_id=member_id,
    )


async def token_for(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {await service.issue_token(user.id)}"}


async def login(client: httpx.AsyncClient, email: str, password: str = "rahasia123") -> httpx.Response:
    """Log in through the form, the way a browser does (CSRF token from the page)."""
    page = await client.get("/masuk")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    token = match.group(1) if match else ""
    return await client.post("/masuk", data={"email": email, "password": password, "csrf_token": token})


async def make_product(coop_id: int, **overrides):
    """A product through the catalog service (its index entry follows once ``deliver`` runs)."""
    from catalog import service as catalog

    n = next(_seq)
    data = {
        "sku": f"SKU-{n}",
        "name": "Beras Pandan Wangi 5 kg",
        "category": "beras-biji-bijian",
        "unit": "karung",
        "price_idr": 75_000,
        "stock": 10,
    }
    data.update(overrides)
    return await catalog.create_product(coop_id, data)


async def deliver() -> int:
    """Deliver every pending outbox event, as the in-process worker does every 0.2 s."""
    total = 0
    while n := await service.dispatch_pending(limit=500):
        total += n
    return total


def payment_news(event_type, *, payment_id: int, kind: str, owner_id: int, amount: int, status: str):
    """A payments outcome event as the payments package publishes it, for calling a handler directly."""
    return event_type(
        payment_id=payment_id,
        kind=kind,
        owner_id=owner_id,
        amount=amount,
        status=status,
        previous_status="pending",
        late=False,
        provider_id=None,
        cooperative_id=None,
        wallet_id=None,
        metadata={},
    )
