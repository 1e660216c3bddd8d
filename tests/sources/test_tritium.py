"""Tritium source: specific activity, spectrum, geometry, MAMMONT, bad input, properties."""

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from munu.errors import InputError
from munu.sources.base import Source
from munu.sources.tritium import (
    TRITIUM_Q_MEV,
    Tritium,
    specific_activity_ci_per_g,
    tritium_neutrino_spectrum,
)


def test_specific_activity():
    """9621 ± 16 Ci/g (verified-reference-data §9, from T½ = 12.32 y, M = 3.01605 g/mol)."""
    assert specific_activity_ci_per_g() == pytest.approx(9621, abs=1)
    # the ±0.02 y half-life error moves it by ≈ 16 Ci/g
    assert specific_activity_ci_per_g(12.30) - specific_activity_ci_per_g() == pytest.approx(
        15.6, abs=0.5
    )


def test_40_mci_is_4_16_kg():
    """40 MCi of T = 4.158 kg (verified-reference-data §9), tolerance 0.1 %."""
    assert Tritium(40.0, 14.0).mass_kg == pytest.approx(4.158, rel=1e-3)
    assert Tritium.from_mass_kg(4.158, 14.0).activity_mci == pytest.approx(40.0, rel=1e-3)


def test_mammont_flux():
    """Review/physics-facts §0: 40 MCi gives ≈ 6×10¹⁴ cm⁻² s⁻¹ near the source; 2 %."""
    m = Tritium.mammont()
    assert m.activity_mci == 40.0
    assert m.total_flux() == pytest.approx(6e14, rel=0.02)
    assert m.mass_kg == pytest.approx(4.16, abs=0.01)


def test_spectrum_normalised_and_endpoint():
    value, _ = integrate.quad(
        lambda e: float(tritium_neutrino_spectrum(e)), 0, TRITIUM_Q_MEV, epsrel=1e-11
    )
    assert value == pytest.approx(1.0, rel=1e-8)
    s = tritium_neutrino_spectrum([TRITIUM_Q_MEV - 1e-7, TRITIUM_Q_MEV, 0.019, 0.1])
    assert s[0] > 0
    assert np.all(s[1:] == 0.0)


def test_mean_electron_energy():
    """⟨E_β⟩ = Q − ⟨E_ν⟩ = 5.68 keV (ENSDF, verified §9); 0.5 % (no radiative corrections)."""
    mean_nu, _ = integrate.quad(
        lambda e: e * float(tritium_neutrino_spectrum(e)), 0, TRITIUM_Q_MEV, epsrel=1e-10
    )
    assert TRITIUM_Q_MEV - mean_nu == pytest.approx(0.00568, rel=0.005)


def test_total_flux_equals_integrated_flux():
    t = Tritium(2.0, 30.0)
    assert Source.total_flux(t) == pytest.approx(t.total_flux(), rel=1e-6)
    assert t.total_flux() == pytest.approx(2e6 * 3.7e10 / (4 * math.pi * 900.0))


def test_shell_effective_distance():
    """d_eff of a uniform shell from a direct volume average of 1/r² (quad, 1e-10)."""
    a, b = 8.0, 21.0
    mean_inv_r2 = integrate.quad(lambda r: 4 * math.pi * r**2 / r**2, a, b)[0] / (
        4 / 3 * math.pi * (b**3 - a**3)
    )
    shell = Tritium.spherical_shell(3.0, a, b)
    assert shell.distance_cm == pytest.approx(mean_inv_r2**-0.5, rel=1e-10)
    thin = Tritium.spherical_shell(1.0, 10.0, 10.0 + 1e-6)
    assert thin.distance_cm == pytest.approx(10.0, rel=1e-6)


def test_interface_and_plot():
    import matplotlib.pyplot as plt

    t = Tritium.mammont()
    assert t.flavours == ("nuebar",)
    assert t.baseline_m == pytest.approx(0.14)
    assert t.energy_range_mev() == (0.0, TRITIUM_Q_MEV)
    assert "Tritium(" in repr(t)
    ax = t.plot()
    assert len(ax.lines) == 1
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: Tritium(-1.0, 10.0), "activity_mci"),
        (lambda: Tritium(1.0, 0.0), "distance_cm"),
        (lambda: Tritium(1.0, -3.0), "distance_cm"),
        (lambda: Tritium.from_mass_kg(-1.0, 10.0), "mass_kg"),
        (lambda: Tritium.spherical_shell(1.0, 10.0, 5.0), "outer_radius_cm"),
        (lambda: Tritium.spherical_shell(1.0, 0.0, 5.0), "inner_radius_cm"),
        (lambda: specific_activity_ci_per_g(half_life_y=0.0), "half_life_y"),
        (lambda: Tritium(1.0, 10.0).flux(-0.001), "enu_mev"),
    ],
)
def test_bad_input(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


@settings(max_examples=40, deadline=None)
@given(
    activity=st.floats(0.0, 100.0, allow_subnormal=False),
    d=st.floats(1.0, 1e4),
    e=st.lists(st.floats(0.0, 0.05), min_size=1, max_size=10),
)
def test_flux_properties(activity, d, e):
    t = Tritium(activity, d)
    f = t.flux(e)
    assert np.all(f >= 0.0)
    assert np.all(f[np.asarray(e) >= TRITIUM_Q_MEV] == 0.0)
    ref = Tritium(1.0, 1.0).flux(e)
    assert np.allclose(f, ref * activity / d**2, rtol=1e-12, atol=0.0)
