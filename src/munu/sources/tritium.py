"""Tritium β⁻ sources of ν̄_e (³H → ³He e⁻ ν̄_e).

The ν̄_e spectrum is the allowed β spectrum of :mod:`munu.sources.beta` with Z_daughter = 2,
A = 3 and endpoint Q = 18.59 keV (ENSDF Q_β = 18.5906 ± 0.0032 keV; AME2020 mass difference
18.592 keV; verified-reference-data §9 recommends 18.59 keV). Atomic/molecular final-state
effects and the 3.4 eV recoil are neglected (irrelevant at the 0.01 % level of E_ν,max).

Activity and mass are linked by the specific activity λ N_A / M with T½ = 12.32 y (ENSDF,
ICRP-107) and M = 3.01605 g/mol, 9.62×10³ Ci/g (:func:`specific_activity_ci_per_g`).

Geometry: the flux at the detector is A/(4π d²) times the unit spectrum, with d the
point-source distance, or the *effective* distance of an extended source, d_eff =
⟨1/r²⟩^{−1/2} averaged over the source volume (:meth:`Tritium.spherical_shell` for a detector
at the centre of a uniform shell). :meth:`Tritium.mammont` is the MAMMONT design of the
review: 40 MCi (≈ 4.16 kg) seen by a detector close to the source with d_eff = 14 cm, which
gives the quoted ≈ 6×10¹⁴ cm⁻² s⁻¹ (physics-facts §0 and §9).

Example:
    >>> from munu.sources.tritium import Tritium
    >>> src = Tritium.mammont()
    >>> f"{src.total_flux():.2e}", round(src.mass_kg, 2)
    ('6.01e+14', 4.16)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float
from munu.constants import AVOGADRO
from munu.errors import InputError
from munu.sources.base import Source
from munu.sources.beta import beta_neutrino_spectrum
from munu.units import YEAR_S

__all__ = [
    "BQ_PER_CI",
    "MAMMONT_ACTIVITY_MCI",
    "MAMMONT_EFFECTIVE_DISTANCE_CM",
    "TRITIUM_HALF_LIFE_Y",
    "TRITIUM_MOLAR_MASS_G_PER_MOL",
    "TRITIUM_Q_MEV",
    "Tritium",
    "specific_activity_ci_per_g",
    "tritium_neutrino_spectrum",
]

#: β endpoint of ³H in MeV (ENSDF Q_β = 18.5906 ± 0.0032 keV; verified-reference-data §9).
TRITIUM_Q_MEV: float = 0.018590
#: ³H half-life in years of 365.25 d (ENSDF / ICRP-107: 12.32 ± 0.02 y).
TRITIUM_HALF_LIFE_Y: float = 12.32
#: Molar mass of atomic ³H in g/mol (AME2020 atomic mass 3.01604928 u).
TRITIUM_MOLAR_MASS_G_PER_MOL: float = 3.01605
#: Becquerel per curie (definition).
BQ_PER_CI: float = 3.7e10
#: MAMMONT source activity in MCi (JINR/Kurchatov proposal; physics-facts §9).
MAMMONT_ACTIVITY_MCI: float = 40.0
#: Effective (point-equivalent) source-detector distance of MAMMONT in cm: the distance at
#: which 40 MCi gives the review's ≈ 6×10¹⁴ cm⁻² s⁻¹ (physics-facts §0, computed there).
MAMMONT_EFFECTIVE_DISTANCE_CM: float = 14.0


def specific_activity_ci_per_g(
    half_life_y: float = TRITIUM_HALF_LIFE_Y,
    molar_mass_g_per_mol: float = TRITIUM_MOLAR_MASS_G_PER_MOL,
) -> float:
    """Specific activity λ N_A / M in Ci per gram.

    Args:
        half_life_y: half-life in years of 365.25 d.
        molar_mass_g_per_mol: molar mass in g/mol.

    Returns:
        Curies per gram (9.62×10³ for tritium; verified-reference-data §9: 9621 ± 16 Ci/g).

    Example:
        >>> round(specific_activity_ci_per_g())
        9621
    """
    t_half = as_float(half_life_y, "half_life_y", positive=True) * YEAR_S
    molar = as_float(molar_mass_g_per_mol, "molar_mass_g_per_mol", positive=True)
    return math.log(2.0) / t_half * AVOGADRO / molar / BQ_PER_CI


def tritium_neutrino_spectrum(
    enu_mev: ArrayLike, endpoint_mev: float = TRITIUM_Q_MEV
) -> NDArray[np.float64]:
    """Unit-normalised ³H ν̄_e spectrum dN/dE_ν in MeV⁻¹ (allowed shape, Fermi function Z = 2).

    Args:
        enu_mev: ν̄ energies in MeV.
        endpoint_mev: β endpoint in MeV (default :data:`TRITIUM_Q_MEV`).

    Returns:
        MeV⁻¹, integrating to 1 on [0, endpoint]; zero outside.

    Example:
        >>> e = np.linspace(0.0, TRITIUM_Q_MEV, 4001)
        >>> round(float(np.trapezoid(tritium_neutrino_spectrum(e), e)), 6)
        1.0
    """
    return beta_neutrino_spectrum(enu_mev, endpoint_mev, z_daughter=2, mass_number=3)


class Tritium(Source):
    """A tritium β source seen from ``distance_cm`` (point source or effective distance).

    Args:
        activity_mci: activity in MCi (10⁶ Ci), ≥ 0.
        distance_cm: source-detector distance in cm (> 0): the point-source distance, or the
            effective distance ⟨1/r²⟩^{−1/2} of an extended source.
        endpoint_mev: β endpoint in MeV.

    Example:
        >>> t = Tritium(activity_mci=1.0, distance_cm=100.0)
        >>> f"{t.total_flux():.3e}", t.flavours, t.energy_range_mev()
        ('2.944e+11', ('nuebar',), (0.0, 0.01859))
    """

    flavours = ("nuebar",)

    def __init__(
        self, activity_mci: float, distance_cm: float, *, endpoint_mev: float = TRITIUM_Q_MEV
    ) -> None:
        self.activity_mci = as_float(activity_mci, "activity_mci", nonnegative=True)
        self.distance_cm = as_float(distance_cm, "distance_cm", positive=True)
        self.endpoint_mev = as_float(endpoint_mev, "endpoint_mev", positive=True)
        self.baseline_m = self.distance_cm / 100.0

    def __repr__(self) -> str:
        return (
            f"Tritium(activity_mci={self.activity_mci:g}, distance_cm={self.distance_cm:g},"
            f" endpoint_mev={self.endpoint_mev:g})"
        )

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def from_mass_kg(
        cls, mass_kg: float, distance_cm: float, *, endpoint_mev: float = TRITIUM_Q_MEV
    ) -> Tritium:
        """A source of ``mass_kg`` kilograms of tritium (activity from the specific activity).

        Example:
            >>> round(Tritium.from_mass_kg(4.158, 14.0).activity_mci, 2)
            40.0
        """
        mass = as_float(mass_kg, "mass_kg", nonnegative=True)
        activity = mass * 1e3 * specific_activity_ci_per_g() / 1e6
        return cls(activity, distance_cm, endpoint_mev=endpoint_mev)

    @classmethod
    def spherical_shell(
        cls,
        activity_mci: float,
        inner_radius_cm: float,
        outer_radius_cm: float,
        *,
        endpoint_mev: float = TRITIUM_Q_MEV,
    ) -> Tritium:
        """A uniform spherical shell a < r < b of tritium with the detector at its centre.

        The volume average ⟨1/r²⟩ = 3(b − a)/(b³ − a³) gives d_eff = √((b³ − a³)/(3(b − a)))
        (a point-like detector; neutrinos are not absorbed).

        Example:
            >>> round(Tritium.spherical_shell(1.0, 10.0, 20.0).distance_cm, 3)
            15.275
        """
        a = as_float(inner_radius_cm, "inner_radius_cm", positive=True)
        b = as_float(outer_radius_cm, "outer_radius_cm", positive=True)
        if b <= a:
            raise InputError("outer_radius_cm", outer_radius_cm, f"a radius > {a} cm (inner)")
        d_eff = math.sqrt((b**3 - a**3) / (3.0 * (b - a)))
        return cls(activity_mci, d_eff, endpoint_mev=endpoint_mev)

    @classmethod
    def mammont(cls) -> Tritium:
        """The MAMMONT source: 40 MCi (≈ 4.16 kg) of ³H at an effective distance of 14 cm.

        MAMMONT (JINR/Kurchatov; review hep-ex/0409003 and physics-facts §9) plans 40 MCi of
        tritium around Si and Ge detectors and quotes a flux of ≈ 6×10¹⁴ cm⁻² s⁻¹. The
        published geometry is not reproduced here; the effective distance
        :data:`MAMMONT_EFFECTIVE_DISTANCE_CM` = 14 cm is the point-source equivalent of those
        two numbers (physics-facts §0), e.g. a shell of radii 9 and 18.5 cm
        (:meth:`spherical_shell`).

        Example:
            >>> f"{Tritium.mammont().total_flux():.1e}"
            '6.0e+14'
        """
        return cls(MAMMONT_ACTIVITY_MCI, MAMMONT_EFFECTIVE_DISTANCE_CM)

    # -- derived quantities -------------------------------------------------------------------
    @property
    def decays_per_second(self) -> float:
        """Activity in Bq."""
        return self.activity_mci * 1e6 * BQ_PER_CI

    @property
    def mass_kg(self) -> float:
        """Tritium mass in kg for this activity."""
        return self.activity_mci * 1e6 / specific_activity_ci_per_g() / 1e3

    # -- Source interface ---------------------------------------------------------------------
    def _continuous_flux(self, enu_mev: NDArray[np.float64], flavour: str) -> NDArray[np.float64]:
        geometry = self.decays_per_second / (4.0 * math.pi * self.distance_cm**2)
        return geometry * tritium_neutrino_spectrum(enu_mev, self.endpoint_mev)

    def energy_range_mev(self, flavour: str | None = None) -> tuple[float, float]:
        """(0, endpoint) in MeV."""
        self._resolve(flavour)
        return (0.0, self.endpoint_mev)

    def total_flux(self, flavour: str | None = None) -> float:
        """A / (4π d²) in cm⁻² s⁻¹ (one ν̄ per decay)."""
        self._resolve(flavour)
        return self.decays_per_second / (4.0 * math.pi * self.distance_cm**2)
