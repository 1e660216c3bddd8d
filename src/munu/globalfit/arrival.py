"""How a beam at the detector sees the moment matrix (:class:`Arrival`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array, check_choice
from munu.errors import InputError
from munu.globalfit._conventions import ARRIVAL_KINDS
from munu.globalfit.priors import OscillationPrior
from munu.interactions import sigma_magnetic_integral
from munu.mixing import (
    FLAVOUR_INDEX,
    NUFIT60,
    OscillationParameters,
    oscillation_parameters,
    vacuum_amplitudes,
)
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
