"""Global fit: what experiments with different flavour content say together about the moments.

Every ν–e scattering experiment measures one number, its effective moment squared
κ_X = μ²_eff,X (μ_B²), which is a quadratic function of the fundamental 3×3 moment matrix λ
(review hep-ex/0409003, Eq. 2 and §4.4; :mod:`munu.moments`). This module expresses each
published result as a likelihood in its own κ_X (:class:`EffectiveMomentConstraint`), maps
κ_X onto the fundamental moments through the flavour / mass-state content of the beam at the
detector (:class:`Arrival`), and combines the experiments (:func:`run_global_fit`).

What to use when:

* a published 90 % CL upper limit only → :meth:`EffectiveMomentConstraint.from_limit`
  (one-sided Gaussian in κ with best fit 0, the standard approximation of the global analyses
  when only limits are published);
* a best fit with an error in κ (e.g. SNO deuteron break-up) →
  :meth:`EffectiveMomentConstraint.gaussian`;
* observed / background counts → :meth:`EffectiveMomentConstraint.from_counts` (Poisson);
* anything else → :meth:`EffectiveMomentConstraint.from_table` or ``from_function``;
* an experiment card (:mod:`munu.experiments`) with a published limit →
  :meth:`EffectiveMomentConstraint.from_card`;
* ready-made sets with citations: :data:`CONSTRAINTS`, :data:`CONSTRAINT_SETS`,
  :func:`constraint_set`;
* bounds on the Majorana transition-moment vector Λ (Grimus et al. 2003) or on Dirac moments:
  :func:`run_global_fit`; allowed regions in a |Λ_i|–|Λ_j| plane: :func:`allowed_region`;
  figures: :func:`plot_delta_chi2`, :func:`plot_allowed_region`.

Physics (conventions of :mod:`munu.moments`): for a beam with mass-state density matrix ρ at
the detector, κ = Σ_j (λ' ρ λ'†)_jj with λ' = λ for neutrinos and λ* for antineutrinos.
Writing G_kl = Σ_j λ_jk λ*_jl this is κ = Re Σ_kl R_kl G_kl with one 3×3 matrix
R = ρ_ν + ρ_ν̄* per experiment (:meth:`Arrival.density`):

* reactor ν̄_e at a short baseline: ρ_kl = a_k a*_l with a_k = U_ek e^{−i m_k² L/2E}
  (coherent; at tens of metres the phases are below 0.1 rad, so one representative energy
  suffices);
* solar neutrinos: ρ = diag(f₁, f₂, f₃), the incoherent MSW mass-state fractions of
  :func:`munu.sources.solar.solar_mass_state_fractions`, weighted over the spectrum with the
  magnetic ν–e cross section in the detector's recoil window (or the flux above a threshold);
* accelerator ν_μ/ν̄_μ (LSND), ν_τ (DONUT): coherent, phases negligible.

For Majorana neutrinos λ_jk = ε_jkl Λ_l and κ = Λ†(tr R − R)Λ (Grimus et al., Nucl. Phys. B
648 (2003) 376, hep-ph/0208132; Cañas et al., PLB 753 (2016) 191, arXiv:1510.01684): solar
data give |Λ|² − Σ_k f_k|Λ_k|², independent of phases, and a short-baseline reactor gives
|Λ|² − |Σ_k U_ek Λ_k|², which depends on the relative phases. The Majorana phases of U can be
absorbed into the phases of Λ_k (they multiply Λ_k in every term), so scanning the phases of
Λ covers them.

Statistics: each constraint is a χ²_X(κ_X). The total χ²(λ, θ) = Σ_X χ²_X(κ_X(λ, θ)) +
χ²_prior(θ) is profiled over the direction of λ (angles on the sphere and relative phases,
scanned as one vectorised grid) and over the oscillation parameters θ = (sin²θ₁₂, Δm²₂₁)
(Gaussian priors from the chosen set, :class:`OscillationPrior`, on a grid of ±2σ nodes).
The 90 % CL bound on the norm is where the profiled Δχ² reaches the threshold of
:func:`delta_chi2_threshold`. Convention: ``sided="one"`` (default) uses Δχ² = z² with
z = Φ⁻¹(CL) = 1.2816, the same z as :meth:`EffectiveMomentConstraint.from_limit`, so that a
fit to a single limit returns that limit; ``sided="two"`` uses Δχ² = 2.706 (χ² with one
degree of freedom, the usual "1 d.o.f." choice) together with σ_κ = κ₉₀/1.645. For
limit-type inputs (best fit 0) both pairs give identical bounds, because χ² is then
z² Σ_X (κ_X/κ₉₀,X)². Which of the two Grimus et al. used could not be read from the paper
(only its abstract was accessible); "90 % CL for one parameter" in the Valencia group's
analyses usually means Δχ² = 2.71. Along each direction the upper end of the allowed
interval is found in closed form (Gaussian inputs) or by bisection; the largest one on the
grid is then polished by a local Nelder–Mead maximisation over the direction, which makes
the bound insensitive to the grid (default and 4× finer grids agree to 0.1 %).

Example:
    >>> from munu.globalfit import ScanGrid, run_global_fit
    >>> res = run_global_fit("canas2016", params="nufit60", n_osc=1, grid=ScanGrid(5, 4))
    >>> round(res.component_limits["Lambda3"] / 1e-11, 2)
    3.13
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

from munu._validate import as_float, as_float_array, check_choice
from munu.errors import InputError, UnknownNameError
from munu.interactions import sigma_magnetic_integral
from munu.mixing import (
    FLAVOUR_INDEX,
    LMA2004,
    LMA2008,
    NUFIT60,
    OscillationParameters,
    oscillation_parameters,
    vacuum_amplitudes,
)
from munu.moments import MomentMatrix
from munu.sources.solar import (
    BE7_LINES,
    COMPONENTS,
    ENDPOINTS_MEV,
    PEP_ENERGY_MEV,
    SSM_MODELS,
    solar_mass_state_fractions,
    spectrum_shape,
    ssm_fluxes,
)

__all__ = [
    "ARRIVAL_KINDS",
    "CONSTRAINTS",
    "CONSTRAINT_SETS",
    "FIT_KINDS",
    "FORMS",
    "PRIORS",
    "AllowedRegion",
    "Arrival",
    "EffectiveMomentConstraint",
    "GlobalFitResult",
    "OscillationPrior",
    "ScanGrid",
    "allowed_region",
    "constraint_set",
    "delta_chi2_threshold",
    "oscillation_prior",
    "plot_allowed_region",
    "plot_delta_chi2",
    "run_global_fit",
]

#: Kinds of :class:`Arrival`.
ARRIVAL_KINDS: tuple[str, ...] = ("coherent", "solar", "fractions")
#: χ² forms of :class:`EffectiveMomentConstraint`.
FORMS: tuple[str, ...] = ("gaussian", "poisson", "table", "function")
#: What :func:`run_global_fit` can bound.
FIT_KINDS: tuple[str, ...] = ("majorana", "dirac", "dirac-diagonal")
_SIDES: tuple[str, ...] = ("one", "two")
_NEGATIVE: tuple[str, ...] = ("keep", "clip")


# -- conventions ----------------------------------------------------------------------------
def _check_cl(cl: Any) -> float:
    value = as_float(cl, "cl")
    if not 0.0 < value < 1.0:
        raise InputError("cl", cl, "a confidence level strictly between 0 and 1")
    return value


def _z_value(cl: float, sided: str) -> float:
    """z with P(Z < z) = CL (one-sided) or P(|Z| < z) = CL (two-sided)."""
    side = check_choice(sided, "sided", _SIDES)
    c = _check_cl(cl)
    return float(stats.norm.ppf(c if side == "one" else 0.5 * (1.0 + c)))


def delta_chi2_threshold(cl: float = 0.9, sided: str = "one") -> float:
    """Δχ² that defines a CL upper limit on one parameter.

    ``"one"``: z² with z = Φ⁻¹(CL) — the one-sided bound for a parameter at its physical
    boundary, whose Δχ² is distributed as ½δ(0) + ½χ²₁ (Chernoff 1954); 1.642 at 90 %.
    ``"two"``: the χ²₁ quantile, 2.706 at 90 % (the usual "1 d.o.f." choice of the global
    analyses, e.g. Grimus et al. 2003).

    Example:
        >>> round(delta_chi2_threshold(0.9), 3), round(delta_chi2_threshold(0.9, "two"), 3)
        (1.642, 2.706)
    """
    return _z_value(cl, sided) ** 2


# -- arrival: how a beam at the detector sees the moment matrix ------------------------------
def _tuple(value: Any, field: str, *, positive: bool = False) -> tuple[float, ...]:
    arr = as_float_array(value, field, nonnegative=True, positive=positive, allow_empty=False)
    return tuple(float(x) for x in np.atleast_1d(arr).ravel())


@dataclass(frozen=True)
class Arrival:
    """Flavour or mass-state content of a beam at the detector (what κ_X depends on).

    Build with :meth:`reactor`, :meth:`accelerator`, :meth:`solar` or :meth:`fractions`.

    Attributes:
        kind: ``"coherent"`` (a flavour state propagated over ``baseline_m``), ``"solar"``
            (incoherent MSW mixture of solar components) or ``"fractions"`` (fixed
            incoherent mass-state fractions).
        description: human-readable summary.
        flavours: coherent: produced flavours (``"nuebar"``, ``"numu"``, ...).
        flavour_weights: coherent: relative weight of each flavour in the signal.
        baseline_m: coherent: distance in m.
        enu_mev: coherent: representative energies in MeV.
        enu_weights: coherent: weights of those energies.
        components: solar: components (``"8B"``, ``"7Be"``, ``"pp"``, ...).
        t_min_mev, t_max_mev: solar: recoil window of the detector in MeV; if set, the
            spectrum is weighted with the magnetic cross section integrated over it.
        enu_min_mev: solar: neutrino-energy threshold (used when no recoil window is set).
        model: solar: standard-solar-model flux set (component weights).
        mass_fractions: fractions: f₁, f₂, f₃.

    Example:
        >>> arr = Arrival.reactor(28.0)
        >>> r = arr.density(NUFIT60)
        >>> round(float(np.trace(r).real), 12)
        1.0
    """

    kind: str
    description: str = ""
    flavours: tuple[str, ...] = ()
    flavour_weights: tuple[float, ...] = ()
    baseline_m: float = 0.0
    enu_mev: tuple[float, ...] = ()
    enu_weights: tuple[float, ...] = ()
    components: tuple[str, ...] = ()
    t_min_mev: float | None = None
    t_max_mev: float | None = None
    enu_min_mev: float = 0.0
    model: str = "B16-GS98"
    mass_fractions: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        kind = check_choice(self.kind, "kind", ARRIVAL_KINDS)
        if kind == "coherent":
            for f in self.flavours:
                check_choice(f, "flavours", tuple(FLAVOUR_INDEX))
            if not self.flavours or len(self.flavour_weights) != len(self.flavours):
                raise InputError("flavour_weights", self.flavour_weights, "one weight per flavour")
            if not self.enu_mev or len(self.enu_weights) != len(self.enu_mev):
                raise InputError("enu_weights", self.enu_weights, "one weight per energy")
            if sum(self.flavour_weights) <= 0 or sum(self.enu_weights) <= 0:
                raise InputError("flavour_weights", self.flavour_weights, "positive weights")
        elif kind == "solar":
            if not self.components:
                raise InputError("components", self.components, "at least one component")
            for c in self.components:
                check_choice(c, "components", COMPONENTS)
            check_choice(self.model, "model", SSM_MODELS)
            if (self.t_min_mev is None) != (self.t_max_mev is None):
                raise InputError("t_max_mev", self.t_max_mev, "set together with t_min_mev")
            if self.t_min_mev is not None and not (
                0.0 < self.t_min_mev < self.t_max_mev  # type: ignore[operator]
            ):
                raise InputError("t_min_mev", self.t_min_mev, "0 < t_min_mev < t_max_mev")
        elif len(self.mass_fractions) != 3 or sum(self.mass_fractions) <= 0:
            raise InputError("mass_fractions", self.mass_fractions, "three fractions ≥ 0")

    # -- constructors ----------------------------------------------------------------------
    @classmethod
    def reactor(cls, baseline_m: float, enu_mev: ArrayLike = 2.0) -> Arrival:
        """Reactor ν̄_e at ``baseline_m`` (coherent; representative energies in MeV).

        Example:
            >>> Arrival.reactor(18.0).description
            'reactor nuebar at 18 m'
        """
        base = as_float(baseline_m, "baseline_m", nonnegative=True)
        energies = _tuple(enu_mev, "enu_mev", positive=True)
        return cls(
            kind="coherent",
            description=f"reactor nuebar at {base:g} m",
            flavours=("nuebar",),
            flavour_weights=(1.0,),
            baseline_m=base,
            enu_mev=energies,
            enu_weights=(1.0,) * len(energies),
        )

    @classmethod
    def accelerator(
        cls,
        flavours: Sequence[str],
        baseline_m: float,
        enu_mev: ArrayLike,
        flavour_weights: ArrayLike | None = None,
    ) -> Arrival:
        """Accelerator beam: a weighted mixture of flavours, each coherent over ``baseline_m``.

        ``enu_mev`` gives one representative energy per flavour.

        Example:
            >>> Arrival.accelerator(["numu", "numubar"], 30.0, [29.8, 35.0]).flavours
            ('numu', 'numubar')
        """
        if isinstance(flavours, str):
            flavours = [flavours]
        names = tuple(check_choice(f, "flavours", tuple(FLAVOUR_INDEX)) for f in flavours)
        energies = _tuple(enu_mev, "enu_mev", positive=True)
        if len(energies) != len(names):
            raise InputError("enu_mev", enu_mev, "one representative energy per flavour")
        weights = (
            (1.0,) * len(names)
            if flavour_weights is None
            else _tuple(flavour_weights, "flavour_weights")
        )
        return cls(
            kind="coherent",
            description=f"{'+'.join(names)} at {baseline_m:g} m",
            flavours=names,
            flavour_weights=weights,
            baseline_m=as_float(baseline_m, "baseline_m", nonnegative=True),
            enu_mev=energies,
            enu_weights=(1.0,) * len(energies),
        )

    @classmethod
    def solar(
        cls,
        components: Sequence[str],
        t_min_mev: float | None = None,
        t_max_mev: float | None = None,
        *,
        enu_min_mev: float = 0.0,
        model: str = "B16-GS98",
    ) -> Arrival:
        """Solar neutrinos of some components, as the detector sees them (day time).

        Args:
            components: solar components (see :data:`munu.sources.solar.COMPONENTS`).
            t_min_mev: lower edge of the recoil window (ν–e detectors); with ``t_max_mev``
                the spectrum is weighted with ∫ dσ_mag/dT dT over the window.
            t_max_mev: upper edge of the recoil window.
            enu_min_mev: neutrino-energy threshold when no recoil window is given (e.g.
                deuteron break-up, 2.224 MeV).
            model: SSM flux set for the relative weights of the components.

        Returns:
            The :class:`Arrival`.

        Example:
            >>> Arrival.solar(["8B"], 5.0, 14.0).description
            'solar 8B, T = 5-14 MeV'
        """
        if isinstance(components, str):
            components = [components]
        names = tuple(check_choice(c, "components", COMPONENTS) for c in components)
        if t_min_mev is None:
            desc = f"solar {'+'.join(names)}, E > {enu_min_mev:g} MeV"
            lo = hi = None
        else:
            lo = as_float(t_min_mev, "t_min_mev", positive=True)
            hi = as_float(t_max_mev, "t_max_mev", positive=True)
            desc = f"solar {'+'.join(names)}, T = {lo:g}-{hi:g} MeV"
        return cls(
            kind="solar",
            description=desc,
            components=names,
            t_min_mev=lo,
            t_max_mev=hi,
            enu_min_mev=as_float(enu_min_mev, "enu_min_mev", nonnegative=True),
            model=model,
        )

    @classmethod
    def fractions(cls, mass_fractions: ArrayLike) -> Arrival:
        """Fixed incoherent mass-state fractions (f₁, f₂, f₃).

        Example:
            >>> Arrival.fractions([0.0, 1.0, 0.0]).mass_fractions
            (0.0, 1.0, 0.0)
        """
        f = _tuple(mass_fractions, "mass_fractions")
        return cls(kind="fractions", description=f"mass states f = {f}", mass_fractions=f)

    # -- physics ---------------------------------------------------------------------------
    def density(self, params: OscillationParameters | str = NUFIT60) -> NDArray[np.complex128]:
        """The 3×3 matrix R with κ = Re Σ_kl R_kl G_kl, G_kl = Σ_j λ_jk λ*_jl (μ_B²).

        R = Σ_flavours w (ρ_ν or ρ_ν̄*) normalised to unit total weight, with
        ρ_kl = a_k a*_l from :func:`munu.mixing.vacuum_amplitudes`; for solar and fixed
        fractions R = diag(f). tr R = 1.

        Args:
            params: oscillation parameters (or the name of a set).

        Returns:
            Complex (3, 3) Hermitian matrix.
        """
        p = _params(params)
        if self.kind == "fractions":
            f = np.asarray(self.mass_fractions)
            return np.diag(f / f.sum()).astype(complex)
        if self.kind == "solar":
            return np.diag(self._solar_fractions(p)).astype(complex)
        out = np.zeros((3, 3), dtype=complex)
        ew = np.asarray(self.enu_weights)
        if len(self.flavours) > 1 and len(self.enu_mev) == len(self.flavours):
            pairs = [((e,), (1.0,)) for e in self.enu_mev]  # one energy per flavour
        else:
            pairs = [(self.enu_mev, tuple(ew))] * len(self.flavours)
        total = 0.0
        for flav, wf, (energies, wts) in zip(
            self.flavours, self.flavour_weights, pairs, strict=True
        ):
            a = vacuum_amplitudes(flav, self.baseline_m, np.asarray(energies), p)
            w = np.asarray(wts) / np.sum(wts)
            rho = np.einsum("e,ek,el->kl", w, a, a.conj())
            out += wf * (rho.conj() if FLAVOUR_INDEX[flav][1] else rho)
            total += wf
        return out / total

    def _solar_fractions(self, p: OscillationParameters) -> NDArray[np.float64]:
        fluxes = ssm_fluxes(self.model)
        acc = np.zeros(3)
        norm = 0.0
        for comp in self.components:  # a handful of components, each vectorised
            if comp == "7Be":
                lines = [(e, fluxes[comp] * br) for e, br, _ in BE7_LINES]
            elif comp == "pep":
                lines = [(PEP_ENERGY_MEV, fluxes[comp])]
            else:
                lines = []
            if lines:
                e = np.array([x[0] for x in lines])
                w = np.array([x[1] for x in lines]) * self._xs(e)
            else:
                e = np.linspace(1e-3, ENDPOINTS_MEV[comp], 400)
                w = fluxes[comp] * spectrum_shape(comp, e) * self._xs(e) * (e[1] - e[0])
            if not np.any(w > 0):
                continue
            f = solar_mass_state_fractions(e, comp, p)
            acc += w @ f
            norm += float(w.sum())
        if norm <= 0.0:
            raise InputError(
                "components",
                self.components,
                "components that reach the recoil window / energy threshold",
            )
        return acc / norm

    def _xs(self, e: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.t_min_mev is None:
            return (e >= self.enu_min_mev).astype(float)
        return sigma_magnetic_integral(self.t_min_mev, self.t_max_mev, e, 1.0)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly description."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v not in ((), None)}


def _params(params: Any) -> OscillationParameters:
    if isinstance(params, str):
        return oscillation_parameters(params)
    if isinstance(params, OscillationPrior):
        return params.params
    if not isinstance(params, OscillationParameters):
        raise InputError("params", params, "an OscillationParameters or a parameter-set name")
    return params


def _gram(lam: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """G_kl = Σ_j λ_jk λ*_jl for a stack of matrices (..., 3, 3)."""
    return np.einsum("...jk,...jl->...kl", lam, lam.conj())


# -- constraints ----------------------------------------------------------------------------
@dataclass(frozen=True)
class EffectiveMomentConstraint:
    """One experiment's constraint, as a χ² in its own κ = μ²_eff (μ_B²).

    Attributes:
        name: short name.
        arrival: the beam at the detector (:class:`Arrival`).
        form: ``"gaussian"`` (χ² = ((κ − κ̂)/σ_κ)²; limits are Gaussians with κ̂ = 0),
            ``"poisson"`` (counts), ``"table"`` (χ² tabulated in κ, linear interpolation,
            linear extrapolation beyond the last point) or ``"function"``.
        kappa_hat: Gaussian best fit κ̂ in μ_B² (may be negative, unphysical).
        sigma_kappa: Gaussian σ_κ in μ_B².
        negative_best_fit: ``"keep"`` (use κ̂ < 0 as measured; the fit's Δχ² is then taken
            relative to the minimum in the physical region κ ≥ 0, which makes a downward
            fluctuation tighten the bound) or ``"clip"`` (replace κ̂ by max(κ̂, 0): the
            conservative choice, the bound then reflects the sensitivity σ_κ only).
        n_observed, background, signal_per_kappa: Poisson counting: n observed, b expected
            background, signal events per μ_B² of κ.
        kappa_table, chi2_table: tabulated χ²(κ).
        function: χ²(κ) callable (vectorised over numpy arrays).
        kappa_scale: typical κ scale in μ_B² (sets the search range of the fit).
        mu_limit: the published limit in μ_B, if the constraint was built from one.
        cl: its confidence level.
        citation: where the input is published.
        status: verification status (``"V"``, ``"V-sec"``, ``"NF"``, …; see
            shared/reference/verified-experiments.md).
        note: provenance remarks.

    Example:
        >>> c = EffectiveMomentConstraint.from_limit("TEXONO", 1.3e-10, arrival=Arrival.reactor(28))
        >>> round(float(c.chi2((1.3e-10) ** 2)), 4)
        1.6424
    """

    name: str
    arrival: Arrival
    form: str = "gaussian"
    kappa_hat: float = 0.0
    sigma_kappa: float = 0.0
    negative_best_fit: str = "keep"
    n_observed: int = 0
    background: float = 0.0
    signal_per_kappa: float = 0.0
    kappa_table: tuple[float, ...] = ()
    chi2_table: tuple[float, ...] = ()
    function: Callable[[NDArray[np.float64]], ArrayLike] | None = None
    kappa_scale: float = 0.0
    mu_limit: float | None = None
    cl: float | None = None
    citation: str = ""
    status: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InputError("name", self.name, "a non-empty string")
        if not isinstance(self.arrival, Arrival):
            raise InputError("arrival", self.arrival, "an Arrival")
        form = check_choice(self.form, "form", FORMS)
        check_choice(self.negative_best_fit, "negative_best_fit", _NEGATIVE)
        if form == "gaussian":
            as_float(self.kappa_hat, "kappa_hat")
            as_float(self.sigma_kappa, "sigma_kappa", positive=True)
            scale = abs(self.kappa_hat) + self.sigma_kappa
        elif form == "poisson":
            if not isinstance(self.n_observed, int | np.integer) or self.n_observed < 0:
                raise InputError("n_observed", self.n_observed, "a count ≥ 0")
            as_float(self.background, "background", positive=True)
            as_float(self.signal_per_kappa, "signal_per_kappa", positive=True)
            scale = (math.sqrt(self.background) + self.n_observed + 1.0) / self.signal_per_kappa
        elif form == "table":
            k = as_float_array(self.kappa_table, "kappa_table", nonnegative=True)
            c = as_float_array(self.chi2_table, "chi2_table", nonnegative=True)
            if k.ndim != 1 or k.shape != c.shape or k.size < 2 or np.any(np.diff(k) <= 0):
                raise InputError(
                    "kappa_table", self.kappa_table, "≥ 2 increasing κ values, one χ² each"
                )
            scale = float(k[-1])
        else:
            if not callable(self.function):
                raise InputError("function", self.function, "a callable χ²(κ)")
            scale = as_float(self.kappa_scale, "kappa_scale", positive=True)
        if self.kappa_scale <= 0:
            object.__setattr__(self, "kappa_scale", float(scale))

    # -- constructors ----------------------------------------------------------------------
    @classmethod
    def gaussian(
        cls,
        name: str,
        kappa_hat: float,
        sigma_kappa: float,
        arrival: Arrival,
        *,
        negative_best_fit: str = "keep",
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """A measured κ̂ ± σ_κ (μ_B²), Gaussian in κ.

        Example:
            >>> sno = EffectiveMomentConstraint.gaussian(
            ...     "SNO-d", -2.76e-16, 1.46e-16, Arrival.solar(["8B"], enu_min_mev=2.224))
            >>> round(float(sno.chi2(0.0)), 3)
            3.574
        """
        return cls(
            name=name,
            arrival=arrival,
            form="gaussian",
            kappa_hat=as_float(kappa_hat, "kappa_hat"),
            sigma_kappa=as_float(sigma_kappa, "sigma_kappa", positive=True),
            negative_best_fit=negative_best_fit,
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_limit(
        cls,
        name: str,
        mu_limit: float,
        cl: float = 0.9,
        arrival: Arrival | None = None,
        *,
        sided: str = "one",
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """A published upper limit μ < μ_lim (CL) as a one-sided Gaussian in κ.

        κ̂ = 0 and σ_κ = μ_lim²/z, z = Φ⁻¹(CL) = 1.2816 at 90 % (``sided="two"``:
        z = 1.645). This is the standard approximation of the global analyses when only a
        limit is available (e.g. Grimus et al. 2003; Cañas et al. 2016): it treats the
        experiment as having measured κ = 0 with the error that makes the limit a
        CL-quantile. Use it with the same ``sided`` in :func:`run_global_fit`.

        Args:
            name: short name.
            mu_limit: the limit in μ_B (> 0).
            cl: its confidence level.
            arrival: the beam at the detector (required).
            sided: ``"one"`` or ``"two"`` (see above).
            citation: where the limit is published.
            status: verification status.
            note: provenance remarks.

        Returns:
            The :class:`EffectiveMomentConstraint`.

        Example:
            >>> c = EffectiveMomentConstraint.from_limit("x", 1e-10, arrival=Arrival.reactor(20))
            >>> round(c.sigma_kappa / 1e-20, 4)
            0.7803
        """
        if arrival is None:
            raise InputError("arrival", arrival, "an Arrival (which beam the limit refers to)")
        mu = as_float(mu_limit, "mu_limit", positive=True)
        c = _check_cl(cl)
        return cls(
            name=name,
            arrival=arrival,
            form="gaussian",
            kappa_hat=0.0,
            sigma_kappa=mu**2 / _z_value(c, sided),
            mu_limit=mu,
            cl=c,
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_counts(
        cls,
        name: str,
        n_observed: int,
        background: float,
        arrival: Arrival,
        *,
        signal_per_kappa: float | None = None,
        mu_limit: float | None = None,
        cl: float = 0.9,
        sided: str = "one",
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """Poisson counting: n observed over b expected background, signal ∝ κ.

        χ²(κ) = 2[(b + sκ) − n + n ln(n/(b + sκ))] (Baker & Cousins, NIM 221 (1984) 437).
        Give the signal per μ_B² directly, or a published limit from which it is calibrated:
        s is chosen so that Δχ² (relative to the best fit in κ ≥ 0) reaches the threshold of
        :func:`delta_chi2_threshold` at κ = μ_lim².

        Example:
            >>> c = EffectiveMomentConstraint.from_counts(
            ...     "count", 1, 2.3, Arrival.accelerator(["nutau"], 36.0, [50e3]), mu_limit=1e-7)
            >>> round(float(c.chi2(1e-14) - c.chi2(0.0)), 4)
            1.6424
        """
        n = int(n_observed)
        if n != n_observed or n < 0:
            raise InputError("n_observed", n_observed, "a count ≥ 0")
        b = as_float(background, "background", positive=True)
        if (signal_per_kappa is None) == (mu_limit is None):
            raise InputError(
                "signal_per_kappa", signal_per_kappa, "exactly one of signal_per_kappa, mu_limit"
            )
        if signal_per_kappa is None:
            mu = as_float(mu_limit, "mu_limit", positive=True)
            target = _z_value(cl, sided) ** 2
            s_best = max(n - b, 0.0)

            def dchi(s: float) -> float:
                return _poisson_chi2(n, b, s) - _poisson_chi2(n, b, s_best) - target

            hi = max(10.0, 10.0 * (n + b))
            s_lim = float(optimize.brentq(dchi, s_best, hi, xtol=1e-12, rtol=1e-12))
            spk = s_lim / mu**2
        else:
            spk = as_float(signal_per_kappa, "signal_per_kappa", positive=True)
            mu = None
        return cls(
            name=name,
            arrival=arrival,
            form="poisson",
            n_observed=n,
            background=b,
            signal_per_kappa=spk,
            mu_limit=mu,
            cl=_check_cl(cl) if mu is not None else None,
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_table(
        cls,
        name: str,
        kappa: ArrayLike,
        chi2: ArrayLike,
        arrival: Arrival,
        *,
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """χ²(κ) from a table (κ ≥ 0 increasing, μ_B²); should be convex in κ.

        Example:
            >>> c = EffectiveMomentConstraint.from_table(
            ...     "t", [0.0, 1e-20, 2e-20], [0.0, 1.0, 4.0], Arrival.reactor(20))
            >>> float(c.chi2(3e-20))
            7.0
        """
        k = as_float_array(kappa, "kappa", nonnegative=True)
        c = as_float_array(chi2, "chi2", nonnegative=True)
        return cls(
            name=name,
            arrival=arrival,
            form="table",
            kappa_table=tuple(float(x) for x in k.ravel()),
            chi2_table=tuple(float(x) for x in c.ravel()),
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_function(
        cls,
        name: str,
        function: Callable[[NDArray[np.float64]], ArrayLike],
        arrival: Arrival,
        kappa_scale: float,
        *,
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """A user-supplied χ²(κ), vectorised over arrays; convex in κ; κ_scale in μ_B².

        Example:
            >>> c = EffectiveMomentConstraint.from_function(
            ...     "f", lambda k: (k / 1e-20) ** 2, Arrival.reactor(20), kappa_scale=1e-20)
            >>> float(c.chi2(2e-20))
            4.0
        """
        return cls(
            name=name,
            arrival=arrival,
            form="function",
            function=function,
            kappa_scale=as_float(kappa_scale, "kappa_scale", positive=True),
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_card(cls, card: Any, *, sided: str = "one") -> EffectiveMomentConstraint:
        """The published limit of an experiment card (:mod:`munu.experiments`) as a constraint.

        Uses ``card.published`` (μ limit, CL, citation) and the card's source for the
        arrival: reactor → ν̄_e at ``distance_m``; solar → its components (recoil window from
        the card's analysis window if given, else the flux); decay at rest → ν_μ (29.8 MeV)
        + ν̄_μ (35 MeV) at ``distance_m``; other sources → the published flavour at the
        source. Raises :class:`~munu.errors.InputError` if the card has no published result.
        """
        pub = getattr(card, "published", None)
        if pub is None:
            raise InputError("card", getattr(card, "name", card), "a card with a published limit")
        src = getattr(card, "source", None)
        stype = getattr(src, "type", None)
        if stype == "reactor":
            arrival = Arrival.reactor(float(src.distance_m))
        elif stype == "solar":
            comps = list(getattr(src, "components", None) or ["pp", "7Be", "pep", "8B"])
            ana = getattr(card, "analysis", None)
            lo = getattr(ana, "fit_min_kev", None)
            hi = getattr(ana, "fit_max_kev", None)
            if lo and hi:
                arrival = Arrival.solar(comps, lo * 1e-3, hi * 1e-3)
            else:
                arrival = Arrival.solar(comps)
        elif stype == "dar":
            dist = float(getattr(src, "distance_m", None) or 30.0)
            arrival = Arrival.accelerator(["numu", "numubar"], dist, [29.79, 35.0])
        else:
            arrival = Arrival.accelerator([pub.flavour], 0.0, [1.0])
        return cls.from_limit(
            str(card.name),
            float(pub.mu_limit),
            float(pub.cl),
            arrival,
            sided=sided,
            citation=str(pub.citation),
            status="card",
            note=str(getattr(pub, "notes", "") or ""),
        )

    # -- evaluation ------------------------------------------------------------------------
    @property
    def _kappa_hat_eff(self) -> float:
        if self.negative_best_fit == "clip":
            return max(self.kappa_hat, 0.0)
        return self.kappa_hat

    @property
    def quadratic(self) -> tuple[float, float, float] | None:
        """(a, b, c) with χ² = aκ² + bκ + c for Gaussian forms, else ``None``."""
        if self.form != "gaussian":
            return None
        k, s = self._kappa_hat_eff, self.sigma_kappa
        return 1.0 / s**2, -2.0 * k / s**2, k**2 / s**2

    def chi2(self, kappa: ArrayLike) -> NDArray[np.float64]:
        """χ²(κ) for κ in μ_B² (array in, array out).

        Example:
            >>> c = EffectiveMomentConstraint.gaussian("g", 1e-20, 1e-20, Arrival.reactor(20))
            >>> c.chi2([0.0, 1e-20]).tolist()
            [1.0, 0.0]
        """
        k = as_float_array(kappa, "kappa")
        return self._chi2(k)

    def _chi2(self, k: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.form == "gaussian":
            return ((k - self._kappa_hat_eff) / self.sigma_kappa) ** 2
        if self.form == "poisson":
            return _poisson_chi2(self.n_observed, self.background, self.signal_per_kappa * k)
        if self.form == "table":
            kt, ct = np.asarray(self.kappa_table), np.asarray(self.chi2_table)
            slope = (ct[-1] - ct[-2]) / (kt[-1] - kt[-2])
            inside = np.interp(k, kt, ct)
            return np.where(k > kt[-1], ct[-1] + slope * (k - kt[-1]), inside)
        out = np.asarray(self.function(k), dtype=float)  # type: ignore[misc]
        if out.shape != k.shape or not np.all(np.isfinite(out)):
            raise InputError("function", self.function, "finite χ² values shaped like κ")
        return out

    def kappa(self, matrix: MomentMatrix, params: OscillationParameters | str = NUFIT60) -> float:
        """κ = μ²_eff this experiment sees for a given moment matrix (μ_B²).

        Example:
            >>> c = EffectiveMomentConstraint.from_limit("r", 1e-10, arrival=Arrival.reactor(0))
            >>> m = MomentMatrix.majorana_from_lambda([1e-11, 0, 0])
            >>> round(c.kappa(m) / 1e-22, 4)
            0.3227
        """
        if not isinstance(matrix, MomentMatrix):
            raise InputError("matrix", matrix, "a MomentMatrix")
        r = self.arrival.density(params)
        return float(np.real(np.sum(r * _gram(matrix.lam))))

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly description of the constraint."""
        out: dict[str, Any] = {
            "name": self.name,
            "form": self.form,
            "arrival": self.arrival.to_dict(),
            "citation": self.citation,
            "status": self.status,
        }
        if self.form == "gaussian":
            out.update(kappa_hat=self.kappa_hat, sigma_kappa=self.sigma_kappa)
            out["negative_best_fit"] = self.negative_best_fit
        elif self.form == "poisson":
            out.update(
                n_observed=self.n_observed,
                background=self.background,
                signal_per_kappa=self.signal_per_kappa,
            )
        elif self.form == "table":
            out.update(kappa_table=list(self.kappa_table), chi2_table=list(self.chi2_table))
        if self.mu_limit is not None:
            out.update(mu_limit=self.mu_limit, cl=self.cl)
        if self.note:
            out["note"] = self.note
        return out


def _poisson_chi2(n: int, b: float, s: Any) -> Any:
    lam = b + np.asarray(s, dtype=float)
    if n == 0:
        return 2.0 * lam
    return 2.0 * (lam - n + n * np.log(n / lam))


# -- oscillation-parameter priors ------------------------------------------------------------
@dataclass(frozen=True)
class OscillationPrior:
    """Oscillation parameters with Gaussian 1σ priors on sin²θ₁₂ and Δm²₂₁.

    The other parameters (θ₁₃, θ₂₃, δ, Δm²₃₁) are fixed: solar and short-baseline results
    depend on them only through θ₁₃, known to ~1 %. The fit profiles over a grid of
    ``n`` × ``n`` nodes spanning ±2σ, adding ((x − x₀)/σ)² for each parameter.

    Attributes:
        params: central values.
        sigma_sin2_theta12: 1σ of sin²θ₁₂ (0 = fixed).
        sigma_dm21_ev2: 1σ of Δm²₂₁ in eV² (0 = fixed).
        citation: source of the uncertainties.

    Example:
        >>> nodes, chi2 = PRIORS["nufit60"].nodes(3)
        >>> len(nodes), float(chi2.max())
        (9, 8.0)
    """

    params: OscillationParameters
    sigma_sin2_theta12: float = 0.0
    sigma_dm21_ev2: float = 0.0
    citation: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.params, OscillationParameters):
            raise InputError("params", self.params, "an OscillationParameters")
        as_float(self.sigma_sin2_theta12, "sigma_sin2_theta12", nonnegative=True)
        as_float(self.sigma_dm21_ev2, "sigma_dm21_ev2", nonnegative=True)

    @property
    def name(self) -> str:
        """Name of the central parameter set."""
        return self.params.name or "custom"

    def nodes(self, n: int = 5) -> tuple[list[OscillationParameters], NDArray[np.float64]]:
        """Parameter nodes and their prior χ² (offsets −2σ … +2σ, ``n`` per parameter).

        Args:
            n: nodes per parameter (≥ 1; 1 = central values only).

        Returns:
            (list of :class:`~munu.mixing.OscillationParameters`, prior χ² array).
        """
        if not isinstance(n, int | np.integer) or n < 1:
            raise InputError("n", n, "an integer ≥ 1")
        offs = np.linspace(-2.0, 2.0, n) if n > 1 else np.zeros(1)
        o12 = offs if self.sigma_sin2_theta12 > 0 else np.zeros(1)
        o21 = offs if self.sigma_dm21_ev2 > 0 else np.zeros(1)
        out: list[OscillationParameters] = []
        chi2: list[float] = []
        p0 = self.params
        for a in o12:  # at most a few tens of nodes; each node is used vectorised
            for b in o21:
                s12 = p0.sin2_theta12 + a * self.sigma_sin2_theta12
                dm = p0.dm21_ev2 + b * self.sigma_dm21_ev2
                if not (0.0 < s12 < 1.0) or dm <= 0.0:
                    continue
                out.append(dataclasses.replace(p0, sin2_theta12=s12, dm21_ev2=dm))
                chi2.append(float(a**2 + b**2))
        return out, np.asarray(chi2)


def _tan2_to_sin2_sigma(tan2: float, up: float, down: float) -> float:
    """Symmetrised 1σ of sin²θ = t/(1+t) from an asymmetric error on t = tan²θ."""
    return 0.5 * (up + down) / (1.0 + tan2) ** 2


#: Built-in priors. NuFIT 6.0: θ₁₂ = 33.68° ± 0.70° → σ(sin²θ₁₂) = sin 2θ₁₂ · 0.70° = 0.0113,
#: Δm²₂₁ = (7.49 ± 0.19)×10⁻⁵ eV² (verified-reference-data §4.1). LMA 2004 (KamLAND 2004 +
#: solar, PRL 94 (2005) 081801, hep-ex/0406035): Δm² = 7.9 (+0.6/−0.5)×10⁻⁵ eV², tan²θ =
#: 0.40 (+0.10/−0.07), symmetrised and treated as 1σ. LMA 2008 (PRL 100 (2008) 221803,
#: arXiv:0801.4589): Δm² = (7.59 ± 0.21)×10⁻⁵, tan²θ = 0.47 (+0.06/−0.05).
PRIORS: MappingProxyType[str, OscillationPrior] = MappingProxyType(
    {
        "nufit60": OscillationPrior(
            NUFIT60,
            math.sin(2 * math.radians(33.68)) * math.radians(0.70),
            0.19e-5,
            "NuFIT 6.0 (Esteban et al., JHEP 12 (2024) 216, arXiv:2410.05380)",
        ),
        "lma2004": OscillationPrior(
            LMA2004,
            _tan2_to_sin2_sigma(0.40, 0.10, 0.07),
            0.55e-5,
            "KamLAND + solar 2004 (KamLAND, PRL 94 (2005) 081801, hep-ex/0406035)",
        ),
        "lma2008": OscillationPrior(
            LMA2008,
            _tan2_to_sin2_sigma(0.47, 0.06, 0.05),
            0.21e-5,
            "KamLAND + solar 2008 (KamLAND, PRL 100 (2008) 221803, arXiv:0801.4589)",
        ),
    }
)


def oscillation_prior(params: Any = "lma2004") -> OscillationPrior:
    """An :class:`OscillationPrior` from a prior, a parameter set (fixed) or a name.

    Names with built-in uncertainties (:data:`PRIORS`) get their priors; other named sets
    (``"nufit51"``) and plain :class:`~munu.mixing.OscillationParameters` are fixed.

    Example:
        >>> oscillation_prior("nufit51").sigma_dm21_ev2
        0.0
    """
    if isinstance(params, OscillationPrior):
        return params
    if isinstance(params, str):
        if params in PRIORS:
            return PRIORS[params]
        return OscillationPrior(oscillation_parameters(params))
    if isinstance(params, OscillationParameters):
        return OscillationPrior(params)
    raise InputError("params", params, "an OscillationPrior, OscillationParameters or a name")


# -- the built-in constraints ----------------------------------------------------------------
_VE = "shared/reference/verified-experiments.md"
_SK_WINDOW = (5.0, 14.0)  # SK recoil window of the μ analysis (review §4.1: 5–14 MeV)
_BX_WINDOW = (0.2, 1.5)  # Borexino pp/⁷Be/pep window (approximate; above the ¹⁴C end)
_BOREXINO = Arrival.solar(["pp", "7Be", "pep"], *_BX_WINDOW)
_B8_SK = Arrival.solar(["8B"], *_SK_WINDOW)
_LSND = Arrival.accelerator(["numu", "numubar"], 30.0, [29.79, 35.0])


def _lim(
    name: str, mu: float, arrival: Arrival, citation: str, status: str, note: str = ""
) -> EffectiveMomentConstraint:
    return EffectiveMomentConstraint.from_limit(
        name, mu, 0.9, arrival, citation=citation, status=status, note=note
    )


_CATALOGUE: list[EffectiveMomentConstraint] = [
    _lim(
        "TEXONO-2003",
        1.3e-10,
        Arrival.reactor(28.0),
        "H.B. Li et al. (TEXONO), PRL 90 (2003) 131802, hep-ex/0212003",
        "V",
        "90 % CL; Kuo-Sheng, 28 m from a 2.9 GW core (" + _VE + " §1).",
    ),
    _lim(
        "MUNU-2005",
        9e-11,
        Arrival.reactor(18.0),
        "Z. Daraktchieva et al. (MUNU), PLB 615 (2005) 153, hep-ex/0502037",
        "V",
        "90 % CL, 3 bar CF4 data; Bugey, 18 m from 2.75 GW (" + _VE + " §1).",
    ),
    _lim(
        "TEXONO-2007",
        7.4e-11,
        Arrival.reactor(28.0),
        "H.T. Wong et al. (TEXONO), PRD 75 (2007) 012001, hep-ex/0605006",
        "V-sec",
        "Value seen in a secondary summary only (" + _VE + " §1).",
    ),
    _lim(
        "GEMMA-2012",
        2.9e-11,
        Arrival.reactor(13.9),
        "A.G. Beda et al. (GEMMA), Phys. Part. Nucl. Lett. 10 (2013) 139",
        "V-sec",
        "T > 2.8 keV; Kalinin, 13.9 m (" + _VE + " §1).",
    ),
    _lim(
        "CONUS-2026",
        5.18e-11,
        Arrival.reactor(17.1),
        "CONUS Collaboration, Brokdorf + Leibstadt data sets (2026)",
        "V",
        "Combined result; baseline of the Brokdorf setup (17.1 m) used (phases negligible).",
    ),
    _lim(
        "SK-2004-spectrum",
        3.6e-10,
        _B8_SK,
        "D.W. Liu et al. (Super-Kamiokande), PRL 93 (2004) 021802, hep-ex/0402015",
        "NF",
        "Spectrum-only 90 % CL limit as recalled; the number itself was not seen (" + _VE + ").",
    ),
    _lim(
        "SK-2004-LMA",
        1.1e-10,
        _B8_SK,
        "D.W. Liu et al. (Super-Kamiokande), PRL 93 (2004) 021802, hep-ex/0402015",
        "V-sec",
        "With other solar data and KamLAND (LMA selected): a cross-check only, since it "
        "already uses the oscillation constraints that the fit's priors represent.",
    ),
    _lim(
        "SK-BeacomVogel-1999",
        1.5e-10,
        _B8_SK,
        "J.F. Beacom & P. Vogel, PRL 83 (1999) 5222, hep-ph/9907383 (SK 825 d spectrum)",
        "V",
        "Effective moment of the solar 8B beam at Super-Kamiokande, 90 % CL.",
    ),
    EffectiveMomentConstraint.gaussian(
        "SNO-deuteron",
        -2.76e-16,
        1.46e-16,
        Arrival.solar(["8B"], enu_min_mev=2.224),
        citation="J.A. Grifols, E. Massó & S. Mohanty, PLB 587 (2004) 184, hep-ph/0401144",
        status="V",
        note="μ²_eff = (−2.76 ± 1.46)×10⁻¹⁶ μ_B² from SNO NC deuteron break-up; the paper "
        "quotes |μ_eff| < 3.71×10⁻⁹ μ_B (95 %) (physics-facts §1.2).",
    ),
    _lim(
        "Borexino-2008",
        5.4e-11,
        Arrival.solar(["7Be"], *_BX_WINDOW),
        "C. Arpesella et al. (Borexino), PRL 101 (2008) 091302, arXiv:0805.3843",
        "V-sec",
        "192 days, 7Be.",
    ),
    _lim(
        "Borexino-2017",
        2.8e-11,
        _BOREXINO,
        "M. Agostini et al. (Borexino), PRD 96 (2017) 091103, arXiv:1707.09355",
        "V-sec",
        "Phase II, pp + 7Be + pep spectral fit; the recoil window used here is approximate.",
    ),
    _lim(
        "Canas-2016-Borexino",
        3.1e-11,
        _BOREXINO,
        "B.C. Cañas et al., PLB 753 (2016) 191, arXiv:1510.01684",
        "V",
        "Re-analysis of Borexino; single-Λ_i bounds 5.6, 4.0, 3.1 ×10⁻¹¹ μ_B.",
    ),
    _lim(
        "XENONnT-2022",
        6.4e-12,
        Arrival.solar(["pp", "7Be"], 0.001, 0.030),
        "E. Aprile et al. (XENONnT), PRL 129 (2022) 161805, arXiv:2207.11330",
        "V-sec",
        "Solar pp/7Be on electrons, 1–30 keV.",
    ),
    _lim(
        "LSND-2001",
        6.8e-10,
        _LSND,
        "L.B. Auerbach et al. (LSND), PRD 63 (2001) 112001, hep-ex/0101039",
        "V",
        "ν_μ and ν̄_μ from π⁺ and μ⁺ decay at rest, equal weights; ~30 m.",
    ),
    EffectiveMomentConstraint.from_counts(
        "DONUT-2001",
        1,
        2.3,
        Arrival.accelerator(["nutau"], 36.0, [5e4]),
        mu_limit=3.9e-7,
        citation="R. Schwienhorst et al. (DONUT), PLB 513 (2001) 23, hep-ex/0102026",
        status="V (counts) / NF (normalisation)",
        note="1 event over 2.3 expected background (verified); the signal per μ_B² is "
        "calibrated on the recalled limit 3.9×10⁻⁷ μ_B (not verified).",
    ),
]

#: Built-in constraints by name, each with its citation and verification status.
CONSTRAINTS: MappingProxyType[str, EffectiveMomentConstraint] = MappingProxyType(
    {c.name: c for c in _CATALOGUE}
)

#: Named constraint sets. ``"review2004"`` (default of :func:`run_global_fit`): the
#: reactor + solar + accelerator results of the review era; ``"grimus2003"``: the
#: reconstruction of Grimus et al. (see tests/validation/test_globalfit.py) with the SK
#: effective-moment constraint of Beacom & Vogel and the verified reactor limits;
#: ``"modern"``: current reactor and solar results; ``"canas2016"``: Cañas et al.'s Borexino
#: effective limit alone. ``"-solar"`` variants drop the terrestrial experiments.
CONSTRAINT_SETS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "review2004": (
            "TEXONO-2003",
            "MUNU-2005",
            "SK-2004-spectrum",
            "SNO-deuteron",
            "LSND-2001",
            "DONUT-2001",
        ),
        "review2004-solar": ("SK-2004-spectrum", "SNO-deuteron"),
        "grimus2003": ("SK-BeacomVogel-1999", "TEXONO-2003", "MUNU-2005"),
        "grimus2003-solar": ("SK-BeacomVogel-1999",),
        "modern": (
            "Borexino-2017",
            "XENONnT-2022",
            "GEMMA-2012",
            "CONUS-2026",
            "TEXONO-2007",
            "LSND-2001",
        ),
        "modern-solar": ("Borexino-2017", "XENONnT-2022"),
        "canas2016": ("Canas-2016-Borexino",),
    }
)


def constraint_set(name: str = "review2004") -> tuple[EffectiveMomentConstraint, ...]:
    """The constraints of a named set (:data:`CONSTRAINT_SETS`).

    Example:
        >>> [c.name for c in constraint_set("grimus2003-solar")]
        ['SK-BeacomVogel-1999']
    """
    key = check_choice(name, "name", tuple(CONSTRAINT_SETS))
    return tuple(CONSTRAINTS[n] for n in CONSTRAINT_SETS[key])


def _constraints(value: Any) -> tuple[EffectiveMomentConstraint, ...]:
    if value is None:
        return constraint_set("review2004")
    if isinstance(value, str):
        if value in CONSTRAINT_SETS:
            return constraint_set(value)
        if value in CONSTRAINTS:
            return (CONSTRAINTS[value],)
        raise UnknownNameError("constraints", value, [*CONSTRAINT_SETS, *CONSTRAINTS])
    if isinstance(value, EffectiveMomentConstraint):
        return (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise InputError("constraints", value, "constraints, a set name or None") from None
    out: list[EffectiveMomentConstraint] = []
    for item in items:
        out.extend(_constraints(item))
    if not out:
        raise InputError("constraints", value, "at least one constraint")
    return tuple(out)


# -- directions of the moment matrix --------------------------------------------------------
@dataclass(frozen=True)
class ScanGrid:
    """Resolution of the direction scan.

    Attributes:
        n_angle: points per polar / azimuthal angle of the moduli (first octant).
        n_phase: points per relative phase in [0, 2π) (Majorana Λ₂, Λ₃ phases).
        n_random: random Hermitian directions for ``kind="dirac"`` (plus the axes).
        seed: seed of those random directions.

    Example:
        >>> ScanGrid(n_angle=9, n_phase=8).n_phase
        8
    """

    n_angle: int = 13
    n_phase: int = 12
    n_random: int = 20000
    seed: int = 0

    def __post_init__(self) -> None:
        for f in ("n_angle", "n_phase", "n_random"):
            v = getattr(self, f)
            if not isinstance(v, int | np.integer) or v < 1:
                raise InputError(f, v, "an integer ≥ 1")


_LEVI = np.zeros((3, 3, 3))
for _i, _j, _k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
    _LEVI[_i, _j, _k], _LEVI[_i, _k, _j] = 1.0, -1.0


def _majorana_lam(vec: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """λ_jk = ε_jkl Λ_l for a stack of Λ vectors (..., 3) → (..., 3, 3)."""
    return np.einsum("jkl,...l->...jk", _LEVI, vec)


def _octant(n: int) -> NDArray[np.float64]:
    """Unit vectors with non-negative components on an n × n angle grid, shape (M, 3)."""
    t = np.linspace(0.0, 0.5 * np.pi, n)
    tt, pp = np.meshgrid(t, t, indexing="ij")
    v = np.stack([np.sin(tt) * np.cos(pp), np.sin(tt) * np.sin(pp), np.cos(tt)], -1)
    return np.unique(np.round(v.reshape(-1, 3), 14), axis=0)


def _directions(kind: str, grid: ScanGrid) -> tuple[NDArray[np.complex128], NDArray[Any]]:
    """(λ stack of unit norm, descriptor array) for the scan of ``kind``."""
    if kind == "majorana":
        mod = _octant(grid.n_angle)
        ph = np.linspace(0.0, 2 * np.pi, grid.n_phase, endpoint=False)
        a2, a3 = np.meshgrid(ph, ph, indexing="ij")
        phases = np.stack([np.zeros(a2.size), a2.ravel(), a3.ravel()], -1)
        vec = (mod[:, None, :] * np.exp(1j * phases[None, :, :])).reshape(-1, 3)
        return _majorana_lam(vec), vec
    if kind == "dirac-diagonal":
        mod = _octant(grid.n_angle)
        lam = np.zeros((mod.shape[0], 3, 3), dtype=complex)
        lam[:, [0, 1, 2], [0, 1, 2]] = mod
        return lam, mod
    rng = np.random.default_rng(grid.seed)
    x = rng.standard_normal((grid.n_random, 9))
    basis = np.eye(9)
    x = np.concatenate([basis, x])
    h = np.zeros((x.shape[0], 3, 3), dtype=complex)
    h[:, [0, 1, 2], [0, 1, 2]] = x[:, :3]
    for m, (j, k) in enumerate(((0, 1), (0, 2), (1, 2))):
        h[:, j, k] = x[:, 3 + 2 * m] + 1j * x[:, 4 + 2 * m]
        h[:, k, j] = np.conj(h[:, j, k])
    h /= np.sqrt(np.sum(np.abs(h) ** 2, axis=(1, 2)))[:, None, None]
    return h, h


# -- the profile-likelihood engine ----------------------------------------------------------
def _densities(
    constraints: Sequence[EffectiveMomentConstraint], nodes: Sequence[OscillationParameters]
) -> NDArray[np.complex128]:
    """R matrices of every constraint at every oscillation node, shape (P, X, 3, 3)."""
    return np.array([[c.arrival.density(p) for c in constraints] for p in nodes])


def _weights(gram: NDArray[np.complex128], r: NDArray[np.complex128]) -> NDArray[np.float64]:
    """κ per unit norm², shape (P, X, N), from G (N, 3, 3) and R (P, X, 3, 3)."""
    w = np.real(r.reshape(r.shape[0], r.shape[1], 9) @ gram.reshape(-1, 9).T)
    return np.maximum(w, 0.0)


def _total_chi2(
    s: NDArray[np.float64] | float,
    w: NDArray[np.float64],
    constraints: Sequence[EffectiveMomentConstraint],
    prior: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Σ_X χ²_X(s·w_X) + prior; w (P, X, N), s broadcastable to (P, N)."""
    out = np.broadcast_to(prior[:, None], (w.shape[0], w.shape[2])).copy()
    for x, c in enumerate(constraints):  # a handful of experiments, each vectorised
        out += c._chi2(s * w[:, x, :])
    return out


@dataclass(frozen=True)
class _Profile:
    bound_s: float  # bound on the squared norm (μ_B²); inf if unbounded
    chi2_min: float
    best_s: float
    worst: tuple[int, int]  # (node, direction) at the bound
    curve_s: NDArray[np.float64]
    curve_dchi2: NDArray[np.float64]


def _profile(
    w: NDArray[np.float64],
    constraints: Sequence[EffectiveMomentConstraint],
    prior: NDArray[np.float64],
    threshold: float,
    n_curve: int = 60,
) -> _Profile:
    """Profile Δχ² in the squared norm s over all (node, direction) pairs of ``w``.

    The allowed set {s : min_{n,p} χ² ≤ χ²_min + t} is the union of the per-pair intervals
    (χ² is convex in s along a fixed direction for every built-in form), so its upper end is
    the largest per-pair upper root — found in closed form for Gaussian inputs and by
    vectorised bisection otherwise.
    """
    quads = [c.quadratic for c in constraints]
    if all(q is not None for q in quads):
        aa, bb, cc = _quadratic_part(w, quads, prior)  # type: ignore[arg-type]
        pos = aa > 0
        s0 = np.where(pos, np.maximum(-bb / np.where(pos, 2 * aa, 1.0), 0.0), 0.0)
        mins = aa * s0**2 + bb * s0 + cc
        chi2_min = float(mins.min())
        s_up = _upper_root(aa, bb, cc, chi2_min + threshold)
        best = np.unravel_index(int(np.argmin(mins)), mins.shape)
        best_s = float(s0[best])

        top_s = float(np.max(s_up))
        near = np.nonzero((s_up >= 0.25 * top_s) | (mins <= chi2_min + 1e-9))
        a_n, b_n, c_n = aa[near], bb[near], cc[near]

        def curve(s: NDArray[np.float64]) -> NDArray[np.float64]:
            vals = a_n[None] * s[:, None] ** 2 + b_n[None] * s[:, None] + c_n[None]
            return vals.min(axis=1) - chi2_min

    else:
        s_up, chi2_min, best_s, curve = _profile_general(w, constraints, prior, threshold)
    idx = np.unravel_index(int(np.argmax(s_up)), s_up.shape)
    bound = float(s_up[idx])
    top = bound if np.isfinite(bound) else 1e4 * max(c.kappa_scale for c in constraints)
    norms = np.linspace(0.0, 1.5 * math.sqrt(max(top, 0.0)), n_curve)
    return _Profile(
        bound_s=bound,
        chi2_min=chi2_min,
        best_s=best_s,
        worst=(int(idx[0]), int(idx[1])),
        curve_s=norms**2,
        curve_dchi2=curve(norms**2),
    )


def _min_chi2(c: EffectiveMomentConstraint) -> float:
    """Lower bound of χ²_X over κ ≥ 0 (−inf if unknown, for user functions)."""
    if c.form == "poisson":
        s_best = max(c.n_observed - c.background, 0.0)
        return float(_poisson_chi2(c.n_observed, c.background, s_best))
    if c.form == "table":
        return float(min(c.chi2_table))
    if c.form == "gaussian":
        return 0.0
    return -math.inf


def _quadratic_part(
    w: NDArray[np.float64], quads: Sequence[tuple[float, float, float]], prior: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """A, B, C of the Gaussian part A s² + B s + C (+ prior), each (P, N)."""
    aa = np.zeros((w.shape[0], w.shape[2]))
    bb = np.zeros_like(aa)
    cc = prior[:, None] + np.zeros_like(aa)
    for x, q in enumerate(quads):
        aa += q[0] * w[:, x, :] ** 2
        bb += q[1] * w[:, x, :]
        cc += q[2]
    return aa, bb, cc


def _upper_root(
    aa: NDArray[np.float64], bb: NDArray[np.float64], cc: NDArray[np.float64], target: float
) -> NDArray[np.float64]:
    pos = aa > 0
    disc = bb**2 - 4 * aa * (cc - target)
    root = (-bb + np.sqrt(np.maximum(disc, 0.0))) / np.where(pos, 2 * aa, 1.0)
    return np.where(
        pos, np.where(disc >= 0, root, -np.inf), np.where(cc <= target, np.inf, -np.inf)
    )


def _profile_general(
    w: NDArray[np.float64],
    constraints: Sequence[EffectiveMomentConstraint],
    prior: NDArray[np.float64],
    threshold: float,
) -> tuple[NDArray[np.float64], float, float, Callable[[NDArray[np.float64]], Any]]:
    """Non-Gaussian inputs: prune with the Gaussian part, then exact 1-D searches.

    With m_X the minimum of each non-Gaussian χ²_X, Q(s) + Σ m_X ≤ χ²(s) bounds every
    (node, direction) pair from below, so pairs whose bound cannot reach the global minimum
    or the current largest upper root are dropped before the vectorised golden-section
    minimum and bisection (in log s) on the remaining pairs.
    """
    if np.max(w) <= 0:  # no input sees these directions: χ² does not depend on s
        flat = _total_chi2(0.0, w, constraints, prior)
        low = float(flat.min())
        s_flat = np.where(flat <= low + threshold, np.inf, -np.inf)
        return s_flat, low, 0.0, lambda s: np.zeros(len(s))
    quad_x = [x for x, c in enumerate(constraints) if c.quadratic is not None]
    other = [constraints[x] for x in range(len(constraints)) if x not in quad_x]
    quads = [constraints[x].quadratic for x in quad_x]
    aa, bb, cc = _quadratic_part(w[:, quad_x, :], quads, prior)  # type: ignore[arg-type]
    w_other = w[:, [x for x in range(len(constraints)) if x not in quad_x], :]
    m_other = sum(_min_chi2(c) for c in other)
    shape = aa.shape

    def full(s: NDArray[np.float64] | float, sel: Any) -> NDArray[np.float64]:
        s_arr = np.asarray(s, dtype=float)
        out = aa[sel] * s_arr**2 + bb[sel] * s_arr + cc[sel]
        for k, c in enumerate(other):  # the few non-Gaussian inputs, vectorised
            out = out + c._chi2(s_arr * w_other[:, k, :][sel])
        return out

    # an upper bound U on the global minimum: the full χ² at each pair's Gaussian optimum
    pos = aa > 0
    s_q = np.where(pos, np.maximum(-bb / np.where(pos, 2 * aa, 1.0), 0.0), 0.0)
    every = (slice(None), slice(None))
    upper = float(full(s_q, every).min())
    q_min = aa * s_q**2 + bb * s_q + cc
    keep = np.nonzero(q_min + m_other <= upper if math.isfinite(m_other) else q_min < np.inf)
    scales = np.array([c.kappa_scale for c in constraints])
    wpos = w[w > 0]
    lo = math.log(1e-6 * scales.min() / wpos.max())
    hi = math.log(1e4 * scales.max() / wpos.min())

    def f(logs: NDArray[np.float64], sel: Any) -> NDArray[np.float64]:
        return full(np.exp(logs), sel)

    g = (math.sqrt(5) - 1) / 2
    n_keep = len(keep[0])
    a, b = np.full(n_keep, lo), np.full(n_keep, hi)
    c_, d_ = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c_, keep), f(d_, keep)
    for _ in range(60):
        left = fc < fd
        a = np.where(left, a, c_)
        b = np.where(left, d_, b)
        new = np.where(left, b - g * (b - a), a + g * (b - a))
        fnew = f(new, keep)
        c_, d_ = np.where(left, new, d_), np.where(left, c_, new)
        fc, fd = np.where(left, fnew, fd), np.where(left, fc, fnew)
    xm = 0.5 * (a + b)
    fm = f(xm, keep)
    f0 = full(0.0, keep)
    mins = np.minimum(np.minimum(fm, f0), upper)
    k_best = int(np.argmin(mins))
    chi2_min = float(mins[k_best])
    best_s = 0.0 if f0[k_best] <= fm[k_best] else float(np.exp(xm[k_best]))
    target = chi2_min + threshold
    # upper roots: relaxed (Gaussian part + Σ m_X) roots bound the exact ones from above
    relaxed = _upper_root(aa, bb, cc + (m_other if math.isfinite(m_other) else 0.0), target)
    if not math.isfinite(m_other):
        relaxed = np.full(shape, np.inf)
    order = np.argsort(relaxed, axis=None)[::-1]
    s_up = np.full(shape, -np.inf)
    done = 0
    best_exact = -np.inf
    while done < order.size:  # chunks of pairs in decreasing relaxed root
        idx = np.unravel_index(order[done : done + 4096], shape)
        if np.max(relaxed[idx]) < best_exact:
            break
        lo_arr = np.full(len(idx[0]), lo)
        ok = full(np.exp(lo_arr), idx) <= target
        hi_val = full(np.exp(np.full(len(idx[0]), hi)), idx)
        a, b = lo_arr, np.full(len(idx[0]), hi)
        for _ in range(60):
            mid = 0.5 * (a + b)
            inside = f(mid, idx) <= target
            a = np.where(inside, mid, a)
            b = np.where(inside, b, mid)
        # pairs allowed only at s = 0 (e.g. the minimum sits there) keep root 0
        zero_ok = full(0.0, idx) <= target
        val = np.where(ok, np.where(hi_val <= target, np.inf, np.exp(a)), -np.inf)
        val = np.where(~ok & zero_ok, 0.0, val)
        s_up[idx] = val
        best_exact = max(best_exact, float(np.max(val)))
        done += 4096
    cand = np.nonzero(np.isfinite(s_up) & (s_up >= 0.5 * max(best_exact, 0.0)))
    sel = (np.concatenate([cand[0], keep[0]]), np.concatenate([cand[1], keep[1]]))

    def curve(s: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.array([full(x, sel).min() for x in s]) - chi2_min

    return s_up, chi2_min, best_s, curve


def _lam_from_x(kind: str, x: NDArray[np.float64]) -> NDArray[np.complex128]:
    """Unit-norm λ (1, 3, 3) from continuous direction parameters (see :func:`_x_from_desc`)."""
    if kind == "majorana":
        t, p, a2, a3 = x
        vec = np.array(
            [
                math.sin(t) * math.cos(p),
                math.sin(t) * math.sin(p) * np.exp(1j * a2),
                math.cos(t) * np.exp(1j * a3),
            ]
        )
        return _majorana_lam(vec[None, :])
    if kind == "dirac-diagonal":
        t, p = x
        lam = np.zeros((1, 3, 3), dtype=complex)
        lam[0, [0, 1, 2], [0, 1, 2]] = (
            math.sin(t) * math.cos(p),
            math.sin(t) * math.sin(p),
            math.cos(t),
        )
        return lam
    h = np.zeros((3, 3), dtype=complex)
    h[[0, 1, 2], [0, 1, 2]] = x[:3]
    for m, (j, k) in enumerate(((0, 1), (0, 2), (1, 2))):
        h[j, k] = x[3 + 2 * m] + 1j * x[4 + 2 * m]
        h[k, j] = np.conj(h[j, k])
    norm = math.sqrt(float(np.sum(np.abs(h) ** 2)))
    return (h / max(norm, 1e-300))[None]


def _x_from_desc(kind: str, desc: Any) -> NDArray[np.float64]:
    if kind == "majorana":
        v = np.asarray(desc)
        return np.array(
            [
                math.acos(min(abs(v[2]), 1.0)),
                math.atan2(abs(v[1]), abs(v[0])),
                float(np.angle(v[1])),
                float(np.angle(v[2])),
            ]
        )
    if kind == "dirac-diagonal":
        v = np.asarray(desc, dtype=float)
        return np.array([math.acos(min(v[2], 1.0)), math.atan2(v[1], v[0])])
    h = np.asarray(desc)
    off = [h[0, 1], h[0, 2], h[1, 2]]
    return np.array(
        [*np.real(np.diag(h)), *[f(z) for z in off for f in (np.real, np.imag)]], dtype=float
    )


class _BlindDirectionError(Exception):
    """Internal: the local search found a direction no input constrains."""


def _refine(
    kind: str,
    desc: Any,
    r_node: NDArray[np.complex128],
    prior_node: float,
    constraints: Sequence[EffectiveMomentConstraint],
    target: float,
    start_s: float,
) -> tuple[float, NDArray[np.complex128]]:
    """Polish the grid maximum of the upper root with Nelder–Mead over the direction.

    The oscillation node is kept; the global minimum (hence the target χ²) is the grid's.
    Returns (s_up, unit λ) — never below the grid value.
    """
    prior = np.array([prior_node])
    r = r_node[None]

    def s_up(x: NDArray[np.float64]) -> float:
        w = _weights(_gram(_lam_from_x(kind, x)), r)
        quads = [c.quadratic for c in constraints]
        if all(q is not None for q in quads):
            aa, bb, cc = _quadratic_part(w, quads, prior)  # type: ignore[arg-type]
            return float(_upper_root(aa, bb, cc, target)[0, 0])
        f0 = float(_total_chi2(0.0, w, constraints, prior)[0, 0])
        scale = start_s if start_s > 0 else max(c.kappa_scale for c in constraints)

        def g(logs: float) -> float:
            return float(_total_chi2(math.exp(logs), w, constraints, prior)[0, 0]) - target

        lo = math.log(scale) - 30.0
        if g(lo) > 0:
            return 0.0 if f0 <= target else -math.inf
        hi = math.log(scale) + 2.0
        while g(hi) <= 0:
            hi += 2.0
            if hi > math.log(scale) + 60:
                return math.inf
        return math.exp(float(optimize.brentq(g, lo, hi, xtol=1e-12)))

    def objective(x: NDArray[np.float64]) -> float:
        val = s_up(x)
        if math.isinf(val) and val > 0:  # a blind direction: stop, the bound is infinite
            raise _BlindDirectionError(x)
        return -max(val, 0.0) / start_s

    x0 = _x_from_desc(kind, desc)
    try:
        res = optimize.minimize(
            objective,
            x0,
            method="Nelder-Mead",
            options={"xatol": 1e-7, "fatol": 1e-10, "maxiter": 4000},
        )
    except _BlindDirectionError as blind:
        return math.inf, _lam_from_x(kind, blind.args[0])[0]
    best = -float(res.fun) * start_s
    if best > start_s:
        return best, _lam_from_x(kind, res.x)[0]
    return start_s, _lam_from_x(kind, x0)[0]


# -- results --------------------------------------------------------------------------------
def _json_float(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


@dataclass(frozen=True)
class GlobalFitResult:
    """Result of :func:`run_global_fit`.

    Attributes:
        kind: ``"majorana"``, ``"dirac"`` or ``"dirac-diagonal"``.
        quantity: what ``lambda_limit`` bounds.
        lambda_limit: the CL upper bound in μ_B (``inf`` if some direction is unconstrained).
        component_limits: bounds on single elements (|Λ_i| or |μ_kk|) in μ_B, each with only
            that element non-zero.
        cl: confidence level; sided: threshold convention; delta_chi2: the Δχ² threshold.
        chi2_min: global minimum of the χ².
        best_fit_norm: norm at the global minimum (μ_B).
        worst_direction: the unit direction at the bound (|components|², phases in degrees).
        worst_params: sin²θ₁₂ and Δm²₂₁ at the bound.
        constraint_names: the experiments combined.
        params_name: the oscillation-parameter set.
        norm_grid: norms (μ_B) of the profiled Δχ² curve.
        delta_chi2_curve: profiled Δχ² on ``norm_grid`` (exact where it crosses the
            threshold; at small norms the envelope over the directions and nodes that reach
            at least half the bound, plus the best fit).
        n_directions, n_nodes: size of the scan.

    Example:
        >>> r = run_global_fit("canas2016", params="nufit60", n_osc=1, grid=ScanGrid(5, 4))
        >>> sorted(r.to_dict()["component_limits"])
        ['Lambda1', 'Lambda2', 'Lambda3']
    """

    kind: str
    quantity: str
    lambda_limit: float
    component_limits: Mapping[str, float]
    cl: float
    sided: str
    delta_chi2: float
    chi2_min: float
    best_fit_norm: float
    worst_direction: Mapping[str, tuple[float, ...]]
    worst_params: Mapping[str, float]
    constraint_names: tuple[str, ...]
    params_name: str
    norm_grid: tuple[float, ...]
    delta_chi2_curve: tuple[float, ...]
    n_directions: int
    n_nodes: int

    @property
    def unbounded(self) -> bool:
        """True if some direction is not constrained by the inputs."""
        return not math.isfinite(self.lambda_limit)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary (infinite bounds become ``None``)."""
        return {
            "kind": self.kind,
            "quantity": self.quantity,
            "lambda_limit": _json_float(self.lambda_limit),
            "unbounded": self.unbounded,
            "component_limits": {k: _json_float(v) for k, v in self.component_limits.items()},
            "cl": self.cl,
            "sided": self.sided,
            "delta_chi2": self.delta_chi2,
            "chi2_min": self.chi2_min,
            "best_fit_norm": self.best_fit_norm,
            "worst_direction": {k: list(v) for k, v in self.worst_direction.items()},
            "worst_params": dict(self.worst_params),
            "constraints": list(self.constraint_names),
            "params": self.params_name,
            "norm_grid": list(self.norm_grid),
            "delta_chi2_curve": list(self.delta_chi2_curve),
            "n_directions": self.n_directions,
            "n_nodes": self.n_nodes,
        }

    def __repr__(self) -> str:
        lim = "unbounded" if self.unbounded else f"{self.lambda_limit:.3g} μ_B"
        comps = ", ".join(f"{k} < {v:.3g}" for k, v in self.component_limits.items())
        return (
            f"GlobalFitResult({self.kind}: {self.quantity} < {lim} at {self.cl:.0%} CL; "
            f"{comps}; {len(self.constraint_names)} constraints, params {self.params_name})"
        )


_QUANTITY = {
    "majorana": "|Λ| = √(Σ|Λ_i|²) (Majorana transition moments)",
    "dirac": "‖μ‖_F = √(Σ_jk |μ_jk|²) (Dirac, general Hermitian μ, ε = 0)",
    "dirac-diagonal": "√(Σ_k |μ_kk|²) (Dirac, diagonal μ only)",
}


def run_global_fit(
    constraints: Sequence[EffectiveMomentConstraint]
    | EffectiveMomentConstraint
    | str
    | None = None,
    kind: str = "majorana",
    params: OscillationPrior | OscillationParameters | str = "lma2004",
    *,
    cl: float = 0.9,
    sided: str = "one",
    n_osc: int = 5,
    grid: ScanGrid | None = None,
    refine: bool = True,
) -> GlobalFitResult:
    """Combine effective-moment constraints into a bound on the fundamental moments.

    The single entry point of the ``munu global`` command.

    * ``kind="majorana"``: bound on |Λ| = √(Σ|Λ_i|²), profiled over the direction of Λ
      (moduli on the sphere, relative phases of Λ₂, Λ₃) — Grimus et al. 2003; component
      limits on each |Λ_i| alone.
    * ``kind="dirac"``: bound on the Frobenius norm of a general Hermitian μ (diagonal and
      transition moments, ε = 0), profiled over random directions plus the axes;
      component limits on each |μ_kk| alone.
    * ``kind="dirac-diagonal"``: bound on √(Σ|μ_kk|²) for diagonal μ.

    Oscillation parameters: profiled over the ±2σ node grid of the prior (``n_osc`` nodes
    per parameter; 1 = fixed central values).

    Args:
        constraints: constraints, a constraint or set name (:data:`CONSTRAINT_SETS`,
            :data:`CONSTRAINTS`), or ``None`` for ``"review2004"``.
        kind: one of :data:`FIT_KINDS`.
        params: :class:`OscillationPrior`, fixed parameters, or a name (``"lma2004"``
            default, ``"nufit60"``, ``"lma2008"`` with priors; other names fixed).
        cl: confidence level.
        sided: Δχ² convention (:func:`delta_chi2_threshold`); use the one the limit-type
            constraints were built with.
        n_osc: nodes per oscillation parameter.
        grid: scan resolution (:class:`ScanGrid`).
        refine: polish the grid's worst direction with a local (Nelder–Mead) maximisation
            of the upper root at the worst oscillation node.

    Returns:
        :class:`GlobalFitResult`.

    Example:
        >>> r = run_global_fit("grimus2003", n_osc=3, grid=ScanGrid(9, 8))
        >>> 1.5e-10 < r.lambda_limit < 2.6e-10
        True
    """
    cons = _constraints(constraints)
    fit_kind = check_choice(kind, "kind", FIT_KINDS)
    prior = oscillation_prior(params)
    c = _check_cl(cl)
    threshold = delta_chi2_threshold(c, sided)
    g = ScanGrid() if grid is None else grid
    if not isinstance(g, ScanGrid):
        raise InputError("grid", grid, "a ScanGrid")
    nodes, prior_chi2 = prior.nodes(n_osc)
    lam, desc = _directions(fit_kind, g)
    dens = _densities(cons, nodes)
    w = _weights(_gram(lam), dens)
    prof = _profile(w, cons, prior_chi2, threshold)
    # single-element bounds
    if fit_kind == "majorana":
        singles = _majorana_lam(np.eye(3, dtype=complex))
        labels = ("Lambda1", "Lambda2", "Lambda3")
    else:
        singles = np.zeros((3, 3, 3), dtype=complex)
        singles[[0, 1, 2], [0, 1, 2], [0, 1, 2]] = 1.0
        labels = ("mu11", "mu22", "mu33")
    ws = _weights(_gram(singles), dens)
    comp = {
        lab: math.sqrt(_profile(ws[:, :, [i]], cons, prior_chi2, threshold, 2).bound_s)
        for i, lab in enumerate(labels)
    }
    node, d = prof.worst
    bound_s = prof.bound_s
    lam_worst = lam[d]
    if refine and math.isfinite(bound_s) and bound_s > 0:
        bound_s, lam_worst = _refine(
            fit_kind,
            desc[d],
            dens[node],
            float(prior_chi2[node]),
            cons,
            prof.chi2_min + threshold,
            bound_s,
        )
    if fit_kind == "majorana":
        v = np.array([lam_worst[1, 2], lam_worst[2, 0], lam_worst[0, 1]])
        v = v * np.exp(-1j * np.angle(v[0])) if abs(v[0]) > 0 else v
        worst = {
            "abs2": tuple(float(x) for x in np.abs(v) ** 2),
            "phase_deg": tuple(float(x) for x in np.degrees(np.angle(v))),
        }
    elif fit_kind == "dirac-diagonal":
        worst = {"abs2": tuple(float(abs(x) ** 2) for x in np.diag(lam_worst))}
    else:
        h = lam_worst
        worst = {
            "abs2_diagonal": tuple(float(x) for x in np.abs(np.diag(h)) ** 2),
            "abs2_offdiagonal": tuple(
                float(abs(h[j, k]) ** 2) for j, k in ((0, 1), (0, 2), (1, 2))
            ),
        }
    pw = nodes[node]
    return GlobalFitResult(
        kind=fit_kind,
        quantity=_QUANTITY[fit_kind],
        lambda_limit=math.sqrt(bound_s) if bound_s >= 0 else float("nan"),
        component_limits=MappingProxyType(comp),
        cl=c,
        sided=sided,
        delta_chi2=threshold,
        chi2_min=prof.chi2_min,
        best_fit_norm=math.sqrt(prof.best_s),
        worst_direction=MappingProxyType(worst),
        worst_params=MappingProxyType({"sin2_theta12": pw.sin2_theta12, "dm21_ev2": pw.dm21_ev2}),
        constraint_names=tuple(x.name for x in cons),
        params_name=prior.name,
        norm_grid=tuple(float(x) for x in np.sqrt(prof.curve_s)),
        delta_chi2_curve=tuple(float(x) for x in prof.curve_dchi2),
        n_directions=int(lam.shape[0]),
        n_nodes=len(nodes),
    )


# -- allowed regions ------------------------------------------------------------------------
@dataclass(frozen=True)
class AllowedRegion:
    """Δχ² on a plane of two |Λ_i| (the third zero; phase and oscillations profiled).

    Attributes:
        plane: indices (i, j) of the two components (0-based).
        x, y: |Λ_i| and |Λ_j| grids in μ_B.
        delta_chi2: Δχ²[iy, ix] relative to the minimum on the plane.
        threshold: Δχ² of the CL contour (two parameters: χ²₂ quantile, 4.61 at 90 %).
        cl: confidence level.
        constraint_names: experiments combined.

    Example:
        >>> reg = allowed_region("canas2016", (0, 2), "nufit60", max_mu=1e-10, n_grid=5,
        ...                      n_phase=4, n_osc=1)
        >>> round(reg.threshold, 2)
        4.61
    """

    plane: tuple[int, int]
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    delta_chi2: NDArray[np.float64]
    threshold: float
    cl: float
    constraint_names: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary."""
        return {
            "plane": list(self.plane),
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "delta_chi2": self.delta_chi2.tolist(),
            "threshold": self.threshold,
            "cl": self.cl,
            "constraints": list(self.constraint_names),
        }


def allowed_region(
    constraints: Sequence[EffectiveMomentConstraint] | str | None = None,
    plane: tuple[int, int] = (0, 1),
    params: OscillationPrior | OscillationParameters | str = "lma2004",
    *,
    max_mu: float | None = None,
    n_grid: int = 41,
    n_phase: int = 24,
    n_osc: int = 3,
    cl: float = 0.9,
) -> AllowedRegion:
    """Majorana allowed region in the (|Λ_i|, |Λ_j|) plane, Λ_k = 0 for the third.

    The relative phase of Λ_i and Λ_j and the oscillation parameters are profiled; the
    contour uses Δχ² for two parameters (χ²₂ quantile).

    Args:
        constraints: as for :func:`run_global_fit`.
        plane: the two component indices (0, 1, 2 for Λ₁, Λ₂, Λ₃).
        params: oscillation prior or parameters.
        max_mu: extent of both axes in μ_B (default: 1.6 × the fit's |Λ| bound).
        n_grid: points per axis.
        n_phase: relative-phase points.
        n_osc: nodes per oscillation parameter.
        cl: confidence level of the contour.

    Returns:
        :class:`AllowedRegion`.

    Example:
        >>> reg = allowed_region("grimus2003", max_mu=5e-10, n_grid=11, n_phase=6, n_osc=1)
        >>> reg.delta_chi2.shape
        (11, 11)
    """
    cons = _constraints(constraints)
    i, j = (int(v) for v in plane)
    if {i, j} - {0, 1, 2} or i == j:
        raise InputError("plane", plane, "two different indices among 0, 1, 2")
    c = _check_cl(cl)
    prior = oscillation_prior(params)
    if max_mu is None:
        fit = run_global_fit(cons, "majorana", prior, cl=c, n_osc=n_osc, grid=ScanGrid(9, 8))
        top = 1.6 * fit.lambda_limit
        if not math.isfinite(top):
            raise InputError("max_mu", max_mu, "a finite extent (the region is unbounded)")
    else:
        top = as_float(max_mu, "max_mu", positive=True)
    axis = np.linspace(0.0, top, n_grid)
    ph = np.linspace(0.0, 2 * np.pi, n_phase, endpoint=False)
    yy, xx, pp = np.meshgrid(axis, axis, ph, indexing="ij")
    vec = np.zeros((*xx.shape, 3), dtype=complex)
    vec[..., i] = xx
    vec[..., j] = yy * np.exp(1j * pp)
    nodes, prior_chi2 = prior.nodes(n_osc)
    w = _weights(_gram(_majorana_lam(vec.reshape(-1, 3))), _densities(cons, nodes))
    chi2 = _total_chi2(1.0, w, cons, prior_chi2)  # (P, N): norms are in the vectors
    prof = chi2.min(axis=0).reshape(xx.shape).min(axis=-1)
    return AllowedRegion(
        plane=(i, j),
        x=axis,
        y=axis,
        delta_chi2=prof - prof.min(),
        threshold=float(stats.chi2.ppf(c, 2)),
        cl=c,
        constraint_names=tuple(x.name for x in cons),
    )


# -- figures --------------------------------------------------------------------------------
def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=(5.0, 4.0)).add_subplot()


def plot_delta_chi2(
    results: GlobalFitResult | Sequence[GlobalFitResult],
    ax: Any = None,
    labels: Sequence[str] | None = None,
) -> Any:
    """Profiled Δχ² versus the bounded norm (in 10⁻¹⁰ μ_B) for one or more fits.

    Args:
        results: one or several :class:`GlobalFitResult` (e.g. solar-only and combined).
        ax: matplotlib axes to draw on (a new figure without pyplot if ``None``).
        labels: legend labels (default: the constraint names).

    Returns:
        The matplotlib axes.

    Example:
        >>> r = run_global_fit("grimus2003-solar", n_osc=1, grid=ScanGrid(7, 4))
        >>> plot_delta_chi2(r).get_xlabel()
        '|Λ| [10⁻¹⁰ μ_B]'
    """
    res = [results] if isinstance(results, GlobalFitResult) else list(results)
    if not res or not all(isinstance(r, GlobalFitResult) for r in res):
        raise InputError("results", results, "GlobalFitResult objects")
    ax = _axes(ax)
    for n, r in enumerate(res):
        label = labels[n] if labels is not None else " + ".join(r.constraint_names)
        ax.plot(np.asarray(r.norm_grid) / 1e-10, r.delta_chi2_curve, label=label)
    ax.axhline(res[0].delta_chi2, color="grey", ls="--", lw=0.8)
    ax.text(
        0.02,
        res[0].delta_chi2,
        f"{res[0].cl:.0%} C.L.",
        va="bottom",
        fontsize=8,
        transform=ax.get_yaxis_transform(),
    )
    name = "|Λ|" if res[0].kind == "majorana" else "‖μ‖"
    ax.set_xlabel(f"{name} [10⁻¹⁰ μ_B]")
    ax.set_ylabel("Δχ² (profiled)")
    ax.set_ylim(0.0, max(4.0 * res[0].delta_chi2, 1.0))
    ax.legend(fontsize=7)
    return ax


def plot_allowed_region(region: AllowedRegion, ax: Any = None) -> Any:
    """Contour of an :class:`AllowedRegion` (axes in 10⁻¹⁰ μ_B).

    Example:
        >>> reg = allowed_region("grimus2003", max_mu=5e-10, n_grid=11, n_phase=6, n_osc=1)
        >>> plot_allowed_region(reg).get_ylabel()
        '|Λ2| [10⁻¹⁰ μ_B]'
    """
    if not isinstance(region, AllowedRegion):
        raise InputError("region", region, "an AllowedRegion")
    ax = _axes(ax)
    i, j = region.plane
    ax.contour(region.x / 1e-10, region.y / 1e-10, region.delta_chi2, levels=[region.threshold])
    ax.set_xlabel(f"|Λ{i + 1}| [10⁻¹⁰ μ_B]")
    ax.set_ylabel(f"|Λ{j + 1}| [10⁻¹⁰ μ_B]")
    ax.set_title(f"{region.cl:.0%} C.L. allowed (inside)", fontsize=9)
    return ax
