"""Benchmark: toy throughput of a Feldman–Cousins construction, serial vs a dask LocalCluster.

The model is the 40-bin ON/OFF model of ``bench_fc.py``; the job is an FC upper limit on a
κ grid (``--points`` points × ``--toys`` toys). Each configuration is run ``--repeats`` times
(alternating), and the median toys per second is reported; the cluster is started once per
configuration and its start-up time reported separately (it is not part of the toy rate).
The limits must be bit-identical in every run and configuration.

Run: ``uv run python benchmarks/bench_parallel.py [--repeats N] [--toys N] [--points N]
[--write]``; ``--write`` replaces the section "## Distributed toys (Dask)" of
benchmarks/RESULTS.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from munu.parallel import open_executor
from munu.stats import fc_upper_limit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cpu_name, load_average, write_section
from bench_fc import make_model

SECTION = "## Distributed toys (Dask)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--toys", type=int, default=5000)
    parser.add_argument("--points", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    model, data = make_model()
    grid = np.linspace(0.0, 3.0, args.points)
    n_total = args.points * args.toys
    loads = [load_average()]

    def run(executor) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        res = fc_upper_limit(model, data, grid, n_toys=args.toys, seed=42, executor=executor)
        return time.perf_counter() - t0, res.limit

    t0 = time.perf_counter()
    spec = f"local:{args.workers}"
    serial_t: list[float] = []
    dask_t: list[float] = []
    limits: set[float] = set()
    with open_executor(spec) as cluster:
        startup = time.perf_counter() - t0
        run(cluster)  # warm-up: imports and the model shipped to every worker
        for r in range(args.repeats):
            for name, ex, times in (("serial", None, serial_t), (spec, cluster, dask_t)):
                dt, lim = run(ex)
                times.append(dt)
                limits.add(lim)
                print(f"run {r} {name}: {dt:.2f} s, {n_total / dt:.0f} toys/s, κ < {lim:.6g}")
    loads.append(load_average())
    s_med, d_med = statistics.median(serial_t), statistics.median(dask_t)
    lines = [
        SECTION,
        "",
        f"FC upper limit, 40-bin ON/OFF model (`bench_fc.make_model`), {args.points} κ points × "
        f"{args.toys} toys ({n_total:.0e} toys), seed 42; serial (default path) versus a dask "
        f"LocalCluster of {args.workers} worker processes (1 thread each) through "
        "`munu.parallel` (tasks = grid point × range of ≥ 32 blocks of 500 toys).",
        "",
        f"- machine: {os.cpu_count()} cores (nproc), {cpu_name()}, "
        f"Python {platform.python_version()}",
        f"- command: `uv run python benchmarks/bench_parallel.py --repeats {args.repeats} "
        f"--toys {args.toys} --points {args.points}`",
        f"- serial: median of {args.repeats} runs {s_med:.2f} s = **{n_total / s_med:.0f} toys/s** "
        f"(runs: {', '.join(f'{t:.2f}' for t in serial_t)} s)",
        f"- dask {spec}: median of {args.repeats} runs {d_med:.2f} s = "
        f"**{n_total / d_med:.0f} toys/s** (runs: {', '.join(f'{t:.2f}' for t in dask_t)} s); "
        f"cluster start-up {startup:.1f} s, not included",
        f"- speed-up {s_med / d_med:.2f}× on {args.workers} workers",
        f"- limits identical in every run and configuration: {len(limits) == 1} "
        f"(κ < {min(limits):.6g})",
        f"- load average (1, 5, 15 min) before / after: {loads[0]} / {loads[1]} (other jobs "
        "on the machine make both timings upper bounds)",
        "",
    ]
    block = "\n".join(lines)
    print(block)
    if args.write:
        path = write_section(SECTION, block)
        print(f"written to {path}")


if __name__ == "__main__":
    main()
