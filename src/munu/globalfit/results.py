"""The fit itself and what it returns (:func:`run_global_fit`, :class:`GlobalFitResult`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from munu._validate import check_choice
from munu.errors import InputError
from munu.globalfit._conventions import FIT_KINDS, _check_cl, delta_chi2_threshold
from munu.globalfit.arrival import _gram
from munu.globalfit.catalogue import _constraints, default_params
from munu.globalfit.constraints import EffectiveMomentConstraint
from munu.globalfit.priors import OscillationPrior, oscillation_prior
from munu.globalfit.profile import _densities, _profile, _refine, _weights
from munu.globalfit.scan import ScanGrid, _directions, _majorana_lam
from munu.mixing import (
    OscillationParameters,
)


# -- results --------------------------------------------------------------------------------
def _json_float(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


@dataclass(frozen=True)
class GlobalFitResult:
    """Result of :func:`run_global_fit`.

    Attributes:
        kind: ``"majorana"``, ``"dirac"`` or ``"dirac-diagonal"``.
        quantity: what ``lambda_limit`` bounds.
        lambda_limit: the CL upper bound in μ_B (``inf`` if some direction is unconstrained).
        component_limits: bounds on single elements (|Λ_i| or |μ_kk|) in μ_B, each with only
            that element non-zero.
        cl: confidence level; sided: threshold convention; delta_chi2: the Δχ² threshold.
        chi2_min: global minimum of the χ².
        best_fit_norm: norm at the global minimum (μ_B).
        worst_direction: the unit direction at the bound (|components|², phases in degrees).
        worst_params: sin²θ₁₂ and Δm²₂₁ at the bound.
        constraint_names: the experiments combined.
        params_name: the oscillation-parameter set.
        norm_grid: norms (μ_B) of the profiled Δχ² curve.
        delta_chi2_curve: profiled Δχ² on ``norm_grid`` (exact where it crosses the
            threshold; at small norms the envelope over the directions and nodes that reach
            at least half the bound, plus the best fit).
        n_directions, n_nodes: size of the scan.

    Example:
        >>> r = run_global_fit("canas2016", params="nufit60", n_osc=1, grid=ScanGrid(5, 4))
        >>> sorted(r.to_dict()["component_limits"])
        ['Lambda1', 'Lambda2', 'Lambda3']
    """

    kind: str
    quantity: str
    lambda_limit: float
    component_limits: Mapping[str, float]
    cl: float
    sided: str
    delta_chi2: float
    chi2_min: float
    best_fit_norm: float
    worst_direction: Mapping[str, tuple[float, ...]]
    worst_params: Mapping[str, float]
    constraint_names: tuple[str, ...]
    params_name: str
    norm_grid: tuple[float, ...]
    delta_chi2_curve: tuple[float, ...]
    n_directions: int
    n_nodes: int

    @property
    def unbounded(self) -> bool:
        """True if some direction is not constrained by the inputs."""
        return not math.isfinite(self.lambda_limit)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary (infinite bounds become ``None``)."""
        return {
            "kind": self.kind,
            "quantity": self.quantity,
            "lambda_limit": _json_float(self.lambda_limit),
            "unbounded": self.unbounded,
            "component_limits": {k: _json_float(v) for k, v in self.component_limits.items()},
            "cl": self.cl,
            "sided": self.sided,
            "delta_chi2": self.delta_chi2,
            "chi2_min": self.chi2_min,
            "best_fit_norm": self.best_fit_norm,
            "worst_direction": {k: list(v) for k, v in self.worst_direction.items()},
            "worst_params": dict(self.worst_params),
            "constraints": list(self.constraint_names),
            "params": self.params_name,
            "norm_grid": list(self.norm_grid),
            "delta_chi2_curve": list(self.delta_chi2_curve),
            "n_directions": self.n_directions,
            "n_nodes": self.n_nodes,
        }

    def __repr__(self) -> str:
        lim = "unbounded" if self.unbounded else f"{self.lambda_limit:.3g} μ_B"
        comps = ", ".join(f"{k} < {v:.3g}" for k, v in self.component_limits.items())
        return (
            f"GlobalFitResult({self.kind}: {self.quantity} < {lim} at {self.cl:.0%} CL; "
            f"{comps}; {len(self.constraint_names)} constraints, params {self.params_name})"
        )


_QUANTITY = {
    "majorana": "|Λ| = √(Σ|Λ_i|²) (Majorana transition moments)",
    "dirac": "‖μ‖_F = √(Σ_jk |μ_jk|²) (Dirac, general Hermitian μ, ε = 0)",
    "dirac-diagonal": "√(Σ_k |μ_kk|²) (Dirac, diagonal μ only)",
}


def run_global_fit(
    constraints: Sequence[EffectiveMomentConstraint]
    | EffectiveMomentConstraint
    | str
    | None = None,
    kind: str = "majorana",
    params: OscillationPrior | OscillationParameters | str | None = None,
    *,
    cl: float = 0.9,
    sided: str = "one",
    n_osc: int = 5,
    grid: ScanGrid | None = None,
    refine: bool = True,
) -> GlobalFitResult:
    """Combine effective-moment constraints into a bound on the fundamental moments.

    The single entry point of the ``munu global`` command.

    * ``kind="majorana"``: bound on |Λ| = √(Σ|Λ_i|²), profiled over the direction of Λ
      (moduli on the sphere, relative phases of Λ₂, Λ₃) — Grimus et al. 2003; component
      limits on each |Λ_i| alone.
    * ``kind="dirac"``: bound on the Frobenius norm of a general Hermitian μ (diagonal and
      transition moments, ε = 0), profiled over random directions plus the axes;
      component limits on each |μ_kk| alone.
    * ``kind="dirac-diagonal"``: bound on √(Σ|μ_kk|²) for diagonal μ.

    Oscillation parameters: profiled over the ±2σ node grid of the prior (``n_osc`` nodes
    per parameter; 1 = fixed central values).

    Args:
        constraints: constraints, a constraint or set name (:data:`CONSTRAINT_SETS`,
            :data:`CONSTRAINTS`), or ``None`` for ``"review2004"``.
        kind: one of :data:`FIT_KINDS`.
        params: :class:`OscillationPrior`, fixed parameters, or a name (``"nufit60"``,
            ``"lma2004"``, ``"lma2008"`` with priors; other names fixed); ``None``: the set's
            own (:data:`~munu.globalfit.catalogue.SET_PARAMS`, e.g. ``"lma2002"`` for
            ``"grimus2003"``), else ``"lma2004"``.
        cl: confidence level.
        sided: Δχ² convention (:func:`delta_chi2_threshold`); use the one the limit-type
            constraints were built with.
        n_osc: nodes per oscillation parameter.
        grid: scan resolution (:class:`ScanGrid`).
        refine: polish the grid's worst direction with a local (Nelder–Mead) maximisation
            of the upper root at the worst oscillation node.

    Returns:
        :class:`GlobalFitResult`.

    Example:
        >>> r = run_global_fit("reactor-solar-2005", n_osc=3, grid=ScanGrid(9, 8))
        >>> 1.5e-10 < r.lambda_limit < 2.6e-10
        True
    """
    cons = _constraints(constraints)
    fit_kind = check_choice(kind, "kind", FIT_KINDS)
    prior = oscillation_prior(default_params(constraints) if params is None else params)
    c = _check_cl(cl)
    threshold = delta_chi2_threshold(c, sided)
    g = ScanGrid() if grid is None else grid
    if not isinstance(g, ScanGrid):
        raise InputError("grid", grid, "a ScanGrid")
    nodes, prior_chi2 = prior.nodes(n_osc)
    lam, desc = _directions(fit_kind, g)
    dens = _densities(cons, nodes)
    w = _weights(_gram(lam), dens)
    prof = _profile(w, cons, prior_chi2, threshold)
    # single-element bounds
    if fit_kind == "majorana":
        singles = _majorana_lam(np.eye(3, dtype=complex))
        labels = ("Lambda1", "Lambda2", "Lambda3")
    else:
        singles = np.zeros((3, 3, 3), dtype=complex)
        singles[[0, 1, 2], [0, 1, 2], [0, 1, 2]] = 1.0
        labels = ("mu11", "mu22", "mu33")
    ws = _weights(_gram(singles), dens)
    comp = {
        lab: math.sqrt(_profile(ws[:, :, [i]], cons, prior_chi2, threshold, 2).bound_s)
        for i, lab in enumerate(labels)
    }
    node, d = prof.worst
    bound_s = prof.bound_s
    lam_worst = lam[d]
    if refine and math.isfinite(bound_s) and bound_s > 0:
        bound_s, lam_worst = _refine(
            fit_kind,
            desc[d],
            dens[node],
            float(prior_chi2[node]),
            cons,
            prof.chi2_min + threshold,
            bound_s,
        )
    if fit_kind == "majorana":
        v = np.array([lam_worst[1, 2], lam_worst[2, 0], lam_worst[0, 1]])
        v = v * np.exp(-1j * np.angle(v[0])) if abs(v[0]) > 0 else v
        worst = {
            "abs2": tuple(float(x) for x in np.abs(v) ** 2),
            "phase_deg": tuple(float(x) for x in np.degrees(np.angle(v))),
        }
    elif fit_kind == "dirac-diagonal":
        worst = {"abs2": tuple(float(abs(x) ** 2) for x in np.diag(lam_worst))}
    else:
        h = lam_worst
        worst = {
            "abs2_diagonal": tuple(float(x) for x in np.abs(np.diag(h)) ** 2),
            "abs2_offdiagonal": tuple(
                float(abs(h[j, k]) ** 2) for j, k in ((0, 1), (0, 2), (1, 2))
            ),
        }
    pw = nodes[node]
    return GlobalFitResult(
        kind=fit_kind,
        quantity=_QUANTITY[fit_kind],
        lambda_limit=math.sqrt(bound_s) if bound_s >= 0 else float("nan"),
        component_limits=MappingProxyType(comp),
        cl=c,
        sided=sided,
        delta_chi2=threshold,
        chi2_min=prof.chi2_min,
        best_fit_norm=math.sqrt(prof.best_s),
        worst_direction=MappingProxyType(worst),
        worst_params=MappingProxyType({"sin2_theta12": pw.sin2_theta12, "dm21_ev2": pw.dm21_ev2}),
        constraint_names=tuple(x.name for x in cons),
        params_name=prior.name,
        norm_grid=tuple(float(x) for x in np.sqrt(prof.curve_s)),
        delta_chi2_curve=tuple(float(x) for x in prof.curve_dchi2),
        n_directions=int(lam.shape[0]),
        n_nodes=len(nodes),
    )
