"""Typed errors of loans (``loans.*`` codes), rendered as problem bodies."""

from __future__ import annotations

from market.errors import Conflict, Forbidden, InvalidInput, NotFound


class LoanNotFound(NotFound):
    code = "loans.not_found"
    title = "Pinjaman tidak ditemukan"


class ProductNotFound(NotFound):
    code = "loans.product_not_found"
    title = "Produk pinjaman tidak ditemukan"


class InvalidLoan(InvalidInput):
    code = "loans.invalid"
    title = "Data pinjaman tidak valid"


class CeilingExceeded(InvalidInput):
    """Above the product's ceiling, absolute or as a multiple of the member's savings."""

    code = "loans.ceiling_exceeded"
    title = "Melebihi plafon pinjaman"


class SelfApproval(Forbidden):
    code = "loans.self_approval"
    title = "Tidak boleh menyetujui pinjaman sendiri"


class WrongState(Conflict):
    code = "loans.wrong_state"
    title = "Status pinjaman tidak sesuai"


class AlreadyPaid(Conflict):
    code = "loans.already_paid"
    title = "Angsuran sudah dibayar"


class CreditLineNotFound(NotFound):
    code = "loans.credit_line_not_found"
    title = "Fasilitas kredit bank tidak ditemukan"
