"""The ``market`` command: serve, migrate, demo, users."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from market import db, logs
from market.settings import ConfigError, Settings, load

logs.install()

app = typer.Typer(help="Pasar Koperasi: marketplace and back office for cooperatives.", no_args_is_help=True)
users = typer.Typer(help="Manage logins.", no_args_is_help=True)
app.add_typer(users, name="users")
secrets_app = typer.Typer(help="The secrets and URLs the providers' dashboards need.", no_args_is_help=True)
app.add_typer(secrets_app, name="secrets")


def _runnable_settings() -> Settings:
    """The settings, or a clear message and exit status 2 when they cannot run this environment."""
    settings = load()
    try:
        settings.require_runnable()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    return settings


outbox = typer.Typer(help="Events whose delivery failed for good, and retrying them.", no_args_is_help=True)
app.add_typer(outbox, name="outbox")


def _add_package_commands() -> None:
    """The domain packages' own command groups (the CLI is wiring: it may import them all)."""
    from catalog.cli import app as search_app
    from payments.cli import xendit as sandbox_xendit
    from ppob.cli import app as ppob_app
    from ppob.cli import sandbox_biller
    from shu.cli import app as shu_app

    app.add_typer(search_app, name="search")
    app.add_typer(ppob_app, name="ppob")
    app.add_typer(shu_app, name="shu")
    sandbox = typer.Typer(help="Provider sandboxes served on their own port.", no_args_is_help=True)
    sandbox.command("biller")(sandbox_biller)
    sandbox.command("xendit")(sandbox_xendit)
    app.add_typer(sandbox, name="sandbox")


_add_package_commands()


def _config(settings: Settings | None = None):
    settings = settings or load()
    return settings, db.tortoise_config(
        settings.database_url,
        pool_size=settings.db_pool_size,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        sandboxes=settings.sandboxes_allowed(),
        read_url=settings.read_database_url,
    )


def _run(coro_factory, settings: Settings | None = None):
    """Run an async job with the database open (on *settings*, else the environment's), closing
    it whatever happens."""
    settings, config = _config(settings)

    async def main():
        await db.init(config)
        try:
            return await coro_factory(settings)
        finally:
            await db.close()

    return asyncio.run(main())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PORT or 8000).")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the web app and the JSON API."""
    import os

    import uvicorn

    settings = _runnable_settings()
    host = host or settings.host
    port = port or settings.port
    os.environ.setdefault("PORT", str(port))
    typer.echo(f"Pasar Koperasi: http://{host}:{port}")
    uvicorn.run(
        "market.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # The standard stack: uvloop sets TCP_NODELAY on every accepted socket (plain asyncio does
        # not when uvicorn binds the socket itself for several workers, and Nagle then holds every
        # keep-alive response ~40 ms for the client's delayed ACK); httptools parses faster.
        loop="uvloop",
        http="httptools",
        log_level="info",
        proxy_headers=True,
    )


@app.command()
def migrate() -> None:
    """Apply all database migrations (SQLite or PostgreSQL, from DATABASE_URL)."""
    settings, config = _config()

    def progress(event: str, app_label: str, name: str) -> None:
        if event == "apply_done":
            typer.echo(f"  applied {app_label}.{name}")

    async def main():
        try:
            await db.migrate(config, progress=progress)
        finally:
            await db.close()

    asyncio.run(main())
    typer.echo("Database is up to date.")


@app.command()
def demo(force: Annotated[bool, typer.Option(help="Seed even when demo data already exists.")] = False) -> None:
    """Seed demo cooperatives, members, savings, products and logins (once)."""
    from demo import flows as demo_flows
    from market import demo as demo_data
    from market.app import create_app

    async def job(settings):
        app = create_app(settings, manage_db=False)
        created, products, business = await demo_flows.seed_all(app, settings.media_dir, force=force)
        if business:
            typer.echo(f"Demo business: {business}")
        if created or products:
            typer.echo(f"Demo data seeded: {created or 'network already there'}; {products} products")
        else:
            typer.echo("Demo data already present.")
        typer.echo(demo_data.LOGINS_TEXT)

    _run(job)


@app.command("worker")
def worker_command() -> None:
    """Run background work (outbox delivery, periodic jobs) until interrupted."""
    import signal

    from market import runtime, worker
    from market.app import build_runtime, register_handlers

    settings = _runnable_settings()
    register_handlers(runtime.install(build_runtime(settings)))

    async def job(settings):
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        typer.echo("worker running; Ctrl-C stops it")
        await worker.run(stop)

    _run(job, settings)


@users.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="E-mail used to log in.")],
    role: Annotated[str, typer.Option(help="operator, manager, cashier, member or buyer.")],
    coop: Annotated[str | None, typer.Option(help="Cooperative slug (staff and members).")] = None,
    member_number: Annotated[str | None, typer.Option(help="Member number (role member).")] = None,
    password: Annotated[str | None, typer.Option(help="Password (generated when omitted).")] = None,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    print_token: Annotated[bool, typer.Option("--print-token", help="Issue and print an API token.")] = False,
) -> None:
    """Create a login, optionally printing a bearer API token for it."""
    import secrets

    from pydantic import ValidationError

    from market import service
    from market.errors import DomainError
    from market.models import Member
    from market.schemas import UserIn

    async def job(settings):
        pw = password or secrets.token_urlsafe(12)
        try:
            data = UserIn(email=email, password=pw, role=role, name=name)
        except ValidationError as exc:
            raise typer.BadParameter(str(exc).splitlines()[-1] if str(exc) else "invalid") from exc
        coop_id = member_id = None
        try:
            if coop:
                coop_id = (await service.get_cooperative_by_slug(coop)).id
            if role == "member":
                if coop_id is None or not member_number:
                    raise typer.BadParameter("a member login needs --coop and --member-number")
                member = await Member.get_or_none(cooperative_id=coop_id, member_number=member_number)
                if member is None:
                    raise typer.BadParameter(f"no member {member_number} in {coop}")
                member_id = member.id
            user = await service.create_user(data, cooperative_id=coop_id, member_id=member_id)
        except DomainError as exc:
            typer.echo(f"error: {exc.detail}", err=True)
            raise typer.Exit(1) from exc
        typer.echo(f"created {user.email} ({role})" + ("" if password else f" password: {pw}"))
        if print_token:
            typer.echo(await service.issue_token(user.id, name="cli"))

    _run(job)


def _set_active(email: str, active: bool) -> None:
    from market import service
    from market.models import User

    async def job(settings):
        user = await User.get_or_none(email=email.strip().lower())
        if user is None:
            typer.echo(f"error: no login {email}", err=True)
            raise typer.Exit(1)
        store = service.sessions.build(settings)
        try:
            ended = await service.set_user_active(user.id, active, store=store)
        finally:
            await store.close()
        typer.echo(f"{user.email} " + ("activated" if active else f"deactivated; {ended} sessions ended"))

    _run(job)


@users.command("deactivate")
def users_deactivate(email: Annotated[str, typer.Argument(help="E-mail of the login.")]) -> None:
    """Stop a login: it can no longer sign in, and every session and device of it ends now."""
    _set_active(email, False)


@users.command("activate")
def users_activate(email: Annotated[str, typer.Argument(help="E-mail of the login.")]) -> None:
    """Let a deactivated login sign in again."""
    _set_active(email, True)


@outbox.command("failed")
def outbox_failed(limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50) -> None:
    """List the events whose last delivery attempt failed (they wait for `market outbox retry`)."""
    from market import service

    async def job(settings):
        events = await service.failed_events(limit=limit)
        if not events:
            typer.echo("no failed events")
        for e in events:
            typer.echo(f"{e.id}\t{e.topic}\tattempts={e.attempts}\tfailed_at={e.failed_at.isoformat()}")
            for line in e.last_error.splitlines():
                typer.echo(f"    {line}")

    _run(job)


@outbox.command("retry")
def outbox_retry(
    event_id: Annotated[int, typer.Argument(help="The event's id (from `market outbox failed`).")],
) -> None:
    """Give a failed event one more delivery attempt at the worker's next round."""
    from market import service
    from market.errors import DomainError

    async def job(settings):
        try:
            await service.retry_event(event_id)
        except DomainError as exc:
            typer.echo(f"error: {exc.detail}", err=True)
            raise typer.Exit(1) from exc
        typer.echo(f"event {event_id} will be retried")

    _run(job)


@secrets_app.command("show")
def secrets_show() -> None:
    """Print what an operator pastes into the Xendit and biller dashboards, and where each secret
    comes from (set in the environment, or derived from SECRET_KEY)."""
    from payments import wiring as payments_wiring
    from ppob import wiring as ppob_wiring

    settings = load()
    base = settings.public_url.rstrip("/")
    _, _, biller_secret = ppob_wiring.credentials(settings)

    def origin(value: str | None) -> str:
        return (
            "set in the environment"
            if value
            else "derived from SECRET_KEY: HMAC-SHA256(SECRET_KEY, 'pasar-koperasi/<purpose>')[:32]"
        )

    typer.echo("Xendit (Dashboard → Settings → Webhooks):")
    typer.echo(f"  callback URL for invoices, refunds and payouts: {base}{payments_wiring.CALLBACK_PATH}")
    if settings.xendit_callback_token:
        typer.echo("  callback verification token: XENDIT_CALLBACK_TOKEN (copied from the dashboard; not printed)")
    else:
        typer.echo(f"  callback verification token (sandbox only): {settings.derive_secret('xendit-callback-token')}")
    typer.echo(
        f"  secret API key: {'XENDIT_SECRET_KEY (not printed)' if settings.xendit_secret_key else 'the sandbox key, ' + origin(None)}"
    )
    typer.echo("Biller, Digiflazz (Atur Koneksi → API → Webhook):")
    typer.echo(f"  webhook URL: {base}{ppob_wiring.CALLBACK_PATH}")
    typer.echo(f"  webhook secret: {biller_secret}  ({origin(settings.biller_callback_secret)})")
    typer.echo("  header checked: X-Hub-Signature: sha1=HMAC-SHA1(secret, body)")
    typer.echo(
        f"  username: {settings.biller_username or 'pasar-koperasi (default)'}; API key: "
        + ("BILLER_API_KEY (not printed)" if settings.biller_api_key else "the sandbox key, " + origin(None))
    )
    for problem in settings.production_problems():
        typer.echo(f"warning: {problem}", err=True)


if __name__ == "__main__":
    app()
