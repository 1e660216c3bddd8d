"""Exact Feldman–Cousins intervals: Poisson with known background, Gaussian bounded at zero.

Both constructions are the unified approach of G.J. Feldman and R.D. Cousins, "Unified
approach to the classical statistical analysis of small signals", Phys. Rev. D 57 (1998)
3873, arXiv:physics/9711021: a Neyman construction whose acceptance regions are filled in
decreasing order of the likelihood ratio R = P(x | μ) / P(x | μ_best), μ_best ≥ 0 (FC Eq. 4.1).
No toys are involved: the Poisson sums run over all n that matter and the Gaussian regions are
solved by root finding.

* :func:`fc_poisson_interval` reproduces FC Table IV (and the other Poisson tables for other
  confidence levels). As published, the upper end of Table IV is made non-increasing in the
  background b (FC §IV.B): μ₂(n₀, b) = max over b′ ≥ b of the plain construction at b′. This is
  the default (``monotonic_in_background=True``); the plain construction at fixed b is
  available with ``False``. Lower ends need no such fix.
* :func:`fc_gaussian_interval` reproduces FC Table X (Gaussian of unit σ, mean bounded at
  μ ≥ 0), ordering R(x; μ) = exp[−(x − μ)²/2 + (x − max(0, x))²/2] (FC Eq. 4.3).

Example:
    >>> from munu.stats.fc import fc_gaussian_interval, fc_poisson_interval
    >>> lo, up = fc_poisson_interval(0, 3.0)
    >>> round(lo, 2), round(up, 2)
    (0.0, 1.08)
    >>> [round(v, 2) for v in fc_gaussian_interval(2.6)]
    [1.02, 4.24]
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special, stats

from munu._validate import as_float
from munu.errors import ConvergenceError, InputError

__all__ = ["fc_gaussian_interval", "fc_poisson_interval"]

#: μ step of the scan that brackets the Poisson interval ends before bisection.
_MU_STEP = 0.01
#: Array elements per block of the (b, μ, n) scan, to bound memory.
_CHUNK_ELEMENTS = 2_000_000
#: Bisection steps on μ (interval ends are resolved to below 1e-9 in μ).
_BISECT_STEPS = 40
#: Points and upward reach (in μ) of the fine scan that follows a newborn island of μ.
_ISLAND_POINTS = 801
_ISLAND_WINDOW = 0.05
#: b′ step of the coarse scan that locates the jumps of the plain upper end.
_B_STEP_COARSE = 0.02


def _check_cl(cl: float) -> float:
    value = as_float(cl, "cl")
    if not 0.0 < value < 1.0:
        raise InputError("cl", cl, "a confidence level strictly between 0 and 1, e.g. 0.9")
    return value


def _poisson_accepts(n0: int, mu: ArrayLike, b: ArrayLike, cl: float) -> NDArray[np.bool_]:
    """Whether n₀ lies in the FC acceptance region of signal mean μ at background b.

    Regions are filled in decreasing R = P(n | μ + b) / P(n | max(0, n − b) + b) until their
    probability reaches ``cl`` (FC §IV.B). So n₀ is accepted exactly when the probability of
    all n ranked strictly before it is still below ``cl``; no sort is needed. Broadcasts over
    ``mu`` and ``b``; the n axis is appended last.
    """
    mu_arr = np.asarray(mu, dtype=float)[..., None]
    b_arr = np.asarray(b, dtype=float)[..., None]
    lam = mu_arr + b_arr
    lam_max = float(np.max(lam))
    n_max = math.ceil(lam_max + 7.0 * math.sqrt(lam_max + 1.0) + n0 + 12.0)
    n = np.arange(n_max + 1, dtype=float)
    # log P(n | λ) = n ln λ − λ − ln n!; the ln n! cancels in the ratio R.
    n_log_lam = n * np.log(np.maximum(lam, 1e-300))
    lam_best = np.maximum(n - b_arr, 0.0) + b_arr
    log_r = n_log_lam - lam - special.xlogy(n, lam_best) + lam_best
    log_p = n_log_lam - lam - special.gammaln(n + 1.0)
    ahead = log_r > log_r[..., n0 : n0 + 1]
    prob_ahead = np.sum(np.where(ahead, np.exp(log_p), 0.0), axis=-1)
    return prob_ahead < cl


def _bisect_edge(
    n0: int,
    inside: NDArray[np.float64],
    outside: NDArray[np.float64],
    b: NDArray[np.float64],
    cl: float,
) -> NDArray[np.float64]:
    """Vectorised bisection between μ values inside and outside the acceptance of n₀."""
    inside = inside.copy()
    outside = outside.copy()
    for _ in range(_BISECT_STEPS):
        mid = 0.5 * (inside + outside)
        acc = _poisson_accepts(n0, mid, b, cl)
        inside = np.where(acc, mid, inside)
        outside = np.where(acc, outside, mid)
    return 0.5 * (inside + outside)


def _rank_crossings(n0: int, b: float, mu_hi: float) -> NDArray[np.float64]:
    """Signal means μ ∈ (0, mu_hi) where some n changes rank against n₀ in the FC ordering.

    ln R(n; μ) − ln R(n₀; μ) = (n − n₀) ln(μ + b) − K(n) + K(n₀), K(n) = n ln λ̂(n) − λ̂(n) with
    λ̂(n) = max(n − b, 0) + b: linear in ln(μ + b), so each n crosses n₀ once, at
    μ_n = exp[(K(n) − K(n₀))/(n − n₀)] − b.
    """
    lam_top = mu_hi + b
    n_max = math.ceil(lam_top + 7.0 * math.sqrt(lam_top + 1.0) + n0 + 12.0)
    n = np.arange(n_max + 1, dtype=float)
    n = n[n != n0]
    lam_best = np.maximum(n - b, 0.0) + b
    k_n = special.xlogy(n, lam_best) - lam_best
    lam0 = max(n0 - b, 0.0) + b
    k0 = special.xlogy(n0, lam0) - lam0
    with np.errstate(over="ignore"):
        mu = np.exp((k_n - k0) / (n - n0)) - b
    return mu[(mu > 0.0) & (mu < mu_hi)]


def _candidates(n0: int, b: NDArray[np.float64], mu_hi: float) -> NDArray[np.float64]:
    """Per background (rows): the 0.01 grid on [0, mu_hi] plus points just either side of
    every rank crossing, sorted. Between two crossings the set of n ranked before n₀ is a
    fixed interval of n, whose Poisson probability is unimodal in μ, so the μ accepting n₀
    there form at most two intervals, each touching an end: evaluating just inside every
    crossing finds every accepted island, however narrow (FC Table IV has islands far
    narrower than 0.01 near n₀ = 0, b ≈ 3.45)."""
    grid = np.arange(0.0, mu_hi + _MU_STEP, _MU_STEP)
    rows = []
    for bb in b:
        cross = _rank_crossings(n0, float(bb), mu_hi)
        eps = 1e-9 * (1.0 + cross)
        rows.append(np.concatenate([cross - eps, cross + eps]))
    width = max(r.size for r in rows)
    out = np.full((b.size, grid.size + width), mu_hi)  # padding repeats the (rejected) top
    out[:, : grid.size] = grid
    for i, r in enumerate(rows):
        out[i, grid.size : grid.size + r.size] = r
    return np.sort(out, axis=1)


def _plain_poisson_interval(
    n0: int, b: NDArray[np.float64], cl: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Plain FC interval [μ₁, μ₂] at fixed backgrounds ``b`` (1-d array), vectorised over b.

    For n₀ < b the set of μ accepting n₀ need not be contiguous (FC §IV.B), so the ends are
    the smallest and largest accepted μ among the candidates of :func:`_candidates` (a 0.01
    grid plus both sides of every rank crossing), each then refined by bisection against its
    neighbour. The scan reaches μ = n₀ + 3√(n₀ + 1) + 3 and is doubled until its top is
    rejected (the 99 % CL end for n₀ = 0, b = 0 is 4.74).
    """
    mu_hi = n0 + 3.0 * math.sqrt(n0 + 1.0) + 3.0
    for _ in range(8):
        cand = _candidates(n0, b, mu_hi)
        rows = max(1, _CHUNK_ELEMENTS // (cand.shape[1] * (int(mu_hi + b.max()) + 40)))
        acc = np.concatenate(
            [
                _poisson_accepts(n0, cand[i : i + rows], b[i : i + rows, None], cl)
                for i in range(0, b.size, rows)
            ]
        )
        if not np.any(acc[:, -1]):
            break
        mu_hi *= 2.0
    else:
        raise ConvergenceError(
            f"FC Poisson scan for n0={n0} did not bracket the interval on μ ∈ [0, {mu_hi}]"
        )
    if not np.all(acc.any(axis=1)):
        raise ConvergenceError(f"FC Poisson scan for n0={n0}: no μ accepts n0")
    idx = np.arange(b.size)
    first = np.argmax(acc, axis=1)
    last = acc.shape[1] - 1 - np.argmax(acc[:, ::-1], axis=1)
    upper = _bisect_edge(n0, cand[idx, last], cand[idx, last + 1], b, cl)
    lower = np.zeros_like(b)
    inner = first > 0
    if np.any(inner):
        i = idx[inner]
        lower[inner] = _bisect_edge(
            n0, cand[i, first[inner]], cand[i, first[inner] - 1], b[inner], cl
        )
    return lower, upper


def _island_top(
    n0: int,
    b: NDArray[np.float64],
    mu_lo: NDArray[np.float64],
    mu_hi: NDArray[np.float64],
    cl: float,
) -> NDArray[np.float64]:
    """Largest μ accepting n₀ inside [mu_lo, mu_hi] (per b), on a fine grid; NaN if none."""
    frac = np.linspace(0.0, 1.0, _ISLAND_POINTS)
    mu = mu_lo[:, None] + (mu_hi - mu_lo)[:, None] * frac[None, :]
    acc = _poisson_accepts(n0, mu, b[:, None], cl)
    has = acc.any(axis=1)
    last = acc.shape[1] - 1 - np.argmax(acc[:, ::-1], axis=1)
    top = np.where(has, mu[np.arange(b.size), last], np.nan)
    edge = has & (last < acc.shape[1] - 1)
    if np.any(edge):
        idx = np.nonzero(edge)[0]
        top[idx] = _bisect_edge(n0, mu[idx, last[idx]], mu[idx, last[idx] + 1], b[idx], cl)
    return top


def _sup_upper_over_background(n0: int, b: float, width: float, cl: float) -> float:
    """sup over b′ ∈ [b, b + width] of the plain upper end (FC's non-increasing rule).

    The plain upper end is a saw-tooth in b′: it decreases smoothly and jumps up where a new
    island of accepted μ appears above the old upper end, so the supremum is either at the
    start of the window or at the birth of an island. Jumps are located on a coarse b′ grid;
    each is then bisected in b′ while following the island on a fine μ grid (islands are
    narrower than any coarse μ step when they are born), and the island's top at the jump is
    the candidate.
    """
    coarse = b + np.arange(0.0, width + _B_STEP_COARSE, _B_STEP_COARSE)
    _, ups = _plain_poisson_interval(n0, coarse, cl)
    best = float(np.max(ups))
    # only jumps whose island could still beat the best coarse value need refining
    jumps = np.nonzero((np.diff(ups) > 0.0) & (ups[1:] > best - _ISLAND_WINDOW))[0]
    if jumps.size == 0:
        return best
    left = coarse[jumps].copy()
    right = coarse[jumps + 1].copy()
    floor = 0.5 * (ups[jumps] + ups[jumps + 1])
    ceiling = ups[jumps + 1] + _ISLAND_WINDOW
    top = ups[jumps + 1].copy()
    for _ in range(_BISECT_STEPS):
        mid = 0.5 * (left + right)
        found = _island_top(n0, mid, floor, ceiling, cl)
        high = np.isfinite(found)
        top = np.where(high, found, top)
        right = np.where(high, mid, right)
        left = np.where(high, left, mid)
    return max(best, float(np.max(top)))


def fc_poisson_interval(
    n_obs: int,
    background: float,
    cl: float = 0.9,
    *,
    monotonic_in_background: bool = True,
    background_scan: float = 5.0,
) -> tuple[float, float]:
    """Feldman–Cousins confidence interval for a Poisson signal mean with known background.

    Exact construction (sums over n, no toys) of FC 1998 §IV.B. With
    ``monotonic_in_background`` the upper end is max over b′ ∈ [b, b + ``background_scan``]
    of the plain upper end, the rule that reproduces the published Table IV (see
    ``verified-reference-data.md`` §3.1: e.g. n₀ = 0, b = 3 gives 1.08 instead of the plain
    0.95). The plain upper end is a saw-tooth in b′ whose teeth have a period of order one at
    the table's backgrounds, so the default window of 5 covers several teeth; the maximum is
    the supremum, reached just right of one of its upward jumps, is found by locating the jumps on
    a 0.02 grid in b′ and bisecting each.

    Args:
        n_obs: observed number of events n₀ (integer ≥ 0).
        background: known expected background b ≥ 0 (same units as the signal mean: events).
        cl: confidence level, e.g. 0.9.
        monotonic_in_background: apply FC's non-increasing-in-b rule to the upper end.
        background_scan: width of the b′ window scanned for that rule.

    Returns:
        (lower, upper) ends of the interval on the signal mean μ ≥ 0, in events.

    Raises:
        InputError: for negative or non-integer n_obs, negative background, cl outside (0, 1).

    Example:
        >>> [round(v, 2) for v in fc_poisson_interval(1, 0.0)]
        [0.11, 4.36]
        >>> [round(v, 2) for v in fc_poisson_interval(0, 2.0, monotonic_in_background=False)]
        [0.0, 1.08]
    """
    n_val = as_float(n_obs, "n_obs", nonnegative=True)
    if n_val != math.floor(n_val):
        raise InputError("n_obs", n_obs, "a non-negative integer number of events")
    n0 = int(n_val)
    b = as_float(background, "background", nonnegative=True)
    level = _check_cl(cl)
    width = as_float(background_scan, "background_scan", positive=True)
    lower, upper = _plain_poisson_interval(n0, np.array([b]), level)
    up = float(upper[0])
    if monotonic_in_background:
        up = max(up, _sup_upper_over_background(n0, b, width, level))
    return float(lower[0]), up


# --------------------------------------------------------------------------- Gaussian (Table X)


def _gauss_lower_end(mu: float, x2: float) -> float:
    """x₁ with R(x₁; μ) = R(x₂; μ) for x₂ ≥ μ > 0 (FC Eq. 4.3 ordering)."""
    mirror = 2.0 * mu - x2
    if mirror >= 0.0:
        return mirror
    # for x < 0: ln R = xμ − μ²/2; for x ≥ 0: ln R = −(x − μ)²/2
    return (mu * mu - (x2 - mu) ** 2) / (2.0 * mu)


def _gauss_region(mu: float, cl: float) -> tuple[float, float]:
    """FC acceptance region [x₁, x₂] of the unit Gaussian with mean μ ≥ 0."""
    if mu <= 0.0:
        return -math.inf, float(stats.norm.ppf(cl))

    def coverage(x2: float) -> float:
        x1 = _gauss_lower_end(mu, x2)
        return float(stats.norm.cdf(x2 - mu) - stats.norm.cdf(x1 - mu)) - cl

    hi = mu + 10.0
    x2 = optimize.brentq(coverage, mu, hi, xtol=1e-13, rtol=1e-13)
    return _gauss_lower_end(mu, x2), x2


def fc_gaussian_interval(x: float, cl: float = 0.9) -> tuple[float, float]:
    """Feldman–Cousins interval for a Gaussian mean bounded at μ ≥ 0, σ = 1 (FC Table X).

    The acceptance region of each μ is solved by root finding and inverted: the upper end is
    the μ whose region starts at x₀, the lower end the μ whose region ends at x₀ (zero when
    x₀ is below the ``cl`` quantile Φ⁻¹(cl)). For another σ, pass x/σ and multiply the result
    by σ.

    Args:
        x: measured value x₀ in units of σ (may be negative).
        cl: confidence level.

    Returns:
        (lower, upper) ends on μ in units of σ.

    Example:
        >>> [round(v, 2) for v in fc_gaussian_interval(0.0)]
        [0.0, 1.64]
        >>> [round(v, 2) for v in fc_gaussian_interval(-2.0)]
        [0.0, 0.4]
    """
    x0 = as_float(x, "x")
    level = _check_cl(cl)
    if x0 < -1.0e6:
        raise InputError("x", x, "a measured value above -1e6 σ")

    def start_minus_x0(mu: float) -> float:
        return _gauss_region(mu, level)[0] - x0

    mu_hi = max(x0, 0.0) + 20.0
    mu_lo = 1.0e-12
    upper = optimize.brentq(start_minus_x0, mu_lo, mu_hi, xtol=1e-13, rtol=1e-13)
    if x0 <= float(stats.norm.ppf(level)):
        return 0.0, float(upper)

    def end_minus_x0(mu: float) -> float:
        return _gauss_region(mu, level)[1] - x0

    lower = optimize.brentq(end_minus_x0, 0.0, x0, xtol=1e-13, rtol=1e-13)
    return float(lower), float(upper)
