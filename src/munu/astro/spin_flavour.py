"""Solar spin-flavour precession (SFP): bound μ·B_⊥ from the absence of solar ν̄_e.

A transition magnetic moment couples ν_eL to ν̄_R states of another flavour in the transverse
solar magnetic field B_⊥. Combined with LMA flavour oscillations, this gives a small flux of
solar ν̄_e (review hep-ex/0409003 §3; Akhmedov & Pulido, Phys. Lett. B 553 (2003) 7,
hep-ph/0209192). For the LMA solution the ν̄_e flux depends on the size of B_⊥ in the ⁸B
production region, r ≈ 0.05 R☉ (Akhmedov & Pulido, abstract). The approximate result used here
is

    P(ν_e → ν̄_e) ≈ κ · sin²2θ₁₂ · (μ / 10⁻¹² μ_B)² · (B_⊥(0.05 R☉) / 10 kG)²,
    κ = 1.8×10⁻¹⁰.                                                                     (AP)

**Status of κ: recalled (R)**. It could not be read in the paper. Its magnitude agrees with
the perturbative estimate P ~ sin²2θ (μB_⊥/ΔV)², where ΔV = √2 G_F (N_e − N_n) is the
ν_e–ν̄_μ potential difference, for N_e − N_n ≈ 57 N_A cm⁻³ in the solar core; a test checks
this. Pass ``coefficient=`` to use another value.

Approximations: (AP) is first order in μB_⊥/ΔV (so P ≪ 1), with LMA adiabatic
propagation and averaged vacuum oscillations on the way to the Earth. Only the field at
the production point enters, and a field profile is evaluated there. The formula holds for
a regular field. Random (turbulent) fields give much stronger bounds (Miranda et al.,
hep-ph/0311014), which are not modelled here. Because P ∝ (μB_⊥)², the bound on μ scales
exactly as 1/B_⊥.

Experimental inputs (90 % C.L., ν̄_e as a fraction of the ⁸B ν_e flux for an undistorted
spectrum) are in :data:`SOLAR_ANTINEUTRINO_LIMITS`.

Example:
    >>> mu = sfp_moment_bound(1.0e3, limit="kamland2004")   # B_⊥ = 1 MG at 0.05 R☉
    >>> round(float(mu) / 1e-12, 1)
    13.5
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array
from munu.errors import InputError, UnknownNameError
from munu.mixing import NUFIT60

__all__ = [
    "AKHMEDOV_PULIDO_COEFFICIENT",
    "SOLAR_ANTINEUTRINO_LIMITS",
    "SolarAntineutrinoLimit",
    "default_sin2_2theta12",
    "sfp_antineutrino_probability",
    "sfp_field_bound",
    "sfp_moment_bound",
]

#: κ in Eq. (AP): P(ν_e→ν̄_e) per sin²2θ₁₂ for μ = 10⁻¹² μ_B and B_⊥(0.05 R☉) = 10 kG
#: (Akhmedov & Pulido, hep-ph/0209192, LMA case). Status R (recalled, not read in the paper).
AKHMEDOV_PULIDO_COEFFICIENT: float = 1.8e-10

_MU_REF = 1e-12  # μ_B
_B_REF_KG = 10.0  # kG


@dataclass(frozen=True)
class SolarAntineutrinoLimit:
    """An upper limit on the solar ν̄_e flux as a fraction of the ⁸B ν_e flux.

    Attributes:
        name: key in :data:`SOLAR_ANTINEUTRINO_LIMITS`.
        probability: upper limit on P(ν_e → ν̄_e) (= flux fraction for an undistorted spectrum).
        cl: confidence level as a fraction.
        citation: bibliographic reference.
        arxiv: arXiv identifier.
        status: ``"V"`` (seen), ``"V-sec"`` (seen in a secondary source) or ``"R"``.
        note: remarks (energy window, sources checked).
    """

    name: str
    probability: float
    cl: float
    citation: str
    arxiv: str
    status: str
    note: str


#: KamLAND limits on solar ν̄_e.
SOLAR_ANTINEUTRINO_LIMITS: dict[str, SolarAntineutrinoLimit] = {
    "kamland2004": SolarAntineutrinoLimit(
        name="kamland2004",
        probability=2.8e-4,
        cl=0.90,
        citation="K. Eguchi et al. (KamLAND), Phys. Rev. Lett. 92 (2004) 071301",
        arxiv="hep-ex/0310047",
        status="V-sec",
        note=(
            "2.8e-2 % of the 8B flux at 90% CL, as quoted by Miranda et al. (hep-ph/0311014, "
            "hep-ph/0405107); the limit the review hep-ex/0409003 cites (its ref. [10]). "
            "arXiv id recalled."
        ),
    ),
    "kamland2012": SolarAntineutrinoLimit(
        name="kamland2012",
        probability=5.3e-5,
        cl=0.90,
        citation="A. Gando et al. (KamLAND), Astrophys. J. 745 (2012) 193",
        arxiv="1105.3516",
        status="V",
        note=(
            "Upper limit on the 8B nu_e -> nuebar_e conversion probability for an undistorted "
            "spectrum, 8.3 < E < 31.8 MeV, 4.53 kton-yr (abstract at "
            "https://ir.ua.edu/items/a329516c-2da0-4983-880b-08098a566d33); corresponds to "
            "93 cm^-2 s^-1. arXiv id recalled."
        ),
    ),
}


def default_sin2_2theta12() -> float:
    """sin²2θ₁₂ = 4 s²(1 − s²) from NuFIT 6.0 (:data:`munu.mixing.NUFIT60`).

    Example:
        >>> round(default_sin2_2theta12(), 3)
        0.852
    """
    s2 = NUFIT60.sin2_theta12
    return 4.0 * s2 * (1.0 - s2)


def _sin2_2theta(value: float | None) -> float:
    if value is None:
        return default_sin2_2theta12()
    s = as_float(value, "sin2_2theta12", positive=True)
    if s > 1.0:
        raise InputError("sin2_2theta12", value, "a number in (0, 1]")
    return s


def _field_at_production(
    b_perp_kg: ArrayLike | Callable[[float], ArrayLike], r_production: float
) -> NDArray[np.float64]:
    r = as_float(r_production, "r_production", positive=True)
    if r >= 1.0:
        raise InputError("r_production", r_production, "a radius in units of R☉ in (0, 1)")
    value = b_perp_kg(r) if callable(b_perp_kg) else b_perp_kg
    return as_float_array(value, "b_perp_kg", positive=True)


def _limit_probability(limit: str | float) -> float:
    if isinstance(limit, str):
        if limit not in SOLAR_ANTINEUTRINO_LIMITS:
            raise UnknownNameError("limit", limit, list(SOLAR_ANTINEUTRINO_LIMITS))
        return SOLAR_ANTINEUTRINO_LIMITS[limit].probability
    p = as_float(limit, "limit", positive=True)
    if p >= 1.0:
        raise InputError("limit", limit, "a probability in (0, 1) or a name of a KamLAND limit")
    return p


def sfp_antineutrino_probability(
    mu_mu_b: ArrayLike,
    b_perp_kg: ArrayLike | Callable[[float], ArrayLike],
    *,
    sin2_2theta12: float | None = None,
    r_production: float = 0.05,
    coefficient: float = AKHMEDOV_PULIDO_COEFFICIENT,
) -> NDArray[np.float64]:
    """Solar P(ν_e → ν̄_e) from SFP + LMA oscillations, Eq. (AP).

    Args:
        mu_mu_b: transition moment in μ_B (≥ 0).
        b_perp_kg: transverse field in kG at the production radius, or a profile: a
            callable of r/R☉ returning kG, evaluated at ``r_production``.
        sin2_2theta12: sin²2θ₁₂; default from NuFIT 6.0.
        r_production: production radius in R☉ (0.05 for ⁸B).
        coefficient: κ (default: the Akhmedov–Pulido value, status R).

    Returns:
        P (broadcast over μ and B). It is valid only while P ≪ 1.

    Example:
        >>> float(sfp_antineutrino_probability(1e-12, 10.0, sin2_2theta12=1.0))
        1.800000e-10
    """
    mu = as_float_array(mu_mu_b, "mu_mu_b", nonnegative=True)
    b = _field_at_production(b_perp_kg, r_production)
    kappa = as_float(coefficient, "coefficient", positive=True)
    return kappa * _sin2_2theta(sin2_2theta12) * (mu / _MU_REF) ** 2 * (b / _B_REF_KG) ** 2


def sfp_moment_bound(
    b_perp_kg: ArrayLike | Callable[[float], ArrayLike],
    *,
    limit: str | float = "kamland2012",
    sin2_2theta12: float | None = None,
    r_production: float = 0.05,
    coefficient: float = AKHMEDOV_PULIDO_COEFFICIENT,
) -> NDArray[np.float64]:
    """Upper bound on μ (μ_B) for a given B_⊥ at the production region; ∝ 1/B_⊥ exactly.

    μ < 10⁻¹² μ_B · (10 kG / B_⊥) · √(P_max / (κ sin²2θ₁₂)).

    Args:
        b_perp_kg: B_⊥ in kG at ``r_production`` (or a profile callable of r/R☉).
        limit: a key of :data:`SOLAR_ANTINEUTRINO_LIMITS` (its CL is the CL of the
            result, 90 %) or an explicit P_max.
        sin2_2theta12: sin²2θ₁₂; default from NuFIT 6.0.
        r_production: production radius in R☉.
        coefficient: κ.

    Returns:
        The μ bound in μ_B.

    Example:
        >>> b = sfp_moment_bound([1e3, 1e4], limit="kamland2012")
        >>> bool(np.isclose(b[0] / b[1], 10.0))
        True
    """
    b = _field_at_production(b_perp_kg, r_production)
    p_max = _limit_probability(limit)
    kappa = as_float(coefficient, "coefficient", positive=True)
    return _MU_REF * (_B_REF_KG / b) * np.sqrt(p_max / (kappa * _sin2_2theta(sin2_2theta12)))


def sfp_field_bound(
    mu_mu_b: ArrayLike,
    *,
    limit: str | float = "kamland2012",
    sin2_2theta12: float | None = None,
    coefficient: float = AKHMEDOV_PULIDO_COEFFICIENT,
) -> NDArray[np.float64]:
    """Upper bound on B_⊥(0.05 R☉) in kG for a given moment μ (μ_B > 0); ∝ 1/μ.

    Example:
        >>> round(float(sfp_field_bound(1e-11, limit="kamland2004")) / 1e3, 2)
        1.35
    """
    mu = as_float_array(mu_mu_b, "mu_mu_b", positive=True)
    p_max = _limit_probability(limit)
    kappa = as_float(coefficient, "coefficient", positive=True)
    return _B_REF_KG * (_MU_REF / mu) * np.sqrt(p_max / (kappa * _sin2_2theta(sin2_2theta12)))
