"""The runtime of this process: its adapters and the rule numbers the packages need, built once
from the ``Settings`` that ``create_app(settings)`` or ``market worker`` receives.

``market.app.build_runtime(settings)`` makes one (it is the composition root: it may import every
package's adapters) and ``install`` makes it this process's. Edges read it — routes through the
``market.http.RuntimeDep`` dependency, outbox handlers and periodic jobs through ``current()`` —
and hand services what they need as arguments: a service that calls the payments gateway, the
biller or the search engine takes it as its first positional argument, and rule numbers as
keyword arguments. Services never read the runtime (or the settings) themselves.

Tests swap an adapter the one supported way, ``replace(gateway=…)`` (or ``biller=…``,
``search=…``): the installed runtime with those fields changed, installed in its place.

market imports none of the other domains, so the adapters are typed ``Any`` here; their ports
are ``payments.gateway.PaymentGateway``, ``ppob.biller.Biller`` and
``catalog.search.SearchEngine``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from market.settings import Settings


@dataclass(frozen=True, kw_only=True)
class Runtime:
    settings: Settings
    gateway: Any  # payments.gateway.PaymentGateway: Xendit, or the app's own sandbox
    callback_token: str  # the x-callback-token every Xendit callback must carry
    biller: Any  # ppob.biller.Biller: the Digiflazz-protocol biller, or the app's own sandbox
    search: Any  # catalog.search.SearchEngine: SQLite FTS5, PostgreSQL or Meilisearch
    # orders: the platform's fee on goods, days after shipping before a sub-order completes by
    # itself, how long an order's invoice may be paid
    order_fee_bps: int
    order_auto_complete_days: int
    order_payment_duration_s: int
    # payments: how long a top-up invoice may be paid; reconciliation's age and period
    invoice_duration_s: int
    payment_reconcile_after_s: int
    payment_reconcile_every_s: float
    # ppob: the platform fee until the operator sets one, the biller's status-check spacing, and
    # the periods of its jobs
    ppob_platform_fee: int
    ppob_recheck_after_s: int
    ppob_poll_every_s: float
    ppob_sync_every_s: float
    timezone: str  # the business day's (Asia/Jakarta unless set)

    @classmethod
    def of(cls, settings: Settings, *, gateway: Any, callback_token: str, biller: Any, search: Any) -> Runtime:
        """The runtime of these adapters, with the rule numbers *settings* sets."""
        return cls(
            settings=settings,
            gateway=gateway,
            callback_token=callback_token,
            biller=biller,
            search=search,
            order_fee_bps=settings.order_platform_fee_bps,
            order_auto_complete_days=settings.order_auto_complete_days,
            order_payment_duration_s=settings.order_payment_expiry_s,
            invoice_duration_s=settings.invoice_duration_s,
            payment_reconcile_after_s=settings.payment_reconcile_after_s,
            payment_reconcile_every_s=settings.payment_reconcile_every_s,
            ppob_platform_fee=settings.ppob_platform_fee,
            ppob_recheck_after_s=settings.ppob_recheck_after_s,
            ppob_poll_every_s=settings.ppob_poll_every_s,
            ppob_sync_every_s=settings.ppob_sync_every_s,
            timezone=settings.timezone,
        )


_installed: Runtime | None = None


def install(runtime: Runtime) -> Runtime:
    """Make *runtime* this process's (create_app, ``market worker`` and the CLI do, once)."""
    global _installed
    _installed = runtime
    return runtime


def current() -> Runtime:
    """The runtime installed in this process; an error if none was."""
    if _installed is None:
        raise RuntimeError("no runtime installed: create_app(settings) or `market worker` installs one")
    return _installed


def replace(**changes: Any) -> Runtime:
    """Install the current runtime with *changes* (``gateway=…``, ``biller=…``…) and return it."""
    return install(dataclasses.replace(current(), **changes))
