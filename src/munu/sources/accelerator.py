"""Pion and muon decay at rest: the stopped-pion neutrino source (LSND, KARMEN, COHERENT).

Positive pions stopped in a beam dump decay as π⁺ → μ⁺ ν_μ (a line) and the stopped muons as
μ⁺ → e⁺ ν_e ν̄_μ (Michel spectra); π⁻ are captured by nuclei before decaying, so the source
emits ν_μ, ν_e and ν̄_μ in equal numbers per stopped π⁺, isotropically.

* ν_μ line: E = (m_π² − m_μ²)/(2m_π) = 29.79 MeV (two-body kinematics; masses from
  :mod:`munu.constants`).
* Michel spectra with x = E_ν/m_μ, 0 ≤ x ≤ ½ (V−A muon decay with m_e neglected; e.g.
  physics-facts §8; Bouchiat & Michel, Phys. Rev. 106 (1957) 170):
  dN/dE(ν_e) = (192/m_μ) x²(½ − x),  dN/dE(ν̄_μ) = (64/m_μ) x²(¾ − x), each integrating to 1
  (physics-facts §0: 192∫x²(½−x)dx = 64∫x²(¾−x)dx = 1). Mean energies: 3m_μ/10 (ν_e) and
  7m_μ/20 (ν̄_μ).

The flux at distance L from a point source is Φ = (protons/s) × (ν per proton per flavour) /
(4πL²). The neutrinos of each flavour arrive as a coherent flavour state over
:attr:`DecayAtRest.baseline_m`.

LSND-like defaults (:meth:`DecayAtRest.lsnd`): LANSCE 800 MeV protons at 1 mA (≈ 6.24×10¹⁵ p/s;
LSND, Athanassopoulos et al., NIM A 388 (1997) 149 — beam current recalled, not checked),
detector centre 29.8 m from the neutrino source (Conrad & Shaevitz, PRD 85 (2012) 013017:
"KARMEN and LSND were located at 17.7 m and 29.8 m"), and 0.08 ν per flavour
per proton — the value COHERENT quotes for the 1 GeV SNS mercury target (Akimov et al.,
Science 357 (2017) 1123, arXiv:1708.01294; recalled). LSND's own π⁺ yield for its water/copper
target was not found; pass ``nu_per_proton`` for a specific target.

Example:
    >>> from munu.sources.accelerator import DecayAtRest, PI_DAR_LINE_MEV
    >>> round(PI_DAR_LINE_MEV, 2)
    29.79
    >>> src = DecayAtRest.lsnd()
    >>> round(src.total_flux("nue") / 1e6, 2)
    4.47
"""

from __future__ import annotations

import math

import numpy as np
import scipy.constants as _sc
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array, check_choice
from munu.constants import M_MU_MEV, M_PI_MEV
from munu.sources.base import Line, Source

__all__ = [
    "LSND_BASELINE_M",
    "LSND_PROTONS_PER_S",
    "MU_DAR_ENDPOINT_MEV",
    "NU_PER_PROTON_DEFAULT",
    "PI_DAR_LINE_MEV",
    "DecayAtRest",
    "michel_spectrum",
]

#: ν_μ energy from π⁺ → μ⁺ ν_μ at rest, (m_π² − m_μ²)/(2m_π) in MeV (29.79 MeV).
PI_DAR_LINE_MEV: float = (M_PI_MEV**2 - M_MU_MEV**2) / (2.0 * M_PI_MEV)
#: Endpoint of the Michel spectra, m_μ/2 in MeV (52.83 MeV; m_e neglected).
MU_DAR_ENDPOINT_MEV: float = M_MU_MEV / 2.0
#: LANSCE proton rate at 1 mA average current, protons per second (1 mA / e).
LSND_PROTONS_PER_S: float = 1e-3 / _sc.elementary_charge
#: LSND source–detector distance in m (Conrad & Shaevitz, PRD 85 (2012) 013017).
LSND_BASELINE_M: float = 29.8
#: Neutrinos per flavour per proton on target (COHERENT, SNS; see module docstring).
NU_PER_PROTON_DEFAULT: float = 0.08

_MICHEL_FLAVOURS: tuple[str, ...] = ("nue", "numubar")


def michel_spectrum(enu_mev: ArrayLike, flavour: str) -> NDArray[np.float64]:
    """Unit-normalised neutrino spectrum dN/dE (MeV⁻¹) of μ⁺ decay at rest.

    Args:
        enu_mev: neutrino energies in MeV (any shape, ≥ 0).
        flavour: ``"nue"`` (192 x²(½ − x)/m_μ) or ``"numubar"`` (64 x²(¾ − x)/m_μ).

    Returns:
        dN/dE in MeV⁻¹, zero above m_μ/2.

    Example:
        >>> from scipy.integrate import quad
        >>> round(quad(lambda e: float(michel_spectrum(e, "nue")), 0, 52.83)[0], 6)
        1.0
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    fl = check_choice(flavour, "flavour", _MICHEL_FLAVOURS)
    x = e / M_MU_MEV
    inside = x <= 0.5
    value = 192.0 * x * x * (0.5 - x) if fl == "nue" else 64.0 * x * x * (0.75 - x)
    return np.where(inside, value / M_MU_MEV, 0.0)


class DecayAtRest(Source):
    """A π⁺/μ⁺ decay-at-rest neutrino source seen from a detector at ``distance_m``.

    Args:
        protons_per_s: protons on target per second (> 0).
        nu_per_proton: neutrinos of each flavour per proton (> 0), i.e. stopped π⁺ decays per
            proton (all stopped μ⁺ decay).
        distance_m: source–detector distance in m (> 0).

    Example:
        >>> src = DecayAtRest(protons_per_s=1e15, nu_per_proton=0.1, distance_m=20.0)
        >>> src.lines()[0].label
        'pi-DAR numu'
        >>> round(src.total_flux("numu") / src.total_flux("numubar"), 12)
        1.0
    """

    flavours = ("numu", "nue", "numubar")

    def __init__(
        self,
        protons_per_s: float = LSND_PROTONS_PER_S,
        nu_per_proton: float = NU_PER_PROTON_DEFAULT,
        distance_m: float = LSND_BASELINE_M,
    ) -> None:
        self.protons_per_s = as_float(protons_per_s, "protons_per_s", positive=True)
        self.nu_per_proton = as_float(nu_per_proton, "nu_per_proton", positive=True)
        self.distance_m = as_float(distance_m, "distance_m", positive=True)
        self.baseline_m = self.distance_m

    @classmethod
    def lsnd(cls) -> DecayAtRest:
        """The LSND-like configuration of the module defaults (LANSCE, 29.8 m)."""
        return cls(LSND_PROTONS_PER_S, NU_PER_PROTON_DEFAULT, LSND_BASELINE_M)

    def __repr__(self) -> str:
        return (
            f"DecayAtRest(protons_per_s={self.protons_per_s:.4g}, "
            f"nu_per_proton={self.nu_per_proton:.4g}, distance_m={self.distance_m:.4g})"
        )

    @property
    def flux_per_flavour(self) -> float:
        """Total flux of each flavour at the detector in cm⁻² s⁻¹: N_p ν/p / (4π L²)."""
        distance_cm = 100.0 * self.distance_m
        return self.protons_per_s * self.nu_per_proton / (4.0 * math.pi * distance_cm**2)

    def _continuous_flux(self, enu_mev: NDArray[np.float64], flavour: str) -> NDArray[np.float64]:
        if flavour == "numu":
            return np.zeros_like(enu_mev)
        return self.flux_per_flavour * michel_spectrum(enu_mev, flavour)

    def energy_range_mev(self, flavour: str | None = None) -> tuple[float, float]:
        """(0, m_μ/2) for ν_e and ν̄_μ; (0, 0) for ν_μ, which is a line only."""
        if flavour == "numu":
            return (0.0, 0.0)
        return (0.0, MU_DAR_ENDPOINT_MEV)

    def lines(self, flavour: str | None = None) -> tuple[Line, ...]:
        """The 29.79 MeV ν_μ line of π⁺ decay at rest (for ``flavour`` None or ``"numu"``)."""
        if "numu" not in self._resolve(flavour):
            return ()
        return (Line(PI_DAR_LINE_MEV, self.flux_per_flavour, "numu", "pi-DAR numu"),)

    def total_flux(self, flavour: str | None = None) -> float:
        """Integrated flux in cm⁻² s⁻¹ (exact: the spectra are unit-normalised)."""
        return self.flux_per_flavour * len(self._resolve(flavour))
