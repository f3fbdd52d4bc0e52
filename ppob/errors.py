"""PPOB errors with stable codes (``ppob.*``), rendered as problem bodies by the HTTP edge."""

from __future__ import annotations

from market.errors import Conflict, DomainError, Forbidden, InsufficientBalance, InvalidInput, NotFound, Unauthorized


class PpobError(DomainError):
    code = "ppob.error"


class InvalidCustomerNumber(InvalidInput):
    code = "ppob.invalid_customer_number"
    title = "Nomor pelanggan tidak valid"


class ProductUnavailable(Conflict):
    code = "ppob.product_unavailable"
    title = "Produk tidak tersedia"


class PriceChanged(Conflict):
    code = "ppob.price_changed"
    title = "Harga berubah"


class WalletShort(InsufficientBalance):
    code = "ppob.wallet_insufficient"
    title = "Saldo dompet tidak cukup"


class WalletNotOwner(Forbidden):
    """A wallet is spent only by its owner: staff sell for cash, or by an invoice the customer pays."""

    code = "ppob.wallet_not_owner"
    title = "Dompet hanya dapat dipakai pemiliknya"


class CashAtCounterOnly(Forbidden):
    """Cash is taken by the cooperative's staff at the counter, never booked by a member."""

    code = "ppob.cash_counter_only"
    title = "Pembayaran tunai hanya di loket"


class TransactionNotFound(NotFound):
    code = "ppob.transaction_not_found"


class InquiryExpired(Conflict):
    code = "ppob.inquiry_expired"
    title = "Cek tagihan sudah kedaluwarsa"


class IdempotencyConflict(Conflict):
    code = "ppob.idempotency_conflict"
    title = "Kunci idempoten sudah dipakai untuk transaksi lain"


class CallbackUnverified(Unauthorized):
    code = "ppob.callback_unverified"
    title = "Tanda tangan callback tidak valid"


class BillerUnavailable(PpobError):
    """We do not know what the biller did (network error, timeout, 5xx): keep things pending."""

    code = "ppob.biller_unavailable"
    status = 503
    title = "Biller tidak dapat dihubungi"


class BillerRejected(PpobError):
    """The biller answered with a final refusal (inquiry failed, PLN number unknown...)."""

    code = "ppob.biller_rejected"
    status = 422
    title = "Ditolak oleh biller"

    def __init__(self, detail: str, *, rc: str = "", field: str | None = None) -> None:
        super().__init__(detail, field=field, rc=rc)
        self.rc = rc
