"""Wiring at start-up: which gateway and callback token this process uses.

Unset XENDIT_* settings mean the embedded default: the app's own sandbox at
``<public_url>/sandbox/xendit``, with a key and a callback token derived from SECRET_KEY (so a
separate `market worker` process derives the same ones).
"""

from __future__ import annotations

from dataclasses import dataclass

from market.settings import Settings

from payments.gateway import PaymentGateway
from payments.xendit import XenditGateway

SANDBOX_PATH = "/sandbox/xendit"
CALLBACK_PATH = "/api/v1/payments/xendit/callback"


@dataclass
class Runtime:
    settings: Settings
    gateway: PaymentGateway
    callback_token: str
    embedded_sandbox: bool
    secret_key: str


_current: Runtime | None = None


def build(settings: Settings, *, gateway: PaymentGateway | None = None) -> Runtime:
    embedded = not settings.xendit_base_url and settings.sandboxes_allowed()
    key = settings.xendit_secret_key or "xnd_development_" + settings.derive_secret("xendit-sandbox-key")
    token = settings.xendit_callback_token or settings.derive_secret("xendit-callback-token")
    base = settings.xendit_base_url or settings.public_url.rstrip("/") + SANDBOX_PATH
    gateway = gateway or XenditGateway(base, key, timeout_s=settings.xendit_timeout_s)
    return Runtime(settings, gateway, token, embedded, key)


def configure(runtime: Runtime) -> None:
    global _current
    _current = runtime


def current() -> Runtime:
    """The runtime installed by the app, else one built from the environment (a worker process)."""
    global _current
    if _current is None:
        from market.settings import load

        _current = build(load())
    return _current
