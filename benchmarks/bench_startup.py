"""Benchmark: start-up of the ``munu`` command line and of ``import munu`` (issue 16).

Each command runs in a fresh interpreter, alternating, ``--repeats`` times; medians of the wall
time (``time.perf_counter`` around ``subprocess.run``) are compared with the reference measured
in the same loop: ``python -c "import typer, rich.console, rich.table"``, the import of typer +
rich alone (requirement: ``munu --help`` ≤ 3× that). The eager import of every public name
(``[getattr(munu, n) for n in munu.__all__]``, what ``import munu`` did before PEP 562 lazy
loading) is timed too.

Run: ``uv run python benchmarks/bench_startup.py [--repeats N] [--write]``; ``--write``
replaces the section "## Start-up (munu --help, --version, import munu)" of
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_section

SECTION = "## Start-up (munu --help, --version, import munu)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    py = sys.executable
    munu_bin = str(Path(py).with_name("munu"))
    commands = {
        "typer + rich import (reference)": [py, "-c", "import typer, rich.console, rich.table"],
        "`munu --help`": [munu_bin, "--help"],
        "`munu --version`": [munu_bin, "--version"],
        "`import munu`": [py, "-c", "import munu"],
        "`import munu` + every public name": [
            py,
            "-c",
            "import munu; [getattr(munu, n) for n in munu.__all__]",
        ],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.repeats):
        for name, cmd in commands.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    ref = med["typer + rich import (reference)"]
    lines = [
        SECTION,
        "",
        f"- machine: {os.cpu_count()} cores (nproc), Python {platform.python_version()}; load "
        f"average {', '.join(f'{v:.1f}' for v in os.getloadavg())} (shared machine)",
        f"- command: `uv run python benchmarks/bench_startup.py --repeats {args.repeats}`; each "
        "command in a fresh process, alternating; medians",
        "",
        "| command | median | ratio to typer + rich |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {v * 1e3:.0f} ms | {v / ref:.2f}× |" for k, v in med.items()]
    lines += [
        "",
        f"- requirement `munu --help` ≤ 3× typer + rich: **{med['`munu --help`'] / ref:.2f}×**",
        "",
    ]
    block = "\n".join(lines)
    print(block)
    if args.write:
        path = write_section(SECTION, block)
        print(f"written to {path}")


if __name__ == "__main__":
    main()
