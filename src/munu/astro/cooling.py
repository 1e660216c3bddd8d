"""Energy-loss (cooling) arguments: turn an allowed extra energy loss into a μ bound.

Every stellar energy-loss bound on μ has the same structure: the emission through the magnetic
moment grows as μ², so if a star tolerates an extra loss up to a fraction δ of some reference
loss, then μ ≤ μ₁ √δ, where μ₁ is the moment giving δ = 1.

Two calculators follow from this.

* :func:`red_giant_bound`: the extra plasmon-decay emission at helium-ignition conditions in
  a red-giant core (ρ ≈ 10⁶ g/cm³, T ≈ 10⁸ K, Y_e = ½; Raffelt, *Stars as Laboratories*,
  1996) may not exceed a fraction δ of the standard-model plasmon emission. Here
  μ₁ = [Q_μ/Q_SM per μ²]^{-1/2} comes from :func:`munu.astro.plasmon.emissivity_ratio`.
  With δ = 1 (the new channel no larger than the standard one) this gives
  μ ≈ 3.2×10⁻¹² μ_B. That is the scale of Raffelt's red-giant bound, 3×10⁻¹² μ_B
  (PRL 64 (1990) 2856). The calculator is an **order-of-magnitude energy-loss criterion**,
  not the stellar-evolution analysis behind the published numbers. For those use the
  catalogue (:func:`munu.astro.astro_bounds`), e.g. Capozzi & Raffelt 2020
  (arXiv:2007.03694): 1.2–1.5×10⁻¹² μ_B at 95 % C.L.
* :func:`scale_energy_loss_bound`: rescale a published bound to a different allowed loss,
  μ_new = μ_ref (L_new/L_ref)^{1/2}. This holds whenever the extra emission is ∝ μ² and
  free-streaming, as in the SN 1987A ν_R argument for Dirac neutrinos.
  :func:`supernova_bound` applies it to the Ayala–D'Olivo–Torres range.

Example:
    >>> round(float(red_giant_bound()) / 1e-12, 1)
    3.2
    >>> round(float(scale_energy_loss_bound(4e-12, 0.5)) / 1e-12, 2)
    2.83
"""

from __future__ import annotations

import numpy as np
import scipy.constants as _sc
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array
from munu.astro.catalogue import astro_bound
from munu.astro.plasmon import emissivity_ratio
from munu.constants import SIN2_THETA_W
from munu.errors import DataError

__all__ = [
    "HELIUM_IGNITION_RHO_G_CM3",
    "HELIUM_IGNITION_T_KEV",
    "kelvin_to_kev",
    "red_giant_bound",
    "scale_energy_loss_bound",
    "supernova_bound",
]

#: Boltzmann constant in keV/K (CODATA 2022 via scipy.constants).
_K_B_KEV_PER_K: float = _sc.physical_constants["Boltzmann constant in eV/K"][0] * 1e-3


def kelvin_to_kev(t_kelvin: ArrayLike) -> NDArray[np.float64]:
    """Convert a temperature in K to k_B T in keV.

    Example:
        >>> round(float(kelvin_to_kev(1e8)), 3)
        8.617
    """
    return as_float_array(t_kelvin, "t_kelvin", positive=True) * _K_B_KEV_PER_K


#: Central density of a red-giant core near helium ignition, g/cm³ (Raffelt 1996, order of
#: magnitude; the task's stated input).
HELIUM_IGNITION_RHO_G_CM3: float = 1.0e6
#: Core temperature at helium ignition, 10⁸ K, in keV.
HELIUM_IGNITION_T_KEV: float = float(kelvin_to_kev(1.0e8))


def red_giant_bound(
    allowed_fraction: ArrayLike = 1.0,
    rho_g_cm3: ArrayLike = HELIUM_IGNITION_RHO_G_CM3,
    t_kev: ArrayLike = HELIUM_IGNITION_T_KEV,
    y_e: float = 0.5,
    *,
    method: str = "raffelt",
    sin2_theta_w: float = SIN2_THETA_W,
) -> NDArray[np.float64]:
    """μ bound (μ_B) from requiring Q_μ ≤ δ · Q_SM(plasmon) at red-giant core conditions.

    Inputs (defaults): ρ = 10⁶ g/cm³, T = 10⁸ K = 8.617 keV, Y_e = ½ (helium core). Together
    they give ω_P = 18.0 keV for the degenerate electron gas, and δ = 1. Then
    μ = √(δ / r), with r = Q_μ/Q_SM per unit μ² from
    :func:`munu.astro.plasmon.emissivity_ratio`.

    Args:
        allowed_fraction: δ, the allowed extra loss as a fraction of the SM plasmon loss
            (> 0, array-like).
        rho_g_cm3: core density in g/cm³.
        t_kev: core temperature in keV (used by ``method="transverse"``).
        y_e: electrons per baryon.
        method: ``"raffelt"`` (Q_μ/Q_SM ≈ 0.318 μ₁₂² (10 keV/ω_P)²) or ``"transverse"``
            (thermal average over transverse plasmons).
        sin2_theta_w: weak mixing angle entering Σ C_V².

    Returns:
        The upper bound on μ in μ_B, broadcast over the inputs. It scales as √δ exactly.

    Example:
        >>> round(float(red_giant_bound(method="transverse")) / 1e-12, 1)
        3.3
    """
    delta = as_float_array(allowed_fraction, "allowed_fraction", positive=True)
    per_mu2 = emissivity_ratio(1.0, rho_g_cm3, t_kev, y_e, method=method, sin2_theta_w=sin2_theta_w)
    return np.sqrt(delta / per_mu2)


def scale_energy_loss_bound(
    mu_ref_mu_b: ArrayLike, loss_ratio: ArrayLike, *, power: float = 2.0
) -> NDArray[np.float64]:
    """Rescale a bound when the allowed energy loss changes by ``loss_ratio`` = L_new/L_ref.

    If the extra luminosity scales as μ^power (power = 2 for any single-flip emission,
    plasmon decay or ν_L → ν_R), then μ_new = μ_ref · (L_new/L_ref)^{1/power}.

    Args:
        mu_ref_mu_b: reference bound in μ_B (> 0).
        loss_ratio: L_new/L_ref (> 0).
        power: exponent of μ in the emission rate (> 0).

    Returns:
        The rescaled bound in μ_B.

    Example:
        >>> float(scale_energy_loss_bound(3e-12, 4.0))
        6.000000e-12
    """
    mu = as_float_array(mu_ref_mu_b, "mu_ref_mu_b", positive=True)
    ratio = as_float_array(loss_ratio, "loss_ratio", positive=True)
    p = as_float(power, "power", positive=True)
    return mu * ratio ** (1.0 / p)


def supernova_bound(allowed_fraction: ArrayLike = 1.0) -> NDArray[np.float64]:
    """SN 1987A Dirac bound rescaled to an allowed ν_R energy fraction, as (low, high) in μ_B.

    Reference point: Ayala, D'Olivo & Torres (arXiv:hep-ph/9804230). They find
    μ < (0.1–0.4)×10⁻¹¹ μ_B when the ν_R may not carry away the entire collapse energy,
    which is ``allowed_fraction = 1``. The ν_R luminosity is ∝ μ². A stricter requirement,
    for example that ν_R carry at most a fraction f of the energy, therefore scales both ends
    by √f. This holds only for Dirac neutrinos with no other new interactions, and it does
    not add precision to the published range.

    Args:
        allowed_fraction: fraction f of the collapse energy that ν_R may carry (> 0).

    Returns:
        Array of shape ``(..., 2)``: the rescaled (low, high) ends of the range.

    Example:
        >>> [round(float(v) / 1e-12, 2) for v in supernova_bound(0.25)]
        [0.5, 2.0]
    """
    ref = astro_bound("sn1987a_ayala1999")
    if ref.value_range_mu_b is None:
        raise DataError("astro_bounds.yaml: sn1987a_ayala1999 lost its value_range_mu_b")
    frac = as_float_array(allowed_fraction, "allowed_fraction", positive=True)
    ends = np.asarray(ref.value_range_mu_b)
    return scale_energy_loss_bound(ends, frac[..., None])
