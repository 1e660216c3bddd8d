"""The munu command line: every command runs, JSON carries the documented keys, bad input
gives a one-line error with exit code 2."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from munu.cli import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.output.startswith("munu 0.")


def test_version_option():
    """`munu --version` (issue 16/17): prints `munu <version>` from the package metadata, exit 0."""
    from munu import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"munu {__version__}\n"


def test_help_and_version_do_not_import_the_physics():
    """`munu --help`/`--version` start fast: the CLI module pulls neither numpy nor scipy."""
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from munu.cli import app; "
        "r = CliRunner().invoke(app, ['--version']); assert r.exit_code == 0, r.output; "
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('numpy', 'scipy', 'munu.spectra') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_rate_json_keys_and_hand_estimate():
    """`munu rate` on the shipped TEXONO card: magnetic rate at 1e-10 μ_B in 12–60 keV.

    Hand estimate (free electrons, E_ν ≫ T): Φ n_e πα²/m_e² ln(60/12) × 86400 s
    = 5.98e12 × 2.653e26 × 2.4947e-45 × 1.609 × 86400 = 0.551 /(kg day) with munu's default
    Kuo-Sheng flux (Kopeikin 2012 table below 2 MeV); the 1/E_ν term and the ν̄ below
    E_min(12 keV) remove a few per cent. Tolerance 10 %.
    """
    result = runner.invoke(app, ["rate", "texono_ks_2003", "--mu", "1e-10", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("magnetic_per_kg_day", "weak_per_kg_day", "edges_kev", "magnetic", "weak"):
        assert key in data
    assert data["magnetic_per_kg_day"] == pytest.approx(0.551, rel=0.1)
    assert len(data["edges_kev"]) == len(data["magnetic"]) + 1
    assert data["edges_kev"][0] == 12.0


def test_rate_on_user_card(tmp_path: Path):
    """A card the user writes in their own directory works; μ² scaling holds."""
    card = tmp_path / "my_detector.yaml"
    card.write_text(
        "name: my-Ge\n"
        "reference: {citation: 'me (2026)'}\n"
        "source: {type: reactor, thermal_power_gw: 3.0, distance_m: 20.0}\n"
        "target: {material: Ge, mass_kg: 2.0, binding: stepping}\n"
        "response: {threshold_kev: 1.0}\n"
        "binning: {min_kev: 1.0, max_kev: 11.0, width_kev: 1.0}\n"
        "exposure: {on_days: 100, off_days: 50}\n"
        "background: {flat_per_kg_kev_day: 2.0}\n"
    )
    one = json.loads(runner.invoke(app, ["rate", str(card), "--json"]).output)
    three = json.loads(runner.invoke(app, ["rate", str(card), "--json", "--mu", "3e-10"]).output)
    assert three["magnetic_per_kg_day"] == pytest.approx(9 * one["magnetic_per_kg_day"], rel=1e-12)
    text = runner.invoke(app, ["rate", str(card)])
    assert text.exit_code == 0
    assert "my-Ge" in text.output


def test_rate_bad_card_is_one_line_error(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsource: {type: reactor, thermal_power_gw: -1, distance_m: 2}\n")
    result = runner.invoke(app, ["rate", str(bad)])
    assert result.exit_code == 2
    assert "error" in result.output
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["rate", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2


def test_reproduce_lists_every_card():
    from munu.experiments.cards import catalogue

    result = runner.invoke(app, ["reproduce", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    names = {row["name"] for row in rows}
    assert names == {entry.name for entry in catalogue()}
    csv = runner.invoke(app, ["reproduce", "--csv"])
    assert csv.output.splitlines()[0].startswith("name")


def test_global_grimus_prints_published_bound():
    """`munu global --set grimus2003-solar` prints the paper's 6.3e-10 μ_B (Grimus et al.,
    hep-ph/0208132, abstract) beside the rebuild (7.24e-10, +15 %), and says the bound is
    observed (combined from published results); a set without a paper prints no such line."""
    result = runner.invoke(app, ["global", "--set", "grimus2003-solar"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "published (Grimus et al. 2003, hep-ph/0208132): |Λ| < 6.3e-10 μ_B" in text
    assert "this rebuild +15%" in text
    assert "observed" in text
    other = runner.invoke(app, ["global", "--set", "canas2016"])
    assert other.exit_code == 0, other.output
    assert "published (Grimus" not in other.output


def test_global_json_has_lambda_limit():
    """Grimus et al. (hep-ph/0208132): |Λ| < 2.0e-10 μ_B (90 % CL, solar + reactor); munu's
    rebuild from 2002 inputs within 75 % (tests/validation/test_globalfit.py says why), at
    the set's own LMA 2002 parameters."""
    result = runner.invoke(app, ["global", "--set", "grimus2003", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lambda_limit"] == pytest.approx(2.0e-10, rel=0.75, abs=0)
    assert data["params"] == "lma2002"
    conflict = runner.invoke(app, ["global", "--dirac", "--majorana"])
    assert conflict.exit_code == 2
