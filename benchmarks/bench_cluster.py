"""Benchmark: a real dask cluster (``dask scheduler`` + 2 × ``dask worker``) against serial.

The recipe of docs/cli.md ("A real cluster"), on loopback: one ``dask scheduler`` process and
``--workers`` ``dask worker`` processes (one worker process, one thread each, started through
dask's nanny, which sets ``MALLOC_TRIM_THRESHOLD_=65536`` in the worker), then the FC upper limit
of ``bench_fc.make_model`` (``--points`` κ points × ``--toys`` toys, 10⁶ by default) with
``--scheduler tcp://127.0.0.1:PORT`` semantics (:func:`munu.parallel.open_executor` with the
address, its default small-job rule included) and serially in this process, alternating,
``--repeats`` times each. The cluster's start-up is timed separately (not in the toy rate);
the first cluster run also ships munu's imports to the workers and is reported apart (warm-up).
The limits must be bit-identical.

Run: ``uv run python benchmarks/bench_cluster.py [--repeats N] [--toys N] [--points N]
[--workers N] [--worker-profiler off|on] [--write]``; ``--write`` replaces the section
"## Real dask cluster (dask scheduler + dask worker)" of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from munu.parallel import open_executor
from munu.stats import fc_upper_limit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cpu_name, load_average, write_section
from bench_fc import make_model

SECTION = "## Real dask cluster (dask scheduler + dask worker)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--toys", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--worker-profiler",
        choices=("off", "on"),
        default="off",
        help="dask's statistical profiler in the workers (off in the docs/cli.md recipe)",
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    model, data = make_model()
    grid = np.linspace(0.0, 3.0, args.points)
    n_total = args.points * args.toys
    dask_bin = str(Path(sys.executable).with_name("dask"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs: list[subprocess.Popen[bytes]] = []
    load0 = load_average()
    t0 = time.perf_counter()
    try:
        procs.append(
            subprocess.Popen(
                [
                    dask_bin,
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-dashboard",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        worker_env = dict(os.environ)
        if args.worker_profiler == "off":
            # the recipe of docs/cli.md: dask samples every worker thread's stack every 10 ms
            # by default, ~6 % of a toy task's CPU
            worker_env["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] = "False"
        for _ in range(args.workers):
            procs.append(
                subprocess.Popen(
                    [
                        dask_bin,
                        "worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=worker_env,
                )
            )
        from distributed import Client

        with Client(address, timeout="60s") as probe:
            probe.wait_for_workers(args.workers, timeout=120)
        startup = time.perf_counter() - t0

        cpu: dict[str, list[float]] = {"serial": [], "cluster": []}

        def worker_cpu(executor: object) -> float:
            client = executor._dask.client  # type: ignore[attr-defined]
            return float(sum(client.run(time.process_time).values()))

        def run(executor: object) -> tuple[float, float]:
            c0 = time.process_time() if executor is None else worker_cpu(executor)
            start = time.perf_counter()
            res = fc_upper_limit(model, data, grid, n_toys=args.toys, seed=42, executor=executor)
            dt = time.perf_counter() - start
            c1 = time.process_time() if executor is None else worker_cpu(executor)
            cpu["serial" if executor is None else "cluster"].append(c1 - c0)
            return dt, res.limit

        serial_t: list[float] = []
        dask_t: list[float] = []
        limits: set[float] = set()
        # min_seconds=0: every run on the cluster (the default rule would move a job this size
        # to the cluster after its first task anyway)
        with open_executor(address, min_seconds=0) as cluster:
            warm, lim = run(cluster)
            cpu["cluster"].clear()
            limits.add(lim)
            print(f"warm-up {address}: {warm:.2f} s")
            for r in range(args.repeats):
                for name, ex, times in (("serial", None, serial_t), ("cluster", cluster, dask_t)):
                    dt, lim = run(ex)
                    times.append(dt)
                    limits.add(lim)
                    print(f"run {r} {name}: {dt:.2f} s, {n_total / dt:.0f} toys/s, κ < {lim:.6g}")
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    s_med, d_med = statistics.median(serial_t), statistics.median(dask_t)
    lines = [
        SECTION,
        "",
        f"FC upper limit, 40-bin ON/OFF model (`bench_fc.make_model`), {args.points} κ points × "
        f"{args.toys} toys ({n_total:.0e} toys), seed 42; serial in the client process versus "
        f"`dask scheduler` + {args.workers} × `dask worker --nworkers 1 --nthreads 1` (nanny "
        "included, so the workers run with `MALLOC_TRIM_THRESHOLD_=65536`; dask's worker "
        f"profiler {args.worker_profiler}), all on loopback, "
        "through `open_executor('tcp://127.0.0.1:PORT', min_seconds=0)` (the `--scheduler` "
        "path, every task on the cluster).",
        "",
        f"- machine: {os.cpu_count()} cores (nproc), {cpu_name()}, "
        f"Python {platform.python_version()}",
        f"- command: `uv run python benchmarks/bench_cluster.py --repeats {args.repeats} "
        f"--toys {args.toys} --points {args.points} --workers {args.workers} "
        f"--worker-profiler {args.worker_profiler}`",
        f"- serial: median of {args.repeats} runs {s_med:.2f} s = **{n_total / s_med:.0f} "
        f"toys/s** (runs: {', '.join(f'{t:.2f}' for t in serial_t)} s)",
        f"- cluster: median of {args.repeats} runs {d_med:.2f} s = **{n_total / d_med:.0f} "
        f"toys/s** (runs: {', '.join(f'{t:.2f}' for t in dask_t)} s); first (warm-up) run "
        f"{warm:.2f} s; scheduler + workers up in {startup:.1f} s, not included",
        f"- speed-up **{s_med / d_med:.2f}×** serial (requirement ≥ 1.5×)",
        "- CPU seconds of the toys (medians): serial process "
        f"{statistics.median(cpu['serial']):.2f} s, the {args.workers} workers together "
        f"{statistics.median(cpu['cluster']):.2f} s: the "
        "work per toy on a dask worker against a plain process (equal when the allocator and "
        "task overheads do not cost; the wall-time ratio then reflects the cores munu got)",
        f"- limits identical in every run and configuration: {len(limits) == 1} "
        f"(κ < {min(limits):.6g})",
        f"- load average (1, 5, 15 min) before / after: {load0} / {load_average()} "
        "(a shared machine: "
        "other jobs make both timings upper bounds and the ratio noisy)",
        "",
    ]
    block = "\n".join(lines)
    print(block)
    if args.write:
        path = write_section(SECTION, block)
        print(f"written to {path}")


if __name__ == "__main__":
    main()
