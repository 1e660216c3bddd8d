"""Benchmark: Feldman–Cousins upper limit for a 40-bin spectral fit (BinnedModel).

The shape of the catalogue cards without an OFF period (XENONnT, GEMMA goal, ...): one
spectrum, signal and SM templates plus a background template whose normalisation is free
(``background_sigma=inf``, what ``munu.inference.model_from_card`` builds). The toys' fits
profile the normalisation by Newton steps warm-started along the κ path. The iminuit
reference fits a subsample of toys one by one (global fit in κ ≥ 0 and the normalisation,
then the conditional fit at the tested κ: two MIGRAD minimisations of the same NLL) and is
extrapolated to the full toy count.

Run: ``uv run python benchmarks/bench_fc_binned.py [--repeats N] [--toys N] [--points N]``.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from iminuit import Minuit

from munu.stats import BinnedModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_fc import parse_args, time_fc


def make_model() -> tuple[BinnedModel, np.ndarray]:
    nb = 40
    e = np.linspace(1.0, 10.0, nb)
    model = BinnedModel(2.0 / e, np.full(nb, 20.0), background_sigma=np.inf, sm=np.full(nb, 0.5))
    data = model.sample(0.0, 1, np.random.default_rng(123))[0]
    return model, data


def iminuit_per_toy_seconds(model: BinnedModel, n_fit: int) -> float:
    toys = model.sample(2.0, n_fit, np.random.default_rng(5))

    def fit_one(d: np.ndarray) -> float:
        def nll(k: float, theta: float) -> float:
            return float(model._nll(np.array([k]), d[None, :], np.array([[theta]]))[0])

        m = Minuit(nll, k=2.0, theta=1.0)
        m.errordef = Minuit.LIKELIHOOD
        m.limits["k"] = (0.0, None)
        m.limits["theta"] = (1e-6, None)
        m.migrad()
        m.fixed["k"] = True
        m.values["k"] = 3.0
        m.migrad()
        return m.fval

    t0 = time.perf_counter()
    for d in toys:
        fit_one(d)
    return (time.perf_counter() - t0) / n_fit


def main() -> None:
    args = parse_args(points=50, iminuit_fits=100)
    model, data = make_model()
    grid = np.linspace(0.0, 30.0, args.points)
    times, limits, res = time_fc(model, data, grid, args.toys, args.repeats)
    med = statistics.median(times)
    per_toy = iminuit_per_toy_seconds(model, args.iminuit_fits)
    n_total = args.points * args.toys
    print()
    print("## Feldman–Cousins, spectral fit (BinnedModel)")
    print()
    print(f"- machine: {os.cpu_count()} cores (nproc), Python {platform.python_version()}")
    print(
        "- command: `uv run python benchmarks/bench_fc_binned.py "
        f"--repeats {args.repeats} --toys {args.toys} --points {args.points} "
        f"--iminuit-fits {args.iminuit_fits}`"
    )
    print(
        f"- task: FC upper limit, 40-bin spectrum with a free background normalisation, "
        f"{args.points} κ points × {args.toys} toys ({n_total:.0e} toys), seed 42"
    )
    print(
        f"- munu: median of {args.repeats} runs {med:.2f} s = {med / n_total * 1e6:.1f} µs/toy "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
    )
    print(
        f"- iminuit reference: {args.iminuit_fits} toys fitted one by one (global + "
        f"conditional MIGRAD, 2 parameters), {per_toy * 1e3:.2f} ms/toy, extrapolated: "
        f"{per_toy * n_total:.0f} s"
    )
    print(f"- ratio (iminuit extrapolated / munu): {per_toy * n_total / med:.0f}×")
    print(f"- limit: {res.limit:.4f}, identical in every run: {len(set(limits)) == 1}")


if __name__ == "__main__":
    main()
