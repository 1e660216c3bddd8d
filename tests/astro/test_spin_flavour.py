"""Solar spin-flavour precession: P ∝ (μB)², bound ∝ 1/B, profiles, KamLAND inputs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.astro import spin_flavour as sf
from munu.constants import AVOGADRO, G_F_MEV2, HBARC_MEV_CM, MU_B_EV_PER_T
from munu.errors import InputError, UnknownNameError

fields = st.floats(min_value=1.0, max_value=1e5)


@settings(max_examples=40, deadline=None)
@given(b=fields, c=st.floats(min_value=1e-2, max_value=1e2))
def test_moment_bound_is_inversely_proportional_to_field(b, c):
    assert float(sf.sfp_moment_bound(c * b)) == pytest.approx(
        float(sf.sfp_moment_bound(b)) / c, rel=1e-12, abs=0
    )


@settings(max_examples=40, deadline=None)
@given(b=fields, limit=st.sampled_from(["kamland2004", "kamland2012"]))
def test_probability_at_the_bound_equals_the_limit(b, limit):
    mu = sf.sfp_moment_bound(b, limit=limit)
    p = sf.sfp_antineutrino_probability(mu, b)
    assert float(p) == pytest.approx(
        sf.SOLAR_ANTINEUTRINO_LIMITS[limit].probability, rel=1e-12, abs=0
    )
    assert float(sf.sfp_field_bound(mu, limit=limit)) == pytest.approx(b, rel=1e-12)


def test_probability_scales_as_mu_b_squared():
    p = sf.sfp_antineutrino_probability([1e-12, 2e-12], [[10.0], [30.0]], sin2_2theta12=0.8)
    np.testing.assert_allclose(p, 1.8e-10 * 0.8 * np.array([[1, 4], [9, 36]]), rtol=1e-12)


def test_field_profile_is_evaluated_at_production_radius():
    def profile(r):
        return 1e3 * math.exp(-((r / 0.05) ** 2))  # kG

    expected = sf.sfp_moment_bound(1e3 * math.exp(-1.0))
    assert float(sf.sfp_moment_bound(profile)) == pytest.approx(float(expected), rel=1e-14, abs=0)
    shifted = sf.sfp_moment_bound(profile, r_production=0.1)
    assert float(shifted) == pytest.approx(float(sf.sfp_moment_bound(1e3 * math.exp(-4.0))), abs=0)


def test_default_mixing_from_nufit():
    assert sf.default_sin2_2theta12() == pytest.approx(0.852, abs=1e-3)
    assert float(sf.sfp_moment_bound(100.0)) == pytest.approx(
        float(sf.sfp_moment_bound(100.0, sin2_2theta12=sf.default_sin2_2theta12())),
        rel=1e-14,
        abs=0,
    )


def test_newer_kamland_limit_is_stronger():
    assert float(sf.sfp_moment_bound(100.0, limit="kamland2012")) < float(
        sf.sfp_moment_bound(100.0, limit="kamland2004")
    )
    explicit = sf.sfp_moment_bound(100.0, limit=5.3e-5)
    assert float(explicit) == pytest.approx(float(sf.sfp_moment_bound(100.0)), rel=1e-14, abs=0)


def test_coefficient_order_of_magnitude_from_matter_potential():
    """Cross-check of the recalled κ = 1.8×10⁻¹⁰ (status R) and of its 10 kG normalisation.

    To first order P ~ sin²2θ (μB_⊥/ΔV)², with ΔV = √2 G_F (N_e − N_n). In the ⁸B production
    region of the standard solar model N_e − N_n lies between about 40 and 80 N_A cm⁻³ (the
    electron density is ~100 N_A cm⁻³ at the centre, and helium supplies about half as many
    neutrons). For μ = 10⁻¹² μ_B and B_⊥ = 10 kG = 1 T, (μB/ΔV)² must therefore bracket κ. A
    1 kG normalisation would miss the bracket by a factor of 100.
    """
    mu_b_ev = 1e-12 * MU_B_EV_PER_T * 1.0
    sqrt2_gf_na_ev = math.sqrt(2) * G_F_MEV2 * 1e-12 * AVOGADRO * (HBARC_MEV_CM * 1e6) ** 3
    low = (mu_b_ev / (80 * sqrt2_gf_na_ev)) ** 2
    high = (mu_b_ev / (40 * sqrt2_gf_na_ev)) ** 2
    assert low < sf.AKHMEDOV_PULIDO_COEFFICIENT < high


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: sf.sfp_moment_bound(0.0), "b_perp_kg"),
        (lambda: sf.sfp_moment_bound(10.0, limit=1.5), "limit"),
        (lambda: sf.sfp_moment_bound(10.0, sin2_2theta12=1.2), "sin2_2theta12"),
        (lambda: sf.sfp_moment_bound(10.0, r_production=1.2), "r_production"),
        (lambda: sf.sfp_moment_bound(lambda r: -1.0), "b_perp_kg"),
        (lambda: sf.sfp_field_bound(0.0), "mu_mu_b"),
        (lambda: sf.sfp_antineutrino_probability(-1e-12, 10.0), "mu_mu_b"),
        (lambda: sf.sfp_antineutrino_probability(1e-12, 10.0, coefficient=0.0), "coefficient"),
    ],
)
def test_bad_inputs(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


def test_unknown_limit_name():
    with pytest.raises(UnknownNameError) as err:
        sf.sfp_moment_bound(10.0, limit="superk2003")
    assert "kamland2012" in str(err.value)
