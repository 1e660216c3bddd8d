"""Benchmark: Feldman–Cousins upper limit for a 40-bin ON/OFF model (100 κ points × 10⁴ toys).

Run: ``uv run python benchmarks/bench_fc.py [--repeats N] [--toys N]``. The iminuit reference
fits a subsample of toys one by one (κ ≥ 0 and 40 background nuisances with MIGRAD, the same
likelihood) and the per-toy time is extrapolated to the full 10⁶ toys; both timings and the
ratio are printed as a Markdown block for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from typing import Any

import numpy as np
from _common import cpu_name
from iminuit import Minuit

from munu.stats import OnOffModel, fc_upper_limit
from munu.stats.toys import DEFAULT_CHUNK_ELEMENTS


def make_model() -> tuple[OnOffModel, np.ndarray]:
    nb = 40
    e = np.linspace(1.0, 10.0, nb)
    signal = 2.0 / e  # 1/T-like magnetic spectrum, counts per unit exposure per unit κ
    sm = np.full(nb, 0.5)
    bkg = np.full(nb, 20.0)
    model = OnOffModel(signal, sm, 1.0, 0.5, background=bkg)
    data = model.sample(0.0, 1, np.random.default_rng(123))[0]
    return model, data


def iminuit_per_toy_seconds(model: OnOffModel, n_fit: int) -> float:
    rng = np.random.default_rng(5)
    toys = model.sample(0.5, n_fit, rng)
    nb = model.nbins

    def fit_one(d: np.ndarray) -> float:
        def nll(par: np.ndarray) -> float:
            k, b = par[0], par[1:]
            lam = model._expected(np.array([k]), b[None, :])[0]
            return float(np.sum(lam - d * np.log(np.maximum(lam, 1e-300))))

        start = np.concatenate([[0.5], np.maximum(d[nb:] / model.exposure_off, 0.1)])
        m = Minuit(nll, start)
        m.errordef = Minuit.LIKELIHOOD
        m.limits = [(0, None)] + [(0, None)] * nb
        m.migrad()
        # and the conditional fit at the tested κ (FC needs both)
        m.fixed[0] = True
        m.migrad()
        return m.fval

    t0 = time.perf_counter()
    for d in toys:
        fit_one(d)
    return (time.perf_counter() - t0) / n_fit


def parse_args(points: int, iminuit_fits: int) -> argparse.Namespace:
    """The command-line options shared by the FC benchmarks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--toys", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=points)
    parser.add_argument("--iminuit-fits", type=int, default=iminuit_fits)
    return parser.parse_args()


def time_fc(
    model: Any, data: np.ndarray, grid: np.ndarray, toys: int, repeats: int
) -> tuple[list[float], list[float], Any]:
    """Wall times and limits of ``repeats`` seeded FC limits (seed 42), and the last result."""
    times: list[float] = []
    limits: list[float] = []
    res = None
    for r in range(repeats):
        t0 = time.perf_counter()
        res = fc_upper_limit(model, data, grid, n_toys=toys, seed=42)
        times.append(time.perf_counter() - t0)
        limits.append(res.limit)
        print(f"run {r}: {times[-1]:.2f} s, {res!r}")
    return times, limits, res


def main() -> None:
    args = parse_args(points=100, iminuit_fits=50)
    model, data = make_model()
    grid = np.linspace(0.0, 3.0, args.points)
    times, limits, res = time_fc(model, data, grid, args.toys, args.repeats)
    med = statistics.median(times)
    per_toy = iminuit_per_toy_seconds(model, args.iminuit_fits)
    n_total = args.points * args.toys
    ref = per_toy * n_total
    cpu = cpu_name()
    print()
    print("## Feldman–Cousins (stats)")
    print()
    print(f"- machine: {os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}")
    print(
        "- command: `uv run python benchmarks/bench_fc.py "
        f"--repeats {args.repeats} --iminuit-fits {args.iminuit_fits}`"
    )
    print(
        f"- task: FC upper limit, 40-bin ON/OFF model, {args.points} κ points × "
        f"{args.toys} toys ({n_total:.0e} toys)"
    )
    print(
        "- munu (guide-table Poisson toys, fused closed-form ON/OFF profile + Newton, chunks "
        f"of {DEFAULT_CHUNK_ELEMENTS:.0e} elements): median of {args.repeats} runs "
        f"{med:.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )
    print(
        f"- iminuit reference: {args.iminuit_fits} toys fitted one by one (global + "
        f"conditional MIGRAD, 41 parameters), {per_toy * 1e3:.1f} ms/toy, extrapolated to "
        f"{n_total:.0e} toys: {ref:.0f} s"
    )
    print(f"- ratio (iminuit extrapolated / munu): {ref / med:.0f}×")
    print(f"- limit: {res.limit:.4f} (seed 42), identical in every run: {len(set(limits)) == 1}")


if __name__ == "__main__":
    main()
