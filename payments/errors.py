"""Errors of payments, each with a stable code. Gateway errors keep the provider's own code."""

from __future__ import annotations

from market.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound, Unauthorized


class PaymentNotFound(NotFound):
    code = "payments.not_found"
    title = "Pembayaran tidak ditemukan"


class WalletNotFound(NotFound):
    code = "payments.wallet_not_found"
    title = "Dompet tidak ditemukan"


class InvalidAmount(InvalidInput):
    code = "payments.invalid_amount"
    title = "Jumlah tidak valid"


class CallbackUnverified(Unauthorized):
    code = "payments.callback_unverified"
    title = "Callback tidak terverifikasi"


class CallbackInvalid(DomainError):
    code = "payments.callback_invalid"
    status = 400
    title = "Callback tidak valid"


class UnknownPayment(NotFound):
    code = "payments.unknown_payment"
    title = "Pembayaran tidak dikenal"


class RefundRefused(Conflict):
    code = "payments.refund_refused"
    title = "Refund ditolak"


class PayoutRefused(Conflict):
    code = "payments.payout_refused"
    title = "Pencairan ditolak"


class IdempotencyMismatch(Conflict):
    code = "payments.idempotency_mismatch"
    title = "Kunci idempotensi sudah dipakai untuk permintaan lain"


# The transaction PIN. ----------------------------------------------------------------------


class PinInvalid(InvalidInput):
    code = "payments.pin_invalid"
    title = "PIN harus 6 angka"


class PinCurrentRequired(InvalidInput):
    code = "payments.pin_current_required"
    title = "PIN lama diperlukan"


class PinNotSet(Conflict):
    code = "payments.pin_not_set"
    title = "PIN transaksi belum dibuat"


class PinWrong(Forbidden):
    """A wrong PIN; ``attempts_left`` says how many more wrong tries lock it."""

    code = "payments.pin_wrong"
    title = "PIN salah"

    def __init__(self, detail: str, *, attempts_left: int, field: str | None = "pin") -> None:
        super().__init__(detail, field=field, attempts_left=attempts_left)
        self.attempts_left = attempts_left


class PinLocked(DomainError):
    """Too many wrong PINs: locked for ``retry_after_s`` seconds (the Retry-After header)."""

    code = "payments.pin_locked"
    status = 429
    title = "PIN terkunci sementara"

    def __init__(self, detail: str, *, retry_after_s: int, field: str | None = "pin") -> None:
        super().__init__(detail, field=field, retry_after_s=retry_after_s)
        self.retry_after_s = retry_after_s


# Transfers and cash-outs. ---------------------------------------------------------------------


class LimitReached(Conflict):
    """Today's transfers (or cash-outs) would pass the daily limit; ``remaining`` is what is left."""

    code = "payments.limit_reached"
    title = "Batas harian tercapai"


class RecipientNotFound(NotFound):
    code = "payments.recipient_not_found"
    title = "Penerima tidak ditemukan"


class RecipientAmbiguous(Conflict):
    code = "payments.recipient_ambiguous"
    title = "Nomor HP dipakai lebih dari satu anggota"


class SelfTransfer(InvalidInput):
    code = "payments.self_transfer"
    title = "Tidak dapat mentransfer ke dompet sendiri"


class AccountNotFound(InvalidInput):
    code = "payments.account_not_found"
    title = "Rekening tujuan tidak ditemukan"


class AccountNameMismatch(InvalidInput):
    code = "payments.account_name_mismatch"
    title = "Nama pemilik rekening tidak cocok"


class WithdrawalRefused(Conflict):
    code = "payments.withdrawal_refused"
    title = "Penarikan ditolak"


# The gateway's errors: what Xendit said, in our terms, with its ``error_code`` kept. -----------


class GatewayError(DomainError):
    code = "payments.gateway_error"
    status = 502
    title = "Penyedia pembayaran menolak permintaan"

    def __init__(self, detail: str, *, provider_code: str = "", http_status: int = 0, **extra) -> None:
        super().__init__(detail, provider_code=provider_code, **extra)
        self.provider_code = provider_code
        self.http_status = http_status


class GatewayBadRequest(GatewayError):
    code = "payments.gateway_bad_request"
    status = 422
    title = "Penyedia pembayaran menolak data permintaan"


class GatewayUnauthorized(GatewayError):
    code = "payments.gateway_unauthorized"
    status = 502
    title = "Kunci API penyedia pembayaran ditolak"


class GatewayForbidden(GatewayError):
    code = "payments.gateway_forbidden"
    status = 422
    title = "Penyedia pembayaran tidak mengizinkan permintaan ini"


class GatewayNotFound(GatewayError):
    code = "payments.gateway_not_found"
    status = 404
    title = "Tidak ditemukan di penyedia pembayaran"


class GatewayDuplicate(GatewayError):
    code = "payments.gateway_duplicate"
    status = 409
    title = "Permintaan ganda di penyedia pembayaran"


class GatewayUnavailable(GatewayError):
    code = "payments.gateway_unavailable"
    status = 503
    title = "Penyedia pembayaran sedang tidak tersedia"


# What an operation that calls the gateway may answer when the provider refuses or is away.
GATEWAY_ERRORS = (
    GatewayBadRequest,
    GatewayForbidden,
    GatewayNotFound,
    GatewayDuplicate,
    GatewayUnauthorized,
    GatewayUnavailable,
)
