"""Plasmon decay γ* → νν̄ in a stellar plasma: standard-model versus magnetic-moment rates.

In a plasma the photon acquires an effective mass and can decay into a neutrino pair. The
standard-model (SM) decay proceeds through the electron vector current; a neutrino magnetic
moment μ adds a direct photon coupling. Per plasmon of energy ω and momentum k with residue Z
(Haft, Raffelt & Weiss, ApJ 425 (1994) 222, astro-ph/9309014; Raffelt, *Stars as
Laboratories for Fundamental Physics*, Chicago 1996, ch. 6):

    Γ_SM = C_V² G_F² / (48 π² α) · Z (ω² − k²)³ / ω,
    Γ_μ  = μ² / (24 π) · Z (ω² − k²)² / ω,

so that for the same plasmon

    Γ_μ / Γ_SM = 2π α μ² / (C_V² G_F² (ω² − k²)).                                    (R1)

Here μ² is the sum of |μ_ij|² over all final neutrino states (diagonal and transition, Dirac
or Majorana: the bound is on this sum) and C_V² is summed over the three flavours,
C_V = ½ + 2 sin²θ_W for ν_e and −½ + 2 sin²θ_W for ν_μ, ν_τ (axial-vector contributions are
suppressed for plasmon decay and dropped). With μ in Bohr magnetons μ_B = e/(2m_e), μ_B² =
πα/m_e². For transverse plasmons ω² − k² runs from ω_P² (k = 0) to the asymptotic mass
m_T² ≤ 3ω_P²/2, so replacing ω² − k² → ω_P² gives Raffelt's handy estimate of the ratio of
emissivities,

    Q_μ / Q_SM ≈ 0.318 (μ / 10⁻¹² μ_B)² (10 keV / ω_P)²                               (R2)

(the number 0.318 follows from (R1) for Σ C_V² = 0.930, i.e. sin²θ_W ≈ 0.231; with the
low-Q² value 0.23868 it is 0.309: see :func:`raffelt_ratio_coefficient`).

Status of the formulas: (R1) and (R2) are quoted from Raffelt's book and Haft et al. as cited
in munu's reference notes (physics-facts §5, status "R": not re-read from the source here).
(R2) is reproduced to 0.2 % from (R1) with standard constants, which checks the pair of
formulas against each other. The transverse dispersion relation and residue below are the
Braaten & Segel (PRD 48 (1993) 1478, hep-ph/9302213) forms written through the function g(x)
derived in :func:`_g_series`; their limits (Z → 1 and ω² − k² → ω_P² at k → 0; ω² − k² →
3ω_P²/2 for v_* → 1) are checked in the tests.

What to use when:

* :func:`plasma_frequency_kev` — ω_P of a degenerate electron gas (red-giant cores,
  white dwarfs); valid when T ≪ the Fermi kinetic energy (check with
  :func:`fermi_kinetic_energy_kev`).
* :func:`plasmon_rate_ratio` — exact per-plasmon ratio (R1) for a given ω² − k².
* :func:`emissivity_ratio` — ratio of emissivities: ``method="raffelt"`` is (R2);
  ``method="transverse"`` averages (R1) over the thermal transverse-plasmon population with
  the Braaten–Segel dispersion relation (longitudinal plasmons are not included).

Example:
    >>> round(float(plasma_frequency_kev(1e6)), 1)   # red-giant core, ρ = 10⁶ g/cm³, Y_e = ½
    18.0
    >>> round(float(emissivity_ratio(1e-12, 1e6, 8.617, sin2_theta_w=0.2317)), 3)
    0.098
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import simpson

from munu._validate import as_float, as_float_array, check_choice
from munu.constants import ALPHA, AVOGADRO, G_F_MEV2, HBARC_MEV_CM, M_E_MEV, SIN2_THETA_W
from munu.errors import ConvergenceError, InputError

__all__ = [
    "EMISSIVITY_METHODS",
    "electron_density_cm3",
    "emissivity_ratio",
    "fermi_kinetic_energy_kev",
    "fermi_momentum_kev",
    "fermi_velocity",
    "plasma_frequency_kev",
    "plasmon_rate_ratio",
    "raffelt_ratio_coefficient",
    "sum_cv2",
    "transverse_dispersion_kev",
    "transverse_polarisation_kev2",
    "transverse_residue",
]

#: Methods accepted by :func:`emissivity_ratio`.
EMISSIVITY_METHODS: tuple[str, ...] = ("raffelt", "transverse")

_KEV = 1e-3  # MeV per keV
#: μ_B² in MeV⁻² (μ_B = e/2m_e, e² = 4πα, natural Heaviside–Lorentz units).
_MU_B2_MEV2 = math.pi * ALPHA / M_E_MEV**2
_X_SERIES = 0.2  # below this x = v_* k/ω the series of g(x) is used (12 terms: error < 1e-16)


def sum_cv2(sin2_theta_w: float = SIN2_THETA_W) -> float:
    """Σ_flavours C_V² for plasmon decay: (½ + 2s²)² + 2(−½ + 2s²)², s² = sin²θ_W.

    Args:
        sin2_theta_w: weak mixing angle (default: :data:`munu.constants.SIN2_THETA_W`).

    Returns:
        The flavour-summed squared vector coupling (dimensionless).

    Example:
        >>> round(sum_cv2(0.2317), 3)
        0.931
    """
    s2 = as_float(sin2_theta_w, "sin2_theta_w")
    if not 0.0 < s2 < 1.0:
        raise InputError("sin2_theta_w", s2, "a number in (0, 1)")
    return (0.5 + 2.0 * s2) ** 2 + 2.0 * (-0.5 + 2.0 * s2) ** 2


def raffelt_ratio_coefficient(sin2_theta_w: float = SIN2_THETA_W) -> float:
    """Coefficient c in Q_μ/Q_SM ≈ c (μ/10⁻¹² μ_B)² (10 keV/ω_P)², from Eq. (R1).

    c = 2πα μ_B² 10⁻²⁴ / (Σ C_V² G_F² (10 keV)²). Raffelt's 0.318 corresponds to
    Σ C_V² ≈ 0.930 (sin²θ_W ≈ 0.231).

    Args:
        sin2_theta_w: weak mixing angle used in Σ C_V².

    Returns:
        The coefficient c (dimensionless).

    Example:
        >>> round(raffelt_ratio_coefficient(0.23122), 3)
        0.318
    """
    omega = 10.0 * _KEV
    return (
        2.0
        * math.pi
        * ALPHA
        * _MU_B2_MEV2
        * 1e-24
        / (sum_cv2(sin2_theta_w) * G_F_MEV2**2 * omega**2)
    )


def electron_density_cm3(rho_g_cm3: ArrayLike, y_e: float = 0.5) -> NDArray[np.float64]:
    """Electron number density n_e = ρ Y_e N_A in cm⁻³ (N_A ≈ 1/m_u per gram).

    Args:
        rho_g_cm3: mass density in g/cm³ (> 0).
        y_e: electrons per baryon, in (0, 1] (½ for helium, carbon, oxygen).

    Returns:
        n_e in cm⁻³, shaped like ``rho_g_cm3``.

    Example:
        >>> float(electron_density_cm3(2.0, 0.5)) / 6.02214076e23
        1.0
    """
    rho = as_float_array(rho_g_cm3, "rho_g_cm3", positive=True)
    ye = as_float(y_e, "y_e", positive=True)
    if ye > 1.0:
        raise InputError("y_e", ye, "a number in (0, 1]")
    return rho * ye * AVOGADRO


def fermi_momentum_kev(rho_g_cm3: ArrayLike, y_e: float = 0.5) -> NDArray[np.float64]:
    """Electron Fermi momentum p_F = ħc (3π² n_e)^{1/3} in keV.

    Args:
        rho_g_cm3: mass density in g/cm³.
        y_e: electrons per baryon.

    Returns:
        p_F in keV.

    Example:
        >>> round(float(fermi_momentum_kev(1e6)), 0)
        409.0
    """
    n_e = electron_density_cm3(rho_g_cm3, y_e)
    return HBARC_MEV_CM * np.cbrt(3.0 * math.pi**2 * n_e) / _KEV


def fermi_velocity(rho_g_cm3: ArrayLike, y_e: float = 0.5) -> NDArray[np.float64]:
    """Electron Fermi velocity v_F = p_F/E_F (units of c).

    For a degenerate gas this is also the Braaten–Segel parameter v_* = ω₁/ω_P.

    Example:
        >>> round(float(fermi_velocity(1e6)), 3)
        0.625
    """
    p_f = fermi_momentum_kev(rho_g_cm3, y_e) * _KEV
    return p_f / np.hypot(p_f, M_E_MEV)


def fermi_kinetic_energy_kev(rho_g_cm3: ArrayLike, y_e: float = 0.5) -> NDArray[np.float64]:
    """Fermi kinetic energy E_F − m_e in keV: compare with T to check degeneracy.

    Example:
        >>> round(float(fermi_kinetic_energy_kev(1e6)), 0)
        144.0
    """
    p_f = fermi_momentum_kev(rho_g_cm3, y_e) * _KEV
    return (np.hypot(p_f, M_E_MEV) - M_E_MEV) / _KEV


def plasma_frequency_kev(rho_g_cm3: ArrayLike, y_e: float = 0.5) -> NDArray[np.float64]:
    """Plasma frequency ω_P of a degenerate (T → 0) electron gas, in keV.

    Braaten & Segel (hep-ph/9302213): ω_P² = (4α/π) ∫ dp p²/E (1 − v²/3) f(E). For a
    completely degenerate gas the integral is elementary,
    ω_P² = (4α/3π) p_F³/E_F = 4πα n_e / E_F, valid from the non-relativistic
    (E_F → m_e: the classical 4πα n_e/m_e) to the relativistic regime. Thermal corrections
    are neglected, so T must be well below :func:`fermi_kinetic_energy_kev`; positrons are
    ignored (T ≪ m_e).

    Args:
        rho_g_cm3: mass density in g/cm³ (array-like, > 0).
        y_e: electrons per baryon.

    Returns:
        ω_P in keV, shaped like ``rho_g_cm3``.

    Example:
        >>> np.round(plasma_frequency_kev([1e4, 1e6]), 2)
        array([ 2.02, 18.  ])
    """
    n_e_mev3 = electron_density_cm3(rho_g_cm3, y_e) * HBARC_MEV_CM**3
    p_f = fermi_momentum_kev(rho_g_cm3, y_e) * _KEV
    e_f = np.hypot(p_f, M_E_MEV)
    return np.sqrt(4.0 * math.pi * ALPHA * n_e_mev3 / e_f) / _KEV


def _g_series(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """g(x) = [1 − (1 − x²) artanh(x)/x]/x² and g'(x), for 0 ≤ x < 1.

    The Braaten–Segel transverse polarisation function is π_T = (3/2) ω_P² g(v_* k/ω).
    Expanding artanh(x)/x = Σ x^{2n}/(2n+1) gives g(x) = Σ_{n≥1} 2 x^{2n−2}/(4n² − 1)
    = 2/3 + 2x²/15 + 2x⁴/35 + …, so π_T(k → 0) = ω_P² and, as x → 1, g → 1 and
    π_T → 3ω_P²/2 = m_T².
    """
    x = np.asarray(x, dtype=float)
    small = x < _X_SERIES
    xs = np.where(small, x, 0.0)
    n = np.arange(1, 13, dtype=float)
    coeff = 2.0 / (4.0 * n**2 - 1.0)
    powers = xs[..., None] ** (2.0 * n - 2.0)
    g_small = np.sum(coeff * powers, axis=-1)
    dcoeff = coeff[1:] * (2.0 * n[1:] - 2.0)
    dpowers = xs[..., None] ** (2.0 * n[1:] - 3.0)
    dg_small = np.sum(dcoeff * dpowers, axis=-1)

    xl = np.where(small, 0.5, x)
    big_l = np.arctanh(xl) / xl
    num = 1.0 - (1.0 - xl**2) * big_l
    g_large = num / xl**2
    dnum = 2.0 * xl * big_l - 1.0 / xl + (1.0 - xl**2) * big_l / xl
    dg_large = dnum / xl**2 - 2.0 * num / xl**3
    return np.where(small, g_small, g_large), np.where(small, dg_small, dg_large)


def transverse_polarisation_kev2(
    omega_kev: ArrayLike, k_kev: ArrayLike, omega_p_kev: ArrayLike, v_star: ArrayLike
) -> NDArray[np.float64]:
    """Braaten–Segel transverse polarisation π_T(ω, k) in keV², for ω > v_* k.

    π_T = (3ω_P²/2v_*²) [ω²/k² − (ω² − v_*²k²)/k² · (ω/2v_*k) ln((ω + v_*k)/(ω − v_*k))]
    = (3/2) ω_P² g(v_* k/ω) with g from :func:`_g_series`.

    Args:
        omega_kev: plasmon energy ω in keV.
        k_kev: plasmon momentum k in keV (≥ 0).
        omega_p_kev: plasma frequency in keV (> 0).
        v_star: typical electron velocity v_* = ω₁/ω_P in [0, 1) (v_F for a degenerate gas).

    Returns:
        π_T in keV² (broadcast shape of the inputs).

    Example:
        >>> float(transverse_polarisation_kev2(10.0, 0.0, 10.0, 0.5))
        100.0
    """
    omega = as_float_array(omega_kev, "omega_kev", positive=True)
    k = as_float_array(k_kev, "k_kev", nonnegative=True)
    wp = as_float_array(omega_p_kev, "omega_p_kev", positive=True)
    v = _check_v_star(v_star)
    x = v * k / omega
    if np.any(x >= 1.0):
        raise InputError("omega_kev", omega_kev, "ω > v_* k (time-like plasmon)")
    g, _ = _g_series(x)
    return 1.5 * wp**2 * g


def _check_v_star(v_star: ArrayLike) -> NDArray[np.float64]:
    v = as_float_array(v_star, "v_star", nonnegative=True)
    if np.any(v >= 1.0):
        raise InputError("v_star", v_star, "velocities in [0, 1)")
    return v


def transverse_dispersion_kev(
    k_kev: ArrayLike, omega_p_kev: ArrayLike, v_star: ArrayLike, *, max_iter: int = 60
) -> NDArray[np.float64]:
    """Transverse plasmon energy ω_T(k) from ω² = k² + π_T(ω, k), in keV.

    Solved by Newton iteration in s = ω², vectorised over all inputs (broadcast). The
    derivative dπ_T/ds = −(3/4) ω_P² x g'(x)/ω² ≤ 0 makes the iteration monotone.

    Args:
        k_kev: plasmon momentum in keV (≥ 0).
        omega_p_kev: plasma frequency in keV (> 0).
        v_star: electron velocity parameter in [0, 1).
        max_iter: Newton iterations allowed before :class:`munu.ConvergenceError`.

    Returns:
        ω_T in keV.

    Example:
        >>> round(float(transverse_dispersion_kev(0.0, 18.0, 0.6)), 6)
        18.0
    """
    k = as_float_array(k_kev, "k_kev", nonnegative=True)
    wp = as_float_array(omega_p_kev, "omega_p_kev", positive=True)
    v = _check_v_star(v_star)
    k, wp, v = np.broadcast_arrays(k, wp, v)
    s = k**2 + 1.5 * wp**2  # start above the root: F(s) = s − k² − π_T is increasing
    for _ in range(max_iter):
        omega = np.sqrt(s)
        x = v * k / omega
        g, dg = _g_series(x)
        f = s - k**2 - 1.5 * wp**2 * g
        dfds = 1.0 + 0.75 * wp**2 * x * dg / s
        step = f / dfds
        s = s - step
        if np.all(np.abs(step) <= 1e-12 * wp**2 + 8.0 * np.finfo(float).eps * s):
            return np.sqrt(s)
    raise ConvergenceError("transverse_dispersion_kev: Newton iteration did not converge")


def transverse_residue(
    k_kev: ArrayLike, omega_p_kev: ArrayLike, v_star: ArrayLike
) -> NDArray[np.float64]:
    """Residue Z_T = [1 − ∂π_T/∂ω²]⁻¹ of the transverse plasmon pole, in (0, 1].

    Computed from the same π_T as :func:`transverse_dispersion_kev` (so the two are
    consistent by construction); Z_T → 1 for k → 0 and for k → ∞.

    Example:
        >>> float(transverse_residue(0.0, 18.0, 0.6))
        1.0
    """
    omega = transverse_dispersion_kev(k_kev, omega_p_kev, v_star)
    k = np.asarray(k_kev, dtype=float)
    wp = np.asarray(omega_p_kev, dtype=float)
    v = np.asarray(v_star, dtype=float)
    x = v * k / omega
    _, dg = _g_series(x)
    return 1.0 / (1.0 + 0.75 * wp**2 * x * dg / omega**2)


def plasmon_rate_ratio(
    mu_mu_b: ArrayLike, mass2_kev2: ArrayLike, sin2_theta_w: float = SIN2_THETA_W
) -> NDArray[np.float64]:
    """Per-plasmon ratio Γ_μ/Γ_SM = 2πα μ² / (Σ C_V² G_F² (ω² − k²)), Eq. (R1).

    Args:
        mu_mu_b: magnetic moment in Bohr magnetons (≥ 0; the Σ|μ_ij|² moment).
        mass2_kev2: plasmon virtuality ω² − k² in keV² (> 0).
        sin2_theta_w: weak mixing angle for Σ C_V².

    Returns:
        Γ_μ/Γ_SM (broadcast shape), exactly ∝ μ².

    Example:
        >>> round(float(plasmon_rate_ratio(1e-12, 100.0, 0.23122)), 3)
        0.318
    """
    mu = as_float_array(mu_mu_b, "mu_mu_b", nonnegative=True)
    m2 = as_float_array(mass2_kev2, "mass2_kev2", positive=True) * _KEV**2
    return 2.0 * math.pi * ALPHA * _MU_B2_MEV2 * mu**2 / (sum_cv2(sin2_theta_w) * G_F_MEV2**2 * m2)


def _thermal_transverse_factor(
    omega_p_kev: NDArray[np.float64], v_star: NDArray[np.float64], t_kev: NDArray[np.float64]
) -> NDArray[np.float64]:
    """ω_P² ⟨(ω²−k²)²⟩/⟨(ω²−k²)³⟩ over thermal transverse plasmons (weights k² Z_T f_B)."""
    # k grid in units of T out to where the Bose factor is e^{-60}; Simpson's rule.
    u = np.linspace(0.0, 60.0, 601)
    k = t_kev[..., None] * u
    wp = omega_p_kev[..., None]
    v = v_star[..., None]
    omega = transverse_dispersion_kev(k, wp, v)
    x = v * k / omega
    _, dg = _g_series(x)
    z = 1.0 / (1.0 + 0.75 * wp**2 * x * dg / omega**2)
    m2 = omega**2 - k**2
    weight = k**2 * z / np.expm1(omega / t_kev[..., None])
    i2 = simpson(weight * m2**2, x=u, axis=-1)
    i3 = simpson(weight * m2**3, x=u, axis=-1)
    return omega_p_kev**2 * i2 / i3


def emissivity_ratio(
    mu_mu_b: ArrayLike,
    rho_g_cm3: ArrayLike,
    t_kev: ArrayLike,
    y_e: float = 0.5,
    *,
    method: str = "raffelt",
    sin2_theta_w: float = SIN2_THETA_W,
) -> NDArray[np.float64]:
    """Ratio Q_μ/Q_SM of magnetic-moment to SM plasmon-decay emissivity.

    ``method="raffelt"``: Eq. (R2), Q_μ/Q_SM = 2παμ²/(Σ C_V² G_F² ω_P²) with ω_P of the
    degenerate gas; independent of T, decreasing as 1/ω_P² (so as ρ^{-2/3} non-relativistically).
    ``method="transverse"``: the ratio averaged over the thermal population of transverse
    plasmons, Σ_k Z_T f_B (ω²−k²)² / Σ_k Z_T f_B (ω²−k²)³ with the Braaten–Segel dispersion;
    it lies between (2/3) and 1 times the Raffelt value because ω_P² ≤ ω²−k² ≤ 3ω_P²/2.
    Longitudinal plasmons are not included in either.

    Args:
        mu_mu_b: magnetic moment in μ_B (≥ 0).
        rho_g_cm3: density in g/cm³ (> 0).
        t_kev: temperature in keV (> 0; used by ``"transverse"`` only, but always checked).
        y_e: electrons per baryon.
        method: ``"raffelt"`` or ``"transverse"``.
        sin2_theta_w: weak mixing angle for Σ C_V².

    Returns:
        Q_μ/Q_SM, broadcast over ``mu_mu_b``, ``rho_g_cm3`` and ``t_kev``.

    Example:
        >>> r = emissivity_ratio(3e-12, 1e6, 8.617, method="transverse")
        >>> bool(0.8 < r / emissivity_ratio(3e-12, 1e6, 8.617) < 1.0)
        True
    """
    check_choice(method, "method", EMISSIVITY_METHODS)
    mu = as_float_array(mu_mu_b, "mu_mu_b", nonnegative=True)
    t = as_float_array(t_kev, "t_kev", positive=True)
    wp = plasma_frequency_kev(rho_g_cm3, y_e)
    mu, wp, t = _broadcast3(mu, wp, t)
    ratio = plasmon_rate_ratio(mu, wp**2, sin2_theta_w)
    if method == "transverse":
        v = fermi_velocity(rho_g_cm3, y_e)
        wp_b, v_b, t_b = np.broadcast_arrays(wp, np.broadcast_to(v, wp.shape), t)
        ratio = ratio * _thermal_transverse_factor(wp_b, v_b, t_b)
    return ratio


def _broadcast3(a: Any, b: Any, c: Any) -> tuple[NDArray[np.float64], ...]:
    try:
        return tuple(np.broadcast_arrays(a, b, c))
    except ValueError:
        raise InputError(
            "mu_mu_b, rho_g_cm3, t_kev",
            (np.shape(a), np.shape(b), np.shape(c)),
            "shapes that broadcast together",
        ) from None
