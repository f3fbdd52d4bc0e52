"""Build the Xendit adapter (and the embedded sandbox) from the settings; the only place payments
reads them. ``market.app.build_runtime`` puts the gateway and the callback token in the process's runtime.

Unset XENDIT_* settings mean the embedded default: the app's own sandbox at
``<public_url>/sandbox/xendit``, with a key and a callback token derived from SECRET_KEY (so a
separate `market worker` process derives the same ones).
"""

from __future__ import annotations

from market.settings import Settings
from payments.sandbox import SandboxState
from payments.service.limits import WalletRules
from payments.xendit import XenditGateway

SANDBOX_PATH = "/sandbox/xendit"
CALLBACK_PATH = "/api/v1/payments/xendit/callback"


def embedded_sandbox(settings: Settings) -> bool:
    """The app serves the sandbox itself: no XENDIT_BASE_URL, and never in production."""
    return not settings.xendit_base_url and settings.sandboxes_allowed()


def secret_key(settings: Settings) -> str:
    """XENDIT_SECRET_KEY, else the sandbox's key derived from SECRET_KEY."""
    return settings.xendit_secret_key or "xnd_development_" + settings.derive_secret("xendit-sandbox-key")


def callback_token(settings: Settings) -> str:
    """XENDIT_CALLBACK_TOKEN, else the sandbox's token derived from SECRET_KEY."""
    return settings.xendit_callback_token or settings.derive_secret("xendit-callback-token")


def gateway_from(settings: Settings) -> XenditGateway:
    base = settings.xendit_base_url or settings.public_url.rstrip("/") + SANDBOX_PATH
    return XenditGateway(base, secret_key(settings), timeout_s=settings.xendit_timeout_s)


def sandbox_from(settings: Settings) -> SandboxState:
    """The embedded sandbox's state: our key, and callbacks to our own callback URL."""
    return SandboxState(
        secret_key=secret_key(settings),
        callback_token=callback_token(settings),
        callback_url=settings.public_url.rstrip("/") + CALLBACK_PATH,
    )


def wallet_rules(settings: Settings) -> WalletRules:
    """The daily limits of transfers and cash-outs, and the cash-out fee."""
    return WalletRules(
        transfer_daily_idr=settings.wallet_transfer_daily_limit,
        withdrawal_daily_idr=settings.wallet_withdrawal_daily_limit,
        withdrawal_fee_idr=settings.wallet_withdrawal_fee,
        timezone=settings.timezone,
    )
