"""How the magnetic-moment sensitivity of a counting experiment scales (review Eq. 5).

Derivation. In a window of recoil energies the magnetic signal is S = R μ² M t, with R the
signal rate per unit μ² per unit detector mass (∝ the neutrino flux φ and the integral of the
1/T cross section over the window, so it grows with a lower threshold), M the detector mass and
t the time; the background is B M t counts (B per unit mass and time in the window).

* Background-dominated (B M t ≫ 1): the smallest detectable signal is a fixed number of
  standard deviations of the background, S ≈ z √(B M t), hence

      μ² ∝ √(B M t) / (R M t) = √(B/(M t)) / R   ⇒   μ ∝ [B/(M t)]^{1/4} / √R,

  the review's Eq. 5 (H.T. Wong, hep-ex/0409003, prospects section): the sensitivity improves
  only as the fourth root of exposure and background, but as the square root of R (flux,
  threshold).
* Background-free (B M t ≲ 1): a fixed number of signal events is needed (2.3 for 90 % CL
  with none observed), so μ² ∝ 1/(R M t) and μ ∝ (R M t)^{−1/2}; B drops out.

:func:`mu_sensitivity_scaling` applies either law to a reference sensitivity;
:func:`mu_sensitivity_counting` gives the median expected upper limit of a single counting
window (background known, observation equal to its expectation), which interpolates between the
two regimes. Full spectral limits with on/off data belong in :mod:`munu.stats`.

Example:
    >>> from munu.scaling import mu_sensitivity_scaling
    >>> mu_sensitivity_scaling(1.0e-10, mass_ratio=16.0)  # 16× the mass: 2× better
    5.000000e-11
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammainccinv

from munu._validate import as_float_array, check_choice
from munu.errors import InputError

__all__ = ["REGIMES", "mu_sensitivity_counting", "mu_sensitivity_scaling"]

#: Regimes of :func:`mu_sensitivity_scaling`.
REGIMES: tuple[str, ...] = ("background", "background_free")


def _out(arr: NDArray[np.float64]) -> NDArray[np.float64] | float:
    return float(arr) if arr.ndim == 0 else arr


def mu_sensitivity_scaling(
    reference_mu: ArrayLike,
    *,
    rate_ratio: ArrayLike = 1.0,
    background_ratio: ArrayLike = 1.0,
    mass_ratio: ArrayLike = 1.0,
    time_ratio: ArrayLike = 1.0,
    regime: str = "background",
) -> NDArray[np.float64] | float:
    """Scale a μ sensitivity to another flux, background, mass or running time.

    ``regime="background"`` (review Eq. 5): μ = μ_ref · [B_r/(M_r t_r)]^{1/4} / √R_r.
    ``regime="background_free"``: μ = μ_ref / √(R_r M_r t_r) (``background_ratio`` ignored).
    Subscript r denotes new/reference ratios; R is the signal rate per unit μ² and mass
    (∝ flux). See the module docstring for the derivation.

    Args:
        reference_mu: sensitivity of the reference configuration in μ_B (> 0).
        rate_ratio: R_new / R_ref (> 0), e.g. the flux ratio.
        background_ratio: B_new / B_ref (> 0), background per unit mass, time and energy.
        mass_ratio: M_new / M_ref (> 0).
        time_ratio: t_new / t_ref (> 0).
        regime: ``"background"`` or ``"background_free"``.

    Returns:
        The scaled sensitivity in μ_B (float for scalar inputs; arrays broadcast).

    Example:
        >>> round(mu_sensitivity_scaling(1e-10, rate_ratio=4.0, background_ratio=0.01), 13)
        1.58e-11
        >>> mu_sensitivity_scaling(1e-10, time_ratio=4.0, regime="background_free")
        5.000000e-11
    """
    check_choice(regime, "regime", REGIMES)
    mu = as_float_array(reference_mu, "reference_mu", positive=True)
    r = as_float_array(rate_ratio, "rate_ratio", positive=True)
    b = as_float_array(background_ratio, "background_ratio", positive=True)
    m = as_float_array(mass_ratio, "mass_ratio", positive=True)
    t = as_float_array(time_ratio, "time_ratio", positive=True)
    try:
        np.broadcast_shapes(mu.shape, r.shape, b.shape, m.shape, t.shape)
    except ValueError:
        raise InputError("rate_ratio", rate_ratio, "arrays broadcastable together") from None
    if regime == "background":
        out = mu * (b / (m * t)) ** 0.25 / np.sqrt(r)
    else:
        out = mu / np.sqrt(r * m * t)
    return _out(np.asarray(out))


def mu_sensitivity_counting(
    signal_counts_at_reference: ArrayLike,
    background_counts: ArrayLike,
    *,
    reference_mu: float = 1e-10,
    cl: float = 0.9,
) -> NDArray[np.float64] | float:
    """Median expected upper limit on μ from one counting window.

    The signal is s(μ) = s_ref (μ/μ_ref)², the background b is known, and the observation is
    taken equal to its expectation n = b. The classical (Neyman) Poisson upper limit s_up
    solves P(N ≤ n | s_up + b) = 1 − CL; with the continuous extension of the Poisson CDF,
    P(N ≤ n | λ) = Q(n + 1, λ) (regularised upper incomplete gamma), so
    s_up = Q⁻¹(b + 1, 1 − CL) − b. For b = 0 this is −ln(1 − CL) = 2.303 events at 90 % CL
    (background-free: μ ∝ 1/√s_ref); for b ≫ 1 it tends to z √b with z = 1.28
    (background-dominated: μ ∝ b^{1/4}/√s_ref, the review's Eq. 5). The result is
    μ_ref √(s_up/s_ref).
    A sensitivity estimate, not a Feldman–Cousins limit (see :mod:`munu.stats` for those).

    Args:
        signal_counts_at_reference: expected magnetic signal counts at μ = ``reference_mu``
            (> 0).
        background_counts: expected background counts in the same window (≥ 0).
        reference_mu: the μ (in μ_B) at which the signal counts are given (> 0).
        cl: confidence level, in (0, 1).

    Returns:
        The μ upper limit in μ_B (float for scalar inputs).

    Example:
        >>> round(mu_sensitivity_counting(2.302585, 0.0) / 1e-10, 4)
        1.0
        >>> round(mu_sensitivity_counting(100.0, 1e4) / 1e-11, 2)  # s_up ≈ 1.28·√b + 1
        11.37
    """
    s_ref = as_float_array(signal_counts_at_reference, "signal_counts_at_reference", positive=True)
    b = as_float_array(background_counts, "background_counts", nonnegative=True)
    mu_ref = as_float_array(reference_mu, "reference_mu", positive=True)
    if mu_ref.ndim != 0:
        raise InputError("reference_mu", reference_mu, "a single number in μ_B")
    level = as_float_array(cl, "cl")
    if level.ndim != 0 or not 0.0 < float(level) < 1.0:
        raise InputError("cl", cl, "a number in (0, 1)")
    try:
        np.broadcast_shapes(s_ref.shape, b.shape)
    except ValueError:
        raise InputError(
            "background_counts", background_counts, "an array broadcastable with the signal"
        ) from None
    s_up = gammainccinv(b + 1.0, 1.0 - float(level)) - b
    return _out(np.asarray(float(mu_ref) * np.sqrt(s_up / s_ref)))
