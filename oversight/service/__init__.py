"""Oversight's rules: the operator's view of the network and each cooperative's health."""

from oversight.service.bands import BAND_NAMES, BAND_ORDER, band_of_score, ratio_bps
from oversight.service.health import health
from oversight.service.network import network, scope_of
from oversight.service.overview import health_overview

__all__ = [name for name in dir() if not name.startswith("_")]
