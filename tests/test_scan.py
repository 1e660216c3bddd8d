"""Tests of munu.scan (sensitivity maps) and the ``munu scan`` command."""

from __future__ import annotations

import csv
import io
import warnings

import numpy as np
import pytest
from typer.testing import CliRunner

import munu.scan as scan_mod
from munu.cli import app
from munu.errors import InputError, MunuWarning
from munu.experiments import load_card
from munu.inference import model_from_card
from munu.parallel import open_executor
from munu.scan import (
    NOISE_EDGE_SIGMAS,
    ScanAxis,
    card_with_threshold,
    noise_edge_kev,
    parse_vary,
    sensitivity_scan,
)
from munu.stats import expected_sensitivity


@pytest.fixture(scope="module")
def card():
    return load_card("texono_ks_2003")


def test_parse_vary_spacing():
    lin = parse_vary("mass_kg=1:5:5")
    assert lin.values == (1.0, 2.0, 3.0, 4.0, 5.0)
    assert not lin.log
    log = parse_vary("background=0.01:10:4")
    assert log.log
    np.testing.assert_allclose(log.values, [0.01, 0.1, 1.0, 10.0], rtol=1e-12)
    # exactly one decade stays linear
    assert not parse_vary("live_days=10:100:3").log


@pytest.mark.parametrize(
    "spec",
    [
        "mass=1:2:3",
        "mass_kg=1:2",
        "mass_kg=0:2:3",
        "mass_kg=1:2:0",
        "mass_kg=a:2:3",
        "threshold_kev=-1:2:3",
        "mass_kg=2:2:3",
    ],
)
def test_parse_vary_rejects(spec):
    with pytest.raises(InputError):
        parse_vary(spec)


def test_card_with_threshold_moves_lower_edge(card):
    low = card_with_threshold(card, 0.5)
    edges = low.binning_edges_kev()
    assert edges[0] == 0.5
    assert low.response.threshold_kev == 0.5
    np.testing.assert_allclose(edges[edges >= 12.0], card.binning_edges_kev())
    high = card_with_threshold(card, 20.5)
    assert high.binning_edges_kev()[:2].tolist() == [20.5, 22.0]
    with pytest.raises(InputError, match="threshold"):
        card_with_threshold(card, 60.0)


def test_threshold_parts_match_direct_spectra(card):
    """One spectrum on the union binning, summed per threshold = each threshold's own spectrum."""
    thresholds = [1.0, 12.0, 15.3]
    parts = scan_mod._threshold_parts(card, thresholds)
    for thr, p in zip(thresholds, parts, strict=True):
        spec = scan_mod._unit_background_card(card_with_threshold(card, thr)).expected_spectrum()
        np.testing.assert_allclose(p.signal, spec.magnetic_total(), rtol=1e-10)
        np.testing.assert_allclose(p.weak, spec.weak, rtol=1e-10)
        np.testing.assert_allclose(p.background_unit, spec.background, rtol=1e-10)


def test_scan_point_equals_modified_card(card):
    """Analytic rescaling of mass, background and live time = rebuilding the card."""
    res = sensitivity_scan(
        card, [ScanAxis("mass_kg", (2.0,)), ScanAxis("background", (0.3,))], statistic="clsb"
    )
    data = card.model_dump()
    data["target"]["mass_kg"] = 2.0
    data["background"]["flat_per_kg_kev_day"] = 0.3
    direct = expected_sensitivity(
        model_from_card(type(card).model_validate(data)), 0.9, "asymptotic", statistic="clsb"
    )
    np.testing.assert_allclose(res.kappa_quantiles[0, 0], direct.quantiles, rtol=1e-9)
    days = sensitivity_scan(card, ["live_days=100:100:1"])
    data = card.model_dump()
    data["exposure"]["on_days"] = 100.0
    data["exposure"]["off_days"] = card.exposure.off_days * 100.0 / card.exposure.on_days
    direct = expected_sensitivity(model_from_card(type(card).model_validate(data)), 0.9)
    np.testing.assert_allclose(days.kappa_quantiles[0], direct.quantiles, rtol=1e-9)


def test_scan_map_monotonic_and_csv(card, tmp_path):
    res = sensitivity_scan(card, ["background=0.1:10:4", "mass_kg=0.5:5:3"])
    mu = res.mu_median
    assert mu.shape == (4, 3)
    assert np.all(np.diff(mu, axis=0) > 0)  # more background: worse limit
    assert np.all(np.diff(mu, axis=1) < 0)  # more mass: better limit
    q = res.kappa_quantiles
    assert np.all(np.diff(q, axis=-1) > 0)  # −2σ < −1σ < median < +1σ < +2σ
    rows = list(csv.reader(io.StringIO(res.to_csv())))
    assert rows[0][:3] == ["background", "mass_kg", "mu_median"]
    assert len(rows) == 1 + 12
    assert len({len(r) for r in rows}) == 1
    assert float(rows[1][2]) == pytest.approx(mu[0, 0], rel=1e-5)
    paths = res.plot(tmp_path / "map")
    assert [p.suffix for p in paths] == [".png", ".pdf"]
    assert all(p.stat().st_size > 1000 for p in paths)


def test_scan_threshold_and_time(card):
    res = sensitivity_scan(card, ["live_days=50:400:3", "threshold_kev=2:20:3"])
    mu = res.mu_median
    assert np.all(np.diff(mu, axis=0) < 0)  # longer exposure: better limit
    assert np.all(np.diff(mu, axis=1) > 0)  # higher threshold: worse (the 1/T signal is lost)


def test_scan_rejects_bad_axes(card):
    with pytest.raises(InputError):
        sensitivity_scan(card, [])
    with pytest.raises(InputError, match="distinct"):
        sensitivity_scan(card, ["mass_kg=1:2:2", "mass_kg=1:3:2"])
    with pytest.raises(InputError):
        sensitivity_scan(card, ["mass_kg=1:2:2"], statistic="bayes")


def test_scan_cluster_and_resume(card, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    axes = ["threshold_kev=5:15:3", "background=0.1:1:2"]
    serial = sensitivity_scan(card, axes, points_per_chunk=1)
    with open_executor("local:2", processes=False, min_seconds=0) as ex:
        dist = sensitivity_scan(card, axes, points_per_chunk=1, executor=ex)
    assert np.array_equal(serial.kappa_quantiles, dist.kappa_quantiles)
    calls = []
    original = scan_mod._scan_chunk

    def counting(*args):
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(scan_mod, "_scan_chunk", counting)

    class Killed(RuntimeError):
        pass

    def kill(done, total):
        if done >= 4:
            raise Killed

    run = tmp_path / "run"
    with pytest.raises(Killed):
        sensitivity_scan(card, axes, points_per_chunk=1, resume=run, progress=kill)
    assert len(calls) == 4
    calls.clear()
    resumed = sensitivity_scan(card, axes, points_per_chunk=1, resume=run)
    assert len(calls) == 2
    assert np.array_equal(resumed.kappa_quantiles, serial.kappa_quantiles)
    with pytest.raises(InputError, match="axes"):
        sensitivity_scan(card, ["threshold_kev=5:15:3"], points_per_chunk=1, resume=run)


def test_cli_scan_writes_csv_and_plots(tmp_path):
    out = tmp_path / "scan"
    result = CliRunner().invoke(
        app,
        [
            "scan",
            "texono_ks_2003",
            "--vary",
            "mass_kg=0.5:2:3",
            "--vary",
            "background=0.1:10:3",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    for ext in (".csv", ".png", ".pdf"):
        assert out.with_suffix(ext).is_file()
    assert len(out.with_suffix(".csv").read_text().splitlines()) == 1 + 9
    bad = CliRunner().invoke(app, ["scan", "texono_ks_2003", "--vary", "colour=1:2:3"])
    assert bad.exit_code == 2


def test_noise_edge_of_cards(card):
    """The noise edge is NOISE_EDGE_SIGMAS × σ(0): TEXONO-KS-2003's card has σ(0) = 0.3 keV
    (its resolution constant term), so 1.5 keV; no resolution, no edge."""
    assert NOISE_EDGE_SIGMAS == 5.0
    assert noise_edge_kev(card) == pytest.approx(1.5, rel=1e-12)
    assert noise_edge_kev(card, 3.0) == pytest.approx(0.9, rel=1e-12)
    data = card.model_dump()
    data["response"]["resolution"] = None
    assert noise_edge_kev(type(card).model_validate(data)) is None
    with pytest.raises(InputError, match="sigmas"):
        noise_edge_kev(card, -1.0)


def test_thresholds_below_noise_edge_are_flagged(card, tmp_path):
    """A threshold scan reaching below 5σ(0) warns (MunuWarning naming the thresholds), and
    the result carries the edge for the plot; a scan above it does not warn."""
    with pytest.warns(MunuWarning, match=r"threshold_kev 0\.5 keV below the noise edge 1\.5"):
        res = sensitivity_scan(card, ["threshold_kev=0.5:5:2"])
    assert res.noise_edge_kev == pytest.approx(1.5)
    assert len(res.plot(tmp_path / "edge")) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", MunuWarning)
        quiet = sensitivity_scan(card, ["threshold_kev=2:5:2"], noise_sigmas=5.0)
    assert quiet.noise_edge_kev == pytest.approx(1.5)


def test_cli_scan_prints_noise_edge_warning(tmp_path):
    """``munu scan`` prints the noise-edge caveat as a warning line and still writes the map."""
    out = tmp_path / "thr"
    result = CliRunner().invoke(
        app, ["scan", "texono_ks_2003", "--vary", "threshold_kev=0.5:5:2", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "warning:" in text
    assert "below the noise edge 1.5 keV" in text
    assert out.with_suffix(".csv").is_file()
