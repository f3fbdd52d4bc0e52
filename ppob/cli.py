"""CLI of PPOB: ``market ppob sync`` and ``market sandbox biller --port N``.

``app`` is the ``ppob`` group; ``sandbox_biller`` is a plain command function so the ``market``
CLI can put it in a ``sandbox`` group shared with other providers' sandboxes (``sandbox_app`` is
such a group with only this command, for running it alone).
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

app = typer.Typer(help="PPOB: biller price list and transactions.", no_args_is_help=True)
sandbox_app = typer.Typer(help="Provider sandboxes served on their own.", no_args_is_help=True)


@app.command("sync")
def sync() -> None:
    """Fetch the biller's price list and update ours; print what changed."""
    from market import db
    from market.errors import DomainError
    from market.settings import load
    from ppob import service, wiring

    settings = load()
    config = db.tortoise_config(settings.database_url, pool_size=2, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    link = service.Link(
        biller=wiring.biller_from(settings),
        recheck_after_s=settings.ppob_recheck_after_s,
        default_platform_fee=settings.ppob_platform_fee,
        timezone=settings.timezone,
    )

    async def main():
        await db.init(config)
        try:
            return await service.sync_price_list(link)
        finally:
            await link.biller.aclose()
            await db.close()

    try:
        report = asyncio.run(main())
    except DomainError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Price list synced: {report.summary()}")
    for sku in report.added:
        typer.echo(f"  + {sku}")
    for change in report.updated:
        typer.echo(f"  ~ {change['sku']}: {change['old']} -> {change['new']}")
    for sku in report.deactivated:
        typer.echo(f"  - {sku} (inactive)")
    for sku in report.reactivated:
        typer.echo(f"  ^ {sku} (active again)")


@sandbox_app.command("biller")
def sandbox_biller(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8081,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    pending_delay: Annotated[
        float, typer.Option(help="Seconds before a pending transaction settles (<0: only on /_sandbox/settle).")
    ] = 3.0,
    status_throttle: Annotated[float, typer.Option(help="Seconds between status checks of one ref (rc 85).")] = 60.0,
    callback_url: Annotated[
        str | None, typer.Option(help="Webhook URL (default BASE_URL + /api/v1/ppob/biller/callback).")
    ] = None,
) -> None:
    """Serve the biller sandbox (Digiflazz protocol under /v1) on its own."""
    import uvicorn

    from market.settings import load
    from ppob import wiring

    settings = load()
    sandbox = wiring.sandbox_from(
        settings,
        pending_delay_s=None if pending_delay < 0 else pending_delay,
        status_throttle_s=status_throttle,
        **({"callback_url": callback_url} if callback_url else {}),
    )
    typer.echo(f"Biller sandbox: http://{host}:{port}/v1 (user {sandbox.config.username})")
    uvicorn.run(sandbox.asgi, host=host, port=port, log_level="warning")
