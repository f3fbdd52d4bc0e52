"""Catalog errors, each with a stable code (rendered as problem+json by market.http)."""

from __future__ import annotations

from market.errors import Conflict, DomainError, InvalidInput, NotFound


class ProductNotFound(NotFound):
    code = "catalog.not_found"
    title = "Produk tidak ditemukan"


class InvalidProduct(InvalidInput):
    code = "catalog.invalid_product"
    title = "Data produk tidak valid"


class OutOfStock(Conflict):
    code = "catalog.out_of_stock"
    title = "Stok tidak cukup"


class NotBuyable(Conflict):
    code = "catalog.not_buyable"
    title = "Produk tidak dapat dibeli"


class ReservationNotFound(NotFound):
    code = "catalog.reservation_not_found"
    title = "Reservasi stok tidak ditemukan"


class InvalidPhoto(InvalidInput):
    code = "catalog.invalid_photo"
    title = "Foto tidak valid"


class InvalidImport(InvalidInput):
    code = "catalog.invalid_import"
    title = "Berkas impor tidak valid"


class SearchUnavailable(DomainError):
    code = "catalog.search_unavailable"
    status = 503
    title = "Pencarian sedang tidak tersedia"
