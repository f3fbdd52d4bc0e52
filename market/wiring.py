"""Build the process's runtime from its settings: the composition root of the adapters.

Like the app factory and the CLI it may import every package (pyproject.toml's import-linter
contracts let it): each package builds its own adapter from the settings in its ``wiring``
module (``payments.wiring``, ``ppob.wiring``) or its search package, and this puts them together.
"""

from __future__ import annotations

from market.runtime import Runtime
from market.settings import Settings


def build(settings: Settings) -> Runtime:
    """The gateway, the biller and the search engine *settings* ask for, with the rule numbers."""
    from catalog import search
    from payments import wiring as payments_wiring
    from ppob import wiring as ppob_wiring

    return Runtime.of(
        settings,
        gateway=payments_wiring.gateway_from(settings),
        callback_token=payments_wiring.callback_token(settings),
        biller=ppob_wiring.biller_from(settings),
        search=search.engine_from(settings),
    )
