"""The documentation builds with ``mkdocs build --strict`` (every warning is an error).

Strict mode fails on broken links and anchors, pages missing from the navigation, and
docstrings that mkdocstrings cannot parse — so this test guards the API reference too. It is
skipped when the docs dependencies (``uv sync --group docs``) are not installed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("mkdocs", "mkdocstrings", "material")),
    reason="mkdocs, mkdocstrings or mkdocs-material not installed (docs dependency group)",
)
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    assert (site / "index.html").is_file()
    for page in ("concepts", "guide", "cli", "tutorials/01_rate", "api/stats"):
        assert (site / page / "index.html").is_file(), page
