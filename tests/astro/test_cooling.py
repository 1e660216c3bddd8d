"""Energy-loss calculators: √δ scaling, inputs, supernova rescaling."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.astro import astro_bound
from munu.astro.cooling import (
    HELIUM_IGNITION_T_KEV,
    kelvin_to_kev,
    red_giant_bound,
    scale_energy_loss_bound,
    supernova_bound,
)
from munu.astro.plasmon import emissivity_ratio
from munu.errors import InputError, UnknownNameError


@settings(max_examples=30, deadline=None)
@given(delta=st.floats(min_value=1e-4, max_value=1e2))
def test_red_giant_bound_scales_as_sqrt_of_allowed_loss(delta):
    assert float(red_giant_bound(delta)) == pytest.approx(
        float(red_giant_bound(1.0)) * np.sqrt(delta), rel=1e-12, abs=0
    )


def test_red_giant_bound_inverts_the_emissivity_ratio():
    """At the bound, Q_μ/Q_SM equals the allowed fraction."""
    for method in ("raffelt", "transverse"):
        mu = float(red_giant_bound(0.3, method=method))
        ratio = emissivity_ratio(mu, 1e6, HELIUM_IGNITION_T_KEV, method=method)
        assert float(ratio) == pytest.approx(0.3, rel=1e-12, abs=0)


def test_red_giant_bound_weakens_with_density():
    """Higher ω_P suppresses the magnetic channel relative to the SM one, so μ_max grows."""
    mu = red_giant_bound(1.0, [1e5, 1e6, 1e7])
    assert np.all(np.diff(mu) > 0)


def test_transverse_bound_is_slightly_weaker():
    """The thermal average of ω² − k² exceeds ω_P², so the transverse bound is weaker by ≤ √1.5."""
    ratio = float(red_giant_bound(method="transverse")) / float(red_giant_bound())
    assert 1.0 < ratio < np.sqrt(1.5)


def test_kelvin_to_kev():
    assert float(kelvin_to_kev(1e8)) == pytest.approx(8.617333, rel=1e-6)
    assert pytest.approx(8.617333, rel=1e-6) == HELIUM_IGNITION_T_KEV


@settings(max_examples=30, deadline=None)
@given(
    mu=st.floats(min_value=1e-14, max_value=1e-9),
    ratio=st.floats(min_value=1e-3, max_value=1e3),
)
def test_scale_energy_loss_bound(mu, ratio):
    assert float(scale_energy_loss_bound(mu, 1.0)) == pytest.approx(mu, rel=1e-14, abs=0)
    scaled = float(scale_energy_loss_bound(mu, ratio))
    assert scaled == pytest.approx(mu * np.sqrt(ratio), rel=1e-12, abs=0)
    assert float(scale_energy_loss_bound(mu, ratio, power=4.0)) == pytest.approx(
        mu * ratio**0.25, rel=1e-12, abs=0
    )


def test_supernova_bound_reference_point_and_shape():
    ref = astro_bound("sn1987a_ayala1999").value_range_mu_b
    np.testing.assert_allclose(supernova_bound(1.0), ref, rtol=1e-14)
    out = supernova_bound([1.0, 0.25, 0.01])
    assert out.shape == (3, 2)
    np.testing.assert_allclose(out[2], np.asarray(ref) * 0.1, rtol=1e-12)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: red_giant_bound(0.0), "allowed_fraction"),
        (lambda: red_giant_bound(1.0, -5.0), "rho_g_cm3"),
        (lambda: scale_energy_loss_bound(3e-12, -1.0), "loss_ratio"),
        (lambda: scale_energy_loss_bound(3e-12, 2.0, power=0.0), "power"),
        (lambda: supernova_bound(float("inf")), "allowed_fraction"),
        (lambda: kelvin_to_kev(-3.0), "t_kelvin"),
    ],
)
def test_bad_inputs(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


def test_unknown_method():
    with pytest.raises(UnknownNameError):
        red_giant_bound(method="full")
