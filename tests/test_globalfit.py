"""Unit and property tests of munu.globalfit (fast grids; validation lives in tests/validation)."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.errors import InputError, MunuError, UnknownNameError
from munu.globalfit import (
    CONSTRAINT_SETS,
    CONSTRAINTS,
    PRIORS,
    Arrival,
    EffectiveMomentConstraint,
    GlobalFitResult,
    ScanGrid,
    allowed_region,
    constraint_set,
    delta_chi2_threshold,
    oscillation_prior,
    plot_allowed_region,
    plot_delta_chi2,
    run_global_fit,
)
from munu.mixing import LMA2004, NUFIT60
from munu.moments import (
    MomentMatrix,
    effective_moment_squared,
    effective_moment_squared_from_fractions,
)

SMALL = ScanGrid(n_angle=9, n_phase=8, n_random=500)
REACTOR = Arrival.reactor(28.0)


def _random_lambda(rng: np.random.Generator) -> np.ndarray:
    return (rng.standard_normal(3) + 1j * rng.standard_normal(3)) * 1e-11


# -- arrivals and κ -------------------------------------------------------------------------
@pytest.mark.parametrize("params", [NUFIT60, LMA2004])
def test_reactor_kappa_matches_moments_module(params):
    """κ from the density matrix equals effective_moment_squared (coherent ν̄_e at 28 m)."""
    rng = np.random.default_rng(1)
    c = EffectiveMomentConstraint.from_limit("r", 1e-10, arrival=Arrival.reactor(28.0, 2.0))
    for _ in range(5):
        maj = MomentMatrix.majorana_from_lambda(_random_lambda(rng))
        h = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
        dirac = MomentMatrix.dirac((h + h.conj().T) * 1e-11)
        for m in (maj, dirac):
            expected = float(effective_moment_squared(m, "nuebar", 28.0, 2.0, params))
            assert c.kappa(m, params) == pytest.approx(expected, rel=1e-12, abs=0)


def test_accelerator_kappa_is_flavour_average():
    """LSND-type arrival: the weighted mean of the ν_μ and ν̄_μ effective moments."""
    rng = np.random.default_rng(2)
    arr = Arrival.accelerator(["numu", "numubar"], 30.0, [29.79, 35.0], [1.0, 3.0])
    c = EffectiveMomentConstraint.from_limit("a", 1e-9, arrival=arr)
    m = MomentMatrix.majorana_from_lambda(_random_lambda(rng))
    k_nu = float(effective_moment_squared(m, "numu", 30.0, 29.79))
    k_bar = float(effective_moment_squared(m, "numubar", 30.0, 35.0))
    assert c.kappa(m) == pytest.approx((k_nu + 3 * k_bar) / 4, rel=1e-12, abs=0)


def test_solar_kappa_matches_fractions():
    """Solar arrival: κ = Σ_k f_k Σ_j |λ_jk|² with the spectrum-weighted fractions."""
    arr = Arrival.solar(["8B"], 5.0, 14.0)
    f = np.real(np.diag(arr.density(NUFIT60)))
    assert f.sum() == pytest.approx(1.0, rel=1e-12)
    assert 0.05 < f[0] < 0.2  # ⁸B at SK energies is mostly ν₂
    rng = np.random.default_rng(3)
    m = MomentMatrix.majorana_from_lambda(_random_lambda(rng))
    c = EffectiveMomentConstraint.from_limit("s", 1e-10, arrival=arr)
    expected = float(effective_moment_squared_from_fractions(m, f))
    assert c.kappa(m, NUFIT60) == pytest.approx(expected, rel=1e-12, abs=0)


def test_majorana_quadratic_form():
    """κ = Λ†(tr R − R)Λ (Grimus et al. 2003) for every built-in arrival."""
    rng = np.random.default_rng(4)
    lam = _random_lambda(rng)
    m = MomentMatrix.majorana_from_lambda(lam)
    for c in CONSTRAINTS.values():
        r = c.arrival.density(NUFIT60)
        expected = np.real(lam.conj() @ (np.trace(r) * np.eye(3) - r) @ lam)
        assert c.kappa(m, NUFIT60) == pytest.approx(expected, rel=1e-10, abs=0)


def test_density_is_hermitian_unit_trace():
    for c in CONSTRAINTS.values():
        r = c.arrival.density(LMA2004)
        assert np.allclose(r, r.conj().T, rtol=0, atol=1e-14)
        assert np.trace(r).real == pytest.approx(1.0, rel=1e-12)
        assert np.all(np.linalg.eigvalsh(r) > -1e-12)


# -- constraint forms -----------------------------------------------------------------------
def test_from_limit_sigma_and_threshold():
    """σ_κ = μ²/1.2816 at 90 % one-sided; χ² at the limit equals the fit threshold."""
    c = EffectiveMomentConstraint.from_limit("x", 2e-10, arrival=REACTOR)
    assert c.sigma_kappa == pytest.approx(4e-20 / 1.2815516, rel=1e-6, abs=0)
    assert float(c.chi2(4e-20)) == pytest.approx(delta_chi2_threshold(0.9), rel=1e-12)
    c2 = EffectiveMomentConstraint.from_limit("x", 2e-10, arrival=REACTOR, sided="two")
    assert float(c2.chi2(4e-20)) == pytest.approx(delta_chi2_threshold(0.9, "two"), rel=1e-12)


def test_counts_calibration_reproduces_limit():
    c = CONSTRAINTS["DONUT-2001"]
    dchi = float(c.chi2(c.mu_limit**2) - c.chi2(0.0))
    assert dchi == pytest.approx(delta_chi2_threshold(0.9), rel=1e-9)
    direct = EffectiveMomentConstraint.from_counts(
        "d", 1, 2.3, c.arrival, signal_per_kappa=c.signal_per_kappa
    )
    assert float(direct.chi2(1e-14)) == pytest.approx(float(c.chi2(1e-14)), rel=1e-12)


def test_table_and_function_forms():
    k = np.array([0.0, 1e-20, 2e-20])
    t = EffectiveMomentConstraint.from_table("t", k, [0.0, 1.0, 4.0], REACTOR)
    assert t.chi2([5e-21, 3e-20]).tolist() == pytest.approx([0.5, 7.0], rel=1e-12, abs=0)
    f = EffectiveMomentConstraint.from_function(
        "f", lambda x: (x / 1e-20) ** 2, REACTOR, kappa_scale=1e-20
    )
    g = EffectiveMomentConstraint.gaussian("g", 0.0, 1e-20, REACTOR)
    rf = run_global_fit([f], "dirac-diagonal", LMA2004, n_osc=1, grid=SMALL)
    rg = run_global_fit([g], "dirac-diagonal", LMA2004, n_osc=1, grid=SMALL)
    assert rf.component_limits["mu11"] == pytest.approx(
        rg.component_limits["mu11"], rel=1e-6, abs=0
    )


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.0, max_value=1e-17))
def test_chi2_nonnegative(kappa):
    for c in CONSTRAINTS.values():
        assert float(c.chi2(kappa)) >= 0.0


def test_negative_best_fit_keep_vs_clip():
    """A downward fluctuation (SNO: κ̂ < 0) tightens the bound unless clipped to 0."""
    sno = CONSTRAINTS["SNO-deuteron"]
    clip = EffectiveMomentConstraint.gaussian(
        "clip", sno.kappa_hat, sno.sigma_kappa, sno.arrival, negative_best_fit="clip"
    )
    kw = {"kind": "dirac-diagonal", "params": LMA2004, "n_osc": 1, "grid": SMALL}
    keep_lim = run_global_fit([sno], **kw).component_limits["mu22"]
    clip_lim = run_global_fit([clip], **kw).component_limits["mu22"]
    assert keep_lim < clip_lim
    f2 = np.real(sno.arrival.density(LMA2004)[1, 1])
    z2 = delta_chi2_threshold(0.9)
    assert clip_lim**2 * f2 == pytest.approx(math.sqrt(z2) * sno.sigma_kappa, rel=1e-9, abs=0)


# -- the fit --------------------------------------------------------------------------------
def test_single_limit_is_returned():
    """A fit to one limit with a pure mass-state beam returns that limit exactly."""
    c = EffectiveMomentConstraint.from_limit(
        "pure", 1.7e-10, arrival=Arrival.fractions([1.0, 0.0, 0.0])
    )
    r = run_global_fit([c], "dirac-diagonal", LMA2004, n_osc=1, grid=SMALL)
    assert r.component_limits["mu11"] == pytest.approx(1.7e-10, rel=1e-9, abs=0)
    assert math.isinf(r.component_limits["mu22"])
    assert r.unbounded
    d = r.to_dict()
    assert d["lambda_limit"] is None
    assert d["unbounded"] is True
    json.dumps(d)


def test_one_and_two_sided_conventions_agree_for_limits():
    """(σ = κ₉₀/1.2816, Δχ² = 1.64) and (σ = κ₉₀/1.645, Δχ² = 2.71) give the same bound."""
    one = [
        EffectiveMomentConstraint.from_limit(c.name, c.mu_limit, 0.9, c.arrival)
        for c in constraint_set("reactor-solar-2005")
    ]
    two = [
        EffectiveMomentConstraint.from_limit(c.name, c.mu_limit, 0.9, c.arrival, sided="two")
        for c in constraint_set("reactor-solar-2005")
    ]
    r1 = run_global_fit(one, params="lma2004", n_osc=3, grid=SMALL)
    r2 = run_global_fit(two, params="lma2004", n_osc=3, grid=SMALL, sided="two")
    assert r1.lambda_limit == pytest.approx(r2.lambda_limit, rel=1e-6, abs=0)


@settings(max_examples=6, deadline=None)
@given(st.floats(min_value=0.1, max_value=10.0))
def test_mu_squared_scaling(factor):
    """Scaling every limit by k scales every bound by k (χ² depends on κ/κ₉₀ only)."""
    base = constraint_set("reactor-solar-2005")
    scaled = [
        EffectiveMomentConstraint.from_limit(c.name, c.mu_limit * factor, 0.9, c.arrival)
        for c in base
    ]
    kw = {"params": LMA2004, "n_osc": 1, "grid": ScanGrid(7, 6), "refine": False}
    r0 = run_global_fit(base, **kw)
    r1 = run_global_fit(scaled, **kw)
    assert r1.lambda_limit == pytest.approx(factor * r0.lambda_limit, rel=1e-9, abs=0)
    for key, value in r0.component_limits.items():
        assert r1.component_limits[key] == pytest.approx(factor * value, rel=1e-9, abs=0)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(min_value=-1.0, max_value=1.0), min_size=6, max_size=6),
    st.floats(min_value=0.1, max_value=5.0),
)
def test_chi2_monotone_along_a_direction(xs, step):
    """Along a fixed Λ direction, the total χ² of limit-type inputs grows with the scale."""
    vec = np.array(xs[:3]) + 1j * np.array(xs[3:])
    if np.linalg.norm(vec) < 1e-3:
        vec = np.array([1.0, 0.0, 0.0], dtype=complex)
    vec = vec / np.linalg.norm(vec)
    cons = constraint_set("reactor-solar-2005")
    totals = []
    for scale in (1e-10, 1e-10 * (1 + step), 1e-10 * (1 + step) ** 2):
        m = MomentMatrix.majorana_from_lambda(vec * scale)
        totals.append(sum(float(c.chi2(c.kappa(m, LMA2004))) for c in cons))
    assert totals[0] >= 0.0
    assert totals[0] <= totals[1] <= totals[2]


def test_general_engine_matches_closed_form():
    """Non-Gaussian path (golden section + bisection) = closed form for the same χ²."""
    base = list(constraint_set("reactor-solar-2005"))
    sk = base[0]
    as_function = EffectiveMomentConstraint.from_function(
        "SK-as-function",
        lambda k: (k / sk.sigma_kappa) ** 2,
        sk.arrival,
        kappa_scale=sk.sigma_kappa,
    )
    kw = {"params": "lma2004", "n_osc": 1, "grid": SMALL}
    closed = run_global_fit(base, **kw)
    general = run_global_fit([as_function, *base[1:]], **kw)
    assert general.lambda_limit == pytest.approx(closed.lambda_limit, rel=1e-6, abs=0)
    for key, value in closed.component_limits.items():
        assert general.component_limits[key] == pytest.approx(value, rel=1e-6, abs=0)


def test_refinement_is_grid_independent():
    """The polished bound is ≥ the raw grid maximum and agrees between grids."""
    kw = {"params": "lma2004", "n_osc": 1}
    raw = run_global_fit("reactor-solar-2005", grid=ScanGrid(7, 6), refine=False, **kw)
    coarse = run_global_fit("reactor-solar-2005", grid=ScanGrid(7, 6), **kw)
    fine = run_global_fit("reactor-solar-2005", grid=ScanGrid(17, 16), **kw)
    assert coarse.lambda_limit >= raw.lambda_limit
    assert coarse.lambda_limit == pytest.approx(fine.lambda_limit, rel=2e-3, abs=0)
    abs2 = coarse.worst_direction["abs2"]
    assert sum(abs2) == pytest.approx(1.0, rel=1e-9)


def test_reactor_only_majorana_has_a_blind_direction():
    """ν̄_e alone cannot see Λ ∝ U_e* (|Λ|² − |U_e·Λ|² = 0): the bound is far above the limit."""
    r = run_global_fit(["TEXONO-2003"], params=LMA2004, n_osc=1, grid=SMALL)
    assert r.lambda_limit > 20 * 1.3e-10
    solar = run_global_fit(["SK-BeacomVogel-1999"], params=LMA2004, n_osc=1, grid=SMALL)
    both = run_global_fit(
        ["SK-BeacomVogel-1999", "TEXONO-2003"], params=LMA2004, n_osc=1, grid=SMALL
    )
    assert both.lambda_limit < min(r.lambda_limit, solar.lambda_limit)


def test_dirac_mu33_needs_numu_data_when_theta13_is_zero():
    """With θ₁₃ = 0 neither reactor nor solar ν_e data see μ₃₃; LSND's ν_μ does."""
    r = run_global_fit("reactor-solar-2005", "dirac-diagonal", LMA2004, n_osc=1, grid=SMALL)
    assert math.isinf(r.component_limits["mu33"])
    r2 = run_global_fit(
        ["SK-BeacomVogel-1999", "LSND-2001"], "dirac-diagonal", LMA2004, n_osc=1, grid=SMALL
    )
    w33 = np.real(CONSTRAINTS["LSND-2001"].arrival.density(LMA2004)[2, 2])
    assert r2.component_limits["mu33"] == pytest.approx(6.8e-10 / math.sqrt(w33), rel=1e-9, abs=0)


def test_dirac_hermitian_bound_at_least_diagonal():
    kw = {"params": NUFIT60, "n_osc": 1, "grid": SMALL}
    herm = run_global_fit("modern", "dirac", **kw)
    diag = run_global_fit("modern", "dirac-diagonal", **kw)
    assert herm.lambda_limit >= diag.lambda_limit * (1 - 1e-9)
    assert herm.component_limits == diag.component_limits


def test_profiling_over_oscillations_never_tightens():
    """Profiling with priors (nodes incl. the centre) gives a bound ≥ the fixed-centre one."""
    fixed = run_global_fit("reactor-solar-2005", params=LMA2004, n_osc=1, grid=SMALL)
    prof = run_global_fit("reactor-solar-2005", params="lma2004", n_osc=3, grid=SMALL)
    assert prof.n_nodes == 9
    assert prof.lambda_limit >= fixed.lambda_limit * (1 - 1e-12)
    assert prof.chi2_min == pytest.approx(0.0, abs=1e-12)


def test_curve_crosses_threshold_at_the_bound():
    r = run_global_fit("review2004", params="lma2004", n_osc=3, grid=SMALL)
    x = np.asarray(r.norm_grid)
    y = np.asarray(r.delta_chi2_curve)
    assert y[0] == pytest.approx(0.0, abs=1e-9)
    assert np.all(np.diff(y) >= -1e-9)
    crossing = np.interp(r.delta_chi2, y, x)
    assert crossing == pytest.approx(r.lambda_limit, rel=0.03)


def test_result_serialises():
    r = run_global_fit("review2004", params="lma2004", n_osc=1, grid=SMALL)
    assert isinstance(r, GlobalFitResult)
    text = json.dumps(r.to_dict())
    assert "TEXONO-2003" in text
    assert "review2004" not in repr(r)
    assert set(r.component_limits) == {"Lambda1", "Lambda2", "Lambda3"}


# -- inputs ---------------------------------------------------------------------------------
def test_sets_and_priors():
    for name, members in CONSTRAINT_SETS.items():
        assert tuple(c.name for c in constraint_set(name)) == members
    for c in CONSTRAINTS.values():
        assert c.citation
        assert c.status
    assert PRIORS["nufit60"].sigma_sin2_theta12 == pytest.approx(0.0113, rel=0.01)
    assert oscillation_prior(NUFIT60).sigma_dm21_ev2 == 0.0
    nodes, chi2 = PRIORS["lma2004"].nodes(5)
    assert len(nodes) == 25
    assert chi2.min() == 0.0


def test_from_card():
    pytest.importorskip("munu.experiments")
    from munu.experiments import load_card

    card = load_card("texono_ks_2003")
    c = EffectiveMomentConstraint.from_card(card)
    assert c.mu_limit == 1.3e-10
    assert c.arrival.baseline_m == 28.0
    assert c.arrival.flavours == ("nuebar",)


@pytest.mark.parametrize(
    ("call", "err"),
    [
        (lambda: run_global_fit("nope"), UnknownNameError),
        (lambda: run_global_fit("reactor-solar-2005", kind="sterile"), UnknownNameError),
        (lambda: run_global_fit("reactor-solar-2005", cl=1.5), InputError),
        (lambda: run_global_fit("reactor-solar-2005", grid=(3, 3)), InputError),
        (lambda: run_global_fit([]), InputError),
        (lambda: EffectiveMomentConstraint.from_limit("x", 1e-10), InputError),
        (lambda: EffectiveMomentConstraint.from_limit("x", -1e-10, arrival=REACTOR), InputError),
        (lambda: EffectiveMomentConstraint.gaussian("x", 0.0, 0.0, REACTOR), InputError),
        (lambda: EffectiveMomentConstraint.from_table("x", [1, 0], [0, 1], REACTOR), InputError),
        (lambda: Arrival.solar(["9Be"]), UnknownNameError),
        (lambda: Arrival.reactor(-3.0), InputError),
        (lambda: Arrival.accelerator(["numu"], 30.0, [1.0, 2.0]), InputError),
        (lambda: allowed_region("reactor-solar-2005", plane=(1, 1), max_mu=1e-10), InputError),
        (lambda: delta_chi2_threshold(0.9, "three"), UnknownNameError),
        (lambda: plot_delta_chi2([]), InputError),
    ],
)
def test_bad_input_raises_munu_errors(call, err):
    with pytest.raises(err) as info:
        call()
    assert isinstance(info.value, MunuError)


# -- figures --------------------------------------------------------------------------------
def test_plots_return_axes():
    r1 = run_global_fit("reactor-solar-2005-solar", params=LMA2004, n_osc=1, grid=SMALL)
    r2 = run_global_fit("reactor-solar-2005", params=LMA2004, n_osc=1, grid=SMALL)
    ax = plot_delta_chi2([r1, r2], labels=["solar", "solar + reactor"])
    assert len(ax.get_lines()) == 3  # two curves and the threshold line
    reg = allowed_region(
        "reactor-solar-2005", (0, 1), LMA2004, max_mu=4e-10, n_grid=15, n_phase=6, n_osc=1
    )
    assert reg.delta_chi2.min() == 0.0
    assert reg.threshold == pytest.approx(4.605, rel=1e-3)
    ax2 = plot_allowed_region(reg)
    assert ax2.get_xlabel().startswith("|Λ1|")
    json.dumps(reg.to_dict())
