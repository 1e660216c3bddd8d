"""Bayesian limits: exact Poisson cases and ON/OFF marginalisation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, special

from munu.errors import InputError
from munu.stats import CountingModel, OnOffModel, bayesian_upper_limit


def test_zero_background_zero_events() -> None:
    """n = 0, b = 0, flat prior: κ_up = −ln(0.1) = 2.3026."""
    res = bayesian_upper_limit(CountingModel(0.0, 1.0), [0])
    assert res.limit == pytest.approx(-np.log(0.1), abs=2e-3)


def test_counting_with_background_exact() -> None:
    """n = 1, b = 2.3 (DONUT-like): flat-prior limit from the closed-form posterior."""
    def cdf(k: float) -> float:
        f = lambda x: (2.3 + x) * np.exp(-x)  # noqa: E731
        return integrate.quad(f, 0, k)[0] / integrate.quad(f, 0, np.inf)[0]

    from scipy.optimize import brentq
    exact = brentq(lambda k: cdf(k) - 0.9, 0.1, 20)
    res = bayesian_upper_limit(CountingModel(2.3, 1.0), [1])
    assert res.limit == pytest.approx(exact, abs=2e-3)
    assert special.gammaincc(1, 0) == 1.0


def test_onoff_analytic_vs_numeric() -> None:
    """Analytic flat-prior background marginal vs numerical integration, one bin."""
    m = OnOffModel(np.array([1.0]), np.array([0.2]), 2.0, 1.0)
    d = [7, 3]
    res = bayesian_upper_limit(m, d)

    def marg(k: float) -> float:
        f = lambda b: (np.exp(-2 * (b + 0.2 + k)) * (2 * (b + 0.2 + k)) ** 7  # noqa: E731
                       * np.exp(-b) * b**3)
        return integrate.quad(f, 0, 80)[0]

    ks = np.linspace(0, 30, 3001)
    w = np.array([marg(k) for k in ks])
    cdf = integrate.cumulative_trapezoid(w, ks, initial=0)
    exact = np.interp(0.9, cdf / cdf[-1], ks)
    assert res.limit == pytest.approx(exact, rel=2e-3)


def test_bad_prior() -> None:
    with pytest.raises(InputError, match="prior"):
        bayesian_upper_limit(CountingModel(0.0, 1.0), [0], prior="log")
