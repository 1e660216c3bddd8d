"""Guide-table Poisson sampler (munu.stats._poisson): exact inversion, tails, fallback."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from munu.stats._poisson import MAX_TABLE_ENTRIES, PoissonTable, draw_poisson


def _uniforms(seed: int, shape: tuple[int, int]) -> np.ndarray:
    return np.random.default_rng(seed).random(shape)


@pytest.mark.parametrize(
    "means",
    [
        [0.0, 1e-6, 0.3, 2.5, 20.5, 10.0],
        [150.0, 4.0e3, 1.0e5],
    ],
)
def test_draws_are_the_exact_inverse_cdf(means: list[float]) -> None:
    """Each variate is the smallest k with F(k) ≥ u for the generator's own uniform u.

    Reference: the Poisson quantile function of scipy (``stats.poisson.ppf``) applied to the
    same uniforms (same seed), so the sampler is checked variate by variate, not only in
    distribution (inversion: Devroye 1986 §III.2.4). Tolerance: exact equality.
    """
    lam = np.array(means)
    table = PoissonTable.build(lam)
    assert table is not None
    x = table.draw(np.random.default_rng(11), 3000)
    u = _uniforms(11, (3000, lam.size))
    expected = stats.poisson.ppf(u, lam[None, :])
    np.testing.assert_array_equal(x, expected)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(0.0, 2.0e4, allow_subnormal=False), min_size=1, max_size=8),
    st.integers(0, 2**32 - 1),
)
def test_inverse_cdf_property(means: list[float], seed: int) -> None:
    """Property: for any means and seed, draws equal scipy's Poisson quantiles of the uniforms."""
    lam = np.array(means)
    table = PoissonTable.build(lam)
    assert table is not None
    x = table.draw(np.random.default_rng(seed), 200)
    u = _uniforms(seed, (200, lam.size))
    np.testing.assert_array_equal(x, stats.poisson.ppf(u, lam[None, :]))
    assert x.dtype == np.float64
    assert np.all(x >= 0.0)


def test_moments_and_zero_mean() -> None:
    """Sample mean and variance agree with λ within 5 standard errors (4×10⁵ toys)."""
    lam = np.array([0.0, 0.7, 12.0, 300.0])
    x = PoissonTable.build(lam).draw(np.random.default_rng(5), 400_000)  # type: ignore[union-attr]
    assert np.all(x[:, 0] == 0.0)
    se = np.sqrt(lam[1:] / x.shape[0])
    assert np.all(np.abs(x[:, 1:].mean(axis=0) - lam[1:]) < 5 * se)
    # variance of the sample variance ≈ (λ + 2λ²)/N for a Poisson law
    se_var = np.sqrt((lam[1:] + 2 * lam[1:] ** 2) / x.shape[0])
    assert np.all(np.abs(x[:, 1:].var(axis=0) - lam[1:]) < 5 * se_var)


def test_too_large_falls_back_to_numpy() -> None:
    """Means so large that the table would exceed MAX_TABLE_ENTRIES give no table, and
    draw_poisson then uses Generator.poisson with the same generator (identical numbers)."""
    lam = np.full(40, 1.0e8)
    assert lam.size * 28 * 1e4 > MAX_TABLE_ENTRIES
    assert PoissonTable.build(lam) is None
    a = draw_poisson(lam, np.random.default_rng(3), 4, None)
    b = np.random.default_rng(3).poisson(lam, size=(4, 40)).astype(float)
    np.testing.assert_array_equal(a, b)


def test_same_seed_same_draws() -> None:
    table = PoissonTable.build(np.array([3.0, 30.0]))
    assert table is not None
    a = table.draw(np.random.default_rng(9), 100)
    b = table.draw(np.random.default_rng(9), 100)
    np.testing.assert_array_equal(a, b)
