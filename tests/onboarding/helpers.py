"""What the onboarding tests share: a registration's form, its papers, and the operator."""

from __future__ import annotations

import itertools
from typing import Any

from market import service as market
from market.schemas import Role
from onboarding import service
from onboarding.models import CheckItem
from onboarding.schemas import RegistrationIn, Upload
from tests.builders import make_user

_seq = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
MAX = 100_000


def form(**overrides: Any) -> RegistrationIn:
    n = next(_seq)
    data: dict[str, Any] = {
        "name": f"Koperasi Produsen Kopi Daftar {n}",
        "legal_number": f"AHU-{n:07d}.AH.01.26.TAHUN 2019",
        "nik_koperasi": f"{5310000000000000 + n}",
        "coop_type": "produsen",
        "province": "Nusa Tenggara Timur",
        "regency": "Kabupaten Ngada",
        "address": "Jl. Soekarno-Hatta 12, Bajawa",
        "bank_name": "BRI",
        "bank_account_number": f"{123400000000 + n}",
        "bank_account_holder": f"Koperasi Produsen Kopi Daftar {n}",
        "contact_name": "Maria Goreti",
        "contact_position": "Ketua",
        "contact_phone": "081234567890",
        "manager_name": "Yohanes Bosco",
        "manager_email": f"manajer{n}@daftar.id",
        "manager_password": "rahasia123",
    }
    data.update(overrides)
    return RegistrationIn(**data)


def papers(**overrides: bytes) -> dict[str, Upload]:
    files = {"akta_pendirian": PDF, "sk_pengesahan": JPEG, "npwp": PNG, **overrides}
    return {kind: Upload(content=content, filename=f"{kind}.bin") for kind, content in files.items()}


async def register(tmp_path, gateway=None, **overrides: Any) -> service.Registered:
    return await service.register(
        form(**overrides), papers(), directory=tmp_path / "docs", max_bytes=MAX, gateway=gateway
    )


async def operator() -> market.Actor:
    user = await make_user(Role.OPERATOR)
    actor = await market.actor_by_id(user.id)
    assert actor is not None
    return actor


async def tick_all(application_id: int, actor: market.Actor) -> None:
    for item in CheckItem:
        await service.set_check(application_id, item, True, actor=actor)


async def actions(coop_id: int) -> list[str]:
    """The audit log's actions, oldest first."""
    return [a.action for a in reversed(await service.history(coop_id))]
