"""Nuclear β-decay spectra for neutrino sources.

The neutrino spectrum of one β branch with kinetic endpoint E₀ is the electron spectrum read at
electron kinetic energy T_e = E₀ − E_ν (the nuclear recoil is neglected):

    dN/dE_ν ∝ C(E_ν, W) · F(Z, W) · p W · E_ν²,   W = E₀ − E_ν + m_e,   p = √(W² − m_e²)

(Fermi's theory; e.g. Konopinski, *The Theory of Beta Radioactivity* (1966); Huber PRC 84
(2011) 024617, Eq. 2 without the small finite-size, screening, radiative and weak-magnetism
corrections, which change reactor and solar spectra at the per-cent level only). The shape
factor C is 1 for allowed and for non-unique first-forbidden transitions (the ξ approximation),
and p² + E_ν² for unique first-forbidden ones.

The Fermi function is the relativistic point-charge expression evaluated at the nuclear
radius R = 1.2 A^{1/3} fm (Behrens & Jänecke, Landolt-Börnstein I/4 (1969); Huber 2011 Eq. 3):

    F(Z, W) = 2(1 + γ) (2pR)^{2(γ−1)} e^{πη} |Γ(γ + iη)|² / Γ(2γ + 1)²,
    γ = √(1 − (αZ)²),  η = ± αZ W / p  (+ for β⁻, − for β⁺; Z of the daughter).

Written here rather than taken from a library because no maintained Python package exposes
a vectorised neutrino-side β spectrum with per-branch endpoints (``radioactivedecay`` and
``paceENSDF`` give decay data, not spectra). Normalisation integrals are computed once per
branch with :func:`scipy.integrate.quad` and cached.

Example:
    >>> import numpy as np
    >>> from munu.sources.beta import beta_neutrino_spectrum
    >>> e = np.linspace(0.0, 0.0186, 5)
    >>> s = beta_neutrino_spectrum(e, endpoint_mev=0.018590, z_daughter=2, mass_number=3)
    >>> bool(s[0] == 0.0 and s[-1] == 0.0 and np.all(s[1:-1] > 0))
    True
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import integrate, special

from munu._validate import as_float, as_float_array, check_choice
from munu.constants import ALPHA, HBARC_MEV_FM, M_E_MEV
from munu.errors import InputError

__all__ = [
    "SHAPES",
    "BetaBranch",
    "beta_neutrino_spectrum",
    "branches_neutrino_spectrum",
    "fermi_function",
]

#: Spectral shape factors: ``"allowed"`` (also non-unique first-forbidden, ξ approximation)
#: and ``"unique_first_forbidden"`` (C = p² + E_ν²).
SHAPES: tuple[str, ...] = ("allowed", "unique_first_forbidden")

#: Nuclear radius constant r₀ in fm, R = r₀ A^{1/3}.
_R0_FM = 1.2


def fermi_function(
    z_daughter: int,
    w_total_mev: ArrayLike,
    mass_number: int,
    *,
    positron: bool = False,
) -> NDArray[np.float64]:
    """Relativistic Fermi function F(Z, W) at the nuclear radius.

    Args:
        z_daughter: charge of the daughter nucleus.
        w_total_mev: total electron (positron) energy W in MeV, W > m_e.
        mass_number: A of the nucleus, for R = 1.2 A^{1/3} fm.
        positron: True for β⁺ decay (η changes sign).

    Returns:
        F (dimensionless), same shape as ``w_total_mev``; 0 where W ≤ m_e.

    Example:
        >>> round(float(fermi_function(0, 1.0, 1)), 12)
        1.0
    """
    w = as_float_array(w_total_mev, "w_total_mev", nonnegative=True)
    if not (0 <= int(z_daughter) < 1 / ALPHA):
        raise InputError("z_daughter", z_daughter, "an integer 0 ≤ Z < 137")
    if int(mass_number) < 1:
        raise InputError("mass_number", mass_number, "an integer ≥ 1")
    az = ALPHA * int(z_daughter)
    gamma = math.sqrt(1.0 - az * az)
    radius = _R0_FM * int(mass_number) ** (1.0 / 3.0) / HBARC_MEV_FM  # MeV⁻¹
    above = w > M_E_MEV
    p = np.sqrt(np.where(above, w * w - M_E_MEV**2, 1.0))
    eta = (-1.0 if positron else 1.0) * az * w / p
    log_f = (
        math.log(2.0 * (1.0 + gamma))
        + 2.0 * (gamma - 1.0) * np.log(2.0 * p * radius)
        + math.pi * eta
        + 2.0 * np.real(special.loggamma(gamma + 1j * eta))
        - 2.0 * special.gammaln(2.0 * gamma + 1.0)
    )
    return np.where(above, np.exp(log_f), 0.0)


def _unnormalised(
    enu: NDArray[np.float64],
    endpoint: float,
    z: int,
    a: int,
    positron: bool,
    shape: str,
) -> NDArray[np.float64]:
    inside = (enu > 0.0) & (enu < endpoint)
    w = np.where(inside, endpoint - enu + M_E_MEV, 2.0 * M_E_MEV)
    p = np.sqrt(w * w - M_E_MEV**2)
    value = fermi_function(z, w, a, positron=positron) * p * w * enu**2
    if shape == "unique_first_forbidden":
        value = value * (p * p + enu * enu)
    return np.where(inside, value, 0.0)


@functools.lru_cache(maxsize=256)
def _norm(endpoint: float, z: int, a: int, positron: bool, shape: str) -> float:
    def f(x: float) -> float:
        return float(_unnormalised(np.asarray(x), endpoint, z, a, positron, shape))

    value, _ = integrate.quad(f, 0.0, endpoint, limit=200, epsabs=0.0, epsrel=1e-11)
    return value


def beta_neutrino_spectrum(
    enu_mev: ArrayLike,
    endpoint_mev: float,
    z_daughter: int,
    mass_number: int,
    *,
    positron: bool = False,
    shape: str = "allowed",
) -> NDArray[np.float64]:
    """Unit-normalised neutrino spectrum dN/dE_ν (MeV⁻¹) of one β branch.

    Args:
        enu_mev: neutrino energies in MeV (any shape, ≥ 0).
        endpoint_mev: kinetic endpoint E₀ of the branch in MeV (Q − E_level).
        z_daughter: charge of the daughter nucleus.
        mass_number: mass number A.
        positron: True for β⁺ branches (emits ν_e; β⁻ emits ν̄_e).
        shape: one of :data:`SHAPES`.

    Returns:
        dN/dE_ν in MeV⁻¹, integrating to 1 over [0, E₀]; zero outside.

    Example:
        >>> from scipy.integrate import quad
        >>> f = lambda e: float(beta_neutrino_spectrum(e, 1.2617, 93, 239))
        >>> round(quad(f, 0, 1.2617)[0], 6)
        1.0
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    e0 = as_float(endpoint_mev, "endpoint_mev", positive=True)
    check_choice(shape, "shape", SHAPES)
    z, a = int(z_daughter), int(mass_number)
    return _unnormalised(e, e0, z, a, positron, shape) / _norm(e0, z, a, positron, shape)


@dataclass(frozen=True)
class BetaBranch:
    """One β branch of a decay.

    Attributes:
        endpoint_mev: kinetic endpoint E₀ = Q − E_level in MeV.
        intensity: branch intensity per decay (fraction, 0–1).
        z_daughter: charge of the daughter nucleus.
        mass_number: mass number A.
        shape: one of :data:`SHAPES`.
        positron: True for β⁺.
    """

    endpoint_mev: float
    intensity: float
    z_daughter: int
    mass_number: int
    shape: str = "allowed"
    positron: bool = False

    def __post_init__(self) -> None:
        as_float(self.endpoint_mev, "endpoint_mev", positive=True)
        if not 0.0 <= self.intensity <= 1.0:
            raise InputError("intensity", self.intensity, "a fraction between 0 and 1")
        check_choice(self.shape, "shape", SHAPES)

    def spectrum(self, enu_mev: ArrayLike) -> NDArray[np.float64]:
        """Neutrinos per decay per MeV from this branch (intensity × unit spectrum)."""
        return self.intensity * beta_neutrino_spectrum(
            enu_mev,
            self.endpoint_mev,
            self.z_daughter,
            self.mass_number,
            positron=self.positron,
            shape=self.shape,
        )


def branches_neutrino_spectrum(
    enu_mev: ArrayLike, branches: tuple[BetaBranch, ...] | list[BetaBranch]
) -> NDArray[np.float64]:
    """Neutrinos per decay per MeV summed over branches.

    Example:
        >>> b = (BetaBranch(0.5, 0.6, 20, 50), BetaBranch(0.3, 0.4, 20, 50))
        >>> float(branches_neutrino_spectrum(0.6, b))
        0.0
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    out = np.zeros_like(e)
    for branch in branches:  # a handful of branches, each vectorised over energy
        out = out + branch.spectrum(e)
    return out
