"""CLI conventions: every ``--help`` renders at 80 columns, flags show as flags, markup does
not eat text, narrow tables keep their columns, no stray blank line from a progress bar."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main
from rich.cells import cell_len
from typer.testing import CliRunner

from munu.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _help(*args: str) -> str:
    res = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    return res.output


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_renders_at_80_columns(command):
    text = _help(*([command] if command else []))
    lines = text.splitlines()
    assert "Usage: munu" in text
    assert max(cell_len(ln) for ln in lines) <= 80  # terminal cells (ν̄: 1 cell)
    # a flag takes no value: "--json <bool>" would suggest one
    assert "<bool>" not in text
    assert "--help" in text


def test_every_command_is_listed_with_its_summary():
    text = _help()
    for command in COMMANDS:
        assert f" {command} " in text


@pytest.mark.parametrize("command", ["limit", "sensitivity", "scan"])
def test_scheduler_help_keeps_the_extra_name(command):
    """rich markup would read ``[distributed]`` as a style tag and drop it."""
    text = " ".join(_help(command).split())
    assert "munu[distributed]" in text.replace("│", "").replace("  ", " ").replace(" ", "")


def test_reproduce_keeps_the_method_column_at_80_columns():
    res = CliRunner().invoke(app, ["reproduce"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(cell_len(ln) for ln in lines) <= 80  # terminal cells (ν̄: 1 cell)
    header = next(ln for ln in lines if "experiment" in ln)
    assert "method" in header
    assert "note" in header
    assert "asimov" in res.output  # method text is shown, wrapped if need be


def test_no_blank_line_from_the_progress_bar_off_a_terminal():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from munu.cli import app; app()",
            "sensitivity",
            "mammont_ge",
            "--method",
            "toys",
            "--toys",
            "100",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip()  # the throughput line
    assert not proc.stderr.startswith("\n")
    assert "\n\n" not in proc.stderr
