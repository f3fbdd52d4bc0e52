"""The biller port as wired at start-up (``ppob.install`` / ``ppob.handlers.register``).

Services never read settings: the app (or the worker, or the CLI) builds the adapter from its
settings and hands it here, with the few numbers the rules need.
"""

from __future__ import annotations

from dataclasses import dataclass

from ppob.biller import Biller
from ppob.errors import BillerUnavailable


@dataclass
class Wiring:
    biller: Biller | None = None
    recheck_after_s: int = 60  # the biller allows one status check per ref per minute
    default_platform_fee: int = 0  # used until the operator sets a fee
    timezone: str = "Asia/Jakarta"


wiring = Wiring()


def use_biller(
    biller: Biller, *, recheck_after_s: int | None = None, default_platform_fee: int | None = None,
    timezone: str | None = None,
) -> None:
    """Wire the biller adapter (and its rule numbers) for this process."""
    wiring.biller = biller
    if recheck_after_s is not None:
        wiring.recheck_after_s = recheck_after_s
    if default_platform_fee is not None:
        wiring.default_platform_fee = default_platform_fee
    if timezone is not None:
        wiring.timezone = timezone


def biller() -> Biller:
    if wiring.biller is None:
        raise BillerUnavailable("Biller belum dikonfigurasi")
    return wiring.biller
