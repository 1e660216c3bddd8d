"""Bayesian upper limits on κ = μ² with nuisances marginalised.

Prior on the parameter of interest: flat in κ (default) or flat in μ = √κ (``prior="mu"``,
density ∝ κ^(-1/2) in κ). Nuisances are marginalised as follows:

* :class:`~munu.stats.models.OnOffModel`: flat prior on each background rate b_i ≥ 0,
  integrated analytically. With c = sm + κs,
  ∫₀^∞ Pois(n | t_on(b + c)) Pois(m | t_off b) db ∝ e^(−t_on c) Σ_k C(n, k) c^(n−k)
  (k + m)! / (t_on + t_off)^(k+m+1)  (binomial expansion of (b + c)^n), summed in log space.
* :class:`~munu.stats.models.CountingModel`: known background exactly; with σ_b > 0 the
  background is integrated numerically over a Gaussian prior truncated at b ≥ 0 (801-point
  grid over ±8σ).
* :class:`~munu.stats.models.GaussianResidualModel`: no nuisances, exact.
* :class:`~munu.stats.models.BinnedModel`: Laplace approximation at the profiled
  normalisations, log m(κ) ≈ −p(κ) − ½ ln det H_θθ(κ) (flat priors on free normalisations,
  the Gaussian constraints acting as priors); exact for Gaussian-shaped likelihoods.

The posterior is normalised on a grid (trapezoid rule) reaching where the profile likelihood
has fallen by e^(−40).

Example:
    >>> from munu.stats.bayes import bayesian_upper_limit
    >>> from munu.stats.models import CountingModel
    >>> round(bayesian_upper_limit(CountingModel(0.0, 1.0), [0]).limit, 3)  # −ln 0.1
    2.303
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from munu.errors import ConvergenceError, InputError
from munu.stats.limits import LimitResult, _check_cl, _single
from munu.stats.models import (
    BinnedModel,
    CountingModel,
    GaussianResidualModel,
    LinearModel,
    OnOffModel,
)
from munu.stats.unbinned import UnbinnedModel

__all__ = ["bayesian_upper_limit"]

FloatArray = NDArray[np.float64]
PRIORS = ("kappa", "mu")
_GRID_POINTS = 4001
_MAX_ELEMENTS = 4_000_000


def _log_marginal_onoff(model: OnOffModel, kappa: FloatArray, d: FloatArray) -> FloatArray:
    nb = model.nbins
    n, m = d[0, :nb], d[0, nb:]
    total = model.exposure_on + model.exposure_off
    k = np.arange(int(n.max()) + 1, dtype=float)
    valid = k[None, :] <= n[:, None]  # (nb, K)
    log_binom = np.where(
        valid,
        special.gammaln(n[:, None] + 1)
        - special.gammaln(k + 1)
        - special.gammaln(np.maximum(n[:, None] - k, 0) + 1),
        -np.inf,
    )
    log_int = special.gammaln(k + m[:, None] + 1) - (k + m[:, None] + 1) * np.log(total)
    out = np.empty(kappa.size)
    rows = max(1, _MAX_ELEMENTS // (nb * k.size))
    for start in range(0, kappa.size, rows):
        kk = kappa[start : start + rows]
        c = model.sm_on + kk[:, None] * model.signal_per_kappa  # (G, nb)
        with np.errstate(divide="ignore"):
            log_c = np.log(c)
        power = (n[:, None] - k)[None, :, :]
        with np.errstate(invalid="ignore"):  # 0 · ln 0 (c = 0 at κ = 0 without SM) is dropped
            log_cpow = np.where(power > 0, power * log_c[:, :, None], 0.0)
        terms = log_binom[None] + log_int[None] + log_cpow
        per_bin = special.logsumexp(terms, axis=2) - model.exposure_on * c
        out[start : start + rows] = per_bin.sum(axis=1)
    return out


def _log_marginal_counting(model: CountingModel, kappa: FloatArray, d: FloatArray) -> FloatArray:
    n = d[0, 0]
    s = model.signal_per_kappa
    if model.background_sigma == 0.0:
        lam = model.background + kappa * s
        with np.errstate(divide="ignore"):
            return special.xlogy(n, lam) - lam
    a, sig = d[0, 1], model.background_sigma
    b = np.linspace(max(0.0, a - 8 * sig), a + 8 * sig, 801)
    lam = b[None, :] + kappa[:, None] * s
    with np.errstate(divide="ignore"):
        log_l = special.xlogy(n, lam) - lam - 0.5 * ((b - a) / sig) ** 2
    weights = np.full(b.size, b[1] - b[0])
    weights[[0, -1]] *= 0.5
    return special.logsumexp(log_l + np.log(weights), axis=1)


def _log_marginal_binned(model: BinnedModel, kappa: FloatArray, d: FloatArray) -> FloatArray:
    rep = np.repeat(d, kappa.size, axis=0)
    prof = model.profile(kappa, rep)
    if prof.nuisances.shape[1] == 0:
        return -prof.nll
    _, hess, _, _ = model._grad_hess(kappa, rep, prof.nuisances)
    if hess.shape[-1] == 1 and np.all(hess[:, 0, 0] <= 0.0):
        # no count where the one free template is non-zero: the likelihood is exp(−θ Σt)
        # times terms without θ, and its integral over θ ≥ θ_b (flat prior) is exactly
        # exp(−NLL(θ_b)) / Σt (a constant factor in κ); see models._boundary_theta
        return -prof.nll - math.log(abs(float(np.sum(model._t_float[0]))))
    sign, logdet = np.linalg.slogdet(hess)
    if np.any(sign <= 0):
        raise ConvergenceError("Laplace approximation failed: Hessian not positive definite")
    return -prof.nll - 0.5 * logdet


def _log_marginal_unbinned(model: UnbinnedModel, kappa: FloatArray, d: FloatArray) -> FloatArray:
    """Laplace approximation over the normalisations, as for :class:`BinnedModel`."""
    rep = np.repeat(d, kappa.size, axis=0)
    prof = model.profile(kappa, rep)
    if prof.nuisances.shape[1] == 0:
        return -prof.nll
    hess = model._theta_hessian(kappa, rep, prof.nuisances)
    if hess.shape[-1] == 1 and np.all(hess[:, 0, 0] <= 0.0):
        # no event where the one free template is non-zero: exact marginal, as for bins
        return -prof.nll - math.log(abs(float(model._totals_float[0])))
    sign, logdet = np.linalg.slogdet(hess)
    if np.any(sign <= 0):
        raise ConvergenceError("Laplace approximation failed: Hessian not positive definite")
    return -prof.nll - 0.5 * logdet


def _log_marginal(model: LinearModel, kappa: FloatArray, d: FloatArray) -> FloatArray:
    if isinstance(model, OnOffModel):
        return _log_marginal_onoff(model, kappa, d)
    if isinstance(model, CountingModel):
        return _log_marginal_counting(model, kappa, d)
    if isinstance(model, BinnedModel):
        return _log_marginal_binned(model, kappa, d)
    if isinstance(model, GaussianResidualModel):
        return -model.profile(kappa, np.repeat(d, kappa.size, axis=0)).nll
    if isinstance(model, UnbinnedModel):
        return _log_marginal_unbinned(model, kappa, d)
    raise InputError(
        "model",
        type(model).__name__,
        "OnOffModel, CountingModel, BinnedModel, GaussianResidualModel or UnbinnedModel",
    )


def _kappa_max(model: LinearModel, d: FloatArray) -> float:
    """κ where the profile likelihood ratio has fallen by e^(−40) (t = 80)."""
    fit = model._fit(d)
    unit = model.kappa_scale
    k = max(float(fit.kappa_hat[0]), 1e-12 * unit)
    step = max(k, 1e-6 * unit)
    for _ in range(400):
        trial = k + step
        t = 2.0 * (model.profile(trial, d).nll[0] - fit.nll[0])
        if t > 80.0:
            return trial
        step *= 2.0
    raise ConvergenceError("the likelihood does not fall off in κ; no proper posterior")


def bayesian_upper_limit(
    model: LinearModel,
    data: ArrayLike,
    cl: float = 0.9,
    prior: str = "kappa",
    kappa_max: float | None = None,
) -> LimitResult:
    """Bayesian upper limit on κ: ∫₀^κ_up posterior = cl.

    Args:
        model: the model (nuisances marginalised as described in the module docstring).
        data: observed data set.
        cl: credibility level.
        prior: ``"kappa"`` (flat in κ = μ²) or ``"mu"`` (flat in μ).
        kappa_max: upper end of the integration grid (default: automatic).

    Returns:
        :class:`~munu.stats.limits.LimitResult` (``best_fit`` is the bounded maximum-likelihood
        κ̂).

    Example:
        >>> from munu.stats.models import CountingModel
        >>> res = bayesian_upper_limit(CountingModel(0.0, 1.0), [0], prior="mu")
        >>> round(res.limit, 3)  # ∫₀^μ e^(−μ²) dμ = 0.9 × √π/2 ⇒ μ² = 1.353
        1.353
    """
    if prior not in PRIORS:
        raise InputError("prior", prior, "one of 'kappa', 'mu'")
    level = _check_cl(cl)
    d = _single(model, data)
    top = _kappa_max(model, d) if kappa_max is None else float(kappa_max)
    if not top > 0:
        raise InputError("kappa_max", kappa_max, "a value > 0")
    if prior == "kappa":
        x = np.linspace(0.0, top, _GRID_POINTS)
        kappa = x
    else:
        x = np.linspace(0.0, np.sqrt(top), _GRID_POINTS)
        kappa = x * x
    log_post = _log_marginal(model, kappa, d)
    if not np.any(np.isfinite(log_post)):
        raise ConvergenceError("posterior vanishes on the whole κ grid")
    post = np.exp(log_post - np.max(log_post))
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (post[1:] + post[:-1]) * np.diff(x))])
    if post[-1] > 1e-8 * post.max():
        raise ConvergenceError("posterior not negligible at kappa_max; raise kappa_max")
    cdf /= cdf[-1]
    i = int(np.searchsorted(cdf, level))
    frac = (level - cdf[i - 1]) / (cdf[i] - cdf[i - 1])
    x_up = x[i - 1] + frac * (x[i] - x[i - 1])
    limit = float(x_up if prior == "kappa" else x_up * x_up)
    best = float(model._fit(d).kappa_hat[0])
    return LimitResult(limit, best, level, f"bayesian (flat in {prior})")
