"""The app factory: one FastAPI app with every package's routes."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from market import db
from market.api import health
from market.api import router as core_router
from market.http import install_problem_handlers
from market.settings import Settings, load


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> FastAPI:
    """Build the app. Tests pass their own *settings* and manage the database themselves."""
    settings = settings or load()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if manage_db:
            await db.init(db.tortoise_config(
                settings.database_url,
                pool_size=settings.db_pool_size,
                busy_timeout_ms=settings.sqlite_busy_timeout_ms,
            ))
        try:
            yield
        finally:
            if manage_db:
                await db.close()

    app = FastAPI(
        title="Pasar Koperasi",
        version="0.1.0",
        description="Marketplace and back office for Indonesian cooperatives.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    app.include_router(health)
    app.include_router(core_router)

    import web

    web.install(app)
    logging.getLogger("market").setLevel(logging.INFO)
    return app
