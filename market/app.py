"""The app factory: one FastAPI app with every package's routes."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette_compress import CompressMiddleware, add_compress_type

from market import db, dbrequest, guards, logs, openapi, runtime, worker
from market.api import health
from market.api import router as core_router
from market.http import install_problem_handlers
from market.journal_api import router as journal_router
from market.reports_api import router as reports_router
from market.service import sessions, throttle
from market.settings import Settings, load


def build_runtime(settings: Settings) -> runtime.Runtime:
    """The process's runtime from *settings*: the gateway, the biller and the search engine they ask
    for, with the rule numbers. The app factory is the composition root (it may import every
    package): each package builds its own adapter in its ``wiring`` module or search package."""
    from catalog import search
    from payments import wiring as payments_wiring
    from ppob import wiring as ppob_wiring

    return runtime.Runtime.of(
        settings,
        gateway=payments_wiring.gateway_from(settings),
        callback_token=payments_wiring.callback_token(settings),
        biller=ppob_wiring.biller_from(settings),
        search=search.engine_from(settings),
    )


def register_handlers(rt: runtime.Runtime) -> None:
    """Declare every package's event classes (a dispatcher must know every topic it may read),
    then let each domain package subscribe its outbox handlers and periodic jobs (*rt* gives
    their periods; the jobs read the installed runtime when they run)."""
    for name in db.DOMAIN_PACKAGES:
        if importlib.util.find_spec(f"{name}.events") is not None:
            importlib.import_module(f"{name}.events")
    for name in db.DOMAIN_PACKAGES:
        if importlib.util.find_spec(f"{name}.handlers") is not None:
            importlib.import_module(f"{name}.handlers").register(rt)


def install_compression(app: FastAPI) -> None:
    """Pages, JSON and problems travel compressed when the client takes it: brotli, else gzip (zstd
    left out: at these sizes brotli is smaller). The static files come precompressed (web.assets)."""
    add_compress_type("application/problem+json")
    app.add_middleware(CompressMiddleware, zstd=False, brotli_quality=5, gzip_level=6)


def _database_config(settings: Settings) -> dict:
    return db.tortoise_config(
        settings.database_url,
        pool_size=settings.db_pool_size,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        sandboxes=settings.sandboxes_allowed(),
        read_url=settings.read_database_url,
    )


def _install(app: FastAPI, package: str) -> None:
    """The package's routes (and whatever else it serves) on *app*, through its ``install``."""
    install = getattr(importlib.import_module(package), "install", None)
    if install is not None:
        install(app)


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> FastAPI:
    """Build the app. Tests pass their own *settings* and manage the database themselves.

    With ``manage_db`` the app opens the database and, unless a separate worker is configured
    (``EMBEDDED_WORKER=false``, or REDIS_URL set: `market worker` processes do it), runs the
    background work in-process.
    The process's runtime (adapters, rule numbers) is built here from *settings*, once.
    """
    settings = settings or load()
    settings.require_runnable()
    logs.install()
    register_handlers(runtime.install(build_runtime(settings)))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if not manage_db:
            yield
            return
        await db.init(_database_config(settings))
        stop = asyncio.Event()
        background = asyncio.create_task(worker.run(stop)) if settings.worker_in_process else None
        try:
            yield
        finally:
            stop.set()
            if background:
                await background
            await app.state.sessions.close()
            await app.state.throttle.close()
            await db.close()

    app = FastAPI(
        title="Pasar Koperasi",
        version="0.1.0",
        description="Marketplace and back office for Indonesian cooperatives.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    # Sessions and log-in throttling: the database, or Redis when REDIS_URL is set (shared by
    # every process either way); services called without the app (CLI) use the same ones.
    app.state.sessions = sessions.build(settings)
    app.state.throttle = throttle.build(settings)
    sessions.configure(app.state.sessions)
    throttle.configure(app.state.throttle)
    install_problem_handlers(app)
    app.add_middleware(guards.RefuseUnstorableText)
    install_compression(app)
    app.add_middleware(dbrequest.OneConnectionPerRequest)
    openapi.install(app)
    app.include_router(health)
    # The pages before the API: routes are tried one after another, and most requests are a
    # browser's (no page path is also an API path: tests/web/test_route_order.py). Then each
    # domain package mounts its own routes (and, in the embedded default, its sandbox).
    _install(app, "web")
    for router in (core_router, journal_router, reports_router):
        app.include_router(router)
    for name in db.DOMAIN_PACKAGES[1:]:
        _install(app, name)
    logging.getLogger("market").setLevel(logging.INFO)
    return app
