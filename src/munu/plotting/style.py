"""One figure style for every munu plot: labels, limit markers, regions, annotations.

Every figure munu draws (the report, ``munu rate/limit/sensitivity --plot``, scans, the
global fit, astrophysics) goes through the helpers here so that the same physics is drawn the
same way everywhere:

* text is matplotlib *mathtext* (``$\\bar\\nu_e$``, ``$\\mu_B$``, ``$10^{-11}\\,\\mu_B$``),
  never code names (``nuebar``) or underscores; :func:`flavour_label` and :func:`mu_unit`
  build it;
* an upper limit is a horizontal cap with a downward arrow (:func:`upper_limit`), never a
  filled dot; 90% CL limits are filled, 95% CL limits open and dashed, and the CL is written
  in the legend (:func:`cl_label`);
* points carry their experiment's name next to them (:func:`label_point`);
* an allowed region is shaded on its allowed side, outlined, with its best fit marked
  (:func:`allowed_region`);
* a curve's label sits on a white box above the curve (:func:`label_curve`), so lines are
  never printed over their labels;
* linear axes never show an offset or a ``1e16`` multiplier (:func:`plain_axis`).

:func:`new_figure` returns a :class:`matplotlib.figure.Figure` (no pyplot state) with the
munu defaults (constrained layout, font sizes). ``mplhep`` was considered and not used: its
styles are experiment house styles (CMS/ATLAS/LHCb) for collider histograms, while munu's
figures are limit summaries and spectra in the conventions of the neutrino-moment literature
(review hep-ex/0409003 Figs. 2–4), which these few helpers express directly without a
dependency.

Example:
    >>> from munu.plotting.style import flavour_label, mu_unit, new_figure, upper_limit
    >>> flavour_label("nuebar"), mu_unit(-11)
    ('$\\\\bar\\\\nu_e$', '$10^{-11}\\\\,\\\\mu_B$')
    >>> fig = new_figure(4, 3)
    >>> ax = fig.add_subplot()
    >>> artist = upper_limit(ax, 2003, 1.3, cl=0.9, label="TEXONO")
    >>> ax.get_legend_handles_labels()[1]
    ['TEXONO']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from munu.errors import InputError

__all__ = [
    "CL_STYLES",
    "FLAVOUR_LABELS",
    "RC",
    "allowed_region",
    "apply_rc",
    "band",
    "cl_label",
    "flavour_label",
    "label_curve",
    "label_point",
    "mu_unit",
    "new_figure",
    "plain_axis",
    "plain_log_ticks",
    "style_context",
    "upper_limit",
]

#: matplotlib settings of every munu figure (applied by :func:`new_figure` and
#: :func:`apply_rc`): mathtext in the text font, readable sizes, no axis offsets.
RC: dict[str, Any] = {
    "font.size": 10,
    "axes.labelsize": 10,
    "axes.titlesize": 10,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "xtick.direction": "in",
    "ytick.direction": "in",
    "xtick.top": True,
    "ytick.right": True,
    "mathtext.fontset": "dejavusans",
    "axes.formatter.useoffset": False,
    "axes.formatter.limits": (-4, 5),
    "lines.linewidth": 1.5,
    "savefig.dpi": 130,
}

#: Mathtext symbol of each flavour code used in cards and constraints.
FLAVOUR_LABELS: dict[str, str] = {
    "nue": r"$\nu_e$",
    "nuebar": r"$\bar\nu_e$",
    "numu": r"$\nu_\mu$",
    "numubar": r"$\bar\nu_\mu$",
    "nutau": r"$\nu_\tau$",
    "nutaubar": r"$\bar\nu_\tau$",
    "solar": r"solar $\nu_e$",
    "nux": r"$\nu_x$",
}

#: Marker style of a limit by confidence level: 90% filled and solid, 95% open and dashed;
#: any other CL gets the open style with a dotted arrow.
CL_STYLES: dict[float, dict[str, Any]] = {
    0.9: {"mfc": None, "ls": "-"},
    0.95: {"mfc": "none", "ls": "--"},
}


def flavour_label(code: str) -> str:
    """Mathtext symbol of a flavour code (``"nuebar"`` → ``$\\bar\\nu_e$``).

    Unknown codes are returned unchanged (they are already human text).

    Example:
        >>> flavour_label("numu")
        '$\\\\nu_\\\\mu$'
    """
    return FLAVOUR_LABELS.get(str(code), str(code))


def mu_unit(exponent: int = 0) -> str:
    """Mathtext unit of a magnetic moment axis: ``$10^{n}\\,\\mu_B$`` (``$\\mu_B$`` for n = 0).

    Example:
        >>> mu_unit(0)
        '$\\\\mu_B$'
    """
    n = int(exponent)
    return r"$\mu_B$" if n == 0 else rf"$10^{{{n}}}\,\mu_B$"


def cl_label(cl: float) -> str:
    """``"90% CL"`` from 0.9 (the confidence level as the legend and titles state it).

    Example:
        >>> cl_label(0.95)
        '95% CL'
    """
    c = float(cl)
    if not 0.0 < c < 1.0:
        raise InputError("cl", cl, "a confidence level strictly between 0 and 1")
    return f"{100.0 * c:.4g}% CL"


def apply_rc(fig: Any) -> Any:
    """Apply the parts of :data:`RC` that are read at draw time to an existing figure's axes:
    tick direction and sides, and plain (offset-free) tick labels on linear axes."""
    for ax in fig.axes:
        ax.tick_params(which="both", direction="in", top=True, right=True)
        plain_axis(ax)
    return fig


def new_figure(width: float = 7.0, height: float = 4.5, **kwargs: Any) -> Any:
    """A :class:`matplotlib.figure.Figure` in munu's style (constrained layout).

    Artists created while the figure is built read matplotlib's rcParams at creation, so
    drawing code should run inside ``matplotlib.rc_context(RC)`` (:func:`style_context`) or
    call :func:`apply_rc` at the end; the figure's own defaults are set here.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(RC):
        return Figure(figsize=(width, height), layout="constrained", **kwargs)


def style_context() -> Any:
    """Context manager applying :data:`RC` (wrap the drawing code of a figure in it)."""
    import matplotlib as mpl

    return mpl.rc_context(RC)


def plain_axis(ax: Any) -> Any:
    """No offset and no ``1eN`` multiplier on the linear axes of ``ax`` (log axes untouched)."""
    from matplotlib.ticker import ScalarFormatter

    for axis in (ax.xaxis, ax.yaxis):
        fmt = axis.get_major_formatter()
        if isinstance(fmt, ScalarFormatter):
            fmt.set_useOffset(False)
            fmt.set_scientific(False)
    return ax


def plain_log_ticks(ax: Any, axis: str = "both") -> Any:
    """Plain numbers (0.5, 2, 30) instead of ``3×10^1`` on the log axes of ``ax`` whose range
    spans less than three decades (wider ones keep the powers of ten)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    def fmt(value: float, _pos: int) -> str:
        return f"{value:g}"

    for name in ("x", "y") if axis == "both" else (axis,):
        ax_obj = getattr(ax, f"{name}axis")
        if getattr(ax, f"get_{name}scale")() != "log":
            continue
        lo, hi = sorted(getattr(ax, f"get_{name}lim")())
        if lo <= 0 or hi / lo > 1e3:
            continue
        ax_obj.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax_obj.set_major_formatter(FuncFormatter(fmt))
        ax_obj.set_minor_formatter(NullFormatter())
    return ax


def _cl_style(cl: float) -> dict[str, Any]:
    return CL_STYLES.get(round(float(cl), 4), {"mfc": "none", "ls": ":"})


def upper_limit(
    ax: Any,
    x: ArrayLike,
    y: ArrayLike,
    *,
    cl: float = 0.9,
    label: str | None = None,
    color: Any = None,
    arrow_fraction: float = 0.35,
    marker: str = "_",
    size: float = 12.0,
) -> Any:
    """Draw upper limits at (x, y): a cap at the limit and an arrow pointing down.

    Args:
        ax: matplotlib axes.
        x, y: positions (arrays or scalars); y is the limit.
        cl: confidence level: 90% is drawn solid and filled, 95% open with a dashed arrow.
        label: legend entry (the CL is not appended: use :func:`cl_label` in it or the axis).
        color: colour of all the limits drawn by this call.
        arrow_fraction: arrow length as a fraction of y (a fixed length on a log axis).
        marker: the cap's marker.
        size: marker size in points.

    Returns:
        The :class:`~matplotlib.container.ErrorbarContainer`.
    """
    xs = np.atleast_1d(np.asarray(x, dtype=float))
    ys = np.atleast_1d(np.asarray(y, dtype=float))
    st = _cl_style(cl)
    container = ax.errorbar(
        xs,
        ys,
        yerr=arrow_fraction * ys,
        uplims=True,
        fmt=marker,
        ms=size,
        mew=2.0,
        capsize=3.0,
        elinewidth=1.2,
        color=color,
        mfc=st["mfc"],
        label=label,
    )
    for line in container.lines[2]:
        line.set_linestyle(st["ls"])
    return container


def label_point(
    ax: Any,
    x: float,
    y: float,
    text: str,
    *,
    offset: tuple[float, float] = (4.0, 3.0),
    fontsize: float = 7.0,
    **kwargs: Any,
) -> Any:
    """Write ``text`` (an experiment's name) next to the point (x, y), offset in points."""
    kwargs.setdefault("ha", "left" if offset[0] >= 0 else "right")
    kwargs.setdefault("va", "bottom" if offset[1] >= 0 else "top")
    return ax.annotate(
        text,
        (x, y),
        xytext=offset,
        textcoords="offset points",
        fontsize=fontsize,
        **kwargs,
    )


def label_curve(
    ax: Any,
    x: ArrayLike,
    y: ArrayLike,
    text: str,
    *,
    at: float = 0.75,
    fontsize: float = 8.0,
    color: Any = "k",
) -> Any:
    """Label a curve in place: the text on a white box over the curve at fraction ``at`` of
    its points, drawn above it so the line never runs through the label."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if xs.size == 0 or xs.shape != ys.shape:
        raise InputError("x, y", f"shapes {xs.shape}, {ys.shape}", "equal, non-empty arrays")
    i = int(np.clip(round(float(at) * (xs.size - 1)), 0, xs.size - 1))
    return ax.text(
        xs[i],
        ys[i],
        text,
        fontsize=fontsize,
        color=color,
        ha="center",
        va="center",
        zorder=5,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
    )


def allowed_region(
    ax: Any,
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike,
    level: float,
    *,
    best_fit: Sequence[float] | None = None,
    color: Any = "C0",
    label: str = "allowed",
) -> Any:
    """Shade the allowed side {z ≤ level} of a Δχ² map, outline it and mark the best fit.

    Args:
        ax: matplotlib axes.
        x, y: grid coordinates (1-D of lengths nx, ny, or 2-D meshes).
        z: Δχ² (or any test statistic) on the grid, shape (ny, nx).
        level: the critical value (e.g. 4.61 for 90% CL, 2 parameters).
        best_fit: (x, y) of the best fit, drawn as a star.
        color: colour of the region.
        label: legend entry of the shaded region.
    """
    from matplotlib.patches import Patch

    zz = np.asarray(z, dtype=float)
    ax.contourf(x, y, zz, levels=[-np.inf, float(level)], colors=[color], alpha=0.3)
    ax.contour(x, y, zz, levels=[float(level)], colors=[color], linewidths=1.5)
    handles = [Patch(facecolor=color, alpha=0.3, edgecolor=color, label=label)]
    if best_fit is not None:
        (pt,) = ax.plot(
            [best_fit[0]],
            [best_fit[1]],
            "*",
            color="k",
            ms=9,
            label="best fit",
            zorder=6,
            clip_on=False,  # a best fit on the boundary (μ = 0) stays visible
        )
        handles.append(pt)
    return handles


def band(
    ax: Any,
    x: ArrayLike,
    quantiles: ArrayLike,
    *,
    label_median: str = "expected (median)",
    observed: ArrayLike | None = None,
) -> Any:
    """Brazil band: ±2σ (yellow) and ±1σ (green) bands and the dashed median.

    ``quantiles`` has shape (5, n): the −2σ, −1σ, median, +1σ, +2σ expected values at x;
    ``observed`` (n,) is drawn as a solid black line when given.
    """
    q = np.asarray(quantiles, dtype=float)
    xs = np.asarray(x, dtype=float)
    if q.ndim != 2 or q.shape[0] != 5 or q.shape[1] != xs.size:
        raise InputError("quantiles", f"shape {q.shape}", f"shape (5, {xs.size})")
    ax.fill_between(xs, q[0], q[4], color="#ffdd00", lw=0, label=r"expected $\pm2\sigma$")
    ax.fill_between(xs, q[1], q[3], color="#00bb00", lw=0, label=r"expected $\pm1\sigma$")
    ax.plot(xs, q[2], "k--", lw=1.2, label=label_median)
    if observed is not None:
        ax.plot(xs, np.asarray(observed, dtype=float), "k-", lw=1.5, label="observed")
    return ax
