"""The SHU policy per cooperative and fiscal year (stub; being written)."""

from __future__ import annotations

from shu.schemas import PolicyIn, PolicyOut


async def get_policy(coop_id: int, year: int) -> PolicyOut:
    raise NotImplementedError


async def set_policy(coop_id: int, year: int, data: PolicyIn) -> PolicyOut:
    raise NotImplementedError
