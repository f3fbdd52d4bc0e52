"""Build the biller adapter (and the sandbox) from the settings; the only place PPOB reads them.
``market.app.build_runtime`` puts the biller in the process's runtime."""

from __future__ import annotations

from market.settings import Settings
from ppob.biller import DigiflazzBiller
from ppob.sandbox import BillerSandbox, SandboxConfig

CALLBACK_PATH = "/api/v1/ppob/biller/callback"
SANDBOX_PATH = "/sandbox/biller"


def credentials(settings: Settings) -> tuple[str, str, str]:
    """(username, api key, callback secret): the configured ones, else derived from SECRET_KEY."""
    return (
        settings.biller_username or "pasar-koperasi",
        settings.biller_api_key or settings.derive_secret("biller-api-key"),
        settings.biller_callback_secret or settings.derive_secret("biller-callback-secret"),
    )


def sandbox_enabled(settings: Settings) -> bool:
    """Serve the sandbox from the app: BILLER_SANDBOX, or by default when no biller URL is set;
    never in production."""
    if not settings.sandboxes_allowed():
        return False
    return settings.biller_sandbox if settings.biller_sandbox is not None else not settings.biller_base_url


def biller_from(settings: Settings) -> DigiflazzBiller:
    username, api_key, secret = credentials(settings)
    return DigiflazzBiller(
        base_url=settings.biller_base_url or f"{settings.public_url.rstrip('/')}{SANDBOX_PATH}/v1",
        username=username,
        api_key=api_key,
        callback_secret=secret,
        timeout_s=settings.biller_timeout_s,
        testing=settings.biller_testing,
        callback_url=f"{settings.public_url.rstrip('/')}{CALLBACK_PATH}",
    )


def sandbox_from(settings: Settings, **overrides) -> BillerSandbox:
    username, api_key, secret = credentials(settings)
    config = SandboxConfig(
        username=username,
        api_key=api_key,
        callback_secret=secret,
        callback_url=f"{settings.public_url.rstrip('/')}{CALLBACK_PATH}",
    )
    for name, value in overrides.items():
        setattr(config, name, value)
    return BillerSandbox(config)
