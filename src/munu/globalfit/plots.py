"""Figures of the global fit (:func:`plot_delta_chi2`, :func:`plot_allowed_region`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from munu.errors import InputError
from munu.globalfit.regions import AllowedRegion
from munu.globalfit.results import GlobalFitResult


# -- figures --------------------------------------------------------------------------------
def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=(5.0, 4.0)).add_subplot()


def plot_delta_chi2(
    results: GlobalFitResult | Sequence[GlobalFitResult],
    ax: Any = None,
    labels: Sequence[str] | None = None,
) -> Any:
    """Profiled Δχ² versus the bounded norm (in 10⁻¹⁰ μ_B) for one or more fits.

    Args:
        results: one or several :class:`GlobalFitResult` (e.g. solar-only and combined).
        ax: matplotlib axes to draw on (a new figure without pyplot if ``None``).
        labels: legend labels (default: the constraint names).

    Returns:
        The matplotlib axes.

    Example:
        >>> from munu.globalfit import ScanGrid, run_global_fit
        >>> r = run_global_fit("grimus2003-solar", n_osc=1, grid=ScanGrid(7, 4))
        >>> plot_delta_chi2(r).get_xlabel()
        '|Λ| [10⁻¹⁰ μ_B]'
    """
    res = [results] if isinstance(results, GlobalFitResult) else list(results)
    if not res or not all(isinstance(r, GlobalFitResult) for r in res):
        raise InputError("results", results, "GlobalFitResult objects")
    ax = _axes(ax)
    for n, r in enumerate(res):
        label = labels[n] if labels is not None else " + ".join(r.constraint_names)
        ax.plot(np.asarray(r.norm_grid) / 1e-10, r.delta_chi2_curve, label=label)
    ax.axhline(res[0].delta_chi2, color="grey", ls="--", lw=0.8)
    ax.text(
        0.02,
        res[0].delta_chi2,
        f"{res[0].cl:.0%} C.L.",
        va="bottom",
        fontsize=8,
        transform=ax.get_yaxis_transform(),
    )
    name = "|Λ|" if res[0].kind == "majorana" else "‖μ‖"
    ax.set_xlabel(f"{name} [10⁻¹⁰ μ_B]")
    ax.set_ylabel("Δχ² (profiled)")
    ax.set_ylim(0.0, max(4.0 * res[0].delta_chi2, 1.0))
    ax.legend(fontsize=7)
    return ax


def plot_allowed_region(region: AllowedRegion, ax: Any = None) -> Any:
    """Contour of an :class:`AllowedRegion` (axes in 10⁻¹⁰ μ_B).

    Example:
        >>> from munu.globalfit import allowed_region
        >>> reg = allowed_region("grimus2003", max_mu=5e-10, n_grid=11, n_phase=6, n_osc=1)
        >>> plot_allowed_region(reg).get_ylabel()
        '|Λ2| [10⁻¹⁰ μ_B]'
    """
    if not isinstance(region, AllowedRegion):
        raise InputError("region", region, "an AllowedRegion")
    ax = _axes(ax)
    i, j = region.plane
    ax.contour(region.x / 1e-10, region.y / 1e-10, region.delta_chi2, levels=[region.threshold])
    ax.set_xlabel(f"|Λ{i + 1}| [10⁻¹⁰ μ_B]")
    ax.set_ylabel(f"|Λ{j + 1}| [10⁻¹⁰ μ_B]")
    ax.set_title(f"{region.cl:.0%} C.L. allowed (inside)", fontsize=9)
    return ax
