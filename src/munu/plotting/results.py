"""Figures of single results: a card's spectrum, a limit's Δχ² scan, a sensitivity's bands.

These back ``--plot`` of ``munu rate``, ``munu limit`` and ``munu sensitivity`` and are drawn
in the common style (:mod:`munu.plotting.style`):

* :func:`plot_spectrum`: the *expected* counts per bin of each component of a card
  (:func:`munu.model.rate_summary`) and their sum;
* :func:`plot_limit_scan`: the profile-likelihood ratio t(μ) = 2[p(κ) − p(κ̂)] (a Δχ²) of
  the *observed* data against μ, the asymptotic one-sided critical value
  Φ⁻¹(CL)² (1.64 at 90% CL; Cowan et al., arXiv:1007.1727 §3.6) and the limit of the method
  actually used (which, for FC or toys, need not sit on that line);
* :func:`plot_sensitivity_bands`: the *expected* limit (median, ±1σ, ±2σ, asymptotic
  Asimov bands, Cowan et al. Eq. 89) against the ON live time, scaled from the card's, with
  the card's own result marked at its live time.

Example:
    >>> from munu.model import rate_summary
    >>> from munu.plotting.results import plot_spectrum
    >>> from munu.plotting.style import new_figure
    >>> fig = new_figure()
    >>> ax = plot_spectrum(rate_summary("texono_ks_2003", mu=1e-10), fig.add_subplot())
    >>> ax.get_yscale()
    'log'
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
from scipy import stats

from munu.errors import InputError
from munu.plotting.style import cl_label, label_curve, mu_unit, plain_axis, plain_log_ticks

__all__ = ["plot_limit_scan", "plot_sensitivity_bands", "plot_spectrum", "scale_exposure"]

_COMPONENTS = (
    ("magnetic", "C3", "magnetic"),
    ("weak", "C0", r"SM weak ($\nu$-e)"),
    ("cevns", "C2", "CEvNS"),
    ("background", "0.5", "detector background"),
)


def _exponent(value: float) -> int:
    return math.floor(math.log10(value)) if value > 0 and math.isfinite(value) else 0


def _mu_text(mu: float) -> str:
    if mu == 0:
        return r"$\mu = 0$"
    n = _exponent(mu)
    return rf"$\mu = {mu / 10.0**n:.3g}\times10^{{{n}}}\,\mu_B$"


def plot_spectrum(summary: dict[str, Any], ax: Any) -> Any:
    """Expected counts per bin of each component of :func:`munu.model.rate_summary`."""
    edges = np.asarray(summary["edges_kev"], dtype=float)
    total = np.zeros(edges.size - 1)
    for key, color, label in _COMPONENTS:
        counts = np.asarray(summary.get(key, np.zeros_like(total)), dtype=float)
        total = total + counts
        if np.any(counts > 0):
            text = f"{label}, {_mu_text(float(summary['mu']))}" if key == "magnetic" else label
            style = {"ls": "--", "lw": 2.5} if key == "background" else {}
            ax.stairs(counts, edges, color=color, label=text, baseline=None, **style)
    ax.stairs(total, edges, color="k", lw=1.2, label="total expected", baseline=None)
    positive = total[total > 0]
    if positive.size:
        ax.set_yscale("log")
    ax.set_xlabel("observed energy [keV]")
    ax.set_ylabel(f"expected counts per bin ({summary.get('live_days', 0):g} live days ON)")
    ax.set_title(f"{summary['name']}: expected spectrum")
    ax.legend()
    plain_axis(ax)
    return ax


def plot_limit_scan(
    model: Any, data: Any, result: Any, ax: Any, *, n_points: int = 200, span: float = 2.0
) -> Any:
    """Δχ² = t(μ) of the observed data against μ, with the critical value and the limit.

    Args:
        model: the :mod:`munu.stats` model (κ = μ² in μ_B²).
        data: its observed data set.
        result: the :class:`munu.inference.CardLimit` (``mu_limit``, ``cl``, ``method``).
        ax: matplotlib axes.
        n_points: points of the scan.
        span: the scan runs to ``span`` × the limit in μ (excluded side shaded).
    """
    mu_lim = float(result.mu_limit)
    if not (mu_lim > 0 and math.isfinite(mu_lim)):
        raise InputError("mu_limit", mu_lim, "a finite limit > 0 to scan around")
    n = _exponent(mu_lim)
    unit = 10.0**n
    mu = np.linspace(0.0, span * mu_lim, int(n_points))
    # the excluded side (μ above the limit) is lightly shaded
    d = model.as_data(data)
    t = model.t_statistic(mu**2, np.repeat(d, mu.size, axis=0))
    ax.plot(mu / unit, t, "k-", label=r"observed $\Delta\chi^2 = 2\,\Delta\ln L$ (profiled)")
    crit = float(stats.norm.ppf(result.cl)) ** 2
    ax.axhline(crit, color="C0", ls="--", lw=1)
    label_curve(
        ax,
        mu / unit,
        np.full(mu.size, crit),
        rf"$\Delta\chi^2 = {crit:.2f}$ (asymptotic, one-sided {cl_label(result.cl)})",
        at=0.3,
        color="C0",
    )
    t_lim = float(np.interp(mu_lim, mu, t))
    top = max(4.0 * crit, 2.0 * t_lim)
    ax.axvline(
        mu_lim / unit,
        color="C3",
        lw=1.5,
        label=f"{cl_label(result.cl)} upper limit ({result.method}): "
        rf"$\mu < {mu_lim / unit:.3g}\times10^{{{n}}}\,\mu_B$",
    )
    ax.axvspan(mu_lim / unit, span * mu_lim / unit, color="C3", alpha=0.08, lw=0)
    ax.set_xlim(0, span * mu_lim / unit)
    ax.set_ylim(0, top)
    ax.set_xlabel(rf"$\mu_\nu$ [{mu_unit(n)}]")
    ax.set_ylabel(r"$\Delta\chi^2$")
    ax.set_title(f"{result.card}: likelihood scan of the observed data")
    ax.legend(loc="upper left")
    plain_axis(ax)
    return ax


def scale_exposure(model: Any, factor: float) -> Any:
    """The model with its exposure (live time) multiplied by ``factor`` (same rates)."""
    from munu.stats import BinnedModel, CountingModel, OnOffModel

    f = float(factor)
    if not (f > 0 and math.isfinite(f)):
        raise InputError("factor", factor, "a finite number > 0")
    if isinstance(model, OnOffModel):
        return replace(
            model, exposure_on=model.exposure_on * f, exposure_off=model.exposure_off * f
        )
    if isinstance(model, BinnedModel):
        return replace(
            model,
            signal_per_kappa=model.signal_per_kappa * f,
            background=model.background * f,
            sm=None if model.sm is None else model.sm * f,
        )
    if isinstance(model, CountingModel):
        return replace(
            model,
            background=model.background * f,
            signal_per_kappa=model.signal_per_kappa * f,
            background_sigma=model.background_sigma * f,
        )
    raise InputError("model", type(model).__name__, "a counting, ON/OFF or binned model")


def plot_sensitivity_bands(
    model: Any, result: Any, live_days: float, ax: Any, *, n_points: int = 25
) -> Any:
    """Brazil band of the expected limit on μ against the ON live time (asymptotic), with the
    card's result (``result.bands``, μ in μ_B) at its live time ``live_days``."""
    from munu.plotting.style import band
    from munu.stats import expected_sensitivity

    factors = np.logspace(-1, 1, int(n_points))
    q = np.array(
        [
            np.sqrt(expected_sensitivity(scale_exposure(model, f), result.cl).quantiles)
            for f in factors
        ]
    ).T
    n = _exponent(float(result.mu_limit))
    unit = 10.0**n
    days = factors * float(live_days)
    band(ax, days, q / unit, label_median=f"expected {cl_label(result.cl)} limit (median)")
    if result.bands is not None:
        b = np.asarray(result.bands, dtype=float) / unit
        ax.errorbar(
            [live_days],
            [b[2]],
            yerr=[[b[2] - b[1]], [b[3] - b[2]]],
            fmt="o",
            color="k",
            mfc="white",
            capsize=3,
            zorder=5,
            label=f"{result.card} ({result.method}), ±1σ",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    plain_log_ticks(ax)
    ax.set_xlabel("ON live time [days] (card's rates and OFF/ON ratio)")
    ax.set_ylabel(rf"expected upper limit on $\mu_\nu$ [{mu_unit(n)}]")
    ax.set_title(f"{result.card}: expected {cl_label(result.cl)} limit if μ = 0")
    ax.legend()
    return ax
