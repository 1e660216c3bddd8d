"""Benchmark of the ν-energy fold (issue 16) and of the XENONnT solar spectrum (issue 13.9).

1. A 1,001-point ``Tabulated`` flux (the peer's Vogel–Engel ²³⁵U exp-polynomial on 0–10 MeV)
   at the peer's 1,000 recoil energies (1 keV–2 MeV) with ``munu.spectra.differential_rates``,
   against the vectorised 48-node log-mapped Gauss–Legendre fold ``rate_gauss_legendre`` of
   ``../shared/bench/w1_rate.py`` (imported by path at run time, never copied), timed
   interleaved in the same process (medians). Peak memory of the munu call from tracemalloc
   in a fresh subprocess. Accuracy against nested scipy ``quad`` (split at every table point)
   on 12 recoil energies.
2. The solar spectrum of the XENONnT card set-up (Solar(), Xe 1 t stepping, 1–30 keV in 1-keV
   bins, σ² = 0.31² E + 0.0037² E², the SR0 total efficiency, 423.69 d), computed from
   scratch in fresh subprocesses (first call, no spectrum cache): wall time and ru_maxrss.

Run:  uv run python benchmarks/bench_tabulated.py [--runs 9]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from _common import load_average

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MUNU_SHARED", ROOT.parent / "shared"))
PEER = SHARED / "bench" / "w1_rate.py"

_MEM = """
import tracemalloc, resource, numpy as np, json
from munu.sources.tabulated import Tabulated
from munu.detectors import Target
from munu.spectra import differential_rates
e = np.linspace(0.0, 10.0, 1001)
src = Tabulated(e, np.exp(0.870 - 0.160 * e - 0.0910 * e * e), "nuebar")
tracemalloc.start()
differential_rates(src, Target("Ge", 1.0, "free"), np.linspace(1e-3, 2.0, 1000) * 1e3)
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"peak_mb": peak / 1e6,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3}))
"""

_SOLAR = """
import time, resource, json, os, numpy as np
os.environ["MUNU_CACHE"] = "0"
from munu.sources.solar import Solar
from munu.detectors import Target, Response, Resolution
from munu.spectra import expected_spectrum, Exposure
d = np.loadtxt(os.environ["XENON_EFF"])
eff = lambda e: np.interp(e, d[:, 0], d[:, 1])
resp = Response(threshold_kev=1.0, resolution=Resolution(b_kev=0.31**2, c=0.0037**2),
                efficiency=eff)
t0 = time.perf_counter()
s = expected_spectrum(Solar(), Target("Xe", 1000.0, binding="stepping"), resp,
                      np.arange(1.0, 31.0, 1.0), Exposure(423.69))
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3,
                  "magnetic_1e-11": float(s.magnetic_counts(1e-11).sum()),
                  "weak": float(s.weak.sum())}))
"""


def _peer():
    spec = importlib.util.spec_from_file_location("w1_rate", PEER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _quad_reference(e_tab, phi, t_mev):  # type: ignore[no-untyped-def]
    from scipy import integrate

    from munu.interactions import electron as el

    def flux(e: float) -> float:
        return float(np.interp(e, e_tab, phi))

    out = []
    for t in t_mev:
        e_min = float(el.enu_min_mev(t))
        pts = [p for p in e_tab if e_min < p < 10.0]
        kw = {"points": pts, "limit": 5000, "epsrel": 1e-11, "epsabs": 0}
        w = integrate.quad(
            lambda e, t=t: flux(e) * float(el.dsigma_dt_weak(t, e, "nuebar")), e_min, 10.0, **kw
        )[0]
        m = integrate.quad(
            lambda e, t=t: flux(e) * float(el.dsigma_dt_magnetic(t, e, 1.0)), e_min, 10.0, **kw
        )[0]
        out.append((w, m))
    return np.array(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--solar-runs", type=int, default=3)
    args = parser.parse_args()
    if not PEER.exists():
        print(f"peer benchmark {PEER} not found (set MUNU_SHARED)")
        return 2
    from munu.detectors import Target
    from munu.sources.tabulated import Tabulated
    from munu.spectra import differential_rates
    from munu.units import DAY_S

    w1 = _peer()
    e_tab = np.linspace(0.0, 10.0, 1001)
    phi = np.exp(w1.A0 + w1.A1 * e_tab + w1.A2 * e_tab * e_tab)
    src = Tabulated(e_tab, phi, "nuebar")
    target = Target("Ge", 1.0, "free")
    t_kev = w1.T * 1e3

    def peer_table() -> np.ndarray:  # the peer's rule with the same flux as the table
        orig = w1.f_vec

        def f_tab(e, t):  # type: ignore[no-untyped-def]
            return orig(e, t) / np.exp(w1.A0 + w1.A1 * e + w1.A2 * e * e) * np.interp(e, e_tab, phi)

        w1.f_vec = f_tab
        try:
            return w1.rate_gauss_legendre()
        finally:
            w1.f_vec = orig

    differential_rates(src, target, t_kev)
    w1.rate_gauss_legendre()
    t_munu, t_peer, t_peer_tab = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        w1.rate_gauss_legendre()
        t1 = time.perf_counter()
        w, m = differential_rates(src, target, t_kev)
        t2 = time.perf_counter()
        peer_table()
        t3 = time.perf_counter()
        t_peer.append(t1 - t0)
        t_munu.append(t2 - t1)
        t_peer_tab.append(t3 - t2)
    med = {
        k: statistics.median(v)
        for k, v in {"munu": t_munu, "peer": t_peer, "peer_table": t_peer_tab}.items()
    }
    idx = np.unique(np.r_[np.linspace(0, 999, 11).astype(int), 1])
    ref = _quad_reference(e_tab, phi, w1.T[idx])
    n_act = target.active_electrons_per_kg(w1.T[idx])
    per = DAY_S * 1e-3 * n_act
    rel_w = float(np.max(np.abs(w[idx] / (ref[:, 0] * per) - 1.0)))
    rel_m = float(np.max(np.abs(m[idx] / (ref[:, 1] * per) - 1.0)))
    mem = json.loads(
        subprocess.run(
            [sys.executable, "-c", _MEM], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"load average before: {load_average()}")
    print(
        f"1,001-point Tabulated at 1,000 recoil energies ({args.runs} interleaved runs, medians):"
    )
    print(
        f"  munu differential_rates     {med['munu'] * 1e3:8.2f} ms  runs "
        + ", ".join(f"{x * 1e3:.1f}" for x in t_munu)
    )
    print(f"  peer GL-48 log (analytic)   {med['peer'] * 1e3:8.2f} ms")
    print(f"  peer GL-48 log (table flux) {med['peer_table'] * 1e3:8.2f} ms")
    print(
        f"  ratio munu / peer analytic {med['munu'] / med['peer']:.2f}, "
        f"/ peer table {med['munu'] / med['peer_table']:.2f} (target <= 2)"
    )
    print(f"  accuracy vs nested quad on {idx.size} T: weak {rel_w:.1e}, magnetic {rel_m:.1e}")
    print(
        f"  memory: tracemalloc peak {mem['peak_mb']:.1f} MB, "
        f"process maxrss {mem['maxrss_mb']:.0f} MB (target <= 500 MB)"
    )
    eff = SHARED / "data" / "xenonnt-sr0" / "efficiency.txt"
    if eff.exists():
        runs = []
        for _ in range(args.solar_runs):
            out = subprocess.run(
                [sys.executable, "-c", _SOLAR],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "XENON_EFF": str(eff)},
            ).stdout
            runs.append(json.loads(out))
        secs = [r["seconds"] for r in runs]
        print(
            f"XENONnT solar spectrum (fresh process, no cache): median "
            f"{statistics.median(secs):.2f} s (runs "
            + ", ".join(f"{s:.2f}" for s in secs)
            + f"), maxrss {max(r['maxrss_mb'] for r in runs):.0f} MB (target <= 2 s, 500 MB)"
        )
        print(
            f"  weak {runs[0]['weak']:.4f} counts, magnetic at 1e-11: "
            f"{runs[0]['magnetic_1e-11']:.4f} counts"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
