"""Typed domain errors. Each has a stable ``code``; the web edge turns them into RFC 9457 bodies."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "market.domain_error"
    status = 400
    title = "Permintaan tidak dapat diproses"

    def __init__(self, detail: str, *, field: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extra = extra


class NotFound(DomainError):
    code = "market.not_found"
    status = 404
    title = "Tidak ditemukan"


class Forbidden(DomainError):
    code = "market.forbidden"
    status = 403
    title = "Tidak diizinkan"


class ScopeMissing(Forbidden):
    """A cooperative's API token without the scope this route needs (market.scopes)."""

    code = "market.scope_missing"
    title = "Token tidak mencakup tindakan ini"


class Unauthorized(DomainError):
    code = "market.unauthorized"
    status = 401
    title = "Perlu masuk"


class InvalidInput(DomainError):
    code = "market.invalid_input"
    status = 422
    title = "Data tidak valid"


class Conflict(DomainError):
    code = "market.conflict"
    status = 409
    title = "Bertentangan dengan keadaan saat ini"


class IdempotencyKeyReused(DomainError):
    """The same idempotency key sent with another request than the one it first answered."""

    code = "market.idempotency_key_reused"
    status = 422
    title = "Kunci idempotensi sudah dipakai untuk permintaan lain"


class IdempotencyInProgress(Conflict):
    """The first request of this idempotency key is still running; ``retry_after_s`` says when to ask again."""

    code = "market.idempotency_in_progress"
    title = "Permintaan dengan kunci ini masih diproses"


class InsufficientBalance(Conflict):
    code = "market.insufficient_balance"
    title = "Saldo tidak cukup"


class SavingsLocked(Conflict):
    code = "market.savings_locked"
    title = "Simpanan tidak dapat ditarik"


class PeriodLocked(Conflict):
    code = "market.period_locked"
    title = "Periode sudah ditutup"


class UnbalancedEntry(DomainError):
    code = "market.unbalanced_entry"
    status = 500
    title = "Jurnal tidak seimbang"


class TooManyAttempts(DomainError):
    """Throttled: too many failed attempts in the window; ``retry_after_s`` says when to try again."""

    code = "market.too_many_attempts"
    status = 429
    title = "Terlalu banyak percobaan"

    def __init__(self, detail: str, *, retry_after_s: int, field: str | None = None) -> None:
        super().__init__(detail, field=field, retry_after_s=retry_after_s)
        self.retry_after_s = retry_after_s
