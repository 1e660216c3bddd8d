"""Tests of munu.constants against values computed from CODATA/PDG (physics-facts.md §0)."""

import math

import pytest

from munu import constants as c
from munu.errors import UnknownNameError


def test_magnetic_prefactor():
    """π α²/m_e² (ħc)² = 2.4947×10⁻²⁵ cm² (physics-facts §0, [C]); tolerance 1e-4 relative."""
    assert pytest.approx(2.4947e-25, rel=1e-4, abs=0) == c.MAGNETIC_PREFACTOR_CM2
    # it is π r_e², an independent route through the classical electron radius
    assert pytest.approx(math.pi * c.R_E_CM**2, rel=1e-9, abs=0) == c.MAGNETIC_PREFACTOR_CM2


def test_weak_prefactor():
    """G_F² m_e/(2π) (ħc)² = 4.308×10⁻⁴⁵ cm²/MeV (physics-facts §0); tolerance 1e-3."""
    assert pytest.approx(4.308e-45, rel=1e-3, abs=0) == c.WEAK_PREFACTOR_CM2_PER_MEV


def test_codata_values():
    """CODATA 2022 (via scipy ≥ 1.15): m_e = 0.51099895069 MeV, α⁻¹ = 137.035999177,
    ħc = 197.3269804 MeV fm, ħ = 6.582119569e-16 eV s."""
    assert pytest.approx(0.51099895069, rel=1e-10) == c.M_E_MEV
    assert pytest.approx(137.035999177, rel=1e-10) == 1 / c.ALPHA
    assert pytest.approx(197.3269804, rel=1e-9) == c.HBARC_MEV_FM
    assert pytest.approx(6.582119569e-16, rel=1e-9, abs=0) == c.HBAR_EV_S
    assert pytest.approx(6.02214076e23, rel=1e-12) == c.AVOGADRO


def test_sin2_theta_w_default_and_named():
    """Default is the low-Q² MS-bar value 0.23868 (Erler & Ferro-Hernández 2018)."""
    assert c.SIN2_THETA_W == 0.23868
    assert c.sin2_theta_w("on_shell") == 0.22305
    with pytest.raises(UnknownNameError, match="msbar_low_q2"):
        c.sin2_theta_w("bogus")
