"""PPOB test set-up: the real app served by uvicorn on a free port (in this event loop), with the
biller sandbox mounted in it, so the production adapter talks HTTP to the sandbox and the
sandbox's signed callbacks come back over HTTP to the app."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
import uvicorn

import ppob
from market import runtime
from market.app import create_app
from market.models import Role
from market.service import coop_account, credit, debit, post_entry
from market.settings import Settings
from payments import service as payments
from ppob import service
from ppob.service.books import wallet_account
from tests.builders import make_coop, make_member, make_user, token_for
from tests.serving import free_port


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def ppob_settings(database_url, port) -> Settings:
    return Settings(
        MARKET_ENV="test",
        DATABASE_URL=database_url,
        SECRET_KEY="test-secret",
        BASE_URL=f"http://127.0.0.1:{port}",
        PPOB_RECHECK_AFTER_S=0,
        BILLER_TIMEOUT_S=5,
    )


@pytest.fixture
async def live(db, ppob_settings, port):
    """The app (with PPOB installed) on uvicorn; yields (app, sandbox, base url)."""
    app = create_app(ppob_settings, manage_db=False)
    ppob.install(app)
    sandbox = app.state.biller_sandbox
    sandbox.config.pending_delay_s = None  # pending settles when the test says so
    sandbox.config.status_throttle_s = 0
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.005)
        if task.done():
            task.result()
    try:
        yield app, sandbox, f"http://127.0.0.1:{port}"
    finally:
        sandbox.set_mode("up")
        server.should_exit = True
        await task
        await runtime.current().biller.aclose()


@pytest.fixture
async def http(live):
    _, _, base = live
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        yield client


def link() -> service.Link:
    """What an edge hands PPOB's services: the biller and the rule numbers of the app's runtime."""
    return service.link_of(runtime.current())


async def fund_wallet(coop_id: int, member_id: int, amount: int) -> None:
    """A cash top-up of a member's wallet at the counter (Dr kas, Cr wallet)."""
    cash = await coop_account(coop_id, "kas")
    wallet = await wallet_account(coop_id, member_id)
    await post_entry(
        f"test:fund:{uuid.uuid4().hex}",
        [debit(cash, amount), credit(wallet, amount)],
        description="isi saldo",
        cooperative_id=coop_id,
    )


PIN = "246810"  # the wallet PIN the test members make (world, set_pin)


async def set_pin(user_id: int, pin: str = PIN) -> None:
    """The member's wallet PIN, which a purchase paid from the wallet asks for."""
    await payments.set_pin(user_id, pin)


@pytest.fixture
async def world(live):
    """A cooperative with a markup, two members with funded wallets and wallet PINs (``PIN``), their
    tokens, a cashier."""
    await service.sync_price_list(link())
    coop = await make_coop()
    await service.set_markup(coop.id, "all", "", 1_500)
    await service.set_markup(coop.id, "category", "PLN", 2_500)
    await service.set_platform_fee(500)
    members = [await make_member(coop.id) for _ in range(2)]
    for m in members:
        await fund_wallet(coop.id, m.id, 1_000_000)
    users = [await make_user(Role.MEMBER, coop.id, m.id) for m in members]
    for u in users:
        await set_pin(u.id)
    cashier = await make_user(Role.CASHIER, coop.id)
    return {
        "coop": coop,
        "members": members,
        "member_users": users,
        "member_headers": [await token_for(u) for u in users],
        "cashier_headers": await token_for(cashier),
        "sandbox": live[1],
    }
