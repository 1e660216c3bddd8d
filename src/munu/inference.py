"""From an experiment card to a statistical model, data, limits and sensitivities.

This is the glue between :mod:`munu.experiments` (what an experiment is) and
:mod:`munu.stats` (models linear in κ = μ²): it builds the model an experiment's card
implies, reads or simulates data on the card's binning, and runs a chosen method. The CLI
commands ``munu limit``, ``munu sensitivity`` and ``munu simulate`` are thin layers over it.

Which model a card gets:

* the card has an OFF period (``exposure.off_days``): :class:`~munu.stats.OnOffModel`, the
  background per bin a free nuisance shared by ON and OFF (TEXONO, GEMMA), the
  source-correlated standard-model parts (ν-e weak scattering and CEvNS) known and in the ON
  expectation only;
* otherwise: :class:`~munu.stats.BinnedModel` with the card's background as a template
  whose normalisation is free (``background_sigma=inf``) and the same SM parts fixed.

Data files for ON/OFF cards are CSV tables with a header ``e_lo_kev,e_hi_kev,on_counts,
off_counts`` (counts for the card's ON and OFF live times; ``#`` comments allowed); for
single-spectrum cards ``e_lo_kev,e_hi_kev,counts``. The binning must be the card's.

Example:
    >>> from munu.experiments import load_card
    >>> from munu.inference import model_from_card, simulate_counts
    >>> card = load_card("texono_ks_2003")
    >>> model = model_from_card(card)
    >>> data = simulate_counts(card, mu=0.0, seed=1)
    >>> data.shape == (2 * model.nbins,)
    True
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu._io import atomic_write_text
from munu._validate import as_float, as_moment, check_choice
from munu.errors import DataError, InputError, bounded_repr, bounded_text

__all__ = [
    "LIMIT_METHODS",
    "SENSITIVITY_METHODS",
    "CardLimit",
    "card_digest",
    "default_kappa_grid",
    "limit_from_card",
    "limit_of_model",
    "min_toys",
    "model_from_card",
    "model_from_parts",
    "read_card_data",
    "sensitivity_from_card",
    "simulate_counts",
    "write_card_data",
]

#: Methods of :func:`limit_from_card`: Feldman–Cousins with toys, asymptotic CLs (q̃),
#: toy-based CLs, Bayesian with a flat prior in κ, asymptotic profile-likelihood interval
#: (Wilks; two-sided when the data exclude κ = 0 at the CL, else an upper limit).
LIMIT_METHODS: tuple[str, ...] = ("fc", "cls", "cls-toys", "bayes", "profile")
#: Methods of :func:`sensitivity_from_card`.
SENSITIVITY_METHODS: tuple[str, ...] = ("asymptotic", "toys")


#: Toys expected beyond the CL quantile that a toy method needs at least (issue 14: one toy
#: gave a "limit" and five identical bands without a word).
MIN_TOYS_BEYOND_QUANTILE = 10
#: Largest data file :func:`read_card_data` reads, in bytes (a 100,000-bin ON/OFF table is
#: ~5 MB; a bigger file is not a data table for a card).
MAX_DATA_BYTES = 20_000_000
#: Largest count per bin accepted: above 2^53 a double no longer holds every integer.
MAX_COUNT = float(2**53)


def min_toys(cl: float) -> int:
    """Fewest toys per κ point for a toy method at confidence level ``cl``: enough that
    :data:`MIN_TOYS_BEYOND_QUANTILE` toys are expected beyond the CL quantile,
    ⌈10 / (1 − CL)⌉.

    Example:
        >>> min_toys(0.9), min_toys(0.95), min_toys(0.99)
        (100, 200, 1000)
    """
    from munu.stats.limits import min_toys as _stats_min_toys

    c = as_float(cl, "cl")
    if not 0.0 < c < 1.0:
        raise InputError("cl", cl, "a confidence level strictly between 0 and 1")
    return _stats_min_toys(c)


def _check_toys(n_toys: int, cl: float) -> None:
    need = min_toys(cl)
    if isinstance(n_toys, bool) or not isinstance(n_toys, int | np.integer) or n_toys < need:
        raise InputError(
            "toys",
            n_toys,
            f"at least {need} toys at CL {cl:g} (⌈10/(1 − CL)⌉, so that ≥ 10 toys fall "
            "beyond the CL quantile)",
        )


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError("seed", seed, "an integer ≥ 0")
    return int(seed)


def model_from_card(card: Any) -> Any:
    """The :mod:`munu.stats` model an experiment card implies (see the module docstring and
    :func:`munu.model.build_card_model`): bins inside the card's fit window, one template per
    named background component, the SM term added or not as the card says.

    Rates per bin are per day of live time; ON/OFF counts are rate × live days.
    """
    from munu.model import build_card_model

    return build_card_model(card).stats


def model_from_parts(
    *,
    signal: NDArray[np.float64],
    weak: NDArray[np.float64],
    cevns: NDArray[np.float64],
    background: NDArray[np.float64],
    live_days: float,
    off_days: float | None = None,
    name: str = "card",
) -> Any:
    """The model of :func:`model_from_card` from expected counts per bin for the ON live time.

    Args:
        signal: magnetic counts per unit κ (μ_B²) for ``live_days``.
        weak: SM weak counts.
        cevns: CEvNS counts: reactor-correlated, so like the SM weak part they are in the
            ON expectation only (known, not a nuisance).
        background: detector background counts.
        live_days: ON live time in days.
        off_days: OFF live time in days (ON/OFF model) or None.
        name: the card's name, for error messages.

    Returns:
        an :class:`~munu.stats.OnOffModel` or :class:`~munu.stats.BinnedModel`.
    """
    from munu.stats import BinnedModel, OnOffModel

    days = float(live_days)
    if np.sum(signal) <= 0:
        raise InputError("card", name, "a card whose binning contains some magnetic signal")
    if off_days:
        return OnOffModel(
            signal_per_kappa=signal / days,
            sm_on=(weak + cevns) / days,
            exposure_on=days,
            exposure_off=float(off_days),
            background=background / days,
        )
    if np.any(background <= 0):
        raise InputError(
            "background",
            f"{name}: {np.min(background):g} counts in a bin",
            "a background > 0 in every bin",
        )
    return BinnedModel(
        signal_per_kappa=signal,
        background=background,
        background_sigma=np.inf,
        sm=weak + cevns,
    )


def card_digest(card: Any) -> str:
    """SHA-256 (16 hex characters) of a card's full content: the identity of its model."""
    text = card.model_dump_json() if hasattr(card, "model_dump_json") else repr(card)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _job_identity(
    card: Any,
    kind: str,
    method: str,
    *,
    cl: float,
    seed: int,
    n_toys: int,
    grid: NDArray[np.float64],
    data: NDArray[np.float64] | None,
) -> dict[str, Any]:
    from munu.parallel import array_digest
    from munu.stats.toys import DEFAULT_CHUNK_ELEMENTS, TOY_SCHEME

    return {
        "job": kind,
        # how toys are drawn and grouped into chunks: a run directory written under another
        # scheme holds other numbers or other chunk keys, so it is refused, not mixed in
        "toy_scheme": TOY_SCHEME,
        "chunk_elements": DEFAULT_CHUNK_ELEMENTS,
        "card": getattr(card, "name", str(card)),
        "card_sha256": card_digest(card),
        "method": method,
        "cl": float(cl),
        "seed": int(seed),
        "n_toys": int(n_toys),
        "kappa_grid": {
            "n": int(np.size(grid)),
            "min": float(np.min(grid)),
            "max": float(np.max(grid)),
            "sha256": array_digest(grid),
        },
        "data_sha256": None if data is None else array_digest(data),
    }


@contextmanager
def _toy_context(
    scheduler: str | None, resume: str | Path | None, identity: dict[str, Any]
) -> Iterator[tuple[Any, Any]]:
    """(executor, store) for a toy job: ``None`` for each unless asked for."""
    from munu.parallel import RunStore, open_executor, parse_scheduler

    store = None if resume is None else RunStore(resume, identity)
    if parse_scheduler(scheduler).kind == "serial":
        yield None, store
        return
    with open_executor(scheduler) as executor:
        yield executor, store


def _is_onoff(card: Any) -> bool:
    return bool(card.exposure.off_days)


def simulate_counts(card: Any, mu: float = 0.0, seed: int = 0) -> NDArray[np.float64]:
    """One seeded pseudo-data set from the card's model at moment ``mu`` (μ_B).

    Returns the data vector of :func:`model_from_card` (ON counts then OFF counts for
    ON/OFF cards).
    """
    from munu.model import _window_mask

    m = as_moment(mu, "mu")
    rng = np.random.default_rng(_check_seed(seed))
    model = model_from_card(card)
    counts = model.sample(m * m, 1, rng)[0][: model.n_counts]
    edges = card.binning_edges_kev()
    keep = _window_mask(card, edges)
    if keep.all():
        return counts
    # bins outside the fit window are not analysed: written as zero counts
    parts = np.split(counts, 2) if _is_onoff(card) else [counts]
    full = [np.zeros(edges.size - 1) for _ in parts]
    for f, p in zip(full, parts, strict=True):
        f[keep] = p
    return np.concatenate(full)


def _edge(value: float) -> str:
    """Shortest text that reads back as exactly the same double (``repr``), so that
    :func:`read_card_data` accepts what :func:`write_card_data` wrote for any binning."""
    return repr(float(value))


def write_card_data(card: Any, data: NDArray[np.float64], path: str | Path) -> Path:
    """Write a data vector in the card's CSV format (atomically; edges repr-exact).

    Example:
        >>> import tempfile, pathlib
        >>> from munu.experiments import load_card
        >>> card = load_card("texono_ks_2003")
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
        >>> data = simulate_counts(card, seed=1)
        >>> bool((read_card_data(card, write_card_data(card, data, path)) == data).all())
        True
    """
    edges = card.binning_edges_kev()
    n = edges.size - 1
    buf = io.StringIO()
    buf.write(f"# {card.name}: counts per bin for the card's live times\n")
    writer = csv.writer(buf, lineterminator="\n")
    if _is_onoff(card):
        writer.writerow(["e_lo_kev", "e_hi_kev", "on_counts", "off_counts"])
        for i in range(n):
            writer.writerow([_edge(edges[i]), _edge(edges[i + 1]), int(data[i]), int(data[n + i])])
    else:
        writer.writerow(["e_lo_kev", "e_hi_kev", "counts"])
        for i in range(n):
            writer.writerow([_edge(edges[i]), _edge(edges[i + 1]), int(data[i])])
    return atomic_write_text(path, buf.getvalue())


def _data_text(p: Path) -> str:
    """The text of a data file: size-capped before reading, UTF-8 (BOM allowed), no NULs."""
    try:
        if not p.is_file():
            raise DataError(f"data file {bounded_repr(str(p), 200)} does not exist")
        size = p.stat().st_size
        if size > MAX_DATA_BYTES:
            raise DataError(
                f"data file {bounded_repr(str(p), 200)} has {size:,} bytes; at most "
                f"{MAX_DATA_BYTES:,} are read (a card's data table is far smaller)"
            )
        raw = p.read_bytes()
    except OSError as err:
        raise DataError(
            bounded_text(f"cannot read data file {bounded_repr(str(p), 200)}: {err}")
        ) from None
    if b"\x00" in raw:
        raise DataError(
            f"data file {bounded_repr(str(p), 200)} is not text (NUL bytes; UTF-16 or binary?); "
            "expected a UTF-8 CSV table"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(
            f"data file {bounded_repr(str(p), 200)} is not UTF-8 text (byte {err.start}); "
            "expected a UTF-8 CSV table"
        ) from None


def _edges_mismatch(p: Path, file_edges: NDArray[np.float64], edges: NDArray[np.float64]) -> str:
    """A bounded message: bin counts, or the first differing edge (never every edge)."""
    head = f"{p}: the bin edges do not match the card's binning"
    if file_edges.shape != edges.shape:
        return (
            f"{head}: {file_edges.size - 1} bins in the file, {edges.size - 1} in the card "
            f"(card: {edges[0]:g} … {edges[-1]:g} keV)"
        )
    bad = ~np.isclose(file_edges, edges, rtol=1e-6, atol=1e-9)
    i = int(np.argmax(bad))
    return (
        f"{head}: edge {i} is {file_edges[i]!r} keV in the file, {float(edges[i])!r} keV in the "
        f"card ({int(bad.sum())} edge(s) differ)"
    )


def read_card_data(card: Any, path: str | Path) -> NDArray[np.float64]:
    """Read a data file for ``card`` and check it against the card's binning.

    Raises:
        DataError: missing, oversized (> :data:`MAX_DATA_BYTES`), binary or non-UTF-8 file,
            missing columns, NaN, negative, non-integer or huge (> 2^53) counts, bins that are
            not contiguous, or bin edges that differ from the card's.
    """
    p = Path(path)
    lines = [
        ln for ln in _data_text(p).splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if len(lines) < 2:
        raise DataError(f"{p}: expected a header row and at least one bin")
    rows = list(csv.reader(lines))
    header = [h.strip().lower() for h in rows[0]]
    need = ["e_lo_kev", "e_hi_kev"] + (
        ["on_counts", "off_counts"] if _is_onoff(card) else ["counts"]
    )
    missing = [c for c in need if c not in header]
    if missing:
        raise DataError(
            bounded_text(
                f"{p}: missing column(s) {missing}; the header must contain {need}, "
                f"got {bounded_repr(rows[0], 120)}"
            )
        )
    cols = [header.index(c) for c in need]
    try:
        table = np.array([[float(r[j]) for j in cols] for r in rows[1:]])
    except (ValueError, IndexError):
        raise DataError(f"{p}: every row needs numbers in the columns {need}") from None
    if not np.all(np.isfinite(table)):
        raise DataError(f"{p}: NaN or infinite values")
    lo, hi = table[:, 0], table[:, 1]
    if np.any(hi <= lo):
        i = int(np.argmax(hi <= lo))
        raise DataError(f"{p}: row {i + 1} has e_hi_kev = {hi[i]!r} ≤ e_lo_kev = {lo[i]!r}")
    gaps = ~np.isclose(lo[1:], hi[:-1], rtol=1e-9, atol=1e-12)
    if np.any(gaps):
        i = int(np.argmax(gaps))
        raise DataError(
            f"{p}: bins are not contiguous: row {i + 1} ends at {hi[i]!r} keV, row {i + 2} "
            f"starts at {lo[i + 1]!r} keV ({int(gaps.sum())} gap(s) or overlap(s))"
        )
    edges = card.binning_edges_kev()
    file_edges = np.append(lo, hi[-1])
    if file_edges.shape != edges.shape or not np.allclose(file_edges, edges, rtol=1e-6, atol=1e-9):
        raise DataError(_edges_mismatch(p, file_edges, edges))
    counts = table[:, 2:]
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise DataError(f"{p}: counts must be non-negative integers")
    if np.any(counts > MAX_COUNT):
        raise DataError(
            f"{p}: a count of {float(np.max(counts)):g} exceeds 2^53 ≈ 9.0e15, above which "
            "counts are not exact integers"
        )
    return np.concatenate([counts[:, j] for j in range(counts.shape[1])])


def default_kappa_grid(
    model: Any, data: NDArray[np.float64] | None = None, n_points: int = 60
) -> NDArray[np.float64]:
    """A κ grid for toy constructions: 0 … well above the asymptotic limit (or sensitivity)."""
    from munu.stats import asymptotic_upper_limit, expected_sensitivity

    if data is not None:
        top = asymptotic_upper_limit(model, data).limit
    else:
        top = expected_sensitivity(model, 0.9).quantiles[-1]
    return np.linspace(0.0, 2.5 * top, n_points)


@dataclass(frozen=True)
class CardLimit:
    """A limit or sensitivity for a card, as the CLI prints it.

    Attributes:
        card: card name.
        method: statistic used.
        cl: confidence level.
        mu_limit: limit on μ in μ_B (for sensitivities, the median expected limit).
        kappa_limit: the same for κ = μ² in μ_B².
        best_fit_kappa: bounded best fit κ̂ (limits only).
        bands: μ limits at −2, −1, 0, +1, +2 σ (sensitivities only).
        n_toys: toys per grid point (0 for asymptotic methods).
        seed: seed of the toys.
        observed: True when computed from data (False: an expected limit / sensitivity).
        mu_lower: lower end of the interval in μ_B (0 for an upper limit).
        kappa_hat_unbounded: κ̂ without the κ ≥ 0 bound (negative for an under-fluctuation).
    """

    card: str
    method: str
    cl: float
    mu_limit: float
    kappa_limit: float
    best_fit_kappa: float | None = None
    bands: tuple[float, ...] | None = None
    n_toys: int = 0
    seed: int | None = None
    observed: bool = False
    mu_lower: float = 0.0
    kappa_hat_unbounded: float | None = None

    @property
    def mu_interval(self) -> tuple[float, float]:
        """[lo, hi] in μ_B; lo = 0 for an upper limit."""
        return (self.mu_lower, self.mu_limit)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary: ``mu_limit``, ``mu_interval`` [lo, hi] (lo = 0 for an
        upper limit), ``kappa_hat``, ``method``, ``cl``, ``observed`` (True when computed from
        data; False for an expected limit / sensitivity), bands as quantiles."""
        out: dict[str, Any] = {
            "card": self.card,
            "method": self.method,
            "cl": self.cl,
            "observed": self.observed,
            "mu_limit": self.mu_limit,
            "kappa_limit": self.kappa_limit,
            "n_toys": self.n_toys,
            "seed": self.seed,
        }
        if self.bands is None:
            out["mu_interval"] = list(self.mu_interval)
            out["kappa_hat"] = self.best_fit_kappa
            out["kappa_hat_unbounded"] = self.kappa_hat_unbounded
        if self.best_fit_kappa is not None:
            out["best_fit_kappa"] = self.best_fit_kappa
        if self.bands is not None:
            out["bands"] = dict(
                zip(("-2sigma", "-1sigma", "median", "+1sigma", "+2sigma"), self.bands, strict=True)
            )
        return out


def limit_of_model(
    model: Any,
    data: Any,
    *,
    method: str,
    cl: float,
    n_toys: int,
    seed: int,
    kappa_grid: NDArray[np.float64] | None = None,
    progress: Any = None,
    scheduler: str | None = None,
    resume: str | Path | None = None,
    identity: Callable[[NDArray[np.float64]], dict[str, Any]] | None = None,
) -> Any:
    """The limit of one of :data:`LIMIT_METHODS` on a :mod:`munu.stats` model and its data
    (the statistics result, e.g. :class:`munu.stats.LimitResult`): the one dispatch behind
    :func:`limit_from_card` and :func:`munu.interop.histfactory.limit_from_workspace`.

    Toy methods run on ``kappa_grid`` (default :func:`default_kappa_grid`) through
    ``scheduler`` and, with ``resume``, a run directory whose manifest records
    ``identity(grid)``.
    """
    from munu.stats import (
        asymptotic_upper_limit,
        bayesian_upper_limit,
        fc_upper_limit,
        profile_likelihood_interval,
        toy_cls_upper_limit,
    )

    check_choice(method, "method", LIMIT_METHODS)
    if method == "profile":
        return profile_likelihood_interval(model, data, cl=cl, two_sided=None)
    if method == "cls":
        return asymptotic_upper_limit(model, data, cl=cl)
    if method == "bayes":
        return bayesian_upper_limit(model, data, cl=cl)
    grid = default_kappa_grid(model, data) if kappa_grid is None else kappa_grid
    runner = fc_upper_limit if method == "fc" else toy_cls_upper_limit
    job = {"job": "limit"} if identity is None else identity(grid)
    with _toy_context(scheduler, resume, job) as (executor, store):
        return runner(
            model,
            data,
            grid,
            n_toys=n_toys,
            cl=cl,
            seed=seed,
            progress=progress,
            executor=executor,
            store=store,
        )


def limit_from_card(
    card: Any,
    data: NDArray[np.float64] | None = None,
    *,
    method: str = "fc",
    cl: float | None = None,
    n_toys: int = 2000,
    seed: int = 0,
    kappa_grid: NDArray[np.float64] | None = None,
    progress: Any = None,
    scheduler: str | None = None,
    resume: str | Path | None = None,
) -> CardLimit:
    """Upper limit on μ from the card's model and observed data.

    Args:
        card: the experiment card.
        data: data vector on the card's binning (see :func:`read_card_data`), or ``None`` to
            use the card's ``data`` section.
        method: one of :data:`LIMIT_METHODS`.
        cl: confidence level (``None``: the card's ``analysis.cl``, else 0.9).
        n_toys: toys per κ grid point (toy methods).
        seed: master seed of the toys.
        kappa_grid: κ grid for toy methods (default :func:`default_kappa_grid`).
        progress: optional callback ``progress(done, total)``.
        scheduler: where the toys run (:func:`munu.parallel.parse_scheduler`: serial by
            default, ``"local:N"`` or ``"tcp://host:port"`` for dask); toy methods only.
        resume: run directory making the toys resumable (:class:`munu.parallel.RunStore`);
            its manifest records the card, data, method, CL, seed, toys and grid. Toy methods
            only; the result does not depend on ``scheduler`` or on interruptions.
    """
    from munu.model import build_card_model, fit_card
    from munu.parallel import parse_scheduler

    check_choice(method, "method", LIMIT_METHODS)
    parse_scheduler(scheduler)  # a bad specification is an error whatever the method
    cm = build_card_model(card, data)
    if cm.data is None:
        raise DataError(
            f"{card.name}: no data (give --data FILE or a data section in the card); for an "
            "expected limit use munu sensitivity"
        )
    cl = cm.cl if cl is None else as_float(cl, "cl")
    if method in ("fc", "cls-toys"):
        _check_seed(seed)
        _check_toys(n_toys, cl)
        if not np.any(np.asarray(cm.data, dtype=float)):
            # every toy at small κ is all-zero as well: the toy statistics tie and the toy
            # constructions returned μ < 0 (FC) or 5x too strong (CLs) (issue 14)
            raise InputError(
                "data",
                "all counts zero",
                "data with at least one count for the toy methods fc and cls-toys; for "
                "all-zero data use --method cls or bayes (n = 0 limits)",
            )
    fit_card(cm)  # refuses a model that cannot describe the data
    model, data = cm.stats, cm.data
    res = limit_of_model(
        model,
        data,
        method=method,
        cl=cl,
        n_toys=n_toys,
        seed=seed,
        kappa_grid=kappa_grid,
        progress=progress,
        scheduler=scheduler,
        resume=resume,
        identity=lambda grid: _job_identity(
            card, "limit", method, cl=cl, seed=seed, n_toys=n_toys, grid=grid, data=data
        ),
    )
    return CardLimit(
        card.name,
        res.method,
        res.cl,
        res.mu_limit,
        res.limit,
        res.best_fit,
        n_toys=res.n_toys,
        seed=res.seed,
        observed=cm.observed,
        mu_lower=math.sqrt(max(float(getattr(res, "lower", 0.0) or 0.0), 0.0)),
        kappa_hat_unbounded=_unbounded_kappa_hat(model, data),
    )


def _unbounded_kappa_hat(model: Any, data: Any) -> float | None:
    """κ̂ without the κ ≥ 0 bound (may be negative: an under-fluctuation), or None where the
    model does not support κ < 0."""
    try:
        return float(np.asarray(model.fit(data, allow_negative=True).kappa_hat).ravel()[0])
    except InputError:
        return None


def sensitivity_from_card(
    card: Any,
    *,
    method: str = "asymptotic",
    cl: float | None = None,
    n_toys: int = 1000,
    seed: int = 0,
    progress: Any = None,
    scheduler: str | None = None,
    resume: str | Path | None = None,
) -> CardLimit:
    """Expected limit (median and ±1σ/±2σ bands) of the card's experiment at μ = 0.

    ``scheduler`` and ``resume`` act on the toys of ``method="toys"`` as in
    :func:`limit_from_card`.
    """
    from munu.model import build_card_model
    from munu.parallel import parse_scheduler
    from munu.stats import expected_sensitivity

    check_choice(method, "method", SENSITIVITY_METHODS)
    parse_scheduler(scheduler)
    cm = build_card_model(card)
    model = cm.stats
    cl = cm.cl if cl is None else as_float(cl, "cl")
    if method == "toys":
        _check_seed(seed)
        _check_toys(n_toys, cl)
    if method == "asymptotic":
        res = expected_sensitivity(model, cl)
    else:
        grid = default_kappa_grid(model)
        identity = _job_identity(
            card, "sensitivity", method, cl=cl, seed=seed, n_toys=n_toys, grid=grid, data=None
        )
        with _toy_context(scheduler, resume, identity) as (executor, store):
            res = expected_sensitivity(
                model,
                cl,
                method="toys",
                n_toys=n_toys,
                seed=seed,
                kappa_grid=grid,
                progress=progress,
                executor=executor,
                store=store,
            )
    q = np.sqrt(np.asarray(res.quantiles, dtype=float))
    return CardLimit(
        card.name,
        res.method,
        res.cl,
        float(q[2]),
        float(res.quantiles[2]),
        bands=tuple(float(v) for v in q),
        n_toys=0 if method == "asymptotic" else n_toys,
        seed=None if method == "asymptotic" else seed,
    )
