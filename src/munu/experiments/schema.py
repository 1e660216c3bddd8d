"""Schema of an experiment card (YAML): what an experiment is, declaratively.

A card says which source, target, response, binning, exposure and background define the
experiment, optionally how it was analysed and what it published, with the citation. Every
section forbids unknown keys (``extra="forbid"``) so a typo fails loudly, and every number is
checked (finite, sign, sensible range). The :class:`Card` then builds munu objects:
:meth:`Card.build_source`, :meth:`~Card.build_target`, :meth:`~Card.build_response`,
:meth:`~Card.binning_edges_kev`, :meth:`~Card.build_exposure`, :meth:`~Card.build_background`
and :meth:`~Card.expected_spectrum`.

Example:
    >>> card = Card.model_validate({
    ...     "name": "demo",
    ...     "reference": {"citation": "nobody (2026)"},
    ...     "source": {"type": "reactor", "thermal_power_gw": 2.9, "distance_m": 28.0},
    ...     "target": {"material": "Ge", "mass_kg": 1.0},
    ...     "binning": {"min_kev": 12.0, "max_kev": 60.0, "width_kev": 2.0},
    ...     "exposure": {"live_days": 100.0},
    ... })
    >>> card.binning_edges_kev()[:3].tolist(), card.build_target().binding
    ([12.0, 14.0, 16.0], 'free')
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from munu.sources.base import FLAVOURS

__all__ = [
    "STATUS_CODES",
    "T_YR_KG_DAYS",
    "Analysis",
    "Background",
    "BackgroundComponent",
    "Binning",
    "Card",
    "DarSource",
    "DataSpec",
    "EfficiencyTable",
    "ExposureSpec",
    "Measurement",
    "Projection",
    "Published",
    "ReactorSource",
    "Reference",
    "Reproduction",
    "ResolutionSpec",
    "ResponseSpec",
    "ResultCard",
    "SolarSource",
    "TabulatedSource",
    "TargetSpec",
    "TritiumSource",
]

#: Largest number of bins a card may ask for.
MAX_BINS = 100_000

Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
OpenFraction = Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)]
Energy = Annotated[float, Field(ge=0, le=1e7, allow_inf_nan=False)]  # keV, up to 10 GeV
Days = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Flavour = Literal["nue", "nuebar", "numu", "numubar", "nutau", "nutaubar"]
if set(FLAVOURS) != set(get_args(Flavour)):  # keep the two lists in sync
    raise ImportError("munu.experiments.schema.Flavour is out of sync with munu.sources.FLAVOURS")


#: Plausibility floors (issue 14): values below them make the expected counts degenerate
#: (a limit of 1e140 μ_B from a 1e-300 GW reactor) and are refused.
MIN_POWER_GW = 1e-6
MIN_REACTOR_DISTANCE_M = 1.0
MIN_DISTANCE_M = 1e-3
MIN_TARGET_KG = 1e-6
MIN_DAYS = 1e-3


def _is_numeric(annotation: Any) -> bool:
    """Whether a field annotation holds numbers (float/int, also inside lists, dicts, unions)."""
    if annotation in (float, int):
        return True
    return any(_is_numeric(a) for a in get_args(annotation) if a is not type(None))


def _has_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, list | tuple):
        return any(isinstance(v, bool) for v in value)
    if isinstance(value, dict):
        return any(isinstance(v, bool) for v in value.values())
    return False


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_booleans_as_numbers(cls, data: Any) -> Any:
        """YAML ``true``/``false`` in a number field is refused (pydantic would read 1/0)."""
        if isinstance(data, dict):
            for name, info in cls.model_fields.items():
                if name in data and _has_bool(data[name]) and _is_numeric(info.annotation):
                    raise ValueError(
                        f"{name}: a boolean ({str(data[name])[:20]}) is not a number; "
                        "write the number"
                    )
        return data


class Reference(_Section):
    """Where the experiment is described.

    Attributes:
        citation: journal reference, e.g. ``"H.B. Li et al., PRL 90, 131802 (2003)"``.
        arxiv: arXiv identifier, e.g. ``"hep-ex/0212003"``.
        doi: DOI.
        url: a URL.
    """

    citation: Text
    arxiv: Text | None = None
    doi: Text | None = None
    url: Text | None = None


# -- sources ---------------------------------------------------------------------------------


class ReactorSource(_Section):
    """A power reactor (:class:`munu.sources.reactor.Reactor`). Unset options keep its defaults."""

    type: Literal["reactor"]
    # floors (1 kW, 1 m): below them the point-source flux degenerates (issue 14)
    thermal_power_gw: Annotated[float, Field(ge=MIN_POWER_GW, le=100, allow_inf_nan=False)]
    distance_m: Annotated[float, Field(ge=MIN_REACTOR_DISTANCE_M, le=1e7, allow_inf_nan=False)]
    fission_fractions: dict[str, Fraction] | None = None
    model: Text | None = None
    low_energy: Text | None = None
    captures_per_fission: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None
    on_fraction: Fraction | None = None


class SolarSource(_Section):
    """Solar neutrinos (:class:`munu.sources.solar.Solar`)."""

    type: Literal["solar"]
    model: Text | None = None
    components: list[Text] | None = None


class DarSource(_Section):
    """π⁺/μ⁺ decay at rest (:class:`munu.sources.accelerator.DecayAtRest`)."""

    type: Literal["dar"]
    protons_per_s: Annotated[float, Field(gt=0, le=1e25, allow_inf_nan=False)] | None = None
    nu_per_proton: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] | None = None
    distance_m: Annotated[float, Field(ge=MIN_DISTANCE_M, le=1e7, allow_inf_nan=False)] | None = (
        None
    )


class TritiumSource(_Section):
    """A tritium β source (:class:`munu.sources.tritium.Tritium`): activity or mass, distance."""

    type: Literal["tritium"]
    distance_cm: Annotated[float, Field(ge=100 * MIN_DISTANCE_M, le=1e9, allow_inf_nan=False)]
    activity_mci: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] | None = None
    mass_kg: Annotated[float, Field(gt=0, le=1e5, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> TritiumSource:
        if (self.activity_mci is None) == (self.mass_kg is None):
            raise ValueError("give exactly one of activity_mci or mass_kg")
        return self


class TabulatedSource(_Section):
    """A tabulated spectrum (:class:`munu.sources.tabulated.Tabulated`)."""

    type: Literal["tabulated"]
    energies_mev: Annotated[list[NonNegative], Field(min_length=2, max_length=100_000)]
    flux: Annotated[list[NonNegative], Field(min_length=2, max_length=100_000)]
    flavour: Flavour
    baseline_m: NonNegative | None = None
    label: Text | None = None

    @model_validator(mode="after")
    def _table(self) -> TabulatedSource:
        if len(self.energies_mev) != len(self.flux):
            raise ValueError("energies_mev and flux must have the same length")
        if any(b <= a for a, b in zip(self.energies_mev, self.energies_mev[1:], strict=False)):
            raise ValueError("energies_mev must be strictly increasing")
        return self


SourceSpec = Annotated[
    ReactorSource | SolarSource | DarSource | TritiumSource | TabulatedSource,
    Field(discriminator="type"),
]


# -- detector --------------------------------------------------------------------------------


class TargetSpec(_Section):
    """Target: material name or formula, mass, atomic-binding model."""

    material: Text
    mass_kg: Annotated[float, Field(ge=MIN_TARGET_KG, le=1e9, allow_inf_nan=False)]
    binding: Literal["free", "stepping"] = "free"


def _read_table_into(data: Any, info: ValidationInfo, columns: int, names: tuple[str, ...]) -> Any:
    """Before-validation: replace ``file:`` / ``bundled:`` by the table's columns ``names``.

    Relative paths are taken from the card's folder (validation context ``base_dir``, set by
    :func:`munu.experiments.load_card`); the numbers are kept in the card, so its digest
    changes with the file's content.
    """
    if not isinstance(data, dict) or (data.get("file") is None and data.get("bundled") is None):
        return data
    if all(data.get(n) is not None for n in names):
        # already read (a validated card dumped and validated again): the numbers are kept,
        # the file name stays as provenance
        return data
    from munu.errors import DataError
    from munu.experiments.tables import read_table

    if data.get("file") is not None and data.get("bundled") is not None:
        raise ValueError("give either file or bundled, not both")
    if any(data.get(n) is not None for n in names):
        raise ValueError(f"give either a file or inline {list(names)}, not both")
    ref = data["file"] if data.get("file") is not None else data.get("bundled")
    if not isinstance(ref, str) or not ref:
        raise ValueError("file / bundled must be a non-empty string")
    base = (info.context or {}).get("base_dir") if info.context else None
    try:
        table = read_table(ref, columns=columns, bundled=data.get("file") is None, base_dir=base)
    except DataError as err:
        raise ValueError(str(err)) from None
    out = dict(data)
    for j, n in enumerate(names):
        out[n] = table[:, j].tolist()
    return out


def _strictly_increasing(values: list[float] | None, field: str) -> None:
    if values is not None and any(b <= a for a, b in itertools.pairwise(values)):
        i = next(i for i, (a, b) in enumerate(itertools.pairwise(values)) if b <= a)
        raise ValueError(
            f"{field} must be strictly increasing; entry {i + 1} ({values[i + 1]:g}) follows "
            f"{values[i]:g}"
        )


class ResolutionSpec(_Section):
    """Gaussian energy resolution, E and σ in keV. ``form`` chooses the parametrisation:

    * ``quadrature`` (default): σ(E) = √(a² + b E + c E²) with ``a_kev``, ``b_kev``, ``c``;
    * ``noble``: σ(E) = a √E + b E with ``a_sqrt_kev`` (√keV) and ``b_linear``
      (dimensionless), the form noble-liquid TPCs publish;
    * ``table``: σ(E) tabulated (``energies_kev`` and ``sigma_kev``, or ``file`` /
      ``bundled`` with those two columns), linearly interpolated.
    """

    form: Literal["quadrature", "noble", "table"] = "quadrature"
    a_kev: Annotated[float, Field(ge=0, le=1e5, allow_inf_nan=False)] = 0.0
    b_kev: Annotated[float, Field(ge=0, le=1e5, allow_inf_nan=False)] = 0.0
    c: Annotated[float, Field(ge=0, le=1e2, allow_inf_nan=False)] = 0.0
    a_sqrt_kev: Annotated[float, Field(ge=0, le=1e3, allow_inf_nan=False)] = 0.0
    b_linear: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] = 0.0
    energies_kev: Annotated[list[Energy], Field(min_length=1, max_length=100_000)] | None = None
    sigma_kev: Annotated[list[NonNegative], Field(min_length=1, max_length=100_000)] | None = None
    file: Text | None = None
    bundled: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any, info: ValidationInfo) -> Any:
        return _read_table_into(data, info, 2, ("energies_kev", "sigma_kev"))

    @model_validator(mode="after")
    def _form(self) -> ResolutionSpec:
        quad = ("a_kev", "b_kev", "c")
        noble = ("a_sqrt_kev", "b_linear")
        used = {"quadrature": quad, "noble": noble, "table": ()}[self.form]
        stray = [k for k in (*quad, *noble) if k not in used and getattr(self, k) != 0.0]
        if self.form != "table":
            stray += [k for k in ("energies_kev", "sigma_kev") if getattr(self, k) is not None]
        if stray:
            raise ValueError(f"{stray} do not belong to the resolution form {self.form!r}")
        if self.form == "table":
            if self.energies_kev is None or self.sigma_kev is None:
                raise ValueError("a table resolution needs energies_kev and sigma_kev (or file)")
            if len(self.energies_kev) != len(self.sigma_kev):
                raise ValueError("energies_kev and sigma_kev must have the same length")
            _strictly_increasing(self.energies_kev, "resolution energies_kev")
        return self

    def build(self) -> Any:
        """The :mod:`munu.detectors` resolution object."""
        from munu.detectors import NobleResolution, Resolution, TabulatedResolution

        if self.form == "noble":
            return NobleResolution(self.a_sqrt_kev, self.b_linear)
        if self.form == "table":
            return TabulatedResolution(self.energies_kev, self.sigma_kev)  # type: ignore[arg-type]
        return Resolution(self.a_kev, self.b_kev, self.c)


class EfficiencyTable(_Section):
    """Efficiency table in observed energy (keV), linearly interpolated, held constant beyond
    its ends; inline (``energies_kev``, ``values``) or from ``file`` / ``bundled`` (two
    columns: energy in keV, efficiency in [0, 1]). It multiplies the rate in observed energy
    inside each bin (:data:`munu.spectra.EFFICIENCY_SUBBINS`)."""

    energies_kev: Annotated[list[Energy], Field(min_length=1, max_length=100_000)]
    values: Annotated[list[Fraction], Field(min_length=1, max_length=100_000)]
    file: Text | None = None
    bundled: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any, info: ValidationInfo) -> Any:
        return _read_table_into(data, info, 2, ("energies_kev", "values"))

    @model_validator(mode="after")
    def _table(self) -> EfficiencyTable:
        if len(self.energies_kev) != len(self.values):
            raise ValueError("energies_kev and values must have the same length")
        _strictly_increasing(self.energies_kev, "efficiency energies_kev")
        return self


class ResponseSpec(_Section):
    """Detector response: threshold, resolution, efficiency, quenching (Lindhard k)."""

    threshold_kev: Energy = 0.0
    resolution: ResolutionSpec | None = None
    efficiency: Fraction | EfficiencyTable = 1.0
    quenching_k: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)] | None = None


class Binning(_Section):
    """Observed-energy bins: ``min_kev``/``max_kev``/``width_kev`` or explicit ``edges_kev``."""

    min_kev: Energy | None = None
    max_kev: Energy | None = None
    width_kev: Annotated[float, Field(gt=0, le=1e7, allow_inf_nan=False)] | None = None
    edges_kev: Annotated[list[Energy], Field(min_length=2, max_length=MAX_BINS + 1)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Binning:
        regular = (self.min_kev, self.max_kev, self.width_kev)
        if self.edges_kev is not None:
            if any(v is not None for v in regular):
                raise ValueError("give either edges_kev or min_kev/max_kev/width_kev, not both")
            if any(b <= a for a, b in zip(self.edges_kev, self.edges_kev[1:], strict=False)):
                raise ValueError("edges_kev must be strictly increasing")
            return self
        if any(v is None for v in regular):
            raise ValueError("give min_kev, max_kev and width_kev (or edges_kev)")
        lo, hi, w = regular
        assert lo is not None
        assert hi is not None
        assert w is not None
        if hi <= lo:
            raise ValueError(f"max_kev ({hi}) must be larger than min_kev ({lo})")
        n = (hi - lo) / w
        if n > MAX_BINS:
            raise ValueError(f"width_kev gives {n:.3g} bins; at most {MAX_BINS} allowed")
        if abs(n - round(n)) > 1e-6 * max(n, 1.0):
            raise ValueError(
                f"(max_kev - min_kev) / width_kev = {n:.6g} is not a whole number of bins"
            )
        return self

    def edges(self) -> NDArray[np.float64]:
        """Bin edges in keV."""
        if self.edges_kev is not None:
            return np.asarray(self.edges_kev, dtype=float)
        assert self.min_kev is not None
        assert self.max_kev is not None
        assert self.width_kev is not None
        n = round((self.max_kev - self.min_kev) / self.width_kev)
        return np.linspace(self.min_kev, self.max_kev, max(n, 1) + 1)


class ExposureSpec(_Section):
    """Live times in days: ``on_days`` (+ ``off_days``) for ON/OFF, or ``live_days``."""

    # floor 1e-3 d (86 s): shorter live times make the expected counts degenerate; an
    # analysis without an OFF period omits off_days (0 would silently change the model)
    on_days: Annotated[float, Field(ge=MIN_DAYS, le=1e6, allow_inf_nan=False)] | None = None
    off_days: Annotated[float, Field(ge=MIN_DAYS, le=1e6, allow_inf_nan=False)] | None = None
    live_days: Annotated[float, Field(ge=MIN_DAYS, le=1e6, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _one(self) -> ExposureSpec:
        if (self.on_days is None) == (self.live_days is None):
            raise ValueError("give exactly one of on_days or live_days")
        if self.live_days is not None and self.off_days is not None:
            raise ValueError("off_days goes with on_days, not with live_days")
        return self

    @property
    def days(self) -> float:
        """Live time (ON) in days."""
        return float(self.on_days if self.on_days is not None else self.live_days)  # type: ignore[arg-type]


class Background(_Section):
    """Background model: flat in observed energy."""

    flat_per_kg_kev_day: Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)] = 0.0


#: kg·day in one t·yr (1000 kg × 365.25 d, the Julian year).
T_YR_KG_DAYS = 1000.0 * 365.25

RateUnits = Literal["per_kg_kev_day", "per_t_yr_kev"]


def per_kg_kev_day(value: float, units: str) -> float:
    """A rate (per keV, or a line's total rate) converted to counts/(kg keV day) (or /(kg day))."""
    return value / T_YR_KG_DAYS if units == "per_t_yr_kev" else value


class BackgroundComponent(_Section):
    """One named background component: a shape in observed energy and a normalisation.

    Shapes (energies in keV, rates in ``units``: counts per kg·keV·day or per t·yr·keV, with
    1 t·yr = 1000 kg × 365.25 d):

    * ``flat``: ``rate`` per keV;
    * ``template``: a rate table (``energies_kev``, ``rates``; or ``file`` / ``bundled`` with
      those two columns) linearly interpolated (held constant beyond its ends) and integrated
      exactly over each bin;
    * ``line``: a Gaussian line at ``energy_kev`` with total rate ``rate`` (the unit without
      keV⁻¹) and width ``sigma_kev`` or, if unset, the detector resolution at the line;
    * ``polynomial``: rate(E) = Σ_k ``coefficients[k]`` E^k per keV (E in keV);
    * ``exponential``: rate(E) = ``rate`` · exp(−E / ``slope_kev``) per keV.

    Normalisation ``norm``: ``fixed``, ``free`` (the default) or ``constrained`` (Gaussian,
    relative width ``sigma_rel``).
    """

    name: Annotated[str, Field(min_length=1, max_length=100)]
    shape: Literal["flat", "template", "line", "polynomial", "exponential"]
    units: RateUnits = "per_kg_kev_day"
    rate: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = None
    energies_kev: Annotated[list[Energy], Field(min_length=2, max_length=100_000)] | None = None
    rates: Annotated[list[NonNegative], Field(min_length=2, max_length=100_000)] | None = None
    file: Text | None = None
    bundled: Text | None = None
    energy_kev: Energy | None = None
    sigma_kev: Annotated[float, Field(gt=0, le=1e5, allow_inf_nan=False)] | None = None
    coefficients: (
        Annotated[
            list[Annotated[float, Field(allow_inf_nan=False)]], Field(min_length=1, max_length=10)
        ]
        | None
    ) = None
    slope_kev: Annotated[float, Field(gt=0, le=1e7, allow_inf_nan=False)] | None = None
    norm: Literal["fixed", "free", "constrained"] = "free"
    sigma_rel: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any, info: ValidationInfo) -> Any:
        return _read_table_into(data, info, 2, ("energies_kev", "rates"))

    @model_validator(mode="after")
    def _shape(self) -> BackgroundComponent:
        need = {
            "flat": ("rate",),
            "template": ("energies_kev", "rates"),
            "line": ("energy_kev", "rate"),
            "polynomial": ("coefficients",),
            "exponential": ("rate", "slope_kev"),
        }[self.shape]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"background {self.name!r}: a {self.shape} shape needs {missing}")
        allowed = set(need) | {"sigma_kev"} if self.shape == "line" else set(need)
        stray = [
            k
            for k in (
                "rate",
                "energies_kev",
                "rates",
                "energy_kev",
                "sigma_kev",
                "coefficients",
                "slope_kev",
            )
            if k not in allowed and getattr(self, k) is not None
        ]
        if stray:
            raise ValueError(f"background {self.name!r}: {stray} do not belong to a {self.shape}")
        if self.shape == "template":
            assert self.energies_kev is not None
            assert self.rates is not None
            if len(self.energies_kev) != len(self.rates):
                raise ValueError(
                    f"background {self.name!r}: energies_kev and rates must have the same length"
                )
            _strictly_increasing(self.energies_kev, f"background {self.name!r} energies_kev")
        if (self.norm == "constrained") != (self.sigma_rel is not None):
            raise ValueError(
                f"background {self.name!r}: sigma_rel goes with norm: constrained (and only then)"
            )
        return self

    @property
    def norm_sigma(self) -> float:
        """Relative σ of the normalisation: 0 fixed, ``inf`` free, else Gaussian."""
        if self.norm == "fixed":
            return 0.0
        if self.norm == "free":
            return float("inf")
        return float(self.sigma_rel)  # type: ignore[arg-type]


class DataSpec(_Section):
    """Measured data of a card.

    ``kind``:

    * ``events``: unbinned event energies in keV (``events_kev``, or a one-column ``file`` /
      ``bundled`` table); they are binned on the card's binning for binned likelihoods;
    * ``binned``: counts per bin of the card's binning (``counts``, or a ``file`` with
      columns ``e_lo_kev e_hi_kev counts``);
    * ``on-off``: ``on_counts`` and ``off_counts`` per bin (or a ``file`` with columns
      ``e_lo_kev e_hi_kev on_counts off_counts``), for cards with an OFF period.

    The exposure of the data is stated (``exposure_kg_days`` or ``exposure_t_yr``, ON period)
    and must equal the card's target mass × live time (to 0.5 %).
    """

    kind: Literal["events", "binned", "on-off"]
    file: Text | None = None
    bundled: Text | None = None
    events_kev: Annotated[list[Energy], Field(min_length=0, max_length=10_000_000)] | None = None
    counts: Annotated[list[NonNegative], Field(min_length=1, max_length=MAX_BINS)] | None = None
    on_counts: Annotated[list[NonNegative], Field(min_length=1, max_length=MAX_BINS)] | None = None
    off_counts: Annotated[list[NonNegative], Field(min_length=1, max_length=MAX_BINS)] | None = None
    edges_kev: Annotated[list[Energy], Field(min_length=2, max_length=MAX_BINS + 1)] | None = None
    exposure_kg_days: Annotated[float, Field(gt=0, le=1e12, allow_inf_nan=False)] | None = None
    exposure_t_yr: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] | None = None
    description: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict) or (data.get("file") is None and data.get("bundled") is None):
            return data
        kind = data.get("kind")
        if kind == "events":
            return _read_table_into(data, info, 1, ("events_kev",))
        cols = (
            ("lo", "hi", "on_counts", "off_counts") if kind == "on-off" else ("lo", "hi", "counts")
        )
        if data.get(cols[2]) is not None:
            return data  # already read (re-validation of a dumped card)
        out = _read_table_into(data, info, len(cols), cols)
        lo, hi = out.pop("lo"), out.pop("hi")
        if any(abs(a - b) > 1e-9 * max(1.0, abs(a)) for a, b in zip(lo[1:], hi[:-1], strict=False)):
            raise ValueError("binned data file: each bin must start where the previous one ends")
        out["edges_kev"] = [*lo, hi[-1]]
        return out

    @model_validator(mode="after")
    def _complete(self) -> DataSpec:
        if (self.exposure_kg_days is None) == (self.exposure_t_yr is None):
            raise ValueError(
                "state the data's exposure: exactly one of exposure_kg_days or exposure_t_yr"
            )
        need = {
            "events": ("events_kev",),
            "binned": ("counts",),
            "on-off": ("on_counts", "off_counts"),
        }[self.kind]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"{self.kind} data need {missing} (inline or from file)")
        stray = [
            k
            for k in ("events_kev", "counts", "on_counts", "off_counts")
            if k not in need and getattr(self, k) is not None
        ]
        if stray:
            raise ValueError(f"{stray} do not belong to {self.kind} data")
        for k in ("counts", "on_counts", "off_counts"):
            v = getattr(self, k)
            if v is not None and any(c != round(c) for c in v):
                raise ValueError(f"{k} must be whole numbers of events")
        if self.kind == "on-off" and len(self.on_counts or []) != len(self.off_counts or []):
            raise ValueError("on_counts and off_counts must have the same length")
        return self

    @property
    def kg_days(self) -> float:
        """The stated exposure in kg·day."""
        if self.exposure_kg_days is not None:
            return float(self.exposure_kg_days)
        return float(self.exposure_t_yr) * T_YR_KG_DAYS  # type: ignore[arg-type]


class Analysis(_Section):
    """How the experiment was (or is to be) analysed.

    Attributes:
        method: e.g. ``"on-off residual chi2"``, ``"feldman-cousins"``, ``"spectral fit"``.
        cl: confidence level of the quoted limits (0–1).
        fit_min_kev / fit_max_kev: analysis window in keV.
        radiative_corrections: standard-model scheme of the ν-e weak term for this card
            (``"tree"``, ``"electroweak"``, ``"full"``); unset keeps munu's default
            (:data:`munu.interactions.electron.DEFAULT_RADIATIVE_CORRECTIONS`).
        likelihood: ``binned`` (Poisson on the card's bins, default) or ``unbinned``
            (extended unbinned likelihood of an event list, :class:`munu.stats.UnbinnedModel`,
            densities tabulated at the bin centres).
        notes: free text.
    """

    method: Text | None = None
    cl: OpenFraction | None = None
    fit_min_kev: Energy | None = None
    fit_max_kev: Energy | None = None
    radiative_corrections: Literal["tree", "electroweak", "full"] | None = None
    likelihood: Literal["binned", "unbinned"] = "binned"
    notes: Text | None = None

    @model_validator(mode="after")
    def _window(self) -> Analysis:
        if (
            self.fit_min_kev is not None
            and self.fit_max_kev is not None
            and self.fit_max_kev <= self.fit_min_kev
        ):
            raise ValueError("fit_max_kev must be larger than fit_min_kev")
        return self


class Published(_Section):
    """A published result, with its citation.

    Attributes:
        mu_limit: upper limit on the effective moment in μ_B.
        cl: confidence level (0–1).
        flavour: flavour the limit refers to.
        method: statistical method as published.
        citation: where the number is published.
        year: publication year.
        threshold_kev: the analysis threshold (lowest recoil energy used) of the published
            result in keV, where known; the review's Fig. 4a plots limits against it.
        notes: provenance remarks (e.g. which numbers are verified).
    """

    mu_limit: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)]
    cl: OpenFraction
    flavour: Flavour
    method: Text | None = None
    citation: Text
    year: Annotated[int, Field(ge=1950, le=2100)]
    threshold_kev: Energy | None = None
    notes: Text | None = None


# -- provenance, measurements, projections, reproduction (catalogue cards) -----------------

#: Status codes of the numbers in a card (``shared/reference/verified-experiments.md``):
#: ``V`` seen in the primary paper or its abstract; ``V-sec`` seen in a secondary source
#: (review, slides, public data file) that cites the paper; ``C`` computed from other numbers
#: of the card or standard constants; ``NF`` not found in any source checked (recalled, not
#: verified); ``assumed`` a modelling choice of munu, not a number from the paper.
STATUS_CODES: tuple[str, ...] = ("V", "V-sec", "C", "NF", "assumed")


def _check_provenance(entries: dict[str, str] | None) -> dict[str, str] | None:
    if entries is None:
        return None
    for key, text in entries.items():
        code = text.split(":", 1)[0].strip()
        if code not in STATUS_CODES:
            raise ValueError(
                f"provenance[{key!r}] must start with a status code {list(STATUS_CODES)} "
                f"followed by ':' and the source, got {text!r}"
            )
    return entries


Provenance = Annotated[
    dict[Annotated[str, Field(min_length=1, max_length=200)], Text], Field(max_length=500)
]


class Measurement(_Section):
    """A published summary measurement from which munu can recompute the limit.

    ``kind`` selects which fields are used:

    * ``"poisson-counting"``: ``n_obs`` events observed over ``background_events`` expected
      (e.g. DONUT: 1 over 2.3); ``signal_events_per_mu2`` (expected events per μ_B²) turns the
      Feldman–Cousins count limit into a moment limit, when it is known.
    * ``"gaussian-rate"``: measured net rate above ``threshold_kev`` with its 1σ error and
      the Standard-Model expectation with its error, in counts per day (e.g. MUNU forward −
      background rate).
    * ``"gaussian-kappa"``: a published best fit of κ = μ² with its Gaussian error, in μ_B²
      (e.g. SNO deuteron break-up, μ_eff² = (−2.76 ± 1.46)×10⁻¹⁶ μ_B²).

    Attributes:
        kind: one of the three kinds above.
        n_obs: Poisson counting: observed events.
        background_events: Poisson counting: expected background events.
        signal_events_per_mu2: Poisson counting: expected signal events per μ_B².
        threshold_kev: Gaussian rate: threshold in keV.
        rate_per_day: Gaussian rate: measured net rate (counts/day).
        rate_sigma_per_day: Gaussian rate: its 1σ error.
        sm_rate_per_day: Gaussian rate: Standard-Model expectation (counts/day).
        sm_rate_sigma_per_day: Gaussian rate: its 1σ error.
        kappa_hat: Gaussian κ: best fit in μ_B².
        kappa_sigma: Gaussian κ: its 1σ error in μ_B².
        notes: provenance remarks.
    """

    kind: Literal["poisson-counting", "gaussian-rate", "gaussian-kappa"]
    n_obs: Annotated[int, Field(ge=0, le=10**9)] | None = None
    background_events: NonNegative | None = None
    signal_events_per_mu2: Positive | None = None
    threshold_kev: Energy | None = None
    rate_per_day: Annotated[float, Field(allow_inf_nan=False)] | None = None
    rate_sigma_per_day: Positive | None = None
    sm_rate_per_day: NonNegative | None = None
    sm_rate_sigma_per_day: NonNegative | None = None
    kappa_hat: Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)] | None = None
    kappa_sigma: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] | None = None
    notes: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> Measurement:
        need = {
            "poisson-counting": ("n_obs", "background_events"),
            "gaussian-rate": (
                "threshold_kev",
                "rate_per_day",
                "rate_sigma_per_day",
                "sm_rate_per_day",
            ),
            "gaussian-kappa": ("kappa_hat", "kappa_sigma"),
        }[self.kind]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.kind!r} measurement needs {missing}")
        return self


class Projection(_Section):
    """A projected sensitivity (a goal, no data): what the proposal or review states.

    Attributes:
        mu_goal: projected limit in μ_B, or ``None`` when the source gives no number.
        cl: its confidence level, when stated.
        flavour: flavour probed.
        citation: where the projection is stated.
        year: year of the statement.
        notes: provenance remarks (assumptions munu adds for the recomputation).
    """

    mu_goal: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)] | None = None
    cl: OpenFraction | None = None
    flavour: Flavour
    citation: Text
    year: Annotated[int, Field(ge=1950, le=2100)]
    notes: Text | None = None


class Reproduction(_Section):
    """Whether munu can recompute the card's result, and what limits the agreement.

    Attributes:
        recomputable: ``False`` when the card lacks inputs munu needs.
        reason: why not (required when ``recomputable`` is false).
        expected_cause: the known reason for a residual difference between munu's value and
            the published one (which input or method), reported by
            :func:`munu.experiments.reproduce.reproduce_table`.
    """

    recomputable: bool = True
    reason: Text | None = None
    expected_cause: Text | None = None

    @model_validator(mode="after")
    def _reason(self) -> Reproduction:
        if not self.recomputable and self.reason is None:
            raise ValueError("give a reason when recomputable is false")
        return self


class Card(_Section):
    """An experiment card (see the module docstring).

    Example:
        >>> from munu.experiments import load_card
        >>> card = load_card("texono_ks_2003")
        >>> card.source.thermal_power_gw, card.target.material, card.exposure.off_days
        (2.9, 'Ge', 52.1)
        >>> round(float(card.expected_spectrum().magnetic_counts(1e-10).sum()), 1)
        108.0
    """

    name: Annotated[str, Field(min_length=1, max_length=200)]
    reference: Reference
    source: SourceSpec
    target: TargetSpec
    response: ResponseSpec = ResponseSpec()
    binning: Binning
    exposure: ExposureSpec
    background: Background = Background()
    backgrounds: Annotated[list[BackgroundComponent], Field(min_length=1, max_length=50)] | None = (
        None
    )
    standard_model: Literal["prediction", "in_background"] = "prediction"
    data: DataSpec | None = None
    analysis: Analysis | None = None
    published: Published | None = None
    description: Text | None = None
    measurement: Measurement | None = None
    projection: Projection | None = None
    reproduction: Reproduction | None = None
    provenance: Provenance | None = None

    @model_validator(mode="after")
    def _provenance(self) -> Card:
        _check_provenance(self.provenance)
        return self

    @model_validator(mode="after")
    def _fit_window_in_binning(self) -> Card:
        """An analysis window must lie within the card's binning (issue 14): a window
        outside it would silently fit other bins than the ones stated."""
        a = self.analysis
        if a is None or (a.fit_min_kev is None and a.fit_max_kev is None):
            return self
        edges = self.binning.edges()
        lo, hi = float(edges[0]), float(edges[-1])
        tol = 1e-9 * max(abs(hi), 1.0)
        for name, value in (("fit_min_kev", a.fit_min_kev), ("fit_max_kev", a.fit_max_kev)):
            if value is not None and not lo - tol <= value <= hi + tol:
                raise ValueError(
                    f"analysis.{name} = {value:g} keV lies outside the binning "
                    f"[{lo:g}, {hi:g}] keV; the fit window must be within the bins"
                )
        return self

    @model_validator(mode="after")
    def _backgrounds_and_data(self) -> Card:
        if self.backgrounds is not None:
            if self.background.flat_per_kg_kev_day:
                raise ValueError(
                    "give either background.flat_per_kg_kev_day or a backgrounds list, not both"
                )
            names = [b.name for b in self.backgrounds]
            if len(set(names)) != len(names):
                raise ValueError(f"background names must be unique, got {names}")
            if self.exposure.off_days and any(b.norm != "free" for b in self.backgrounds):
                raise ValueError(
                    "an ON/OFF card fits the background per bin from the OFF data: its "
                    "backgrounds must have norm: free"
                )
        lo, hi = self.window_kev()
        edges = self.binning.edges()
        if lo > edges[0] or hi < edges[-1]:
            inside = edges[(edges >= lo - 1e-9) & (edges <= hi + 1e-9)]
            if inside.size < 2 or abs(inside[0] - lo) > 1e-9 or abs(inside[-1] - hi) > 1e-9:
                raise ValueError(
                    f"the fit window [{lo:g}, {hi:g}] keV must fall on bin edges of the binning "
                    f"({edges[0]:g} … {edges[-1]:g} keV)"
                )
        d = self.data
        if d is None:
            return self
        if (d.kind == "on-off") != bool(self.exposure.off_days):
            raise ValueError(
                "on-off data go with an ON/OFF card (exposure.off_days) and only with one"
            )
        card_exposure = self.target.mass_kg * self.exposure.days
        if abs(d.kg_days / card_exposure - 1.0) > 5e-3:
            raise ValueError(
                f"data exposure {d.kg_days:.6g} kg·day differs from the card's target mass × "
                f"live time {card_exposure:.6g} kg·day"
            )
        if d.kind == "events":
            ev = np.asarray(d.events_kev, dtype=float)
            out = (ev < lo) | (ev > hi)
            if np.any(out):
                raise ValueError(
                    f"{int(out.sum())} event(s) outside the fit window [{lo:g}, {hi:g}] keV, "
                    f"e.g. {float(ev[out][0]):g} keV"
                )
        else:
            n = edges.size - 1
            got = len(d.counts if d.kind == "binned" else d.on_counts)  # type: ignore[arg-type]
            if got != n:
                raise ValueError(f"{d.kind} data have {got} bins, the card's binning {n}")
            if d.edges_kev is not None and not np.allclose(
                d.edges_kev, edges, rtol=1e-6, atol=1e-9
            ):
                raise ValueError("the data file's bin edges do not match the card's binning")
        return self

    def window_kev(self) -> tuple[float, float]:
        """The fit window (``analysis.fit_min_kev`` / ``fit_max_kev``, default the binning)."""
        edges = self.binning.edges()
        a = self.analysis
        lo = a.fit_min_kev if a is not None and a.fit_min_kev is not None else float(edges[0])
        hi = a.fit_max_kev if a is not None and a.fit_max_kev is not None else float(edges[-1])
        return float(lo), float(hi)

    # -- builders --------------------------------------------------------------------------
    def build_source(self) -> Any:
        """The :class:`~munu.sources.base.Source` of the card."""
        spec = self.source
        opts = spec.model_dump(exclude={"type"}, exclude_none=True)
        if isinstance(spec, ReactorSource):
            from munu.sources.reactor import Reactor

            return Reactor(**opts)
        if isinstance(spec, SolarSource):
            from munu.sources.solar import Solar

            return Solar(**opts)
        if isinstance(spec, DarSource):
            from munu.sources.accelerator import DecayAtRest

            return DecayAtRest(**opts)
        if isinstance(spec, TritiumSource):
            from munu.sources.tritium import Tritium

            if spec.mass_kg is not None:
                return Tritium.from_mass_kg(spec.mass_kg, spec.distance_cm)
            return Tritium(spec.activity_mci, spec.distance_cm)  # type: ignore[arg-type]
        from munu.sources.tabulated import Tabulated

        return Tabulated(
            spec.energies_mev,
            spec.flux,
            spec.flavour,
            baseline_m=spec.baseline_m,
            label=spec.label or self.name,
        )

    def build_target(self) -> Any:
        """The :class:`~munu.detectors.Target`."""
        from munu.detectors import Target

        t = self.target
        return Target(material=t.material, mass_kg=t.mass_kg, binding=t.binding)

    def build_response(self) -> Any:
        """The :class:`~munu.detectors.Response`."""
        from munu.detectors import Efficiency, Response

        r = self.response
        res = None if r.resolution is None else r.resolution.build()
        if isinstance(r.efficiency, EfficiencyTable):
            eff = Efficiency(tuple(r.efficiency.values), tuple(r.efficiency.energies_kev))
        else:
            eff = Efficiency(float(r.efficiency))
        return Response(
            threshold_kev=r.threshold_kev, resolution=res, efficiency=eff, quenching_k=r.quenching_k
        )

    def binning_edges_kev(self) -> NDArray[np.float64]:
        """Observed-energy bin edges in keV."""
        return self.binning.edges()

    def build_exposure(self) -> Any:
        """The :class:`~munu.spectra.Exposure` (ON live time and OFF live time)."""
        from munu.spectra import Exposure

        return Exposure(self.exposure.days, self.exposure.off_days)

    def build_background(self) -> Any:
        """The :class:`~munu.spectra.FlatBackground`."""
        from munu.spectra import FlatBackground

        return FlatBackground(self.background.flat_per_kg_kev_day)

    def expected_spectrum(self, **options: Any) -> Any:
        """:func:`munu.spectra.expected_spectrum` for this card (``options`` passed on).

        Results are cached on disk by the content of the inputs (:mod:`munu.cache`;
        ``cache=False`` or ``MUNU_CACHE=0`` turns it off). The card's
        ``analysis.radiative_corrections``, when set, is the SM scheme unless ``options``
        names one.
        """
        from munu.cache import cached_expected_spectrum as expected_spectrum

        if self.analysis is not None and self.analysis.radiative_corrections is not None:
            options.setdefault("radiative_corrections", self.analysis.radiative_corrections)

        return expected_spectrum(
            self.build_source(),
            self.build_target(),
            self.build_response(),
            self.binning_edges_kev(),
            self.build_exposure(),
            background=self.build_background(),
            **options,
        )


class ResultCard(_Section):
    """A catalogue entry that records a published result without a munu-computable setup.

    For results whose inputs (source, detector, exposure, background) are not known well
    enough to build a :class:`Card` — phenomenological re-analyses, accelerator beam dumps,
    solar spectral fits — or that published no number. It carries the citation, the result
    (or ``published_absent_reason``), an optional :class:`Measurement` and, always, a
    :class:`Reproduction` saying why munu cannot recompute it in full.

    Example:
        >>> r = ResultCard.model_validate({
        ...     "name": "demo", "reference": {"citation": "nobody (2026)"},
        ...     "published_absent_reason": "no number published",
        ...     "reproduction": {"recomputable": False, "reason": "no inputs"}})
        >>> r.reproduction.recomputable
        False
    """

    name: Annotated[str, Field(min_length=1, max_length=200)]
    reference: Reference
    description: Text | None = None
    published: Published | None = None
    published_absent_reason: Text | None = None
    projection: Projection | None = None
    measurement: Measurement | None = None
    reproduction: Reproduction
    provenance: Provenance | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ResultCard:
        _check_provenance(self.provenance)
        if (
            self.published is None
            and self.projection is None
            and self.published_absent_reason is None
        ):
            raise ValueError(
                "give published, projection or published_absent_reason (why there is no number)"
            )
        return self
