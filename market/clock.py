"""What people call Indonesia's clocks. Every time a person sees (pages, receipts, PDFs) is on the
cooperative's own clock and says which one: WIB, WITA or WIT."""

from __future__ import annotations

ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_label(timezone: str) -> str:
    """The zone's Indonesian name (WIB, WITA, WIT), or the zone itself outside Indonesia."""
    return ZONE_LABELS.get(timezone, timezone)
