"""Toy summaries (bounded memory, identical numbers) and the toy loop's allocator settings."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.parallel import RunStore
from munu.stats import OnOffModel
from munu.stats import toys as toys_mod
from munu.stats.limits import critical_values
from munu.stats.toys import (
    quantile_index,
    tail_quantile,
    toy_statistics,
    toy_summaries,
    upper_tail,
)


@pytest.fixture(scope="module")
def model():
    nb = 5
    e = np.linspace(1.0, 10.0, nb)
    return OnOffModel(2.0 / e, np.full(nb, 0.5), 1.0, 0.5, background=np.full(nb, 20.0))


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 400),
    level=st.sampled_from([0.5, 0.68, 0.9, 0.95, 0.99]),
    cuts=st.lists(st.integers(0, 400), max_size=5),
    seed=st.integers(0, 2**16),
)
def test_tail_quantile_is_numpys_order_statistic(n, level, cuts, seed):
    """The quantile from per-part upper tails equals np.quantile(inverted_cdf) of all values,
    for any split of the values into parts (ties included: values drawn from few levels)."""
    values = np.random.default_rng(seed).integers(0, 7, size=n).astype(float)
    r = n - quantile_index(n, level)
    edges = sorted({0, n, *(c for c in cuts if c < n)})
    parts = [upper_tail(values[a:b], r) for a, b in itertools.pairwise(edges)]
    assert tail_quantile(parts, n, level) == np.quantile(values, level, method="inverted_cdf")


@pytest.mark.parametrize("chunk_elements", [200_000, 2_000])
def test_summaries_equal_reductions_of_all_toys(model, chunk_elements):
    """Per-toy reductions see exactly the first n_toys toys of each point, in toy order."""
    grid = np.array([0.0, 1.0, 3.0])
    nuis = np.broadcast_to(model.nominal_nuisances, (3, model.nominal_nuisances.size)).copy()
    args = (model, grid, nuis, grid[:, None], 1234, 7)
    t, k = toy_statistics(*args)
    seen = toy_summaries(
        *args,
        lambda j, tt, kk: np.vstack([tt, kk[None, :]]),
        lambda j, parts: np.concatenate(parts, axis=1),
        chunk_elements=chunk_elements,
    )
    for j in range(3):
        assert np.array_equal(seen[j][0], t[j, 0])
        assert np.array_equal(seen[j][1], k[j])


def test_critical_values_identical_resumed_and_threaded(model, tmp_path):
    """FC critical values from tails equal the quantile of all toys, serially, with threads
    and from a run directory written by toy_statistics (same chunks) then reloaded."""
    grid = np.linspace(0.0, 4.0, 4)
    nuis = np.broadcast_to(model.nominal_nuisances, (4, model.nominal_nuisances.size)).copy()
    t, _ = toy_statistics(model, grid, nuis, grid[:, None], 1700, 3)
    expected = np.quantile(t[:, 0], 0.9, axis=1, method="inverted_cdf")
    assert np.array_equal(critical_values(model, grid, nuis, 1700, 0.9, 3), expected)
    keep = 1700 - quantile_index(1700, 0.9)
    threaded = toy_summaries(
        *(model, grid, nuis, grid[:, None], 1700, 3),
        lambda j, tt, kk: upper_tail(tt[0], keep),
        lambda j, parts: tail_quantile(parts, 1700, 0.9),
        workers=2,
        chunk_elements=4_000,
    )
    assert np.array_equal(threaded, expected)
    store = RunStore(tmp_path / "run", {"job": "crit"})
    toy_statistics(model, grid, nuis, grid[:, None], 1700, 3, store=store)
    resumed = critical_values(model, grid, nuis, 1700, 0.9, 3, store=store)
    assert np.array_equal(resumed, expected)


def test_summaries_hold_only_points_in_flight(model, monkeypatch):
    """Serially, a point is reduced as soon as its toys are in: per_point of point j runs
    before any toy of point j + 1 is drawn (memory does not grow with points × toys)."""
    events: list[tuple[str, int]] = []
    original = toys_mod._toy_blocks

    def spy(mdl, means, kappa_test, seed, stream, blocks, *rest):
        events.append(("draw", blocks[-1][0]))
        return original(mdl, means, kappa_test, seed, stream, blocks, *rest)

    monkeypatch.setattr(toys_mod, "_toy_blocks", spy)
    grid = np.array([0.0, 1.0, 2.0])
    nuis = np.broadcast_to(model.nominal_nuisances, (3, model.nominal_nuisances.size)).copy()
    toy_summaries(
        model,
        grid,
        nuis,
        grid[:, None],
        1500,
        1,
        lambda j, t, k: t.shape[1],
        lambda j, parts: events.append(("reduce", j)),
        chunk_elements=5_000,
    )
    for j in range(2):
        assert events.index(("reduce", j)) < events.index(("draw", j + 1))


def test_allocator_settings_glibc_only(monkeypatch):
    monkeypatch.setattr(toys_mod, "_settled", (0, 0))
    monkeypatch.setattr(toys_mod, "_mallopt", lambda: None)
    assert toys_mod._settle_allocator(200_000) is False
    monkeypatch.undo()
    if toys_mod._mallopt() is None:
        pytest.skip("not glibc")
    assert toys_mod._settle_allocator(200_000) is True
    mmap, trim = toys_mod._settled
    assert mmap >= 4 * 8 * 200_000
    assert trim >= 4 * mmap
    assert toys_mod._settle_allocator(10**9) is True  # capped at what glibc accepts
    assert toys_mod._settled[0] == toys_mod._MMAP_THRESHOLD_MAX


CHILD = """
import json, resource, numpy as np
from munu.stats import OnOffModel
from munu.stats.toys import toy_statistics
nb = 40
e = np.linspace(1.0, 10.0, nb)
m = OnOffModel(2.0 / e, np.full(nb, 0.5), 1.0, 0.5, background=np.full(nb, 20.0))
grid = np.linspace(0.0, 3.0, 4)
nuis = np.broadcast_to(m.nominal_nuisances, (4, m.nominal_nuisances.size)).copy()
toy_statistics(m, grid, nuis, grid[:, None], 5000, 1)  # warm
f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
toy_statistics(m, grid, nuis, grid[:, None], 5000, 2)
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0))
"""


def test_toys_do_not_fault_under_dask_malloc_environment():
    """Under dask's MALLOC_TRIM_THRESHOLD_=65536 the toy loop reuses its heap (issue 16: 1.2 M
    page faults instead of 4 k made toys 4× slower on dask workers). 2×10⁴ toys of a 40-bin
    model allocate ~300 chunk temporaries of ~1.6 MB: freshly mmapped, they would fault
    ~10⁵ pages; reused, a few hundred (the bound leaves a 10× margin)."""
    if toys_mod._mallopt() is None:
        pytest.skip("not glibc")
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
    )
    faults = json.loads(out.stdout.strip().splitlines()[-1])
    assert faults < 10_000, faults


@pytest.mark.parametrize("bad", [0, -3, 2.5, "100", True, None])
def test_bad_toy_counts_are_input_errors(model, bad):
    from munu.errors import InputError

    grid = np.array([0.0, 1.0])
    nuis = np.broadcast_to(model.nominal_nuisances, (2, model.nominal_nuisances.size)).copy()
    with pytest.raises(InputError, match="n_toys"):
        critical_values(model, grid, nuis, bad, 0.9, 1)
    with pytest.raises(InputError, match="n_toys"):
        toy_statistics(model, grid, nuis, grid[:, None], bad, 1)
