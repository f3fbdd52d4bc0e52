"""The business rules of orders: the package's public surface (web imports this).

Carts (carts.py), quotes and the delivery address (quotes.py), checkout and placing
(checkout.py), paying from the wallet (wallet.py), payment outcomes (payments.py), every movement of
an order's money (money.py), the sub-order life cycle (fulfilment.py), money on
completion and refunds (books.py), B2B receipt (receipt.py), the inventory report
(inventory.py), delivery rates (rates.py), what
buyers and staff read (queries.py).
"""

from orders.schemas import SubOrderState
from orders.service.carts import add_to_cart, get_cart, merge_visitor_cart, remove_from_cart, set_cart_quantity
from orders.service.checkout import place_order
from orders.service.fulfilment import (
    auto_complete,
    cancel_order,
    cancel_suborder,
    complete_suborder,
    confirm_delivery,
    mark_delivered,
    pack_suborder,
    ship_suborder,
)
from orders.service.inventory import in_transit_value, inventory_report
from orders.service.payments import payment_expired, payment_lapsed, payment_succeeded
from orders.service.queries import get_order, get_suborder, list_orders, list_suborders, suborder_counts
from orders.service.quotes import parse_address, quote_checkout
from orders.service.rates import get_delivery_rates, set_delivery_rates
from orders.service.receipt import receive_suborder
from orders.service.wallet import preview as wallet_preview

__all__ = [name for name in dir() if not name.startswith("_")]
