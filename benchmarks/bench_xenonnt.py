"""Benchmark: the XENONnT SR0 card (``xenonnt_2022``) at real size.

Measures, in one process, (1) the card's expected spectrum — solar pp, ⁷Be, pep, ¹³N, ¹⁵O on Xe
with the stepping approximation, resolution σ = 0.310√E + 0.0037E, the released efficiency
applied on sub-bins, 58 bins of 0.5 keV in 1–30 keV — and (2) the whole observed limit of
``munu limit xenonnt_2022`` (card load, spectrum, model, fit, Feldman–Cousins with 2000 toys per
κ point, seed 0), plus the peak resident memory of the process. The targets of issue 13/16
(≤ 2 s and ≤ 500 MB for the spectrum, FC limit well under a minute) are the reference: the
ratios time/target are printed. No separate slow reference is run: the issue's 45–70 s and
3.5 GB were for the default ``Solar()`` with all eight components, which this card does not use
(hep, ⁸B, ¹⁷F add < 10⁻³ of the magnetic signal below 30 keV).

Run: ``uv run python benchmarks/bench_xenonnt.py [--runs N]``; prints a Markdown block for
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time

from _common import cpu_name, load_average


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from munu.experiments import load_card
    from munu.inference import limit_from_card

    card = load_card("xenonnt_2022")
    spec_times, spec_cpu, limit_times, limits = [], [], [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        card.expected_spectrum()
        spec_times.append(time.perf_counter() - t0)
        spec_cpu.append(time.process_time() - c0)
        t0 = time.perf_counter()
        res = limit_from_card(load_card("xenonnt_2022"), method="fc", seed=0)
        limit_times.append(time.perf_counter() - t0)
        limits.append(res.mu_limit)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    spec_med = statistics.median(spec_times)
    lim_med = statistics.median(limit_times)
    print("## XENONnT SR0 card at real size\n")
    print(
        f"- machine: nproc = {os.cpu_count()}, {cpu_name()}, "
        f"Python {platform.python_version()}; load average {load_average()} at the end"
    )
    print(f"- command: `uv run python benchmarks/bench_xenonnt.py --runs {args.runs}`")
    print(
        f"- expected spectrum of the card: median {spec_med:.2f} s of {args.runs} "
        f"({', '.join(f'{t:.2f}' for t in spec_times)}); CPU time median "
        f"{statistics.median(spec_cpu):.2f} s; target 2 s: ratio {spec_med / 2:.2f}"
    )
    print(
        f"- observed FC limit (load + spectrum + fit + FC, 2000 toys/point): median "
        f"{lim_med:.1f} s ({', '.join(f'{t:.1f}' for t in limit_times)}); target 60 s: "
        f"ratio {lim_med / 60:.2f}; μ < {limits[0]:.3e} μ_B in every run: "
        f"{len(set(limits)) == 1}"
    )
    print(
        f"- peak resident memory of the process: {rss_mb:.0f} MB; target 500 MB: ratio "
        f"{rss_mb / 500:.2f}"
    )


if __name__ == "__main__":
    main()
