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
    "STATUS_CODES",
    "Analysis",
    "Background",
    "Binning",
    "Card",
    "DarSource",
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
        116.7
    """

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
