"""Sensitivity maps: the expected limit on μ over a grid of detector parameters.

The planning tool of the review's Eq. 5 discussion (H.T. Wong, hep-ex/0409003; see
:mod:`munu.scaling` for the scaling laws): instead of scaling one reference number, the card's
full spectral model is rebuilt on a grid of thresholds, backgrounds, masses and live times and
the asymptotic median expected upper limit (Asimov data set, CCGV arXiv:1007.1727, see
:func:`munu.stats.expected_sensitivity`) with its ±1σ/±2σ bands is computed at every point.

Axes (``field=start:stop:n`` on the command line, :func:`parse_vary`):

* ``threshold_kev``: ``response.threshold_kev`` and the lower edge of the binning (bins of the
  card's first-bin width are added below the old lower edge, or bins below the threshold are
  cut, the first bin starting at the threshold). The card's resolution is kept, and noise
  triggers are not modelled, so thresholds below the noise edge (:data:`NOISE_EDGE_SIGMAS`
  × σ(0) of the card's resolution) are optimistic: they are flagged with a
  :class:`~munu.MunuWarning`, marked in :attr:`ScanResult.noise_edge_kev` and on the plot;
* ``background``: ``background.flat_per_kg_kev_day``;
* ``mass_kg``: ``target.mass_kg``;
* ``live_days``: the ON live time (``exposure.on_days`` or ``exposure.live_days``), an OFF
  live time scaled in proportion.

Values are spaced logarithmically when the range spans more than one decade
(``stop/start > 10`` or ``start/stop > 10``, both > 0) and linearly otherwise.

Cost: the expected spectrum is computed once, on the union of the bin edges of all thresholds
(a threshold cuts observed energy, so each threshold's bins are sums of those finer bins),
with a unit flat background; every expected count is linear in the mass and the live time and
the background in its flat level, so the other axes rescale it analytically. What remains per
point is the Asimov fit (about 10 ms). Grid points are processed in chunks through
:mod:`munu.parallel` (serial or dask, resumable with a run directory).

Example:
    >>> from munu.scan import parse_vary
    >>> ax = parse_vary("background=0.01:10:4")
    >>> ax.field, ax.log, [float(f"{v:.3g}") for v in ax.values]
    ('background', True, [0.01, 0.1, 1.0, 10.0])
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu._io import atomic_write_text, with_extension, write_figure
from munu._validate import as_float, check_choice
from munu.errors import InputError, MunuWarning

__all__ = [
    "NOISE_EDGE_SIGMAS",
    "SCAN_FIELDS",
    "ScanAxis",
    "ScanResult",
    "card_with_threshold",
    "noise_edge_kev",
    "parse_vary",
    "sensitivity_scan",
]

#: Card parameters a scan can vary.
SCAN_FIELDS: tuple[str, ...] = ("threshold_kev", "background", "mass_kg", "live_days")
#: Names of the five quantiles (CSV columns).
BAND_NAMES: tuple[str, ...] = ("m2sigma", "m1sigma", "median", "p1sigma", "p2sigma")
_VARY_RE = re.compile(r"^\s*([a-z_]+)\s*=\s*([^:]+):([^:]+):([^:]+)\s*$")
#: Grid points per chunk (one threshold per chunk, so the spectrum is built once per chunk).
POINTS_PER_CHUNK = 100
#: Largest number of grid points of one scan.
MAX_POINTS = 1_000_000


@dataclass(frozen=True)
class ScanAxis:
    """One varied card parameter.

    Attributes:
        field: one of :data:`SCAN_FIELDS`.
        values: the values, increasing.
        log: whether they are log-spaced.
    """

    field: str
    values: tuple[float, ...]
    log: bool = False

    @classmethod
    def from_range(cls, field: str, start: float, stop: float, n: int) -> ScanAxis:
        """n values from start to stop (log-spaced beyond one decade; see the module doc).

        Example:
            >>> ScanAxis.from_range("mass_kg", 1.0, 3.0, 3).values
            (1.0, 2.0, 3.0)
        """
        check_choice(field, "vary field", SCAN_FIELDS)
        a = as_float(start, f"{field} start")
        b = as_float(stop, f"{field} stop")
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= 10_000:
            raise InputError(f"{field} n", n, "an integer number of points between 1 and 10000")
        lo_ok = 0.0 if field in ("threshold_kev", "background") else None
        for v, name in ((a, "start"), (b, "stop")):
            if not math.isfinite(v) or v < 0 or (lo_ok is None and v <= 0):
                accepted = "≥ 0" if lo_ok is not None else "> 0"
                raise InputError(f"{field} {name}", v, f"a finite value {accepted}")
        if n > 1 and a == b:
            raise InputError(f"{field} range", f"{a}:{b}", "start ≠ stop when n > 1")
        log = a > 0 and b > 0 and max(a, b) / min(a, b) > 10.0
        vals = np.geomspace(a, b, n) if log else np.linspace(a, b, n)
        return cls(field, tuple(float(v) for v in np.sort(vals)), bool(log))


def parse_vary(spec: str) -> ScanAxis:
    """Parse ``field=start:stop:n`` (see the module docstring).

    Raises:
        InputError: malformed text, unknown field or bad range.

    Example:
        >>> parse_vary("mass_kg=1:2:3").values
        (1.0, 1.5, 2.0)
    """
    m = _VARY_RE.match(spec) if isinstance(spec, str) else None
    if m is None:
        raise InputError("--vary", spec, f"field=start:stop:n with field in {list(SCAN_FIELDS)}")
    field, a, b, n = m.groups()
    check_choice(field, "--vary field", SCAN_FIELDS)
    try:
        start, stop, count = float(a), float(b), int(n)
    except ValueError:
        raise InputError("--vary", spec, "numbers start and stop and an integer n") from None
    return ScanAxis.from_range(field, start, stop, count)


#: Thresholds are trusted down to this many standard deviations of the electronic noise,
#: σ(0) of the card's resolution. Below, pedestal-noise fluctuations (one-sided Gaussian tail
#: Φ̄(5) = 2.9e-7 per sample) would fire the trigger far more often than any signal: sub-keV
#: germanium searches deal with signals comparable to the pedestal noise explicitly (TEXONO,
#: Soma et al., arXiv:1411.4802), which a card's resolution alone does not describe. 5 is a
#: conservative default; pass another value to :func:`noise_edge_kev` for a given detector.
NOISE_EDGE_SIGMAS = 5.0


def noise_edge_kev(card: Any, sigmas: float = NOISE_EDGE_SIGMAS) -> float | None:
    """The lowest threshold the card's resolution supports: ``sigmas`` × σ(0).

    σ(0) is the constant term ``a_kev`` of σ(E) = √(a² + bE + cE²) (the electronic noise).

    Args:
        card: an experiment card.
        sigmas: the edge in units of σ(0), > 0 (default :data:`NOISE_EDGE_SIGMAS`).

    Returns:
        the edge in keV, or None if the card has no resolution or no constant term.

    Example:
        >>> from munu.experiments import load_card
        >>> noise_edge_kev(load_card("texono_ks_2003"))  # σ(0) = 0.3 keV
        1.5
    """
    k = as_float(sigmas, "sigmas", positive=True)
    res = card.response.resolution
    if res is None or res.a_kev <= 0.0:
        return None
    return k * float(res.a_kev)


def card_with_threshold(card: Any, threshold_kev: float) -> Any:
    """A copy of ``card`` with the threshold and the binning's lower edge at ``threshold_kev``.

    Below the old lower edge, bins of the card's first-bin width are added (the lowest one
    starting at the threshold, so it may be narrower); above it, bins below the threshold are
    removed and the first remaining bin starts at the threshold (merged with the next one if
    it would be narrower than half that width).

    Example:
        >>> from munu.experiments import load_card
        >>> c = card_with_threshold(load_card("texono_ks_2003"), 5.0)
        >>> c.response.threshold_kev, c.binning_edges_kev()[:3].tolist()
        (5.0, [5.0, 6.0, 8.0])
    """
    thr = as_float(threshold_kev, "threshold_kev", nonnegative=True)
    edges = card.binning_edges_kev()
    width = float(edges[1] - edges[0])
    if thr >= edges[-1] - 1e-9 * edges[-1]:
        raise InputError(
            "threshold_kev", thr, f"a threshold below the card's upper bin edge {edges[-1]:g} keV"
        )
    if thr <= edges[0]:
        n_new = max(0, math.ceil((edges[0] - thr) / width - 1e-9))
        below = edges[0] - width * np.arange(n_new, 0, -1)
        if n_new:
            below[0] = thr
        new = np.concatenate([below, edges])
    else:
        keep = edges[edges > thr]
        if keep.size > 1 and keep[0] - thr < 0.5 * width:
            keep = keep[1:]
        new = np.concatenate([[thr], keep])
    data = card.model_dump()
    data["response"] = {**data["response"], "threshold_kev": thr}
    data["binning"] = {"edges_kev": [float(e) for e in new]}
    analysis = data.get("analysis")
    if analysis and analysis.get("fit_min_kev") is not None:
        analysis["fit_min_kev"] = thr
        if analysis.get("fit_max_kev") is not None and analysis["fit_max_kev"] <= thr:
            analysis["fit_max_kev"] = None
    return type(card).model_validate(data)


def _unit_background_card(card: Any) -> Any:
    data = card.model_dump()
    data["background"] = {**data["background"], "flat_per_kg_kev_day": 1.0}
    return type(card).model_validate(data)


@dataclass(frozen=True, eq=False)
class _Parts:
    """Expected counts per bin of one threshold for the card's mass and ON live time."""

    signal: NDArray[np.float64]  # magnetic, per μ_B²
    weak: NDArray[np.float64]
    cevns: NDArray[np.float64]
    background_unit: NDArray[np.float64]  # for 1 /(kg keV day)
    mass_kg: float
    live_days: float
    off_days: float | None
    name: str


def _threshold_parts(card: Any, thresholds: Sequence[float | None]) -> list[_Parts]:
    """:class:`_Parts` for every threshold from a single spectrum computation.

    The spectrum is computed once on the union of the bin edges of every threshold's card
    (:func:`card_with_threshold`), with the lowest threshold; every count is an integral over
    observed energy, so a threshold's bins are sums of these finer bins (the threshold cuts
    observed energy, and every threshold is one of the edges).
    """
    cards = [card if t is None else card_with_threshold(card, t) for t in thresholds]
    edge_sets = [c.binning_edges_kev() for c in cards]
    fine = np.unique(np.concatenate(edge_sets))
    keep = np.concatenate([[True], np.diff(fine) > 1e-9 * fine[1:]])
    fine = fine[keep]
    lowest = cards[int(np.argmin([c.response.threshold_kev for c in cards]))]
    data = _unit_background_card(lowest).model_dump()
    data["binning"] = {"edges_kev": [float(e) for e in fine]}
    spec = type(card).model_validate(data).expected_spectrum()
    comps = (spec.magnetic_total(), spec.weak, spec.cevns, spec.background)
    out = []
    for c, edges in zip(cards, edge_sets, strict=True):
        idx = np.searchsorted(fine, edges * (1 - 1e-12))
        summed = [np.add.reduceat(a, idx[:-1]) for a in comps]
        out.append(
            _Parts(
                *summed,
                mass_kg=float(c.target.mass_kg),
                live_days=float(spec.exposure.live_days),
                off_days=c.exposure.off_days,
                name=c.name,
            )
        )
    return out


def _scan_chunk(
    parts: _Parts, rows: NDArray[np.float64], cl: float, statistic: str
) -> NDArray[np.float64]:
    """Asymptotic expected-limit quantiles (in κ) for grid points sharing one threshold.

    Args:
        parts: the expected counts of the points' threshold.
        rows: (n, 3) mass in kg, flat background per (kg keV day), ON live days.
        cl: confidence level.
        statistic: ``"cls"`` or ``"clsb"``.

    Returns:
        (n, 5) quantiles of the expected limit on κ (μ_B²).
    """
    from munu.inference import model_from_parts
    from munu.stats import expected_sensitivity

    out = np.empty((rows.shape[0], 5))
    for i, (mass, flat, days) in enumerate(rows):
        # every expected count is ∝ mass × live time; the background also ∝ its flat level
        f = (mass / parts.mass_kg) * (days / parts.live_days)
        model = model_from_parts(
            signal=parts.signal * f,
            weak=parts.weak * f,
            cevns=parts.cevns * f,
            background=parts.background_unit * (flat * f),
            live_days=days,
            off_days=None if not parts.off_days else parts.off_days * days / parts.live_days,
            name=parts.name,
        )
        out[i] = expected_sensitivity(model, cl, statistic=statistic).quantiles
    return out


@dataclass(frozen=True, eq=False)
class ScanResult:
    """A sensitivity map.

    Attributes:
        card: card name.
        axes: the varied parameters (first axis = first array dimension).
        kappa_quantiles: expected limits on κ = μ² (μ_B²), shape (*axis sizes, 5) for
            −2σ, −1σ, median, +1σ, +2σ.
        cl: confidence level.
        statistic: ``"cls"`` or ``"clsb"``.
        noise_edge_kev: the card's noise edge (:func:`noise_edge_kev`), None without one;
            points with a lower threshold are optimistic (noise triggers not modelled).
    """

    card: str
    axes: tuple[ScanAxis, ...]
    kappa_quantiles: NDArray[np.float64]
    cl: float
    statistic: str
    noise_edge_kev: float | None = None

    @property
    def mu_median(self) -> NDArray[np.float64]:
        """Median expected limit on μ (μ_B) on the grid."""
        return np.sqrt(self.kappa_quantiles[..., 2])

    def to_csv(self) -> str:
        """CSV text: one row per grid point, the varied values then μ limits (μ_B).

        Columns: the axis fields, ``mu_median``, ``mu_m2sigma`` … ``mu_p2sigma`` (μ_B) and
        ``kappa_median`` (μ_B²).
        """
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            [a.field for a in self.axes]
            + ["mu_median"]
            + [f"mu_{b}" for b in BAND_NAMES if b != "median"]
            + ["kappa_median"]
        )
        mu = np.sqrt(self.kappa_quantiles)
        for idx in np.ndindex(*(len(a.values) for a in self.axes)):
            row = [f"{a.values[i]:.6g}" for a, i in zip(self.axes, idx, strict=True)]
            q = mu[idx]
            row += [f"{q[2]:.6g}"] + [f"{q[k]:.6g}" for k in (0, 1, 3, 4)]
            row.append(f"{self.kappa_quantiles[idx][2]:.6g}")
            w.writerow(row)
        return buf.getvalue()

    def write_csv(self, path: str | Path) -> Path:
        """Write :meth:`to_csv` atomically."""
        return atomic_write_text(path, self.to_csv())

    def plot(self, stem: str | Path) -> list[Path]:
        """Heatmap (two axes) or curve (one axis) of the median μ limit as PNG and PDF.

        Args:
            stem: output path without suffix (``.png`` and ``.pdf`` are written).

        Returns:
            the two written paths.
        """
        from matplotlib.colors import LogNorm

        from munu.plotting.style import apply_rc, cl_label, mu_unit, new_figure, style_context

        labels = {
            "threshold_kev": "threshold [keV]",
            "background": r"background [kg$^{-1}$ keV$^{-1}$ day$^{-1}$]",
            "mass_kg": "mass [kg]",
            "live_days": "ON live time [days]",
        }
        limit_label = rf"median expected $\mu_\nu$ limit [{mu_unit(0)}]"
        fig = new_figure(6.4, 4.8)
        mu = self.mu_median
        title = f"{self.card}: median expected {cl_label(self.cl)} limit ({self.statistic})"
        with style_context():
            ax = fig.add_subplot()
            if len(self.axes) == 1:
                a = self.axes[0]
                ax.plot(a.values, mu, color="C0", marker="." if len(a.values) < 60 else None)
                ax.set_yscale("log")
                ax.set_ylabel(limit_label)
            else:
                ay, ax_ = self.axes[0], self.axes[1]
                mesh = ax.pcolormesh(
                    np.asarray(ax_.values),
                    np.asarray(ay.values),
                    mu,
                    shading="nearest",
                    norm=LogNorm(vmin=float(np.min(mu)), vmax=float(np.max(mu))),
                    cmap="viridis",
                )
                levels = np.geomspace(float(np.min(mu)), float(np.max(mu)), 8)[1:-1]
                if np.max(mu) > np.min(mu) * 1.01 and min(mu.shape) > 1:
                    cs = ax.contour(
                        ax_.values, ay.values, mu, levels=levels, colors="w", linewidths=0.8
                    )
                    ax.clabel(cs, fmt=lambda v: f"{v:.2g}", fontsize=7)
                fig.colorbar(mesh, ax=ax, label=limit_label)
                ax.set_ylabel(labels[ay.field])
                if ay.log:
                    ax.set_yscale("log")
            first = self.axes[-1] if len(self.axes) > 1 else self.axes[0]
            edge = self.noise_edge_kev
            if edge is not None:
                # the threshold axis is x (one axis, or the second of two) or y (first of two)
                lines = [(first, ax.axvline)]
                if len(self.axes) > 1:
                    lines.append((self.axes[0], ax.axhline))
                for a, draw in lines:
                    if a.field == "threshold_kev" and min(a.values) < edge:
                        draw(edge, color="tab:red", ls="--", lw=1)
                        ax.text(
                            0.01,
                            0.01,
                            f"dashed: noise edge {edge:g} keV (below: noise triggers not "
                            "modelled, limits optimistic)",
                            transform=ax.transAxes,
                            fontsize=7,
                            color="tab:red",
                        )
            ax.set_xlabel(labels[first.field])
            if first.log:
                ax.set_xscale("log")
            ax.set_title(title, fontsize=9)
        apply_rc(fig)
        return [with_extension(stem, ext) for ext in write_figure(fig, stem)]


def sensitivity_scan(
    card: Any,
    axes: Sequence[ScanAxis | str],
    *,
    cl: float = 0.9,
    statistic: str = "cls",
    scheduler: str | None = None,
    resume: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    points_per_chunk: int = POINTS_PER_CHUNK,
    executor: Any = None,
    noise_sigmas: float = NOISE_EDGE_SIGMAS,
) -> ScanResult:
    """Asymptotic expected sensitivity of a card over a grid of parameters.

    Args:
        card: an experiment card (:func:`munu.experiments.load_card`).
        axes: one or two :class:`ScanAxis` (or ``"field=start:stop:n"`` strings), distinct
            fields.
        cl: confidence level.
        statistic: ``"cls"`` or ``"clsb"`` (see :func:`munu.stats.expected_sensitivity`).
        scheduler: :func:`munu.parallel.parse_scheduler` specification.
        resume: run directory (:class:`munu.parallel.RunStore`) for a resumable scan.
        progress: ``progress(done_points, total_points)``.
        points_per_chunk: grid points per chunk (each chunk has a single threshold).
        executor: an already open :mod:`munu.parallel` executor (instead of ``scheduler``).
        noise_sigmas: thresholds below ``noise_sigmas`` × σ(0) of the card's resolution
            (:func:`noise_edge_kev`) are flagged with a :class:`~munu.MunuWarning`.

    Returns:
        :class:`ScanResult`.

    Example:
        >>> from munu.experiments import load_card
        >>> res = sensitivity_scan(load_card("texono_ks_2003"), ["mass_kg=1:4:2"])
        >>> ratio = res.mu_median[0] / res.mu_median[1]  # 4× the mass: ≈ 4^(1/4) better
        >>> 1.3 < float(ratio) < 1.5
        True
    """
    from munu.inference import card_digest
    from munu.parallel import RunStore, open_executor, parse_scheduler, run_chunks

    parsed = tuple(a if isinstance(a, ScanAxis) else parse_vary(a) for a in axes)
    if not 1 <= len(parsed) <= 2:
        raise InputError("--vary", len(parsed), "one or two varied fields")
    if len({a.field for a in parsed}) != len(parsed):
        raise InputError("--vary", [a.field for a in parsed], "distinct fields")
    check_choice(statistic, "statistic", ("cls", "clsb"))
    level = as_float(cl, "cl")
    if not 0.0 < level < 1.0:
        raise InputError("cl", cl, "a confidence level strictly between 0 and 1")
    if not isinstance(points_per_chunk, int) or points_per_chunk < 1:
        raise InputError("points_per_chunk", points_per_chunk, "a positive integer")
    shape = tuple(len(a.values) for a in parsed)
    if math.prod(shape) > MAX_POINTS:
        raise InputError("--vary", shape, f"at most {MAX_POINTS} grid points")
    defaults = {
        "threshold_kev": None,
        "mass_kg": float(card.target.mass_kg),
        "background": float(card.background.flat_per_kg_kev_day),
        "live_days": float(card.exposure.days),
    }
    # every grid point: (threshold or None, mass, background, days), in C order of `shape`
    points: list[tuple[float | None, float, float, float]] = []
    for idx in np.ndindex(*shape):
        v = dict(defaults)
        for a, i in zip(parsed, idx, strict=True):
            v[a.field] = a.values[i]
        points.append((v["threshold_kev"], v["mass_kg"], v["background"], v["live_days"]))
    by_thr: dict[float | None, list[int]] = {}
    for i, p in enumerate(points):
        by_thr.setdefault(p[0], []).append(i)
    edge = noise_edge_kev(card, noise_sigmas)
    below = sorted(t for t in by_thr if t is not None and edge is not None and t < edge)
    if below:
        warnings.warn(
            f"{card.name}: threshold_kev {', '.join(f'{t:.3g}' for t in below)} keV below "
            f"the noise edge {edge:.3g} keV ({noise_sigmas:g} σ(0), with σ(0) = "
            f"{card.response.resolution.a_kev:g} keV the card's resolution at 0). The scan "
            "keeps that resolution and does not model noise triggers, so the limits there "
            "are optimistic.",
            MunuWarning,
            stacklevel=2,
        )
    all_parts = _threshold_parts(card, list(by_thr))
    tasks = []
    order: list[list[int]] = []
    for ti, (parts, idxs) in enumerate(zip(all_parts, by_thr.values(), strict=True)):
        for c0 in range(0, len(idxs), points_per_chunk):
            sel = idxs[c0 : c0 + points_per_chunk]
            rows = np.array([points[i][1:] for i in sel], dtype=float)
            tasks.append((f"t{ti}_r{c0}-{c0 + len(sel) - 1}", (parts, rows, level, statistic)))
            order.append(sel)
    identity = {
        "job": "scan",
        "card": card.name,
        "card_sha256": card_digest(card),
        "method": "asymptotic",
        "statistic": statistic,
        "cl": level,
        "axes": [{"field": a.field, "values": list(a.values)} for a in parsed],
        "points_per_chunk": points_per_chunk,
    }
    store = None if resume is None else RunStore(resume, identity)
    weights = [len(sel) for sel in order]
    if executor is not None or parse_scheduler(scheduler).kind == "serial":
        results = run_chunks(
            _scan_chunk, tasks, executor=executor, store=store, progress=progress, weights=weights
        )
    else:
        with open_executor(scheduler) as executor:
            results = run_chunks(
                _scan_chunk,
                tasks,
                executor=executor,
                store=store,
                progress=progress,
                weights=weights,
            )
    flat = np.empty((len(points), 5))
    for sel, res in zip(order, results, strict=True):
        if res.shape != (len(sel), 5):
            from munu.errors import DataError

            raise DataError(f"scan chunk of shape {res.shape} does not belong to this scan")
        flat[sel] = res
    return ScanResult(card.name, parsed, flat.reshape(*shape, 5), level, statistic, edge)
