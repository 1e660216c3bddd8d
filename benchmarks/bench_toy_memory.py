"""Benchmark: memory of toy statistics, full arrays versus quantile summaries (issue 16).

Peak traced memory (``tracemalloc``, which sees numpy's buffers) while computing

* the FC critical values of ``bench_fc.make_model`` (``--points`` κ points × N toys):
  reference = every toy's statistic kept (``toy_statistics`` then ``np.quantile``, the path of
  munu ≤ 0.1), munu = ``munu.stats.limits.critical_values`` (per-chunk upper tails, points
  reduced as they finish);
* the toy sensitivity's pseudo-experiment limits (1 point tested on the whole grid):
  reference = ``toy_statistics`` of shape (1, G, N), munu = ``toy_summaries`` keeping one limit
  per pseudo-experiment (as ``expected_sensitivity`` does);

for two toy counts N, so the growth per toy is the slope. The results must be identical.

Run: ``uv run python benchmarks/bench_toy_memory.py [--points N] [--toys N1 N2] [--write]``;
``--write`` replaces the section "## Memory of toys (quantile summaries)" of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from munu.stats.limits import critical_values
from munu.stats.toys import toy_statistics, toy_summaries

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_section
from bench_fc import make_model

SECTION = "## Memory of toys (quantile summaries)"


def peak(func: Callable[[], Any]) -> tuple[float, Any]:
    """Peak traced bytes above the start while running ``func``, and its value."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    value = func()
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return float(top - base), value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--toys", type=int, nargs=2, default=[4000, 16000])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    model, _ = make_model()
    grid = np.linspace(0.0, 3.0, args.points)
    g = grid.size
    nuis = np.broadcast_to(model.nominal_nuisances, (g, model.nominal_nuisances.size)).copy()
    crit = np.full(g, 2.7)  # a flat belt, enough to give every pseudo-experiment a limit

    def fc_full(n: int) -> np.ndarray:
        t, _ = toy_statistics(model, grid, nuis, grid[:, None], n, 42)
        return np.quantile(t[:, 0, :], 0.9, axis=1, method="inverted_cdf")

    def fc_summary(n: int) -> np.ndarray:
        return critical_values(model, grid, nuis, n, 0.9, 42)

    def limits_of(t: np.ndarray) -> np.ndarray:  # (n, G) → one upper limit per toy
        diff = t - crit[None, :]
        last = g - 1 - np.argmax((diff <= 0.0)[:, ::-1], axis=1)
        last = np.minimum(last, g - 2)
        rows = np.arange(t.shape[0])
        d0, d1 = diff[rows, last], diff[rows, last + 1]
        frac = np.where(d1 != d0, d0 / (d0 - d1), 0.0)
        return grid[last] + (grid[last + 1] - grid[last]) * frac

    def sens_full(n: int) -> np.ndarray:
        t, _ = toy_statistics(model, np.zeros(1), nuis[:1], grid[None, :], n, 42, stream=2)
        return limits_of(t[0].T)

    def sens_summary(n: int) -> np.ndarray:
        return toy_summaries(
            model,
            np.zeros(1),
            nuis[:1],
            grid[None, :],
            n,
            42,
            lambda j, t, k: limits_of(t.T),
            lambda j, parts: np.concatenate(parts),
            stream=2,
        )[0]

    rows = []
    for label, full, summary, units in (
        ("FC critical values", fc_full, fc_summary, g),
        ("sensitivity pseudo-experiments", sens_full, sens_summary, g),
    ):
        res = {}
        for n in args.toys:
            p_full, v_full = peak(lambda n=n, f=full: f(n))
            p_sum, v_sum = peak(lambda n=n, f=summary: f(n))
            res[n] = (p_full, p_sum, bool(np.array_equal(v_full, v_sum)))
            print(label, n, f"{p_full / 1e6:.1f} MB", f"{p_sum / 1e6:.1f} MB", res[n][2])
        n1, n2 = args.toys
        d_toys = (n2 - n1) * units
        slope_full = (res[n2][0] - res[n1][0]) / d_toys
        slope_sum = (res[n2][1] - res[n1][1]) / d_toys
        rows.append(
            f"| {label} | {res[n1][0] / 1e6:.1f} / {res[n2][0] / 1e6:.1f} MB | "
            f"{res[n1][1] / 1e6:.1f} / {res[n2][1] / 1e6:.1f} MB | {slope_full:.1f} B | "
            f"{slope_sum:.2f} B | {res[n1][2] and res[n2][2]} |"
        )
    lines = [
        SECTION,
        "",
        f"Peak traced memory (tracemalloc) of the toys of `bench_fc.make_model` (40 bins), "
        f"{args.points} κ points × {args.toys[0]} and × {args.toys[1]} toys, seed 42; the "
        "reference keeps every toy statistic (munu ≤ 0.1), munu reduces chunks as they come.",
        "",
        f"- machine: {os.cpu_count()} cores (nproc), Python {platform.python_version()}",
        f"- command: `uv run python benchmarks/bench_toy_memory.py --points {args.points} "
        f"--toys {args.toys[0]} {args.toys[1]}`",
        "",
        f"| quantity | all toys kept (N = {args.toys[0]} / {args.toys[1]}) | summaries | "
        "growth per toy × point, all kept | growth, summaries | identical |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "- the summaries' peak is the processing chunk's temporaries (bounded by "
        "`chunk_elements`), plus ~0.8 B per toy of the one point in flight (FC tails: the "
        "top 10 % of t) or 8 B per pseudo-experiment (its limit), not 16 B per toy and grid "
        "point.",
        "",
    ]
    block = "\n".join(lines)
    print(block)
    if args.write:
        path = write_section(SECTION, block)
        print(f"written to {path}")


if __name__ == "__main__":
    main()
