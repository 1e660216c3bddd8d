"""munu.moments / munu.mixing against published and independently computed numbers.

Each test names its reference and tolerance. The numbers are typed in here, independently of
the package constants.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from munu.mixing import PHASE_PER_EV2_M_PER_MEV, pmns
from munu.moments import (
    MomentMatrix,
    effective_moment_squared,
    msm_dirac_moment,
    radiative_decay_rate,
    radiative_lifetime_bound,
)


def test_msm_dirac_moment_per_ev():
    """μ = 3eG_F m/(8√2π²) = 3.20×10⁻¹⁹ μ_B (m/eV).

    Reference: Fujikawa & Shrock, PRL 45 (1980) 963; GEMMA (arXiv:0705.4576, Eq. 1) quotes
    ≈3×10⁻¹⁹; physics-facts §0 computes 3.203×10⁻¹⁹ from CODATA/PDG. Tolerance 0.05 %.
    Independent recomputation: G_F = 1.1663788×10⁻⁵ GeV⁻², m_e = 0.51099895 MeV.
    """
    expected = 3 * 1.1663788e-23 * 0.51099895e6 / (4 * math.sqrt(2) * math.pi**2)
    assert expected == pytest.approx(3.203e-19, rel=5e-4, abs=0.0)
    assert msm_dirac_moment(1.0) == pytest.approx(expected, rel=1e-6, abs=0.0)
    assert msm_dirac_moment(0.1) == pytest.approx(3.203e-20, rel=5e-4, abs=0.0)


def test_radiative_rate_one_bohr_magneton_one_ev():
    """Γ(μ = 1 μ_B, m_i = 1 eV, m_j = 0) = α m³/(8 m_e²)/ħ = 5.307 s⁻¹.

    Reference: Raffelt, Phys. Rept. 320 (1999) 319 (Γ = μ² m³/8π, "5.308 s⁻¹"); physics-facts
    §0/§2.5 (5.307 s⁻¹ from CODATA). Tolerance 0.05 %.
    """
    assert radiative_decay_rate(1.0, 1.0) == pytest.approx(5.307, rel=5e-4, abs=0.0)
    # phase-space factor ((m_i² − m_j²)/m_i²)³
    assert radiative_decay_rate(1.0, 1.0, 0.5) == pytest.approx(5.307 * 0.75**3, rel=5e-4)


@pytest.mark.parametrize(
    ("mu_limit", "m3tau"),
    [(1.3e-10, 1.11e19), (1.0e-10, 1.88e19), (7.4e-11, 3.44e19)],
)
def test_m3tau_bounds_from_reactor_limits(mu_limit, m3tau):
    """m³τ > 1/(5.307 s⁻¹ μ²) eV³ s for the TEXONO 2003 (1.3×10⁻¹⁰, 90 % CL; PRL 90 (2003)
    131802, hep-ex/0212003), 1.0×10⁻¹⁰ and TEXONO 2007 (7.4×10⁻¹¹) limits.

    Reference: physics-facts §0 and §11 (1.11e19 / 1.88e19 / 3.44e19 eV³ s with the standard
    rate). Tolerance 0.5 % (3 significant figures). TEXONO's own quoted 2.8×10¹⁸ is not tested
    (unverified; it corresponds to convention="texono2003", a rate four times larger).
    """
    assert radiative_lifetime_bound(mu_limit) == pytest.approx(m3tau, rel=5e-3)


def test_texono_convention_factor_four():
    """convention="texono2003" gives exactly a quarter of the standard m³τ bound
    (1.3×10⁻¹⁰ μ_B → 2.79×10¹⁸ eV³ s, physics-facts §11 "obtained exactly with a rate four
    times larger"). Tolerance 0.5 %."""
    assert radiative_lifetime_bound(1.3e-10, convention="texono2003") == pytest.approx(
        1.11e19 / 4, rel=5e-3
    )


def test_oscillation_phase_constant():
    """Δm²L/(4E) = 1.267 Δm²[eV²] L[m]/E[MeV] (the "1.27" of the PDG review "Neutrino masses,
    mixing and oscillations"). Independent value 1/(4 × 0.1973269804): tolerance 1e-6."""
    half_phase = PHASE_PER_EV2_M_PER_MEV / 2
    assert half_phase == pytest.approx(1 / (4 * 0.1973269804), rel=1e-6)


def test_reactor_effective_moment_equals_diagonal_for_flavour_diagonal_dirac():
    """A Dirac matrix that is diagonal in the *flavour* basis with μ_ee only,
    μ = U† diag(μ_e, 0, 0) U, gives μ_eff(ν̄_e, L → 0) = μ_e exactly: the reactor measures the
    flavour moment μ_ν̄e (Beacom & Vogel, PRL 83 (1999) 5222, hep-ph/9907383). Tolerance 1e-9.
    """
    u = pmns()
    flav = np.diag([3e-11, 0.0, 0.0]).astype(complex)
    # mass basis: μ_jk = Σ_αβ U*_αj μ_αβ U_βk
    mu_mass = u.conj().T @ flav @ u
    m = MomentMatrix.dirac(mu_mass)
    val = float(effective_moment_squared(m, "nuebar", 0.0, 3.0))
    assert val == pytest.approx(9e-22, rel=1e-9, abs=0.0)
    val_nu = float(effective_moment_squared(m, "nue", 0.0, 3.0))
    assert val_nu == pytest.approx(9e-22, rel=1e-9, abs=0.0)
