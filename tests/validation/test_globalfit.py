"""Global fit of effective moments against published global analyses.

References (shared/reference/verified-experiments.md §4, physics-facts §2.6):

* Grimus, Maltoni, Schwetz, Tórtola & Valle, Nucl. Phys. B 648 (2003) 376, hep-ph/0208132
  (abstract, verified): Majorana transition moments |Λ| < 6.3×10⁻¹⁰ μ_B from solar data and
  |Λ| < 2.0×10⁻¹⁰ μ_B with reactor data added, 90 % CL.
* Cañas, Miranda, Parada, Tórtola & Valle, PLB 753 (2016) 191, arXiv:1510.01684
  (verified): μ_eff < 3.1×10⁻¹¹ μ_B from Borexino ⇒ |Λ₁| < 5.6, |Λ₂| < 4.0,
  |Λ₃| < 3.1 ×10⁻¹¹ μ_B (90 % CL).

How the Grimus et al. numbers are reconstructed (``grimus2003`` sets; the body of the paper
could not be read, only its abstract): :mod:`munu.globalfit.grimus2003` rebuilds the inputs
from data public in August 2002, each from its own paper: SK 1496 d ES flux, SNO 2002 CC and
NC fluxes (⁸B flux profiled, φ_e/φ fixed by the LMA point), the 2002 LMA best fit
(de Holanda & Smirnov, hep-ph/0205241), and the Rovno reactor limit (recalled, NF).

Results (default grid, computed; SM ν-e cross sections with the electroweak radiative
corrections the SK and SNO analyses used): solar only 7.24×10⁻¹⁰ (+15 % from 6.3), combined
3.08×10⁻¹⁰ (+54 % from 2.0). The 15 % target of issue 15 is reached only nominally for the
solar-only bound (+14.9 %, tested at 15 %, 0.1 % of headroom) and NOT for the combined one.
The rates alone constrain the SK magnetic excess less than Grimus et al.'s fit of the SK
recoil spectrum (whose bin table was not available; the body of the paper is not stored in
any copy searched, see the module docstring), and no reactor input can make up for it: a saturating
reactor constraint leaves only the reactor-blind direction, where the bound is the solar one
over √((1 − P_ee)/f₁) = 3.13, i.e. 2.31×10⁻¹⁰ (+16 %) at best
(:func:`munu.globalfit.grimus2003.reactor_saturated_bound`, tested below). The reactor data
the paper combined are not known either (Rovno alone is weaker than what the paper's ratio
implies). The tolerances below are those the rebuild achieves, so a change that moves it
further away fails.

The former ``grimus2003`` set (SK 825 d effective limit of Beacom & Vogel with TEXONO 2003
and MUNU 2005, later results) is now ``reactor-solar-2005``: 2.10×10⁻¹⁰ combined and
4.63×10⁻¹⁰ solar only at LMA 2004; it agrees with the combined number by construction of its
solar input rather than as a reproduction.
"""

import math

import numpy as np
import pytest

from munu.globalfit import (
    CONSTRAINTS,
    EffectiveMomentConstraint,
    ScanGrid,
    constraint_set,
    run_global_fit,
)
from munu.mixing import NUFIT60

GRIMUS_SOLAR = 6.3e-10
GRIMUS_COMBINED = 2.0e-10
CANAS = {"Lambda1": 5.6e-11, "Lambda2": 4.0e-11, "Lambda3": 3.1e-11}
# a coarse scan is enough: the worst direction is polished locally (refine=True)
GRID = ScanGrid(n_angle=7, n_phase=6, n_random=2000)


@pytest.fixture(scope="module")
def grimus():
    solar = run_global_fit("grimus2003-solar", grid=GRID)
    combined = run_global_fit("grimus2003", grid=GRID)
    return solar, combined


@pytest.fixture(scope="module")
def rs2005():
    solar = run_global_fit("reactor-solar-2005-solar", params="lma2004", grid=GRID)
    combined = run_global_fit("reactor-solar-2005", params="lma2004", grid=GRID)
    return solar, combined


def test_grimus_solar_only_bound(grimus):
    """|Λ| < 6.3×10⁻¹⁰ μ_B (solar only, 90 % CL; Grimus et al. 2003, hep-ph/0208132).

    Rebuilt from SK 1496 d + SNO 2002 rates at the 2002 LMA point: 7.24×10⁻¹⁰ (+14.9 %),
    tested at the 15 % of issue 15 (the spectrum-shape information of the paper is missing,
    so the rebuild is weaker, see the module docstring)."""
    solar, _ = grimus
    assert solar.params_name == "lma2002"
    assert solar.lambda_limit == pytest.approx(GRIMUS_SOLAR, rel=0.15, abs=0)
    assert solar.lambda_limit > GRIMUS_SOLAR  # less information ⇒ weaker, never stronger
    # the weak direction of solar data is pure Λ₂ (ν₁ is rare in ⁸B at SK energies)
    assert solar.worst_direction["abs2"][1] == pytest.approx(1.0, abs=0.05)


def test_grimus_combined_bound(grimus):
    """|Λ| < 2.0×10⁻¹⁰ μ_B (solar + reactor, 90 % CL; Grimus et al. 2003), rebuilt with the
    Rovno limit: 3.08×10⁻¹⁰ (+54 %), tested at 60 %: NOT the 15 % of issue 15 (reactor inputs
    of the paper unknown, and even a saturating reactor input gives +16 %, see
    test_grimus_combined_floor_from_saturating_reactor)."""
    solar, combined = grimus
    assert combined.lambda_limit == pytest.approx(GRIMUS_COMBINED, rel=0.6, abs=0)
    assert combined.lambda_limit < 0.6 * solar.lambda_limit


def test_grimus_ratio_fixes_lma_point_and_arrival_model():
    """Grimus et al. 2003 (hep-ph/0208132, abstract): 6.3/2.0 = 3.15 for solar-only over
    solar + reactor. With one solar constraint and reactor data strong enough to leave only
    the reactor-blind direction Λ ∝ U_e*, the ratio is √((1 − P_ee)/f₁), fixed by the
    oscillation parameters. munu at the 2002 LMA point (de Holanda & Smirnov, hep-ph/0205241):
    3.13, within 2 %; at LMA 2004 it would be 2.44. The rebuild's combined fit approaches it
    as the reactor limit is made strong (checked with a 10× stronger Rovno limit)."""
    from munu.globalfit.grimus2003 import blind_ratio, solar_constraint
    from munu.mixing import LMA2004

    assert blind_ratio() == pytest.approx(GRIMUS_SOLAR / GRIMUS_COMBINED, rel=0.02)
    assert blind_ratio(LMA2004) < 0.8 * GRIMUS_SOLAR / GRIMUS_COMBINED
    rovno = CONSTRAINTS["Rovno-1993"]
    strong = EffectiveMomentConstraint.from_limit(
        "strong", rovno.mu_limit / 10, 0.95, rovno.arrival
    )
    sol = solar_constraint()
    solar_only = run_global_fit([sol], grid=GRID, params="lma2002")
    saturated = run_global_fit([sol, strong], grid=GRID, params="lma2002")
    ratio = solar_only.lambda_limit / saturated.lambda_limit
    assert ratio == pytest.approx(blind_ratio(), rel=0.03)


def test_grimus_combined_floor_from_saturating_reactor(grimus):
    """No reactor input can push the combined bound below solar / √((1 − P_ee)/f₁)
    (Grimus et al. 2003's reactor-blind direction Λ ∝ U_e*): the analytic floor equals a fit
    with a reactor limit 10⁴ times stronger than Rovno (within 2 %; the fit's residual
    excess, +0.9 %, is the grid minimum of χ² near the blind direction), and the rebuilt
    combined bound lies above it. With the rates-only solar part the floor is +16 % from the
    published 2.0×10⁻¹⁰ (hep-ph/0208132), so the combined target needs the SK spectrum."""
    from munu.globalfit.grimus2003 import reactor_saturated_bound, solar_constraint

    solar, combined = grimus
    floor = reactor_saturated_bound(solar.lambda_limit)
    rovno = CONSTRAINTS["Rovno-1993"]
    saturating = EffectiveMomentConstraint.from_limit(
        "saturating", rovno.mu_limit * 1e-4, 0.95, rovno.arrival
    )
    fit = run_global_fit([solar_constraint(), saturating], grid=GRID, params="lma2002")
    assert fit.lambda_limit == pytest.approx(floor, rel=0.02)
    assert fit.lambda_limit >= floor
    assert combined.lambda_limit > floor
    assert floor == pytest.approx(2.31e-10, rel=0.01)


def test_reactor_saturated_bound_rejects_bad_input():
    """A solar bound must be a positive number (MunuError naming the field)."""
    from munu.errors import MunuError
    from munu.globalfit.grimus2003 import reactor_saturated_bound

    for bad in (0.0, -1e-10, float("nan"), "x"):
        with pytest.raises(MunuError, match="solar_bound"):
            reactor_saturated_bound(bad)


def test_grimus_inputs_predate_paper():
    """Every input of the rebuilt set was public before August 2002 (hep-ph/0208132 v1)."""
    years = {"SK1496-SNO2002-rates": 2002, "Rovno-1993": 1993}
    for c in constraint_set("grimus2003"):
        assert years[c.name] <= 2002
        assert c.citation


def test_solar_rates_chi2_matches_hand_calculation():
    """χ² of SNO 2002 NC/CC and SK 1496 d ES (PRL 89 011301; PLB 539 179) at κ = 0 with
    φ_e free: the one-parameter-left fit has a closed form. With NC = φ, CC = φ_e and
    ES = φ_e + r(φ − φ_e), the best fit leaves one residual combination
    ES − CC − r(NC − CC), whose variance is σ²_ES + (1 − r)²σ²_CC + r²σ²_NC."""
    from munu.globalfit.grimus2003 import SK_ES, SNO_CC, SNO_NC, sk_ratios, solar_rates_chi2

    r, _ = sk_ratios()
    resid = SK_ES[0] - SNO_CC[0] - r * (SNO_NC[0] - SNO_CC[0])
    var = SK_ES[1] ** 2 + (1 - r) ** 2 * SNO_CC[1] ** 2 + r**2 * SNO_NC[1] ** 2
    assert float(solar_rates_chi2(0.0)) == pytest.approx(resid**2 / var, rel=1e-9)
    # r = σ(ν_μ e)/σ(ν_e e) for ⁸B above 4.5 MeV: 0.14–0.16 in the SK literature
    assert 0.13 < r < 0.17


def test_reactor_data_tighten_solar_only(rs2005):
    """Review §4.4: adding reactor data tightens the solar (+KamLAND) bound."""
    solar, combined = rs2005
    assert combined.lambda_limit < 0.6 * solar.lambda_limit
    assert combined.lambda_limit == pytest.approx(2.10e-10, rel=0.02, abs=0)
    review_solar = run_global_fit("review2004-solar", params="lma2004", grid=GRID)
    review = run_global_fit("review2004", params="lma2004", grid=GRID)
    assert review.lambda_limit < 0.6 * review_solar.lambda_limit
    modern_solar = run_global_fit("modern-solar", params="nufit60", grid=GRID)
    modern = run_global_fit("modern", params="nufit60", grid=GRID)
    assert modern.lambda_limit <= modern_solar.lambda_limit * (1 + 1e-12)


def test_sk_with_lma_cross_check(rs2005):
    """Cross-check with the SK 2004 "with LMA" limit 1.1×10⁻¹⁰ μ_B (V-sec): newer solar data
    tighten the combined bound below Grimus et al.'s, roughly in proportion to the solar
    limit (the combined bound is solar-dominated)."""
    _, combined = rs2005
    cons = [CONSTRAINTS["SK-2004-LMA"], CONSTRAINTS["TEXONO-2003"], CONSTRAINTS["MUNU-2005"]]
    newer = run_global_fit(cons, params="lma2004", grid=GRID)
    assert newer.lambda_limit < GRIMUS_COMBINED
    ratio = newer.lambda_limit / combined.lambda_limit
    assert 1.1 / 1.5 * 0.9 < ratio < 1.0


def test_canas_single_lambda_bounds():
    """Cañas et al. 2016: from μ_eff < 3.1×10⁻¹¹ μ_B, |Λ_i| < μ_eff/√(1 − f_i) with the
    solar mass-state fractions f_i of the Borexino beam (NuFIT 6.0, parameters fixed).

    munu: 5.03, 3.87, 3.13 ×10⁻¹¹ μ_B; Cañas: 5.6, 4.0, 3.1. Tolerance 12 % (Λ₁; their
    θ₁₂ and pp/⁷Be weighting differ) and 5 % (Λ₂, Λ₃). The three published numbers are
    mutually inconsistent at the 5 % level: any incoherent composition obeys the sum rule
    Σ_i (μ_eff/|Λ_i|)² = Σ_i (1 − f_i) = 2, while theirs give 1.91 (rounding or
    component-wise fits).
    """
    res = run_global_fit("canas2016", params="nufit60", n_osc=1, grid=GRID)
    lim = res.component_limits
    assert lim["Lambda1"] == pytest.approx(CANAS["Lambda1"], rel=0.12, abs=0)
    assert lim["Lambda2"] == pytest.approx(CANAS["Lambda2"], rel=0.05, abs=0)
    assert lim["Lambda3"] == pytest.approx(CANAS["Lambda3"], rel=0.05, abs=0)
    c = CONSTRAINTS["Canas-2016-Borexino"]
    f = np.real(np.diag(c.arrival.density(NUFIT60)))
    for i, key in enumerate(("Lambda1", "Lambda2", "Lambda3")):
        assert lim[key] == pytest.approx(3.1e-11 / math.sqrt(1 - f[i]), rel=1e-9, abs=0)
    assert sum((3.1e-11 / v) ** 2 for v in lim.values()) == pytest.approx(2.0, rel=1e-9)
    assert sum((3.1e-11 / v) ** 2 for v in CANAS.values()) == pytest.approx(1.907, abs=0.01)
    # the overall |Λ| bound from solar data alone is the weakest single component
    assert res.lambda_limit == pytest.approx(max(lim.values()), rel=1e-6, abs=0)


def test_single_limit_round_trip():
    """A fit to one published limit returns it: TEXONO 2003 1.3×10⁻¹⁰ μ_B (verified) for a
    Dirac moment equal for all mass states (μ = μ₀·1 ⇒ κ = μ₀² for any beam)."""
    c = CONSTRAINTS["TEXONO-2003"]
    single = EffectiveMomentConstraint.from_limit(
        "TEXONO-2003", c.mu_limit, 0.9, c.arrival, citation=c.citation
    )
    res = run_global_fit([single], "dirac-diagonal", params="nufit60", n_osc=1, grid=GRID)
    # the direction (1, 1, 1)/√3 has κ = ‖μ‖²/3 whatever the beam
    assert res.lambda_limit >= math.sqrt(3) * 1.3e-10 * (1 - 1e-9)
    assert tuple(x.name for x in constraint_set("reactor-solar-2005"))[1:] == (
        "TEXONO-2003",
        "MUNU-2005",
    )
