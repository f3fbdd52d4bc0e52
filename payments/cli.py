"""``market sandbox xendit``: the Xendit-protocol sandbox on its own port."""

from __future__ import annotations

from typing import Annotated

import typer

from payments.sandbox import DEFAULT_CALLBACK_TOKEN, DEFAULT_SECRET_KEY

sandbox = typer.Typer(help="Provider sandboxes that speak the real wire protocols.", no_args_is_help=True)


@sandbox.command("xendit")
def xendit(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8010,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    secret_key: Annotated[str, typer.Option(help="The API key the sandbox accepts (HTTP Basic).")] = DEFAULT_SECRET_KEY,
    callback_url: Annotated[
        str | None, typer.Option(help="Where callbacks go, e.g. http://127.0.0.1:8000/api/v1/payments/xendit/callback.")
    ] = None,
    callback_token: Annotated[str, typer.Option(help="Sent as x-callback-token.")] = DEFAULT_CALLBACK_TOKEN,
    retry_delays: Annotated[
        str, typer.Option(help="Seconds between callback retries, comma separated.")
    ] = "1,4,12,24,48,96",
) -> None:
    """Serve the Xendit sandbox (invoices, refunds, payouts, balance, hosted invoice page)."""
    import uvicorn

    from payments.sandbox import SandboxState, create_sandbox

    state = SandboxState(
        secret_key=secret_key,
        callback_url=callback_url,
        callback_token=callback_token,
        retry_delays=tuple(float(d) for d in retry_delays.split(",") if d.strip()),
    )
    typer.echo(f"Xendit sandbox: http://{host}:{port}  (key {secret_key}, callbacks -> {callback_url or 'none'})")
    uvicorn.run(create_sandbox(state), host=host, port=port, log_level="info")


if __name__ == "__main__":
    sandbox()
