"""The ``munu`` command line: a thin layer over the library.

Every command prints a rich table by default and machine-readable JSON with ``--json``.
Errors from bad input are munu errors and are shown as one line with exit code 2, never as a
traceback.

Example:
    >>> from typer.testing import CliRunner
    >>> result = CliRunner().invoke(app, ["version"])
    >>> result.output.startswith("munu ")
    True
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from munu import __version__
from munu.errors import MunuError

app = typer.Typer(
    name="munu",
    help="Neutrino magnetic-moment physics: rates, limits, sensitivities and the review's report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def _fail(err: MunuError) -> None:
    err_console.print(f"[bold red]error:[/] {err}")
    raise typer.Exit(code=2)


def _json_default(value: Any) -> Any:
    try:
        import numpy as np

        if isinstance(value, np.ndarray):
            return value.tolist()
        if isinstance(value, np.generic):
            return value.item()
    except ImportError:  # numpy is a hard dependency; this only guards the encoder
        pass
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _print_json(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, indent=2, default=_json_default, allow_nan=False))


def _fmt(value: float, digits: int = 4) -> str:
    if value == 0 or not math.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


@app.command()
def version() -> None:
    """Print munu's version."""
    typer.echo(f"munu {__version__}")


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path(
        "munu-report"
    ),
    card: Annotated[
        list[Path] | None,
        typer.Option("--card", help="Extra user experiment card(s) to include."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for pseudo-data.")] = 20040903,
) -> None:
    """Write the HTML report (figures as PNG and PDF beside it) on the bundled default data."""
    from munu.report.build import build_report

    try:
        page = build_report(out, extra_cards=list(card or []), seed=seed, console=console)
    except MunuError as err:
        _fail(err)
    console.print(f"[green]report written:[/] {page}")


@app.command()
def rate(
    card: Annotated[str, typer.Argument(help="Card file path or catalogue name.")],
    mu: Annotated[float, typer.Option(help="Magnetic moment in μ_B.")] = 1e-10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Expected spectrum and integrated rates of an experiment card."""
    from munu.experiments import load_card
    from munu.spectra import rate_summary

    try:
        summary = rate_summary(load_card(card), mu=mu)
    except MunuError as err:
        _fail(err)
    if as_json:
        _print_json(summary)
        return
    table = Table(title=f"{summary.get('name', card)}: expected rates at μ = {mu:g} μ_B")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, value in summary.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            table.add_row(key, _fmt(float(value)))
    console.print(table)
    bins = summary.get("bins")
    if isinstance(bins, dict) and "edges_kev" in bins:
        spec = Table(title="per-bin expected counts")
        cols = [k for k in bins if k != "edges_kev"]
        spec.add_column("bin [keV]")
        for k in cols:
            spec.add_column(k, justify="right")
        edges = bins["edges_kev"]
        for i in range(len(edges) - 1):
            spec.add_row(
                f"{edges[i]:.4g}–{edges[i + 1]:.4g}", *(_fmt(float(bins[k][i])) for k in cols)
            )
        console.print(spec)


def main() -> None:  # pragma: no cover - console-script entry point
    app()
