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
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.table import Table

from munu._version import __version__
from munu.errors import MunuError


class _Group(typer.core.TyperGroup):
    """The ``munu`` command group; ``--help`` of every command shows as a flag (no value)."""

    def get_help_option(self, ctx: Any) -> Any:
        return _flag_help(super().get_help_option(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            _flag_help(cmd.get_help_option(ctx))
        return cmd


def _flag_help(option: Any) -> Any:
    if option is not None:
        option.metavar = ""  # typer would print "<bool>", as if --help took a value
    return option


app = typer.Typer(
    cls=_Group,
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


@contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Collect munu's physics caveats (:class:`munu.MunuWarning`) and print them at the end."""
    from munu.errors import MunuWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MunuWarning)
        try:
            yield
        finally:
            for w in caught:
                if issubclass(w.category, MunuWarning):
                    err_console.print(f"[bold yellow]warning:[/] {w.message}")
                else:  # anything else keeps its normal route
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)


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


def _print_version(value: bool) -> None:
    """``--version``: print ``munu <version>`` and exit 0 (eager: before any command runs)."""
    if value:
        typer.echo(f"munu {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print munu's version and exit.",
            metavar="",
        ),
    ] = False,
) -> None:
    """Neutrino magnetic-moment physics: rates, limits, sensitivities and the review's report."""


_PLOT_HELP = "Also write a figure: PATH.png and PATH.pdf (PATH without suffix)."


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
        from munu._io import check_output_path

        check_output_path(out, "--out", directory=True)
        page = build_report(out, extra_cards=list(card or []), seed=seed, console=console)
    except MunuError as err:
        _fail(err)
    console.print(f"[green]report written:[/] {page}")


@app.command()
def rate(
    card: Annotated[str, typer.Argument(help="Card file path or catalogue name.")],
    mu: Annotated[float, typer.Option(help="Effective magnetic moment in μ_B.")] = 1e-10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help=_PLOT_HELP)] = None,
) -> None:
    """Expected spectrum and integrated rates of an experiment card."""
    from munu.model import rate_summary

    try:
        summary = rate_summary(card, mu=mu)
        if plot is not None:
            from munu.plotting.results import plot_spectrum

            _write_plot(plot, lambda ax: plot_spectrum(summary, ax))
    except MunuError as err:
        _fail(err)
    if as_json:
        _print_json(summary)
        return
    console.print(f"[bold]{summary['name']}[/]: expected rates at μ = {mu:g} μ_B")
    table = Table()
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, value in summary.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            table.add_row(key, _fmt(float(value)))
    console.print(table)
    cols = ("weak", "magnetic", "cevns", "background")
    spec = Table(title=f"expected counts per bin ({summary['live_days']:g} live days ON)")
    spec.add_column("bin [keV]")
    for col in cols:
        spec.add_column(col, justify="right")
    edges = summary["edges_kev"]
    for i in range(len(edges) - 1):
        spec.add_row(
            f"{edges[i]:.4g}–{edges[i + 1]:.4g}", *(_fmt(float(summary[c][i])) for c in cols)
        )
    console.print(spec)


#: Flavour symbols of the narrow ``munu reproduce`` table.
_FLAVOUR_SYMBOL = {
    "nue": "νe",
    "nuebar": "ν̄e",
    "numu": "νμ",
    "numubar": "ν̄μ",
    "nutau": "ντ",
    "nutaubar": "ν̄τ",
}


@app.command()
def reproduce(
    card: Annotated[
        list[Path] | None, typer.Option("--card", help="Extra user card(s) to include.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.", metavar="")] = False,
) -> None:
    """Recompute every catalogue card and compare with the published limits."""
    from munu.experiments.cards import catalogue, load_entry
    from munu.experiments.reproduce import reproduce_table, to_csv, to_json

    try:
        entries = list(catalogue()) + [load_entry(p) for p in card or []]
        rows = reproduce_table(entries)
    except MunuError as err:
        _fail(err)
    if as_json:
        typer.echo(to_json(rows))
        return
    if as_csv:
        typer.echo(to_csv(rows), nl=False)
        return
    from rich import box

    table = Table(
        title="published limits (publ.) and munu's recomputation: its observed limit (obs., "
        "from data) and expected limit (exp., median if μ = 0); μ in μ_B, 90% CL unless "
        "noted; ratio = munu/published, from obs. or exp. as marked",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    cols = ("experiment", "ν", "publ.", "obs.", "exp.", "ratio")
    for col in (*cols, "method", "note"):
        # in a narrow (80-column) terminal only the method wraps, and never to nothing
        table.add_column(
            col,
            no_wrap=col != "method",
            overflow="fold" if col == "method" else "ellipsis",
            min_width={"method": 10, "note": 4}.get(col),
        )
    notes: list[str] = []
    for row in rows:
        text = row.likely_cause or row.note or ""
        cl = row.published_cl
        if row.published is not None and cl is not None and abs(cl - 0.9) > 1e-9:
            text = f"published at {100 * cl:g}% CL. " + text
        if text:
            notes.append(f"[{len(notes) + 1}] {row.name}: {text}")
        table.add_row(
            row.name,
            _FLAVOUR_SYMBOL.get(str(row.flavour), str(row.flavour or "")),
            "" if row.published is None else f"{row.published:.2g}",
            "" if row.observed is None else f"{row.observed:.2g}",
            "" if row.expected is None else f"{row.expected:.2g}",
            "" if row.ratio is None else f"{row.ratio:.2f} {str(row.compared)[:3]}",
            str(row.method or ""),
            f"[{len(notes)}]" if text else "",
        )
    console.print(table)
    for line in notes:
        console.print(line, highlight=False)


@app.command(name="global")
def global_fit(
    cards: Annotated[
        list[str] | None, typer.Argument(help="Card paths or names; default: review-era set.")
    ] = None,
    dirac: Annotated[
        bool, typer.Option("--dirac", help="Dirac (Hermitian) moments.", metavar="")
    ] = False,
    majorana: Annotated[
        bool, typer.Option("--majorana", help="Majorana transition moments (default).", metavar="")
    ] = False,
    constraint_set: Annotated[
        str | None, typer.Option("--set", help="Named constraint set, e.g. grimus2003.")
    ] = None,
    params: Annotated[
        str | None,
        typer.Option(help="Oscillation-parameter set (default: the set's own, else lma2004)."),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option(help="Write the Δχ² plot (PNG and PDF) with this stem.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """Global fit of the moment matrix from experiments with different flavour content."""
    from munu.errors import InputError
    from munu.experiments.cards import load_entry
    from munu.globalfit import EffectiveMomentConstraint, run_global_fit

    try:
        if dirac and majorana:
            raise InputError("--dirac/--majorana", "both", "at most one of the two")
        if plot is not None:
            from munu._io import check_output_path, with_extension

            check_output_path(with_extension(plot, "png"), "--plot")
        if cards and constraint_set:
            raise InputError("--set", constraint_set, "either cards or a named set, not both")
        constraints: Any = constraint_set
        if cards:
            constraints = [EffectiveMomentConstraint.from_card(load_entry(c)) for c in cards]
        result = run_global_fit(constraints, "dirac" if dirac else "majorana", params)
    except MunuError as err:
        _fail(err)
    if plot is not None:
        from matplotlib.figure import Figure

        from munu._io import write_figure
        from munu.globalfit import plot_delta_chi2

        fig = Figure(figsize=(6, 4), layout="constrained")
        plot_delta_chi2([result], ax=fig.add_subplot())
        write_figure(fig, plot)
    payload = result.to_dict()
    if as_json:
        _print_json(payload)
        return
    table = Table(title=f"global fit ({'Dirac' if dirac else 'Majorana'}), {result.cl:g} CL")
    table.add_column("quantity")
    table.add_column("bound [μ_B]", justify="right")
    table.add_row(result.quantity, _fmt(result.lambda_limit))
    for key, value in (result.component_limits or {}).items():
        table.add_row(str(key), _fmt(float(value)))
    table.caption = "observed: combined from the published results of the constraints"
    console.print(table)
    _print_published_global(constraint_set, result.lambda_limit)


def _print_published_global(set_name: str | None, bound: float) -> None:
    """For a set that rebuilds a published global fit, print the paper's bound beside munu's."""
    from munu.globalfit.grimus2003 import PUBLISHED

    if set_name not in PUBLISHED:
        return
    pub = PUBLISHED[set_name]
    console.print(
        f"published (Grimus et al. 2003, hep-ph/0208132): |Λ| < {pub:.1e} μ_B; this rebuild "
        f"{(bound / pub - 1) * 100:+.0f}% (why: munu.globalfit.grimus2003.comparison, "
        "and the report's global section)",
        highlight=False,
    )


def _check_seed_and_toys(seed: int, toys: int | None) -> None:
    """Refuse a negative seed and a toy count too small for any toy method, before work."""
    from munu.errors import InputError

    if seed < 0:
        raise InputError("--seed", seed, "an integer ≥ 0")
    if toys is not None and toys < 1:
        raise InputError("--toys", toys, "an integer ≥ 1")


def _check_output_dir(path: Path | None, field: str) -> None:
    """A run directory (``--resume``) must be creatable or writable, checked before work."""
    if path is None:
        return
    from munu._io import check_output_path

    if path.is_dir():
        check_output_path(path / ".munu-check", field)
    else:
        check_output_path(path, field)


def _write_plot(path: Path, draw: Callable[[Any], Any]) -> None:
    """Draw ``draw(ax)`` on a figure in munu's style and write PNG and PDF at ``path``."""
    from munu._io import write_figure
    from munu.plotting.style import new_figure, style_context

    with style_context():
        fig = new_figure(7.0, 4.5)
        draw(fig.add_subplot())
        write_figure(fig, path.with_suffix("") if path.suffix in (".png", ".pdf") else path)
    stem = path.with_suffix("") if path.suffix in (".png", ".pdf") else path
    err_console.print(f"figure written: {stem}.png, {stem}.pdf", highlight=False)


def _progress_callback(description: str, unit: str = "toys") -> Any:
    """A rich progress bar as a ``progress(done, total)`` callback, and its context."""
    from rich.progress import BarColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        "{task.completed}/{task.total} " + unit,
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        # off a terminal (a log file, a pipe) a live display has nothing to erase and would
        # only leave its final newline behind: no bar there
        disable=not err_console.is_terminal,
    )
    task = progress.add_task(description, total=None)

    def callback(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return progress, callback


_SCHEDULER_HELP = (
    "Where toys/grid points run: 'serial' (default), 'local:N' (dask LocalCluster with N "
    "workers) or 'tcp://host:port' (an existing dask cluster); needs munu\\[distributed]."
)
_RESUME_HELP = (
    "Run directory: finished chunks are saved there and skipped on a rerun with the same "
    "directory (a directory of another job is refused)."
)


def _run_toy_job(
    description: str, job: Callable[[Any], Any], scheduler: str | None, as_json: bool
) -> Any:
    """Run ``job(progress_callback)`` under a progress bar; a MunuError exits with its
    message; the throughput line follows (not with ``--json``, whose output stays
    machine-readable even where stderr is merged)."""
    from munu.parallel import Throughput

    try:
        progress, callback = _progress_callback(description)
        tp = Throughput(callback)
        with progress:
            result = job(tp)
    except MunuError as err:
        _fail(err)
    if not as_json:
        _throughput_summary(tp, "toys", scheduler)
    return result


def _throughput_summary(tp: Any, unit: str, scheduler: str | None) -> None:
    """One line on stderr: units computed, wall time and rate of this run."""
    if tp.total == 0:
        return
    resumed = tp.resumed
    where = scheduler or "serial"
    text = f"{tp.computed} {unit} in {tp.seconds:.2f} s ({tp.rate:.4g} {unit}/s, {where})"
    if resumed:
        text += f"; {resumed} {unit} resumed from the run directory"
    err_console.print(text, highlight=False)


def _print_limit(result: Any, title: str, as_json: bool) -> None:
    payload = result.to_dict()
    if as_json:
        _print_json(payload)
        return
    table = Table(title=title)
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_row("card", result.card)
    table.add_row("method", result.method)
    table.add_row("CL", f"{result.cl:g}")
    table.add_row("μ limit [μ_B]", _fmt(result.mu_limit))
    table.add_row("κ = μ² limit [μ_B²]", _fmt(result.kappa_limit))
    if result.bands is None:
        lo, hi = result.mu_interval
        table.add_row("μ interval [μ_B]", f"[{_fmt(lo)}, {_fmt(hi)}]")
        table.add_row("from", "observed data" if result.observed else "expected (no data)")
    if result.best_fit_kappa is not None:
        table.add_row("best fit κ̂ [μ_B²]", _fmt(result.best_fit_kappa))
    if getattr(result, "kappa_hat_unbounded", None) is not None:
        table.add_row("κ̂ without the κ ≥ 0 bound", _fmt(result.kappa_hat_unbounded))
    if result.bands is not None:
        for name, value in payload["bands"].items():
            table.add_row(f"μ limit, {name}", _fmt(value))
    if result.n_toys:
        table.add_row("toys per point / seed", f"{result.n_toys} / {result.seed}")
    console.print(table)


@app.command()
def limit(
    card: Annotated[
        str | None, typer.Argument(help="Card file path or catalogue name (or --workspace).")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Data CSV on the card's binning (default: the card's data)."),
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            help="pyhf workspace JSON (instead of CARD and --data): its model and observations.",
        ),
    ] = None,
    method: Annotated[
        str, typer.Option(help="fc, cls, cls-toys, bayes or profile (asymptotic, Wilks).")
    ] = "fc",
    cl: Annotated[
        float | None,
        typer.Option(help="Confidence level (default: the card's analysis.cl, else 0.9)."),
    ] = None,
    toys: Annotated[int, typer.Option(help="Toys per κ grid point.")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed of the toys.")] = 0,
    scheduler: Annotated[str | None, typer.Option(help=_SCHEDULER_HELP)] = None,
    resume: Annotated[Path | None, typer.Option("--resume", help=_RESUME_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also write the Δχ² scan vs μ: PATH.png and PATH.pdf."),
    ] = None,
) -> None:
    """Upper limit on μ from a card and its observed data, or from a pyhf workspace."""
    if workspace is not None:
        result = _workspace_limit(
            workspace,
            card,
            data,
            method,
            0.9 if cl is None else cl,
            toys,
            seed,
            scheduler,
            resume,
            as_json,
        )
    else:
        from munu.experiments import load_card
        from munu.inference import limit_from_card, read_card_data

        try:
            if card is None:
                from munu.errors import InputError

                raise InputError("CARD", card, "a card (with data or --data), or --workspace FILE")
            _check_seed_and_toys(seed, toys)
            _check_output_dir(resume, "--resume")
            entry = load_card(card)
            counts = None if data is None else read_card_data(entry, data)
        except MunuError as err:
            _fail(err)
        result = _run_toy_job(
            f"{method} limit",
            lambda tp: limit_from_card(
                entry,
                counts,
                method=method,
                cl=cl,
                n_toys=toys,
                seed=seed,
                progress=tp,
                scheduler=scheduler,
                resume=resume,
            ),
            scheduler,
            as_json,
        )
    if plot is not None:
        from munu.plotting.results import plot_limit_scan

        try:
            if workspace is not None:
                from munu.interop.histfactory import model_from_workspace, read_workspace

                imported = model_from_workspace(read_workspace(workspace))
                model, observed = imported.model, imported.data
            else:
                from munu.model import build_card_model

                cm = build_card_model(entry, counts)
                model, observed = cm.stats, cm.data
            _write_plot(plot, lambda ax: plot_limit_scan(model, observed, result, ax))
        except MunuError as err:
            _fail(err)
    kind = "interval" if result.mu_lower > 0 else "upper limit"
    source = "" if workspace is not None else " (observed)"
    _print_limit(result, f"{result.card}: {result.cl:g} CL {kind}{source}", as_json)


def _workspace_limit(
    workspace: Path,
    card: str | None,
    data: Path | None,
    method: str,
    cl: float,
    toys: int,
    seed: int,
    scheduler: str | None,
    resume: Path | None,
    as_json: bool,
) -> Any:
    """``munu limit --workspace``: the limit from a pyhf workspace (munu.interop)."""
    from munu.interop.histfactory import limit_from_workspace, read_workspace

    try:
        if card is not None or data is not None:
            from munu.errors import InputError

            raise InputError("--workspace", str(workspace), "either a workspace or CARD/--data")
        spec = read_workspace(workspace)
    except MunuError as err:
        _fail(err)
    with _warnings_to_stderr():
        return _run_toy_job(
            f"{method} limit",
            lambda tp: limit_from_workspace(
                spec,
                method=method,
                cl=cl,
                n_toys=toys,
                seed=seed,
                name=workspace.name,
                progress=tp,
                scheduler=scheduler,
                resume=resume,
            ),
            scheduler,
            as_json,
        )


@app.command()
def export(
    card: Annotated[str, typer.Argument(help="Card file path or catalogue name.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Workspace JSON file to write.")],
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Observed data CSV (default: the card's data, else the expected counts at μ = 0).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="Output format: pyhf.")] = "pyhf",
) -> None:
    """Write a card's binned model and data as a pyhf (HistFactory JSON) workspace."""
    from munu._io import atomic_write_text
    from munu._validate import check_choice
    from munu.experiments import load_card
    from munu.inference import read_card_data
    from munu.interop.histfactory import workspace_from_model
    from munu.model import build_card_model

    try:
        check_choice(fmt, "--format", ("pyhf",))
        entry = load_card(card)
        counts = None if data is None else read_card_data(entry, data)
        cm = build_card_model(entry, counts)
        if cm.likelihood != "binned":
            from munu.errors import InputError

            raise InputError("analysis.likelihood", cm.likelihood, "a binned card (pyhf is binned)")
        if cm.data is not None:
            observed = "observed data " + (str(data) if data is not None else "of the card")
            values = cm.data
        else:
            values = cm.stats.asimov(0.0)
            observed = "Asimov data at μ = 0 (expected, not observed)"
        ws = workspace_from_model(cm.stats, values, name=entry.name, asimov=cm.data is None)
        path = atomic_write_text(out, json.dumps(ws, indent=1) + "\n")
    except MunuError as err:
        _fail(err)
    unit = ws["measurements"][0]["name"].split("=")[-1]
    console.print(
        f"[green]pyhf workspace written:[/] {path} ({observed}; POI = κ = μ² in units of "
        f"{float(unit):g} μ_B²)",
        highlight=False,
    )


@app.command()
def fit(
    card: Annotated[str, typer.Argument(help="Card file path or catalogue name.")],
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Data CSV on the card's binning (default: the card's data)."),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write the figure of data vs fit here (PNG/PDF).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """Best fit of a card's model to its data: κ̂, each component's normalisation and pull."""
    from munu.experiments import load_card
    from munu.inference import read_card_data
    from munu.model import build_card_model, fit_card, write_fit_figure

    try:
        entry = load_card(card)
        counts = None if data is None else read_card_data(entry, data)
        summary = fit_card(build_card_model(entry, counts))
        written = None if plot is None else write_fit_figure(summary, plot, title=entry.name)
    except MunuError as err:
        _fail(err)
    if as_json:
        payload = summary.to_dict()
        payload["plot"] = None if written is None else str(written)
        _print_json(payload)
        return
    table = Table(title=f"{summary.card}: best fit to the observed data")
    table.add_column("component")
    table.add_column("treatment")
    table.add_column("norm", justify="right")
    table.add_column("pull", justify="right")
    table.add_column("fitted counts", justify="right")
    for row in summary.to_dict()["components"]:
        table.add_row(
            row["name"],
            row["treatment"]
            + (f" ±{row['sigma_rel']:g}" if row["treatment"] == "constrained" else ""),
            _fmt(row["norm"]),
            "" if row["pull"] is None else f"{row['pull']:+.2f}",
            _fmt(row["fitted_counts"]),
        )
    table.add_row("signal (κ̂ s)", "free, κ ≥ 0", "", "", _fmt(summary.signal_counts))
    console.print(table)
    console.print(
        f"κ̂ = {summary.kappa_hat:.4g} μ_B² (μ̂ = {summary.mu_hat:.3g} μ_B); "
        f"{int(summary.data_counts.sum())} events observed; goodness of fit: deviance "
        f"{summary.deviance:.1f} / {summary.ndof} dof, p = {summary.p_value:.3g}"
    )
    if written is not None:
        console.print(f"[green]figure written:[/] {written}")


@app.command()
def sensitivity(
    card: Annotated[str, typer.Argument(help="Card file path or catalogue name.")],
    method: Annotated[str, typer.Option(help="asymptotic or toys.")] = "asymptotic",
    cl: Annotated[float, typer.Option(help="Confidence level.")] = 0.9,
    toys: Annotated[int, typer.Option(help="Pseudo-experiments (toys method).")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the toys.")] = 0,
    scheduler: Annotated[str | None, typer.Option(help=_SCHEDULER_HELP)] = None,
    resume: Annotated[Path | None, typer.Option("--resume", help=_RESUME_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot", help="Also write the Brazil band vs live time: PATH.png and PATH.pdf."
        ),
    ] = None,
) -> None:
    """Expected limit (median, ±1σ, ±2σ) of a card's experiment if μ = 0."""
    from munu.experiments import load_card
    from munu.inference import sensitivity_from_card

    try:
        _check_seed_and_toys(seed, toys)
        _check_output_dir(resume, "--resume")
        entry = load_card(card)
    except MunuError as err:
        _fail(err)
    result = _run_toy_job(
        "sensitivity",
        lambda tp: sensitivity_from_card(
            entry,
            method=method,
            cl=cl,
            n_toys=toys,
            seed=seed,
            progress=tp,
            scheduler=scheduler,
            resume=resume,
        ),
        scheduler,
        as_json,
    )
    if plot is not None:
        from munu.inference import model_from_card
        from munu.plotting.results import plot_sensitivity_bands

        try:
            model = model_from_card(entry)
            days = float(entry.expected_spectrum().exposure.live_days)
            _write_plot(plot, lambda ax: plot_sensitivity_bands(model, result, days, ax))
        except MunuError as err:
            _fail(err)
    _print_limit(result, f"{result.card}: expected {result.cl:g} CL limit", as_json)


@app.command()
def scan(
    card: Annotated[str, typer.Argument(help="Card file path or catalogue name.")],
    vary: Annotated[
        list[str],
        typer.Option(
            "--vary",
            help="field=start:stop:n, field one of threshold_kev, background, mass_kg, "
            "live_days; log-spaced when the range spans more than a decade. Once or twice.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output stem: writes STEM.csv, .png, .pdf.")
    ] = Path("munu-scan"),
    cl: Annotated[float, typer.Option(help="Confidence level.")] = 0.9,
    statistic: Annotated[str, typer.Option(help="cls or clsb (asymptotic).")] = "cls",
    scheduler: Annotated[str | None, typer.Option(help=_SCHEDULER_HELP)] = None,
    resume: Annotated[Path | None, typer.Option("--resume", help=_RESUME_HELP)] = None,
) -> None:
    """Sensitivity map: median expected μ limit over a grid of card parameters (CSV + plot)."""
    from munu._io import check_output_path, with_extension
    from munu.experiments import load_card
    from munu.parallel import Throughput
    from munu.scan import sensitivity_scan

    try:
        check_output_path(with_extension(out, "csv"), "--out")
        _check_output_dir(resume, "--resume")
        entry = load_card(card)
        progress, callback = _progress_callback("scan", unit="points")
        tp = Throughput(callback)
        with _warnings_to_stderr(), progress:
            result = sensitivity_scan(
                entry,
                list(vary),
                cl=cl,
                statistic=statistic,
                scheduler=scheduler,
                resume=resume,
                progress=tp,
            )
        csv_path = result.write_csv(with_extension(out, "csv"))
        plots = result.plot(out)
    except MunuError as err:
        _fail(err)
    _throughput_summary(tp, "points", scheduler)
    mu = result.mu_median
    console.print(
        f"[green]scan written:[/] {csv_path}, {', '.join(str(p) for p in plots)} "
        f"({mu.size} points; median μ limit {float(mu.min()):.3g} … {float(mu.max()):.3g} μ_B)"
    )


@app.command()
def simulate(
    card: Annotated[str, typer.Argument(help="Card file path or catalogue name.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write.")],
    mu: Annotated[float, typer.Option(help="True magnetic moment in μ_B.")] = 0.0,
    seed: Annotated[int, typer.Option(help="Seed of the pseudo-data.")] = 0,
) -> None:
    """Write seeded pseudo-data of a card's experiment (the format ``munu limit`` reads)."""
    from munu._io import check_output_path
    from munu.experiments import load_card
    from munu.inference import simulate_counts, write_card_data

    try:
        _check_seed_and_toys(seed, None)
        check_output_path(out, "--out")
        entry = load_card(card)
        path = write_card_data(entry, simulate_counts(entry, mu=mu, seed=seed), out)
    except MunuError as err:
        _fail(err)
    console.print(f"[green]pseudo-data written:[/] {path} (μ = {mu:g} μ_B, seed {seed})")


def main() -> None:  # pragma: no cover - console-script entry point
    app()
