"""The demo network's business written through the real flows (``market demo``). Wiring, like
``market.app``: it may import every domain package, and none of them imports it."""
