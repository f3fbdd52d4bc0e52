import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.money import allocate, apply_bps, format_idr


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "Rp 0"), (500, "Rp 500"), (12_500, "Rp 12.500"), (1_234_567_890, "Rp 1.234.567.890"), (-1_000, "-Rp 1.000")],
)
def test_format_idr_uses_indonesian_grouping(amount, text):
    assert format_idr(amount) == text


def test_format_idr_refuses_floats():
    with pytest.raises(TypeError):
        format_idr(12.5)


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40).filter(any),
)
def test_allocate_parts_always_sum_to_the_total(total, weights):
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    # each part is within one rupiah of its exact share, and zero weights get nothing
    for part, weight in zip(parts, weights, strict=True):
        exact = total * weight / sum(weights)
        assert abs(part - exact) < 1 + 1e-6 * abs(total)
        if weight == 0:
            assert part == 0


def test_allocate_gives_leftover_rupiah_to_largest_remainders():
    # 100 over 3 equal weights: 34, 33, 33 (the first of equal remainders gets the rupiah)
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    # 7,097,245 over the SMPN 20 fund shares loses no rupiah (the reference's own rounding lost 1)
    shares = allocate(7_097_245, [2500, 4500, 1500, 500, 250, 250, 500])
    assert sum(shares) == 7_097_245


def test_allocate_refuses_negative_or_all_zero_weights():
    with pytest.raises(ValueError):
        allocate(10, [1, -1])
    with pytest.raises(ValueError):
        allocate(10, [0, 0])
    assert allocate(0, [0, 0]) == [0, 0]


def test_apply_bps_rounds_half_up():
    assert apply_bps(10_000, 3000) == 3000
    assert apply_bps(5, 5000) == 3  # 2.5 → 3
    assert apply_bps(4, 2500) == 1
    assert apply_bps(3, 1000) == 0  # 0.3 → 0
