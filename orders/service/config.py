"""The rule numbers and the gateway of this process, wired at start-up (orders.install / handlers).

Services never read settings; these defaults are the settings' defaults.
"""

from __future__ import annotations

platform_fee_bps = 250
auto_complete_days = 7
payment_duration_s = 24 * 3600
gateway = None  # the payments gateway, for calls that have none passed in (cancel, auto jobs)


def configure(*, fee_bps: int | None = None, complete_days: int | None = None,
              duration_s: int | None = None, payment_gateway=None) -> None:
    global platform_fee_bps, auto_complete_days, payment_duration_s, gateway
    if fee_bps is not None:
        platform_fee_bps = fee_bps
    if complete_days is not None:
        auto_complete_days = complete_days
    if duration_s is not None:
        payment_duration_s = duration_s
    if payment_gateway is not None:
        gateway = payment_gateway


def current_gateway():
    """The gateway of this process: the app's payments runtime (read each time: tests swap it)."""
    if gateway is not None:
        return getattr(gateway, "gateway", gateway)
    from payments import runtime

    return runtime.current().gateway
