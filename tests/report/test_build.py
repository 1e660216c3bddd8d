"""`munu report`: the page and every figure are written, and (where Chromium is installed)
every figure loads in a real browser."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from munu.cli import app


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_page_and_figures_written(report_dir: Path):
    page = (report_dir / "index.html").read_text()
    stems = re.findall(r'<figure id="([^"]+)">', page)
    for stem in (
        "fig4a_limits_vs_threshold",
        "fig4b_radiative_decay",
        "threshold_binding",
        "residual_texono_pseudo",
        "xenonnt_sr0_fit",
        "eq5_scaling",
        "global_lambda",
        "astro_bounds",
    ):
        assert stem in stems
    for stem in stems:
        assert (report_dir / f"{stem}.png").stat().st_size > 1000
        assert (report_dir / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert "Pseudo-data" in page
    assert "Observed data" in page
    assert "XENON Collaboration" in page
    assert "TEXONO-KS-2003" in page
    # the threshold gain of the review's "about threefold" claim, 10 keV → 10 eV in Ge:
    # 2.22 (stepping) and 2.98 (free electrons), as computed in tests/validation/test_rates.py
    gain = re.search(
        r"<b>([0-9.]+)</b> with the stepping approximation and ([0-9.]+) for free", page
    )
    assert gain is not None
    assert float(gain.group(1)) == pytest.approx(2.22, abs=0.01)
    assert float(gain.group(2)) == pytest.approx(2.98, abs=0.01)


def test_report_includes_user_card(tmp_path: Path):
    card = tmp_path / "mine.yaml"
    card.write_text(
        "name: MY-REACTOR-GE\n"
        "reference: {citation: 'me (2026)'}\n"
        "source: {type: reactor, thermal_power_gw: 3.0, distance_m: 20.0}\n"
        "target: {material: Ge, mass_kg: 2.0}\n"
        "binning: {min_kev: 5.0, max_kev: 25.0, width_kev: 5.0}\n"
        "exposure: {on_days: 100, off_days: 50}\n"
        "background: {flat_per_kg_kev_day: 2.0}\n"
        "published: {mu_limit: 8.0e-11, cl: 0.9, flavour: nuebar, citation: 'me', year: 2026}\n"
    )
    out = tmp_path / "rep"
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--card", str(card)])
    assert result.exit_code == 0, result.output
    assert "MY-REACTOR-GE" in (out / "index.html").read_text()


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium not installed")
def test_figures_load_in_chromium(report_dir: Path):
    """Open the page in headless Chromium and count images that decoded (naturalWidth > 0)."""
    script = report_dir / "check.html"
    page = (report_dir / "index.html").read_text()
    probe = (
        "<script>window.addEventListener('load',()=>{const i=[...document.images];"
        "document.title='loaded:'+i.filter(x=>x.complete&&x.naturalWidth>0).length+'/'+i.length;"
        "});</script>"
    )
    script.write_text(page.replace("</body>", probe + "</body>"))
    out = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={report_dir / 'chrome-profile'}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            script.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    match = re.search(r"<title>loaded:(\d+)/(\d+)</title>", out.stdout)
    assert match, out.stderr[-2000:]
    loaded, total = int(match.group(1)), int(match.group(2))
    assert total >= 7
    assert loaded == total
