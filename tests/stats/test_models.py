"""Models: closed-form profiles against brute-force minimisation, fits, validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from munu.errors import DataError, InputError
from munu.stats import (
    BinnedModel,
    CountingModel,
    GaussianResidualModel,
    LinearModel,
    OnOffModel,
    forward_backward_model,
)


def _onoff() -> OnOffModel:
    return OnOffModel(
        np.array([2.0, 1.0, 0.5]),
        np.array([0.3, 0.3, 0.3]),
        2.0,
        1.0,
        background=np.array([3.0, 3.0, 3.0]),
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=6, max_size=6), st.floats(0.0, 5.0))
def test_onoff_profile_is_minimum(counts: list[int], kappa: float) -> None:
    """The closed-form background profile is the minimum over b ≥ 0 (vs scipy)."""
    m = _onoff()
    d = np.array(counts, float)
    prof = m.profile(kappa, d)
    res = optimize.minimize(
        lambda b: m.nll(kappa, d, np.abs(b))[0],
        np.full(3, 2.0),
        method="Nelder-Mead",
        options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 20000},
    )
    assert prof.nll[0] <= res.fun + 1e-6
    assert np.all(prof.nuisances >= 0)


def test_onoff_fit_matches_scan() -> None:
    m = _onoff()
    d = m.sample(1.0, 5, np.random.default_rng(1))
    fit = m.fit(d)
    grid = np.linspace(0, 10, 20001)
    for row, k in zip(d, fit.kappa_hat, strict=True):
        p = m.profile(grid, np.repeat(row[None], grid.size, 0)).nll
        assert k == pytest.approx(grid[np.argmin(p)], abs=1e-3)
        assert m.profile(k, row).nll[0] <= p.min() + 1e-9


def test_counting_closed_form() -> None:
    m = CountingModel(2.3, 1.0)
    assert m.fit([[1]]).kappa_hat[0] == 0.0
    assert m.fit([[5]]).kappa_hat[0] == pytest.approx(2.7)
    mc = CountingModel(2.3, 1.0, background_sigma=0.5)
    fit = mc.fit([[5, 2.3]])
    assert fit.kappa_hat[0] == pytest.approx(2.7, abs=1e-8)


def test_binned_fit_and_profile() -> None:
    s = np.array([4.0, 2.0, 1.0, 0.5])
    c14 = np.array([10.0, 8.0, 6.0, 4.0])
    lin = np.array([-1.0, -0.3, 0.3, 1.0])
    m = BinnedModel(s, np.vstack([c14, lin]), background_sigma=[0.1, np.inf])
    assert m.n_obs == 5
    d = m.asimov(1.5)
    assert m.fit(d, allow_fractional=True).kappa_hat[0] == pytest.approx(1.5, abs=1e-6)
    with pytest.raises(DataError, match="non-integer"):
        m.fit(d)
    rng = np.random.default_rng(4)
    toys = m.sample(1.0, 50, rng)
    fit = m.fit(toys)
    assert np.all(fit.kappa_hat >= 0)
    # profile is a minimum: perturbing the nuisances never lowers the NLL
    prof = m.profile(1.0, toys[:5])
    for dlt in (1e-3, -1e-3):
        assert np.all(m.nll(1.0, toys[:5], prof.nuisances + dlt) >= prof.nll - 1e-12)


def test_forward_backward_is_onoff() -> None:
    fb = forward_backward_model([2.0, 1.0], [0.5, 0.5], 1.0, background=[3.0, 3.0])
    on = OnOffModel(
        np.array([2.0, 1.0]), np.array([0.5, 0.5]), 1.0, 1.0, background=np.array([3.0, 3.0])
    )
    d = np.array([[6, 4, 3, 2]])
    assert fb.fit(d).kappa_hat[0] == pytest.approx(on.fit(d).kappa_hat[0])


def test_residual_model() -> None:
    m = GaussianResidualModel([1.0, 2.0], [1.0, 2.0], [1.0, 1.0])
    assert m.kappa_hat_unbounded == pytest.approx((1 + 2 / 4) / (1 + 1 / 4))
    assert m.fit(m.observed).kappa_hat[0] == pytest.approx(m.kappa_hat_unbounded)


def test_bad_inputs() -> None:
    m = _onoff()
    with pytest.raises(DataError, match="negative"):
        m.fit([[-1, 0, 0, 0, 0, 0]])
    with pytest.raises(DataError, match="non-integer"):
        m.fit([[1.5, 0, 0, 0, 0, 0]])
    with pytest.raises(DataError, match="NaN"):
        m.fit([[np.nan, 0, 0, 0, 0, 0]])
    with pytest.raises(DataError, match="shape"):
        m.fit([[1, 2]])
    with pytest.raises(InputError, match="exposure_on"):
        OnOffModel(np.ones(2), np.zeros(2), 0.0, 1.0)
    with pytest.raises(InputError, match="kappa"):
        m.profile(-1.0, [1, 1, 1, 1, 1, 1])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=8, max_size=8),
    st.floats(0.0, 4.0),
    st.booleans(),
)
def test_onoff_fused_toy_t_matches_generic(counts: list[int], kappa: float, zero_sm: bool) -> None:
    """The fused ON/OFF toy statistic equals fit + profile of the generic path.

    ``OnOffModel._toy_t`` writes t = 2[p(κ) − p(κ̂)] with one logarithm per count and stops
    the fit on the Newton decrement (NLL_TOL = 1e-10), so it agrees with the generic
    ``LinearModel._toy_t`` to 2e-10 absolute; bins without SM rate (u = 0 at κ = 0) and
    empty ON or OFF bins are included.
    """
    sm = np.zeros(4) if zero_sm else np.full(4, 0.4)
    m = OnOffModel(np.array([2.0, 1.0, 0.5, 0.0]), sm, 2.0, 1.0, background=np.full(4, 3.0))
    d = np.array([counts, [0] * 8, [5, 0, 0, 0, 0, 3, 0, 0]], float)
    test = np.array([[kappa, 0.0, 2.5]] * 3)
    fused, k_fused = m._toy_t(d, test)
    generic, k_generic = LinearModel._toy_t(m, d, test)
    np.testing.assert_allclose(fused, generic, rtol=0, atol=3e-10)
    assert np.all(np.isfinite(fused))
    assert np.all(fused >= 0.0)
    np.testing.assert_allclose(k_fused, k_generic, rtol=0, atol=1e-3 * m.kappa_scale)


def test_onoff_fit_exact_at_boundary_and_matches_brute_force() -> None:
    """Bounded fit of the fused path: κ̂ = 0 exactly when the score at 0 is ≥ 0, otherwise
    the minimum of a dense scan of the profile (0.1 % of the scan step)."""
    m = _onoff()
    low = np.array([[0, 0, 0, 3, 3, 3]], float)  # ON below OFF-scaled: κ̂ = 0
    assert m.fit(low).kappa_hat[0] == 0.0
    d = np.array([[40, 20, 10, 3, 3, 3]], float)
    grid = np.linspace(0.0, 20.0, 20001)
    nll = m.profile(grid, np.repeat(d, grid.size, axis=0)).nll
    k_scan = grid[np.argmin(nll)]
    assert abs(m.fit(d).kappa_hat[0] - k_scan) < 1e-3


@pytest.mark.parametrize(
    ("sigmas", "sm_sigma"),
    [((np.inf,), 0.0), ((0.1, np.inf), 0.0), ((0.0, 0.2), np.inf)],
)
def test_binned_warm_started_fit_matches_bounded_scan(
    sigmas: tuple[float, ...], sm_sigma: float
) -> None:
    """BinnedModel's fit (θ warm-started along the Newton path) reaches the bounded minimum of
    the cold-started profile found by scipy's bounded scalar minimiser, and its toy
    statistic equals 2[p(κ) − p(κ̂)] of cold profiles to 3e-9 (NLL_TOL = 1e-10 for toys).
    Configurations: one free template; constrained ¹⁴C-like shape + free signed linear term;
    fixed + constrained templates with a free SM normalisation."""
    s = np.array([4.0, 2.0, 1.0, 0.5, 0.25])
    shapes = np.array([[10.0, 8.0, 6.0, 4.0, 3.0], [-1.0, -0.5, 0.0, 0.5, 1.0]])
    bkg = shapes[: len(sigmas)]
    m = BinnedModel(s, bkg, background_sigma=list(sigmas), sm=np.full(5, 2.0), sm_sigma=sm_sigma)
    toys = m.sample(0.8, 12, np.random.default_rng(8))
    fit = m.fit(toys)
    test = np.array([[0.3, 2.5]] * toys.shape[0])
    t, k_hat = m._toy_t(toys, test)
    for i, d in enumerate(toys):
        res = optimize.minimize_scalar(
            lambda k, d=d: float(m.profile(k, d).nll[0]),
            bounds=(0.0, 30.0),
            method="bounded",
            options={"xatol": 1e-10},
        )
        p_min = min(res.fun, float(m.profile(0.0, d).nll[0]))
        assert fit.nll[i] <= p_min + 1e-9
        assert fit.nll[i] >= p_min - 1e-7  # the scan's own tolerance
        for col in range(2):
            cold = 2.0 * (m.profile(test[i, col], d).nll[0] - fit.nll[i])
            assert t[i, col] == pytest.approx(max(cold, 0.0), abs=3e-9)
    np.testing.assert_allclose(k_hat, fit.kappa_hat, rtol=0, atol=1e-3)


@pytest.mark.parametrize(
    ("template", "sigma"),
    [
        ([10.0, 8.0, 6.0, 4.0, 3.0], np.inf),
        ([10.0, 8.0, 6.0, 4.0, 3.0], 0.3),
        ([-1.0, -0.5, 0.5, 1.0, 2.0], np.inf),  # a signed shape, as a linear term
    ],
)
def test_binned_single_template_profile_is_the_minimum(template: list[float], sigma: float) -> None:
    """The scalar Newton profile of one floating template (free, constrained, or signed)
    equals scipy's bounded scalar minimisation of the NLL over the normalisation to 1e-6."""
    s = np.array([4.0, 2.0, 1.0, 0.5, 0.25])
    m = BinnedModel(s, np.array([template]), background_sigma=sigma, sm=np.full(5, 6.0))
    toys = m.sample(0.5, 8, np.random.default_rng(3))
    for kappa in (0.0, 1.3):
        theta = m.profile(kappa, toys).nuisances[:, 0]
        for d, th in zip(toys, theta, strict=True):
            lam_ok = m._fixed + kappa * s  # the normalisation must keep every λ > 0

            def nll(
                t: float, d: np.ndarray = d, k: float = kappa, base: np.ndarray = lam_ok
            ) -> float:
                if np.any(base + t * np.array(template) <= 0.0):
                    return np.inf
                return float(m.nll(k, d, [[t]])[0])

            ref = optimize.minimize_scalar(
                nll, bounds=(-5.0, 10.0), method="bounded", options={"xatol": 1e-10}
            )
            assert th == pytest.approx(ref.x, abs=1e-6)


@pytest.mark.parametrize("sm", [0.0, 0.7])
@pytest.mark.parametrize(
    "template", [[0.5, 0.5, 0.5, 0.0], [1.0, 0.2, 0.1, 0.0], [0.3, 0.0, 2.0, 0.0]]
)
def test_binned_free_template_without_counts_profiles_on_the_boundary(
    template: list[float], sm: float
) -> None:
    """With no count where a free template is non-zero (an all-zero toy, or counts only in
    bins the template does not reach) its NLL is linear in θ and the profile lies where the
    first expected count reaches 0 (issue 14 left this as a 'singular Hessian' error, which
    stopped FC and toy CLs at low counts). Checked against a dense scan of the NLL over the
    feasible θ (λ ≥ 0), and the profiled dp/dκ against a finite difference of the profile."""
    s = np.array([1.0, 2.0, 3.0, 1.0])
    m = BinnedModel(s, np.array([template]), background_sigma=np.inf, sm=np.full(4, sm))
    # counts in the bin the template does not reach need an expectation there at κ = 0
    data = np.array([[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0 if sm else 0.0]])
    t = np.array(template)
    for kappa in (0.0, 0.4):
        prof = m.profile(kappa, data)
        base = m._fixed + kappa * s
        grid = np.linspace(-3.0, 3.0, 60001)
        lam = base[None, :] + grid[:, None] * t[None, :]
        feasible = np.all(lam >= 0.0, axis=1)
        for i, d in enumerate(data):
            nll = np.array([m.nll(kappa, d, [[g]])[0] for g in grid[feasible][::200]])
            assert prof.nll[i] <= nll.min() + 1e-12
            theta_b = float(np.max(-base[t > 0] / t[t > 0]))
            assert prof.nuisances[i, 0] == pytest.approx(theta_b, abs=1e-12)
        # dp/dκ (right derivative) against a forward difference of the profiled NLL
        h = 1e-6
        grad, _ = m._derivs(np.full(2, kappa), data)
        fd = (m.profile(kappa + h, data).nll - m.profile(kappa, data).nll) / h
        np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-6)


def test_binned_fc_and_toy_cls_run_through_all_zero_toys() -> None:
    """FC and toy CLs with a free background at ~1.5 expected counts: about a fifth of the
    toys are all zero; they used to stop the construction ('singular Hessian'). The FC limit
    must lie between the asymptotic profile-likelihood one and the Bayesian one here, and the
    toy statistic of an all-zero toy equals 2[p(κ) − p(0)] of the boundary profile."""
    from munu.inference import limit_of_model

    m = BinnedModel(np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.5, 0.5]), background_sigma=np.inf)
    d = np.array([1.0, 0.0, 0.0])
    fc = limit_of_model(m, d, method="fc", cl=0.9, n_toys=400, seed=3)
    bayes = limit_of_model(m, d, method="bayes", cl=0.9, n_toys=400, seed=3)
    assert 0.2 < fc.limit < bayes.limit * 1.2
    zero = np.zeros((1, 3))
    t, k_hat = m._toy_t(zero, np.array([[0.5]]))
    assert k_hat[0] == 0.0
    # p(κ) = Σλ at θ_b(κ) = −κ min(s/t): 6κ − κ·(1/0.5)·1.5 = 3κ
    assert t[0, 0] == pytest.approx(2.0 * 3.0 * 0.5, rel=1e-9)


def test_binned_bayes_all_zero_data_free_template_is_exact() -> None:
    """All-zero data, one free template (flat prior on θ ≥ θ_b): the marginal likelihood is
    ∫ exp(−Σλ) dθ ∝ exp(−κ (Σs − min(s/t) Σt)) = exp(−3κ) here, so the 90 % Bayesian upper
    limit is ln(10)/3 exactly (it failed with 'Hessian not positive definite')."""
    from munu.stats import bayesian_upper_limit

    m = BinnedModel(np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.5, 0.5]), background_sigma=np.inf)
    res = bayesian_upper_limit(m, np.zeros(3), cl=0.9)
    assert res.limit == pytest.approx(np.log(10.0) / 3.0, rel=2e-3)
