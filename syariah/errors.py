"""Typed errors of the syariah business (``syariah.*`` codes), rendered as problem bodies."""

from __future__ import annotations

from market.errors import Conflict, InvalidInput, NotFound


class NotSyariah(Conflict):
    """A syariah product asked of a conventional cooperative."""

    code = "syariah.not_syariah"
    title = "Hanya untuk koperasi syariah"


class ProductNotFound(NotFound):
    code = "syariah.product_not_found"
    title = "Produk tabungan mudharabah tidak ditemukan"


class InvalidProduct(InvalidInput):
    code = "syariah.invalid_product"
    title = "Data produk tidak valid"


class MonthNotOver(Conflict):
    """Bagi hasil (or a wadiah bonus) for a month that has not ended in the cooperative's time zone."""

    code = "syariah.month_not_over"
    title = "Bulan belum berakhir"


class RunNotFound(NotFound):
    code = "syariah.run_not_found"
    title = "Perhitungan bagi hasil tidak ditemukan"
