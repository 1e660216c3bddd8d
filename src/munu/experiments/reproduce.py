"""Recompute published magnetic-moment limits from the catalogue cards, and compare.

For every catalogue entry (:mod:`munu.experiments.cards`) :func:`reproduce_card` returns
a :class:`Row`: the published limit (or projected goal), munu's **median expected** 90 % CL
limit from the card's source × target × response × exposure × background
(:func:`munu.spectra.expected_spectrum`), munu's **observed** limit where the card carries a
measurement or its data, their ratio, whether the comparison is like for like (an expected
limit is never called a reproduction of an observed one: ``Row.reproduced``), the method,
and — where munu and the paper differ by more than
:data:`TOLERANCE` (30 %) — a ``likely_cause`` assembled from the card itself (its stated
residual cause, the inputs whose status is NF or assumed, the background model, the binding
model, expected-versus-observed). There are no per-card fudge factors: a card changes munu's
number only through its physical inputs.

Methods (all through :mod:`munu.stats`):

* ``"on-off asimov"`` (cards with ON and OFF live times; TEXONO, GEMMA): the residual
  ON − OFF spectrum with the Standard-Model weak (and CEvNS) part subtracted has Gaussian
  errors σ_i² = N_on,i + N_off,i (t_on/t_off)² (counts scaled to the ON exposure); on the Asimov
  data set (residual 0, i.e. κ̂ = 0) the χ² gives σ_κ = (Σ s_i²/σ_i²)^(-1/2) and the
  Feldman–Cousins bounded-Gaussian upper limit at x = 0 (FC 1998 Table X,
  :func:`munu.stats.residual_unified_limit`): κ_up = 1.645 σ_κ at 90 % CL — the median
  expected limit of the TEXONO-style analysis (reactor practice, hep-ex/0212003).
* ``"binned Poisson fit of the card's data"`` (cards with a ``data`` section, XENONnT): the
  observed Feldman–Cousins limit of :func:`munu.inference.limit_from_card` and the
  asymptotic median expected limit of :func:`munu.inference.sensitivity_from_card`.
* ``"known-background asimov"`` (single live time; solar, tritium): the same with
  σ_i² = B_i + SM_i (background and SM known, no OFF subtraction).
* ``"gaussian rate"`` (``measurement.kind == "gaussian-rate"``, MUNU): the magnetic rate above
  the threshold times the selection efficiency calibrated on the published Standard-Model
  expectation (ε = SM_published / SM_munu), and the FC bounded-Gaussian limit on the net rate
  minus SM with σ = √(σ_rate² + σ_SM²); observed from the measured rate, expected with rate = SM.
* ``"gaussian kappa"`` (``"gaussian-kappa"``, SNO): FC bounded Gaussian on the published κ̂ ± σ.
* ``"poisson counting"`` (``"poisson-counting"``, DONUT): the FC Poisson upper limit on the
  signal events (:func:`munu.stats.fc_poisson_interval`), divided by the expected events per
  μ_B² when the card gives them.

Example:
    >>> row = reproduce_card("sno_deuteron_2004")
    >>> row.method, row.published
    ('gaussian kappa', 3.71e-09)
    >>> row.ratio > 1.3 and "method" in row.likely_cause
    True
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats as _scistats

from munu.errors import CardError, InputError
from munu.experiments.cards import Entry, catalogue, load_entry, number_status
from munu.experiments.schema import Card, Measurement, ResultCard
from munu.stats import (
    GaussianResidualModel,
    fc_poisson_interval,
    residual_unified_limit,
)

__all__ = [
    "TOLERANCE",
    "LowEnergyRow",
    "Row",
    "low_energy_model_effect",
    "reproduce_card",
    "reproduce_table",
    "to_csv",
    "to_json",
]

#: Relative difference |munu/published − 1| above which a row gets a ``likely_cause``.
TOLERANCE = 0.3

#: Card sections whose numbers are inputs of the recomputation.
_INPUT_SECTIONS = (
    "source",
    "target",
    "response",
    "binning",
    "exposure",
    "background",
    "measurement",
    "analysis",
)


@dataclass(frozen=True)
class Row:
    """One line of the reproduction table.

    Attributes:
        name: card name.
        kind: ``"result"`` (published limit) or ``"projection"`` (projected goal).
        flavour: flavour of the published limit / projection.
        published: published limit or projected goal in μ_B (``None`` if none).
        published_cl: its confidence level.
        published_status: status code of the published number (V, V-sec, NF, ...).
        cl: confidence level munu used.
        expected: munu's median expected limit in μ_B (``None`` if not computed).
        observed: munu's observed limit in μ_B from the card's measurement (or ``None``).
        munu: the value compared with the published one (observed if any, else expected).
        ratio: ``munu / published``.
        method: munu's method (see the module docstring) or ``"not recomputable"``.
        likely_cause: why munu and the paper differ, when |ratio − 1| > :data:`TOLERANCE`.
        note: the card's reason when it is not recomputable, or other remarks.
        compared: ``"observed"`` or ``"expected"``: which of munu's values ``munu`` and
            ``ratio`` refer to (``None`` without a value).
        reproduced: True when munu *reproduces* the published number: an observed limit (or,
            for a projection, an expected one) within :data:`TOLERANCE`; an expected limit
            compared with a published observed limit is never a reproduction (False).
            ``None`` when there is nothing to compare.
    """

    name: str
    kind: str
    flavour: str | None
    published: float | None
    published_cl: float | None
    published_status: str | None
    cl: float
    expected: float | None
    observed: float | None
    munu: float | None
    ratio: float | None
    method: str
    likely_cause: str | None
    note: str | None
    compared: str | None = None
    reproduced: bool | None = None


# ------------------------------------------------------------------------------- helpers


def _status_code(entry: Entry, path: str) -> str | None:
    text = number_status(entry, path)
    return None if text is None else text.split(":", 1)[0].strip()


def _reference(entry: Entry) -> tuple[str, str | None, float | None, float | None, str | None]:
    """kind, flavour, value, cl, status of the number munu compares with."""
    if entry.published is not None:
        p = entry.published
        return "result", p.flavour, p.mu_limit, p.cl, _status_code(entry, "published.mu_limit")
    if entry.projection is not None:
        q = entry.projection
        return "projection", q.flavour, q.mu_goal, q.cl, _status_code(entry, "projection.mu_goal")
    return "result", None, None, None, None


def _kappa_to_mu(kappa: float) -> float:
    return math.sqrt(max(kappa, 0.0))


def _fc_residual(
    residual: Sequence[float], sigma: Sequence[float], signal: Sequence[float], cl: float
) -> float:
    """FC bounded-Gaussian upper limit on κ for a residual model (munu.stats)."""
    model = GaussianResidualModel(
        np.asarray(residual, float), np.asarray(sigma, float), np.asarray(signal, float)
    )
    return float(residual_unified_limit(model, cl).limit)


def _asimov_limit(card: Card, cl: float) -> tuple[float, str]:
    """Median expected limit (μ_B) of an ON/OFF or known-background spectral analysis."""
    spec = card.expected_spectrum()
    sig = spec.magnetic_total()
    on = spec.weak + spec.cevns + spec.background
    off_days = card.exposure.off_days
    if off_days:
        scale = card.exposure.days / off_days
        var = on + spec.background * scale  # OFF counts × (t_on/t_off)², OFF = B / scale
        method = "on-off asimov"
    else:
        var = on
        method = "known-background asimov"
    keep = (var > 0) & (sig > 0)
    if not np.any(keep):
        raise InputError("card", card.name, "a card with signal and counts in some bin")
    kappa = _fc_residual(np.zeros(int(keep.sum())), np.sqrt(var[keep]), sig[keep], cl)
    return _kappa_to_mu(kappa), method


def _data_limits(card: Card, cl: float) -> tuple[float, float, str]:
    """Expected (asymptotic median) and observed (Feldman–Cousins, toys) limits in μ_B of a
    card that carries its data (:mod:`munu.model`, :func:`munu.inference.limit_from_card`)."""
    from munu.inference import limit_from_card, sensitivity_from_card

    obs = limit_from_card(card, method="fc", cl=cl)
    exp = sensitivity_from_card(card, cl=cl)
    return exp.mu_limit, obs.mu_limit, "binned Poisson fit of the card's data (FC toys)"


def _rate_limits(card: Card, meas: Measurement, cl: float) -> tuple[float, float, str]:
    """Expected and observed limits (μ_B) from a Gaussian net-rate measurement (MUNU)."""
    spec = card.expected_spectrum()
    above = spec.edges_kev[:-1] >= float(meas.threshold_kev)  # type: ignore[arg-type]
    days = card.exposure.days
    sm_munu = float(np.sum((spec.weak + spec.cevns)[above])) / days
    mag = float(np.sum(spec.magnetic_total()[above])) / days
    if mag <= 0.0:
        raise InputError(
            "measurement.threshold_kev",
            meas.threshold_kev,
            "a threshold below the largest magnetic recoil of the card",
        )
    sm_pub = float(meas.sm_rate_per_day)  # type: ignore[arg-type]
    eff = sm_pub / sm_munu if sm_pub > 0.0 and sm_munu > 0.0 else 1.0
    rate_sigma = float(meas.rate_sigma_per_day)  # type: ignore[arg-type]
    sigma = math.hypot(rate_sigma, float(meas.sm_rate_sigma_per_day or 0.0))
    net = float(meas.rate_per_day) - sm_pub  # type: ignore[arg-type]
    observed = _fc_residual([net], [sigma], [eff * mag], cl)
    expected = _fc_residual([0.0], [sigma], [eff * mag], cl)
    method = f"gaussian rate (SM-calibrated efficiency {eff:.3g})"
    return _kappa_to_mu(expected), _kappa_to_mu(observed), method


def _kappa_limits(meas: Measurement, cl: float) -> tuple[float, float]:
    sig = float(meas.kappa_sigma)  # type: ignore[arg-type]
    observed = _fc_residual([float(meas.kappa_hat)], [sig], [1.0], cl)  # type: ignore[arg-type]
    expected = _fc_residual([0.0], [sig], [1.0], cl)
    return _kappa_to_mu(expected), _kappa_to_mu(observed)


@lru_cache(maxsize=256)
def _fc_poisson_upper(n_obs: int, background: float, cl: float) -> float:
    """Cached :func:`munu.stats.fc_poisson_interval` upper end (exact, but not instant)."""
    return fc_poisson_interval(n_obs, background, cl)[1]


def _counting_limits(meas: Measurement, cl: float) -> tuple[float | None, float | None, str]:
    b = float(meas.background_events)  # type: ignore[arg-type]
    n = int(meas.n_obs)  # type: ignore[arg-type]
    up_obs = _fc_poisson_upper(n, b, cl)
    n_median = int(_scistats.poisson.median(b)) if b > 0 else 0
    up_exp = _fc_poisson_upper(n_median, b, cl)
    k = meas.signal_events_per_mu2
    text = (
        f"poisson counting (FC upper limit {up_obs:.3g} signal events for n = {n}, "
        f"b = {b:g}; median expected {up_exp:.3g})"
    )
    if k is None:
        return None, None, text
    return math.sqrt(up_exp / k), math.sqrt(up_obs / k), text


def _likely_cause(entry: Entry, method: str, has_observed: bool) -> str:
    parts: list[str] = []
    if entry.reproduction is not None and entry.reproduction.expected_cause:
        parts.append(entry.reproduction.expected_cause.strip().rstrip("."))
    if (
        not has_observed
        and entry.published is not None
        and "median expected" not in " ".join(parts)
    ):
        parts.append(
            "munu gives the median expected limit (no data in the card); the "
            "published limit is the observed one"
        )
    prov = entry.provenance or {}
    weak = [
        k
        for k, v in prov.items()
        if k.split(".")[0].split("[")[0] in _INPUT_SECTIONS
        and v.split(":", 1)[0].strip() in ("NF", "assumed")
    ]
    if weak:
        parts.append("inputs not verified or assumed: " + ", ".join(sorted(weak)))
    if isinstance(entry, Card):
        if entry.background.flat_per_kg_kev_day > 0:
            parts.append("background modelled as flat in energy (no measured shape)")
        if entry.target.binding == "free" and entry.response.threshold_kev < 30.0:
            parts.append("atomic binding ignored (free electrons) at keV recoils")
    pub_method = entry.published.method if entry.published is not None else None
    if pub_method and "method" not in " ".join(parts):
        parts.append(f"method: published '{pub_method.strip()}' vs munu '{method}'")
    if not parts:
        parts.append("no cause stated in the card")
    return "; ".join(parts) + "."


# ------------------------------------------------------------------------------ public API


def _as_entry(card: Entry | str | Path) -> Entry:
    if isinstance(card, Card | ResultCard):
        return card
    if isinstance(card, str | Path):
        return load_entry(card)
    raise CardError(f"expected a card, a card name or a path, got {type(card).__name__}")


def reproduce_card(card: Entry | str | Path) -> Row:
    """Recompute one card's limit and compare it with the published one.

    Args:
        card: a :class:`~munu.experiments.schema.Card`, a
            :class:`~munu.experiments.schema.ResultCard`, a catalogue name or a path.

    Returns:
        The :class:`Row`.

    Raises:
        CardError: the card cannot be loaded.

    Example:
        >>> row = reproduce_card("donut_2001")
        >>> row.munu is None and "FC upper limit" in row.method
        True
    """
    entry = _as_entry(card)
    kind, flavour, ref, ref_cl, ref_status = _reference(entry)
    analysis_cl = entry.analysis.cl if isinstance(entry, Card) and entry.analysis else None
    cl = float(ref_cl or analysis_cl or 0.9)
    rep = entry.reproduction
    meas = entry.measurement
    expected = observed = None
    note = None if rep is None or rep.reason is None else rep.reason.strip()
    if meas is not None and meas.kind == "gaussian-kappa":
        expected, observed = _kappa_limits(meas, cl)
        method = "gaussian kappa"
    elif meas is not None and meas.kind == "poisson-counting":
        expected, observed, method = _counting_limits(meas, cl)
    elif rep is not None and not rep.recomputable:
        method = "not recomputable"
    elif isinstance(entry, Card) and meas is not None and meas.kind == "gaussian-rate":
        expected, observed, method = _rate_limits(entry, meas, cl)
    elif isinstance(entry, Card) and entry.data is not None:
        expected, observed, method = _data_limits(entry, cl)
    elif isinstance(entry, Card):
        expected, method = _asimov_limit(entry, cl)
    else:
        method = "not recomputable"
    value = observed if observed is not None else expected
    ratio = None if value is None or ref is None else value / ref
    cause = None
    if ratio is not None and abs(ratio - 1.0) > TOLERANCE:
        cause = _likely_cause(entry, method, observed is not None)
    compared = None if value is None else ("observed" if observed is not None else "expected")
    reproduced = None
    if ratio is not None:
        like_for_like = compared == "observed" or kind == "projection"
        reproduced = bool(like_for_like and abs(ratio - 1.0) <= TOLERANCE)
    return Row(
        entry.name,
        kind,
        flavour,
        ref,
        ref_cl,
        ref_status,
        cl,
        expected,
        observed,
        value,
        ratio,
        method,
        cause,
        note,
        compared,
        reproduced,
    )


def reproduce_table(cards: Iterable[Entry | str | Path] | None = None) -> list[Row]:
    """Rows for the given cards (default: the whole shipped catalogue).

    Args:
        cards: cards, catalogue names or paths; ``None`` for every shipped entry.

    Returns:
        One :class:`Row` per card, in order.

    Example:
        >>> [r.name for r in reproduce_table(["lsnd_2001"])]
        ['LSND-2001']
    """
    entries = catalogue() if cards is None else tuple(_as_entry(c) for c in cards)
    return [reproduce_card(e) for e in entries]


def _row_dicts(rows: Iterable[Row]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        if not isinstance(r, Row):
            raise InputError("rows", r, "munu.experiments.reproduce.Row objects")
        out.append(asdict(r))
    return out


def to_json(rows: Iterable[Row]) -> str:
    """The rows as a JSON array of objects (``null`` for missing values).

    Example:
        >>> json.loads(to_json(reproduce_table(["lsnd_2001"])))[0]["published"]
        6.8e-10
    """
    return json.dumps(_row_dicts(rows), indent=2)


def to_csv(rows: Iterable[Row]) -> str:
    """The rows as CSV text with a header line (empty cells for missing values).

    Example:
        >>> to_csv(reproduce_table(["lsnd_2001"])).splitlines()[0].split(",")[:3]
        ['name', 'kind', 'flavour']
    """
    buf = io.StringIO()
    names = [f.name for f in fields(Row)]
    writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for d in _row_dicts(rows):
        writer.writerow({k: "" if v is None else v for k, v in d.items()})
    return buf.getvalue()


# ------------------------------------------------------- reactor low-energy model choice


@dataclass(frozen=True)
class LowEnergyRow:
    """How a reactor card's median expected limit moves with the reactor model below 2 MeV.

    Attributes:
        name: card name.
        expected: munu's median expected limit (μ_B) with each low-energy model, by name
            (:data:`munu.sources.reactor.LOW_ENERGY_MODELS`).
        ratio: expected limit with ``"matched"`` over the one with ``"kopeikin2012"``.
        method: the limit method (as in :func:`reproduce_card`).
    """

    name: str
    expected: dict[str, float]
    ratio: float
    method: str


def _with_low_energy(card: Card, low_energy: str) -> Card:
    source = card.source.model_copy(update={"low_energy": low_energy})
    return card.model_copy(update={"source": source})


def low_energy_model_effect(
    cards: Iterable[Entry | str | Path] | None = None,
) -> list[LowEnergyRow]:
    """Median expected limit of each reactor card with both low-energy reactor models.

    Computed, not typed: each card is recomputed by :func:`reproduce_card` twice, with
    ``source.low_energy`` set to ``"kopeikin2012"`` (munu's default, the published table) and
    to ``"matched"``. Cards without a reactor source, or whose limit does not come from the
    spectrum (``gaussian kappa``, ``poisson counting``, not recomputable), are skipped.

    Args:
        cards: cards, names or paths (default: the shipped catalogue).

    Returns:
        One :class:`LowEnergyRow` per reactor card.

    Example:
        >>> row = low_energy_model_effect(["texono_ks_2003"])[0]
        >>> sorted(row.expected), 0.9 < row.ratio < 1.0
        (['kopeikin2012', 'matched'], True)
    """
    from munu.experiments.schema import ReactorSource

    entries = catalogue() if cards is None else [_as_entry(c) for c in cards]
    rows = []
    for entry in entries:
        if not isinstance(entry, Card) or not isinstance(entry.source, ReactorSource):
            continue
        expected = {}
        method = ""
        for model in ("kopeikin2012", "matched"):
            row = reproduce_card(_with_low_energy(entry, model))
            if row.expected is None:
                break
            expected[model] = row.expected
            method = row.method
        if len(expected) == 2:
            ratio = expected["matched"] / expected["kopeikin2012"]
            rows.append(LowEnergyRow(entry.name, expected, ratio, method))
    return rows
