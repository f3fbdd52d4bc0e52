"""What the benchmarks share: a fresh PostgreSQL database of their own, a cooperative to load."""

from __future__ import annotations

import os

import asyncpg

from market import db, service
from market.schemas import CooperativeIn, CoopStatus


async def bench_cooperative(name: str, slug: str, nik_koperasi: str):
    """An active cooperative (with its chart) for a benchmark to fill."""
    return await service.create_cooperative(
        CooperativeIn(
            name=name,
            slug=slug,
            legal_number=f"AHU-{slug.upper()}",
            nik_koperasi=nik_koperasi,
            coop_type="konsumen",
            province="Jawa Barat",
            regency="Kabupaten Bogor",
        ),
        status=CoopStatus.ACTIVE,
    )


async def fresh_postgres(name: str, *, migrate: bool = True) -> str | None:
    """Drop and create database *name* on the server of MARKET_BENCH_POSTGRES_URL (default
    postgres@127.0.0.1:5432), migrated unless told otherwise; None, and says so, when no server answers."""
    server = os.environ.get("MARKET_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    base = server.rsplit("/", 1)[0]
    try:
        admin = await asyncpg.connect(base.replace("postgres://", "postgresql://") + "/postgres", timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"PostgreSQL: not measured ({type(exc).__name__}: {exc})")
        return None
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = f"{base}/{name}"
    if migrate:
        await db.migrate(db.tortoise_config(url, pool_size=2))
        await db.close()
    return url
