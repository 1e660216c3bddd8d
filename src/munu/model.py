"""The model layer: expected counts per component, nuisances and data → a :mod:`munu.stats` model.

This is the middle of the map *Spectrum → Model → Inference*. It takes a card's plain,
validated specifications (:class:`munu.experiments.Card` sections: response, binning,
exposure, ``backgrounds``, ``standard_model``, ``data``, ``analysis``) and the rate engine's
:class:`~munu.spectra.Spectrum`, and assembles:

* the expected counts of every named background component on the card's bins inside the fit
  window (:func:`component_counts`: flat, template, Gaussian line, polynomial, exponential;
  templates are piecewise-linear in energy and integrated *exactly* over each bin);
* the Standard-Model ν-e + CEvNS term, either part of the prediction (added, fixed) or
  ``in_background`` (already inside a measured background model, so not added twice);
* the data (events binned on the window's bins, binned counts or ON/OFF counts);
* the :mod:`munu.stats` model: :class:`~munu.stats.BinnedModel` (one template per component,
  each fixed, free or Gaussian-constrained) or :class:`~munu.stats.OnOffModel` (background per
  bin free, fitted from the OFF period).

Unbinned event lists are binned on the card's binning (choose fine bins, e.g. 0.5 keV for
XENONnT); the binned Poisson likelihood then approaches the unbinned one as the bins shrink.

:func:`fit_card` gives the best fit with each component's normalisation and pull and a
goodness-of-fit p-value; a model that cannot describe the data (p < :data:`GOF_P_MIN`) is
refused with :class:`ModelMismatchError` rather than used for a limit or a signal.

Background rates of a card are rates in observed energy as measured (after the detection
efficiency): the efficiency multiplies only the computed neutrino spectra.

Example:
    >>> from munu.experiments import load_card
    >>> cm = build_card_model(load_card("texono_ks_2003"))
    >>> cm.names, cm.observed
    (('background',), False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu._validate import as_float
from munu.errors import DataError, InputError

__all__ = [
    "GOF_P_MIN",
    "CardModel",
    "ComponentCounts",
    "ComponentFit",
    "FitSummary",
    "ModelMismatchError",
    "build_card_model",
    "check_residual_model",
    "component_counts",
    "fit_card",
    "integrate_linear",
    "plot_fit",
    "rate_summary",
    "residual_limit",
]

#: Smallest goodness-of-fit p-value (likelihood-ratio deviance against the saturated model,
#: χ² with bins − fitted parameters degrees of freedom) at which munu still reports a fit,
#: a limit or a signal from a model; below it the model does not describe the data.
GOF_P_MIN = 1e-6


class ModelMismatchError(DataError):
    """The model cannot describe the data (goodness of fit below :data:`GOF_P_MIN`): munu
    refuses to quote a number from it."""


# --------------------------------------------------------------------------------------------
# component shapes
# --------------------------------------------------------------------------------------------


def integrate_linear(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Exact integrals over [lo_i, hi_i] of the piecewise-linear interpolant of (x, y), held
    constant beyond the ends of x (as :func:`numpy.interp`).

    Example:
        >>> x, y = np.array([0.0, 2.0]), np.array([0.0, 2.0])
        >>> integrate_linear(x, y, np.array([0.0, 1.0]), np.array([1.0, 3.0])).tolist()
        [0.5, 3.5]
    """
    pts = np.unique(np.concatenate([x, lo, hi]))
    vals = np.interp(pts, x, y)
    cum = np.concatenate([[0.0], np.cumsum(0.5 * (vals[1:] + vals[:-1]) * np.diff(pts))])
    return np.interp(hi, pts, cum) - np.interp(lo, pts, cum)


def component_counts(
    component: Any,
    edges_kev: NDArray[np.float64],
    kg_days: float,
    *,
    threshold_kev: float = 0.0,
    resolution: Any = None,
) -> NDArray[np.float64]:
    """Expected counts per bin of one background component (a card's
    :class:`~munu.experiments.schema.BackgroundComponent`) at its nominal normalisation.

    Args:
        component: the component specification.
        edges_kev: bin edges in keV.
        kg_days: exposure in kg·day.
        threshold_kev: bin parts below it get no counts.
        resolution: the detector resolution (``sigma_kev(E)``), for lines without a width.

    Raises:
        InputError: the shape gives a negative rate in some bin.
    """
    from munu.detectors import _gauss_bin_prob
    from munu.experiments.schema import per_kg_kev_day

    lo = np.maximum(edges_kev[:-1], threshold_kev)
    hi = np.maximum(edges_kev[1:], lo)
    scale = kg_days * per_kg_kev_day(1.0, component.units)
    shape = component.shape
    if shape == "flat":
        per_bin = component.rate * (hi - lo)
    elif shape == "template":
        x = np.asarray(component.energies_kev, dtype=float)
        y = np.asarray(component.rates, dtype=float)
        per_bin = integrate_linear(x, y, lo, hi)
    elif shape == "line":
        e0 = float(component.energy_kev)
        if component.sigma_kev is not None:
            sigma = float(component.sigma_kev)
        elif resolution is not None and not resolution.is_zero:
            sigma = float(resolution.sigma_kev(e0))
        else:
            sigma = 0.0
        per_bin = component.rate * _gauss_bin_prob(
            lo, hi, np.full(lo.shape, e0), np.full(lo.shape, sigma)
        )
    elif shape == "polynomial":
        c = np.asarray(component.coefficients, dtype=float)
        k = np.arange(c.size)

        def anti(e: NDArray[np.float64]) -> NDArray[np.float64]:
            return np.sum(c[None, :] * e[:, None] ** (k + 1)[None, :] / (k + 1)[None, :], axis=1)

        per_bin = anti(hi) - anti(lo)
    else:  # exponential
        s = float(component.slope_kev)
        per_bin = component.rate * s * (np.exp(-lo / s) - np.exp(-hi / s))
    counts = per_bin * scale
    if np.any(counts < -1e-12 * max(1.0, float(np.max(np.abs(counts))))):
        i = int(np.argmin(counts))
        raise InputError(
            f"backgrounds[{component.name}]",
            f"{component.shape} with {counts[i]:.3g} counts in [{lo[i]:g}, {hi[i]:g}] keV",
            "a shape whose rate is ≥ 0 in every bin",
        )
    return np.maximum(counts, 0.0)


# --------------------------------------------------------------------------------------------
# the assembled model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentCounts:
    """Expected counts of one component on the window's bins (ON live time).

    Attributes:
        name: component name (``"standard-model"`` for the SM ν-e + CEvNS term).
        counts: counts per bin at the nominal normalisation.
        sigma_rel: normalisation treatment: 0 fixed, ``inf`` free, else Gaussian relative σ.
        kind: ``"background"`` or ``"standard-model"``.
    """

    name: str
    counts: NDArray[np.float64]
    sigma_rel: float
    kind: str = "background"


@dataclass(frozen=True)
class CardModel:
    """A card's statistical model with its data (see the module docstring).

    Attributes:
        name: card name.
        edges_kev: bin edges inside the fit window (keV).
        signal_per_kappa: magnetic signal counts per unit κ = μ² (μ_B²) per bin (ON).
        components: the background components, then the SM term when it is in the prediction.
        standard_model: ``"prediction"`` or ``"in_background"``.
        live_days: ON live time (days).
        off_days: OFF live time (days) or ``None``.
        data: the data vector of :attr:`stats` (ON counts, then OFF counts), or ``None``.
        observed: True when :attr:`data` are measured data (from the card or a file).
        cl: the confidence level of the card's analysis (default 0.9).
        stats: the :mod:`munu.stats` model.
        events_kev: the unbinned events, when the data are an event list.
        counts: the observed counts per bin (ON, then OFF), also for event lists.
        likelihood: ``"binned"`` or ``"unbinned"`` (then :attr:`data` are the event energies).
    """

    name: str
    edges_kev: NDArray[np.float64]
    signal_per_kappa: NDArray[np.float64]
    components: tuple[ComponentCounts, ...]
    standard_model: str
    live_days: float
    off_days: float | None
    data: NDArray[np.float64] | None
    observed: bool
    cl: float
    stats: Any
    events_kev: NDArray[np.float64] | None = field(default=None, repr=False)
    counts: NDArray[np.float64] | None = field(default=None, repr=False)
    likelihood: str = "binned"

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the background components (without the SM term)."""
        return tuple(c.name for c in self.components if c.kind == "background")


def _window_mask(card: Any, edges: NDArray[np.float64]) -> NDArray[np.bool_]:
    lo, hi = card.window_kev()
    return (edges[:-1] >= lo - 1e-9) & (edges[1:] <= hi + 1e-9)


def card_data(card: Any, edges: NDArray[np.float64]) -> tuple[NDArray[np.float64], Any] | None:
    """The data vector of a card's ``data`` section on the full binning (ON then OFF counts)
    and its event list (or ``None``); ``None`` without a data section."""
    d = card.data
    if d is None:
        return None
    if d.kind == "events":
        ev = np.asarray(d.events_kev, dtype=float)
        counts, _ = np.histogram(ev, edges)
        return counts.astype(float), ev
    if d.kind == "binned":
        return np.asarray(d.counts, dtype=float), None
    return np.concatenate([np.asarray(d.on_counts, float), np.asarray(d.off_counts, float)]), None


def build_card_model(
    card: Any, data: NDArray[np.float64] | None = None, *, spectrum: Any = None
) -> CardModel:
    """Assemble the model of a card and its data.

    Args:
        card: a :class:`munu.experiments.Card`.
        data: a data vector on the card's full binning (ON then OFF counts) overriding the
            card's ``data`` section, or ``None`` to use the card's data (if any).
        spectrum: the card's :class:`~munu.spectra.Spectrum` if already computed.

    Returns:
        The :class:`CardModel` (bins restricted to the fit window).
    """
    from munu.stats import BinnedModel, OnOffModel

    spec = card.expected_spectrum() if spectrum is None else spectrum
    edges = np.asarray(spec.edges_kev, dtype=float)
    keep = _window_mask(card, edges)
    idx = np.flatnonzero(keep)
    w_edges = np.append(edges[idx], edges[idx[-1] + 1])
    days = float(spec.exposure.live_days)
    off_days = card.exposure.off_days or None
    kg_days = float(spec.mass_kg) * days
    signal = spec.magnetic_total()[keep]
    if np.sum(signal) <= 0:
        raise InputError("card", card.name, "a card whose fit window contains some magnetic signal")
    comps: list[ComponentCounts] = []
    if card.backgrounds is not None:
        resolution = card.build_response().resolution
        for bc in card.backgrounds:
            counts = component_counts(
                bc,
                w_edges,
                kg_days,
                threshold_kev=card.response.threshold_kev,
                resolution=resolution,
            )
            comps.append(ComponentCounts(bc.name, counts, bc.norm_sigma))
    else:
        comps.append(ComponentCounts("background", spec.background[keep], math.inf))
    sm = (spec.weak + spec.cevns)[keep]
    if card.standard_model == "prediction":
        comps.append(ComponentCounts("standard-model", sm, 0.0, "standard-model"))

    observed = False
    events = None
    vec = None
    if data is not None:
        vec = np.asarray(data, dtype=float)
        observed = True
    else:
        got = card_data(card, edges)
        if got is not None:
            vec, events = got
            observed = True
    nb = edges.size - 1
    if vec is not None:
        want = 2 * nb if off_days else nb
        if vec.shape != (want,):
            raise DataError(f"data for {card.name} need {want} values (got shape {vec.shape})")
        vec = np.concatenate([vec[:nb][keep], vec[nb:][keep]]) if off_days else vec[keep]

    bkg = [c for c in comps if c.kind == "background"]
    likelihood = card.analysis.likelihood if card.analysis is not None else "binned"
    counts = vec
    if likelihood == "unbinned":
        if off_days:
            raise InputError("analysis.likelihood", "unbinned", "binned for an ON/OFF card")
        if vec is not None and events is None:
            raise InputError(
                "analysis.likelihood", "unbinned", "binned for binned data (unbinned needs events)"
            )
        stats = _unbinned_model(w_edges, signal, bkg, sm, card.standard_model)
        vec = None if events is None else events
    elif off_days:
        total_bkg = np.sum([c.counts for c in bkg], axis=0)
        stats = OnOffModel(
            signal_per_kappa=signal / days,
            sm_on=sm / days if card.standard_model == "prediction" else np.zeros_like(sm),
            exposure_on=days,
            exposure_off=float(off_days),
            background=total_bkg / days,
        )
    else:
        templates = np.array([c.counts for c in bkg])
        if card.backgrounds is None and np.any(templates <= 0):
            raise InputError(
                "background",
                f"{card.name}: {np.min(templates):g} counts in a bin",
                "a background > 0 in every bin",
            )
        stats = BinnedModel(
            signal_per_kappa=signal,
            background=templates,
            background_sigma=np.array([c.sigma_rel for c in bkg]),
            sm=sm if card.standard_model == "prediction" else None,
        )
    cl = card.analysis.cl if card.analysis is not None and card.analysis.cl is not None else 0.9
    return CardModel(
        name=card.name,
        edges_kev=w_edges,
        signal_per_kappa=signal,
        components=tuple(comps),
        standard_model=card.standard_model,
        live_days=days,
        off_days=off_days,
        data=vec,
        observed=observed,
        cl=float(cl),
        stats=stats,
        events_kev=events,
        counts=counts,
        likelihood=likelihood,
    )


def _unbinned_model(
    edges: NDArray[np.float64],
    signal: NDArray[np.float64],
    bkg: list[ComponentCounts],
    sm: NDArray[np.float64],
    standard_model: str,
) -> Any:
    """:class:`~munu.stats.UnbinnedModel` with densities (counts/keV) at the bin centres, held
    flat to the window edges and linear in between (accurate for bins narrow on the scale of
    the spectra)."""
    from munu.stats import UnbinnedModel

    width = np.diff(edges)
    grid = np.concatenate([[edges[0]], 0.5 * (edges[1:] + edges[:-1]), [edges[-1]]])

    def dens(counts: NDArray[np.float64]) -> NDArray[np.float64]:
        d = counts / width
        return np.concatenate([[d[0]], d, [d[-1]]])

    return UnbinnedModel(
        grid,
        dens(signal),
        np.array([dens(c.counts) for c in bkg]),
        background_sigma=np.array([c.sigma_rel for c in bkg]),
        sm=dens(sm) if standard_model == "prediction" else None,
    )


# --------------------------------------------------------------------------------------------
# best fit, goodness of fit, figure
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentFit:
    """One component at the best fit.

    Attributes:
        name: component name.
        nominal_counts: its expected counts at normalisation 1 (window, ON).
        fitted_counts: its counts at the best fit.
        norm: fitted normalisation (1 when fixed or fitted per bin).
        sigma_rel: prior relative σ (0 fixed, ``inf`` free).
        pull: (norm − 1)/σ for constrained components, else ``None``.
        counts: fitted counts per bin.
    """

    name: str
    nominal_counts: float
    fitted_counts: float
    norm: float
    sigma_rel: float
    pull: float | None
    counts: NDArray[np.float64] = field(repr=False)


@dataclass(frozen=True)
class FitSummary:
    """Best fit of a card's model to its data (the observed result of ``munu fit``).

    Attributes:
        card: card name.
        kappa_hat: best-fit κ = μ² in μ_B² (bounded at 0).
        mu_hat: √κ̂ in μ_B.
        signal_counts: signal counts at κ̂.
        components: per-component results.
        deviance: 2 × (NLL − saturated NLL) of the count bins.
        ndof: bins − fitted parameters.
        p_value: goodness-of-fit p-value (χ² with ``ndof``).
        edges_kev: bin edges (window).
        data_counts: observed ON counts per bin.
        model_counts: best-fit expected ON counts per bin.
        observed: always True (a fit needs data).
    """

    card: str
    kappa_hat: float
    mu_hat: float
    signal_counts: float
    components: tuple[ComponentFit, ...]
    deviance: float
    ndof: int
    p_value: float
    edges_kev: NDArray[np.float64] = field(repr=False)
    data_counts: NDArray[np.float64] = field(repr=False)
    model_counts: NDArray[np.float64] = field(repr=False)
    signal_per_kappa: NDArray[np.float64] = field(repr=False)
    observed: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary."""
        return {
            "card": self.card,
            "observed": self.observed,
            "kappa_hat": self.kappa_hat,
            "mu_hat": self.mu_hat,
            "signal_counts": self.signal_counts,
            "components": [
                {
                    "name": c.name,
                    "norm": c.norm,
                    "sigma_rel": None if math.isinf(c.sigma_rel) else c.sigma_rel,
                    "treatment": (
                        "fixed"
                        if c.sigma_rel == 0
                        else "free"
                        if math.isinf(c.sigma_rel)
                        else "constrained"
                    ),
                    "pull": c.pull,
                    "nominal_counts": c.nominal_counts,
                    "fitted_counts": c.fitted_counts,
                }
                for c in self.components
            ],
            "n_events": float(np.sum(self.data_counts)),
            "deviance": self.deviance,
            "ndof": self.ndof,
            "p_value": self.p_value,
            "edges_kev": self.edges_kev.tolist(),
        }


def _deviance(n: NDArray[np.float64], lam: NDArray[np.float64]) -> float:
    lam = np.maximum(lam, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(n > 0, n * np.log(n / lam), 0.0)
    return float(2.0 * np.sum(lam - n + term))


def fit_card(cm: CardModel, *, check: bool = True) -> FitSummary:
    """Best fit of a :class:`CardModel` to its data, with the goodness of fit.

    Args:
        cm: the model with data.
        check: raise :class:`ModelMismatchError` when the p-value is below :data:`GOF_P_MIN`.

    Raises:
        DataError: the model has no data.
        ModelMismatchError: the model cannot describe the data.
    """
    from scipy.stats import chi2

    if cm.data is None:
        raise DataError(f"{cm.name}: no data to fit (give --data or a data section in the card)")
    st = cm.stats
    d = st.as_data(cm.data)
    res = st.fit(d)
    kappa = float(np.asarray(res.kappa_hat).ravel()[0])
    nuis = np.asarray(res.nuisances)[0] if np.ndim(res.nuisances) > 1 else np.asarray(res.nuisances)
    nb = cm.edges_kev.size - 1
    assert cm.counts is not None
    n = np.asarray(cm.counts, dtype=float)
    comps: list[ComponentFit] = []
    if cm.off_days:
        lam = np.asarray(st.expected(np.array([kappa]), nuis[None, :]))[0][: st.n_counts]
        # background per bin fitted from the OFF data: report the fitted total
        bkg_fit = nuis[:nb] * cm.live_days
        n_par = nb + 1
        for c in cm.components:
            total = float(np.sum(c.counts))
            if c.kind == "background":
                norm = (
                    float(
                        np.sum(bkg_fit)
                        / np.sum([x.counts for x in cm.components if x.kind == "background"])
                    )
                    if total > 0
                    else 1.0
                )
                fitted = c.counts * norm
            else:
                norm, fitted = 1.0, c.counts
            comps.append(
                ComponentFit(c.name, total, float(np.sum(fitted)), norm, c.sigma_rel, None, fitted)
            )
    else:
        floating = [c for c in cm.components if c.sigma_rel > 0]
        norms = dict(zip((c.name for c in floating), nuis.tolist(), strict=False))
        n_par = 1 + sum(1 for c in cm.components if math.isinf(c.sigma_rel))
        for c in cm.components:
            norm = float(norms.get(c.name, 1.0))
            pull = (norm - 1.0) / c.sigma_rel if 0 < c.sigma_rel < math.inf else None
            fitted = c.counts * norm
            comps.append(
                ComponentFit(
                    c.name,
                    float(np.sum(c.counts)),
                    float(np.sum(fitted)),
                    norm,
                    c.sigma_rel,
                    pull,
                    fitted,
                )
            )
        lam = kappa * cm.signal_per_kappa + np.sum([c.counts for c in comps], axis=0)
    dev = _deviance(n, lam)
    ndof = max(int(n.size) - n_par, 1)
    p = float(chi2.sf(dev, ndof))
    summary = FitSummary(
        card=cm.name,
        kappa_hat=kappa,
        mu_hat=math.sqrt(max(kappa, 0.0)),
        signal_counts=float(kappa * np.sum(cm.signal_per_kappa)),
        components=tuple(comps),
        deviance=dev,
        ndof=ndof,
        p_value=p,
        edges_kev=cm.edges_kev,
        data_counts=n[:nb],
        model_counts=lam[:nb],
        signal_per_kappa=cm.signal_per_kappa,
    )
    if check and p < GOF_P_MIN:
        raise ModelMismatchError(
            f"{cm.name}: the model does not describe the data (deviance {dev:.1f} for {ndof} "
            f"degrees of freedom, p = {p:.2g} < {GOF_P_MIN:g}); munu does not quote a fit, "
            "limit or signal from it. Add the missing background components (lines, shapes) "
            "or restrict the fit window."
        )
    return summary


def check_residual_model(model: Any, what: str = "residual") -> float:
    """Goodness of fit of a :class:`~munu.stats.GaussianResidualModel` at its best fit κ̂
    (unbounded): the χ² p-value; raises :class:`ModelMismatchError` below :data:`GOF_P_MIN`.

    A residual (ON − OFF) whose bins scatter far beyond their errors around any multiple of
    the signal shape (e.g. peaks and noise that differ between the periods) cannot be turned
    into a moment limit or a signal significance: the significance would measure the
    mismodelling, not a magnetic moment.

    Example:
        >>> from munu.stats import GaussianResidualModel
        >>> m = GaussianResidualModel([0.1, -0.2], [1.0, 1.0], [1.0, 1.0])
        >>> round(check_residual_model(m), 3)
        0.832
    """
    from scipy.stats import chi2

    r = np.asarray(model.residual, dtype=float)
    s = np.asarray(model.sigma, dtype=float)
    sig = np.asarray(model.signal_per_kappa, dtype=float)
    w = 1.0 / s**2
    k_hat = float(np.sum(w * sig * r) / np.sum(w * sig * sig))
    chisq = float(np.sum(((r - k_hat * sig) / s) ** 2))
    ndof = max(r.size - 1, 1)
    p = float(chi2.sf(chisq, ndof))
    if p < GOF_P_MIN:
        raise ModelMismatchError(
            f"{what}: χ² = {chisq:.1f} for {ndof} degrees of freedom around the best-fit "
            f"signal (p = {p:.2g} < {GOF_P_MIN:g}): the residual is not signal plus the "
            "stated errors, so munu quotes no limit or significance from it"
        )
    return p


def residual_limit(model: Any, cl: float = 0.9) -> Any:
    """Feldman–Cousins limit from a Gaussian residual (:func:`munu.stats.residual_unified_limit`)
    after :func:`check_residual_model`: no number from a residual the model cannot describe.

    Raises:
        ModelMismatchError: the residual is not signal plus its stated errors.

    Example:
        >>> from munu.stats import GaussianResidualModel
        >>> m = GaussianResidualModel([0.0, 0.0], [1.0, 1.0], [1.0, 1.0])
        >>> round(residual_limit(m).limit, 3)
        1.163
    """
    from munu.stats import residual_unified_limit

    check_residual_model(model)
    return residual_unified_limit(model, cl)


def plot_fit(
    summary: FitSummary,
    *,
    kappa_limit: float | None = None,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Figure of data against the fitted model by component, residuals below.

    Args:
        summary: a :class:`FitSummary`.
        kappa_limit: draw the signal at this κ (e.g. the 90 % CL limit) on top of the fit.
        ax: a pair of matplotlib axes (top, bottom) to draw into, or ``None`` for a new figure.
        title: figure title.

    Returns:
        The matplotlib figure.
    """
    from matplotlib.figure import Figure

    if ax is None:
        fig = Figure(figsize=(7.0, 5.5))
        top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    else:
        top, bottom = ax
        fig = top.figure
    e = summary.edges_kev
    width = np.diff(e)
    centres = 0.5 * (e[1:] + e[:-1])
    n = summary.data_counts
    nb = n.size
    stack = np.zeros(nb)
    for c in summary.components:
        y = c.counts[:nb] / width
        top.stairs(
            stack + y, e, baseline=stack, fill=True, alpha=0.35, label=f"{c.name} (×{c.norm:.3g})"
        )
        stack = stack + y
    sig = summary.kappa_hat * summary.signal_per_kappa[:nb]
    top.stairs((summary.model_counts) / width, e, color="k", lw=1.2, label="best fit (expected)")
    if kappa_limit is not None:
        top.stairs(
            (summary.model_counts - sig + kappa_limit * summary.signal_per_kappa[:nb]) / width,
            e,
            color="C3",
            lw=1.2,
            ls="--",
            label=f"with signal at the limit, μ = {math.sqrt(kappa_limit):.2g} μ_B",
        )
    top.errorbar(
        centres,
        n / width,
        yerr=np.sqrt(np.maximum(n, 1.0)) / width,
        fmt="o",
        ms=3,
        color="k",
        label="data (observed)",
    )
    top.set_ylabel("counts / keV")
    top.legend(fontsize=7, loc="lower right")
    if title:
        top.set_title(title)
    lam = np.maximum(summary.model_counts, 1e-12)
    bottom.axhline(0.0, color="k", lw=0.8)
    bottom.errorbar(centres, (n - lam) / np.sqrt(lam), yerr=1.0, fmt="o", ms=3, color="k")
    bottom.set_ylabel("(data − fit)/√fit")
    bottom.set_xlabel("observed energy [keV]")
    return fig


def write_fit_figure(summary: FitSummary, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`plot_fit` to ``path`` (format from the suffix, default PNG) atomically."""
    from munu._io import write_figure

    p = Path(path)
    fmt = p.suffix.lstrip(".") or "png"
    fig = plot_fit(summary, **kwargs)
    fig.tight_layout()
    write_figure(fig, p.with_suffix(""), formats=(fmt,))
    return p.with_suffix(f".{fmt}")


# --------------------------------------------------------------------------------------------
# rates of a card (munu rate)
# --------------------------------------------------------------------------------------------


def rate_summary(card: Any, mu: float = 1e-10) -> dict[str, Any]:
    """Expected rates of an experiment card at moment ``mu`` (backs ``munu rate CARD``).

    Args:
        card: a :class:`munu.experiments.Card`, a card name from the catalogue or a path.
        mu: effective magnetic moment in μ_B.

    Returns:
        A JSON-serialisable dict: ``name``, ``mu``, ``edges_kev``, per-bin ``weak``,
        ``magnetic`` (at μ), ``cevns``, ``background`` counts (sum of the components at their
        nominal normalisation), ``components`` (counts by named component), their sums per kg
        per day (``weak_per_kg_day``, ``magnetic_per_kg_day``, ``cevns_per_kg_day``,
        ``background_per_kg_day``), ``signal_to_background``, ``standard_model`` (whether
        the SM term is added or already inside the background), the exposure and the units.
        All numbers are *expected* (from the model).

    Example:
        >>> summary = rate_summary("texono_ks_2003", mu=1e-10)
        >>> round(summary["magnetic_per_kg_day"], 3), len(summary["magnetic"])
        (0.519, 24)
    """
    from munu.experiments import Card, load_card

    if not isinstance(card, Card):
        card = load_card(card)
    m = as_float(mu, "mu")
    spec = card.expected_spectrum()
    edges = np.asarray(spec.edges_kev, dtype=float)
    kg_days = spec.mass_kg * spec.exposure.live_days
    if card.backgrounds is not None:
        resolution = card.build_response().resolution
        comps = {
            bc.name: component_counts(
                bc, edges, kg_days, threshold_kev=card.response.threshold_kev, resolution=resolution
            )
            for bc in card.backgrounds
        }
    else:
        comps = {"background": np.asarray(spec.background, dtype=float)}
    background = np.sum(list(comps.values()), axis=0)
    mag = spec.magnetic_counts(m)
    norm = kg_days
    return {
        "name": card.name,
        "mu": m,
        "expected": True,
        "edges_kev": edges.tolist(),
        "weak": spec.weak.tolist(),
        "magnetic": mag.tolist(),
        "cevns": spec.cevns.tolist(),
        "background": background.tolist(),
        "components": {k: v.tolist() for k, v in comps.items()},
        "standard_model": card.standard_model,
        "weak_per_kg_day": float(spec.weak.sum()) / norm,
        "magnetic_per_kg_day": float(mag.sum()) / norm,
        "cevns_per_kg_day": float(spec.cevns.sum()) / norm,
        "background_per_kg_day": float(background.sum()) / norm,
        "signal_to_background": (
            float(mag.sum() / background.sum()) if background.sum() > 0 else None
        ),
        "mass_kg": spec.mass_kg,
        "live_days": spec.exposure.live_days,
        "off_days": spec.exposure.off_days,
        "units": "expected counts per bin for the ON live time; rates in counts/(kg day)",
    }
