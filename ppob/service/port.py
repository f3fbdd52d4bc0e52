"""What PPOB's services run under: the biller adapter and the rule numbers, as one frozen value.

Services never read settings or the runtime: an edge (a route, an outbox handler, a periodic
job, the CLI) hands a ``Link`` to every PPOB service that talks to the biller or needs one of
these numbers, as its first argument. ``link_of(runtime)`` takes it from the process's runtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from market.runtime import Runtime
from ppob.biller import Biller


@dataclass(frozen=True, kw_only=True)
class Link:
    biller: Biller
    recheck_after_s: int  # between two status checks of one transaction (the biller allows one a minute)
    default_platform_fee: int  # the platform's flat fee until the operator sets one
    timezone: str  # the business day's: a bill is payable on the day it was looked up

    def business_day(self) -> date:
        return datetime.now(ZoneInfo(self.timezone)).date()


def link_of(rt: Runtime) -> Link:
    """The biller and PPOB's rule numbers of the process's runtime."""
    return Link(
        biller=rt.biller,
        recheck_after_s=rt.ppob_recheck_after_s,
        default_platform_fee=rt.ppob_platform_fee,
        timezone=rt.timezone,
    )
