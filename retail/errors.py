"""Typed errors of the shop (``retail.*`` codes), rendered as problem bodies."""

from __future__ import annotations

from market.errors import Conflict, InvalidInput, NotFound


class SaleNotFound(NotFound):
    code = "retail.sale_not_found"
    title = "Struk tidak ditemukan"


class ProblemNotFound(NotFound):
    code = "retail.problem_not_found"
    title = "Masalah POS tidak ditemukan"


class InvalidSale(InvalidInput):
    code = "retail.invalid_sale"
    title = "Penjualan tidak valid"


class UnknownItem(InvalidInput):
    """A line names a SKU or product the cooperative does not sell (or no longer sells)."""

    code = "retail.unknown_item"
    title = "Barang tidak dikenal"


class StockShort(Conflict):
    """A line would take stock below zero: the whole sale is refused, the line named."""

    code = "retail.stock_short"
    title = "Stok tidak cukup"


class ShiftNeeded(Conflict):
    code = "retail.shift_needed"
    title = "Shift kasir belum dibuka"


class ShiftAlreadyOpen(Conflict):
    code = "retail.shift_open"
    title = "Shift kasir masih terbuka"


class ShiftNotFound(NotFound):
    code = "retail.shift_not_found"
    title = "Shift tidak ditemukan"


class ReasonNeeded(InvalidInput):
    code = "retail.reason_needed"
    title = "Alasan wajib diisi"


class ReturnTooLarge(Conflict):
    code = "retail.return_too_large"
    title = "Retur melebihi yang dibeli"


class MemberNeeded(InvalidInput):
    """Paying from a wallet needs the member (found by number or phone) with a login and PIN."""

    code = "retail.member_needed"
    title = "Anggota diperlukan"
