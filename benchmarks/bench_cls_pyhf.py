"""Benchmark: toy-based CLs upper limit for the 40-bin ON/OFF model, munu versus pyhf.

Run (pyhf only in uv's ephemeral overlay, never in the project environment)::

    uv run --with pyhf python benchmarks/bench_cls_pyhf.py [--repeats N] [--toys N]
        [--pyhf-points 2.0 2.6] [--pyhf-toys 100]

The model is the one of ``bench_fc.py`` (40 bins; ON = t_on (b + sm + κ s), OFF = t_off b,
b free per bin). The HistFactory equivalent built here has a channel ``on`` with samples
signal (``normfactor`` μ ≡ κ), SM (no modifier) and background, and a channel ``off`` with the
background scaled by t_off/t_on; the background of both channels carries the same
``shapefactor`` ``b`` (one free, unconstrained factor per bin shared by ON and OFF: the standard
ON/OFF construction, pyhf docs "Modifiers: shapefactor"). Both codes then compute the same
q̃_μ (checked on the observed data), throw signal-plus-background toys at (μ, θ̂̂_μ) and
background-only toys at (0, θ̂̂_0), and take CLs = CLs+b/CL_b.

pyhf (numpy backend, scipy optimiser, ``pyhf.infer.hypotest(calctype="toybased",
test_stat="qtilde")``) needs two 41-parameter fits per toy and is far too slow for the full
configuration, so it is run at a few POI points with a few toys; its time per point is split
into a fixed part (the observed-data fits, timed with ``calctype="asymptotics"``, which does
more fits, so the split favours pyhf) and a per-toy part, and extrapolated linearly to the full
configuration. The same pyhf runs give CLs values compared with munu's within toy errors.

pyhf 0.7.6 calls ``numpy.percentile(..., interpolation=)``, removed in numpy 2.4, in the
expected-band post-processing of ``hypotest``; the script maps it to ``method=`` (same
numbers, no cost).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cpu_name
from bench_fc import make_model

from munu.stats import OnOffModel
from munu.stats.limits import toy_cls_upper_limit

try:
    import pyhf
except ImportError:
    sys.exit(
        "pyhf is not importable: it is a benchmark-only dependency, not in the project "
        "environment. Run: uv run --with pyhf python benchmarks/bench_cls_pyhf.py"
    )

ALPHA = 0.1  # 90% CL


def _patch_percentile() -> None:
    """pyhf ≤ 0.7.6 passes ``interpolation=`` to numpy.percentile (removed in numpy 2.4)."""
    from pyhf.tensor.numpy_backend import numpy_backend

    def percentile(self, tensor_in, q, axis=None, interpolation="linear"):  # type: ignore[no-untyped-def]
        return np.percentile(tensor_in, q, axis=axis, method=interpolation)

    numpy_backend.percentile = percentile  # type: ignore[method-assign]


def pyhf_model(model: OnOffModel, data: np.ndarray) -> tuple[pyhf.Model, list[float]]:
    """HistFactory ON/OFF model equivalent to ``model`` and the observed data in pyhf order."""
    t_on, t_off = model.exposure_on, model.exposure_off
    bkg_mod = [{"name": "b", "type": "shapefactor", "data": None}]
    spec = {
        "channels": [
            {
                "name": "on",
                "samples": [
                    {
                        "name": "signal",
                        "data": (t_on * model.signal_per_kappa).tolist(),
                        "modifiers": [{"name": "mu", "type": "normfactor", "data": None}],
                    },
                    {"name": "sm", "data": (t_on * model.sm_on).tolist(), "modifiers": []},
                    {
                        "name": "background",
                        "data": (t_on * model.background).tolist(),
                        "modifiers": bkg_mod,
                    },
                ],
            },
            {
                "name": "off",
                "samples": [
                    {
                        "name": "background",
                        "data": (t_off * model.background).tolist(),
                        "modifiers": bkg_mod,
                    }
                ],
            },
        ]
    }
    pdf = pyhf.Model(spec, poi_name="mu")
    nb = model.nbins
    by_channel = {"on": data[:nb], "off": data[nb:]}
    obs = [float(x) for ch in pdf.config.channels for x in by_channel[ch]]
    return pdf, obs + list(pdf.config.auxdata)


def binomial_cls_error(clsb: float, clb: float, n: int) -> float:
    """Toy (binomial) standard error of CLs = CLs+b/CL_b with n toys in each family."""
    if clb <= 0.0:
        return float("nan")
    var_sb = clsb * (1 - clsb) / n
    var_b = clb * (1 - clb) / n
    cls = clsb / clb
    return cls * float(np.sqrt(var_sb / max(clsb, 1.0 / n) ** 2 + var_b / clb**2))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3, help="munu runs (seeds 0..N-1)")
    parser.add_argument("--toys", type=int, default=10_000, help="toys per grid point")
    parser.add_argument("--points", type=int, default=100, help="κ grid points on [0, 3]")
    parser.add_argument("--pyhf-points", type=float, nargs="+", default=[2.0, 2.6])
    parser.add_argument("--pyhf-toys", type=int, default=100)
    args = parser.parse_args()
    _patch_percentile()
    pyhf.set_backend("numpy")

    model, data = make_model()
    grid = np.linspace(0.0, 3.0, args.points)

    # ---------------------------------------------------------------- same q̃ on the data
    pdf, obs = pyhf_model(model, data)
    init = pdf.config.suggested_init()
    bounds = pdf.config.suggested_bounds()
    fixed = pdf.config.suggested_fixed()
    fit = model.fit(data)
    print("q̃_μ on the observed data (pyhf vs munu):")
    max_dq = 0.0
    for mu in (0.5, 1.0, 2.0, 3.0):
        q_pyhf = float(pyhf.infer.test_statistics.qmu_tilde(mu, obs, pdf, init, bounds, fixed))
        q_munu = float(2.0 * (model.profile(mu, data).nll[0] - fit.nll[0]))
        max_dq = max(max_dq, abs(q_pyhf - q_munu))
        print(f"  μ = {mu}: {q_pyhf:.6f} vs {q_munu:.6f}")
    sys.stdout.flush()

    # ---------------------------------------------------------------- munu
    times, limits, results = [], [], []
    for r in range(args.repeats):
        t0 = time.perf_counter()
        res = toy_cls_upper_limit(model, data, grid, n_toys=args.toys, seed=r)
        times.append(time.perf_counter() - t0)
        limits.append(res.limit)
        results.append(res)
        print(f"munu run {r} (seed {r}): {times[-1]:.2f} s, {res!r}", flush=True)
    med = statistics.median(times)
    lim_mean = float(np.mean(limits))
    lim_sd = float(np.std(limits, ddof=1)) if len(limits) > 1 else float("nan")
    cls_munu = np.mean([res.critical_values for res in results], axis=0)  # CLs on the grid

    # ---------------------------------------------------------------- pyhf
    t0 = time.perf_counter()
    pyhf.infer.hypotest(1.0, obs, pdf, calctype="asymptotics", test_stat="qtilde")
    overhead = time.perf_counter() - t0
    py_cls, py_err, py_times = [], [], []
    for i, mu in enumerate(args.pyhf_points):
        # the numpy backend samples toys with numpy's global state
        np.random.seed(1000 + i)  # noqa: NPY002
        t0 = time.perf_counter()
        cls, (clsb, clb) = pyhf.infer.hypotest(
            mu,
            obs,
            pdf,
            calctype="toybased",
            ntoys=args.pyhf_toys,
            test_stat="qtilde",
            return_tail_probs=True,
            track_progress=False,
        )
        py_times.append(time.perf_counter() - t0)
        py_cls.append(float(cls))
        py_err.append(binomial_cls_error(float(clsb), float(clb), args.pyhf_toys))
        print(
            f"pyhf μ = {mu}: CLs = {float(cls):.3f} ± {py_err[-1]:.3f} (CLs+b {float(clsb):.3f},"
            f" CL_b {float(clb):.3f}), {py_times[-1]:.1f} s for {args.pyhf_toys} toys",
            flush=True,
        )
    per_toy = max(statistics.mean(py_times) - overhead, 0.0) / args.pyhf_toys
    pyhf_point_full = overhead + per_toy * args.toys
    pyhf_full = args.points * pyhf_point_full

    # ---------------------------------------------------------------- agreement
    pts = np.array(args.pyhf_points)
    munu_at = np.interp(pts, grid, cls_munu)
    # toy error of munu's seed-averaged CLs: seed-to-seed spread / √repeats
    spread = np.std([res.critical_values for res in results], axis=0, ddof=1)
    munu_err = np.interp(pts, grid, spread) / np.sqrt(args.repeats)
    pulls = (np.array(py_cls) - munu_at) / np.hypot(py_err, munu_err)
    lines = []
    if len(pts) >= 2 and py_cls[0] >= ALPHA > py_cls[-1]:
        j = int(np.nonzero(np.array(py_cls) < ALPHA)[0][0])
        x0, x1, y0, y1 = pts[j - 1], pts[j], py_cls[j - 1], py_cls[j]
        slope = (y1 - y0) / (x1 - x0)
        lim_pyhf = float(x0 + (ALPHA - y0) / slope)
        err_pyhf = float(np.hypot(py_err[j - 1], py_err[j]) / abs(slope))
        m0, m1 = np.interp([x0, x1], grid, cls_munu)
        lim_munu_same = float(x0 + (ALPHA - m0) * (x1 - x0) / (m1 - m0))
        lines.append(
            f"- limit with the same two-point interpolation between μ = {x0:g} and {x1:g}: "
            f"pyhf κ < {lim_pyhf:.2f} ± {err_pyhf:.2f} (toy error), munu κ < "
            f"{lim_munu_same:.3f}; difference {(lim_pyhf - lim_munu_same) / err_pyhf:+.1f} σ"
        )

    print()
    print("## Toy-based CLs versus pyhf")
    print()
    print(
        f"- machine: {os.cpu_count()} cores (nproc), {cpu_name()}, Python "
        f"{platform.python_version()}, numpy {np.__version__}, pyhf {pyhf.__version__} "
        "(numpy backend, scipy optimiser)"
    )
    print(
        "- command: `uv run --with pyhf python benchmarks/bench_cls_pyhf.py "
        f"--repeats {args.repeats} --toys {args.toys} --points {args.points} --pyhf-points "
        f"{' '.join(f'{p:g}' for p in args.pyhf_points)} --pyhf-toys {args.pyhf_toys}` "
        "(pyhf only in uv's ephemeral `--with` overlay; pyproject.toml/uv.lock untouched)"
    )
    print(
        f"- task: 90% CL CLs upper limit with q̃_μ, 40-bin ON/OFF model of bench_fc.py, "
        f"{args.points} κ points on [0, 3] × {args.toys} toys per point"
    )
    print(f"- same model: q̃_μ on the observed data agrees to {max_dq:.1e} (μ = 0.5, 1, 2, 3)")
    print(
        f"- munu `toy_cls_upper_limit`: median of {args.repeats} runs {med:.2f} s (runs: "
        f"{', '.join(f'{t:.2f}' for t in times)}); limits κ < "
        f"{', '.join(f'{x:.3f}' for x in limits)} (seeds 0..{args.repeats - 1}), "
        f"mean {lim_mean:.3f}, seed-to-seed sd {lim_sd:.3f}"
    )
    print(
        f"- pyhf `hypotest(calctype='toybased', test_stat='qtilde')`: {args.pyhf_toys} toys at "
        f"μ = {', '.join(f'{p:g}' for p in args.pyhf_points)}: "
        f"{', '.join(f'{t:.1f}' for t in py_times)} s; fixed part (observed fits, timed as one "
        f"asymptotic hypotest) {overhead:.2f} s, per toy (s+b and b-only, 2 fits each) "
        f"{per_toy:.2f} s; **extrapolated** to {args.toys} toys × {args.points} points: "
        f"{pyhf_full:.3g} s ({pyhf_full / 86400:.1f} days)"
    )
    print(
        f"- ratio (pyhf extrapolated / munu median): **{pyhf_full / med:.3g}×** "
        "(requirement ≥ 300×)"
    )
    for mu, c, e, m, me, pull in zip(pts, py_cls, py_err, munu_at, munu_err, pulls, strict=True):
        print(
            f"- CLs at μ = {mu:g}: pyhf {c:.3f} ± {e:.3f}, munu {m:.4f} ± {me:.4f} (mean of "
            f"{args.repeats} seeds); pull {pull:+.1f}"
        )
    for ln in lines:
        print(ln)


if __name__ == "__main__":
    main()
