"""Orders errors, each with a stable code (rendered as problem+json by market.http)."""

from __future__ import annotations

from market.errors import Conflict, InvalidInput, NotFound


class OrderNotFound(NotFound):
    code = "orders.not_found"
    title = "Pesanan tidak ditemukan"


class InvalidOrder(InvalidInput):
    code = "orders.invalid"
    title = "Data pesanan tidak valid"


class InvalidAddress(InvalidInput):
    code = "orders.invalid_address"
    title = "Alamat pengiriman tidak valid"


class CartProblem(Conflict):
    code = "orders.cart_problem"
    title = "Keranjang belum dapat dipesan"


class IllegalTransition(Conflict):
    code = "orders.illegal_transition"
    title = "Perubahan status tidak diizinkan"


class PaymentConfirming(Conflict):
    """The gateway has said the order is paid; its sub-orders follow in a moment."""

    code = "orders.payment_confirming"
    title = "Pembayaran sedang dikonfirmasi"
