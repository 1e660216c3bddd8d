"""Reproducible, chunked toy generation and test-statistic evaluation.

Seeding: toys for grid point j come in blocks of :data:`TOYS_PER_BLOCK`; block k of
point j in toy family ``stream`` is drawn from
``numpy.random.default_rng(SeedSequence(seed, spawn_key=(stream, j, k)))``, which is exactly
``chunk_seeds(seed, n_streams)[stream].spawn(n_points)[j].spawn(n_blocks)[k]``. A toy's value
therefore depends only on (seed, j, k, position in block), never on how blocks are grouped into the
processing chunks that bound memory and feed the progress callback, so results are identical
whatever the chunk size and a finished chunk could be checkpointed and resumed.

Drawing and testing: the Poisson counts of a block come from one uniform each through the
point's tabulated cdf (:mod:`munu.stats._poisson`, built once per point and shared by its
blocks), Gaussian auxiliary measurements from the same block generator after them; the model's
``_toy_t`` then fits every toy of the chunk at once (closed-form or Newton profiles, no
minimiser per toy; :class:`~munu.stats.models.OnOffModel` has a fused version).

Example:
    >>> from munu.stats.toys import chunk_seeds
    >>> [s.spawn_key for s in chunk_seeds(7, 3)]
    [(0,), (1,), (2,)]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from munu.errors import DataError, InputError
from munu.parallel import iter_chunks
from munu.stats._poisson import PoissonTable, draw_poisson
from munu.stats.models import LinearModel

if TYPE_CHECKING:
    from munu.parallel import Executor, RunStore

__all__ = [
    "TOYS_PER_BLOCK",
    "TOY_SCHEME",
    "ProgressCallback",
    "check_n_toys",
    "chunk_seeds",
    "quantile_index",
    "tail_quantile",
    "task_blocks",
    "toy_statistics",
    "toy_summaries",
    "upper_tail",
]

#: Toys drawn from one seed; fixed so results do not depend on the processing chunk size.
TOYS_PER_BLOCK = 500
#: Version of the toy-drawing scheme (seeding, blocks, samplers). The same seed gives the
#: same toys within a scheme; 2 (munu 0.2): Poisson counts by guide-table inversion of one
#: uniform per count (:mod:`munu.stats._poisson`); 1 (munu 0.1): ``Generator.poisson``.
TOY_SCHEME = 2
#: Default bound on the number of array elements (rows × observables) processed at once.
#: 2×10⁵ float64 elements (five 500-toy blocks of a 40-bin ON/OFF model) ran fastest on the
#: benchmark machine: 1×10⁵ was ~10 % slower (more Python overhead per toy) and 4×10⁵ twice
#: as slow, its temporaries exceeding glibc's mmap threshold so that every allocation pays
#: page faults (benchmarks/RESULTS.md, FC section). Results do not depend on it.
DEFAULT_CHUNK_ELEMENTS = 200_000

_MISSING = object()
#: Smallest task of the distributed/resumable path, in blocks (16,000 toys, ~0.1 s for a 40-bin
#: ON/OFF model): dask spends ~ms of scheduler and worker CPU per task (see
#: :func:`toy_statistics`).
TASK_MIN_BLOCKS = 32
#: Largest task (64,000 toys), reached when a job has more than :data:`TASK_TARGET_COUNT` ×
#: :data:`TASK_MIN_BLOCKS` blocks. On the 2-core benchmark machine, a real cluster of two
#: workers ran an FC job of 10⁶ toys at 1.51× serial with 32-block tasks (the workers spent
#: 16 % more CPU per toy than a plain process) and 1.73× with 128-block tasks (6 %);
#: benchmarks/RESULTS.md, "Real dask cluster".
TASK_MAX_BLOCKS = 128
#: Number of tasks a job is cut into, between those bounds (enough to balance the workers).
TASK_TARGET_COUNT = 16


def task_blocks(n_blocks_total: int, per_chunk: int = 1) -> int:
    """Blocks per task of the distributed/resumable path for a job of ``n_blocks_total``
    blocks: ⌈total / TASK_TARGET_COUNT⌉ within [TASK_MIN_BLOCKS, TASK_MAX_BLOCKS], and at
    least one memory chunk (``per_chunk`` blocks).

    Example:
        >>> task_blocks(2000), task_blocks(200), task_blocks(100_000)
        (125, 32, 128)
    """
    target = -(-int(n_blocks_total) // TASK_TARGET_COUNT)
    return max(int(per_chunk), min(TASK_MAX_BLOCKS, max(TASK_MIN_BLOCKS, target)))


#: progress(done_toys, total_toys), called after every processed chunk.
ProgressCallback = Callable[[int, int], None]


#: glibc's mallopt(3) parameters (malloc.h): M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: Largest M_MMAP_THRESHOLD glibc accepts on 64-bit (HEAP_MAX_SIZE / 2 = 32 MiB; mallopt(3)).
_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024
#: Heap kept untrimmed: the chunk's working set (~10 temporaries) plus slack, at least 128 MiB.
_TRIM_THRESHOLD_MIN = 128 * 1024 * 1024
_settled: tuple[int, int] = (0, 0)


@functools.cache
def _mallopt() -> Callable[[int, int], int] | None:
    """glibc's ``mallopt`` through ctypes, or None under another C library (musl, macOS)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        _ = libc.gnu_get_libc_version  # only glibc has it, and glibc's mallopt takes these codes
        func = libc.mallopt
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_int]
    func.restype = ctypes.c_int
    return func  # type: ignore[no-any-return]


def _settle_allocator(chunk_elements: int) -> bool:
    """Keep the toy loop's temporaries on the heap instead of fresh mmaps (glibc mallopt).

    glibc's malloc serves blocks above its mmap threshold (128 kB at start) with a fresh
    mmap, whose pages are faulted in on first touch and returned on free, and trims the heap
    top beyond its trim threshold. A chunk's temporaries are ~1 MB each (8 bytes × chunk
    elements), so without settings every chunk paid ~2×10³ page faults per 10⁴ toys: half the
    time of an FC run, 4× under dask's nanny, which sets ``MALLOC_TRIM_THRESHOLD_=65536``
    (that disables the dynamic thresholds). This sets both explicitly with mallopt(3):
    M_MMAP_THRESHOLD to 4× a temporary, capped at the 32 MiB glibc accepts (so a chunk's
    temporaries come from the heap up to ~4×10⁶ elements; 640 ON/OFF bins need 6.4×10⁵), and
    M_TRIM_THRESHOLD to 4× that (at least 128 MiB), so the freed heap is reused, not
    returned and faulted in again. The settings only grow, are process-wide (they persist
    after the job, like glibc's own dynamic thresholds) and are applied by the toy task
    itself, hence in dask workers too. Under another C library it does nothing.

    Args:
        chunk_elements: rows × observables of one processing chunk.

    Returns:
        whether the settings are in force (False off glibc).

    Example:
        >>> _settle_allocator(200_000) == (_mallopt() is not None)  # True on glibc
        True
    """
    global _settled
    mmap = min(_MMAP_THRESHOLD_MAX, max(4 * 8 * int(chunk_elements), 128 * 1024))
    trim = max(_TRIM_THRESHOLD_MIN, 4 * mmap)
    if mmap <= _settled[0] and trim <= _settled[1]:
        return True
    func = _mallopt()
    if func is None:
        return False
    mmap, trim = max(mmap, _settled[0]), max(trim, _settled[1])
    # mallopt returns 1 on success, 0 for a value out of range (never the case here)
    ok = func(_M_MMAP_THRESHOLD, mmap) == 1 and func(_M_TRIM_THRESHOLD, trim) == 1
    if ok:
        _settled = (mmap, trim)
    return ok


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError("seed", seed, "a non-negative integer")
    return int(seed)


def check_n_toys(n_toys: int) -> int:
    """``n_toys`` as an int, or :class:`~munu.errors.InputError` unless a positive integer.

    Example:
        >>> check_n_toys(np.int64(500))
        500
    """
    if isinstance(n_toys, bool) or not isinstance(n_toys, int | np.integer) or n_toys < 1:
        raise InputError("n_toys", n_toys, "a positive integer")
    return int(n_toys)


def chunk_seeds(seed: int, n_chunks: int) -> list[np.random.SeedSequence]:
    """Independent child seeds 0..n_chunks−1 of ``seed`` (``SeedSequence.spawn``).

    Child i depends only on (seed, i), not on ``n_chunks``.

    Args:
        seed: non-negative integer master seed.
        n_chunks: number of children.

    Returns:
        list of :class:`numpy.random.SeedSequence`.

    Example:
        >>> a = chunk_seeds(1, 2)[1].generate_state(1)
        >>> b = chunk_seeds(1, 5)[1].generate_state(1)
        >>> bool((a == b).all())
        True
    """
    if not isinstance(n_chunks, int | np.integer) or n_chunks < 1:
        raise InputError("n_chunks", n_chunks, "a positive integer")
    return np.random.SeedSequence(_check_seed(seed)).spawn(int(n_chunks))


def _workers(requested: int | None, n_chunks: int) -> int:
    if requested is not None:
        return max(1, min(int(requested), n_chunks))
    return 1


def _block_rng(seed: int, stream: int, point: int, block: int) -> np.random.Generator:
    key = (stream, point, block)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def _draw_block(
    model: LinearModel,
    mean: NDArray[np.float64],
    rng: np.random.Generator,
    table: PoissonTable | None,
) -> NDArray[np.float64]:
    """One block of toys: counts from the point's Poisson table, then Gaussian auxiliaries."""
    nc = model.n_counts
    if nc == 0:  # Gaussian models (residuals) draw everything themselves
        return model._draw(mean, TOYS_PER_BLOCK, rng)
    counts = draw_poisson(mean[:nc], rng, TOYS_PER_BLOCK, table)
    if model.aux_sigma.size == 0:
        return counts
    aux = rng.normal(mean[nc:], model.aux_sigma, size=(TOYS_PER_BLOCK, model.aux_sigma.size))
    return np.concatenate([counts, aux], axis=1)


def _toy_blocks(
    model: LinearModel,
    means: NDArray[np.float64],
    kappa_test: NDArray[np.float64],
    seed: int,
    stream: int,
    blocks: list[tuple[int, int]],
    tables: dict[int, PoissonTable | None] | None = None,
    sub_chunk: int | None = None,
) -> NDArray[np.float64]:
    """Test statistics of toy blocks: the unit of work (task) of :func:`toy_statistics`.

    Args:
        model: the model.
        means: (n, n_obs) expected data of each block's point.
        kappa_test: (n, M) κ values tested for each block.
        seed: master seed.
        stream: toy family.
        blocks: n pairs (point j, block k) naming the blocks' seeds.
        tables: Poisson tables of the points (built for the points missing from it; the
            draws are the same either way, the cache only saves rebuilding them).
        sub_chunk: process at most this many blocks at once (memory); default all.

    Returns:
        (n, M + 1, TOYS_PER_BLOCK): t at the M tested κ, then κ̂, for each block.
    """
    step = len(blocks) if sub_chunk is None else max(1, int(sub_chunk))
    cache: dict[int, PoissonTable | None] = {} if tables is None else tables
    parts = [
        _toy_chunk(
            model,
            means[i : i + step],
            kappa_test[i : i + step],
            seed,
            stream,
            blocks[i : i + step],
            cache,
        )
        for i in range(0, len(blocks), step)
    ]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _toy_chunk(
    model: LinearModel,
    means: NDArray[np.float64],
    kappa_test: NDArray[np.float64],
    seed: int,
    stream: int,
    blocks: list[tuple[int, int]],
    cache: dict[int, PoissonTable | None],
) -> NDArray[np.float64]:
    """:func:`_toy_blocks` for blocks processed at once (all toys as one batch)."""
    n, m = len(blocks), kappa_test.shape[1]
    _settle_allocator(n * TOYS_PER_BLOCK * model.n_obs * max(m, 1))
    local: dict[int, PoissonTable | None] = {}
    for i, (j, _) in enumerate(blocks):
        if j in local or model.n_counts == 0:
            continue
        table = cache.get(j, _MISSING)
        if table is _MISSING:
            table = PoissonTable.build(means[i][: model.n_counts])
            cache[j] = table
        local[j] = table  # type: ignore[assignment]
    data = model._stack_rows(
        [
            _draw_block(model, means[i], _block_rng(seed, stream, j, k), local.get(j))
            for i, (j, k) in enumerate(blocks)
        ]
    )
    t, kappa_hat = model._toy_t(data, np.repeat(kappa_test, TOYS_PER_BLOCK, axis=0))
    out = np.empty((n, m + 1, TOYS_PER_BLOCK))
    out[:, :m, :] = t.reshape(n, TOYS_PER_BLOCK, m).transpose(0, 2, 1)
    out[:, m, :] = kappa_hat.reshape(n, TOYS_PER_BLOCK)
    return out


def _iter_toy_blocks(
    model: LinearModel,
    kappa_true: NDArray[np.float64],
    nuisances_true: NDArray[np.float64],
    kappa_test: NDArray[np.float64],
    n_toys: int,
    seed: int,
    *,
    stream: int,
    chunk_elements: int,
    progress: ProgressCallback | None,
    workers: int | None,
    executor: Executor | None,
    store: RunStore | None,
) -> Iterator[tuple[int, int, NDArray[np.float64]]]:
    """Yield ``(j, k0, out)``: blocks k0, k0 + 1, … of point j with ``out`` of shape
    (n, M + 1, TOYS_PER_BLOCK) (t at the M tested κ, then κ̂), as they are computed.

    Serially the blocks come in order (point by point); from an executor or a run store in
    the order tasks finish. Arguments as for :func:`toy_statistics`.
    """
    seed = _check_seed(seed)
    n_toys = check_n_toys(n_toys)
    if workers is not None and (not isinstance(workers, int | np.integer) or workers < 1):
        raise InputError("workers", workers, "a positive integer or None")
    g = kappa_true.size
    m = kappa_test.shape[1]
    means = model.expected(kappa_true, nuisances_true)
    n_blocks = math.ceil(n_toys / TOYS_PER_BLOCK)
    per_chunk = max(1, chunk_elements // (TOYS_PER_BLOCK * model.n_obs * max(m, 1)))
    total = g * n_toys

    if executor is not None or store is not None:
        # the distributed/resumable path: one task = a run of consecutive blocks in (point,
        # block) order, possibly spanning several points, keyed by its first and last block
        # so that a run directory can hold the chunks of several toy families (streams). A
        # task holds task_blocks(...) blocks (memory chunks processed one after the other), so
        # that it lasts ~0.1 s or more: dask spends ~ms of scheduler and worker CPU per task,
        # and a point of 10⁴ toys alone is too short a task (issue 16).
        per_task = task_blocks(g * n_blocks, per_chunk)
        order = [(j, k) for j in range(g) for k in range(n_blocks)]
        tasks_p = []
        weights = []
        for t0 in range(0, len(order), per_task):
            blocks = order[t0 : t0 + per_task]
            (j0, k0), (j1, k1) = blocks[0], blocks[-1]
            key = f"s{stream}_p{j0}_b{k0}-p{j1}_b{k1}"
            rows = [j for j, _ in blocks]
            args = (model, means[rows], kappa_test[rows], seed, stream, blocks, None, per_chunk)
            tasks_p.append((key, args))
            weights.append(sum(min(TOYS_PER_BLOCK, n_toys - k * TOYS_PER_BLOCK) for _, k in blocks))
        for i, out in iter_chunks(
            _toy_blocks,
            tasks_p,
            executor=executor,
            store=store,
            progress=progress,
            weights=weights,
        ):
            blocks = tasks_p[i][1][5]
            if out.shape != (len(blocks), m + 1, TOYS_PER_BLOCK):
                raise DataError(
                    f"toy chunk of shape {out.shape} does not belong to this job "
                    f"(expected {(len(blocks), m + 1, TOYS_PER_BLOCK)})"
                )
            start = 0
            for stop in range(1, len(blocks) + 1):  # one yield per point in the task
                if stop == len(blocks) or blocks[stop][0] != blocks[start][0]:
                    yield blocks[start][0], blocks[start][1], out[start:stop]
                    start = stop
        return

    tasks = [(j, k) for j in range(g) for k in range(n_blocks)]
    chunks = [tasks[i : i + per_chunk] for i in range(0, len(tasks), per_chunk)]
    tables: dict[int, PoissonTable | None] = {}

    def run(chunk: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], NDArray[np.float64]]:
        js = [j for j, _ in chunk]
        out = _toy_blocks(model, means[js], kappa_test[js], seed, stream, chunk, tables)
        for old in [j for j in list(tables) if j < min(js) - 1]:  # points already finished
            tables.pop(old, None)
        return chunk, out

    n_workers = _workers(workers, len(chunks))
    done = 0
    # Chunks are independent; numpy releases the GIL in its array loops, so threads give real
    # parallelism. Results do not depend on the number of workers (map keeps the order).
    with ThreadPoolExecutor(max_workers=n_workers) if n_workers > 1 else nullcontext() as pool:
        results = map(run, chunks) if pool is None else pool.map(run, chunks)
        for chunk, out in results:
            done = min(total, done + len(chunk) * TOYS_PER_BLOCK)
            if progress is not None:
                progress(done, total)
            for i, (j, k) in enumerate(chunk):
                yield j, k, out[i : i + 1]


def toy_statistics(
    model: LinearModel,
    kappa_true: NDArray[np.float64],
    nuisances_true: NDArray[np.float64],
    kappa_test: NDArray[np.float64],
    n_toys: int,
    seed: int,
    *,
    stream: int = 0,
    chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    store: RunStore | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """t-statistics of toys: for each point j, toys drawn at (κ_true[j], θ_true[j]), tested at
    every κ in ``kappa_test[j]``.

    This keeps every toy's statistics (8 bytes × (M + 1) per toy); :func:`toy_summaries`
    reduces them as they are computed when only a summary (a quantile, a count, one limit
    per toy) is needed.

    Args:
        model: the model.
        kappa_true: (G,) true κ of the toys of each point.
        nuisances_true: (G, n_nuisances) true nuisances of each point.
        kappa_test: (G, M) κ values at which t = 2[p(κ) − p(κ̂)] is evaluated for point j.
        n_toys: toys per point.
        seed: master seed.
        stream: an extra key separating independent toy families of one analysis (e.g.
            signal-plus-background and background-only toys of CLs).
        chunk_elements: bound on rows × observables per processing chunk.
        progress: optional ``progress(done, total)`` callback (called in the calling thread).
        workers: threads processing chunks (default 1; on the 2-core benchmark machine two
            threads gave no measurable gain, the loops being memory-bound).
        executor: a :mod:`munu.parallel` executor (e.g. a dask cluster); with it, or with
            ``store``, tasks of (point j, range of at least :data:`TASK_MIN_BLOCKS` blocks)
            run through :func:`munu.parallel.iter_chunks`, each processed in memory chunks;
            the numbers are identical to the default path.
        store: a :class:`munu.parallel.RunStore`: finished tasks are saved there and loaded
            instead of recomputed on a rerun (keys carry ``stream``, j and the blocks).

    Returns:
        (t, kappa_hat): t of shape (G, M, n_toys) and κ̂ of shape (G, n_toys).

    Example:
        >>> from munu.stats.models import CountingModel
        >>> t, k = toy_statistics(CountingModel(5.0, 1.0), np.array([0.0, 2.0]),
        ...                       np.zeros((2, 0)), np.array([[0.0], [2.0]]), 700, seed=3)
        >>> t.shape, k.shape
        ((2, 1, 700), (2, 700))
    """
    n_toys = check_n_toys(n_toys)
    g = kappa_true.size
    m = kappa_test.shape[1]
    n_blocks = math.ceil(n_toys / TOYS_PER_BLOCK)
    t_out = np.empty((g, m, n_blocks * TOYS_PER_BLOCK))
    k_out = np.empty((g, n_blocks * TOYS_PER_BLOCK))
    for j, k0, out in _iter_toy_blocks(
        model,
        kappa_true,
        nuisances_true,
        kappa_test,
        n_toys,
        seed,
        stream=stream,
        chunk_elements=chunk_elements,
        progress=progress,
        workers=workers,
        executor=executor,
        store=store,
    ):
        sl = slice(k0 * TOYS_PER_BLOCK, (k0 + out.shape[0]) * TOYS_PER_BLOCK)
        t_out[j, :, sl] = np.moveaxis(out[:, :m], 1, 0).reshape(m, -1)
        k_out[j, sl] = out[:, m].reshape(-1)
    return t_out[:, :, :n_toys], k_out[:, :n_toys]


#: per_toy(j, t, kappa_hat) of :func:`toy_summaries`: t (M, n) and κ̂ (n,) of n consecutive
#: toys of point j, reduced to anything (an array per toy, a count, a sorted tail, ...).
PerToy = Callable[[int, NDArray[np.float64], NDArray[np.float64]], Any]
#: per_point(j, parts) of :func:`toy_summaries`: the per_toy outputs of point j in toy order.
PerPoint = Callable[[int, list[Any]], Any]


def toy_summaries(
    model: LinearModel,
    kappa_true: NDArray[np.float64],
    nuisances_true: NDArray[np.float64],
    kappa_test: NDArray[np.float64],
    n_toys: int,
    seed: int,
    per_toy: PerToy,
    per_point: PerPoint,
    *,
    stream: int = 0,
    chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    store: RunStore | None = None,
) -> list[Any]:
    """The toys of :func:`toy_statistics`, reduced as they are computed (bounded memory).

    Every computed run of toys of point j is passed at once to ``per_toy(j, t, kappa_hat)``
    (t of shape (M, n), κ̂ of shape (n,), the n toys consecutive and within the first
    ``n_toys``); when all toys of point j are in, ``per_point(j, parts)`` gets the per_toy
    outputs in toy order and its value is point j's result. Only the outputs of points in
    flight are held, never the (G, M, n_toys) statistics, so memory does not grow with
    points × toys. The toys are those of :func:`toy_statistics` with the same arguments; a
    reduction that does not depend on how toys are grouped (an order statistic, an integer
    count, a per-toy value) gives identical results for every chunk size, scheduler and
    resumed run (the run store holds the same chunks as for :func:`toy_statistics`).

    Args:
        model, kappa_true, nuisances_true, kappa_test, n_toys, seed: as for
            :func:`toy_statistics`, and so are the keyword arguments.
        per_toy: reduction of a run of toys of one point.
        per_point: reduction of a point's per_toy outputs.

    Returns:
        list of the G per_point values.

    Example:
        >>> from munu.stats.models import CountingModel
        >>> args = (CountingModel(5.0, 1.0), np.array([0.0, 2.0]), np.zeros((2, 0)),
        ...         np.array([[0.0], [2.0]]), 700, 3)
        >>> counts = toy_summaries(*args, lambda j, t, k: int(np.sum(t[0] > 1.0)),
        ...                        lambda j, parts: sum(parts))
        >>> t, _ = toy_statistics(*args)
        >>> counts == np.sum(t[:, 0] > 1.0, axis=1).tolist()
        True
    """
    n_toys = check_n_toys(n_toys)
    m = kappa_test.shape[1]
    results: list[Any] = [None] * kappa_true.size
    parts: dict[int, dict[int, Any]] = {}
    seen: dict[int, int] = {}
    for j, k0, out in _iter_toy_blocks(
        model,
        kappa_true,
        nuisances_true,
        kappa_test,
        n_toys,
        seed,
        stream=stream,
        chunk_elements=chunk_elements,
        progress=progress,
        workers=workers,
        executor=executor,
        store=store,
    ):
        n_valid = min(out.shape[0] * TOYS_PER_BLOCK, n_toys - k0 * TOYS_PER_BLOCK)
        t = np.moveaxis(out[:, :m], 1, 0).reshape(m, -1)[:, :n_valid]
        kappa_hat = out[:, m].reshape(-1)[:n_valid]
        parts.setdefault(j, {})[k0] = per_toy(j, t, kappa_hat)
        seen[j] = seen.get(j, 0) + n_valid
        if seen[j] == n_toys:
            done = parts.pop(j)
            results[j] = per_point(j, [done[k] for k in sorted(done)])
    return results


def quantile_index(n: int, level: float) -> int:
    """0-based rank of the ``level`` quantile of n values with ``method="inverted_cdf"``.

    numpy's inverted_cdf quantile is an order statistic; its rank is found by applying
    numpy itself to 0, …, n − 1, so it is the rank numpy uses, rounding included.

    Example:
        >>> quantile_index(10_000, 0.9), quantile_index(10, 0.5)
        (8999, 4)
    """
    return int(np.quantile(np.arange(n), level, method="inverted_cdf"))


def upper_tail(values: NDArray[np.float64], keep: int) -> NDArray[np.float64]:
    """The ``keep`` largest of ``values`` (unordered): a per-chunk tail of an order statistic.

    Example:
        >>> sorted(upper_tail(np.array([3.0, 1.0, 4.0, 1.5, 9.0]), 2).tolist())
        [4.0, 9.0]
    """
    if values.size <= keep:
        return values.copy()
    return np.partition(values, values.size - keep)[values.size - keep :].copy()


def tail_quantile(tails: list[NDArray[np.float64]], n: int, level: float) -> float:
    """The ``level`` inverted_cdf quantile of n values from per-chunk :func:`upper_tail` parts.

    With r = n − :func:`quantile_index` (n, level), the quantile is the r-th largest value;
    the r largest of the union lie in the union of every part's r largest, so the parts
    need keep = r values each: the result equals ``np.quantile(values, level,
    method="inverted_cdf")`` exactly.

    Example:
        >>> v = np.random.default_rng(0).normal(size=1001)
        >>> r = 1001 - quantile_index(1001, 0.9)
        >>> parts = [upper_tail(v[:400], r), upper_tail(v[400:], r)]
        >>> bool(tail_quantile(parts, 1001, 0.9) == np.quantile(v, 0.9, method="inverted_cdf"))
        True
    """
    r = n - quantile_index(n, level)
    union = np.concatenate(tails)
    return float(np.partition(union, union.size - r)[union.size - r])
