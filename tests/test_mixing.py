"""Tests of munu.mixing: PMNS matrix, vacuum oscillations, adiabatic solar MSW."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.errors import InputError, MunuError, UnknownNameError
from munu.mixing import (
    LMA2004,
    NUFIT60,
    PHASE_PER_EV2_M_PER_MEV,
    OscillationParameters,
    mass_squares_ev2,
    matter_potential_ev,
    msw_mass_state_fractions,
    msw_survival_probability,
    oscillation_parameters,
    pmns,
    vacuum_amplitudes,
    vacuum_probability,
)

N_A = 6.02214076e23
FLAVOURS = ("nue", "numu", "nutau")
ANTI = ("nuebar", "numubar", "nutaubar")

sin2 = st.floats(0.0, 1.0)
phase = st.floats(-2 * math.pi, 2 * math.pi)
params_st = st.builds(
    OscillationParameters,
    sin2_theta12=sin2,
    sin2_theta13=sin2,
    sin2_theta23=sin2,
    delta_cp=phase,
    dm21_ev2=st.floats(1e-6, 1e-4),
    dm31_ev2=st.sampled_from([2.5e-3, -2.5e-3, 1e-3]),
    alpha21=phase,
    alpha31=phase,
)


# -- parameter sets -------------------------------------------------------------------------
def test_nufit60_values():
    """NuFIT 6.0 NO best fit (verified-reference-data §4.1): angles and Δm²."""
    assert NUFIT60.theta12_deg == pytest.approx(33.68)
    assert NUFIT60.theta13_deg == pytest.approx(8.52)
    assert NUFIT60.theta23_deg == pytest.approx(48.5)
    assert math.degrees(NUFIT60.delta_cp) == pytest.approx(177.0)
    # NuFIT quotes sin² = 0.307, 0.02195, 0.561 (rounded); sin²(33.68°) = 0.30753,
    # sin²(8.52°) = 0.021950, sin²(48.5°) = 0.56093 (the 0.3076/0.02196/0.5613 of
    # verified-reference-data §4.1 are off in the last digit).
    assert NUFIT60.sin2_theta12 == pytest.approx(0.307, abs=6e-4)
    assert NUFIT60.sin2_theta13 == pytest.approx(0.02195, abs=1e-5)
    assert NUFIT60.sin2_theta23 == pytest.approx(0.561, abs=6e-4)
    assert NUFIT60.dm21_ev2 == 7.49e-5
    assert NUFIT60.dm31_ev2 == 2.534e-3
    assert NUFIT60.ordering == "NO"
    assert oscillation_parameters() is NUFIT60


def test_lma2004():
    """Review-era LMA: Δm² = 7.9e-5 eV², tan²θ = 0.40, θ13 = 0 (physics-facts §7)."""
    p = oscillation_parameters("lma2004")
    assert p is LMA2004
    assert p.sin2_theta12 / (1 - p.sin2_theta12) == pytest.approx(0.40)
    assert p.sin2_theta13 == 0.0
    assert p.dm21_ev2 == 7.9e-5
    assert oscillation_parameters("lma2008").dm21_ev2 == 7.59e-5
    assert oscillation_parameters("nufit51").theta12_deg == pytest.approx(33.44)


def test_unknown_name():
    with pytest.raises(UnknownNameError) as err:
        oscillation_parameters("nufit99")
    assert err.value.field == "name"
    assert "nufit60" in str(err.value)


def test_repr_readable():
    text = repr(NUFIT60)
    assert "nufit60" in text
    assert "sin²θ12=0.3075" in text
    assert "Δm²31=0.002534 eV²" in text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sin2_theta12", 1.2),
        ("sin2_theta13", -0.1),
        ("sin2_theta23", float("nan")),
        ("delta_cp", float("inf")),
        ("dm21_ev2", -7e-5),
        ("dm21_ev2", 0.0),
        ("dm31_ev2", 0.0),
        ("dm31_ev2", 5e-5),
    ],
)
def test_bad_parameters(field, value):
    kwargs = {
        "sin2_theta12": 0.3,
        "sin2_theta13": 0.02,
        "sin2_theta23": 0.5,
        "delta_cp": 0.0,
        "dm21_ev2": 7.5e-5,
        "dm31_ev2": 2.5e-3,
    }
    kwargs[field] = value
    with pytest.raises(InputError) as err:
        OscillationParameters(**kwargs)
    assert err.value.field == field


def test_params_frozen():
    with pytest.raises(AttributeError):
        NUFIT60.dm21_ev2 = 1.0  # type: ignore[misc]


# -- PMNS -------------------------------------------------------------------------------------
@settings(max_examples=50, deadline=None)
@given(params_st, st.booleans())
def test_pmns_unitary(params, majorana):
    u = pmns(params, majorana=majorana)
    assert u.shape == (3, 3)
    np.testing.assert_allclose(u @ u.conj().T, np.eye(3), atol=1e-12)


def test_pmns_pdg_elements():
    """|U_e2|² = s12² c13², |U_μ3|² = s23² c13², U_e3 = s13 e^{-iδ} (PDG parametrisation)."""
    u = pmns(NUFIT60)
    p = NUFIT60
    assert abs(u[0, 1]) ** 2 == pytest.approx(p.sin2_theta12 * (1 - p.sin2_theta13))
    assert abs(u[1, 2]) ** 2 == pytest.approx(p.sin2_theta23 * (1 - p.sin2_theta13))
    assert u[0, 2] == pytest.approx(math.sqrt(p.sin2_theta13) * np.exp(-1j * p.delta_cp))


def test_pmns_majorana_phases():
    p = OscillationParameters(0.3, 0.02, 0.5, 1.0, 7.5e-5, 2.5e-3, alpha21=0.8, alpha31=-1.4)
    u0 = pmns(p)
    um = pmns(p, majorana=True)
    np.testing.assert_allclose(um[:, 1], u0[:, 1] * np.exp(0.4j))
    np.testing.assert_allclose(um[:, 2], u0[:, 2] * np.exp(-0.7j))
    np.testing.assert_allclose(np.abs(um), np.abs(u0))


def test_pmns_by_name_and_bad_type():
    np.testing.assert_allclose(pmns("lma2004"), pmns(LMA2004))
    with pytest.raises(InputError) as err:
        pmns(3.0)  # type: ignore[arg-type]
    assert err.value.field == "params"


# -- vacuum oscillations ------------------------------------------------------------------------
def test_phase_constant():
    """Δm²L/(4E) = 1.267 Δm²[eV²] L[m]/E[MeV] (the textbook 1.27)."""
    half_phase = PHASE_PER_EV2_M_PER_MEV / 2
    assert half_phase == pytest.approx(1.26693, rel=1e-5)


def test_mass_squares():
    np.testing.assert_allclose(mass_squares_ev2(NUFIT60, 0.1), [0.01, 0.01 + 7.49e-5, 0.012534])
    io = OscillationParameters(0.3, 0.02, 0.5, 0.0, 7.5e-5, -2.5e-3)
    msq = mass_squares_ev2(io, 0.0)
    assert msq[2] == 0.0
    assert msq[0] == pytest.approx(2.5e-3)
    with pytest.raises(InputError) as err:
        mass_squares_ev2(NUFIT60, -0.1)
    assert err.value.field == "m_lightest_ev"


def test_reactor_short_baseline_survival_is_one():
    assert vacuum_probability("nuebar", "nuebar", 0.0, [1.0, 3.0, 8.0]) == pytest.approx(1.0)
    assert vacuum_probability("nuebar", "nuebar", 1e-3, 3.0) == pytest.approx(1.0, abs=1e-9)


def test_two_flavour_limit():
    """θ13 = 0: P_ee = 1 − sin²2θ12 sin²(1.267 Δm²21 L/E)."""
    length, energy = np.array([1e4, 5e4, 1.8e5]), 4.0
    p = vacuum_probability("nuebar", "nuebar", length, energy, LMA2004)
    s22 = 4 * LMA2004.sin2_theta12 * (1 - LMA2004.sin2_theta12)
    expected = 1 - s22 * np.sin(1.26693 * 7.9e-5 * length / energy) ** 2
    np.testing.assert_allclose(p, expected, rtol=1e-4)


def test_daya_bay_like_dip():
    """At L/E ≈ 500 m/MeV the θ13 dip: 1 − P ≈ sin²2θ13 ≈ 0.086 (plus a small Δm²21 part)."""
    length = math.pi / 2 / (1.26693 * 2.534e-3) * 3.0
    p = float(vacuum_probability("nuebar", "nuebar", length, 3.0))
    s2213 = 4 * NUFIT60.sin2_theta13 * (1 - NUFIT60.sin2_theta13)
    assert 1 - p == pytest.approx(s2213, rel=0.1)


@settings(max_examples=50, deadline=None)
@given(
    params_st,
    st.floats(0.0, 1e6),
    st.floats(0.1, 100.0),
    st.sampled_from(FLAVOURS + ANTI),
)
def test_probabilities_sum_to_one(params, length, energy, alpha):
    targets = ANTI if alpha.endswith("bar") else FLAVOURS
    total = sum(float(vacuum_probability(alpha, b, length, energy, params)) for b in targets)
    assert total == pytest.approx(1.0, abs=1e-10)


@settings(max_examples=30, deadline=None)
@given(params_st, st.floats(0.0, 1e6), st.floats(0.1, 100.0))
def test_cpt(params, length, energy):
    """CPT: P(ν_α → ν_β) = P(ν̄_β → ν̄_α); fixes the antineutrino convention."""
    a = vacuum_probability("numu", "nue", length, energy, params)
    b = vacuum_probability("nuebar", "numubar", length, energy, params)
    assert a == pytest.approx(b, abs=1e-10)


def test_cp_violation_sign():
    """With δ ≠ 0, P(ν_μ→ν_e) ≠ P(ν̄_μ→ν̄_e); the ν̄ convention really conjugates U."""
    p = OscillationParameters(0.3, 0.022, 0.5, -math.pi / 2, 7.5e-5, 2.5e-3)
    nu = float(vacuum_probability("numu", "nue", 1.3e6, 2500.0, p))
    nubar = float(vacuum_probability("numubar", "nuebar", 1.3e6, 2500.0, p))
    assert nu > nubar  # δ = −π/2 enhances ν_μ → ν_e in vacuum (T2K/DUNE folklore)


def test_amplitudes_shape_and_conventions():
    a = vacuum_amplitudes("nue", np.array([[0.0], [100.0]]), np.array([1.0, 2.0, 3.0]))
    assert a.shape == (2, 3, 3)
    u = pmns(NUFIT60)
    np.testing.assert_allclose(a[0, 0], np.conj(u[0]))
    abar = vacuum_amplitudes("nuebar", 0.0, 1.0)
    np.testing.assert_allclose(abar, u[0])
    # m_lightest only changes a common phase
    a1 = vacuum_amplitudes("numu", 500.0, 2.0, m_lightest_ev=0.3)
    a0 = vacuum_amplitudes("numu", 500.0, 2.0)
    ratio = a1 / a0
    np.testing.assert_allclose(ratio, ratio[0])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"flavour": "nux"}, "flavour"),
        ({"baseline_m": -1.0}, "baseline_m"),
        ({"enu_mev": 0.0}, "enu_mev"),
        ({"enu_mev": float("nan")}, "enu_mev"),
        ({"baseline_m": [1.0, 2.0], "enu_mev": [1.0, 2.0, 3.0]}, "enu_mev"),
        ({"params": "nope"}, "name"),
    ],
)
def test_amplitudes_bad_input(kwargs, field):
    args = {"flavour": "nue", "baseline_m": 10.0, "enu_mev": 1.0} | kwargs
    with pytest.raises(MunuError) as err:
        vacuum_amplitudes(**args)
    assert err.value.field == field


def test_probability_mixed_particle_types():
    with pytest.raises(InputError) as err:
        vacuum_probability("nuebar", "nue", 10.0, 1.0)
    assert err.value.field == "beta"
    with pytest.raises(UnknownNameError) as err2:
        vacuum_probability("electron", "nue", 10.0, 1.0)
    assert err2.value.field == "alpha"


# -- MSW ----------------------------------------------------------------------------------------
def test_matter_potential():
    """√2 G_F n_e = 7.63×10⁻¹⁴ eV per N_A cm⁻³ (Wolfenstein potential)."""
    assert float(matter_potential_ev(N_A)) == pytest.approx(7.63e-14, rel=2e-3, abs=0.0)


def test_msw_solar_sanity():
    """P_ee ≈ 0.55 at pp energies and ≈ 0.3 for 10 MeV ⁸B at n_e ≈ 100 N_A cm⁻³ (NuFIT 6.0)."""
    p = msw_survival_probability(np.array([0.1, 0.2, 10.0]), 100 * N_A)
    assert p[0] == pytest.approx(0.55, abs=0.01)
    assert p[1] == pytest.approx(0.55, abs=0.015)
    assert p[2] == pytest.approx(0.32, abs=0.02)


def test_msw_matches_closed_form():
    """P_ee = c13⁴ ½(1 + cos2θ cos2θm) + s13⁴ with β computed independently."""
    e, ne = 8.0, 90 * N_A
    p = NUFIT60
    v_ev = math.sqrt(2) * 1.1663788e-5 * 1e-18 * ne * (1.97326980e-5) ** 3  # eV, ħc in eV·cm
    beta = 2 * v_ev * (1 - p.sin2_theta13) * e * 1e6 / p.dm21_ev2
    c2 = 1 - 2 * p.sin2_theta12
    s22 = 1 - c2**2
    c2m = (c2 - beta) / math.sqrt((c2 - beta) ** 2 + s22)
    expected = (1 - p.sin2_theta13) ** 2 * 0.5 * (1 + c2 * c2m) + p.sin2_theta13**2
    assert float(msw_survival_probability(e, ne, p)) == pytest.approx(expected, rel=1e-6)


def test_msw_high_density_limit():
    """β ≫ 1: ν_e leaves as ν₂ (pure MSW), f = (0, c13², s13²)."""
    f = msw_mass_state_fractions(15.0, 1e30)
    np.testing.assert_allclose(f, [0.0, 1 - NUFIT60.sin2_theta13, NUFIT60.sin2_theta13], atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(params_st, st.floats(0.01, 20.0), st.floats(0.0, 1e27))
def test_msw_fractions_properties(params, energy, ne):
    f = msw_mass_state_fractions(energy, ne, params)
    assert f.shape == (3,)
    assert np.all(f >= -1e-15)
    assert np.all(f <= 1 + 1e-15)
    assert f.sum() == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(params_st, st.floats(0.01, 20.0))
def test_msw_vacuum_limit(params, energy):
    """n_e → 0: fractions → |U_ek|² (vacuum-averaged, incoherent)."""
    f = msw_mass_state_fractions(energy, 0.0, params)
    np.testing.assert_allclose(f, np.abs(pmns(params)[0]) ** 2, atol=1e-12)


def test_msw_broadcasting():
    f = msw_mass_state_fractions(np.array([0.3, 1.0, 10.0]), np.array([[10 * N_A], [100 * N_A]]))
    assert f.shape == (2, 3, 3)
    p = msw_survival_probability(np.array([0.3, 1.0, 10.0]), np.array([[10 * N_A], [100 * N_A]]))
    assert p.shape == (2, 3)
    assert np.all(p[1] <= p[0] + 1e-12)  # more matter → more conversion above vacuum regime


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1.0, 1e25), "enu_mev"),
        ((1.0, -1e25), "electron_density_per_cm3"),
        ((1.0, float("nan")), "electron_density_per_cm3"),
        (([1.0, 2.0], [1e25, 1e25, 1e25]), "electron_density_per_cm3"),
    ],
)
def test_msw_bad_input(args, field):
    with pytest.raises(InputError) as err:
        msw_mass_state_fractions(*args)
    assert err.value.field == field
