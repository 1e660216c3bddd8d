"""Allowed regions in a |Λ_i|–|Λ_j| plane (:func:`allowed_region`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from munu._validate import as_float
from munu.errors import InputError
from munu.globalfit._conventions import _check_cl
from munu.globalfit.arrival import _gram
from munu.globalfit.catalogue import _constraints, default_params
from munu.globalfit.constraints import EffectiveMomentConstraint
from munu.globalfit.priors import OscillationPrior, oscillation_prior
from munu.globalfit.profile import _densities, _total_chi2, _weights
from munu.globalfit.results import run_global_fit
from munu.globalfit.scan import ScanGrid, _majorana_lam
from munu.mixing import (
    OscillationParameters,
)


# -- allowed regions ------------------------------------------------------------------------
@dataclass(frozen=True)
class AllowedRegion:
    """Δχ² on a plane of two |Λ_i| (the third zero; phase and oscillations profiled).

    Attributes:
        plane: indices (i, j) of the two components (0-based).
        x, y: |Λ_i| and |Λ_j| grids in μ_B.
        delta_chi2: Δχ²[iy, ix] relative to the minimum on the plane.
        threshold: Δχ² of the CL contour (two parameters: χ²₂ quantile, 4.61 at 90 %).
        cl: confidence level.
        constraint_names: experiments combined.

    Example:
        >>> reg = allowed_region("canas2016", (0, 2), "nufit60", max_mu=1e-10, n_grid=5,
        ...                      n_phase=4, n_osc=1)
        >>> round(reg.threshold, 2)
        4.61
    """

    plane: tuple[int, int]
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    delta_chi2: NDArray[np.float64]
    threshold: float
    cl: float
    constraint_names: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary."""
        return {
            "plane": list(self.plane),
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "delta_chi2": self.delta_chi2.tolist(),
            "threshold": self.threshold,
            "cl": self.cl,
            "constraints": list(self.constraint_names),
        }


def allowed_region(
    constraints: Sequence[EffectiveMomentConstraint] | str | None = None,
    plane: tuple[int, int] = (0, 1),
    params: OscillationPrior | OscillationParameters | str | None = None,
    *,
    max_mu: float | None = None,
    n_grid: int = 41,
    n_phase: int = 24,
    n_osc: int = 3,
    cl: float = 0.9,
) -> AllowedRegion:
    """Majorana allowed region in the (|Λ_i|, |Λ_j|) plane, Λ_k = 0 for the third.

    The relative phase of Λ_i and Λ_j and the oscillation parameters are profiled; the
    contour uses Δχ² for two parameters (χ²₂ quantile).

    Args:
        constraints: as for :func:`run_global_fit`.
        plane: the two component indices (0, 1, 2 for Λ₁, Λ₂, Λ₃).
        params: oscillation prior or parameters (``None``: as :func:`run_global_fit`).
        max_mu: extent of both axes in μ_B (default: 1.6 × the fit's |Λ| bound).
        n_grid: points per axis.
        n_phase: relative-phase points.
        n_osc: nodes per oscillation parameter.
        cl: confidence level of the contour.

    Returns:
        :class:`AllowedRegion`.

    Example:
        >>> reg = allowed_region("grimus2003", max_mu=5e-10, n_grid=11, n_phase=6, n_osc=1)
        >>> reg.delta_chi2.shape
        (11, 11)
    """
    cons = _constraints(constraints)
    i, j = (int(v) for v in plane)
    if {i, j} - {0, 1, 2} or i == j:
        raise InputError("plane", plane, "two different indices among 0, 1, 2")
    c = _check_cl(cl)
    prior = oscillation_prior(default_params(constraints) if params is None else params)
    if max_mu is None:
        fit = run_global_fit(cons, "majorana", prior, cl=c, n_osc=n_osc, grid=ScanGrid(9, 8))
        top = 1.6 * fit.lambda_limit
        if not math.isfinite(top):
            raise InputError("max_mu", max_mu, "a finite extent (the region is unbounded)")
    else:
        top = as_float(max_mu, "max_mu", positive=True)
    axis = np.linspace(0.0, top, n_grid)
    ph = np.linspace(0.0, 2 * np.pi, n_phase, endpoint=False)
    yy, xx, pp = np.meshgrid(axis, axis, ph, indexing="ij")
    vec = np.zeros((*xx.shape, 3), dtype=complex)
    vec[..., i] = xx
    vec[..., j] = yy * np.exp(1j * pp)
    nodes, prior_chi2 = prior.nodes(n_osc)
    w = _weights(_gram(_majorana_lam(vec.reshape(-1, 3))), _densities(cons, nodes))
    chi2 = _total_chi2(1.0, w, cons, prior_chi2)  # (P, N): norms are in the vectors
    prof = chi2.min(axis=0).reshape(xx.shape).min(axis=-1)
    return AllowedRegion(
        plane=(i, j),
        x=axis,
        y=axis,
        delta_chi2=prof - prof.min(),
        threshold=float(stats.chi2.ppf(c, 2)),
        cl=c,
        constraint_names=tuple(x.name for x in cons),
    )
