"""Hand-computed schedules, to the rupiah: the parts add up to the principal and the jasa exactly,
the rounding residue sits in the last instalment."""

from __future__ import annotations

from datetime import date

import pytest

from loans.schedule import add_months, compute, prorated


def _rows(lines):
    return [(x.seq, x.due_on, x.principal, x.jasa) for x in lines]


def test_flat_schedule_where_the_rounding_matters():
    # 1,234,567 over 7 months at 1.5 % a month, flat.
    # principal: 1,234,567 // 7 = 176,366 (× 6 = 1,058,196); last 1,234,567 − 1,058,196 = 176,371
    # jasa: 1,234,567 × 150 × 7 / 10,000 = 129,629.535 → 129,630; 129,630 // 7 = 18,518; last 129,630 − 111,108 = 18,522
    lines = compute(1_234_567, 7, 150, "flat", date(2026, 1, 31))
    assert [x.principal for x in lines] == [176_366] * 6 + [176_371]
    assert [x.jasa for x in lines] == [18_518] * 6 + [18_522]
    assert sum(x.principal for x in lines) == 1_234_567
    assert sum(x.jasa for x in lines) == 129_630
    # due on the same day of the month, the month's last day when shorter
    assert [x.due_on for x in lines] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
    ]


def test_flat_schedule_that_divides_evenly():
    lines = compute(1_000_000, 3, 150, "flat", date(2026, 3, 10))
    assert _rows(lines) == [
        (1, date(2026, 4, 10), 333_333, 15_000),
        (2, date(2026, 5, 10), 333_333, 15_000),
        (3, date(2026, 6, 10), 333_334, 15_000),
    ]


def test_declining_schedule_jasa_on_the_remaining_principal():
    # 1,000,000 over 4 months at 2 % a month: principal 250,000 each; jasa 2 % of 1,000,000 / 750,000 / 500,000 / 250,000
    lines = compute(1_000_000, 4, 200, "declining", date(2026, 1, 15))
    assert [(x.principal, x.jasa) for x in lines] == [
        (250_000, 20_000),
        (250_000, 15_000),
        (250_000, 10_000),
        (250_000, 5_000),
    ]


def test_declining_schedule_with_rounding():
    # 1,000,034 over 3 at 1.5 %: principal 333,344, 333,344, last 333,346;
    # jasa 1,000,034 × 1.5 % = 15,000.51 → 15,001; 666,690 → 10,000.35 → 10,000; 333,346 → 5,000.19 → 5,000
    lines = compute(1_000_034, 3, 150, "declining", date(2026, 1, 15))
    assert [(x.principal, x.jasa) for x in lines] == [(333_344, 15_001), (333_344, 10_000), (333_346, 5_000)]
    assert sum(x.principal for x in lines) == 1_000_034


def test_bad_terms_are_refused_and_helpers_are_exact():
    with pytest.raises(ValueError):
        compute(0, 3, 150, "flat", date(2026, 1, 1))
    with pytest.raises(ValueError):
        compute(1000, 3, 150, "anuitas", date(2026, 1, 1))
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert prorated(15_000, 15, 30) == 7_500
    assert prorated(10_001, 1, 2) == 5_001  # half up
    assert prorated(15_000, 40, 30) == 15_000  # never above the month's jasa
