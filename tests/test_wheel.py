"""Packaging: the built wheel carries all package data and runs outside the source tree.

Builds the wheel with ``uv build``, installs it in a fresh virtual environment (``uv venv``;
dependencies from uv's cache, the index only if the cache lacks one), and runs a catalogue
card and a bundled-data analysis from a temporary directory. Skips cleanly without ``uv``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")
DATA_SUFFIXES = {".yaml", ".yml", ".md", ".csv", ".json", ".txt", ".dat", ".npz", ".typed"}

pytestmark = pytest.mark.skipif(UV is None, reason="uv is not on PATH")


def _run(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PROJECT"))}
    proc = subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    assert proc.returncode == 0, f"{args}: {proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    _run(UV, "build", "--wheel", "--out-dir", str(tmp / "dist"), str(ROOT), cwd=tmp)
    (wheel,) = (tmp / "dist").glob("munu-*.whl")
    _run(UV, "venv", "--quiet", str(tmp / "venv"), cwd=tmp)
    python = tmp / "venv" / "bin" / "python"
    install = [UV, "pip", "install", "--quiet", "--python", str(python), str(wheel)]
    try:
        _run(*install, "--offline", cwd=tmp)
    except AssertionError:  # a dependency missing from the cache: fetch it
        _run(*install, cwd=tmp)
    work = tmp / "elsewhere"
    work.mkdir()
    return wheel, tmp / "venv" / "bin" / "munu", python, work


def test_wheel_carries_every_package_data_file(installed):
    wheel = installed[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    src = ROOT / "src"
    expected = {
        p.relative_to(src).as_posix()
        for p in src.joinpath("munu").rglob("*")
        if p.is_file() and p.suffix in DATA_SUFFIXES and "__pycache__" not in p.parts
    }
    assert expected, "no package data found in the source tree"
    missing = sorted(expected - names)
    assert not missing, f"package data missing from the wheel: {missing}"
    assert any(n.startswith("munu/experiments/catalogue/") and n.endswith(".yaml") for n in names)


def test_installed_wheel_runs_a_catalogue_card_outside_the_source_tree(installed):
    _, munu, python, work = installed
    where = _run(str(python), "-c", "import munu; print(munu.__file__)", cwd=work).stdout
    assert str(ROOT / "src") not in where  # the wheel, not the checkout
    rate = json.loads(_run(str(munu), "rate", "texono_ks_2003", "--json", cwd=work).stdout)
    assert rate["magnetic_per_kg_day"] > 0


def test_installed_wheel_runs_a_bundled_data_analysis(installed):
    """``munu limit xenonnt_2022 --method cls`` on the bundled data where the card has it;
    otherwise the expected (asimov) sensitivity of a catalogue card."""
    _, munu, _, work = installed
    proc = subprocess.run(
        [str(munu), "limit", "xenonnt_2022", "--method", "cls", "--json"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode == 0:
        assert json.loads(proc.stdout)["mu_limit"] > 0
        return
    sens = json.loads(_run(str(munu), "sensitivity", "texono_ks_2003", "--json", cwd=work).stdout)
    assert 1e-11 < sens["mu_limit"] < 1e-9
