"""Physical constants, each with its source.

Internal unit conventions (see :mod:`munu.units`): energies in MeV, lengths in cm for cross
sections and fluxes, magnetic moments in Bohr magnetons μ_B.

Values are CODATA 2022 as shipped by :mod:`scipy.constants` (which is where we take them from,
instead of typing them) and PDG 2024 for G_F. The derived prefactors used by the cross sections
are computed here once, so every module shares one definition.

The weak mixing angle is configurable: :data:`SIN2_THETA_W` is the default (low-Q² MS-bar,
Erler & Ferro-Hernández, JHEP 03 (2018) 196, arXiv:1712.09146), and :data:`SIN2_THETA_W_VALUES`
lists the alternatives by name; functions that use it take a ``sin2_theta_w`` argument.

Example:
    >>> from munu import constants as c
    >>> round(c.MAGNETIC_PREFACTOR_CM2 / 1e-25, 4)
    2.4947
    >>> c.sin2_theta_w("msbar_mz")
    0.23122
"""

from __future__ import annotations

import math

import scipy.constants as _sc

from munu.errors import UnknownNameError

__all__ = [
    "ALPHA",
    "AVOGADRO",
    "G_F_GEV2",
    "G_F_MEV2",
    "HBARC_MEV_CM",
    "HBARC_MEV_FM",
    "HBAR_EV_S",
    "MAGNETIC_PREFACTOR_CM2",
    "MU_B_EV_PER_T",
    "M_E_MEV",
    "M_MU_MEV",
    "M_PI_MEV",
    "R_E_CM",
    "SIN2_THETA_W",
    "SIN2_THETA_W_VALUES",
    "WEAK_PREFACTOR_CM2_PER_MEV",
    "sin2_theta_w",
]

#: Fine-structure constant α (CODATA 2022 via scipy.constants).
ALPHA: float = _sc.fine_structure
#: Electron mass in MeV (CODATA 2022).
M_E_MEV: float = _sc.physical_constants["electron mass energy equivalent in MeV"][0]
#: Muon mass in MeV (CODATA 2022).
M_MU_MEV: float = _sc.physical_constants["muon mass energy equivalent in MeV"][0]
#: Charged-pion mass in MeV (PDG 2024, 139.57039 ± 0.00018 MeV).
M_PI_MEV: float = 139.57039
#: Fermi constant G_F/(ħc)³ in GeV⁻² (PDG 2024: 1.1663788(6)×10⁻⁵ GeV⁻²).
G_F_GEV2: float = 1.1663788e-5
#: Fermi constant in MeV⁻².
G_F_MEV2: float = G_F_GEV2 * 1e-6
#: ħc in MeV·fm (CODATA 2022, exact from SI).
HBARC_MEV_FM: float = _sc.hbar * _sc.c / _sc.e / 1e6 * 1e15
#: ħc in MeV·cm.
HBARC_MEV_CM: float = HBARC_MEV_FM * 1e-13
#: ħ in eV·s (CODATA 2022).
HBAR_EV_S: float = _sc.hbar / _sc.e
#: Bohr magneton in eV/T (CODATA 2022).
MU_B_EV_PER_T: float = _sc.physical_constants["Bohr magneton in eV/T"][0]
#: Classical electron radius r_e in cm (CODATA 2022).
R_E_CM: float = _sc.physical_constants["classical electron radius"][0] * 100.0
#: Avogadro constant in mol⁻¹ (SI exact).
AVOGADRO: float = _sc.Avogadro

#: π α² / m_e² in cm²: the magnetic-scattering prefactor of Vogel & Engel, PRD 39 (1989) 3378,
#: dσ/dT = π α² μ² / m_e² (1/T − 1/E_ν) with μ in μ_B (= π r_e², 2.4947×10⁻²⁵ cm²).
MAGNETIC_PREFACTOR_CM2: float = math.pi * ALPHA**2 / M_E_MEV**2 * HBARC_MEV_CM**2
#: G_F² m_e / (2π) in cm²/MeV: prefactor of the tree-level weak ν-e cross section in its
#: (g_V, g_A) form ('t Hooft 1971; Vogel & Engel 1989, Eq. 1).
WEAK_PREFACTOR_CM2_PER_MEV: float = G_F_MEV2**2 * M_E_MEV / (2.0 * math.pi) * HBARC_MEV_CM**2

#: Named values of sin²θ_W. ``"msbar_low_q2"`` (default): MS-bar at Q² → 0,
#: 0.23868 ± 0.00005 (Erler & Ferro-Hernández, arXiv:1712.09146); ``"msbar_mz"``: MS-bar at
#: M_Z, 0.23122 (PDG 2024), the input for the Bahcall–Kamionkowski–Sirlin radiative
#: corrections; ``"bks1995"``: 0.2317, the value BKS used; ``"on_shell"``: 1 − M_W²/M_Z² =
#: 0.22305 (CODATA 2022); ``"vogel_engel"``: 0.23 as in Vogel & Engel 1989.
SIN2_THETA_W_VALUES: dict[str, float] = {
    "msbar_low_q2": 0.23868,
    "msbar_mz": 0.23122,
    "bks1995": 0.2317,
    "on_shell": 0.22305,
    "vogel_engel": 0.23,
}
#: Default weak mixing angle: the low-Q² MS-bar value.
SIN2_THETA_W: float = SIN2_THETA_W_VALUES["msbar_low_q2"]


def sin2_theta_w(name: str = "msbar_low_q2") -> float:
    """Return a named value of sin²θ_W (see :data:`SIN2_THETA_W_VALUES`).

    Args:
        name: one of the keys of :data:`SIN2_THETA_W_VALUES`.

    Returns:
        sin²θ_W (dimensionless).

    Example:
        >>> sin2_theta_w()
        0.23868
    """
    try:
        return SIN2_THETA_W_VALUES[name]
    except KeyError:
        raise UnknownNameError("sin2_theta_w", name, list(SIN2_THETA_W_VALUES)) from None
