"""Tests of munu.scaling: the review's Eq. 5 sensitivity scaling and counting sensitivity."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.errors import InputError, UnknownNameError
from munu.scaling import mu_sensitivity_counting, mu_sensitivity_scaling

#: no absolute tolerance: μ values are ~1e-10.
approx = functools.partial(pytest.approx, rel=1e-9, abs=0.0)
ratio = st.floats(1e-3, 1e3)


def test_identity():
    assert mu_sensitivity_scaling(7.4e-11) == approx(7.4e-11)


@settings(max_examples=50, deadline=None)
@given(ratio, ratio, ratio, ratio)
def test_eq5_exponents(r, b, m, t):
    """μ ∝ [B/(M t)]^{1/4} / √R (review Eq. 5)."""
    got = mu_sensitivity_scaling(
        1e-10, rate_ratio=r, background_ratio=b, mass_ratio=m, time_ratio=t
    )
    assert got == approx(1e-10 * (b / (m * t)) ** 0.25 / math.sqrt(r))
    # the same improvement from mass or time; background enters inversely to exposure
    assert mu_sensitivity_scaling(1e-10, mass_ratio=m) == approx(
        mu_sensitivity_scaling(1e-10, time_ratio=m)
    )
    assert mu_sensitivity_scaling(1e-10, background_ratio=b, mass_ratio=b) == approx(1e-10)


def test_worked_numbers():
    # 16× exposure → 2× better; 100× lower background → √10 better
    assert mu_sensitivity_scaling(1e-10, mass_ratio=4, time_ratio=4) == approx(5e-11)
    assert mu_sensitivity_scaling(1e-10, background_ratio=0.01) == approx(1e-10 / math.sqrt(10))
    assert mu_sensitivity_scaling(1e-10, rate_ratio=100) == approx(1e-11)


@settings(max_examples=30, deadline=None)
@given(ratio, ratio, ratio, ratio)
def test_background_free(r, b, m, t):
    got = mu_sensitivity_scaling(
        1e-10,
        rate_ratio=r,
        background_ratio=b,
        mass_ratio=m,
        time_ratio=t,
        regime="background_free",
    )
    assert got == approx(1e-10 / math.sqrt(r * m * t))


def test_scaling_broadcasts():
    out = mu_sensitivity_scaling(1e-10, time_ratio=np.array([1.0, 16.0]))
    np.testing.assert_allclose(out, [1e-10, 5e-11], rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rate_ratio": 0.0}, "rate_ratio"),
        ({"background_ratio": -1.0}, "background_ratio"),
        ({"mass_ratio": float("nan")}, "mass_ratio"),
        ({"time_ratio": float("inf")}, "time_ratio"),
        ({"rate_ratio": [1.0, 2.0], "time_ratio": [1.0, 2.0, 3.0]}, "rate_ratio"),
    ],
)
def test_scaling_bad_input(kwargs, field):
    with pytest.raises(InputError) as err:
        mu_sensitivity_scaling(1e-10, **kwargs)
    assert err.value.field == field


def test_scaling_bad_regime_and_reference():
    with pytest.raises(UnknownNameError) as err:
        mu_sensitivity_scaling(1e-10, regime="optimistic")
    assert err.value.field == "regime"
    with pytest.raises(InputError) as err2:
        mu_sensitivity_scaling(-1e-10)
    assert err2.value.field == "reference_mu"


# -- counting --------------------------------------------------------------------------------
def test_counting_background_free():
    """b = 0: s_up = −ln(1 − CL) = 2.303 events at 90 % CL."""
    s_up = -math.log(0.1)
    assert mu_sensitivity_counting(s_up, 0.0) == approx(1e-10)
    assert mu_sensitivity_counting(4 * s_up, 0.0) == approx(5e-11)
    assert mu_sensitivity_counting(-math.log(0.05), 0.0, cl=0.95) == approx(1e-10)


def test_counting_background_dominated_limit():
    """b ≫ 1: s_up → 1.2816 √b, so μ ∝ b^{1/4} (review Eq. 5)."""
    b = np.array([1e6, 1.6e7])
    mu = mu_sensitivity_counting(1.0, b)
    s_up = (mu / 1e-10) ** 2
    np.testing.assert_allclose(s_up / np.sqrt(b), 1.2816, rtol=2e-3)
    assert mu[1] / mu[0] == pytest.approx(2.0, rel=1e-3)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 1e4), st.floats(0.0, 1e5))
def test_counting_monotonic(s_ref, b):
    mu = mu_sensitivity_counting(s_ref, b)
    assert mu > 0
    assert mu_sensitivity_counting(s_ref, b * 2 + 1) > mu  # more background: worse
    assert mu_sensitivity_counting(s_ref * 2, b) < mu  # more signal: better
    assert mu_sensitivity_counting(s_ref, b, reference_mu=2e-10) == approx(2 * mu)


def test_counting_poisson_definition():
    """P(N ≤ b | s_up + b) = 1 − CL for integer b (classical Poisson upper limit)."""
    for b in (0, 1, 3, 10):
        s_up = (mu_sensitivity_counting(1.0, float(b)) / 1e-10) ** 2
        lam = s_up + b
        cdf = sum(math.exp(-lam) * lam**n / math.factorial(n) for n in range(b + 1))
        assert cdf == pytest.approx(0.1, rel=1e-8)


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((0.0, 1.0), {}, "signal_counts_at_reference"),
        ((1.0, -1.0), {}, "background_counts"),
        ((1.0, 1.0), {"cl": 1.0}, "cl"),
        ((1.0, 1.0), {"reference_mu": 0.0}, "reference_mu"),
        (([1.0, 2.0], [1.0, 2.0, 3.0]), {}, "background_counts"),
    ],
)
def test_counting_bad_input(args, kwargs, field):
    with pytest.raises(InputError) as err:
        mu_sensitivity_counting(*args, **kwargs)
    assert err.value.field == field
