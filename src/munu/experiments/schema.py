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

from typing import Annotated, Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

from munu.sources.base import FLAVOURS

__all__ = [
    "Analysis",
    "Background",
    "Binning",
    "Card",
    "DarSource",
    "EfficiencyTable",
    "ExposureSpec",
    "Published",
    "ReactorSource",
    "Reference",
    "ResolutionSpec",
    "ResponseSpec",
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


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    thermal_power_gw: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]
    distance_m: Annotated[float, Field(gt=0, le=1e7, allow_inf_nan=False)]
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
    distance_m: Annotated[float, Field(gt=0, le=1e7, allow_inf_nan=False)] | None = None


class TritiumSource(_Section):
    """A tritium β source (:class:`munu.sources.tritium.Tritium`): activity or mass, distance."""

    type: Literal["tritium"]
    distance_cm: Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)]
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
    mass_kg: Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)]
    binding: Literal["free", "stepping"] = "free"


class ResolutionSpec(_Section):
    """σ(E) = √(a² + b E + c E²), E in keV."""

    a_kev: Annotated[float, Field(ge=0, le=1e5, allow_inf_nan=False)] = 0.0
    b_kev: Annotated[float, Field(ge=0, le=1e5, allow_inf_nan=False)] = 0.0
    c: Annotated[float, Field(ge=0, le=1e2, allow_inf_nan=False)] = 0.0


class EfficiencyTable(_Section):
    """Efficiency table: linear interpolation in observed energy."""

    energies_kev: Annotated[list[Energy], Field(min_length=1, max_length=100_000)]
    values: Annotated[list[Fraction], Field(min_length=1, max_length=100_000)]

    @model_validator(mode="after")
    def _table(self) -> EfficiencyTable:
        if len(self.energies_kev) != len(self.values):
            raise ValueError("energies_kev and values must have the same length")
        if any(b <= a for a, b in zip(self.energies_kev, self.energies_kev[1:], strict=False)):
            raise ValueError("energies_kev must be strictly increasing")
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

    on_days: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] | None = None
    off_days: Days | None = None
    live_days: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] | None = None

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


class Analysis(_Section):
    """How the experiment was (or is to be) analysed.

    Attributes:
        method: e.g. ``"on-off residual chi2"``, ``"feldman-cousins"``, ``"spectral fit"``.
        cl: confidence level of the quoted limits (0–1).
        fit_min_kev / fit_max_kev: analysis window in keV.
        notes: free text.
    """

    method: Text | None = None
    cl: OpenFraction | None = None
    fit_min_kev: Energy | None = None
    fit_max_kev: Energy | None = None
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
        notes: provenance remarks (e.g. which numbers are verified).
    """

    mu_limit: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)]
    cl: OpenFraction
    flavour: Flavour
    method: Text | None = None
    citation: Text
    year: Annotated[int, Field(ge=1950, le=2100)]
    notes: Text | None = None


class Card(_Section):
    """An experiment card (see the module docstring)."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    reference: Reference
    source: SourceSpec
    target: TargetSpec
    response: ResponseSpec = ResponseSpec()
    binning: Binning
    exposure: ExposureSpec
    background: Background = Background()
    analysis: Analysis | None = None
    published: Published | None = None
    description: Text | None = None

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
        from munu.detectors import Efficiency, Resolution, Response

        r = self.response
        res = None if r.resolution is None else Resolution(**r.resolution.model_dump())
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
        """:func:`munu.spectra.expected_spectrum` for this card (``options`` passed on)."""
        from munu.spectra import expected_spectrum

        return expected_spectrum(
            self.build_source(),
            self.build_target(),
            self.build_response(),
            self.binning_edges_kev(),
            self.build_exposure(),
            background=self.build_background(),
            **options,
        )
