"""Benchmark: Feldman–Cousins limit with the unbinned likelihood (UnbinnedModel) against the
binned likelihood of the same model (BinnedModel on fine and on coarse bins).

Problem: ~400 events on [1, 10] keV, a falling signal over three background templates (a free
flat one, a 10 %-constrained linear one, a fixed SM-like one). The binned models integrate the
same piecewise-linear densities exactly over 900 bins (0.01 keV: the binned likelihood then
equals the unbinned one to ~0.3 %, see tests/stats/test_unbinned.py) and over 45 bins. Each
run is a full FC construction (``--points`` grid points × ``--toys`` toys), seed fixed.

Run: ``uv run python benchmarks/bench_unbinned.py [--repeats N] [--toys N] [--points N]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

from munu.stats import UnbinnedModel, fc_upper_limit

GRID = np.linspace(1.0, 10.0, 19)


def make_model() -> UnbinnedModel:
    return UnbinnedModel(
        GRID,
        10.0 * np.exp(-GRID / 3.0),
        [np.full(GRID.size, 25.0), 3.0 * GRID, np.full(GRID.size, 5.0)],
        background_sigma=[np.inf, 0.1, 0.0],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--toys", type=int, default=1000)
    parser.add_argument("--points", type=int, default=6)
    args = parser.parse_args()
    model = make_model()
    data = model.sample(0.0, 1, np.random.default_rng(7))
    aux, e, w = model._split(data)
    events = e[0][w[0] > 0]
    grid = np.linspace(0.0, 6.0, args.points)
    cases = {}
    for nbins in (900, 45):
        edges = np.linspace(GRID[0], GRID[-1], nbins + 1)
        binned = model.binned(edges)
        counts = np.histogram(events, edges)[0].astype(float)
        cases[f"binned {nbins} bins"] = (binned, np.concatenate([counts, aux[0]]))
    cases["unbinned"] = (model, data)
    times: dict[str, list[float]] = {k: [] for k in cases}
    limits = {}
    for _ in range(args.repeats):
        for name, (m, d) in cases.items():
            t0 = time.perf_counter()
            res = fc_upper_limit(m, d, grid, n_toys=args.toys, seed=42)
            times[name].append(time.perf_counter() - t0)
            limits[name] = res.limit
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} cores")
    print(
        f"events: {events.size}, FC: {args.points} points x {args.toys} toys, "
        f"median of {args.repeats} runs"
    )
    ref = statistics.median(times["binned 900 bins"])
    for name in cases:
        med = statistics.median(times[name])
        print(
            f"{name:18s} {med:8.2f} s  ratio to binned-900 {med / ref:5.2f}  "
            f"limit {limits[name]:.4f}"
        )


if __name__ == "__main__":
    main()
