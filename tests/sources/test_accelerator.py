"""Decay-at-rest source: π⁺ line, Michel spectra, flux normalisation, input errors."""

import matplotlib

matplotlib.use("Agg")

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from munu.constants import M_MU_MEV
from munu.errors import InputError, MunuError, UnknownNameError
from munu.sources.accelerator import (
    LSND_BASELINE_M,
    MU_DAR_ENDPOINT_MEV,
    PI_DAR_LINE_MEV,
    DecayAtRest,
    michel_spectrum,
)


def test_pion_line_energy():
    """(m_π² − m_μ²)/(2m_π) = 29.79 MeV (physics-facts §0, PDG masses)."""
    assert abs(PI_DAR_LINE_MEV - 29.79) < 0.005
    assert abs(MU_DAR_ENDPOINT_MEV - 52.83) < 0.005


@pytest.mark.parametrize("flavour", ["nue", "numubar"])
def test_michel_normalised(flavour):
    """192∫x²(½−x)dx = 64∫x²(¾−x)dx = 1 (physics-facts §0); quadrature to 1e-10."""
    value, _ = integrate.quad(lambda e: float(michel_spectrum(e, flavour)), 0, MU_DAR_ENDPOINT_MEV)
    assert value == pytest.approx(1.0, rel=1e-10)


@pytest.mark.parametrize(("flavour", "mean_x"), [("nue", 0.3), ("numubar", 0.35)])
def test_michel_mean_energy(flavour, mean_x):
    """⟨E⟩ = 3m_μ/10 (ν_e) and 7m_μ/20 (ν̄_μ), integrating the Michel spectra analytically."""
    mean, _ = integrate.quad(lambda e: e * float(michel_spectrum(e, flavour)), 0, M_MU_MEV / 2)
    assert mean == pytest.approx(mean_x * M_MU_MEV, rel=1e-10)


def test_michel_shapes():
    """ν_e peaks at x = 1/3 (maximum of x²(½ − x)); ν̄_μ rises up to the endpoint."""
    e = np.linspace(0, MU_DAR_ENDPOINT_MEV, 3001)
    nue = michel_spectrum(e, "nue")
    assert e[np.argmax(nue)] / M_MU_MEV == pytest.approx(1 / 3, abs=1e-3)
    assert nue[-1] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(michel_spectrum(e, "numubar")) > 0)
    assert float(michel_spectrum(MU_DAR_ENDPOINT_MEV, "numubar")) == pytest.approx(
        64 * 0.25 * 0.25 / M_MU_MEV
    )


def test_flux_normalisation_and_inverse_square():
    src = DecayAtRest(protons_per_s=1e15, nu_per_proton=0.1, distance_m=20.0)
    expected = 1e15 * 0.1 / (4 * math.pi * 2000.0**2)
    assert src.flux_per_flavour == pytest.approx(expected)
    for flavour in src.flavours:
        assert src.total_flux(flavour) == pytest.approx(expected)
    assert src.total_flux() == pytest.approx(3 * expected)
    far = DecayAtRest(protons_per_s=1e15, nu_per_proton=0.1, distance_m=40.0)
    assert far.total_flux("nue") == pytest.approx(src.total_flux("nue") / 4)
    assert src.baseline_m == 20.0


def test_lines_and_flavours():
    src = DecayAtRest.lsnd()
    (line,) = src.lines()
    assert line.flavour == "numu"
    assert line.energy_mev == PI_DAR_LINE_MEV
    assert src.lines("nue") == ()
    assert src.lines("numu") == (line,)
    assert np.all(src.flux(np.linspace(0, 60, 50), "numu") == 0.0)
    assert src.energy_range_mev("numu") == (0.0, 0.0)
    assert src.baseline_m == LSND_BASELINE_M == 29.8


def test_base_quadrature_agrees():
    """The base-class numerical integral equals the exact total (Michel spectra are cubic)."""
    from munu.sources.base import Source

    src = DecayAtRest.lsnd()
    for flavour in src.flavours:
        assert Source.total_flux(src, flavour) == pytest.approx(src.total_flux(flavour), rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.0, 200.0), min_size=1, max_size=30))
def test_flux_nonnegative_zero_beyond_endpoint(energies):
    src = DecayAtRest.lsnd()
    e = np.array(energies)
    for flavour in ("nue", "numubar"):
        f = src.flux(e, flavour)
        assert np.all(f >= 0)
        assert np.all(f[e > MU_DAR_ENDPOINT_MEV] == 0.0)


def test_plot():
    ax = DecayAtRest.lsnd().plot()
    assert ax.get_ylabel()
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: DecayAtRest(protons_per_s=-1.0), InputError),
        (lambda: DecayAtRest(distance_m=0.0), InputError),
        (lambda: DecayAtRest(nu_per_proton=float("nan")), InputError),
        (lambda: DecayAtRest(distance_m=[1.0, 2.0]), InputError),
        (lambda: DecayAtRest().flux(-1.0), InputError),
        (lambda: DecayAtRest().flux(1.0, "nutau"), UnknownNameError),
        (lambda: michel_spectrum(1.0, "numu"), UnknownNameError),
        (lambda: michel_spectrum("a", "nue"), InputError),
    ],
)
def test_bad_input(call, error):
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, MunuError)
