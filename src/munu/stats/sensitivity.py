"""Expected sensitivity: median upper limit on κ and its ±1σ/±2σ bands under κ = 0.

* ``method="asymptotic"``: the Asimov background-only data set and the CCGV band formula
  (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554, arXiv:1007.1727, Eq. 89 and its CLs
  analogue): the band at N σ is the κ where √q_κ,A = z_N with
  z_N = Φ⁻¹(1 − α) + N (CLs+b) or z_N = Φ⁻¹(1 − α Φ(N)) + N (CLs), α = 1 − cl; bands with
  z_N ≤ 0 are 0. q_κ,A is the exact profile-likelihood ratio on the Asimov data, so σ may
  depend on κ.
* ``method="toys"``: Feldman–Cousins sensitivity (FC 1998 §VI): critical values c_j from toys
  at (κ_j, nominal nuisances), then the FC upper limit of each of ``n_toys`` background-only
  pseudo-experiments; the quantiles Φ(−2), Φ(−1), ½, Φ(1), Φ(2) of those limits.

Example:
    >>> from munu.stats.models import CountingModel
    >>> from munu.stats.sensitivity import expected_sensitivity
    >>> res = expected_sensitivity(CountingModel(1e4, 1.0), method="asymptotic",
    ...                            statistic="clsb")
    >>> round(res.median / 100.0, 2)  # ≈ Φ⁻¹(0.9) σ = 1.28 σ, σ = √b = 100, + Poisson skew
    1.29
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

from munu.errors import ConvergenceError, InputError
from munu.stats.limits import _check_cl, _check_grid, _check_toys, critical_values
from munu.stats.models import LinearModel
from munu.stats.toys import DEFAULT_CHUNK_ELEMENTS, ProgressCallback, toy_summaries

if TYPE_CHECKING:
    from munu.parallel import Executor, RunStore

__all__ = ["SensitivityResult", "expected_sensitivity"]

FloatArray = NDArray[np.float64]
#: Band positions N (in σ of the limit's distribution), lowest first.
BAND_SIGMAS = (-2, -1, 0, 1, 2)


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """Median expected upper limit on κ and its bands.

    Attributes:
        quantiles: limits at N = −2, −1, 0, +1, +2 σ (``BAND_SIGMAS``).
        cl: confidence level of the limits.
        method: how they were obtained.
        n_toys: pseudo-experiments (0 for asymptotic).
        seed: seed of the toys (None for asymptotic).
        limits: the per-experiment limits (toys only).
    """

    quantiles: FloatArray
    cl: float
    method: str
    n_toys: int = 0
    seed: int | None = None
    limits: FloatArray | None = None

    @property
    def median(self) -> float:
        """Median expected upper limit."""
        return float(self.quantiles[2])

    @property
    def band_1sigma(self) -> tuple[float, float]:
        """(−1σ, +1σ) band."""
        return float(self.quantiles[1]), float(self.quantiles[3])

    @property
    def band_2sigma(self) -> tuple[float, float]:
        """(−2σ, +2σ) band."""
        return float(self.quantiles[0]), float(self.quantiles[4])

    def __repr__(self) -> str:
        q = self.quantiles
        return (
            f"SensitivityResult(median κ < {q[2]:.4g} at {100 * self.cl:g}% CL, "
            f"±1σ [{q[1]:.4g}, {q[3]:.4g}], ±2σ [{q[0]:.4g}, {q[4]:.4g}], "
            f"method={self.method!r})"
        )


def _asymptotic(model: LinearModel, level: float, statistic: str) -> SensitivityResult:
    asimov = np.asarray(model.asimov(0.0))[None, :]
    fit = model._fit(asimov)
    alpha = 1.0 - level

    def sqrt_qa(k: float) -> float:
        t = 2.0 * (model._profile(np.array([k]), asimov).nll[0] - fit.nll[0])
        return float(np.sqrt(max(t, 0.0)))

    out = []
    for n_sig in BAND_SIGMAS:
        if statistic == "clsb":
            z = stats.norm.isf(alpha) + n_sig
        else:
            z = stats.norm.isf(alpha * stats.norm.cdf(n_sig)) + n_sig
        if z <= 0.0:
            out.append(0.0)
            continue
        hi = model.kappa_scale
        for _ in range(400):
            if sqrt_qa(hi) > z:
                break
            hi *= 2.0
        else:
            raise ConvergenceError("Asimov q does not grow with κ; no sensitivity")
        lo = hi / 2.0
        while sqrt_qa(lo) > z and lo > 1e-300:
            lo /= 2.0
        # tolerance relative to the bracket: κ = μ² is ~1e-22 μ_B² for real experiments, so an
        # absolute xtol would return the bracket end unrefined
        root = optimize.brentq(lambda k, z=z: sqrt_qa(k) - z, lo, hi, xtol=lo * 1e-12, rtol=1e-10)
        out.append(float(root))
    return SensitivityResult(np.array(out), level, f"asymptotic {statistic}")


def expected_sensitivity(
    model: LinearModel,
    cl: float = 0.9,
    method: str = "asymptotic",
    *,
    statistic: str = "cls",
    kappa_grid: ArrayLike | None = None,
    n_toys: int = 2000,
    n_toys_belt: int = 2000,
    seed: int = 0,
    chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
    progress: ProgressCallback | None = None,
    executor: Executor | None = None,
    store: RunStore | None = None,
) -> SensitivityResult:
    """Median expected upper limit on κ under κ = 0 and its ±1σ, ±2σ bands.

    Args:
        model: the model; its nominal nuisances define the background-only hypothesis.
        cl: confidence level.
        method: ``"asymptotic"`` (Asimov + CCGV) or ``"toys"`` (FC limits of
            pseudo-experiments).
        statistic: for ``"asymptotic"``: ``"cls"`` or ``"clsb"``.
        kappa_grid: κ grid of the FC belt (``"toys"`` only; required).
        n_toys: background-only pseudo-experiments (``"toys"``).
        n_toys_belt: toys per grid point for the critical values (``"toys"``).
        seed: master seed.
        chunk_elements: memory bound per processing chunk.
        progress: optional progress callback for the belt toys.
        executor: optional :mod:`munu.parallel` executor for the toys (``"toys"``).
        store: optional :class:`munu.parallel.RunStore` making the toys resumable.

    Returns:
        :class:`SensitivityResult`.

    Example:
        >>> from munu.stats.models import CountingModel
        >>> res = expected_sensitivity(CountingModel(0.0, 1.0), method="toys",
        ...                            kappa_grid=np.linspace(0, 5, 51), n_toys=200)
        >>> 2.0 < res.median < 2.6  # every experiment sees n = 0: the FC limit 2.44
        True
    """
    level = _check_cl(cl)
    if method == "asymptotic":
        if statistic not in ("cls", "clsb"):
            raise InputError("statistic", statistic, "one of 'cls', 'clsb'")
        return _asymptotic(model, level, statistic)
    if method != "toys":
        raise InputError("method", method, "one of 'asymptotic', 'toys'")
    if kappa_grid is None:
        raise InputError("kappa_grid", None, "a κ grid for the toy (FC) sensitivity")
    grid = _check_grid(kappa_grid)
    _check_toys(n_toys_belt, level, "n_toys_belt")
    if isinstance(n_toys, bool) or not isinstance(n_toys, int | np.integer) or n_toys < 50:
        raise InputError(
            "n_toys",
            n_toys,
            "at least 50 pseudo-experiments (the −2σ band is their 2.3 % quantile)",
        )
    nominal = np.broadcast_to(model.nominal_nuisances, (grid.size, model.nominal_nuisances.size))
    crit = critical_values(
        model,
        grid,
        np.array(nominal),
        n_toys_belt,
        level,
        seed,
        stream=0,
        chunk_elements=chunk_elements,
        executor=executor,
        store=store,
        progress=progress,
    )

    def experiment_limits(j: int, t_test: FloatArray, kappa_hat: FloatArray) -> FloatArray:
        """FC upper limit of each pseudo-experiment (only these are kept, not t per κ_j)."""
        t = t_test.T  # (n, G)
        diff = t - crit[None, :]
        inside = diff <= 0.0
        if np.any(inside[:, -1]):
            raise InputError(
                "kappa_grid",
                f"[{grid[0]:g} … {grid[-1]:g}]",
                "a grid extending beyond every pseudo-experiment's upper limit",
            )
        if not np.all(inside.any(axis=1)):
            raise ConvergenceError("some pseudo-experiment has an empty FC interval on the grid")
        last = grid.size - 1 - np.argmax(inside[:, ::-1], axis=1)
        rows = np.arange(t.shape[0])
        d0, d1 = diff[rows, last], diff[rows, last + 1]
        frac = np.where(d1 != d0, d0 / (d0 - d1), 0.0)
        return grid[last] + (grid[last + 1] - grid[last]) * frac  # type: ignore[no-any-return]

    def concatenate(j: int, parts: list[FloatArray]) -> FloatArray:
        return np.concatenate(parts)

    limits = toy_summaries(
        model,
        np.zeros(1),
        np.array(nominal[:1]),
        grid[None, :],
        n_toys,
        seed,
        experiment_limits,
        concatenate,
        stream=2,
        chunk_elements=chunk_elements,
        executor=executor,
        store=store,
    )[0]
    probs = stats.norm.cdf(np.array(BAND_SIGMAS, dtype=float))
    quant = np.quantile(limits, probs)
    return SensitivityResult(quant, level, "toys feldman-cousins", int(n_toys), int(seed), limits)
