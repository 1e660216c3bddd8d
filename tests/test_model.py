"""The model layer (munu.model) and the card's data / response / backgrounds sections.

References: XENONnT SR0, E. Aprile et al., PRL 129, 161805 (2022), arXiv:2207.11330 (published
μ < 6.4e-12 μ_B at 90 % CL, V-sec in shared/reference/verified-experiments.md); the public
release bundled in munu/data/xenonnt_sr0. Dresden-II: Colaresi et al., PRL 129, 211802 (2022).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from munu.cli import app
from munu.detectors import Efficiency, NobleResolution, Resolution, Response, Target
from munu.errors import CardError, DataError, InputError
from munu.experiments import load_card
from munu.experiments.reproduce import reproduce_card
from munu.experiments.schema import BackgroundComponent
from munu.model import (
    ModelMismatchError,
    build_card_model,
    check_residual_model,
    component_counts,
    fit_card,
    integrate_linear,
    residual_limit,
)
from munu.sources.reactor import Reactor
from munu.spectra import Exposure, expected_spectrum

SHARED = Path(os.environ.get("MUNU_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
DRESDEN = SHARED / "data" / "dresden-ii" / "data_release.txt"
runner = CliRunner()


# -------------------------------------------------------------------------- component shapes


def test_integrate_linear_is_exact() -> None:
    """∫ of a piecewise-linear table over bins equals the analytic integral (to rounding),
    including bins that straddle table nodes and the constant extension beyond the table."""
    x = np.array([1.0, 2.0, 4.0])
    y = np.array([1.0, 3.0, 3.0])
    lo = np.array([0.0, 1.5, 3.0])
    hi = np.array([1.5, 3.0, 6.0])
    # [0,1]: 1; [1,1.5]: mean 1.5 → 0.75; [1.5,2]: mean 2.5 → 1.25; [2,3]: 3; [3,6]: 9
    np.testing.assert_allclose(integrate_linear(x, y, lo, hi), [1.75, 4.25, 9.0], rtol=1e-14)


def _bc(**kw) -> BackgroundComponent:
    return BackgroundComponent.model_validate({"name": "b", **kw})


def test_component_shapes_integrate_exactly() -> None:
    edges = np.array([1.0, 2.0, 4.0])
    kgd = 10.0
    flat = component_counts(_bc(shape="flat", rate=2.0), edges, kgd)
    np.testing.assert_allclose(flat, [20.0, 40.0])
    poly = component_counts(_bc(shape="polynomial", coefficients=[1.0, 2.0]), edges, kgd)
    # ∫ (1 + 2E) dE = E + E²: [1,2] → 4, [2,4] → 14
    np.testing.assert_allclose(poly, [40.0, 140.0])
    expo = component_counts(_bc(shape="exponential", rate=3.0, slope_kev=2.0), edges, kgd)
    ref = [3.0 * 2.0 * (math.exp(-a / 2) - math.exp(-b / 2)) * kgd for a, b in [(1, 2), (2, 4)]]
    np.testing.assert_allclose(expo, ref, rtol=1e-14)
    # per t·yr·keV: 1 t·yr = 365250 kg·day
    tyr = component_counts(_bc(shape="flat", rate=365.25, units="per_t_yr_kev"), edges, 1000.0)
    np.testing.assert_allclose(tyr, [1.0, 2.0], rtol=1e-14)
    # the threshold cuts bin parts below it
    cut = component_counts(_bc(shape="flat", rate=1.0), edges, 1.0, threshold_kev=1.5)
    np.testing.assert_allclose(cut, [0.5, 2.0])


def test_line_width_from_resolution_or_given() -> None:
    edges = np.linspace(0.0, 20.0, 41)
    res = NobleResolution(0.310, 0.0037)
    line = component_counts(
        _bc(shape="line", energy_kev=10.0, rate=5.0), edges, 2.0, resolution=res
    )
    assert line.sum() == pytest.approx(10.0, rel=1e-9)
    sigma = float(res.sigma_kev(10.0))
    inside = line[(edges[:-1] >= 10.0 - sigma) & (edges[1:] <= 10.0 + sigma)].sum()
    assert 0.4 * 10 < inside < 0.7 * 10
    narrow = component_counts(
        _bc(shape="line", energy_kev=10.0, rate=5.0, sigma_kev=0.01), edges, 2.0, resolution=res
    )
    assert narrow.max() == pytest.approx(5.0, rel=1e-6)


def test_negative_polynomial_rate_is_refused() -> None:
    with pytest.raises(InputError, match="rate is ≥ 0"):
        component_counts(_bc(shape="polynomial", coefficients=[1.0, -1.0]), np.array([0, 4.0]), 1)


def test_noble_resolution_form() -> None:
    """σ = a√E + bE (XENON1T, arXiv:2006.09721 Eq. 1: a = 0.310 √keV, b = 0.0037)."""
    r = NobleResolution(0.310, 0.0037)
    assert float(r.sigma_kev(9.0)) == pytest.approx(0.93 + 0.0333, rel=1e-12)
    assert Resolution().is_zero
    assert not r.is_zero


# ------------------------------------------------------------ efficiency inside the fold


def test_efficiency_is_spectrum_weighted_inside_the_bin() -> None:
    """A steep efficiency (0 → 1 across a wide bin) multiplies the falling rate inside the bin:
    the one-bin result equals the sum over 64 narrow bins (where the efficiency is nearly
    constant), and differs from the flat bin average of the efficiency by ≫ the tolerance."""
    src, tgt, exp = Reactor(2.9, 28.0), Target("Ge", 1.0), Exposure(100.0)
    eff = Efficiency((0.0, 1.0), (2.0, 10.0))
    resp = Response(resolution=Resolution(a_kev=0.3), efficiency=eff)
    wide = expected_spectrum(src, tgt, resp, [2.0, 10.0], exp, include_cevns=False)
    fine_edges = np.linspace(2.0, 10.0, 65)
    fine = expected_spectrum(src, tgt, resp, fine_edges, exp, include_cevns=False)
    assert wide.weak[0] == pytest.approx(fine.weak.sum(), rel=1e-3)
    assert wide.magnetic_total()[0] == pytest.approx(fine.magnetic_total().sum(), rel=1e-3)
    flat = expected_spectrum(
        src,
        tgt,
        Response(resolution=Resolution(a_kev=0.3)),
        [2.0, 10.0],
        exp,
        include_cevns=False,
    )
    # the magnetic rate falls ~1/T: weighting by the spectrum gives less than the flat 0.5
    assert wide.magnetic_total()[0] / flat.magnetic_total()[0] < 0.45


# ------------------------------------------------------------------------- card fields


_BASE = """\
name: MY-XE
reference: {citation: "me (2026)"}
source: {type: solar, components: [pp, 7Be]}
target: {material: Xe, mass_kg: 1000.0, binding: stepping}
response:
  threshold_kev: 2.0
  resolution: {form: noble, a_sqrt_kev: 0.31, b_linear: 0.0037}
  efficiency: {file: eff.csv}
binning: {min_kev: 2.0, max_kev: 20.0, width_kev: 1.0}
exposure: {live_days: 365.25}
standard_model: in_background
backgrounds:
  - {name: flat-ish, shape: template, file: bkg.txt, units: per_t_yr_kev, norm: free}
  - {name: Kr-line, shape: line, energy_kev: 12.0, rate: 1.0, units: per_t_yr_kev,
     norm: constrained, sigma_rel: 0.5}
data: {kind: events, file: events.txt, exposure_t_yr: 1.0}
analysis: {cl: 0.9}
"""


def _write_user_files(folder: Path, n_events: int = 200, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    (folder / "events.txt").write_text(
        "# energies in keV\n" + "\n".join(f"{e:.4f}" for e in rng.uniform(2.0, 20.0, n_events))
    )
    (folder / "eff.csv").write_text("energy_kev,efficiency\n1.0,0.5\n5.0,0.9\n30.0,0.9\n")
    (folder / "bkg.txt").write_text(
        "# keV  events/(t yr keV)\n" + "\n".join(f"{e} {11.0}" for e in range(0, 31, 2))
    )


@pytest.fixture
def user_card(tmp_path: Path) -> Path:
    _write_user_files(tmp_path)
    card = tmp_path / "mine.yaml"
    card.write_text(_BASE)
    return card


def _card_error(tmp_path: Path, text: str, *files: str) -> str:
    _write_user_files(tmp_path)
    for f in files:
        (tmp_path / f).unlink()
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    with pytest.raises(CardError) as info:
        load_card(p)
    return str(info.value)


def test_relative_files_resolve_from_the_card_folder(user_card: Path, monkeypatch) -> None:
    monkeypatch.chdir("/")
    card = load_card(user_card)
    assert len(card.data.events_kev) == 200
    assert card.response.efficiency.values[0] == 0.5
    assert card.backgrounds[0].rates[0] == 11.0


@pytest.mark.parametrize(
    ("old", "new", "missing", "expect"),
    [
        ("file: events.txt", "file: events.txt", ("events.txt",), "does not exist"),
        ("file: eff.csv", "file: eff.csv", ("eff.csv",), "does not exist"),
        ("units: per_t_yr_kev, norm: free", "units: per_ton, norm: free", (), "per_t_yr_kev"),
        ("norm: constrained, sigma_rel: 0.5", "norm: constrained", (), "sigma_rel"),
        ("exposure_t_yr: 1.0", "exposure_t_yr: 2.0", (), "data exposure"),
        ("file: events.txt", "bundled: nowhere/events", (), "unknown bundled data set"),
        ("kind: events", "kind: binned", (), "expected 3 column(s)"),
    ],
)
def test_card_field_errors(tmp_path: Path, old: str, new: str, missing, expect: str) -> None:
    msg = _card_error(tmp_path, _BASE.replace(old, new), *missing)
    assert expect in msg


def test_non_increasing_energies_and_negative_rates(tmp_path: Path) -> None:
    _write_user_files(tmp_path)
    (tmp_path / "eff.csv").write_text("1.0 0.5\n5.0 0.9\n4.0 0.9\n")
    p = tmp_path / "c.yaml"
    p.write_text(_BASE)
    with pytest.raises(CardError, match="strictly increasing"):
        load_card(p)
    _write_user_files(tmp_path)
    (tmp_path / "bkg.txt").write_text("0 1.0\n10 -2.0\n30 1.0\n")
    with pytest.raises(CardError, match="rates"):
        load_card(p)
    _write_user_files(tmp_path)
    (tmp_path / "eff.csv").write_text("1.0 0.5\n5.0 1.5\n")
    with pytest.raises(CardError, match="values"):
        load_card(p)


def test_event_outside_the_window_is_refused(tmp_path: Path) -> None:
    _write_user_files(tmp_path)
    with (tmp_path / "events.txt").open("a") as fh:
        fh.write("\n25.0\n")
    p = tmp_path / "c.yaml"
    p.write_text(_BASE)
    with pytest.raises(CardError, match=r"outside the fit window \[2, 20\]"):
        load_card(p)


def test_text_in_a_table_names_file_and_line(tmp_path: Path) -> None:
    _write_user_files(tmp_path)
    (tmp_path / "events.txt").write_text("3.0\n4.0\nfoo\n")
    p = tmp_path / "c.yaml"
    p.write_text(_BASE)
    with pytest.raises(CardError, match="line 3"):
        load_card(p)


def test_fit_window_and_cl_are_honoured(user_card: Path) -> None:
    text = user_card.read_text().replace(
        "analysis: {cl: 0.9}", "analysis: {cl: 0.95, fit_min_kev: 4.0, fit_max_kev: 20.0}"
    )
    user_card.write_text(text)
    # events below 4 keV are outside the window: drop them from the file
    ev = np.loadtxt(user_card.parent / "events.txt")
    (user_card.parent / "events.txt").write_text("\n".join(str(e) for e in ev[ev >= 4.0]))
    card = load_card(user_card)
    cm = build_card_model(card)
    assert cm.edges_kev[0] == 4.0
    assert cm.edges_kev.size - 1 == 16
    assert cm.cl == 0.95
    from munu.inference import limit_from_card

    assert limit_from_card(card, method="cls").cl == 0.95
    bad = text.replace("fit_min_kev: 4.0", "fit_min_kev: 4.5")
    user_card.write_text(bad)
    with pytest.raises(CardError, match="must fall on bin edges"):
        load_card(user_card)


# ------------------------------------------------------------------- the user card, CLI


def test_user_card_runs_through_rate_fit_limit_sensitivity(user_card: Path) -> None:
    """A card with its own event file, efficiency file and template background runs through
    rate, fit, limit and sensitivity (the numbers are checked for consistency, not values)."""
    r = runner.invoke(app, ["rate", str(user_card), "--json"])
    assert r.exit_code == 0, r.output
    rate = json.loads(r.output)
    assert rate["expected"] is True
    assert rate["standard_model"] == "in_background"
    assert set(rate["components"]) == {"flat-ish", "Kr-line"}
    # template 11 /(t yr keV) over 2–20 keV, 1 t·yr, + the 1 /(t yr) line
    assert sum(rate["background"]) == pytest.approx(11.0 * 18 + 1.0, rel=1e-6)

    fig = user_card.parent / "fit.png"
    r = runner.invoke(app, ["fit", str(user_card), "--json", "--plot", str(fig)])
    assert r.exit_code == 0, r.output
    fitted = json.loads(r.output)
    assert fitted["observed"] is True
    assert fitted["n_events"] == 200
    names = [c["name"] for c in fitted["components"]]
    assert names == ["flat-ish", "Kr-line"]
    total = sum(c["fitted_counts"] for c in fitted["components"]) + fitted["signal_counts"]
    assert total == pytest.approx(200, rel=0.02)  # a free normalisation fits the total
    kr = fitted["components"][1]
    assert kr["treatment"] == "constrained"
    assert kr["pull"] is not None
    assert fig.stat().st_size > 1000

    r = runner.invoke(app, ["limit", str(user_card), "--json", "--method", "cls"])
    assert r.exit_code == 0, r.output
    lim = json.loads(r.output)
    assert lim["observed"] is True
    assert lim["cl"] == 0.9
    assert lim["mu_interval"][0] == 0.0
    assert lim["mu_interval"][1] == lim["mu_limit"] > 0
    assert lim["kappa_hat"] >= 0.0

    r = runner.invoke(app, ["sensitivity", str(user_card), "--json"])
    assert r.exit_code == 0, r.output
    sens = json.loads(r.output)
    assert sens["observed"] is False
    assert 0.2 < lim["mu_limit"] / sens["mu_limit"] < 5.0


def test_limit_without_data_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["limit", "texono_ks_2003", "--json"])
    assert r.exit_code == 2
    assert "no data" in r.output
    r = runner.invoke(app, ["fit", "donut_2001"])
    assert r.exit_code == 2
    assert "result-only" in r.output


# ---------------------------------------------------------------------------- XENONnT SR0


def test_xenonnt_observed_fc_limit_within_15_percent() -> None:
    """`munu limit xenonnt_2022 --json` (no --data): the observed Feldman–Cousins limit from the
    433 public SR0 events is within 15 % of the published 6.4e-12 μ_B (90 % CL), PRL 129,
    161805 (2022). munu: 6.16e-12 (binned 0.5 keV, B0 free, seed 0, 2000 toys)."""
    r = runner.invoke(app, ["limit", "xenonnt_2022", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["observed"] is True
    assert out["method"].startswith("feldman-cousins")
    assert out["mu_limit"] == pytest.approx(6.4e-12, rel=0.15)
    assert out["mu_interval"] == [0.0, out["mu_limit"]]


def test_xenonnt_fit_describes_the_data() -> None:
    """B0 (which contains the solar-ν SM recoils) fits the 433 events: normalisation ≈ 1
    (B0 integrates to 426.5 events over 1–30 keV at 1.16 t·yr), p-value not small."""
    cm = build_card_model(load_card("xenonnt_2022"))
    assert cm.observed
    assert cm.data.sum() == 433
    assert cm.standard_model == "in_background"
    assert [c.name for c in cm.components] == ["B0"]
    assert cm.components[0].counts.sum() == pytest.approx(426.5, rel=1e-3)
    fit = fit_card(cm)
    assert fit.components[0].norm == pytest.approx(433 / 426.5, rel=0.03)
    assert fit.p_value > 0.01


def test_reproduce_lists_xenonnt_as_observed_and_texono_as_expected() -> None:
    xe = reproduce_card("xenonnt_2022")
    assert xe.observed == pytest.approx(6.4e-12, rel=0.15)
    assert xe.expected is not None
    assert xe.compared == "observed"
    assert xe.reproduced is True
    tx = reproduce_card("texono_ks_2003")
    assert tx.observed is None
    assert tx.compared == "expected"
    assert tx.reproduced is False  # an expected limit never reproduces an observed one


# ------------------------------------------------------------------ refusing bad models


def test_model_that_cannot_describe_the_data_is_refused(user_card: Path) -> None:
    """A fixed background that misses a strong peak in the data: no fit, no limit."""
    _write_user_files(user_card.parent, n_events=200)
    with (user_card.parent / "events.txt").open("a") as fh:
        fh.write("\n" + "\n".join(["10.5"] * 150))
    text = user_card.read_text().replace(
        "units: per_t_yr_kev, norm: free", "units: per_t_yr_kev, norm: fixed"
    )
    user_card.write_text(text)
    r = runner.invoke(app, ["limit", str(user_card), "--method", "cls"])
    assert r.exit_code == 2
    assert "does not describe the data" in r.output
    with pytest.raises(ModelMismatchError):
        fit_card(build_card_model(load_card(user_card)))


@pytest.mark.skipif(not DRESDEN.is_file(), reason="shared Dresden-II data not available")
def test_dresden_ii_residual_is_refused() -> None:
    """Dresden-II (PRL 129, 211802 (2022)): the public ON − OFF residual differs by peaks and
    noise munu cannot model; the naive fit would call it a ~137σ magnetic signal. munu refuses."""
    from munu.stats import GaussianResidualModel, read_dresden_ii

    spec = read_dresden_ii(DRESDEN, live_time_on_days=96.4, live_time_off_days=25.0)
    r, sig = spec.residual()
    model = GaussianResidualModel(r, sig, 1.0 / spec.on.centres_kev)
    assert model.kappa_hat_unbounded / model.sigma_kappa > 100  # what munu used to report
    with pytest.raises(ModelMismatchError, match="not signal plus the stated errors"):
        residual_limit(model)
    with pytest.raises(DataError):
        check_residual_model(model)


def test_unbinned_and_binned_likelihoods_agree_on_xenonnt() -> None:
    """The extended unbinned likelihood of the 433 events and the 0.5 keV binned Poisson
    likelihood give the same fit and asymptotic limits to within 3 % (the bins are narrow on
    the scale of the spectra). munu: profile 5.69e-12 (binned) vs 5.78e-12 (unbinned)."""
    from munu.inference import limit_from_card

    card = load_card("xenonnt_2022")
    ub = card.model_copy(
        update={"analysis": card.analysis.model_copy(update={"likelihood": "unbinned"})}
    )
    cm = build_card_model(ub)
    assert cm.likelihood == "unbinned"
    assert cm.data.size == 433
    assert fit_card(cm).components[0].norm == pytest.approx(
        fit_card(build_card_model(card)).components[0].norm, rel=1e-3
    )
    for method in ("profile", "cls"):
        binned = limit_from_card(card, method=method)
        unbinned = limit_from_card(ub, method=method)
        assert unbinned.mu_limit == pytest.approx(binned.mu_limit, rel=0.03)
    # XENONnT under-fluctuates where the signal lives: κ̂ < 0 when allowed, 0 when bounded
    assert binned.best_fit_kappa == 0.0
    assert binned.kappa_hat_unbounded < 0.0


def test_profile_method_and_interval_fields() -> None:
    """`--method profile` (asymptotic Wilks, wt-stats' profile_likelihood_interval): an upper
    limit here (no excess), within 15 % of the published 6.4e-12 (munu 5.69e-12)."""
    r = runner.invoke(app, ["limit", "xenonnt_2022", "--json", "--method", "profile"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["method"].startswith("profile likelihood")
    assert out["mu_interval"][0] == 0.0
    assert out["mu_limit"] == pytest.approx(6.4e-12, rel=0.15)


def test_binned_and_onoff_data_in_a_card(tmp_path: Path) -> None:
    """Binned counts from a file (card's binning, edges checked) and inline ON/OFF counts run
    through the model layer; a data file whose edges differ from the binning is refused."""
    base = (
        "name: GE\nreference: {citation: 'me (2026)'}\n"
        "source: {type: reactor, thermal_power_gw: 2.9, distance_m: 28.0}\n"
        "target: {material: Ge, mass_kg: 1.0}\n"
        "binning: {min_kev: 12.0, max_kev: 20.0, width_kev: 2.0}\n"
    )
    (tmp_path / "counts.txt").write_text(
        "e_lo_kev e_hi_kev counts\n12 14 50\n14 16 48\n16 18 52\n18 20 47\n"
    )
    single = tmp_path / "single.yaml"
    single.write_text(
        base + "exposure: {live_days: 100}\nbackground: {flat_per_kg_kev_day: 0.25}\n"
        "data: {kind: binned, file: counts.txt, exposure_kg_days: 100}\n"
    )
    cm = build_card_model(load_card(single))
    assert cm.observed
    assert cm.counts.tolist() == [50, 48, 52, 47]
    assert fit_card(cm).p_value > 0.01
    (tmp_path / "counts.txt").write_text("12 13 50\n13 16 48\n16 18 52\n18 20 47\n")
    with pytest.raises(CardError, match="do not match the card's binning"):
        load_card(single)
    onoff = tmp_path / "onoff.yaml"
    onoff.write_text(
        base + "exposure: {on_days: 100, off_days: 50}\nbackground: {flat_per_kg_kev_day: 1}\n"
        "data: {kind: on-off, on_counts: [210, 190, 205, 200], off_counts: [100, 98, 102, 99],"
        " exposure_kg_days: 100}\n"
    )
    cm = build_card_model(load_card(onoff))
    assert cm.off_days == 50
    assert cm.data.size == 8
    from munu.inference import limit_from_card

    lim = limit_from_card(load_card(onoff), method="cls")
    assert lim.observed
    assert lim.mu_limit > 0
