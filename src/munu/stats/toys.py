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

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from munu.errors import DataError, InputError
from munu.parallel import run_chunks
from munu.stats._poisson import PoissonTable, draw_poisson
from munu.stats.models import LinearModel

if TYPE_CHECKING:
    from munu.parallel import Executor, RunStore

__all__ = [
    "TOYS_PER_BLOCK",
    "TOY_SCHEME",
    "ProgressCallback",
    "chunk_seeds",
    "toy_statistics",
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

#: progress(done_toys, total_toys), called after every processed chunk.
ProgressCallback = Callable[[int, int], None]


#: Upper end of glibc's dynamic mmap threshold (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit).
_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024
_settled_bytes = 0


def _settle_allocator(chunk_elements: int) -> None:
    """Keep the toy loop's temporaries on the heap instead of fresh mmaps (glibc).

    glibc's malloc serves blocks above its mmap threshold (128 kB at start) with a fresh
    mmap, whose pages are faulted in on first touch and returned on free, and it trims the
    heap top beyond twice that threshold. A chunk's temporaries are ~1 MB each, so every
    chunk paid ~2×10³ page faults per 10⁴ toys: half the time of a cold FC run (13 s → 6 s on
    the benchmark machine, measured with ``getrusage``). Freeing an mmapped block raises the
    threshold to its size (and the trim threshold to twice that), up to 32 MB: the dynamic
    threshold of mallopt(3). So one never-touched block ~10× the chunk is allocated and freed
    once per process. Elsewhere (other C libraries) this is a harmless no-op.
    """
    global _settled_bytes
    nbytes = min(_MMAP_THRESHOLD_MAX, 10 * 8 * int(chunk_elements))
    if nbytes > _settled_bytes:
        np.empty(nbytes, dtype=np.uint8)  # mapped and unmapped at once, pages never touched
        _settled_bytes = nbytes


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError("seed", seed, "a non-negative integer")
    return int(seed)


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
            run through :func:`munu.parallel.run_chunks`, each processed in memory chunks;
            the numbers are identical to the default path.
        store: a :class:`munu.parallel.RunStore`: finished tasks are saved there and loaded
            instead of recomputed on a rerun (keys carry ``stream``, j and the blocks).

    Returns:
        (t, kappa_hat): t of shape (G, M, n_toys) and κ̂ of shape (G, n_toys).
    """
    seed = _check_seed(seed)
    if not isinstance(n_toys, int | np.integer) or n_toys < 1:
        raise InputError("n_toys", n_toys, "a positive integer")
    g = kappa_true.size
    m = kappa_test.shape[1]
    means = model.expected(kappa_true, nuisances_true)
    n_blocks = math.ceil(n_toys / TOYS_PER_BLOCK)
    tasks = [(j, k) for j in range(g) for k in range(n_blocks)]
    per_chunk = max(1, chunk_elements // (TOYS_PER_BLOCK * model.n_obs * max(m, 1)))
    if workers is not None and (not isinstance(workers, int | np.integer) or workers < 1):
        raise InputError("workers", workers, "a positive integer or None")
    t_out = np.empty((g, m, n_blocks * TOYS_PER_BLOCK))
    k_out = np.empty((g, n_blocks * TOYS_PER_BLOCK))
    total = g * n_toys

    tables: dict[int, PoissonTable | None] = {}

    def run(chunk: list[tuple[int, int]]) -> int:
        js = [j for j, _ in chunk]
        out = _toy_blocks(model, means[js], kappa_test[js], seed, stream, chunk, tables)
        for old in [j for j in list(tables) if j < min(js) - 1]:  # points already finished
            tables.pop(old, None)
        for i, (j, k) in enumerate(chunk):
            sl = slice(k * TOYS_PER_BLOCK, (k + 1) * TOYS_PER_BLOCK)
            t_out[j, :, sl] = out[i, :m]
            k_out[j, sl] = out[i, m]
        return len(chunk) * TOYS_PER_BLOCK

    if executor is not None or store is not None:
        # the distributed/resumable path: one task = (point j, block range), keyed so that a
        # run directory can hold the chunks of several toy families (streams). A task holds
        # TASK_MIN_BLOCKS blocks or more (memory chunks processed one after the other), so that
        # it lasts ~0.1 s or more: dask spends ~ms of scheduler and worker CPU per task
        per_task = max(per_chunk, TASK_MIN_BLOCKS)
        tasks_p = []
        weights = []
        for j in range(g):
            for k0 in range(0, n_blocks, per_task):
                blocks = [(j, k) for k in range(k0, min(n_blocks, k0 + per_task))]
                key = f"s{stream}_p{j}_b{k0}-{blocks[-1][1]}"
                rows = [j] * len(blocks)
                args = (model, means[rows], kappa_test[rows], seed, stream, blocks, None, per_chunk)
                tasks_p.append((key, args))
                weights.append(min(len(blocks) * TOYS_PER_BLOCK, n_toys - k0 * TOYS_PER_BLOCK))
        results = run_chunks(
            _toy_blocks,
            tasks_p,
            executor=executor,
            store=store,
            progress=progress,
            weights=weights,
        )
        for (_, args), out in zip(tasks_p, results, strict=True):
            blocks = args[5]
            if out.shape != (len(blocks), m + 1, TOYS_PER_BLOCK):
                raise DataError(
                    f"toy chunk of shape {out.shape} does not belong to this job "
                    f"(expected {(len(blocks), m + 1, TOYS_PER_BLOCK)})"
                )
            j, k0 = blocks[0]
            sl = slice(k0 * TOYS_PER_BLOCK, (k0 + len(blocks)) * TOYS_PER_BLOCK)
            t_out[j, :, sl] = np.moveaxis(out[:, :m], 1, 0).reshape(m, -1)
            k_out[j, sl] = out[:, m].reshape(-1)
        return t_out[:, :, :n_toys], k_out[:, :n_toys]

    chunks = [tasks[i : i + per_chunk] for i in range(0, len(tasks), per_chunk)]
    n_workers = _workers(workers, len(chunks))
    done = 0
    # Chunks write disjoint slices; numpy releases the GIL in its array loops, so threads
    # give real parallelism. Results do not depend on the number of workers.
    if n_workers == 1:
        for chunk in chunks:
            done = min(total, done + run(chunk))
            if progress is not None:
                progress(done, total)
    else:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            for n_done in pool.map(run, chunks):
                done = min(total, done + n_done)
                if progress is not None:
                    progress(done, total)
    return t_out[:, :, :n_toys], k_out[:, :n_toys]
