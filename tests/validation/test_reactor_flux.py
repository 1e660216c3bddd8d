"""Reactor ν̄_e flux and spectrum against published numbers.

References (status in shared/reference):
* TEXONO, Kuo-Sheng: 2.9 GW_th core at 28 m, flux 6.4×10¹² cm⁻² s⁻¹ (Wong et al., PRD 75
  (2007) 012001; the flux as verified in arXiv:0801.0263, verified-experiments.md).
* GEMMA, Kalinin: 3 GW_th at 13.9 m, 2.7×10¹³ cm⁻² s⁻¹ (Beda et al., arXiv:1005.2736;
  2.73×10¹³ in arXiv:0705.4576), verified-experiments.md.
* Review bookkeeping (physics-facts §0, §3): ≈ 6 ν̄ per fission from fission products plus
  ≈ 1.2 from ²³⁹U/²³⁹Np (0.6 captures per fission × 2).
* Kopeikin, Phys. At. Nucl. 75 (2012) 143: total spectrum table, trapezoid integral 6.67 ν̄
  per fission, 4.81 below 1.8 MeV (verified-reference-data §7.4).
"""

import numpy as np
import pytest

from munu.sources.reactor import (
    LOW_ENERGY_MODELS,
    MATCH_ENERGY_MEV,
    Reactor,
    capture_spectrum,
    kopeikin2012_spectrum,
    kopeikin2012_table,
)


@pytest.mark.parametrize("low", LOW_ENERGY_MODELS)
@pytest.mark.parametrize(
    ("power_gw", "distance_m", "published"),
    [(2.9, 28.0, 6.4e12), (3.0, 13.9, 2.7e13)],
    ids=["Kuo-Sheng", "Kalinin"],
)
def test_published_reactor_fluxes(power_gw, distance_m, published, low):
    """Kuo-Sheng 6.4×10¹² and Kalinin 2.7×10¹³ cm⁻² s⁻¹, tolerance 10 %.

    The experiments' fuel composition and ν̄ per fission are not stated with the fluxes
    (they imply 6.97 and 7.08 ν̄ per fission at 200 MeV per fission, physics-facts §0); the
    default "matched" model gives 7.2 ν̄/fission (within 1 %), Kopeikin's table 6.7 (−7 %).
    """
    flux = Reactor(power_gw, distance_m, low_energy=low).total_flux()
    assert flux == pytest.approx(published, rel=0.10)


def test_matched_reproduces_published_fluxes_closely():
    """With the "matched" model both fluxes agree to 2 %."""
    assert Reactor(2.9, 28.0, low_energy="matched").total_flux() == pytest.approx(6.4e12, rel=0.02)
    assert Reactor(3.0, 13.9, low_energy="matched").total_flux() == pytest.approx(2.7e13, rel=0.02)


def test_default_low_energy_is_the_published_table():
    """Issue 15: the default below 2 MeV is Kopeikin, Phys. At. Nucl. 75 (2012) 143 (6.68
    ν̄/fission, against 7.2 for "matched"). The fluxes quoted by TEXONO (Kuo-Sheng, 2.9 GW at
    28 m: 6.4×10¹² cm⁻² s⁻¹, PRD 75 (2007) 012001) and GEMMA (Kalinin, 3 GW at 13.9 m:
    2.7×10¹³) come out 6.5 % and 7 % lower, in line with the ratio 6.68/7.2 = 0.93 of the two
    models' ν̄ per fission ("matched" reproduces them to 1 %); tolerance: −8 % … −5 %."""
    default = Reactor(2.9, 28.0)
    assert default.low_energy == "kopeikin2012"
    assert default.neutrinos_per_fission().total == pytest.approx(6.68, abs=0.01)
    assert -0.08 < default.total_flux() / 6.4e12 - 1 < -0.05
    assert -0.08 < Reactor(3.0, 13.9).total_flux() / 2.7e13 - 1 < -0.05


def test_review_bookkeeping_per_fission():
    """≈ 6 ν̄/fission from fission products + ≈ 1.2 from ²³⁹U/²³⁹Np (exact by construction
    for the "matched" model; numerically integrated here to 1e-4)."""
    r = Reactor(1.0, 1.0, low_energy="matched")
    e = np.unique(np.concatenate([np.linspace(0, 2, 40001), np.linspace(2, 10, 4001)]))
    fp = np.trapezoid(r.spectrum_per_fission(e, "fission_products"), e)
    cap = np.trapezoid(r.spectrum_per_fission(e, "capture"), e)
    assert fp == pytest.approx(6.0, rel=1e-4)
    assert cap == pytest.approx(1.2, rel=1e-4)


def test_kopeikin_table_integrals():
    """6.67 ν̄/fission in total and 4.81 below 1.8 MeV (verified §7.4, trapezoid on the source
    grid). Below 1.8 MeV the shipped grid is the source grid (±0.005); above 2 MeV only seven
    points were listed, so the total uses log-linear interpolation there (tolerance 0.5 %)."""
    e, s, _ = kopeikin2012_table()
    below = e <= 1.8
    assert np.trapezoid(s[below], e[below]) == pytest.approx(4.81, abs=0.005)
    low = e <= MATCH_ENERGY_MEV
    high = np.linspace(MATCH_ENERGY_MEV, e[-1], 60001)
    total = np.trapezoid(s[low], e[low]) + np.trapezoid(kopeikin2012_spectrum(high), high)
    assert total == pytest.approx(6.67, rel=0.005)


@pytest.mark.parametrize(
    ("left", "right"),
    [(0.330, 0.335), (0.435, 0.440), (1.185, 1.190)],
    ids=["Np239-341keV", "Np239-437keV", "U239-1187keV"],
)
def test_kopeikin_capture_steps_match_ensdf_capture(left, right):
    """The table's steps at the ²³⁹Np and ²³⁹U endpoints equal 0.6 captures/fission times the
    ENSDF-branch capture spectrum's steps to 15 % (checks both the capture term and the
    0.6 default: the table embeds about that capture rate)."""
    e, s, _ = kopeikin2012_table()
    table_step = s[np.isclose(e, left)][0] - s[np.isclose(e, right)][0]
    model_step = 0.6 * float(capture_spectrum(left) - capture_spectrum(right))
    assert model_step == pytest.approx(table_step, rel=0.15)


def test_matched_against_kopeikin_below_2mev():
    """Documented agreement of the default model with Kopeikin 2012: ratio 0.75–1.35 at the
    table points 0.04–2 MeV (the table holds ≈ 5.5 fission-product ν̄/fission against our 6)."""
    e, s, _ = kopeikin2012_table()
    sel = (e >= 0.04) & (e <= MATCH_ENERGY_MEV)
    ratio = Reactor(1.0, 1.0).spectrum_per_fission(e[sel]) / s[sel]
    assert np.all((ratio > 0.75) & (ratio < 1.35))


def test_kopeikin_joins_fits_at_2mev():
    """Table (1.30) against the default exp-polynomial mixture at 2 MeV (1.25): within 5 %."""
    r = Reactor(1.0, 1.0, low_energy="kopeikin2012")
    below = float(kopeikin2012_spectrum(MATCH_ENERGY_MEV - 1e-9))
    above = float(r.spectrum_per_fission(MATCH_ENERGY_MEV))
    assert below == pytest.approx(above, rel=0.05)
