"""Benchmark: FC toys under dask's allocator environment and at large bin counts (issue 16).

Two questions, each answered by timing the same seeded FC upper limit in fresh processes
(glibc reads ``MALLOC_*`` variables at start-up, so every configuration is its own process),
alternating configurations and reporting medians:

1. *Launcher independence.* dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``;
   FC under that environment against a plain process (requirement: ≤ 1.3× plain).
2. *No bin-count cliff.* The FC time per bin at ``--big-bins`` ON/OFF bins against
   ``--bins`` (requirement: within 1.3× of linear scaling).

Each is run with munu's allocator settings (``mallopt``, the default) and, as the reference,
with ``--allocator legacy`` (the 0.1 trick: allocate and free one untouched block of
min(32 MiB, 10 × chunk) once, raising glibc's dynamic thresholds) and ``off`` (no settings).
Minor page faults (``getrusage``) are reported with the times; the limits must be identical.

Run: ``uv run python benchmarks/bench_allocator.py [--repeats N] [--points N] [--toys N]
[--bins N] [--big-bins N] [--write]``; ``--write`` replaces the section
"## Allocator (toys under dask's environment, large bin counts)" of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cpu_name, load_average, write_section

SECTION = "## Allocator (toys under dask's environment, large bin counts)"

CHILD = r"""
import json, resource, sys, time
import numpy as np
import munu.stats.toys as toys
from munu.stats import OnOffModel, fc_upper_limit

mode, nb, points, n_toys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if mode == "off":
    toys._settle_allocator = lambda n: False
elif mode == "legacy":
    state = {"done": 0}

    def legacy(n):  # munu 0.1: one untouched block raises glibc's dynamic thresholds
        nbytes = min(32 * 1024 * 1024, 10 * 8 * int(n))
        if nbytes > state["done"]:
            np.empty(nbytes, dtype=np.uint8)
            state["done"] = nbytes
        return True

    toys._settle_allocator = legacy
e = np.linspace(1.0, 10.0, nb)
model = OnOffModel(2.0 / e, np.full(nb, 0.5), 1.0, 0.5, background=np.full(nb, 20.0))
data = model.sample(0.0, 1, np.random.default_rng(123))[0]
grid = np.linspace(0.0, 3.0 * np.sqrt(nb / 40.0), points)
r0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
res = fc_upper_limit(model, data, grid, n_toys=n_toys, seed=42)
dt = time.perf_counter() - t0
r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
out = {"seconds": dt, "cpu": cpu, "sys": r1.ru_stime - r0.ru_stime}
out.update(limit=res.limit, minflt=r1.ru_minflt - r0.ru_minflt)
print(json.dumps(out))
"""


def _run(mode: str, bins: int, points: int, toys: int, trim_env: bool) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("MALLOC_TRIM_THRESHOLD_", None)
    if trim_env:
        env["MALLOC_TRIM_THRESHOLD_"] = "65536"
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(bins), str(points), str(toys)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--toys", type=int, default=5000)
    parser.add_argument("--bins", type=int, default=40)
    parser.add_argument("--big-bins", type=int, default=640)
    parser.add_argument("--modes", default="mallopt,legacy")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    modes = args.modes.split(",")
    configs = [
        (mode, bins, trim)
        for mode in modes
        for bins, trim in ((args.bins, False), (args.bins, True), (args.big_bins, False))
    ]
    runs: dict[tuple[str, int, bool], list[dict[str, float]]] = {c: [] for c in configs}
    load0 = load_average()
    for r in range(args.repeats):
        for c in configs:
            res = _run(c[0], c[1], args.points, args.toys, c[2])
            runs[c].append(res)
            env = "MALLOC_TRIM_THRESHOLD_=65536" if c[2] else "plain"
            print(
                f"run {r} {c[0]:8s} {c[1]:4d} bins {env:28s} {res['seconds']:.2f} s wall "
                f"{res['cpu']:.2f} s CPU ({res['sys']:.2f} s sys) {res['minflt']:.0f} faults "
                f"κ < {res['limit']:.6g}"
            )

    def med(c: tuple[str, int, bool], what: str = "seconds") -> float:
        return statistics.median(x[what] for x in runs[c])

    def faults(c: tuple[str, int, bool]) -> float:
        return statistics.median(x["minflt"] for x in runs[c])

    n_total = args.points * args.toys
    lines = [
        SECTION,
        "",
        f"FC upper limit of the ON/OFF model of `bench_fc.make_model` generalised to N bins, "
        f"{args.points} κ points × {args.toys} toys ({n_total:.0e} toys), seed 42; each run in "
        "a fresh process, configurations alternated; medians of "
        f"{args.repeats} runs (minor page faults in brackets).",
        "",
        f"- machine: {os.cpu_count()} cores (nproc), {cpu_name()}, "
        f"Python {platform.python_version()}"
        f"; load average before / after: {load0} / {load_average()} (shared machine)",
        f"- command: `uv run python benchmarks/bench_allocator.py --repeats {args.repeats} "
        f"--points {args.points} --toys {args.toys} --bins {args.bins} --big-bins "
        f"{args.big_bins} --modes {args.modes}`",
        "",
        "Wall time, and in the second table CPU time (user + system) of the FC call, which "
        "the other jobs of a shared machine disturb less.",
        "",
    ]
    for what, title in (("seconds", "wall"), ("cpu", "CPU")):
        lines += [
            f"| allocator ({title}) | {args.bins} bins plain | {args.bins} bins, "
            f"MALLOC_TRIM_THRESHOLD_=65536 | ratio (≤ 1.3) | {args.big_bins} bins plain | "
            f"per-bin ratio {args.big_bins}/{args.bins} (≤ 1.3) |",
            "|---|---|---|---|---|---|",
        ]
        for mode in modes:
            small, trim = (mode, args.bins, False), (mode, args.bins, True)
            big = (mode, args.big_bins, False)
            scale = (med(big, what) / args.big_bins) / (med(small, what) / args.bins)
            lines.append(
                f"| {mode} | {med(small, what):.2f} s ({faults(small):.0f}) | "
                f"{med(trim, what):.2f} s ({faults(trim):.0f}) | "
                f"**{med(trim, what) / med(small, what):.2f}×** | {med(big, what):.2f} s "
                f"({faults(big):.0f}) | **{scale:.2f}×** |"
            )
        lines.append("")
    limits = {(c[1]): {x["limit"] for x in runs[c]} for c in configs}
    same = all(
        len({x["limit"] for c in configs if c[1] == b for x in runs[c]}) == 1 for b in limits
    )
    lines += ["", f"- limits identical across runs, environments and allocators: {same}", ""]
    block = "\n".join(lines)
    print(block)
    if args.write:
        path = write_section(SECTION, block)
        print(f"written to {path}")


if __name__ == "__main__":
    main()
