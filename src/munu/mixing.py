"""Three-flavour neutrino mixing: PMNS matrix, vacuum oscillations and adiabatic solar MSW.

The magnetic moments live in the mass basis (review hep-ex/0409003, Eq. 1), while neutrinos are
produced as flavour states. This module provides what connects the two (review Eq. 2):

* :func:`pmns` — the lepton mixing matrix ``U[α, k]`` in the PDG parametrisation;
* :func:`vacuum_amplitudes` — the amplitude of each mass state ν_k at distance L from a
  source of flavour α (reactor, accelerator, tritium: a *coherent* superposition);
* :func:`vacuum_probability` — flavour transition probabilities P(α → β);
* :func:`msw_mass_state_fractions` — the *incoherent* mass-state composition of solar ν_e
  after adiabatic MSW conversion (day time, no Earth matter), and
  :func:`msw_survival_probability`.

What to use when: a terrestrial source at a known distance → :func:`vacuum_amplitudes`
(feed it to :func:`munu.moments.effective_moment_squared`); solar neutrinos →
:func:`msw_mass_state_fractions` (feed it to
:func:`munu.moments.effective_moment_squared_from_fractions`).

Conventions (Giunti & Kim, *Fundamentals of Neutrino Physics and Astrophysics*, OUP 2007,
chapter on vacuum oscillations; PDG Review "Neutrino masses, mixing and oscillations"):

* flavour fields ν_α = Σ_k U_αk ν_k, so a neutrino state produced as flavour α is
  |ν_α⟩ = Σ_k U*_αk |ν_k⟩ and an antineutrino state is |ν̄_α⟩ = Σ_k U_αk |ν̄_k⟩;
* after a distance L the state ν_k has acquired the phase exp(−i m_k² L / 2E), so the
  oscillation amplitude is A(ν_α → ν_β) = Σ_k U*_αk U_βk exp(−i m_k² L/2E) and
  A(ν̄_α → ν̄_β) = Σ_k U_αk U*_βk exp(−i m_k² L/2E).

Example:
    >>> import numpy as np
    >>> from munu.mixing import NUFIT60, msw_survival_probability, vacuum_probability
    >>> round(float(vacuum_probability("nuebar", "nuebar", 0.0, 3.0)), 12)
    1.0
    >>> round(float(msw_survival_probability(0.2, 100 * 6.02214076e23)), 2)
    0.54
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array, check_choice
from munu.constants import G_F_MEV2, HBARC_MEV_CM, HBARC_MEV_FM
from munu.errors import InputError, UnknownNameError

__all__ = [
    "FLAVOUR_INDEX",
    "LMA2004",
    "LMA2008",
    "NAMED_PARAMETERS",
    "NUFIT51",
    "NUFIT60",
    "PHASE_PER_EV2_M_PER_MEV",
    "OscillationParameters",
    "mass_squares_ev2",
    "matter_potential_ev",
    "msw_mass_state_fractions",
    "msw_survival_probability",
    "oscillation_parameters",
    "pmns",
    "vacuum_amplitudes",
    "vacuum_probability",
]

#: Flavour name → (row of U, is_antineutrino).
FLAVOUR_INDEX: dict[str, tuple[int, bool]] = {
    "nue": (0, False),
    "nuebar": (0, True),
    "numu": (1, False),
    "numubar": (1, True),
    "nutau": (2, False),
    "nutaubar": (2, True),
}

#: m²L/(2E) in radians for m² in eV², L in m and E in MeV: 1/(2 ħc · 10⁶ eV/MeV) with
#: ħc = 1.97327×10⁻⁷ eV·m (CODATA via :data:`munu.constants.HBARC_MEV_FM`) ⇒ 2.53387. The
#: familiar oscillation phase Δm²L/(4E) = 1.26693 Δm²[eV²] L[m] / E[MeV] is half of it.
PHASE_PER_EV2_M_PER_MEV: float = 1.0 / (2.0 * (HBARC_MEV_FM * 1e6 * 1e-15) * 1e6)


@dataclass(frozen=True)
class OscillationParameters:
    """Three-flavour oscillation parameters (PDG parametrisation).

    Attributes:
        sin2_theta12: sin²θ₁₂, in [0, 1].
        sin2_theta13: sin²θ₁₃, in [0, 1].
        sin2_theta23: sin²θ₂₃, in [0, 1].
        delta_cp: Dirac CP phase δ in radians (any finite value).
        dm21_ev2: Δm²₂₁ = m₂² − m₁² in eV², > 0.
        dm31_ev2: Δm²₃₁ = m₃² − m₁² in eV², signed: > 0 normal ordering (NO), < 0 inverted (IO);
            its magnitude must exceed Δm²₂₁ in NO.
        alpha21: Majorana phase α₂₁ in radians (used only by ``pmns(..., majorana=True)``).
        alpha31: Majorana phase α₃₁ in radians.
        name: label for printing (not used in any computation).

    Example:
        >>> p = OscillationParameters(0.307, 0.022, 0.56, 3.09, 7.49e-5, 2.534e-3)
        >>> p.ordering
        'NO'
    """

    sin2_theta12: float
    sin2_theta13: float
    sin2_theta23: float
    delta_cp: float
    dm21_ev2: float
    dm31_ev2: float
    alpha21: float = 0.0
    alpha31: float = 0.0
    name: str = ""

    def __post_init__(self) -> None:
        for field in ("sin2_theta12", "sin2_theta13", "sin2_theta23"):
            value = as_float(getattr(self, field), field)
            if not 0.0 <= value <= 1.0:
                raise InputError(field, value, "a number in [0, 1]")
            object.__setattr__(self, field, value)
        for field in ("delta_cp", "alpha21", "alpha31"):
            object.__setattr__(self, field, as_float(getattr(self, field), field))
        dm21 = as_float(self.dm21_ev2, "dm21_ev2", positive=True)
        dm31 = as_float(self.dm31_ev2, "dm31_ev2")
        if dm31 == 0.0 or (dm31 > 0.0 and dm31 <= dm21):
            raise InputError(
                "dm31_ev2", dm31, "a non-zero value in eV², > dm21_ev2 (NO) or < 0 (IO)"
            )
        object.__setattr__(self, "dm21_ev2", dm21)
        object.__setattr__(self, "dm31_ev2", dm31)
        if not isinstance(self.name, str):
            raise InputError("name", self.name, "a string")

    @property
    def ordering(self) -> str:
        """``"NO"`` (normal, Δm²₃₁ > 0) or ``"IO"`` (inverted)."""
        return "NO" if self.dm31_ev2 > 0 else "IO"

    @property
    def theta12_deg(self) -> float:
        """θ₁₂ in degrees."""
        return math.degrees(math.asin(math.sqrt(self.sin2_theta12)))

    @property
    def theta13_deg(self) -> float:
        """θ₁₃ in degrees."""
        return math.degrees(math.asin(math.sqrt(self.sin2_theta13)))

    @property
    def theta23_deg(self) -> float:
        """θ₂₃ in degrees."""
        return math.degrees(math.asin(math.sqrt(self.sin2_theta23)))

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        text = (
            f"OscillationParameters({label}{self.ordering}: "
            f"sin²θ12={self.sin2_theta12:.4g}, sin²θ13={self.sin2_theta13:.4g}, "
            f"sin²θ23={self.sin2_theta23:.4g}, δ={math.degrees(self.delta_cp):.4g}°, "
            f"Δm²21={self.dm21_ev2:.4g} eV², Δm²31={self.dm31_ev2:.4g} eV²"
        )
        if self.alpha21 or self.alpha31:
            text += (
                f", α21={math.degrees(self.alpha21):.4g}°, α31={math.degrees(self.alpha31):.4g}°"
            )
        return text + ")"


def _sin2_deg(angle_deg: float) -> float:
    return math.sin(math.radians(angle_deg)) ** 2


#: NuFIT 6.0, normal ordering, without the SK atmospheric χ² table (Esteban et al., JHEP 12
#: (2024) 216, arXiv:2410.05380): θ₁₂ = 33.68°, θ₁₃ = 8.52°, θ₂₃ = 48.5°, δ = 177°,
#: Δm²₂₁ = 7.49×10⁻⁵ eV², Δm²₃₁ = +2.534×10⁻³ eV² (best fits; the sin² are computed from the
#: angles: 0.30753, 0.021950, 0.56093). The default everywhere.
NUFIT60 = OscillationParameters(
    sin2_theta12=_sin2_deg(33.68),
    sin2_theta13=_sin2_deg(8.52),
    sin2_theta23=_sin2_deg(48.5),
    delta_cp=math.radians(177.0),
    dm21_ev2=7.49e-5,
    dm31_ev2=2.534e-3,
    name="nufit60",
)

#: NuFIT 5.1, normal ordering, without SK atmospheric data (Esteban et al., JHEP 09 (2020) 178,
#: arXiv:2007.14792, v5.1 update at http://www.nu-fit.org): θ₁₂ = 33.44°, θ₁₃ = 8.57°,
#: θ₂₃ = 49.2°, δ = 195°, Δm²₂₁ = 7.42×10⁻⁵, Δm²₃₁ = 2.515×10⁻³ eV².
NUFIT51 = OscillationParameters(
    sin2_theta12=_sin2_deg(33.44),
    sin2_theta13=_sin2_deg(8.57),
    sin2_theta23=_sin2_deg(49.2),
    delta_cp=math.radians(195.0),
    dm21_ev2=7.42e-5,
    dm31_ev2=2.515e-3,
    name="nufit51",
)

#: LMA solution of the review era (KamLAND + solar, 2004; KamLAND, PRL 94 (2005) 081801,
#: hep-ex/0406035): Δm²₂₁ = 7.9×10⁻⁵ eV², tan²θ₁₂ = 0.40 (sin²θ₁₂ = 0.40/1.40), with θ₁₃ = 0 as
#: assumed then. θ₂₃ = 45° and Δm²₃₁ = 2.4×10⁻³ eV² (Super-Kamiokande L/E, PRL 93 (2004) 101801)
#: are irrelevant for ν_e/ν̄_e while θ₁₃ = 0.
LMA2004 = OscillationParameters(
    sin2_theta12=0.40 / 1.40,
    sin2_theta13=0.0,
    sin2_theta23=0.5,
    delta_cp=0.0,
    dm21_ev2=7.9e-5,
    dm31_ev2=2.4e-3,
    name="lma2004",
)

#: LMA after KamLAND 2008 (KamLAND, PRL 100 (2008) 221803, arXiv:0801.4589): Δm²₂₁ =
#: 7.59×10⁻⁵ eV², tan²θ₁₂ = 0.47, θ₁₃ = 0; θ₂₃ and Δm²₃₁ as in :data:`LMA2004` (irrelevant).
LMA2008 = OscillationParameters(
    sin2_theta12=0.47 / 1.47,
    sin2_theta13=0.0,
    sin2_theta23=0.5,
    delta_cp=0.0,
    dm21_ev2=7.59e-5,
    dm31_ev2=2.4e-3,
    name="lma2008",
)

#: Named parameter sets, for :func:`oscillation_parameters`.
NAMED_PARAMETERS: dict[str, OscillationParameters] = {
    "nufit60": NUFIT60,
    "nufit51": NUFIT51,
    "lma2004": LMA2004,
    "lma2008": LMA2008,
}


def oscillation_parameters(name: str = "nufit60") -> OscillationParameters:
    """Return a named oscillation-parameter set.

    Args:
        name: ``"nufit60"`` (default, NuFIT 6.0 NO), ``"nufit51"``, ``"lma2004"`` (the 2004
            KamLAND+solar LMA point of the review era, θ₁₃ = 0) or ``"lma2008"``.

    Returns:
        The :class:`OscillationParameters`.

    Raises:
        UnknownNameError: for an unknown name.

    Example:
        >>> round(oscillation_parameters("lma2004").sin2_theta12, 4)
        0.2857
    """
    try:
        return NAMED_PARAMETERS[name]
    except (KeyError, TypeError):
        raise UnknownNameError("name", name, list(NAMED_PARAMETERS)) from None


def _check_params(params: Any) -> OscillationParameters:
    if isinstance(params, str):
        return oscillation_parameters(params)
    if not isinstance(params, OscillationParameters):
        raise InputError("params", params, "an OscillationParameters or a parameter-set name")
    return params


def pmns(
    params: OscillationParameters | str = NUFIT60, *, majorana: bool = False
) -> NDArray[np.complex128]:
    """The PMNS mixing matrix in the PDG parametrisation.

    U = R₂₃ · U₁₃(δ) · R₁₂ (PDG Review of Particle Physics, "Neutrino masses, mixing and
    oscillations", standard parametrisation), times diag(1, e^{iα₂₁/2}, e^{iα₃₁/2}) on the
    right if ``majorana`` (the PDG Majorana-phase convention).

    Args:
        params: oscillation parameters (or the name of a set).
        majorana: include the Majorana phases α₂₁, α₃₁ of ``params``.

    Returns:
        Complex array ``U[α, k]`` of shape (3, 3): rows e, μ, τ; columns ν₁, ν₂, ν₃.

    Example:
        >>> u = pmns()
        >>> round(float(abs(u[0, 0]) ** 2), 4), round(float(abs(u[0, 2]) ** 2), 5)
        (0.6773, 0.02195)
    """
    p = _check_params(params)
    s12, s13, s23 = (
        math.sqrt(p.sin2_theta12),
        math.sqrt(p.sin2_theta13),
        math.sqrt(p.sin2_theta23),
    )
    c12, c13, c23 = (
        math.sqrt(1.0 - p.sin2_theta12),
        math.sqrt(1.0 - p.sin2_theta13),
        math.sqrt(1.0 - p.sin2_theta23),
    )
    ed = complex(math.cos(p.delta_cp), math.sin(p.delta_cp))  # e^{iδ}
    u = np.array(
        [
            [c12 * c13, s12 * c13, s13 / ed],
            [-s12 * c23 - c12 * s23 * s13 * ed, c12 * c23 - s12 * s23 * s13 * ed, s23 * c13],
            [s12 * s23 - c12 * c23 * s13 * ed, -c12 * s23 - s12 * c23 * s13 * ed, c23 * c13],
        ],
        dtype=complex,
    )
    if majorana:
        u = u * np.exp(1j * np.array([0.0, p.alpha21 / 2.0, p.alpha31 / 2.0]))[None, :]
    return u


def mass_squares_ev2(
    params: OscillationParameters | str = NUFIT60, m_lightest_ev: float = 0.0
) -> NDArray[np.float64]:
    """Squared masses (m₁², m₂², m₃²) in eV² for a given lightest mass.

    Normal ordering: m₁ = m_lightest; inverted: m₃ = m_lightest.

    Args:
        params: oscillation parameters (or the name of a set).
        m_lightest_ev: mass of the lightest state in eV (≥ 0).

    Returns:
        Array of shape (3,).

    Example:
        >>> mass_squares_ev2(m_lightest_ev=0.0).tolist()
        [0.0, 7.49e-05, 0.002534]
    """
    p = _check_params(params)
    m0 = as_float(m_lightest_ev, "m_lightest_ev", nonnegative=True)
    # NO: m1 is the lightest; IO: m3 is, so m1² = m3² − Δm²31 = m0² + |Δm²31|.
    m1sq = m0**2 if p.dm31_ev2 > 0 else m0**2 - p.dm31_ev2
    return np.array([m1sq, m1sq + p.dm21_ev2, m1sq + p.dm31_ev2])


def _flavour(flavour: Any, field: str) -> tuple[int, bool]:
    return FLAVOUR_INDEX[check_choice(flavour, field, tuple(FLAVOUR_INDEX))]


def _broadcast(field_a: str, a: NDArray[Any], field_b: str, b: NDArray[Any]) -> tuple[int, ...]:
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise InputError(
            field_b, b, f"an array broadcastable against {field_a} of shape {a.shape}"
        ) from None


def vacuum_amplitudes(
    flavour: str,
    baseline_m: ArrayLike,
    enu_mev: ArrayLike,
    params: OscillationParameters | str = NUFIT60,
    m_lightest_ev: float = 0.0,
    *,
    majorana: bool = False,
) -> NDArray[np.complex128]:
    """Mass-state amplitudes at distance L of a neutrino produced with a given flavour.

    For a neutrino produced as ν_α: a_k = U*_αk exp(−i m_k² L / 2E); for an antineutrino
    produced as ν̄_α: a_k = U_αk exp(−i m_k² L / 2E) (the state |ν̄_α⟩ = Σ_k U_αk |ν̄_k⟩; see
    the module docstring). The phase is m_k² L/(2E) = 2.53387 m_k²[eV²] L[m] / E[MeV]
    (:data:`PHASE_PER_EV2_M_PER_MEV`, from ħc). Vacuum propagation only (no Earth matter).
    The vector is normalised, Σ_k |a_k|² = 1; ``m_lightest_ev`` changes only a common phase.

    Args:
        flavour: flavour at production: ``"nue"``, ``"nuebar"``, ``"numu"``, ``"numubar"``,
            ``"nutau"``, ``"nutaubar"``.
        baseline_m: source–detector distance(s) in m (≥ 0).
        enu_mev: neutrino energies in MeV (> 0); broadcast against ``baseline_m``.
        params: oscillation parameters (or the name of a set).
        m_lightest_ev: lightest neutrino mass in eV.
        majorana: use U with the Majorana phases of ``params`` (:func:`pmns`); they are
            unobservable in oscillations but matter for Majorana transition moments.

    Returns:
        Complex array of shape ``broadcast(baseline_m, enu_mev).shape + (3,)``.

    Example:
        >>> a = vacuum_amplitudes("nuebar", 28.0, [1.0, 3.0])
        >>> a.shape
        (2, 3)
        >>> np.allclose(np.sum(abs(a) ** 2, axis=-1), 1.0)
        True
    """
    row, anti = _flavour(flavour, "flavour")
    p = _check_params(params)
    length = as_float_array(baseline_m, "baseline_m", nonnegative=True)
    energy = as_float_array(enu_mev, "enu_mev", positive=True)
    shape = _broadcast("baseline_m", length, "enu_mev", energy)
    msq = mass_squares_ev2(p, m_lightest_ev)
    u_row = pmns(p, majorana=majorana)[row]
    coeff = u_row if anti else np.conj(u_row)
    phase = PHASE_PER_EV2_M_PER_MEV * (np.broadcast_to(length / energy, shape))[..., None] * msq
    return coeff * np.exp(-1j * phase)


def vacuum_probability(
    alpha: str,
    beta: str,
    baseline_m: ArrayLike,
    enu_mev: ArrayLike,
    params: OscillationParameters | str = NUFIT60,
) -> NDArray[np.float64]:
    """Vacuum oscillation probability P(ν_α → ν_β) (or for antineutrinos).

    P = |Σ_k U_βk a_k|² for neutrinos and |Σ_k U*_βk a_k|² for antineutrinos, with a_k from
    :func:`vacuum_amplitudes` (Giunti & Kim 2007, vacuum-oscillation chapter).

    Args:
        alpha: flavour at production (see :func:`vacuum_amplitudes`).
        beta: flavour detected; must be a neutrino if ``alpha`` is, an antineutrino if
            ``alpha`` is.
        baseline_m: distance(s) in m (≥ 0).
        enu_mev: energies in MeV (> 0).
        params: oscillation parameters (or the name of a set).

    Returns:
        Probabilities of shape ``broadcast(baseline_m, enu_mev).shape``.

    Example:
        >>> p = vacuum_probability("nuebar", "nuebar", 52_500.0, 4.0)
        >>> 0.0 < float(p) < 1.0
        True
    """
    _, anti_a = _flavour(alpha, "alpha")
    row_b, anti_b = _flavour(beta, "beta")
    if anti_a != anti_b:
        kind = "an antineutrino flavour" if anti_a else "a neutrino flavour"
        raise InputError("beta", beta, f"{kind} (same particle type as alpha={alpha!r})")
    p = _check_params(params)
    a = vacuum_amplitudes(alpha, baseline_m, enu_mev, p)
    u_row = pmns(p)[row_b]
    proj = np.conj(u_row) if anti_b else u_row
    return np.abs(np.sum(proj * a, axis=-1)) ** 2


def matter_potential_ev(electron_density_per_cm3: ArrayLike) -> NDArray[np.float64]:
    """Charged-current matter potential V = √2 G_F n_e in eV.

    (Wolfenstein, PRD 17 (1978) 2369; Giunti & Kim 2007, matter-effects chapter.) With G_F from
    :mod:`munu.constants`, V = 7.63×10⁻¹⁴ eV × n_e / (N_A cm⁻³).

    Args:
        electron_density_per_cm3: electron number density in cm⁻³ (≥ 0).

    Returns:
        V in eV, same shape as the input.

    Example:
        >>> round(float(matter_potential_ev(6.02214076e23)) / 1e-14, 2)
        7.63
    """
    ne = as_float_array(electron_density_per_cm3, "electron_density_per_cm3", nonnegative=True)
    return math.sqrt(2.0) * G_F_MEV2 * ne * HBARC_MEV_CM**3 * 1e6


def msw_mass_state_fractions(
    enu_mev: ArrayLike,
    electron_density_per_cm3: ArrayLike,
    params: OscillationParameters | str = NUFIT60,
) -> NDArray[np.float64]:
    """Mass-state composition of solar ν_e after adiabatic MSW conversion (day time).

    A ν_e produced at electron density n_e is the matter eigenstate mixture
    (cos²θ₁₃ cos²θ₁₂ᵐ, cos²θ₁₃ sin²θ₁₂ᵐ, sin²θ₁₃) of ν₁ᵐ, ν₂ᵐ, ν₃ᵐ; adiabatic propagation
    turns each νₖᵐ into the vacuum state νₖ at the solar surface, and the states arrive
    incoherently. The 1–2 mixing angle in matter uses the effective density n_e cos²θ₁₃
    (the standard three-flavour reduction; Giunti & Kim 2007, solar-neutrino chapter; Goswami &
    Smirnov, PRD 72 (2005) 053011, hep-ph/0411359):

        cos 2θ₁₂ᵐ = (cos 2θ₁₂ − β) / √((cos 2θ₁₂ − β)² + sin² 2θ₁₂),
        β = 2√2 G_F n_e cos²θ₁₃ E / Δm²₂₁.

    Neglected: matter effects on θ₁₃ (A/Δm²₃₁ ≲ 0.06 for ⁸B at the solar centre, ≲ 0.3 % on
    P_ee) and regeneration in the Earth at night (a few per cent of the ⁸B night rate; the
    Super-Kamiokande day–night asymmetry is about −3 %). The adiabatic approximation holds
    for LMA parameters at all solar-neutrino energies.
    Only neutrinos (ν_e) — the Sun emits no antineutrinos.

    Args:
        enu_mev: neutrino energies in MeV (> 0).
        electron_density_per_cm3: electron density at the production point in cm⁻³ (≥ 0);
            broadcast against ``enu_mev`` (e.g. shape (n, 1) against (m,)).
        params: oscillation parameters (or the name of a set).

    Returns:
        Array of shape ``broadcast(enu_mev, electron_density_per_cm3).shape + (3,)`` with the
        probabilities of arriving as ν₁, ν₂, ν₃ (sums to 1).

    Example:
        >>> f = msw_mass_state_fractions([0.3, 10.0], 100 * 6.02214076e23)
        >>> np.round(f, 3)
        array([[0.652, 0.327, 0.022],
               [0.065, 0.913, 0.022]])
    """
    p = _check_params(params)
    energy = as_float_array(enu_mev, "enu_mev", positive=True)
    ne = as_float_array(electron_density_per_cm3, "electron_density_per_cm3", nonnegative=True)
    _broadcast("enu_mev", energy, "electron_density_per_cm3", ne)
    c13sq = 1.0 - p.sin2_theta13
    cos2 = 1.0 - 2.0 * p.sin2_theta12
    sin2sq = 4.0 * p.sin2_theta12 * (1.0 - p.sin2_theta12)
    # β = 2 V E / Δm²: V in eV, E in MeV → ×1e6 for eV².
    beta = 2.0 * matter_potential_ev(ne * c13sq) * energy * 1e6 / p.dm21_ev2
    denom = np.sqrt((cos2 - beta) ** 2 + sin2sq)
    # denom = 0 only if θ12 ∈ {0°, 90°} and β = cos 2θ12 exactly, where θ12ᵐ is undefined;
    # cos 2θ12ᵐ = 1 is used there. (With vanishing mixing the adiabatic assumption itself
    # fails at the level crossing, so such parameter sets are only meaningful off resonance.)
    safe = np.where(denom > 0.0, denom, 1.0)
    cos2m = np.where(denom > 0.0, (cos2 - beta) / safe, 1.0)
    f1 = c13sq * 0.5 * (1.0 + cos2m)
    f2 = c13sq * 0.5 * (1.0 - cos2m)
    f3 = np.broadcast_to(p.sin2_theta13, f1.shape)
    return np.stack([f1, f2, f3], axis=-1)


def msw_survival_probability(
    enu_mev: ArrayLike,
    electron_density_per_cm3: ArrayLike,
    params: OscillationParameters | str = NUFIT60,
) -> NDArray[np.float64]:
    """Adiabatic solar ν_e survival probability P_ee = Σ_k |U_ek|² f_k (day time).

    Equivalent to P_ee = cos⁴θ₁₃ · ½(1 + cos 2θ₁₂ cos 2θ₁₂ᵐ) + sin⁴θ₁₃ with f_k from
    :func:`msw_mass_state_fractions`.

    Args:
        enu_mev: neutrino energies in MeV (> 0).
        electron_density_per_cm3: electron density at production in cm⁻³ (≥ 0).
        params: oscillation parameters (or the name of a set).

    Returns:
        P_ee with shape ``broadcast(enu_mev, electron_density_per_cm3).shape``.

    Example:
        >>> round(float(msw_survival_probability(10.0, 100 * 6.02214076e23)), 2)
        0.32
    """
    p = _check_params(params)
    f = msw_mass_state_fractions(enu_mev, electron_density_per_cm3, p)
    return np.sum(np.abs(pmns(p)[0]) ** 2 * f, axis=-1)
