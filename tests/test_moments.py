"""Tests of munu.moments: moment matrices, effective moments, MSM moment, radiative decay."""

from __future__ import annotations

import functools
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
    msw_mass_state_fractions,
    pmns,
)
from munu.moments import (
    RADIATIVE_RATE_PER_S,
    MomentMatrix,
    effective_moment,
    effective_moment_squared,
    effective_moment_squared_from_fractions,
    effective_moment_squared_incoherent,
    effective_moment_squared_solar,
    msm_dirac_moment,
    radiative_decay_rate,
    radiative_lifetime_bound,
)

#: pytest.approx with no absolute tolerance: moments are ~1e-11 and μ² ~1e-22, far below the
#: default abs=1e-12 that would make every comparison pass.
approx = functools.partial(pytest.approx, rel=1e-9, abs=0.0)

FLAVOURS = ("nue", "nuebar", "numu", "numubar", "nutau", "nutaubar")
N_A = 6.02214076e23

moment = st.floats(-5.0, 5.0).map(lambda x: x * 1e-11)
cmoment = st.builds(complex, moment, moment)
phase = st.floats(-math.pi, math.pi)


@st.composite
def hermitian(draw):
    diag = [draw(moment) for _ in range(3)]
    off = [draw(cmoment) for _ in range(3)]
    h = np.diag(np.array(diag, dtype=complex))
    for (j, k), v in zip(((0, 1), (0, 2), (1, 2)), off, strict=True):
        h[j, k] = v
        h[k, j] = np.conj(v)
    return h


@st.composite
def any_matrix(draw):
    if draw(st.booleans()):
        return MomentMatrix.dirac(draw(hermitian()), draw(hermitian()))
    return MomentMatrix.majorana_from_lambda([draw(cmoment) for _ in range(3)])


params_st = st.builds(
    OscillationParameters,
    sin2_theta12=st.floats(0.0, 1.0),
    sin2_theta13=st.floats(0.0, 0.5),
    sin2_theta23=st.floats(0.0, 1.0),
    delta_cp=phase,
    dm21_ev2=st.floats(1e-5, 1e-4),
    dm31_ev2=st.sampled_from([2.5e-3, -2.5e-3]),
    alpha21=phase,
    alpha31=phase,
)


# -- MomentMatrix -----------------------------------------------------------------------------
def test_dirac_constructors():
    m = MomentMatrix.dirac(2e-11)
    np.testing.assert_allclose(m.mu, 2e-11 * np.eye(3))
    np.testing.assert_allclose(m.eps, 0.0)
    assert m.kind == "dirac"
    d = MomentMatrix.dirac([1e-11, 2e-11, 3e-11], eps=[0.0, 1e-12, 0.0])
    np.testing.assert_allclose(np.diag(d.eps).real, [0.0, 1e-12, 0.0])


def test_majorana_diagonal_rejected():
    """Majorana moments are antisymmetric: any diagonal element is rejected, naming the field."""
    with pytest.raises(InputError) as err:
        MomentMatrix.majorana(np.diag([1e-11, 0.0, 0.0]))
    assert err.value.field == "mu"
    assert "antisymmetric" in str(err.value)
    with pytest.raises(InputError) as err2:
        MomentMatrix.majorana(np.zeros((3, 3)), eps=1e-11)
    assert err2.value.field == "eps"


@settings(max_examples=30, deadline=None)
@given(st.floats(1e-13, 1e-9), st.integers(0, 2))
def test_majorana_any_diagonal_rejected(value, k):
    mat = np.zeros((3, 3), dtype=complex)
    mat[k, k] = value
    with pytest.raises(InputError):
        MomentMatrix.majorana(mat)


def test_dirac_must_be_hermitian():
    mat = np.zeros((3, 3), dtype=complex)
    mat[0, 1] = 1e-11  # no mat[1, 0]
    with pytest.raises(InputError) as err:
        MomentMatrix.dirac(mat)
    assert err.value.field == "mu"
    assert "Hermitian" in str(err.value)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (np.zeros((2, 2)), "mu"),
        (np.zeros((3, 3, 1)), "mu"),
        ([[float("nan")] * 3] * 3, "mu"),
        ("big", "mu"),
    ],
)
def test_bad_matrix_input(value, field):
    with pytest.raises(InputError) as err:
        MomentMatrix.dirac(value)
    assert err.value.field == field


def test_bad_kind_and_lambda():
    with pytest.raises(UnknownNameError) as err:
        MomentMatrix(mu=np.zeros((3, 3)), eps=np.zeros((3, 3)), kind="weyl")
    assert err.value.field == "kind"
    with pytest.raises(InputError) as err2:
        MomentMatrix.majorana_from_lambda([1e-11, 2e-11])
    assert err2.value.field == "lambda_vec"
    with pytest.raises(InputError) as err3:
        MomentMatrix.majorana_from_lambda([1e-11, float("inf"), 0])
    assert err3.value.field == "lambda_vec"
    with pytest.raises(InputError) as err4:
        _ = MomentMatrix.dirac(1e-11).lambda_vector
    assert err4.value.field == "kind"


@settings(max_examples=40, deadline=None)
@given(st.lists(cmoment, min_size=3, max_size=3))
def test_lambda_roundtrip(vec):
    """Λ → matrix → Λ, antisymmetry, Hermitian μ and ε, |Λ_i| = |λ_jk| for (ijk) cyclic.

    Absolute tolerances are relative to the size of Λ (a fixed 1e-25 μ_B would let every
    component pass when hypothesis draws Λ ≲ 1e-18 μ_B).
    """
    m = MomentMatrix.majorana_from_lambda(vec)
    tol = 1e-14 * max(abs(v) for v in vec)
    np.testing.assert_allclose(m.lambda_vector, vec, atol=tol)
    np.testing.assert_allclose(m.lam, -m.lam.T, atol=tol)
    np.testing.assert_allclose(m.mu, m.mu.conj().T, atol=tol)
    np.testing.assert_allclose(np.diag(m.mu), 0.0, atol=tol)
    assert abs(m.lam[1, 2]) == approx(abs(vec[0]), abs=tol)
    assert abs(m.lam[2, 0]) == approx(abs(vec[1]), abs=tol)
    assert abs(m.lam[0, 1]) == approx(abs(vec[2]), abs=tol)
    total = np.sum(np.abs(m.lam) ** 2)
    assert total == approx(2 * sum(abs(v) ** 2 for v in vec), rel=1e-12, abs=tol**2)


def test_frozen_readonly_eq_hash():
    m = MomentMatrix.dirac(1e-11)
    with pytest.raises(AttributeError):
        m.kind = "majorana"  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        m.mu[0, 0] = 1.0
    assert m == MomentMatrix.dirac(1e-11)
    assert m != MomentMatrix.dirac(2e-11)
    assert hash(m) == hash(MomentMatrix.dirac(1e-11))
    assert m.scaled(2.0) == MomentMatrix.dirac(2e-11)


def test_repr():
    text = repr(MomentMatrix.dirac([1e-11, 2e-11, 0.0]))
    assert text.startswith("MomentMatrix.dirac(mu=[10⁻¹¹ μ_B]")
    assert "2." in text
    assert "eps" not in text
    html = MomentMatrix.majorana_from_lambda([1e-11, 0, 0])._repr_html_()
    assert "<table>" in html
    assert "majorana" in html


def test_msm_matrix():
    m = MomentMatrix.msm(0.1, NUFIT60)
    masses = np.sqrt([0.01, 0.01 + 7.49e-5, 0.01 + 2.534e-3])
    np.testing.assert_allclose(np.diag(m.mu).real, 3.203e-19 * masses, rtol=1e-3)


# -- effective moments --------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(
    moment.filter(lambda x: x != 0),
    st.sampled_from(FLAVOURS),
    st.floats(0.0, 1e6),
    st.floats(0.01, 100.0),
    params_st,
)
def test_dirac_identity_flavour_blind(scale, flavour, length, energy, params):
    """μ ∝ 1: μ_eff is the same for every flavour, baseline and energy."""
    m = MomentMatrix.dirac(scale)
    val = float(effective_moment_squared(m, flavour, length, energy, params))
    assert val == approx(scale**2, rel=1e-10)
    assert effective_moment_squared_incoherent(m, flavour, params) == approx(scale**2, rel=1e-10)


@settings(max_examples=60, deadline=None)
@given(any_matrix(), st.sampled_from(FLAVOURS), st.floats(0.0, 1e6), st.floats(0.01, 100.0))
def test_effective_moment_nonnegative_and_scales(matrix, flavour, length, energy):
    val = float(effective_moment_squared(matrix, flavour, length, energy))
    assert val >= 0.0
    scaled = float(effective_moment_squared(matrix.scaled(3.0), flavour, length, energy))
    # absolute slack relative to |λ|² (val may cancel to ~0); a fixed 1e-40 μ_B² would be vacuous
    # for the tiny matrices hypothesis draws
    lam2 = np.linalg.norm(matrix.lam, 2) ** 2
    assert scaled == approx(9.0 * val, rel=1e-10, abs=1e-14 * lam2)
    # bounded by the largest singular value² of λ (the amplitudes form a unit vector)
    assert val <= lam2 * (1 + 1e-10)


@settings(max_examples=25, deadline=None)
@given(any_matrix(), st.sampled_from(FLAVOURS))
def test_coherent_averages_to_incoherent(matrix, flavour):
    """Averaged over many oscillation lengths the coherent μ_eff² → Σ_k |U_αk|² Σ_j |λ_jk|².

    Baselines cover exactly 100 periods of the Δm²₂₁ phase (≈3400 of the Δm²₃₁ one) on a
    periodic grid of 10⁵ points at E = 1 MeV, so interference terms average to ≲ 10⁻³.
    """
    n = 100_000
    l_max = 2 * math.pi * 100 / (PHASE_PER_EV2_M_PER_MEV * NUFIT60.dm21_ev2)
    lengths = np.arange(n) * (l_max / n)
    vals = effective_moment_squared(matrix, flavour, lengths, 1.0)
    expected = effective_moment_squared_incoherent(matrix, flavour)
    scale = max(np.linalg.norm(matrix.lam, 2) ** 2, 1e-60)
    assert abs(np.mean(vals) - expected) <= 3e-3 * scale


def test_coherent_differs_from_incoherent():
    """The interference is real: at L = 0 a Majorana ν̄_e sees |Λ|² − |Σ U_ek Λ_k|², not the
    incoherent Σ_k |U_ek|² Σ_j |λ_jk|², and μ_eff² oscillates with L/E."""
    m = MomentMatrix.majorana_from_lambda([1e-11, 1e-11, 1e-11])
    short = float(effective_moment_squared(m, "nuebar", 0.0, 3.0))
    incoherent = effective_moment_squared_incoherent(m, "nuebar")
    assert abs(short - incoherent) > 0.1 * incoherent
    far = effective_moment_squared(m, "nuebar", np.linspace(1e4, 6e4, 50), 3.0)
    assert np.ptp(far) > 0.1 * incoherent


def test_reactor_short_baseline_beacom_vogel():
    """L → 0 reactor: μ_eff² = Σ_j |Σ_k U_ek μ_jk|² (Beacom & Vogel, hep-ph/9907383)."""
    rng = np.random.default_rng(1)
    h = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    mu = 1e-11 * (h + h.conj().T)
    m = MomentMatrix.dirac(mu)
    u = pmns(NUFIT60)
    expected = np.sum(np.abs(mu.conj() @ u[0]) ** 2)  # λ* a with a = U_e· for ν̄_e
    assert float(effective_moment_squared(m, "nuebar", 0.0, 3.0)) == approx(expected)
    # for a real symmetric μ this is Σ_j |Σ_k U_ek μ_jk|² with either convention
    mr = MomentMatrix.dirac(mu.real)
    expected_r = np.sum(np.abs(mu.real @ u[0]) ** 2)
    assert float(effective_moment_squared(mr, "nuebar", 0.0, 3.0)) == approx(expected_r)
    assert float(effective_moment_squared(mr, "nue", 0.0, 3.0)) == approx(expected_r)


def test_neutrino_antineutrino_conjugation():
    """ν̄ at baseline L equals ν with the phases reversed; equal at L = 0 for CP-conserving U."""
    rng = np.random.default_rng(7)
    h1 = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    h2 = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    m = MomentMatrix.dirac(1e-11 * (h1 + h1.conj().T), 1e-11 * (h2 + h2.conj().T))
    p = OscillationParameters(0.3, 0.02, 0.5, 0.0, 7.5e-5, 2.5e-3)
    nu = effective_moment_squared(m, "nue", 0.0, 2.0, p)
    nubar = effective_moment_squared(m, "nuebar", 0.0, 2.0, p)
    assert float(nu) == approx(float(nubar))


def test_majorana_reactor_formula():
    """Majorana, ν̄_e at L → 0: μ_eff² = |Λ|² − |Σ_k U_ek Λ_k|² (λ_jk = ε_jkl Λ_l)."""
    lam_vec = np.array([1e-11, 2e-11j, -0.5e-11 + 1e-11j])
    m = MomentMatrix.majorana_from_lambda(lam_vec)
    p = OscillationParameters(0.3, 0.02, 0.5, 0.7, 7.5e-5, 2.5e-3, alpha21=0.4, alpha31=1.1)
    a = pmns(p, majorana=True)[0]  # ν̄_e amplitudes at L = 0
    # (λ* a)_j = (a × Λ*)_j and |u × v|² = |u|²|v|² − |u·v̄|² for complex vectors
    expected = np.sum(np.abs(lam_vec) ** 2) - abs(np.dot(lam_vec, a)) ** 2
    got = float(effective_moment_squared(m, "nuebar", 0.0, 3.0, p))
    assert got == approx(expected, rel=1e-10)


def test_majorana_phases_matter_for_majorana_only():
    m = MomentMatrix.majorana_from_lambda([1e-11, 1e-11, 1e-11])
    p0 = OscillationParameters(0.3, 0.02, 0.5, 0.0, 7.5e-5, 2.5e-3)
    p1 = OscillationParameters(0.3, 0.02, 0.5, 0.0, 7.5e-5, 2.5e-3, alpha21=2.0)
    assert float(effective_moment_squared(m, "nuebar", 0.0, 3.0, p0)) != approx(
        float(effective_moment_squared(m, "nuebar", 0.0, 3.0, p1))
    )
    d = MomentMatrix.dirac(np.array([[1, 1, 0], [1, 2, 0], [0, 0, 0]]) * 1e-11)
    assert float(effective_moment_squared(d, "nuebar", 0.0, 3.0, p0)) == approx(
        float(effective_moment_squared(d, "nuebar", 0.0, 3.0, p1))
    )


def test_solar_grimus_formula():
    """θ13 = 0: μ_eff²(solar) = |Λ|² − |Λ₂|² + P₁ (|Λ₂|² − |Λ₁|²) (Grimus et al. 2003)."""
    lam_vec = np.array([2e-11, 1e-11, 3e-11])
    m = MomentMatrix.majorana_from_lambda(lam_vec)
    e = np.array([0.3, 1.0, 8.0])
    f = msw_mass_state_fractions(e, 100 * N_A, LMA2004)
    p1 = f[:, 0]
    expected = 14e-22 - 1e-22 + p1 * (1e-22 - 4e-22)
    np.testing.assert_allclose(effective_moment_squared_from_fractions(m, f), expected)
    np.testing.assert_allclose(
        effective_moment_squared_solar(m, e, 100 * N_A, LMA2004), expected, rtol=1e-12
    )


def test_from_fractions_vacuum_equals_incoherent():
    m = MomentMatrix.majorana_from_lambda([2e-11, 1e-11, 3e-11])
    f = np.abs(pmns(NUFIT60)[0]) ** 2
    assert float(effective_moment_squared_from_fractions(m, f)) == approx(
        effective_moment_squared_incoherent(m, "nue")
    )


def test_effective_moment_vectorised():
    m = MomentMatrix.majorana_from_lambda([1e-11, 2e-11, 0.0])
    e = np.linspace(1.0, 8.0, 5)
    length = np.array([[10.0], [1e4], [1e5]])
    out = effective_moment(m, "nuebar", length, e)
    assert out.shape == (3, 5)
    for i in range(3):
        for j in range(5):
            single = float(effective_moment(m, "nuebar", float(length[i, 0]), float(e[j])))
            assert out[i, j] == approx(single)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"flavour": "nusterile"}, "flavour"),
        ({"baseline_m": -5.0}, "baseline_m"),
        ({"enu_mev": float("nan")}, "enu_mev"),
        ({"enu_mev": -1.0}, "enu_mev"),
        ({"matrix": np.eye(3)}, "matrix"),
        ({"params": 1.0}, "params"),
    ],
)
def test_effective_moment_bad_input(kwargs, field):
    args = {"matrix": MomentMatrix.dirac(1e-11), "flavour": "nuebar"} | kwargs
    with pytest.raises(MunuError) as err:
        effective_moment_squared(**args)
    assert err.value.field == field


def test_fractions_bad_input():
    m = MomentMatrix.dirac(1e-11)
    with pytest.raises(InputError) as err:
        effective_moment_squared_from_fractions(m, [0.5, 0.5])
    assert err.value.field == "fractions"
    with pytest.raises(InputError) as err2:
        effective_moment_squared_from_fractions(m, [0.5, 0.6, -0.1])
    assert err2.value.field == "fractions"


# -- MSM and radiative decay --------------------------------------------------------------------
def test_msm_linear_and_vectorised():
    np.testing.assert_allclose(
        msm_dirac_moment([0.0, 1.0, 2.0]), [0.0, 3.2027e-19, 6.4054e-19], rtol=1e-4
    )
    with pytest.raises(InputError) as err:
        msm_dirac_moment(-0.1)
    assert err.value.field == "m_ev"


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-14, 1e-8), st.floats(1e-3, 10.0), st.floats(0.0, 0.99))
def test_radiative_rate_properties(mu, mi, frac):
    mj = frac * mi
    rate = radiative_decay_rate(mu, mi, mj)
    assert rate >= 0.0
    assert radiative_decay_rate(2 * mu, mi, mj) == approx(4 * rate, rel=1e-12)
    # electric and magnetic add in quadrature
    assert radiative_decay_rate(mu, mi, mj, eps=mu) == approx(2 * rate, rel=1e-12)
    assert radiative_decay_rate(mu, mi, mj, convention="texono2003") == approx(4 * rate)
    expected = RADIATIVE_RATE_PER_S * mu**2 * mi**3 * (1 - frac**2) ** 3
    assert rate == approx(expected, rel=1e-10, abs=1e-300)


def test_radiative_degenerate_limit():
    assert radiative_decay_rate(1e-10, 0.1, 0.1) == 0.0
    rate = radiative_decay_rate(np.array([1e-10, 2e-10]), 0.1)
    assert rate.shape == (2,)


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((1e-10, -1.0), {}, "m_heavy_ev"),
        ((1e-10, 0.0), {}, "m_heavy_ev"),
        ((1e-10, 0.1, 0.2), {}, "m_light_ev"),
        ((1e-10, 0.1, -0.01), {}, "m_light_ev"),
        ((float("nan"), 0.1), {}, "mu"),
        ((1e-10, 0.1), {"eps": float("inf")}, "eps"),
        ((1e-10, 0.1), {"convention": "pdg"}, "convention"),
    ],
)
def test_radiative_bad_input(args, kwargs, field):
    with pytest.raises(MunuError) as err:
        radiative_decay_rate(*args, **kwargs)
    assert err.value.field == field


def test_lifetime_bound_forms():
    m3tau = radiative_lifetime_bound(1.3e-10)
    assert radiative_lifetime_bound(1.3e-10, 0.5) == approx(m3tau / 0.125)
    # degenerate: Δm² = m² reproduces the non-degenerate form
    assert radiative_lifetime_bound(1.3e-10, 0.5, 0.25) == approx(m3tau / 0.125)
    # fixed Δm²: τ grows as m³
    t1 = radiative_lifetime_bound(1e-10, 0.1, 2.5e-3)
    t2 = radiative_lifetime_bound(1e-10, 0.2, 2.5e-3)
    assert t2 / t1 == approx(8.0)
    # consistent with the rate
    assert 1 / radiative_decay_rate(1e-10, 0.1, math.sqrt(0.01 - 2.5e-3)) == approx(t1)
    assert radiative_lifetime_bound(1.3e-10, convention="texono2003") == approx(m3tau / 4)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0.0,), "mu_limit"),
        ((1e-10, None, 1e-3), "m_heavy_ev"),
        ((1e-10, 0.01, 1e-3), "dm2_ev2"),
        ((1e-10, -0.1), "m_heavy_ev"),
    ],
)
def test_lifetime_bound_bad_input(args, field):
    with pytest.raises(InputError) as err:
        radiative_lifetime_bound(*args)
    assert err.value.field == field
