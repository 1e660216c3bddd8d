"""Measured spectra in: delimited tables, event lists, ``hist`` histograms, ROOT TH1, Dresden-II.

Every reader validates at the boundary and raises :class:`munu.DataError` (malformed or
inconsistent data) or :class:`munu.InputError` (bad arguments) with a message naming the
problem: NaNs, negative or non-integer counts where counts are required, non-increasing or
mismatched bin edges, non-positive live times.

Example:
    >>> import numpy as np
    >>> from munu.stats.data import bin_events
    >>> spec = bin_events([1.5, 2.5, 2.7], edges_kev=[1.0, 2.0, 3.0])
    >>> spec.values.tolist()
    [1.0, 2.0]
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array
from munu.errors import DataError, InputError

__all__ = [
    "BinnedSpectrum",
    "OnOffSpectrum",
    "bin_events",
    "from_hist",
    "read_dresden_ii",
    "read_root_th1",
    "read_spectrum_table",
]

FloatArray = NDArray[np.float64]


def _edges(edges_kev: ArrayLike, field: str = "edges_kev") -> FloatArray:
    e = as_float_array(edges_kev, field, allow_empty=False)
    if e.ndim != 1 or e.size < 2 or np.any(np.diff(e) <= 0):
        raise DataError(f"{field} must be a 1-d strictly increasing array of ≥ 2 bin edges")
    return e


def _edges_from_centres(centres: FloatArray) -> FloatArray:
    if centres.size < 2 or np.any(np.diff(centres) <= 0):
        raise DataError("bin centres must be strictly increasing (≥ 2 bins)")
    mid = 0.5 * (centres[1:] + centres[:-1])
    return np.concatenate(
        [[centres[0] - (mid[0] - centres[0])], mid, [centres[-1] + (centres[-1] - mid[-1])]]
    )


def _check_counts(values: FloatArray, field: str) -> None:
    if np.any(values < 0):
        raise DataError(f"{field}: negative counts are not allowed")
    if np.any(values != np.round(values)):
        raise DataError(
            f"{field}: counts must be integers (got non-integer values); "
            "read rates with is_counts=False"
        )


@dataclass(frozen=True, eq=False)
class BinnedSpectrum:
    """A binned spectrum: edges in keV, one value per bin, optional 1σ errors.

    Attributes:
        edges_kev: bin edges (nbins + 1), keV.
        values: counts (``is_counts``) or rates per bin.
        errors: 1σ errors (None: √counts for counts).
        is_counts: whether values are event counts (integers ≥ 0).
        live_time_days: live time, days, > 0 if given.
    """

    edges_kev: FloatArray
    values: FloatArray
    errors: FloatArray | None = None
    is_counts: bool = True
    live_time_days: float | None = None

    def __post_init__(self) -> None:
        e = _edges(self.edges_kev)
        v = as_float_array(self.values, "values")
        if v.shape != (e.size - 1,):
            raise DataError(f"values has shape {v.shape} but the binning has {e.size - 1} bins")
        if self.is_counts:
            _check_counts(v, "values")
        err = None
        if self.errors is not None:
            err = as_float_array(self.errors, "errors", nonnegative=True)
            if err.shape != v.shape:
                raise DataError(f"errors has shape {err.shape}, values {v.shape}")
        if self.live_time_days is not None:
            object.__setattr__(
                self,
                "live_time_days",
                as_float(self.live_time_days, "live_time_days", positive=True),
            )
        object.__setattr__(self, "edges_kev", e)
        object.__setattr__(self, "values", v)
        object.__setattr__(self, "errors", err)

    @property
    def centres_kev(self) -> FloatArray:
        """Bin centres, keV."""
        return 0.5 * (self.edges_kev[1:] + self.edges_kev[:-1])

    @property
    def sigma(self) -> FloatArray:
        """1σ errors (given, or √max(n, 1) for counts)."""
        if self.errors is not None:
            return self.errors
        if not self.is_counts:
            raise DataError("a rate spectrum without errors has no σ")
        return np.sqrt(np.maximum(self.values, 1.0))

    def check_same_binning(self, other: BinnedSpectrum) -> None:
        """Raise :class:`DataError` unless ``other`` has the same bin edges."""
        if self.edges_kev.shape != other.edges_kev.shape or not np.allclose(
            self.edges_kev, other.edges_kev, rtol=1e-9, atol=1e-12
        ):
            raise DataError("bin edges do not match between the two spectra")


@dataclass(frozen=True, eq=False)
class OnOffSpectrum:
    """Reactor ON and OFF spectra on the same binning (values with 1σ errors)."""

    on: BinnedSpectrum
    off: BinnedSpectrum

    def __post_init__(self) -> None:
        self.on.check_same_binning(self.off)

    @property
    def edges_kev(self) -> FloatArray:
        """Shared bin edges, keV."""
        return self.on.edges_kev

    def residual(self) -> tuple[FloatArray, FloatArray]:
        """ON − OFF per bin and its 1σ error (errors added in quadrature).

        Spectra must be in the same normalisation (e.g. rates per kg·day·keV).
        """
        return self.on.values - self.off.values, np.hypot(self.on.sigma, self.off.sigma)


_VALUE_NAMES = ("counts", "rate", "value")
_ERROR_NAMES = ("error", "err", "rate_err", "sigma")


def read_spectrum_table(
    path: str | Path, *, is_counts: bool | None = None, live_time_days: float | None = None
) -> BinnedSpectrum:
    """Read a CSV/TSV/whitespace table with a header row.

    Columns (case-insensitive): bin edges ``e_lo_kev`` and ``e_hi_kev`` (contiguous), or
    centres ``e_kev``; values ``counts`` (integers) or ``rate``/``value``; optional errors
    ``error``/``err``/``rate_err``/``sigma``.

    Args:
        path: file path (delimiter detected: comma, tab or whitespace).
        is_counts: override whether values are counts (default: column named ``counts``).
        live_time_days: optional live time, days.

    Returns:
        :class:`BinnedSpectrum`.

    Raises:
        DataError: unreadable file, missing columns, NaN, bad counts or edges.
    """
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as err:
        raise DataError(f"cannot read {p}: {err}") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if len(lines) < 2:
        raise DataError(f"{p}: expected a header row and at least one data row")
    delim = "," if "," in lines[0] else ("\t" if "\t" in lines[0] else None)
    header = [h.strip().lower() for h in lines[0].split(delim)]
    try:
        rows = np.array([[float(x) for x in ln.split(delim)] for ln in lines[1:]])
    except ValueError as err:
        raise DataError(f"{p}: non-numeric entry ({err})") from None
    if rows.ndim != 2 or rows.shape[1] != len(header):
        raise DataError(f"{p}: every row must have {len(header)} columns like the header")
    if not np.all(np.isfinite(rows)):
        raise DataError(f"{p}: contains NaN or infinite values")
    col = {name: rows[:, i] for i, name in enumerate(header)}
    if "e_lo_kev" in col and "e_hi_kev" in col:
        lo, hi = col["e_lo_kev"], col["e_hi_kev"]
        if not np.allclose(lo[1:], hi[:-1]):
            raise DataError(f"{p}: bins are not contiguous (e_hi_kev[i] != e_lo_kev[i+1])")
        edges = np.append(lo, hi[-1])
    elif "e_kev" in col:
        edges = _edges_from_centres(col["e_kev"])
    else:
        raise DataError(f"{p}: need columns e_lo_kev,e_hi_kev or e_kev; found {header}")
    name = next((n for n in _VALUE_NAMES if n in col), None)
    if name is None:
        raise DataError(f"{p}: need a value column, one of {_VALUE_NAMES}; found {header}")
    err_name = next((n for n in _ERROR_NAMES if n in col), None)
    counts = (name == "counts") if is_counts is None else bool(is_counts)
    return BinnedSpectrum(
        edges, col[name], None if err_name is None else col[err_name], counts, live_time_days
    )


def bin_events(
    energies_kev: ArrayLike, edges_kev: ArrayLike, live_time_days: float | None = None
) -> BinnedSpectrum:
    """Histogram an unbinned event list (energies in keV) on the given edges.

    Events outside the edges are dropped (the last bin includes its upper edge).

    Example:
        >>> bin_events([0.5], [1.0, 2.0]).values.tolist()
        [0.0]
    """
    e = as_float_array(energies_kev, "energies_kev", nonnegative=True)
    edges = _edges(edges_kev)
    counts, _ = np.histogram(e.ravel(), bins=edges)
    return BinnedSpectrum(edges, counts.astype(float), None, True, live_time_days)


def from_hist(h: Any, *, is_counts: bool = True) -> BinnedSpectrum:
    """Convert a 1-d ``hist.Hist`` (axis in keV) to a :class:`BinnedSpectrum`.

    Errors are √variances when the histogram stores weights, else None (Poisson).
    """
    axes = getattr(h, "axes", None)
    if axes is None or len(axes) != 1:
        raise InputError("h", type(h).__name__, "a one-dimensional hist.Hist")
    variances = h.variances()
    values = np.asarray(h.values(), float)
    weighted = variances is not None and not np.allclose(variances, values)
    errors = np.sqrt(variances) if weighted else None
    return BinnedSpectrum(
        np.asarray(axes[0].edges, float), values, errors, is_counts and not weighted
    )


def read_root_th1(path: str | Path, name: str, *, is_counts: bool = True) -> BinnedSpectrum:
    """Read a ROOT TH1 (x axis in keV) with uproot (optional dependency ``munu[root]``).

    Raises:
        MunuError: :class:`DataError` if uproot is not installed or the object is missing.
    """
    try:
        uproot = importlib.import_module("uproot")
    except ImportError:
        raise DataError("reading ROOT files needs uproot: pip install 'munu[root]'") from None
    try:
        with uproot.open(path) as f:
            th1 = f[name]
            values, edges = th1.to_numpy()
            errors = th1.errors()
    except (OSError, KeyError) as err:
        raise DataError(f"cannot read TH1 {name!r} from {path}: {err}") from None
    return BinnedSpectrum(
        np.asarray(edges, float), np.asarray(values, float), np.asarray(errors, float), is_counts
    )


def read_dresden_ii(
    path: str | Path,
    *,
    bin_width_kev: float = 0.01,
    live_time_on_days: float | None = None,
    live_time_off_days: float | None = None,
) -> OnOffSpectrum:
    """Read the Dresden-II ON/OFF release (Colaresi et al., PRL 129 (2022) 211802,
    arXiv:2202.09672, supplemental data).

    Format: whitespace columns energy (keVee, bin centre), ON value, ON error, OFF value,
    OFF error; 10 eV bins. Values are rates per bin as released (not counts): use
    :meth:`OnOffSpectrum.residual` with :class:`~munu.stats.models.GaussianResidualModel`.
    The units of the value columns must be checked against the paper before quoting a result.

    Args:
        path: path of ``data_release.txt``.
        bin_width_kev: bin width (the release uses 10 eV).
        live_time_on_days: optional ON live time (the paper: 96.4 d).
        live_time_off_days: optional OFF live time (the paper: 25 d).

    Returns:
        :class:`OnOffSpectrum` with ``is_counts=False``.
    """
    p = Path(path)
    width = as_float(bin_width_kev, "bin_width_kev", positive=True)
    try:
        rows = np.loadtxt(p, ndmin=2)
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read Dresden-II release {p}: {err}") from None
    if rows.shape[1] != 5:
        raise DataError(
            f"{p}: expected 5 columns (E, ON, ON err, OFF, OFF err), found {rows.shape[1]}"
        )
    if not np.all(np.isfinite(rows)):
        raise DataError(f"{p}: contains NaN or infinite values")
    centres = rows[:, 0]
    if not np.allclose(np.diff(centres), width, rtol=1e-3, atol=1e-6):
        raise DataError(f"{p}: bin centres are not spaced by {width} keV")
    edges = np.append(centres - 0.5 * width, centres[-1] + 0.5 * width)
    on = BinnedSpectrum(edges, rows[:, 1], rows[:, 2], False, live_time_on_days)
    off = BinnedSpectrum(edges, rows[:, 3], rows[:, 4], False, live_time_off_days)
    return OnOffSpectrum(on, off)
