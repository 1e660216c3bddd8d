"""profile_likelihood_interval (Wilks / CCGV asymptotics), κ̂ < 0 on request, and the
statistics edges of issue 14 (all-zero data, too few toys)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from munu.errors import InputError
from munu.stats import (
    BinnedModel,
    CountingModel,
    GaussianResidualModel,
    OnOffModel,
    bayesian_upper_limit,
    expected_sensitivity,
    fc_upper_limit,
    profile_likelihood_interval,
    toy_cls_upper_limit,
)


def _binned(scale: float = 1.0) -> BinnedModel:
    e = np.linspace(1.0, 10.0, 12)
    return BinnedModel(
        scale * 6.0 * np.exp(-e / 3.0),
        [np.full(12, 5.0), 0.5 * e],
        background_sigma=[np.inf, 0.2],
    )


def test_gaussian_closed_forms() -> None:
    """For a Gaussian residual t(κ) = ((κ − κ̂)/σ)², so the ends are closed forms: one-sided
    κ̂ + Φ⁻¹(cl)σ (CCGV §3.7), two-sided κ̂ ± √χ²₁(cl) σ (Wilks)."""
    m = GaussianResidualModel([2.0], [1.0], [1.0])
    one = profile_likelihood_interval(m, [2.0], two_sided=False)
    assert one.limit == pytest.approx(2.0 + stats.norm.ppf(0.9), rel=1e-8)
    assert one.lower == 0.0
    two = profile_likelihood_interval(m, [2.0], cl=0.95, two_sided=True)
    half = np.sqrt(stats.chi2.ppf(0.95, 1))
    assert (two.lower, two.limit) == pytest.approx((2.0 - half, 2.0 + half), rel=1e-8)
    # the flip: κ̂ = 2σ excludes 0 at 90 % (t(0) = 4 > 2.706): two-sided
    flip = profile_likelihood_interval(m, [2.0])
    assert flip.lower > 0.0
    assert "two-sided" in flip.method
    # an under-fluctuation: bounded κ̂ = 0 (q̃), unbounded κ̂ = −1 (q_μ)
    low = profile_likelihood_interval(m, [-1.0])
    assert low.best_fit == 0.0
    assert low.limit == pytest.approx(np.sqrt(1.0 + stats.norm.ppf(0.9) ** 2) - 1.0, rel=1e-6)
    neg = profile_likelihood_interval(m, [-1.0], allow_negative=True)
    assert neg.best_fit == pytest.approx(-1.0)
    assert neg.limit == pytest.approx(-1.0 + stats.norm.ppf(0.9), rel=1e-8)


def test_counting_matches_wilks_on_poisson() -> None:
    """n = 10 over b = 3: the two-sided ends solve 2[λ − n + n ln(n/λ)] = 2.706."""
    m = CountingModel(background=3.0, signal_per_kappa=1.0)
    res = profile_likelihood_interval(m, [10], two_sided=True)
    for k in (res.lower, res.limit):
        lam = 3.0 + k
        assert 2.0 * (lam - 10 + 10 * np.log(10 / lam)) == pytest.approx(
            stats.chi2.ppf(0.9, 1), abs=1e-7
        )
    assert res.best_fit == pytest.approx(7.0)


def test_negative_fits_binned_and_onoff() -> None:
    bm = _binned()
    deficit = np.maximum(np.round(bm.asimov(0.0)[:12] - 0.8 * bm.signal_per_kappa), 0.0)
    data = np.concatenate([deficit, [1.0]])  # fewer events where the signal would be
    bounded, signed = bm.fit(data), bm.fit(data, allow_negative=True)
    assert bounded.kappa_hat[0] == 0.0
    assert signed.kappa_hat[0] < 0.0
    assert signed.nll[0] < bounded.nll[0]
    lam = bm.expected(0.0, signed.nuisances[0])[:12] + signed.kappa_hat[0] * bm.signal_per_kappa
    assert np.all(lam > 0.0)  # the physical constraint
    on = OnOffModel(np.array([1.0, 0.5]), np.full(2, 0.2), 1.0, 1.0, background=np.full(2, 3.0))
    fit = on.fit([1, 1, 6, 6], allow_negative=True)
    assert fit.kappa_hat[0] < 0.0
    # the golden-section minimum is a minimum: p is larger on both sides
    d = on.as_data([1, 1, 6, 6])
    k = fit.kappa_hat[0]
    for dk in (-1e-3, 1e-3):
        assert on._profile_signed(np.array([k + dk]), d, fit).nll[0] > fit.nll[0]
    with pytest.raises(InputError, match="allow_negative"):
        CountingModel(1.0, 1.0).fit([0], allow_negative=True)


@given(
    c=st.floats(0.05, 20.0),
    counts=st.lists(st.integers(0, 30), min_size=12, max_size=12).filter(lambda c: sum(c) > 0),
    two_sided=st.sampled_from([None, True, False]),
)
def test_interval_contains_fit_and_scales(c: float, counts: list[int], two_sided) -> None:
    """The interval contains κ̂, and scaling the signal template by c scales every end of the
    κ interval by exactly 1/c (κ s is all the likelihood sees): μ² scaling."""
    data = np.array([*counts, 1.0])
    a = profile_likelihood_interval(_binned(), data, two_sided=two_sided)
    b = profile_likelihood_interval(_binned(c), data, two_sided=two_sided)
    assert a.lower <= a.best_fit <= a.limit
    assert b.limit == pytest.approx(a.limit / c, rel=1e-6)
    assert b.lower == pytest.approx(a.lower / c, rel=1e-6, abs=1e-12)
    assert b.best_fit == pytest.approx(a.best_fit / c, rel=1e-6, abs=1e-9 / c)


def test_too_few_toys_are_refused() -> None:
    m = CountingModel(0.5, 1.0)
    grid = np.linspace(0, 5, 6)
    with pytest.raises(InputError, match="at least 100 toys"):
        fc_upper_limit(m, [0], grid, n_toys=1)
    with pytest.raises(InputError, match="at least 1000 toys"):
        fc_upper_limit(m, [0], grid, n_toys=500, cl=0.99)
    with pytest.raises(InputError, match="n_toys"):
        toy_cls_upper_limit(m, [0], grid, n_toys=10)
    with pytest.raises(InputError, match="pseudo-experiments"):
        expected_sensitivity(m, method="toys", kappa_grid=grid, n_toys=1)


def test_all_zero_onoff_data_give_the_n0_limit() -> None:
    """ON = OFF = 0 in every bin: nothing is observed, so every method gives a finite,
    positive limit near the n = 0 expectation (issue 14: FC used to print κ < 0)."""
    m = OnOffModel(np.array([1.0, 0.5]), np.zeros(2), 1.0, 1.0, background=np.ones(2))
    d = np.zeros(4)
    fc = fc_upper_limit(m, d, np.linspace(0, 6, 25), n_toys=1000, seed=1)
    bayes = bayesian_upper_limit(m, d)
    # n = 0 with no background: FC 2.44 and Bayes ln 10 = 2.30 signal events, s_total = 1.5
    assert fc.limit == pytest.approx(2.44 / 1.5, rel=0.15)
    assert bayes.limit == pytest.approx(np.log(10.0) / 1.5, rel=0.05)
    pl = profile_likelihood_interval(m, d)
    assert 0.0 < pl.limit < fc.limit
