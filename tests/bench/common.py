"""What the benchmarks share: a fresh PostgreSQL database of their own, a cooperative to load."""

from __future__ import annotations

import itertools

import asyncpg
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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


class BenchSettings(BaseSettings):
    """Where the benchmarks run, from the environment: the PostgreSQL server, a prefix for the
    names of the databases they (re)create, and the first of the ports they serve on (unset: free
    ports the system hands out)."""

    model_config = SettingsConfigDict(extra="ignore")
    postgres_url: str = Field(
        "postgres://postgres@127.0.0.1:5432/postgres", validation_alias="MARKET_BENCH_POSTGRES_URL"
    )
    database_prefix: str = Field("", validation_alias="MARKET_BENCH_DB_PREFIX")
    port_base: int | None = Field(None, validation_alias="MARKET_BENCH_PORT_BASE")

    def database(self, name: str) -> str:
        return f"{self.database_prefix}{name}"


SETTINGS = BenchSettings()
_ports = itertools.count()


def bench_port() -> int:
    """The next port a benchmark serves on: MARKET_BENCH_PORT_BASE, +1, +2… or a free one."""
    if SETTINGS.port_base is None:
        from tests.serving import free_port

        return free_port()
    return SETTINGS.port_base + next(_ports)


async def fresh_postgres(name: str, *, migrate: bool = True) -> str | None:
    """Drop and create the benchmark's database *name* (behind MARKET_BENCH_DB_PREFIX) on the
    server of MARKET_BENCH_POSTGRES_URL (default postgres@127.0.0.1:5432), migrated unless told
    otherwise; None, and says so, when no server answers."""
    name = SETTINGS.database(name)
    base = SETTINGS.postgres_url.rsplit("/", 1)[0]
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
