"""Upper limits on κ = μ² ≥ 0: Feldman–Cousins with toys, profile likelihood (CLs), χ² + FC.

Which method:

* :func:`fc_upper_limit`: the unified approach (Feldman & Cousins, PRD 57 (1998) 3873,
  arXiv:physics/9711021) by a Neyman construction with toys: at each grid κ_j the ordering
  statistic t = 2[p(κ_j) − p(κ̂)], κ̂ ≥ 0, is simulated at (κ_j, θ̂̂_j) with the nuisances
  profiled on the observed data (the "profile construction", Feldman, Fermilab CL workshop
  2000; Cranmer, PHYSTAT 2003), giving the critical value c_j; κ_j is inside the interval
  when t_obs(κ_j) ≤ c_j. Exact for the Poisson model, honest at the κ ≥ 0 boundary.
* :func:`asymptotic_upper_limit`: q̃_μ with the asymptotic formulas of Cowan, Cranmer, Gross
  and Vitells, EPJC 71 (2011) 1554, arXiv:1007.1727 (CCGV), CLs+b or CLs.
* :func:`toy_cls_upper_limit`: the same q̃_μ with toy distributions.
* :func:`profile_likelihood_interval`: the asymptotic (Wilks) profile-likelihood interval,
  one-sided upper limit or two-sided, κ̂ optionally unbounded (CCGV Eqs. 14, 16).
* :func:`residual_unified_limit`: χ² on a published residual + FC bounded Gaussian (the
  TEXONO/reactor practice).

Example:
    >>> from munu.stats.limits import residual_unified_limit
    >>> from munu.stats.models import GaussianResidualModel
    >>> res = residual_unified_limit(GaussianResidualModel([0.0], [1.0], [1.0]))
    >>> round(res.limit, 2)
    1.64
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

from munu._validate import as_float, as_float_array
from munu.errors import ConvergenceError, InputError
from munu.stats.fc import fc_gaussian_interval
from munu.stats.models import FitResult, GaussianResidualModel, LinearModel
from munu.stats.toys import (
    DEFAULT_CHUNK_ELEMENTS,
    ProgressCallback,
    check_n_toys,
    quantile_index,
    tail_quantile,
    toy_summaries,
    upper_tail,
)

if TYPE_CHECKING:
    from munu.parallel import Executor, RunStore

__all__ = [
    "LimitResult",
    "asymptotic_upper_limit",
    "critical_values",
    "fc_upper_limit",
    "profile_likelihood_interval",
    "residual_unified_limit",
    "toy_cls_upper_limit",
]

FloatArray = NDArray[np.float64]
CLS_METHODS = ("cls", "clsb")


@dataclass(frozen=True, eq=False)
class LimitResult:
    """An upper limit on κ = μ² with what produced it.

    Attributes:
        limit: upper limit on κ at confidence level ``cl``.
        best_fit: bounded best fit κ̂ ≥ 0.
        cl: confidence level.
        method: how the limit was computed.
        lower: lower end of the interval (FC methods; 0 when the interval touches 0).
        kappa_grid: κ grid of a toy construction (empty for closed forms).
        critical_values: per-grid-point critical values c_j (FC) or CLs/CLs+b values.
        observed: observed t(κ_j) on the grid (FC) or q̃ (CLs).
        n_toys: toys per grid point (0 for closed forms).
        seed: master seed of the toys (None for closed forms).
    """

    limit: float
    best_fit: float
    cl: float
    method: str
    lower: float = 0.0
    kappa_grid: FloatArray | None = None
    critical_values: FloatArray | None = None
    observed: FloatArray | None = None
    n_toys: int = 0
    seed: int | None = None

    @property
    def mu_limit(self) -> float:
        """Upper limit on μ = √κ (in the unit κ is the square of); 0 when the upper end on κ
        is negative (possible only with an unbounded κ̂: every κ > 0 is then excluded)."""
        return float(np.sqrt(max(self.limit, 0.0)))

    def __repr__(self) -> str:
        toys = f", {self.n_toys} toys/point, seed={self.seed}" if self.n_toys else ""
        grid = (
            f", grid {self.kappa_grid.size} pts [{self.kappa_grid[0]:.4g}, "
            f"{self.kappa_grid[-1]:.4g}]"
            if self.kappa_grid is not None
            else ""
        )
        return (
            f"LimitResult(κ < {self.limit:.4g} at {100 * self.cl:g}% CL, "
            f"interval [{self.lower:.4g}, {self.limit:.4g}], κ̂ = {self.best_fit:.4g}, "
            f"method={self.method!r}{grid}{toys})"
        )


def _check_cl(cl: float) -> float:
    value = as_float(cl, "cl")
    if not 0.0 < value < 1.0:
        raise InputError("cl", cl, "a confidence level strictly between 0 and 1")
    return value


def _check_grid(kappa_grid: ArrayLike) -> FloatArray:
    grid = as_float_array(kappa_grid, "kappa_grid", nonnegative=True, allow_empty=False)
    if grid.ndim != 1 or grid.size < 2 or np.any(np.diff(grid) <= 0):
        raise InputError(
            "kappa_grid", kappa_grid, "a 1-d strictly increasing array of at least 2 values ≥ 0"
        )
    return grid


def min_toys(cl: float) -> int:
    """Fewest toys whose empirical ``cl`` quantile rests on at least 10 toys beyond it:
    ⌈10/(1 − cl)⌉ (100 at 90 % CL, 1000 at 99 %). With fewer, the critical value is the
    largest toy or close to it and the limit is set by toy noise rather than by the data."""
    return math.ceil(10.0 / (1.0 - cl) - 1e-9)


def _check_toys(n_toys: int, cl: float, field: str = "n_toys") -> int:
    if isinstance(n_toys, bool) or not isinstance(n_toys, int | np.integer):
        raise InputError(field, n_toys, "a positive integer")
    need = min_toys(cl)
    if n_toys < need:
        raise InputError(
            field,
            n_toys,
            f"at least {need} toys per point at {100 * cl:g}% CL (10 toys beyond the "
            f"{100 * cl:g}% quantile)",
        )
    return int(n_toys)


def _single(model: LinearModel, data: ArrayLike) -> FloatArray:
    d = model.as_data(data)
    if d.shape[0] != 1:
        raise InputError("data", np.shape(data), "a single observed data set")
    return d


def _crossing(grid: FloatArray, diff: FloatArray, i: int) -> float:
    """Linear interpolation of the zero of ``diff`` between grid[i] and grid[i + 1]."""
    d0, d1 = diff[i], diff[i + 1]
    if d1 == d0:
        return float(grid[i])
    return float(grid[i] + (grid[i + 1] - grid[i]) * d0 / (d0 - d1))


def _interval_from_belt(
    grid: FloatArray, t_obs: FloatArray, crit: FloatArray
) -> tuple[float, float]:
    """Ends of {κ_j : t_obs ≤ c_j}, interpolated in t_obs − c between grid points."""
    diff = t_obs - crit  # ≤ 0 inside
    inside = diff <= 0.0
    if not np.any(inside):
        raise ConvergenceError("no grid point lies inside the confidence belt; refine the grid")
    last = int(np.nonzero(inside)[0][-1])
    if last == grid.size - 1:
        raise InputError(
            "kappa_grid",
            f"[{grid[0]:g} … {grid[-1]:g}]",
            "a grid extending beyond the upper limit (the last point is accepted)",
        )
    upper = _crossing(grid, diff, last)
    first = int(np.nonzero(inside)[0][0])
    lower = 0.0 if first == 0 else _crossing(grid, diff, first - 1)
    return lower, upper


def critical_values(
    model: LinearModel,
    kappa_grid: FloatArray,
    nuisances: FloatArray,
    n_toys: int,
    level: float,
    seed: int,
    *,
    stream: int = 0,
    chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
    progress: ProgressCallback | None = None,
    executor: Executor | None = None,
    store: RunStore | None = None,
) -> FloatArray:
    """FC critical values c_j: the ``level`` quantile (``inverted_cdf``) of t(κ_j) over toys
    drawn at (κ_j, θ_j), each tested at its own κ_j.

    Only each chunk's upper tail of t is kept (:func:`~munu.stats.toys.upper_tail`, the
    (1 − level) n_toys + 1 largest values), and only for the points in flight, so memory is
    ~8·(1 − level)·n_toys bytes per point in flight instead of 16 bytes per toy and point;
    the quantile is the same order statistic as ``np.quantile`` of all toys, so c_j is
    identical (same seeds, any chunk size, scheduler or resumed run).

    Args:
        model: the model.
        kappa_grid: (G,) κ_j.
        nuisances: (G, n_nuisances) nuisances θ_j of the toys.
        n_toys: toys per point.
        level: quantile (the confidence level).
        seed: master seed.
        stream, chunk_elements, progress, executor, store: see
            :func:`~munu.stats.toys.toy_statistics`.

    Returns:
        (G,) critical values.

    Example:
        >>> from munu.stats.models import CountingModel
        >>> from munu.stats.toys import toy_statistics
        >>> m, grid = CountingModel(3.0, 1.0), np.array([0.0, 1.0, 2.0])
        >>> crit = critical_values(m, grid, np.zeros((3, 0)), 1200, 0.9, seed=4)
        >>> t, _ = toy_statistics(m, grid, np.zeros((3, 0)), grid[:, None], 1200, 4)
        >>> bool(np.array_equal(crit, np.quantile(t[:, 0], 0.9, axis=1, method="inverted_cdf")))
        True
    """
    n_toys = check_n_toys(n_toys)
    keep = n_toys - quantile_index(n_toys, level)

    def tail(j: int, t: FloatArray, kappa_hat: FloatArray) -> FloatArray:
        return upper_tail(t[0], keep)

    def quantile(j: int, parts: list[FloatArray]) -> float:
        return tail_quantile(parts, n_toys, level)

    return np.array(
        toy_summaries(
            model,
            kappa_grid,
            nuisances,
            kappa_grid[:, None],
            n_toys,
            seed,
            tail,
            quantile,
            stream=stream,
            chunk_elements=chunk_elements,
            progress=progress,
            executor=executor,
            store=store,
        ),
        dtype=float,
    )


def fc_upper_limit(
    model: LinearModel,
    data: ArrayLike,
    kappa_grid: ArrayLike,
    n_toys: int = 10_000,
    cl: float = 0.9,
    seed: int = 0,
    *,
    chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
    progress: ProgressCallback | None = None,
    executor: Executor | None = None,
    store: RunStore | None = None,
) -> LimitResult:
    """Feldman–Cousins interval on κ by a Neyman construction with toys.

    For every κ_j of ``kappa_grid`` the nuisances are profiled on the observed data, ``n_toys``
    data sets are drawn at (κ_j, θ̂̂_j) and the critical value c_j is the ``cl`` quantile of
    their t = 2[p(κ_j) − p(κ̂)] with κ̂ ≥ 0 (FC 1998 §IV with nuisances profiled). The interval
    is {κ : t_obs(κ) ≤ c(κ)}, its ends interpolated linearly in t_obs − c.

    Args:
        model: any :class:`~munu.stats.models.LinearModel`.
        data: the observed data set.
        kappa_grid: increasing κ values ≥ 0; should start at 0 and reach beyond the limit.
        n_toys: toys per grid point.
        cl: confidence level.
        seed: master seed; the same seed gives the same limit, whatever ``chunk_elements``.
        chunk_elements: bound on rows × observables processed at once (memory).
        progress: optional ``progress(done_toys, total_toys)`` callback.
        executor: optional :mod:`munu.parallel` executor (e.g. a dask cluster) for the toys.
        store: optional :class:`munu.parallel.RunStore` making the toys resumable. With
            either, the toys run as (grid point, block range) tasks; the critical value of
            each point is the same quantile over all its toys, so the result is identical.

    Returns:
        :class:`LimitResult` with the per-point critical values.

    Example:
        >>> from munu.stats.models import CountingModel
        >>> m = CountingModel(background=0.0, signal_per_kappa=1.0)
        >>> res = fc_upper_limit(m, [0], np.linspace(0, 4, 41), n_toys=2000, seed=1)
        >>> 2.0 < res.limit < 2.6  # exact FC: 2.44 (toy noise at the discrete boundary)
        True
    """
    d = _single(model, data)
    grid = _check_grid(kappa_grid)
    level = _check_cl(cl)
    _check_toys(n_toys, level)
    fit = model._fit(d)
    rep = np.repeat(d, grid.size, axis=0)
    prof = model.profile(grid, rep)
    t_obs = np.maximum(2.0 * (prof.nll - fit.nll[0]), 0.0)
    crit = critical_values(
        model,
        grid,
        prof.nuisances,
        n_toys,
        level,
        seed,
        chunk_elements=chunk_elements,
        executor=executor,
        store=store,
        progress=progress,
    )
    lower, upper = _interval_from_belt(grid, t_obs, crit)
    return LimitResult(
        upper,
        float(fit.kappa_hat[0]),
        level,
        "feldman-cousins (toys)",
        lower,
        grid,
        crit,
        t_obs,
        int(n_toys),
        int(seed),
    )


# ------------------------------------------------------------------------ Wilks intervals


def _t_function(model: LinearModel, d: FloatArray, fit: FitResult):  # type: ignore[no-untyped-def]
    nll_hat = float(fit.nll[0])

    def t(k: float) -> float:
        prof = model._profile_signed(np.array([float(k)]), d, fit)
        return max(2.0 * (float(prof.nll[0]) - nll_hat), 0.0)

    return t


def _root_above(t, start: float, level: float, step: float) -> float:  # type: ignore[no-untyped-def]
    """Smallest κ > ``start`` with t(κ) = ``level`` (t convex, minimal at ``start``)."""
    hi = start + step
    for _ in range(1100):
        if t(hi) > level:
            lo = start
            return float(
                optimize.brentq(
                    lambda k: t(k) - level, lo, hi, xtol=1e-12 * step, rtol=1e-10, maxiter=200
                )
            )
        hi = start + 2.0 * (hi - start)
    raise ConvergenceError("profile-likelihood interval: the upper end is not bracketed")


def profile_likelihood_interval(
    model: LinearModel,
    data: ArrayLike,
    cl: float = 0.9,
    two_sided: bool | None = None,
    allow_negative: bool = False,
) -> LimitResult:
    """Asymptotic profile-likelihood interval on κ (Wilks' theorem, nuisances profiled).

    With t(κ) = 2[p(κ) − p(κ̂)] (p the profiled NLL):

    * one-sided upper limit: the κ > κ̂ where t = Φ⁻¹(cl)², i.e. q_μ = (Φ⁻¹(cl))² for the
      one-sided test statistic of Cowan, Cranmer, Gross & Vitells, EPJC 71 (2011) 1554,
      arXiv:1007.1727 (CCGV), whose asymptotic distribution is ½δ + ½χ²₁ (CCGV Eqs. 14 and
      16 with the upper limit of §3.7: μ_up = μ̂ + σ Φ⁻¹(1 − α)). At 90 % CL the threshold is
      1.2816² = 1.642; at 95 % CL it is 1.645² = 2.706. κ̂ is bounded at 0 (q̃_μ, CCGV Eq.
      16) unless ``allow_negative`` (q_μ, CCGV Eq. 14);
    * two-sided: {κ : t(κ) ≤ χ²₁(cl)} (Wilks, Ann. Math. Stat. 9 (1938) 60; 2.706 at 90 %),
      its lower end kept ≥ 0.

    ``two_sided=None`` chooses the two-sided interval when the data exclude κ = 0 at the CL
    (κ̂ > 0 and t(0) > χ²₁(cl)), the upper limit otherwise: the unified-approach flip of
    Feldman & Cousins (PRD 57 (1998) 3873) made with asymptotic thresholds. Unlike the FC
    construction (:func:`fc_upper_limit`) this choice does not guarantee coverage near the
    flip, and Wilks' theorem needs enough events; use toys for small counts.

    Args:
        model: any :class:`~munu.stats.models.LinearModel`.
        data: one observed data set.
        cl: confidence level.
        two_sided: True (two-sided), False (one-sided upper limit) or None (flip on the data).
        allow_negative: fit κ̂ without the κ ≥ 0 bound (see :meth:`LinearModel.fit`); the upper
            end may then be < 0, meaning every κ ≥ 0 is excluded at this CL.

    Returns:
        :class:`LimitResult` with ``limit`` the upper end, ``lower`` the lower end (0 for an
        upper limit) and ``best_fit`` κ̂.

    Example:
        >>> from munu.stats.models import GaussianResidualModel
        >>> m = GaussianResidualModel([0.0], [1.0], [1.0])
        >>> round(profile_likelihood_interval(m, [0.0]).limit, 4)  # Φ⁻¹(0.9) σ
        1.2816
        >>> res = profile_likelihood_interval(m, [3.0])  # excess beyond 90 %: two-sided
        >>> round(res.lower, 3), round(res.limit, 3)
        (1.355, 4.645)
    """
    level = _check_cl(cl)
    if two_sided not in (None, True, False):
        raise InputError("two_sided", two_sided, "True, False or None")
    if allow_negative not in (True, False):
        raise InputError("allow_negative", allow_negative, "True or False")
    d = _single(model, data)
    fit = model._fit_signed(d) if allow_negative else model._fit(d)
    k_hat = float(fit.kappa_hat[0])
    t = _t_function(model, d, fit)
    c_two = float(stats.chi2.ppf(level, 1))
    if two_sided is None:
        two_sided = k_hat > 0.0 and t(0.0) > c_two
    c = c_two if two_sided else float(stats.norm.ppf(level)) ** 2
    step = max(abs(k_hat), model.kappa_scale)
    upper = _root_above(t, k_hat, c, step)
    lower = 0.0
    if two_sided and k_hat > 0.0 and t(0.0) > c:
        lower = float(
            optimize.brentq(lambda k: t(k) - c, 0.0, k_hat, xtol=1e-12 * step, rtol=1e-10)
        )
    kind = "two-sided" if two_sided else "one-sided"
    bound = "unbounded" if allow_negative else "bounded"
    return LimitResult(
        upper, k_hat, level, f"profile likelihood ({kind}, {bound} κ̂, asymptotic)", lower
    )


# ------------------------------------------------------------------------ CCGV asymptotics


def _cls_asymptotic(q_obs: FloatArray, q_asimov: FloatArray) -> tuple[FloatArray, FloatArray]:
    """CLs+b = p_μ and CL_b = 1 − p_b for q̃_μ (CCGV Eqs. 65–67 and the b-only analogue).

    With sq = √q̃_obs and sa = √q_μ,A (= μ/σ):
    F(q̃|μ) = Φ(sq) for q̃ ≤ q_A, Φ((q̃ + q_A)/(2 sa)) otherwise;
    F(q̃|0) = Φ(sq − sa) for q̃ ≤ q_A, Φ((q̃ − q_A)/(2 sa)) otherwise.
    """
    sq = np.sqrt(np.maximum(q_obs, 0.0))
    sa = np.sqrt(np.maximum(q_asimov, 1e-300))
    small = q_obs <= q_asimov
    with np.errstate(divide="ignore", invalid="ignore"):
        clsb = np.where(small, stats.norm.sf(sq), stats.norm.sf((q_obs + q_asimov) / (2 * sa)))
        clb = np.where(small, stats.norm.sf(sq - sa), stats.norm.sf((q_obs - q_asimov) / (2 * sa)))
    return clsb, clb


class _Asymptotics:
    """q̃_μ of the observed data and q_μ,A of the background Asimov data as functions of κ."""

    def __init__(self, model: LinearModel, d: FloatArray, asimov: FloatArray | None) -> None:
        self.model = model
        self.d = d
        self.fit = model._fit(d)
        if asimov is None:
            nuis0 = model.profile(0.0, d).nuisances[0]
            asimov = np.asarray(model.expected(0.0, nuis0))[None, :]
        self.asimov = asimov
        self.fit_a = model._fit(asimov)

    def q_obs(self, kappa: FloatArray) -> FloatArray:
        rep = np.repeat(self.d, kappa.size, axis=0)
        t = np.maximum(2.0 * (self.model._profile(kappa, rep).nll - self.fit.nll[0]), 0.0)
        return np.where(self.fit.kappa_hat[0] <= kappa, t, 0.0)

    def q_asimov(self, kappa: FloatArray) -> FloatArray:
        rep = np.repeat(self.asimov, kappa.size, axis=0)
        return np.maximum(2.0 * (self.model._profile(kappa, rep).nll - self.fit_a.nll[0]), 0.0)

    def scale(self) -> float:
        """A κ at which the Asimov q reaches 1 (≈ σ_κ), by doubling from the model's unit."""
        k = self.model.kappa_scale
        for _ in range(200):
            q = float(self.q_asimov(np.array([k]))[0])
            if 0.5 < q < 4.0:
                return k
            k = k * 2.0 if q <= 0.5 else k / 2.0
        raise ConvergenceError("could not find the scale of κ from the Asimov data set")


def _solve_increasing(func, lo: float, hi: float) -> float:  # type: ignore[no-untyped-def]
    """Root of func on [lo, hi·2^k] where func goes from < 0 to > 0."""
    for _ in range(200):
        if func(hi) > 0.0:
            return float(optimize.brentq(func, lo, hi, xtol=1e-12 * lo, rtol=1e-10))
        lo, hi = hi, 2.0 * hi
    raise ConvergenceError("upper limit not bracketed")


def asymptotic_upper_limit(
    model: LinearModel,
    data: ArrayLike,
    cl: float = 0.9,
    method: str = "cls",
    asimov: ArrayLike | None = None,
) -> LimitResult:
    """Asymptotic upper limit from q̃_μ (CCGV arXiv:1007.1727 §3.7 and Eqs. 65–67).

    q̃_μ = t_μ if κ̂ ≤ μ else 0 (κ̂ ≥ 0 bounded, CCGV Eq. 16). Its distributions under μ and
    under 0 follow from σ² = μ²/q_μ,A with q_μ,A evaluated on the background Asimov data set
    (κ = 0, nuisances profiled on the observed data at κ = 0, as in pyhf). The limit solves
    CLs+b(μ) = 1 − cl (``method="clsb"``) or CLs = CLs+b/CL_b = 1 − cl (``"cls"``, Read, J.
    Phys. G 28 (2002) 2693).

    Args:
        model: the model.
        data: observed data set.
        cl: confidence level.
        method: ``"cls"`` or ``"clsb"``.
        asimov: optional Asimov data set to use instead of the background-only one built
            from the data.

    Returns:
        :class:`LimitResult`.

    Example:
        >>> from munu.stats.models import CountingModel
        >>> m = CountingModel(background=100.0, signal_per_kappa=1.0)
        >>> res = asymptotic_upper_limit(m, [100], method="clsb")
        >>> round(res.limit, 1)  # ≈ 1.28 σ with σ ≈ √100, plus the Poisson skew
        13.4
    """
    if method not in CLS_METHODS:
        raise InputError("method", method, "one of 'cls', 'clsb'")
    level = _check_cl(cl)
    d = _single(model, data)
    asi = None if asimov is None else model.as_data(asimov, allow_fractional=True)
    asym = _Asymptotics(model, d, asi)
    alpha = 1.0 - level

    def excess(k: float) -> float:
        kk = np.array([k])
        clsb, clb = _cls_asymptotic(asym.q_obs(kk), asym.q_asimov(kk))
        # for CLs, both tails underflow together only where the point is excluded anyway
        cls = clsb[0] / clb[0] if clb[0] > 0.0 else 0.0
        p = clsb[0] if method == "clsb" else cls
        return alpha - float(p)

    scale = asym.scale()
    # q_A ∝ κ² is lost to rounding for κ ≪ σ_κ, so the bracket starts at 10⁻³ σ_κ and moves
    # down only if that is already excluded.
    lo = max(float(asym.fit.kappa_hat[0]), 1e-3 * scale)
    if excess(lo) > 0.0:
        lo = 1e-3 * scale
        while excess(lo) > 0.0:
            lo /= 10.0
            if lo < 1e-9 * scale:
                raise ConvergenceError("every κ > 0 is excluded; the limit is below 1e-9 σ_κ")
    limit = _solve_increasing(excess, lo, max(lo, scale) * 2.0)
    return LimitResult(limit, float(asym.fit.kappa_hat[0]), level, f"asymptotic {method}")


def toy_cls_upper_limit(
    model: LinearModel,
    data: ArrayLike,
    kappa_grid: ArrayLike,
    n_toys: int = 10_000,
    cl: float = 0.9,
    seed: int = 0,
    method: str = "cls",
    *,
    chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
    progress: ProgressCallback | None = None,
    executor: Executor | None = None,
    store: RunStore | None = None,
) -> LimitResult:
    """Upper limit from q̃_μ with toy distributions (CLs or CLs+b).

    Signal-plus-background toys at (κ_j, θ̂̂_j) and background-only toys at (0, θ̂̂_0) (one set,
    evaluated at every κ_j) give CLs+b(κ_j) = P(q̃ ≥ q̃_obs | κ_j) and
    CL_b(κ_j) = P(q̃ ≥ q̃_obs | 0); the limit is where the chosen p-value first falls below
    1 − cl, interpolated linearly in κ. ``critical_values`` of the result holds that p-value
    on the grid.

    Args:
        model: as for :func:`fc_upper_limit`, and so are ``data``, ``kappa_grid``,
            ``n_toys``, ``cl``, ``seed``, ``chunk_elements``, ``progress``, ``executor``
            and ``store``.
        method: ``"cls"`` or ``"clsb"``.

    Returns:
        :class:`LimitResult`.

    Example:
        >>> from munu.stats.models import CountingModel
        >>> m = CountingModel(background=0.0, signal_per_kappa=1.0)
        >>> res = toy_cls_upper_limit(m, [0], np.linspace(0, 5, 51), n_toys=1000, seed=2)
        >>> 2.1 < res.limit < 2.5  # ln 10 = 2.303 for n = 0, b = 0
        True
    """
    if method not in CLS_METHODS:
        raise InputError("method", method, "one of 'cls', 'clsb'")
    level = _check_cl(cl)
    _check_toys(n_toys, level)
    d = _single(model, data)
    grid = _check_grid(kappa_grid)
    fit = model._fit(d)
    rep = np.repeat(d, grid.size, axis=0)
    prof = model.profile(grid, rep)
    t_obs = np.maximum(2.0 * (prof.nll - fit.nll[0]), 0.0)
    q_obs = np.where(fit.kappa_hat[0] <= grid, t_obs, 0.0)
    # toys are reduced to integer counts of q̃ ≥ q̃_obs as they come (memory independent of
    # the toys; integer sums, so identical for every chunking)

    def count_sb(j: int, t: FloatArray, kappa_hat: FloatArray) -> int:
        q = np.where(kappa_hat <= grid[j], t[0], 0.0)
        return int(np.count_nonzero(q >= q_obs[j]))

    def fraction(j: int, parts: list[Any]) -> Any:
        return sum(parts) / n_toys

    clsb = np.array(
        toy_summaries(
            model,
            grid,
            prof.nuisances,
            grid[:, None],
            n_toys,
            seed,
            count_sb,
            fraction,
            stream=0,
            chunk_elements=chunk_elements,
            executor=executor,
            store=store,
            progress=progress,
        ),
        dtype=float,
    )
    p = clsb
    if method == "cls":
        nuis0 = model._profile(np.zeros(1), d).nuisances  # θ̂̂(0) on the observed data

        def count_b(j: int, t: FloatArray, kappa_hat: FloatArray) -> NDArray[np.int64]:
            q = np.where(kappa_hat[None, :] <= grid[:, None], t, 0.0)
            return np.count_nonzero(q >= q_obs[:, None], axis=1)

        clb = toy_summaries(
            model,
            np.zeros(1),
            nuis0,
            grid[None, :],
            n_toys,
            seed,
            count_b,
            fraction,
            stream=1,
            chunk_elements=chunk_elements,
            executor=executor,
            store=store,
        )[0]
        p = np.where(clb > 0.0, clsb / np.where(clb > 0.0, clb, 1.0), 0.0)
    alpha = 1.0 - level
    below = np.nonzero(p < alpha)[0]
    if below.size == 0:
        raise InputError(
            "kappa_grid",
            f"[{grid[0]:g} … {grid[-1]:g}]",
            "a grid reaching κ values excluded at this confidence level",
        )
    i = int(below[0])
    limit = float(grid[0]) if i == 0 else _crossing(grid, p - alpha, i - 1)
    return LimitResult(
        limit,
        float(fit.kappa_hat[0]),
        level,
        f"toys {method}",
        0.0,
        grid,
        p,
        q_obs,
        int(n_toys),
        int(seed),
    )


def residual_unified_limit(model: GaussianResidualModel, cl: float = 0.9) -> LimitResult:
    """χ² fit of a residual spectrum, then the FC bounded-Gaussian interval in units of σ_κ.

    κ̂ ± σ_κ from the linear χ² (unbounded), then [κ₁, κ₂] = σ_κ · FC(κ̂/σ_κ) with
    :func:`~munu.stats.fc.fc_gaussian_interval` (FC 1998 §IV.C, Table X); this is how
    TEXONO (PRL 90 (2003) 131802, hep-ex/0212003) and later reactor experiments quote limits.

    Args:
        model: the residual model.
        cl: confidence level.

    Returns:
        :class:`LimitResult` (``best_fit`` is the bounded κ̂; the unbounded one is
        ``model.kappa_hat_unbounded``).

    Example:
        >>> m = GaussianResidualModel([-1.0], [1.0], [1.0])
        >>> round(residual_unified_limit(m).limit, 2)
        0.81
    """
    level = _check_cl(cl)
    sig = model.sigma_kappa
    k_hat = model.kappa_hat_unbounded
    lo, up = fc_gaussian_interval(k_hat / sig, level)
    return LimitResult(up * sig, max(k_hat, 0.0), level, "chi2 + FC bounded Gaussian", lo * sig)
