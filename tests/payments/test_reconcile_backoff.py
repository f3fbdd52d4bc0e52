"""Reconciliation asks with a backoff and stops at expiry (payments.service.reconcile.due_again):
a long tail of unpaid invoices is asked at ages t, 2t, 4t… and, once expired, once more only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from payments.models import Payment
from payments.service.reconcile import BACKOFF_CAP_S, due_again

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
BASE = 900  # PAYMENT_RECONCILE_AFTER_S


def _payment(*, asked_at: datetime | None, expires_in=timedelta(days=1)) -> Payment:
    return Payment(created_at=T0, updated_at=asked_at or T0, expires_at=T0 + expires_in)


def test_the_wait_between_asks_grows_with_the_payments_age_up_to_a_cap():
    first = _payment(asked_at=None)
    assert due_again(first, T0 + timedelta(seconds=BASE), base_s=BASE)
    asked_at_2h = _payment(asked_at=T0 + timedelta(hours=2))
    assert not due_again(asked_at_2h, T0 + timedelta(hours=3), base_s=BASE)  # waits as long as it was open
    assert due_again(asked_at_2h, T0 + timedelta(hours=4), base_s=BASE)
    old = _payment(asked_at=T0 + timedelta(hours=20), expires_in=timedelta(days=3))
    assert not due_again(old, T0 + timedelta(hours=20, seconds=BACKOFF_CAP_S - 1), base_s=BASE)
    assert due_again(old, T0 + timedelta(hours=20, seconds=BACKOFF_CAP_S), base_s=BASE)


def test_an_expired_invoice_is_asked_once_more_and_then_never():
    never_since = _payment(asked_at=T0 + timedelta(hours=23), expires_in=timedelta(days=1))
    assert due_again(never_since, T0 + timedelta(days=1, seconds=1), base_s=BASE)
    asked_after = _payment(asked_at=T0 + timedelta(days=1, minutes=1), expires_in=timedelta(days=1))
    assert not due_again(asked_after, T0 + timedelta(days=30), base_s=BASE)
