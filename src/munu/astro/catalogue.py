"""Catalogue of astrophysical and cosmological bounds on the neutrino magnetic moment.

The entries live in ``munu/astro/data/astro_bounds.yaml`` (sidecar ``README.md`` there: sources,
units μ_B, confidence levels, assumptions) and are returned as frozen :class:`AstroBound`
records. :func:`plot_astro_bounds` draws them beside laboratory limits, the way
AxionLimits-style summary plots are generated from a catalogue.

The review hep-ex/0409003 (§3) stresses what these numbers depend on: modelling of the
astrophysical system, and assumptions on the neutrino (Dirac only for SN 1987A and BBN; no
other non-standard interaction). Each record carries them in ``assumptions``.

Example:
    >>> from munu.astro import astro_bounds
    >>> [b.key for b in astro_bounds(category="red_giant", cl=0.95)][:2]
    ['m5_trgb_viaux2013_95', 'trgb_ngc4258_capozzi2020']
    >>> min(b.value_mu_b for b in astro_bounds(kind="limit"))
    1.2e-12
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from munu._validate import as_float, check_choice
from munu.errors import DataError, InputError, UnknownNameError

__all__ = [
    "CATEGORIES",
    "KINDS",
    "NEUTRINO_TYPES",
    "STATUSES",
    "AstroBound",
    "astro_bound",
    "astro_bounds",
    "plot_astro_bounds",
]

#: Physical systems of the catalogue.
CATEGORIES: tuple[str, ...] = ("red_giant", "white_dwarf", "supernova", "cosmology")
#: What a bound assumes about the neutrino.
NEUTRINO_TYPES: tuple[str, ...] = ("Dirac", "Majorana", "any", "unspecified")
#: limit: upper bound; sensitivity: reachable scale, not a bound; claim: not generally adopted;
#: unconstrained: a re-analysis finding μ ≤ value_mu_b NOT excluded (it loosens earlier limits).
KINDS: tuple[str, ...] = ("limit", "sensitivity", "claim", "unconstrained")
#: V: seen at source; V-sec: secondary source; R: recalled, not seen.
STATUSES: tuple[str, ...] = ("V", "V-sec", "R")

_DATA_FILE = "astro_bounds.yaml"
_REQUIRED = (
    "key",
    "name",
    "value_mu_b",
    "cl",
    "neutrino_type",
    "category",
    "method",
    "kind",
    "assumptions",
    "citation",
    "arxiv",
    "year",
    "status",
)


@dataclass(frozen=True)
class AstroBound:
    """One astrophysical/cosmological bound on μ_ν.

    Attributes:
        key: unique identifier (e.g. ``"trgb_ngc4258_capozzi2020"``).
        name: short human-readable label.
        value_mu_b: the bound in Bohr magnetons (> 0); for ranges the conservative end.
        cl: confidence level as a fraction, or ``None`` when the source states none.
        neutrino_type: ``"Dirac"``, ``"Majorana"``, ``"any"`` or ``"unspecified"``.
        category: one of :data:`CATEGORIES`.
        method: how the bound is obtained.
        kind: one of :data:`KINDS`.
        assumptions: what the bound assumes (neutrino nature, stellar physics, ...).
        citation: bibliographic reference.
        arxiv: arXiv identifier or ``None`` (pre-arXiv papers).
        year: publication year.
        status: one of :data:`STATUSES`.
        value_range_mu_b: (low, high) if the paper quotes a range, else ``None``.
        source_url: where the value was checked, or ``None``.
        note: free-text remark or ``None``.

    Example:
        >>> b = astro_bound("sn1987a_ayala1999")
        >>> b.neutrino_type, b.value_range_mu_b
        ('Dirac', (1e-12, 4e-12))
    """

    key: str
    name: str
    value_mu_b: float
    cl: float | None
    neutrino_type: str
    category: str
    method: str
    kind: str
    assumptions: str
    citation: str
    arxiv: str | None
    year: int
    status: str
    value_range_mu_b: tuple[float, float] | None = None
    source_url: str | None = None
    note: str | None = None

    @property
    def cl_label(self) -> str:
        """``"95% C.L."`` style label, or ``"CL n/s"`` when no CL is stated."""
        return "CL n/s" if self.cl is None else f"{100 * self.cl:g}% C.L."

    @property
    def applies_to_dirac(self) -> bool:
        """True if the bound holds for Dirac neutrinos (type ``Dirac`` or ``any``)."""
        return self.neutrino_type in ("Dirac", "any")

    @property
    def applies_to_majorana(self) -> bool:
        """True if the bound holds for Majorana neutrinos (type ``Majorana`` or ``any``)."""
        return self.neutrino_type in ("Majorana", "any")


def _parse_entry(raw: Any, index: int) -> AstroBound:
    where = f"{_DATA_FILE} entry {index}"
    if not isinstance(raw, dict):
        raise DataError(f"{where}: expected a mapping, got {type(raw).__name__}")
    missing = [f for f in _REQUIRED if f not in raw]
    if missing:
        raise DataError(f"{where} ({raw.get('key')!r}): missing fields {missing}")
    unknown = set(raw) - set(_REQUIRED) - {"value_range_mu_b", "source_url", "note"}
    if unknown:
        raise DataError(f"{where} ({raw['key']!r}): unknown fields {sorted(unknown)}")
    try:
        value = as_float(raw["value_mu_b"], "value_mu_b", positive=True)
        cl = None if raw["cl"] is None else as_float(raw["cl"], "cl", positive=True)
        if cl is not None and cl >= 1.0:
            raise InputError("cl", cl, "a fraction in (0, 1)")
        for field, known in (
            ("neutrino_type", NEUTRINO_TYPES),
            ("category", CATEGORIES),
            ("kind", KINDS),
            ("status", STATUSES),
        ):
            check_choice(raw[field], field, known)
        rng = raw.get("value_range_mu_b")
        value_range = None
        if rng is not None:
            low, high = (as_float(v, "value_range_mu_b", positive=True) for v in rng)
            if not low <= value <= high or low >= high:
                raise InputError("value_range_mu_b", rng, "low < high bracketing value_mu_b")
            value_range = (low, high)
    except (InputError, TypeError, ValueError) as err:
        raise DataError(f"{where} ({raw['key']!r}): {err}") from None
    for field in ("key", "name", "method", "assumptions", "citation"):
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise DataError(f"{where}: field {field!r} must be a non-empty string")
    if not isinstance(raw["year"], int):
        raise DataError(f"{where} ({raw['key']!r}): year must be an integer")
    return AstroBound(
        key=raw["key"],
        name=raw["name"],
        value_mu_b=value,
        cl=cl,
        neutrino_type=raw["neutrino_type"],
        category=raw["category"],
        method=" ".join(raw["method"].split()),
        kind=raw["kind"],
        assumptions=" ".join(raw["assumptions"].split()),
        citation=raw["citation"],
        arxiv=None if raw["arxiv"] is None else str(raw["arxiv"]),
        year=raw["year"],
        status=raw["status"],
        value_range_mu_b=value_range,
        source_url=raw.get("source_url"),
        note=raw.get("note"),
    )


def _parse_catalogue(text: str) -> tuple[AstroBound, ...]:
    """Parse and validate the YAML text of the catalogue (exposed for tests)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataError(f"{_DATA_FILE}: not valid YAML ({err})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("bounds"), list):
        raise DataError(f"{_DATA_FILE}: expected a mapping with a 'bounds' list")
    entries = tuple(_parse_entry(raw, i) for i, raw in enumerate(doc["bounds"]))
    keys = [b.key for b in entries]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise DataError(f"{_DATA_FILE}: duplicate keys {duplicates}")
    return entries


@functools.cache
def _catalogue() -> tuple[AstroBound, ...]:
    resource = importlib.resources.files("munu.astro").joinpath("data", _DATA_FILE)
    return _parse_catalogue(resource.read_text(encoding="utf-8"))


def astro_bound(key: str) -> AstroBound:
    """Return the catalogue entry with this ``key``.

    Raises:
        UnknownNameError: if no entry has that key (the message lists the known keys).

    Example:
        >>> astro_bound("trgb_omega_cen_capozzi2020").value_mu_b
        1.2e-12
    """
    entries = {b.key: b for b in _catalogue()}
    if not isinstance(key, str) or key not in entries:
        raise UnknownNameError("key", key, list(entries))
    return entries[key]


def astro_bounds(
    *,
    category: str | None = None,
    neutrino_type: str | None = None,
    applies_to: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    cl: float | None = None,
) -> tuple[AstroBound, ...]:
    """Return the catalogue, optionally filtered (all filters combine with AND).

    Args:
        category: one of :data:`CATEGORIES`.
        neutrino_type: exact match on one of :data:`NEUTRINO_TYPES`.
        applies_to: ``"Dirac"`` or ``"Majorana"``: entries valid for that neutrino nature
            (type equal to it or ``"any"``).
        kind: one of :data:`KINDS`.
        status: one of :data:`STATUSES`.
        cl: keep entries with exactly this confidence level (e.g. 0.95).

    Returns:
        A tuple of :class:`AstroBound` in file order.

    Raises:
        UnknownNameError: for an unknown filter value.

    Example:
        >>> sorted({b.category for b in astro_bounds(applies_to="Dirac")})
        ['cosmology', 'red_giant', 'supernova', 'white_dwarf']
        >>> [b.key for b in astro_bounds(neutrino_type="Majorana")]
        ['bbn_majorana_vassh2015']
    """
    entries = _catalogue()
    if category is not None:
        check_choice(category, "category", CATEGORIES)
        entries = tuple(b for b in entries if b.category == category)
    if neutrino_type is not None:
        check_choice(neutrino_type, "neutrino_type", NEUTRINO_TYPES)
        entries = tuple(b for b in entries if b.neutrino_type == neutrino_type)
    if applies_to is not None:
        check_choice(applies_to, "applies_to", ("Dirac", "Majorana"))
        entries = tuple(b for b in entries if b.neutrino_type in (applies_to, "any"))
    if kind is not None:
        check_choice(kind, "kind", KINDS)
        entries = tuple(b for b in entries if b.kind == kind)
    if status is not None:
        check_choice(status, "status", STATUSES)
        entries = tuple(b for b in entries if b.status == status)
    if cl is not None:
        level = as_float(cl, "cl", positive=True)
        if level >= 1.0:
            raise InputError("cl", cl, "a fraction in (0, 1), e.g. 0.9")
        entries = tuple(b for b in entries if b.cl is not None and abs(b.cl - level) < 1e-9)
    return entries


def _check_lab_limits(lab_limits: Any) -> list[tuple[str, float]]:
    if lab_limits is None:
        return []
    if isinstance(lab_limits, (str, bytes)) or not isinstance(lab_limits, Iterable):
        raise InputError("lab_limits", lab_limits, "a sequence of (label, value_mu_b) pairs")
    pairs: list[tuple[str, float]] = []
    for item in lab_limits:
        if (
            not isinstance(item, Sequence)
            or isinstance(item, str)
            or len(item) != 2
            or not isinstance(item[0], str)
        ):
            raise InputError("lab_limits", item, "(label, value_mu_b) pairs with a str label")
        pairs.append((item[0], as_float(item[1], "lab_limits value", positive=True)))
    return pairs


def plot_astro_bounds(
    ax: Any = None,
    lab_limits: Iterable[tuple[str, float]] | None = None,
    *,
    bounds: Iterable[AstroBound] | None = None,
    unit_exponent: int = -12,
    lab_cl_label: str = "90% C.L.",
) -> Any:
    """Horizontal point chart of astrophysical bounds beside laboratory limits (log axis).

    Each astrophysical entry is a marker at its value (a bar for quoted ranges) labelled
    with its name and CL ("CL n/s" when the source states none). Laboratory limits are
    passed in as ``(label, value_mu_b)`` pairs and drawn in a second colour with
    ``lab_cl_label`` (laboratory magnetic-moment limits are conventionally 90 % C.L.).

    Args:
        ax: a matplotlib Axes; if ``None`` a new :class:`matplotlib.figure.Figure` is made
            (no pyplot state is touched).
        lab_limits: laboratory limits as ``(label, value_mu_b)`` pairs, or ``None``.
        bounds: entries to draw; default: all ``kind="limit"`` entries of the catalogue.
            ``kind="unconstrained"`` entries are drawn as a grey band up to their value
            (the range a re-analysis finds not excluded).
        unit_exponent: μ axis in units of 10^unit_exponent μ_B (-12 or -11 customary).
        lab_cl_label: CL text appended to laboratory labels.

    Returns:
        The Axes drawn on.

    Example:
        >>> ax = plot_astro_bounds(lab_limits=[("GEMMA 2012", 2.9e-11)])
        >>> ax.get_xscale()
        'log'
    """
    from matplotlib.figure import Figure

    entries = list(astro_bounds(kind="limit") if bounds is None else bounds)
    for item in entries:
        if not isinstance(item, AstroBound):
            raise InputError("bounds", item, "AstroBound records (see astro_bounds())")
    labs = _check_lab_limits(lab_limits)
    if not isinstance(unit_exponent, int) or isinstance(unit_exponent, bool):
        raise InputError("unit_exponent", unit_exponent, "an integer such as -12 or -11")
    if not entries and not labs:
        raise InputError("bounds", bounds, "at least one bound or laboratory limit to plot")
    unit = 10.0**unit_exponent
    if ax is None:
        fig = Figure(figsize=(9.0, 0.35 * (len(entries) + len(labs)) + 1.5))
        ax = fig.add_subplot()

    labels: list[str] = []
    y = 0
    for b in sorted(entries, key=lambda e: e.value_mu_b, reverse=True):
        if b.kind == "unconstrained":  # a region a re-analysis reopens: open marker, grey
            ax.plot([0.0, b.value_mu_b / unit], [y, y], color="0.6", lw=4, alpha=0.5)
            ax.plot(b.value_mu_b / unit, y, marker=">", mfc="none", color="0.4", ls="none")
            labels.append(f"{b.name} [not excluded below]")
            y += 1
            continue
        if b.value_range_mu_b is not None:
            low, high = b.value_range_mu_b
            ax.plot([low / unit, high / unit], [y, y], color="tab:blue", lw=4, alpha=0.5)
        ax.plot(b.value_mu_b / unit, y, marker="<", color="tab:blue", ls="none")
        labels.append(f"{b.name} [{b.cl_label}]")
        y += 1
    for label, value in sorted(labs, key=lambda p: p[1], reverse=True):
        ax.plot(value / unit, y, marker="<", color="tab:red", ls="none")
        labels.append(f"{label} (lab) [{lab_cl_label}]")
        y += 1
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize="small")
    ax.set_xscale("log")
    ax.set_xlabel(rf"$\mu_\nu$ upper limit [$10^{{{unit_exponent}}}\,\mu_B$]")
    ax.set_title("Astrophysical (blue) and laboratory (red) limits", fontsize="medium")
    ax.grid(True, axis="x", which="both", alpha=0.3)
    return ax
