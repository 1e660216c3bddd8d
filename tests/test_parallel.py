"""Tests of munu.parallel: serial vs dask results, resumable runs, refused run directories."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from munu.errors import DataError, InputError, MunuError
from munu.parallel import (
    RunStore,
    Throughput,
    array_digest,
    open_executor,
    parse_scheduler,
    run_chunks,
)
from munu.stats import OnOffModel, expected_sensitivity, fc_upper_limit, toy_cls_upper_limit
from munu.stats import toys as toys_mod
from munu.stats.toys import TASK_MIN_BLOCKS, TOYS_PER_BLOCK, task_blocks, toy_statistics

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def model_data():
    nb = 6
    e = np.linspace(1.0, 10.0, nb)
    model = OnOffModel(2.0 / e, np.full(nb, 0.5), 1.0, 0.5, background=np.full(nb, 20.0))
    data = model.sample(0.0, 1, np.random.default_rng(11))[0]
    return model, data


GRID = np.linspace(0.0, 12.0, 13)


@pytest.fixture(scope="module")
def cluster():
    """A 2-worker LocalCluster with thread workers (fast to start, robust in CI)."""
    with open_executor("local:2", processes=False, min_seconds=0) as ex:
        yield ex


# ---------------------------------------------------------------- scheduler specifications


@pytest.mark.parametrize(
    ("spec", "kind", "n", "addr"),
    [
        (None, "serial", 0, ""),
        ("serial", "serial", 0, ""),
        ("local:3", "local", 3, ""),
        ("tcp://10.0.0.1:8786", "remote", 0, "tcp://10.0.0.1:8786"),
    ],
)
def test_parse_scheduler(spec, kind, n, addr):
    s = parse_scheduler(spec)
    assert (s.kind, s.n_workers, s.address) == (kind, n, addr)


@pytest.mark.parametrize("spec", ["local:0", "local", "cluster", "http://x", 3])
def test_parse_scheduler_rejects(spec):
    with pytest.raises(InputError, match="scheduler"):
        parse_scheduler(spec)


def test_missing_dask_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MunuError, match=r"munu\[distributed\]"), open_executor("local:2"):
        pass


# ---------------------------------------------------------------- identical numbers


def test_fc_limit_identical_serial_and_cluster(model_data, cluster):
    model, data = model_data
    serial = fc_upper_limit(model, data, GRID, n_toys=1100, seed=5)
    dist = fc_upper_limit(model, data, GRID, n_toys=1100, seed=5, executor=cluster)
    assert np.array_equal(serial.critical_values, dist.critical_values)
    assert serial.limit == dist.limit


def test_toy_statistics_identical_whatever_the_chunking(model_data, cluster):
    """Coverage-style numbers: every toy's t and κ̂ are bit-identical serial vs cluster."""
    model, _ = model_data
    nuis = np.broadcast_to(model.nominal_nuisances, (GRID.size, model.nominal_nuisances.size))
    args = (model, GRID, np.array(nuis), GRID[:, None], 1300, 8)
    t0, k0 = toy_statistics(*args)
    t1, k1 = toy_statistics(*args, executor=cluster, chunk_elements=3_000)
    assert np.array_equal(t0, t1)
    assert np.array_equal(k0, k1)
    # a coverage-style number: fraction of toys whose t stays below its point's 90 % quantile
    crit = np.quantile(t0[:, 0], 0.9, axis=1, method="inverted_cdf")
    cov0 = np.mean(t0[:, 0] <= crit[:, None], axis=1)
    cov1 = np.mean(t1[:, 0] <= crit[:, None], axis=1)
    assert np.array_equal(cov0, cov1)
    assert np.all(cov0 >= 0.9)


def test_cls_and_sensitivity_identical_on_cluster(model_data, cluster):
    model, data = model_data
    a = toy_cls_upper_limit(model, data, GRID, n_toys=600, seed=3)
    b = toy_cls_upper_limit(model, data, GRID, n_toys=600, seed=3, executor=cluster)
    assert np.array_equal(a.critical_values, b.critical_values)
    grid = np.linspace(0.0, 30.0, 16)
    s0 = expected_sensitivity(model, method="toys", kappa_grid=grid, n_toys=300, seed=2)
    s1 = expected_sensitivity(
        model, method="toys", kappa_grid=grid, n_toys=300, seed=2, executor=cluster
    )
    assert np.array_equal(s0.limits, s1.limits)


# ---------------------------------------------------------------- resumable runs


class _Counter:
    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return self.func(*args)


def _identity(seed=5):
    return {"job": "test", "seed": seed, "grid": array_digest(GRID)}


def _n_chunks(n_toys: int) -> int:
    """Tasks of a resumable run: runs of ``task_blocks`` consecutive blocks in (point, block)
    order, spanning points."""
    total = GRID.size * -(-n_toys // TOYS_PER_BLOCK)
    return -(-total // toys_mod.task_blocks(total))


def test_killed_run_resumes_without_recomputing(model_data, tmp_path, monkeypatch):
    model, data = model_data
    n_toys = 1200  # 3 blocks per point
    reference = fc_upper_limit(model, data, GRID, n_toys=n_toys, seed=5)
    counter = _Counter(toys_mod._toy_blocks)
    monkeypatch.setattr(toys_mod, "_toy_blocks", counter)
    monkeypatch.setattr(toys_mod, "TASK_MIN_BLOCKS", 2)  # tasks of 2 blocks, across points
    monkeypatch.setattr(toys_mod, "TASK_MAX_BLOCKS", 2)

    class Killed(RuntimeError):
        pass

    calls = []

    def killer(done, total):
        calls.append(done)
        if len(calls) > 7:  # the first call reports resumed work; then 7 chunks finish
            raise Killed

    store = RunStore(tmp_path / "run", _identity())
    with pytest.raises(Killed):
        fc_upper_limit(
            model, data, GRID, n_toys=n_toys, seed=5, chunk_elements=1, progress=killer, store=store
        )
    finished = len(store.finished())
    assert finished == 7 == counter.calls
    counter.calls = 0
    store = RunStore(tmp_path / "run", _identity())
    resumed = fc_upper_limit(
        model, data, GRID, n_toys=n_toys, seed=5, chunk_elements=1, store=store
    )
    assert counter.calls == _n_chunks(n_toys) - finished
    assert np.array_equal(resumed.critical_values, reference.critical_values)
    assert resumed.limit == reference.limit
    # a third run computes nothing
    counter.calls = 0
    again = fc_upper_limit(model, data, GRID, n_toys=n_toys, seed=5, chunk_elements=1, store=store)
    assert counter.calls == 0
    assert again.limit == reference.limit


def test_deleted_chunks_are_recomputed(model_data, tmp_path, monkeypatch, cluster):
    model, data = model_data
    monkeypatch.setattr(toys_mod, "TASK_MIN_BLOCKS", 1)  # one task per block
    monkeypatch.setattr(toys_mod, "TASK_MAX_BLOCKS", 1)
    store = RunStore(tmp_path / "run", _identity())
    first = fc_upper_limit(
        model, data, GRID, n_toys=700, seed=5, chunk_elements=1, store=store, executor=cluster
    )
    keys = store.finished()
    for key in keys[:3]:
        (store.directory / "chunks" / f"{key}.npy").unlink()
    counter = _Counter(toys_mod._toy_blocks)
    monkeypatch.setattr(toys_mod, "_toy_blocks", counter)
    second = fc_upper_limit(model, data, GRID, n_toys=700, seed=5, chunk_elements=1, store=store)
    assert counter.calls == 3
    assert np.array_equal(first.critical_values, second.critical_values)


def test_corrupt_chunk_is_refused(model_data, tmp_path):
    model, data = model_data
    store = RunStore(tmp_path / "run", _identity())
    fc_upper_limit(model, data, GRID, n_toys=500, seed=5, store=store)
    path = store.directory / "chunks" / f"{store.finished()[0]}.npy"
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="corrupt"):
        fc_upper_limit(model, data, GRID, n_toys=500, seed=5, store=store)
    path.write_bytes(bytes(raw[:40]))  # truncated
    with pytest.raises(DataError, match="corrupt"):
        fc_upper_limit(model, data, GRID, n_toys=500, seed=5, store=store)


def test_chunk_of_wrong_shape_is_refused(tmp_path):
    store = RunStore(tmp_path / "r", {"job": "x"})
    store.save("a", np.zeros(3))
    out = run_chunks(np.zeros, [("a", (5,))], store=store)
    assert out[0].shape == (3,)  # run_chunks returns what was stored ...
    model = OnOffModel([1.0], [0.1], 1.0, 1.0, background=[1.0])
    store2 = RunStore(tmp_path / "r2", {"job": "y"})
    store2.save("s0_p0_b0-p0_b0", np.zeros((1, 2, 7)))
    with pytest.raises(DataError, match="does not belong"):  # ... and the caller checks it
        toy_statistics(model, np.zeros(1), np.ones((1, 1)), np.zeros((1, 1)), 10, 0, store=store2)


def test_foreign_run_directory_is_refused(tmp_path):
    RunStore(tmp_path / "run", _identity(seed=5))
    with pytest.raises(InputError, match="seed"):
        RunStore(tmp_path / "run", _identity(seed=6))
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["identity"]["seed"] == 5
    assert "munu_version" in manifest["identity"]
    other = tmp_path / "not-a-run"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="resume"):
        RunStore(other, _identity())


def test_run_chunks_progress_and_order(cluster):
    seen = []
    tp = Throughput(lambda d, t: seen.append((d, t)))
    out = run_chunks(
        np.full,
        [(f"c{i}", ((2,), i)) for i in range(5)],
        executor=cluster,
        progress=tp,
        weights=[1, 2, 3, 4, 5],
    )
    assert [int(a[0]) for a in out] == [0, 1, 2, 3, 4]
    assert seen[0] == (0, 15)
    assert seen[-1] == (15, 15)
    assert len(seen) == 6
    assert tp.computed == 15
    with pytest.raises(InputError, match="unique"):
        run_chunks(np.zeros, [("a", (1,)), ("a", (1,))])


def test_limit_from_card_resume_and_scheduler(tmp_path):
    from munu.experiments import load_card
    from munu.inference import limit_from_card, simulate_counts

    card = load_card("texono_ks_2003")
    data = simulate_counts(card, mu=0.0, seed=3)
    grid = np.linspace(0.0, 1.2e-19, 13)
    kw = {"method": "fc", "n_toys": 500, "seed": 4, "kappa_grid": grid}
    plain = limit_from_card(card, data, **kw)
    run = tmp_path / "run"
    first = limit_from_card(card, data, resume=run, **kw)
    second = limit_from_card(card, data, resume=run, **kw)
    assert plain.kappa_limit == first.kappa_limit == second.kappa_limit
    with pytest.raises(InputError, match="seed"):
        limit_from_card(card, data, resume=run, **{**kw, "seed": 5})


def test_throughput_counts_resumed_units(tmp_path):
    store = RunStore(tmp_path / "run", {"job": "tp"})
    tasks = [(f"c{i}", ((3,), float(i))) for i in range(4)]
    run_chunks(np.full, tasks[:2], store=store)
    tp = Throughput()
    out = run_chunks(np.full, tasks, store=store, progress=tp, weights=[5] * 4)
    assert [float(a[0]) for a in out] == [0.0, 1.0, 2.0, 3.0]
    assert (tp.resumed, tp.computed, tp.total) == (10, 10, 20)


def test_cli_limit_resume_and_scheduler_options(tmp_path):
    from typer.testing import CliRunner

    from munu.cli import app

    runner = CliRunner()
    data = tmp_path / "pseudo.csv"
    assert runner.invoke(app, ["simulate", "texono_ks_2003", "-o", str(data)]).exit_code == 0
    base = ["limit", "texono_ks_2003", "--data", str(data), "--toys", "300", "--json"]
    run = tmp_path / "run"
    first = runner.invoke(app, [*base, "--resume", str(run), "--scheduler", "serial"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, [*base, "--resume", str(run)])
    assert second.exit_code == 0, second.output
    assert json.loads(first.output) == json.loads(second.output)
    assert (run / "manifest.json").is_file()
    foreign = runner.invoke(app, [*base, "--resume", str(run), "--seed", "9"])
    assert foreign.exit_code == 2
    assert "differing fields: seed" in " ".join(foreign.output.split())
    bad = runner.invoke(app, [*base, "--scheduler", "cluster"])
    assert bad.exit_code == 2
    assert "scheduler" in bad.output


def test_tasks_spanning_many_blocks_match_serial(tmp_path):
    """A resumable run groups blocks into tasks of TASK_MIN_BLOCKS consecutive blocks (here
    33 blocks per point, so tasks span the two points, the last partial, each processed in
    memory chunks): t and κ̂ equal the plain serial path's bit for bit, and the run
    directory holds one chunk per task."""
    from munu.stats import CountingModel

    model = CountingModel(background=3.0, signal_per_kappa=2.0, background_sigma=0.5)
    n_toys = (TASK_MIN_BLOCKS + 1) * TOYS_PER_BLOCK - 7
    kappa = np.array([0.0, 1.5])
    nuis = np.full((2, 1), 3.0)
    test = np.array([[0.5, 2.0], [1.5, 3.0]])
    plain = toy_statistics(model, kappa, nuis, test, n_toys, 9)
    store = RunStore(tmp_path / "run", {"job": "many-blocks"})
    stored = toy_statistics(model, kappa, nuis, test, n_toys, 9, chunk_elements=5000, store=store)
    assert np.array_equal(plain[0], stored[0])
    assert np.array_equal(plain[1], stored[1])
    total = 2 * (TASK_MIN_BLOCKS + 1)
    assert task_blocks(total) == TASK_MIN_BLOCKS
    assert len(store.finished()) == -(-total // TASK_MIN_BLOCKS)


# ---------------------------------------------------------------- small jobs stay serial


def _sleepy(x: float) -> np.ndarray:
    import time

    time.sleep(0.02)
    return np.array([x])


def test_small_job_runs_serially_and_warns():
    """A job estimated below min_seconds never starts the cluster (issue 16: local:2 on a
    small job was 2.3× slower than serial); the numbers are those of the serial path."""
    from munu.errors import MunuWarning

    tasks = [(f"t{i}", (float(i),)) for i in range(5)]
    with open_executor("local:2", processes=False, min_seconds=60.0) as ex:
        out = run_chunks(_sleepy, tasks, executor=ex)
        assert not ex.started
        with pytest.warns(MunuWarning, match="ran serially"):
            ex.close()
    assert [a.tolist() for a in out] == [[float(i)] for i in range(5)]


def test_large_job_moves_to_the_cluster(monkeypatch):
    """Once the rest of the job is estimated above min_seconds, it is submitted to the
    cluster; chunks already computed serially are kept (results in task order)."""
    tasks = [(f"t{i}", (float(i),)) for i in range(6)]
    with open_executor("local:2", processes=False, min_seconds=0.05) as ex:
        assert not ex.started
        out = run_chunks(_sleepy, tasks, executor=ex)
        assert ex.started
        assert ex.serial_chunks < len(tasks)
    assert [a.tolist() for a in out] == [[float(i)] for i in range(6)]


@pytest.mark.parametrize("bad", [-1.0, "5", True, float("nan")])
def test_min_seconds_is_checked(bad):
    with pytest.raises(InputError, match="min_seconds"), open_executor("local:2", min_seconds=bad):
        pass


def test_remote_cluster_small_and_large_jobs():
    """An address is connected at once (a wrong one is an error even for a small job); its
    workers get a job only when it is large enough."""
    import distributed

    from munu.errors import MunuWarning

    tasks = [(f"t{i}", (float(i),)) for i in range(4)]
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as lc:
        with open_executor(lc.scheduler_address, min_seconds=60.0) as ex:
            small = run_chunks(_sleepy, tasks, executor=ex)
            assert not ex.started
            with pytest.warns(MunuWarning, match="ran serially"):
                ex.close()
        with open_executor(lc.scheduler_address, min_seconds=0.01) as ex:
            large = run_chunks(_sleepy, tasks, executor=ex)
            assert ex.started
    assert (
        [a.tolist() for a in small] == [a.tolist() for a in large] == [[0.0], [1.0], [2.0], [3.0]]
    )
