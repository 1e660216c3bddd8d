"""Vectorised bounded minimisation in κ of a convex profiled negative log-likelihood.

Every munu model has an expectation linear in κ and in its nuisance parameters, with Poisson
or Gaussian terms, so the joint NLL is convex and so is the profile p(κ) = min_θ NLL(κ, θ).
Its first and second derivatives follow from the envelope theorem and the Schur complement
of the Hessian (dp/dκ = ∂NLL/∂κ, d²p/dκ² = H_κκ − H_κθ H_θθ⁻¹ H_θκ at the profiled θ). The
minimum over κ ≥ 0 is then found for a whole batch of data sets at once by Newton steps
safeguarded by a bisection bracket, so no minimiser is ever called per data set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from munu.errors import ConvergenceError

__all__ = ["KappaEvaluator", "minimise_kappa", "minimise_kappa_from"]

#: Convergence tolerance on κ, relative to (scale + κ) with ``scale`` the model's natural κ
#: unit (about one signal event; κ = μ² is ~1e-22 μ_B² in real experiments, so the tolerance
#: must not be absolute). At the minimum p is quadratic, so the profiled NLL (and t) is then
#: exact to ~h·(1e-7)², far below any quantile resolution.
KAPPA_TOL = 1.0e-7
MAX_ITER = 200
#: Tolerance on the profiled NLL at the minimum used for toys (``nll_tol`` of
#: :func:`minimise_kappa_from`): their t = 2Δp is then exact to 2e-10, far below any
#: quantile resolution.
NLL_TOL = 1.0e-10

DerivFn = Callable[
    [NDArray[np.float64], NDArray[np.intp]], tuple[NDArray[np.float64], NDArray[np.float64]]
]


def minimise_kappa(
    derivs: DerivFn,
    n: int,
    start: NDArray[np.float64] | None = None,
    scale: float = 1.0,
) -> NDArray[np.float64]:
    """Bounded (κ ≥ 0) minimiser of convex profiled NLLs for ``n`` data sets.

    The stateless form of :func:`minimise_kappa_from` (same iteration): ``derivs`` is told
    which data sets are still iterating.

    Args:
        derivs: ``derivs(kappa, rows)`` → (dp/dκ, d²p/dκ²) for the data sets ``rows`` at the
            values ``kappa`` (both 1-d of equal length).
        n: number of data sets.
        start: optional starting values (e.g. a Gaussian approximation), clipped at 0;
            default 0, where the iteration then starts.
        scale: the natural unit of κ for the model (> 0), used for the tolerance and for the
            first steps when no curvature information is available.

    Returns:
        κ̂ ≥ 0 for every data set.

    Raises:
        ConvergenceError: if some data set has not converged after ``MAX_ITER`` steps, or its
            profile has no minimum (score negative everywhere).
    """
    first = np.zeros(n) if start is None else np.asarray(start, dtype=float)
    return minimise_kappa_from(_RowsEvaluator(derivs, n), first, scale)


class _RowsEvaluator:
    """:class:`KappaEvaluator` over a stateless ``derivs(kappa, rows)``."""

    def __init__(self, derivs: DerivFn, n: int) -> None:
        self._derivs = derivs
        self.rows = np.arange(n)

    def derivs(self, kappa: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return self._derivs(kappa, self.rows)

    def finish(self, done: NDArray[np.bool_]) -> None:
        self.rows = self.rows[~done]


class KappaEvaluator(Protocol):
    """What :func:`minimise_kappa_from` needs of a model for a batch of data sets."""

    def derivs(self, kappa: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """dp/dκ and d²p/dκ² of the rows still iterating, at ``kappa`` (one per row)."""
        ...

    def finish(self, done: NDArray[np.bool_]) -> None:
        """Rows ``done`` (mask over the rows still iterating) have converged at the κ of the
        last :meth:`derivs` call: keep what is needed of them and drop them."""
        ...


def minimise_kappa_from(
    evaluator: KappaEvaluator,
    start: NDArray[np.float64],
    scale: float = 1.0,
    nll_tol: float = 0.0,
) -> NDArray[np.float64]:
    """Bounded (κ ≥ 0) minimiser of convex profiles, starting at a good guess.

    κ = 0 is evaluated only for the data sets that need it: the iteration starts at
    max(``start``, 0) and goes to 0 when a step would cross it (where
    g(0) ≥ 0 ends it: the bounded minimum is 0). The converged κ̂ is the last *evaluated*
    point, whose Newton step was below the tolerance (or whose bracket closed), so the
    evaluator's state there (e.g. profiled nuisances) belongs to κ̂ and nothing needs to be
    recomputed. Steps follow the same safeguarded Newton rule (rtsafe, Numerical Recipes §9.4).

    Args:
        evaluator: see :class:`KappaEvaluator`.
        start: starting values (n,), e.g. a least-squares estimate; non-finite ones start at 0.
        scale: the natural unit of κ (> 0) for the tolerance and for expansion steps.
        nll_tol: also stop where the Newton decrement g²/h is below 2·``nll_tol``, i.e. the
            profile at the last point exceeds its minimum by at most ~``nll_tol`` (Boyd &
            Vandenberghe, *Convex Optimization* §9.5.1). For toys, whose likelihood ratios
            need the minimum value rather than κ̂ itself (:data:`NLL_TOL`); 0 (default)
            converges on κ to :data:`KAPPA_TOL`.

    Returns:
        κ̂ ≥ 0 for every data set.

    Raises:
        ConvergenceError: if some data set has not converged after ``MAX_ITER`` steps, or its
            profile has no minimum (score negative everywhere).
    """
    n = start.size
    kappa = np.zeros(n)
    active = np.arange(n)
    k = np.where(np.isfinite(start), np.maximum(start, 0.0), 0.0)
    lo = np.zeros(n)
    lo_ok = np.zeros(n, dtype=bool)  # g(lo) < 0 verified (else lo is the unverified bound 0)
    hi = np.full(n, np.inf)
    dx_old = np.full(n, np.inf)
    for _ in range(MAX_ITER):
        g, h = evaluator.derivs(k)
        neg = g < 0.0
        lo = np.where(neg, np.maximum(lo, k), lo)
        lo_ok |= neg
        hi = np.where(neg, hi, np.minimum(hi, k))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            step = np.where(h > 0.0, -g / h, np.inf * -np.sign(g))
        new = k + step
        tol = KAPPA_TOL * (scale + k)
        bounded = np.isfinite(hi)
        # converged: the step is below the κ tolerance (or the Newton decrement below
        # nll_tol), never on a step that would leave κ ≥ 0 unchecked
        small = (np.abs(step) <= tol) | (g * step >= -2.0 * nll_tol)
        done = small & (h > 0.0) & (lo_ok | (new >= 0.0))
        done |= (k == 0.0) & ~neg  # the bounded minimum is at 0
        done |= lo_ok & bounded & (hi - lo <= KAPPA_TOL * (scale + lo))
        slow = bounded & (np.abs(step) > 0.5 * dx_old)
        outside = ~((new > lo) & (new < hi)) | ~np.isfinite(new) | slow
        fallback = np.where(
            bounded, np.where(lo_ok, 0.5 * (lo + hi), 0.0), 2.0 * np.maximum(k, lo) + scale
        )
        new = np.where(outside, fallback, new)
        dx_old = np.where(bounded, np.abs(new - k), np.inf)
        kappa[active[done]] = k[done]
        evaluator.finish(done)
        keep = ~done
        if not np.any(keep):
            return kappa
        active, k, lo, hi = active[keep], new[keep], lo[keep], hi[keep]
        lo_ok, dx_old = lo_ok[keep], dx_old[keep]
        if np.any(k > 1.0e300 * scale):
            raise ConvergenceError(
                "the profile likelihood decreases without bound in κ for some data sets"
            )
    raise ConvergenceError(
        f"bounded fit of κ did not converge in {MAX_ITER} Newton steps for {active.size} data sets"
    )
