"""β spectra: normalisation, endpoints, Fermi-function limits."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from munu.constants import ALPHA, M_E_MEV
from munu.errors import InputError, UnknownNameError
from munu.sources.beta import (
    BetaBranch,
    beta_neutrino_spectrum,
    branches_neutrino_spectrum,
    fermi_function,
)


def test_fermi_function_non_relativistic_limit():
    """For small Z and slow electrons F → 2πη/(1 − e^{−2πη}) (Fermi 1934); tritium, T = 5 keV.

    The relativistic expression differs from the Sommerfeld factor by (2pR)^{2(γ−1)} ≈ 1 and
    O((αZ)²) terms; tolerance 1 %.
    """
    w = M_E_MEV + 0.005
    p = np.sqrt(w**2 - M_E_MEV**2)
    eta = ALPHA * 2 * w / p
    sommerfeld = 2 * np.pi * eta / (1 - np.exp(-2 * np.pi * eta))
    assert float(fermi_function(2, w, 3)) == pytest.approx(sommerfeld, rel=0.01)


def test_positron_suppressed_electron_enhanced():
    w = M_E_MEV + 0.1
    assert fermi_function(8, w, 15, positron=True) < 1 < fermi_function(8, w, 15)


@pytest.mark.parametrize(
    ("endpoint", "z", "a", "shape"),
    [
        (0.01859, 2, 3, "allowed"),
        (1.2617, 93, 239, "allowed"),
        (0.438, 94, 239, "unique_first_forbidden"),
        (1.732, 7, 15, "allowed"),
    ],
)
def test_normalised_to_one(endpoint, z, a, shape):
    """Unit normalisation to 1e-8 against adaptive quadrature."""

    def f(e):
        return float(beta_neutrino_spectrum(e, endpoint, z, a, shape=shape))

    value, _ = integrate.quad(f, 0, endpoint, epsrel=1e-11, limit=200)
    assert value == pytest.approx(1.0, rel=1e-8)


def test_tritium_mean_electron_energy():
    """⟨E_β⟩(³H) = 5.68 keV (ENSDF, verified-reference-data §9); mean electron energy is
    E₀ − ⟨E_ν⟩. Tolerance 0.5 % (no screening or radiative corrections here)."""
    q = 0.018590

    def f(e):
        return float(e * beta_neutrino_spectrum(e, q, 2, 3))

    mean_nu, _ = integrate.quad(f, 0, q, epsrel=1e-10)
    assert q - mean_nu == pytest.approx(0.00568, rel=0.005)


@settings(max_examples=50, deadline=None)
@given(
    e=st.floats(0, 3.0),
    endpoint=st.floats(0.01, 2.0),
    z=st.integers(1, 95),
)
def test_nonnegative_and_zero_outside(e, endpoint, z):
    value = float(beta_neutrino_spectrum(e, endpoint, z, max(2 * z, 3)))
    assert value >= 0
    if e >= endpoint or e == 0:
        assert value == 0


def test_branches_sum_intensities():
    branches = (BetaBranch(1.0, 0.7, 30, 70), BetaBranch(0.5, 0.3, 30, 70))
    total, _ = integrate.quad(
        lambda e: float(branches_neutrino_spectrum(e, branches)), 0, 1.0, points=[0.5], limit=200
    )
    assert total == pytest.approx(1.0, rel=1e-8)


def test_bad_input():
    with pytest.raises(InputError, match="endpoint_mev"):
        beta_neutrino_spectrum(0.1, -1.0, 2, 3)
    with pytest.raises(InputError, match="enu_mev"):
        beta_neutrino_spectrum(-0.1, 1.0, 2, 3)
    with pytest.raises(InputError, match="intensity"):
        BetaBranch(1.0, 1.5, 2, 3)
    with pytest.raises(UnknownNameError, match="shape"):
        BetaBranch(1.0, 0.5, 2, 3, shape="second_forbidden")
    with pytest.raises(InputError, match="z_daughter"):
        fermi_function(200, 1.0, 3)
