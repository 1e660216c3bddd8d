"""Validation of the rate engine against hand estimates and the review's statements.

References: H.T. Wong, hep-ex/0409003 (the review); TEXONO, H.B. Li et al., PRL 90 (2003)
131802, hep-ex/0212003 (setup numbers verified in verified-experiments.md); constants from
physics-facts.md §0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from munu import constants as c
from munu.detectors import Target, material
from munu.experiments import load_card
from munu.model import rate_summary
from munu.sources.reactor import Reactor
from munu.spectra import integrated_rates_per_kg_day, signal_to_sm_ratio


def test_texono_card_magnetic_rate_matches_hand_estimate() -> None:
    """Magnetic rate of the TEXONO-KS-2003 card at μ = 10⁻¹⁰ μ_B in 12–60 keV.

    Hand estimate (free electrons are exact here: 12 keV > B_K(Ge) = 11.1 keV; for T ≪ E_ν
    the magnetic cross section integrates to (πα²/m_e²) μ² ln(T₂/T₁)):

        R ≈ Φ · n_e · (πα²/m_e²) μ² · ln(60/12) · 86400 s
          = 6.4e12 cm⁻²s⁻¹ · 2.653e26 kg⁻¹ · 2.4947e-45 cm² · 1.609 · 86400
          = 0.589 per kg per day,

    with the Kuo-Sheng flux Φ = 6.4×10¹² cm⁻² s⁻¹ quoted by TEXONO (2.9 GW at 28 m). The
    neglected −(T₂ − T₁)/E_ν term and the neutrinos below E_min(12 keV) = 57 keV lower it by a
    few per cent. Tolerance 7 %; the engine must also reproduce the estimate with munu's own
    reactor flux scaled to 6.4e12.
    """
    summary = rate_summary("texono_ks_2003", 1e-10)
    hand = 6.4e12 * 2.653e26 * c.MAGNETIC_PREFACTOR_CM2 * 1e-20 * math.log(5.0) * 86400.0
    assert hand == pytest.approx(0.589, rel=2e-3)
    flux = Reactor(2.9, 28.0).total_flux()
    scaled = summary["magnetic_per_kg_day"] * 6.4e12 / flux
    assert scaled == pytest.approx(hand, rel=0.07)
    assert scaled < hand  # the neglected terms only remove rate
    # per-bin structure for the CLI
    assert len(summary["edges_kev"]) == 25
    assert len(summary["magnetic"]) == 24
    assert sum(summary["magnetic"]) / (1.06 * 196.3) == pytest.approx(
        summary["magnetic_per_kg_day"]
    )
    # SM weak rate: (G_F² m_e/2π)[(g_V+g_A)² + (g_V−g_A)²] per electron at T ≪ E_ν, over 48 keV;
    # the neglected (1 − T/E)² factor of the dominant (g_V−g_A)² term and the E_ν < E_min(T)
    # neutrinos remove ~10 % (reactor ⟨E_ν⟩ ≈ 1.5 MeV but many ν̄ below 0.5 MeV): 15 % tolerance
    s2 = c.SIN2_THETA_W
    gv, ga = 0.5 + 2 * s2, -0.5
    weak_hand = (
        6.4e12
        * 2.653e26
        * c.WEAK_PREFACTOR_CM2_PER_MEV
        * ((gv + ga) ** 2 + (gv - ga) ** 2)
        * 0.048
        * 86400.0
    )
    # the hand formula is tree level: compare with the card's tree-level SM rate
    tree = load_card("texono_ks_2003").expected_spectrum(radiative_corrections="tree")
    weak_tree = float(tree.weak.sum()) / (1.06 * 196.3)
    weak_scaled = weak_tree * 6.4e12 / flux
    assert weak_scaled == pytest.approx(weak_hand, rel=0.15)
    assert weak_scaled < weak_hand
    # the default (BKS electroweak) SM rate of ν̄_e is ≈ 4.5 % below tree level
    assert summary["weak_per_kg_day"] / weak_tree == pytest.approx(0.955, abs=0.01)


def test_signal_to_sm_ratio_at_low_recoil() -> None:
    """Review Fig. 4a dotted lines: R = magnetic/SM at T ≪ E_ν for reactor ν̄_e.

    R(T) ≈ μ² (πα²/m_e²)/T / {(G_F² m_e/2π)[(g_V+g_A)² + (g_V−g_A)²]} = 240.2 at T = 1 keV,
    μ = 10⁻¹⁰ μ_B (2.4947e-45/1e-3 / (4.308e-45 × 2.4105)); tolerance 1 %. The hand formula is
    tree level, so the ratio is taken with ``radiative_corrections="tree"`` (the default
    electroweak SM term is 4.5 % lower for ν̄_e, which raises R to ≈ 252).
    """
    r = Reactor(2.9, 28.0)
    ratio = signal_to_sm_ratio(
        r, Target("Ge", 1.0), np.array([1.0, 10.0]), 1e-10, radiative_corrections="tree"
    )
    gv, ga = 0.5 + 2 * c.SIN2_THETA_W, -0.5
    hand = c.MAGNETIC_PREFACTOR_CM2 * 1e-20 / 1e-3
    hand /= c.WEAK_PREFACTOR_CM2_PER_MEV * ((gv + ga) ** 2 + (gv - ga) ** 2)
    assert hand == pytest.approx(240.2, rel=1e-3)
    assert ratio[0] == pytest.approx(hand, rel=0.01)
    assert ratio[1] == pytest.approx(hand / 10.0, rel=0.05)


def test_threshold_from_10_kev_to_10_ev_gains_about_threefold() -> None:
    """Review (hep-ex/0409003, §on future projects): in Ge the reactor magnetic-moment rate
    grows only about threefold when the threshold drops from 10 keV to 10 eV.

    munu's reactor (2.9 GW, huber-mueller + Kopeikin 2012 low-energy table): rate above 10 eV over
    rate above 10 keV = 2.98 with free electrons (the claim's setting: ∝ ln(T_max/T_th) with
    T_max ~ MeV), 2.22 with the stepping approximation (fewer active electrons below the L and
    M edges). Tolerances ±0.15 absolute (these are our numbers, reported; the spectrum below
    2 MeV is model-dependent at the 10 % level).
    """
    r = Reactor(2.9, 28.0)
    ratios = {}
    for binding in ("free", "stepping"):
        tgt = Target("Ge", 1.0, binding=binding)
        _, m_10kev = integrated_rates_per_kg_day(r, tgt, 10.0)
        _, m_10ev = integrated_rates_per_kg_day(r, tgt, 0.01)
        ratios[binding] = m_10ev / m_10kev
    assert ratios["free"] == pytest.approx(2.98, abs=0.15)
    assert ratios["stepping"] == pytest.approx(2.22, abs=0.15)
    assert ratios["stepping"] < ratios["free"]


def test_material_electron_counts_against_physics_facts() -> None:
    """physics-facts.md §0: electrons/kg Ge 2.653e26, Xe 2.477e26, CF4 2.874e26, CsI 2.503e26."""
    for name, ref in (("Ge", 2.653e26), ("Xe", 2.477e26), ("CF4", 2.874e26), ("CsI", 2.503e26)):
        assert material(name).electrons_per_kg == pytest.approx(ref, rel=3e-4)


def test_texono_card_published_limit_recorded() -> None:
    """TEXONO 2003: μ(ν̄_e) < 1.3×10⁻¹⁰ μ_B at 90 % CL (verified, hep-ex/0311001 abstract)."""
    card = load_card("texono_ks_2003")
    assert card.published is not None
    assert (card.published.mu_limit, card.published.cl) == (1.3e-10, 0.9)
