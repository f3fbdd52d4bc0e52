"""Carts, checkout, reservations, orders and fulfilment. May import market, catalog, payments."""
