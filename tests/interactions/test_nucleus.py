"""Tests of munu.interactions.nucleus: CEvNS and its coherent magnetic term."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import munu.interactions.nucleus as nu
from munu import constants as c
from munu.errors import InputError, MunuError, UnknownNameError

TARGETS = ["Ge", "Xe", "Ar", "Na", "I", "Cs", "Si", "F", "C", "O", "Ar40", "Xe132"]
energies = st.floats(min_value=0.01, max_value=300.0, allow_nan=False)
fractions = st.floats(min_value=1e-6, max_value=1.0, allow_nan=False)
MOMENTS = st.floats(min_value=-1e-9, max_value=1e-9, allow_nan=False).filter(
    lambda m: m == 0.0 or abs(m) >= 1e-20
)


def test_catalogue_contains_required_targets():
    for name in ["Ge", "Xe", "Ar", "Na", "I", "Cs", "Si", "F", "C", "O"]:
        n = nu.Nucleus.from_name(name)
        assert n.name == name
        assert n.mass_mev > 0


def test_isotope_masses():
    """Nuclear masses = AME2020 atomic mass × u − Z m_e. ⁴⁰Ar: 39.9623831237 u, so
    M = 37224.72 MeV (0.01 MeV tolerance, i.e. the u and m_e values)."""
    ar = nu.Nucleus.from_name("Ar40")
    assert (ar.z, ar.n) == (18, 22.0)
    assert ar.mass_mev == pytest.approx(39.9623831237 * 931.49410 - 18 * 0.51099895, abs=0.01)
    assert nu.Nucleus.from_name("C12").mass_mev == pytest.approx(
        12 * 931.49410 - 6 * 0.51099895, abs=0.01
    )


def test_element_average():
    """Natural Ge: mean A = Σ xᵢAᵢ with IUPAC fractions = 72.7076 (hand sum); natural Xe:
    131.3879 (hand sum). Mass from the standard atomic weight (72.630 u)."""
    ge = nu.Nucleus.from_name("Ge")
    assert ge.a == pytest.approx(72.7076, abs=1e-3)
    assert ge.mass_mev == pytest.approx(72.630 * 931.49410 - 32 * 0.51099895, abs=0.1)
    assert nu.Nucleus.from_name("Xe").a == pytest.approx(131.3879, abs=1e-3)
    assert nu.Nucleus.from_name("Na").n == 12.0


def test_weak_charge():
    """Q_W = N − (1 − 4 s²) Z; at s² = 0.25 it is N exactly."""
    ar = nu.Nucleus.from_name("Ar40")
    assert ar.weak_charge(0.25) == 22.0
    assert ar.weak_charge(0.23868) == pytest.approx(22 - (1 - 4 * 0.23868) * 18, rel=1e-14, abs=0)


def test_weak_formula_explicit_point():
    """dσ/dT = G_F² M/(4π) Q_W² (1 − MT/2E² − T/E) F² with F = 1, evaluated by hand."""
    xe = nu.Nucleus.from_name("Xe132")
    t, e, s2 = 2e-6, 3.0, 0.238
    m = xe.mass_mev
    q_w = 78 - (1 - 4 * s2) * 54
    hand = (
        c.G_F_MEV2**2 * m / (4 * math.pi) * q_w**2 * (1 - m * t / (2 * e * e) - t / e)
    ) * c.HBARC_MEV_CM**2
    got = float(nu.dsigma_dt_cevns_weak(t, e, xe, form_factor="none", sin2_theta_w=s2))
    assert got == pytest.approx(hand, rel=1e-13, abs=0)


def test_magnetic_formula_explicit_point():
    """(πα²/m_e²) μ² Z² (1/T − 1/E + T/4E²) F² with F = 1 (verified-reference-data §8.2)."""
    ge = nu.Nucleus.from_name("Ge")
    t, e, mu = 5e-5, 2.0, 3e-11  # T_max(2 MeV) = 1.18×10⁻⁴ MeV
    hand = 2.4947e-25 * mu**2 * 32**2 * (1 / t - 1 / e + t / (4 * e * e))
    got = float(nu.dsigma_dt_cevns_magnetic(t, e, ge, mu, form_factor="none"))
    assert got == pytest.approx(hand, rel=2e-5, abs=0)
    # the recoil term T/(4E²) matters for a light nucleus near T_max: C at 50 MeV, T = 0.4 MeV
    carbon = nu.Nucleus.from_name("C")
    t, e = 0.4, 50.0
    hand = c.MAGNETIC_PREFACTOR_CM2 * 36 * (1 / t - 1 / e + t / (4 * e * e))
    got = float(nu.dsigma_dt_cevns_magnetic(t, e, carbon, 1.0, form_factor="none"))
    assert got == pytest.approx(hand, rel=1e-13, abs=0)


def test_helm_parameters():
    """Helm F at q = 50 MeV, A = 73 from the Lewin–Smith parameters by hand: r_n = 4.774 fm,
    F = 0.8390 (4 decimals)."""
    assert float(nu.helm_form_factor(50.0, 73.0)) == pytest.approx(0.8390, abs=1e-4)


def test_klein_nystrand_parameters():
    """KN F at q = 50 MeV, A = 73 by hand: R_A = 5.015 fm, a_k = 0.7 fm → 0.8217."""
    assert float(nu.klein_nystrand_form_factor(50.0, 73.0)) == pytest.approx(0.8217, abs=1e-4)


def test_form_factor_small_q_series_continuity():
    """The Taylor branch of 3j₁(x)/x joins the closed form smoothly at x = 0.05."""
    x = np.array([0.05 * (1 - 1e-9), 0.05 * (1 + 1e-9)])
    vals = nu._three_j1_over_x(x)
    assert vals[0] == pytest.approx(vals[1], abs=1e-11)


def test_form_factor_models_agree_at_reactor_q():
    """At reactor recoils (q ~ 10 MeV) Helm and KN differ by < 0.5 %."""
    t = 1e-3
    h = float(nu.form_factor(t, "Ge", "helm"))
    k = float(nu.form_factor(t, "Ge", "klein_nystrand"))
    assert h == pytest.approx(k, rel=5e-3, abs=0)
    assert h < 1.0


def test_t_max():
    """T_max = 2E²/(M + 2E); for Ge at 10 MeV ≈ 2.956 keV."""
    assert float(nu.t_max_nucleus_mev(10.0, "Ge")) == pytest.approx(2.956e-3, rel=1e-3, abs=0)


@pytest.mark.parametrize("target", TARGETS)
@settings(max_examples=15, deadline=None)
@given(q_small=st.floats(min_value=0.0, max_value=1e-3))
def test_form_factor_to_one(target, q_small):
    """F → 1 as q → 0 for both models: |F − 1| ≤ q² r²/10 + q² s²/2 ≲ 10⁻¹⁰ at q ≤ 10⁻³ MeV."""
    a = nu.Nucleus.from_name(target).a
    for f in (nu.helm_form_factor(q_small, a), nu.klein_nystrand_form_factor(q_small, a)):
        assert float(f) == pytest.approx(1.0, abs=1e-9)
    assert float(nu.form_factor(0.0, target)) == 1.0


@pytest.mark.parametrize("model", nu.FORM_FACTORS)
@settings(max_examples=40, deadline=None)
@given(enu=energies, frac=fractions, mu=MOMENTS)
def test_cevns_positive_and_zero_outside(model, enu, frac, mu):
    ge = nu.Nucleus.from_name("Ge")
    tm = float(nu.t_max_nucleus_mev(enu, ge))
    assert float(nu.dsigma_dt_cevns(frac * tm, enu, ge, mu, form_factor=model)) >= 0.0
    for t in (0.0, tm * (1 + 1e-9), tm + 1.0):
        assert float(nu.dsigma_dt_cevns(t, enu, ge, mu, form_factor=model)) == 0.0


@settings(max_examples=40, deadline=None)
@given(enu=energies, frac=fractions, mu=MOMENTS)
def test_cevns_magnetic_mu_squared(enu, frac, mu):
    xe = nu.Nucleus.from_name("Xe")
    t = frac * float(nu.t_max_nucleus_mev(enu, xe))
    one = float(nu.dsigma_dt_cevns_magnetic(t, enu, xe, 1.0))
    assert float(nu.dsigma_dt_cevns_magnetic(t, enu, xe, mu)) == pytest.approx(
        mu**2 * one, rel=1e-14, abs=0
    )


def test_weak_vanishes_at_t_max():
    """The kinematic factor 1 − MT/2E² − T/E is exactly zero at T_max (spin-0 form)."""
    ar = nu.Nucleus.from_name("Ar40")
    e = 30.0
    tm = float(nu.t_max_nucleus_mev(e, ar))
    near = float(nu.dsigma_dt_cevns_weak(tm * (1 - 1e-9), e, ar))
    mid = float(nu.dsigma_dt_cevns_weak(tm * 0.5, e, ar))
    assert near < 1e-7 * mid


def test_cevns_coherent_scaling():
    """At q → 0 the weak cross section per nucleus scales as Q_W² M: Xe/Ge ratio by hand."""
    xe, ge = nu.Nucleus.from_name("Xe"), nu.Nucleus.from_name("Ge")
    t, e = 1e-11, 10.0  # M T/2E² < 10⁻⁸, F² − 1 < 10⁻⁹
    ratio = float(nu.dsigma_dt_cevns_weak(t, e, xe)) / float(nu.dsigma_dt_cevns_weak(t, e, ge))
    hand = (xe.weak_charge() ** 2 * xe.mass_mev) / (ge.weak_charge() ** 2 * ge.mass_mev)
    assert ratio == pytest.approx(hand, rel=1e-7, abs=0)


def test_custom_nucleus_and_name_equivalent():
    a = nu.dsigma_dt_cevns([1e-4, 2e-4], 5.0, "Ge", mu=1e-10)
    b = nu.dsigma_dt_cevns([1e-4, 2e-4], 5.0, nu.Nucleus.from_name("Ge"), mu=1e-10)
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: nu.dsigma_dt_cevns(-1e-3, 5.0, "Ge"), "t_mev"),
        (lambda: nu.dsigma_dt_cevns(1e-3, float("nan"), "Ge"), "enu_mev"),
        (lambda: nu.dsigma_dt_cevns(1e-3, 5.0, "Ge", mu=float("inf")), "mu"),
        (lambda: nu.dsigma_dt_cevns(1e-3, 5.0, "Ge", form_factor="woods-saxon"), "form_factor"),
        (lambda: nu.dsigma_dt_cevns(1e-3, 5.0, "Unobtainium"), "nucleus"),
        (lambda: nu.dsigma_dt_cevns(1e-3, 5.0, 42), "nucleus"),
        (lambda: nu.dsigma_dt_cevns(1e-3, 5.0, "Ge", sin2_theta_w=-0.1), "sin2_theta_w"),
        (lambda: nu.Nucleus(z=0, n=1, mass_mev=1.0), "z"),
        (lambda: nu.Nucleus(z=1, n=-1, mass_mev=1.0), "n"),
        (lambda: nu.Nucleus(z=1, n=0, mass_mev=0.0), "mass_mev"),
        (lambda: nu.helm_form_factor(-1.0, 10.0), "q_mev"),
        (lambda: nu.helm_form_factor(1.0, 0.0), "a"),
        (lambda: nu.dsigma_dt_cevns(np.ones(2), np.ones(3), "Ge"), "t_mev, enu_mev"),
    ],
)
def test_bad_inputs_name_the_field(call, field):
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field
    assert isinstance(info.value, MunuError)


def test_unknown_nucleus_lists_known():
    with pytest.raises(UnknownNameError) as info:
        nu.Nucleus.from_name("Pb")
    assert "'Ge'" in str(info.value)
