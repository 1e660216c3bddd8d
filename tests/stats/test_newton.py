"""Bounded Newton minimisers of convex profiles (munu.stats._newton)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.errors import ConvergenceError
from munu.stats._newton import KAPPA_TOL, minimise_kappa, minimise_kappa_from


class _Quadratic:
    """p(κ) = ½ a (κ − m)²: the bounded minimum is max(m, 0); counts evaluations."""

    def __init__(self, a: np.ndarray, m: np.ndarray) -> None:
        self.a, self.m = a, m
        self.rows = np.arange(a.size)
        self.calls = 0
        self.evaluated: list[np.ndarray] = []

    def derivs(self, kappa: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.calls += 1
        self.evaluated.append(kappa.copy())
        a, m = self.a[self.rows], self.m[self.rows]
        return a * (kappa - m), a.copy()

    def finish(self, done: np.ndarray) -> None:
        self.rows = self.rows[~done]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=20),
    st.floats(0.1, 10.0),
    st.floats(-3.0, 3.0),
)
def test_quadratic_bounded_minimum(mins: list[float], curvature: float, offset: float) -> None:
    """Property: κ̂ = max(m, 0) for quadratic profiles, from any start (exact to KAPPA_TOL)."""
    m = np.array(mins)
    ev = _Quadratic(np.full(m.size, curvature), m)
    k = minimise_kappa_from(ev, m + offset)
    np.testing.assert_allclose(k, np.maximum(m, 0.0), rtol=0, atol=KAPPA_TOL * (1 + 5.0))
    assert np.all(k >= 0.0)
    # clearly below the bound: 0 is returned exactly, not approached (a minimum within the
    # tolerance of 0 may be returned as a tiny positive κ)
    assert np.all(k[m < -KAPPA_TOL] == 0.0)


def test_zero_is_evaluated_only_when_needed() -> None:
    """Rows whose minimum is far above 0 never evaluate κ = 0; rows at the bound do."""
    m = np.array([4.0, -1.0])
    ev = _Quadratic(np.ones(2), m)
    minimise_kappa_from(ev, np.array([3.0, 1.0]))
    first_row = [e[0] for e in ev.evaluated]
    assert 0.0 not in first_row
    assert ev.calls <= 4


def test_newton_decrement_stops_earlier_within_nll_tol() -> None:
    """With nll_tol the profile at the returned κ exceeds its minimum by at most nll_tol."""
    rng = np.random.default_rng(0)
    m = rng.uniform(0.5, 3.0, 50)
    a = rng.uniform(0.5, 5.0, 50)

    class Quartic(_Quadratic):  # p = ½ a (κ − m)² + (κ − m)⁴: Newton is not exact in one step
        def derivs(self, kappa: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            self.calls += 1
            aa, mm = self.a[self.rows], self.m[self.rows]
            x = kappa - mm
            return aa * x + 4 * x**3, aa + 12 * x**2

    strict = Quartic(a, m)
    k_strict = minimise_kappa_from(strict, m + 1.0)
    loose = Quartic(a, m)
    k_loose = minimise_kappa_from(loose, m + 1.0, nll_tol=1e-10)
    x = k_loose - m
    excess = 0.5 * a * x**2 + x**4
    assert np.all(excess <= 2e-10)
    assert loose.calls <= strict.calls
    np.testing.assert_allclose(k_strict, m, atol=1e-6)


def test_agrees_with_minimise_kappa() -> None:
    """The lazy-zero minimiser and the classic one find the same κ̂ (to KAPPA_TOL)."""
    m = np.array([-2.0, 0.0, 0.3, 7.0])
    a = np.array([1.0, 2.0, 0.5, 3.0])
    classic = minimise_kappa(lambda k, rows: (a[rows] * (k - m[rows]), a[rows]), 4)
    lazy = minimise_kappa_from(_Quadratic(a, m), np.zeros(4))
    np.testing.assert_allclose(lazy, classic, atol=1e-6)


def test_unbounded_profile_raises() -> None:
    """A profile that decreases forever in κ is reported, never returned as a fit."""

    class Falling(_Quadratic):
        def derivs(self, kappa: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return np.full(kappa.shape, -1.0), np.zeros(kappa.shape)

    with pytest.raises(ConvergenceError):
        minimise_kappa_from(Falling(np.ones(3), np.ones(3)), np.ones(3))
