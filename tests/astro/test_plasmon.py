"""Plasmon decay: electron gas, Braaten–Segel transverse dispersion, μ²-scaling of the ratios."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.astro import plasmon as pl
from munu.constants import ALPHA, AVOGADRO, HBARC_MEV_CM, M_E_MEV
from munu.errors import InputError, UnknownNameError

mus = st.floats(min_value=1e-14, max_value=1e-9)
scales = st.floats(min_value=1e-3, max_value=1e3)
rhos = st.floats(min_value=1e2, max_value=1e9)


@settings(max_examples=40, deadline=None)
@given(mu=mus, c=scales, m2=st.floats(min_value=1.0, max_value=1e6))
def test_rate_ratio_scales_exactly_as_mu_squared(mu, c, m2):
    base = pl.plasmon_rate_ratio(mu, m2)
    assert base > 0
    assert pl.plasmon_rate_ratio(c * mu, m2) == pytest.approx(c**2 * base, rel=1e-12, abs=0)


@settings(max_examples=15, deadline=None)
@given(mu=mus, c=scales, rho=rhos)
def test_emissivity_ratio_scales_exactly_as_mu_squared(mu, c, rho):
    for method in pl.EMISSIVITY_METHODS:
        base = pl.emissivity_ratio(mu, rho, 5.0, method=method)
        assert base > 0
        scaled = pl.emissivity_ratio(c * mu, rho, 5.0, method=method)
        assert scaled == pytest.approx(c**2 * base, rel=1e-12, abs=0)


def test_ratio_decreases_with_plasma_frequency():
    """Documented: the Raffelt ratio ∝ 1/ω_P², and ω_P grows with density."""
    rho = np.logspace(2, 9, 30)
    wp = pl.plasma_frequency_kev(rho)
    ratio = pl.emissivity_ratio(1e-12, rho, 5.0)
    assert np.all(np.diff(wp) > 0)
    assert np.all(np.diff(ratio) < 0)
    np.testing.assert_allclose(ratio * wp**2, ratio[0] * wp[0] ** 2, rtol=1e-12)


def test_raffelt_form_equals_per_plasmon_ratio_at_omega_p():
    """Eq. (R2) is Eq. (R1) with ω² − k² = ω_P²: c (μ₁₂)² (10 keV/ω_P)²."""
    rho = np.array([1e4, 1e6, 1e8])
    wp = pl.plasma_frequency_kev(rho)
    c = pl.raffelt_ratio_coefficient()
    expected = c * 2.0**2 * (10.0 / wp) ** 2
    np.testing.assert_allclose(pl.emissivity_ratio(2e-12, rho, 8.0), expected, rtol=1e-12)


def test_non_relativistic_plasma_frequency_is_classical():
    """ρ = 1 g/cm³: E_F/m_e − 1 ≈ 3×10⁻⁵, so ω_P² → 4πα n_e/m_e (classical) to ~2×10⁻⁵."""
    n_e_mev3 = 0.5 * AVOGADRO * HBARC_MEV_CM**3
    classical_kev = math.sqrt(4 * math.pi * ALPHA * n_e_mev3 / M_E_MEV) * 1e3
    assert float(pl.plasma_frequency_kev(1.0)) == pytest.approx(classical_kev, rel=1e-4)


def test_relativistic_plasma_frequency_limit():
    """Ultra-relativistic degenerate gas: ω_P² → (4α/3π) p_F² (Braaten & Segel)."""
    rho = 1e14
    p_f = float(pl.fermi_momentum_kev(rho))
    assert float(pl.plasma_frequency_kev(rho)) ** 2 == pytest.approx(
        4 * ALPHA / (3 * math.pi) * p_f**2, rel=1e-4
    )


def test_red_giant_core_numbers():
    """ρ = 10⁶ g/cm³, Y_e = ½: p_F ≈ 409 keV, E_F − m_e ≈ 144 keV ≫ T = 8.6 keV, ω_P ≈ 18 keV."""
    assert float(pl.fermi_momentum_kev(1e6)) == pytest.approx(409.0, abs=1.0)
    assert float(pl.fermi_kinetic_energy_kev(1e6)) > 10 * 8.617
    assert float(pl.plasma_frequency_kev(1e6)) == pytest.approx(18.0, abs=0.05)


def _pi_t_closed_form(omega, k, wp, v):
    """Braaten–Segel π_T written with the logarithm, independent of munu's g(x)."""
    log = np.log((omega + v * k) / (omega - v * k))
    return (
        1.5
        * wp**2
        / v**2
        * (omega**2 / k**2 - (omega**2 - v**2 * k**2) / k**2 * omega / (2 * v * k) * log)
    )


@pytest.mark.parametrize("x", [0.05, 0.19, 0.21, 0.5, 0.9])
def test_polarisation_matches_logarithmic_form(x):
    wp, v, omega = 18.0, 0.6, 40.0
    k = x * omega / v
    got = float(pl.transverse_polarisation_kev2(omega, k, wp, v))
    assert got == pytest.approx(_pi_t_closed_form(omega, k, wp, v), rel=1e-7)


def test_dispersion_limits():
    """k → 0: ω = ω_P; k → ∞: ω² − k² → (3/2) ω_P² g(v_*) (→ 3ω_P²/2 as v_* → 1)."""
    wp = 18.0
    assert float(pl.transverse_dispersion_kev(0.0, wp, 0.6)) == pytest.approx(wp, rel=1e-12)
    for v in (0.3, 0.6, 0.99):
        k = 1e3 * wp
        omega = float(pl.transverse_dispersion_kev(k, wp, v))
        g, _ = pl._g_series(np.array(v))
        assert (omega - k) * (omega + k) == pytest.approx(1.5 * wp**2 * float(g), rel=1e-4)
    g1, _ = pl._g_series(np.array(0.999999))
    assert float(g1) == pytest.approx(1.0, abs=1e-4)


def test_dispersion_solves_its_equation():
    k = np.linspace(0.0, 500.0, 11)
    omega = pl.transverse_dispersion_kev(k, 18.0, 0.62)
    resid = omega**2 - k**2 - pl.transverse_polarisation_kev2(omega, k, 18.0, 0.62)
    np.testing.assert_allclose(resid, 0.0, atol=1e-9 * 18.0**2)
    assert np.all(omega**2 - k**2 >= 18.0**2 * (1 - 1e-12))
    assert np.all(omega**2 - k**2 <= 1.5 * 18.0**2)


def test_residue_from_numerical_derivative():
    """Z_T = 1/(1 − ∂π_T/∂ω²), checked against a central finite difference."""
    wp, v = 18.0, 0.62
    for k in (5.0, 30.0, 200.0):
        omega = float(pl.transverse_dispersion_kev(k, wp, v))
        h = 1e-4 * omega**2
        s = omega**2
        plus = float(pl.transverse_polarisation_kev2(math.sqrt(s + h), k, wp, v))
        minus = float(pl.transverse_polarisation_kev2(math.sqrt(s - h), k, wp, v))
        z_fd = 1.0 / (1.0 - (plus - minus) / (2 * h))
        z = float(pl.transverse_residue(k, wp, v))
        assert z == pytest.approx(z_fd, rel=1e-6)
        assert 0.0 < z <= 1.0


def test_transverse_average_lies_between_two_thirds_and_one():
    """ω_P² ≤ ω² − k² ≤ 3ω_P²/2 ⇒ (2/3) R ≤ ⟨ratio⟩ ≤ R, R the Raffelt estimate."""
    rho = np.array([1e3, 1e5, 1e6, 1e8])
    t = np.array([0.5, 3.0, 8.617, 50.0])
    exact = pl.emissivity_ratio(1e-12, rho, t, method="transverse")
    approx = pl.emissivity_ratio(1e-12, rho, t)
    assert np.all(exact <= approx)
    assert np.all(exact >= 2.0 / 3.0 * approx)


def test_broadcasting_shapes():
    out = pl.emissivity_ratio(np.array([[1e-12], [2e-12], [3e-12]]), [1e4, 1e5, 1e6, 1e7], 5.0)
    assert out.shape == (3, 4)
    out_t = pl.emissivity_ratio(1e-12, [1e5, 1e6], [[2.0], [8.0]], method="transverse")
    assert out_t.shape == (2, 2)


def test_sum_cv2():
    s2 = 0.25
    assert pl.sum_cv2(s2) == pytest.approx(1.0**2 + 2 * 0.0**2)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: pl.plasma_frequency_kev(-1.0), "rho_g_cm3"),
        (lambda: pl.plasma_frequency_kev(1e6, y_e=1.5), "y_e"),
        (lambda: pl.emissivity_ratio(-1e-12, 1e6, 8.0), "mu_mu_b"),
        (lambda: pl.emissivity_ratio(1e-12, 1e6, 0.0), "t_kev"),
        (lambda: pl.emissivity_ratio(1e-12, 1e6, float("nan")), "t_kev"),
        (lambda: pl.plasmon_rate_ratio(1e-12, 0.0), "mass2_kev2"),
        (lambda: pl.transverse_dispersion_kev(1.0, 18.0, 1.0), "v_star"),
        (lambda: pl.transverse_polarisation_kev2(10.0, 20.0, 18.0, 0.6), "omega_kev"),
        (lambda: pl.sum_cv2(1.5), "sin2_theta_w"),
        (
            lambda: pl.emissivity_ratio([1e-12, 2e-12], [1e5, 1e6, 1e7], 8.0),
            "mu_mu_b, rho_g_cm3, t_kev",
        ),
    ],
)
def test_bad_inputs_raise_input_error(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


def test_unknown_method():
    with pytest.raises(UnknownNameError):
        pl.emissivity_ratio(1e-12, 1e6, 8.0, method="longitudinal")
