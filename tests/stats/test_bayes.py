"""Bayesian limits: exact Poisson cases and ON/OFF marginalisation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate
from scipy.optimize import brentq

from munu.errors import InputError
from munu.stats import CountingModel, OnOffModel, bayesian_upper_limit


def test_zero_background_zero_events() -> None:
    """n = 0, b = 0, flat prior: κ_up = −ln(0.1) = 2.3026."""
    res = bayesian_upper_limit(CountingModel(0.0, 1.0), [0])
    assert res.limit == pytest.approx(-np.log(0.1), abs=2e-3)


def test_counting_with_background_exact() -> None:
    """n = 1, b = 2.3 (DONUT-like): flat-prior limit from the closed-form posterior."""

    def density(x: float) -> float:
        return (2.3 + x) * np.exp(-x)

    norm = integrate.quad(density, 0, np.inf)[0]
    exact = brentq(lambda k: integrate.quad(density, 0, k)[0] / norm - 0.9, 0.1, 20)
    res = bayesian_upper_limit(CountingModel(2.3, 1.0), [1])
    assert res.limit == pytest.approx(exact, abs=2e-3)


def test_onoff_analytic_vs_numeric() -> None:
    """Analytic flat-prior background marginal vs numerical integration, one bin."""
    m = OnOffModel(np.array([1.0]), np.array([0.2]), 2.0, 1.0)
    res = bayesian_upper_limit(m, [7, 3])

    def marg(k: float) -> float:
        def integrand(b: float) -> float:
            lam_on = 2 * (b + 0.2 + k)
            return np.exp(-lam_on) * lam_on**7 * np.exp(-b) * b**3

        return integrate.quad(integrand, 0, 80)[0]

    ks = np.linspace(0, 30, 3001)
    w = np.array([marg(k) for k in ks])
    cdf = integrate.cumulative_trapezoid(w, ks, initial=0)
    exact = np.interp(0.9, cdf / cdf[-1], ks)
    assert res.limit == pytest.approx(exact, rel=2e-3)


def test_bad_prior() -> None:
    with pytest.raises(InputError, match="prior"):
        bayesian_upper_limit(CountingModel(0.0, 1.0), [0], prior="log")
