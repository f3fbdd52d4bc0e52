"""Money is an int of rupiah; rates are basis points (10000 = 100 %)."""

from __future__ import annotations

from collections.abc import Sequence

BPS = 10_000


def format_idr(amount: int) -> str:
    """Format whole rupiah the Indonesian way: ``Rp 12.500``, ``-Rp 1.000``."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("rupiah amounts are int")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def apply_bps(amount: int, bps: int) -> int:
    """Return *amount* × *bps* / 10000, rounded half up (away from zero for positives)."""
    numerator = amount * bps
    quotient, remainder = divmod(numerator, BPS)
    return quotient + (1 if remainder * 2 >= BPS else 0)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split *total* in proportion to *weights*; the parts always sum to *total*.

    Largest remainder (Hamilton): each part gets the floor of its exact share, then the rupiah
    left over go one each to the parts with the largest fractional remainders, earlier index
    first on ties so the result is deterministic. With all weights zero nothing can be split
    fairly, so the whole stays unallocated and a ValueError says so.
    """
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if not weights or weight_sum == 0:
        if total == 0:
            return [0] * len(weights)
        raise ValueError("cannot allocate a non-zero total over zero weights")
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    floors, remainders = [], []
    for index, weight in enumerate(weights):
        share, remainder = divmod(magnitude * weight, weight_sum)
        floors.append(share)
        remainders.append((-remainder, index))
    left = magnitude - sum(floors)
    for _, index in sorted(remainders)[:left]:
        floors[index] += 1
    return [sign * part for part in floors]
