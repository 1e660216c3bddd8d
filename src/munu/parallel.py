"""One execution layer for munu's embarrassingly parallel jobs: toy blocks, grid points, cards.

A job is a list of *chunks*, each a named call ``func(*args)`` returning one numpy array.
:func:`run_chunks` evaluates them

* serially in this process (the default), or
* on a ``dask.distributed`` cluster (``scheduler="local:N"``: a LocalCluster with N workers
  started for the job; ``scheduler="tcp://host:port"``: an existing cluster), which needs the
  optional extra ``munu[distributed]`` (dask is imported only then).

Reproducibility: random numbers are never drawn from a shared generator. Toys come in fixed
blocks seeded by ``SeedSequence(seed, spawn_key=(stream, point, block))`` (see
:mod:`munu.stats.toys`), and each chunk's result depends only on its own arguments, so a job
gives bit-identical results serially, on a LocalCluster or on a remote cluster, whatever the
order in which chunks finish.

Resumable runs: with a :class:`RunStore` (``--resume DIR`` on the command line) every finished
chunk is written atomically to ``DIR/chunks/<key>.npy`` with a SHA-256 sidecar, and the job's
identity (card/model hash, method, seed, toys, grid, munu version, ...) to ``DIR/manifest.json``.
A rerun with the same directory loads the finished chunks instead of recomputing them, so a
run killed at any point continues where it stopped. A chunk whose checksum or content does not
verify, or a directory whose manifest belongs to another job, is refused with a
:class:`~munu.errors.DataError` / :class:`~munu.errors.InputError`.

Example:
    >>> import numpy as np
    >>> from munu.parallel import run_chunks
    >>> out = run_chunks(np.arange, [("a", (3,)), ("b", (2,))])
    >>> [a.tolist() for a in out]
    [[0, 1, 2], [0, 1]]
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from munu._io import atomic_write_bytes, atomic_write_text, check_output_path
from munu.errors import DataError, InputError, MunuError

__all__ = [
    "AdaptiveExecutor",
    "DaskExecutor",
    "Executor",
    "RunStore",
    "SchedulerSpec",
    "SerialExecutor",
    "Throughput",
    "array_digest",
    "iter_chunks",
    "open_executor",
    "parse_scheduler",
    "run_chunks",
]

#: Accepted forms of a scheduler specification (for error messages and the CLI help).
SCHEDULER_FORMS = "'serial' (default), 'local:N' (LocalCluster, N workers) or 'tcp://host:port'"
_KEY_RE = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")
MANIFEST = "manifest.json"

#: A chunk: (key, args) for ``func(*args)``; the key names the chunk's file in a run store.
Task = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True)
class SchedulerSpec:
    """A parsed scheduler specification.

    Attributes:
        kind: ``"serial"``, ``"local"`` or ``"remote"``.
        n_workers: workers of a LocalCluster (``"local"`` only).
        address: scheduler address (``"remote"`` only).
    """

    kind: str
    n_workers: int = 0
    address: str = ""


def parse_scheduler(spec: str | None) -> SchedulerSpec:
    """Parse ``None``/``"serial"``, ``"local:N"`` or ``"tcp://host:port"``.

    Args:
        spec: the specification (``--scheduler`` on the command line).

    Returns:
        :class:`SchedulerSpec`.

    Raises:
        InputError: anything else.

    Example:
        >>> parse_scheduler("local:2")
        SchedulerSpec(kind='local', n_workers=2, address='')
        >>> parse_scheduler(None).kind
        'serial'
    """
    if spec is None or (isinstance(spec, str) and spec.strip().lower() in ("", "serial")):
        return SchedulerSpec("serial")
    if not isinstance(spec, str):
        raise InputError("scheduler", spec, SCHEDULER_FORMS)
    text = spec.strip()
    m = re.fullmatch(r"local:(\d{1,4})", text)
    if m and int(m.group(1)) >= 1:
        return SchedulerSpec("local", n_workers=int(m.group(1)))
    if re.fullmatch(r"(tcp|tls|ucx|inproc)://[^\s]+", text):
        return SchedulerSpec("remote", address=text)
    raise InputError("scheduler", spec, SCHEDULER_FORMS)


class Executor(Protocol):
    """Evaluates chunks and yields ``(index, result)`` as they finish."""

    description: str

    def imap(
        self, func: Callable[..., Any], arg_list: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """Evaluate ``func(*args)`` for every args; yield (position, result) in any order."""
        ...  # pragma: no cover - protocol


class SerialExecutor:
    """Evaluate chunks one after the other in this process."""

    description = "serial"

    def imap(
        self, func: Callable[..., Any], arg_list: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """Evaluate in order (see :class:`Executor`)."""
        for i, args in enumerate(arg_list):
            yield i, func(*args)


class DaskExecutor:
    """Evaluate chunks as futures on a ``dask.distributed`` client.

    Args:
        client: a ``distributed.Client``.
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        n = len(client.scheduler_info().get("workers", {}))
        self.description = f"dask ({n} workers, {client.scheduler.address})"

    def imap(
        self, func: Callable[..., Any], arg_list: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """Submit everything, yield results as they complete (see :class:`Executor`)."""
        from distributed import as_completed

        futures = [self.client.submit(func, *args, pure=False) for args in arg_list]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for fut in as_completed(futures):
                yield index[fut.key], fut.result()
                fut.release()
        finally:
            # on an error or an interrupted consumer, nothing keeps running behind our back
            self.client.cancel([f for f in futures if not f.done()])


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MunuError(
            "a dask scheduler was requested but dask.distributed is not installed; "
            "install the optional extra: pip install 'munu[distributed]'"
        ) from None
    return distributed


#: Default ``min_seconds`` of :func:`open_executor`: the estimated serial time of a job below
#: which it stays serial. A LocalCluster of 2 worker processes took 4–7 s to start on the
#: benchmark machine (imports of dask and munu in every worker), so with N workers it pays
#: off only when the serial time T satisfies start + T/N < T, i.e. T > start·N/(N − 1) ≈ 12 s
#: for N = 2; 15 s leaves a margin. Joining a running cluster (``tcp://``) costs the
#: connection and the workers' first import of munu (~1 s).
MIN_SECONDS_LOCAL = 15.0
MIN_SECONDS_REMOTE = 2.0


class AdaptiveExecutor:
    """Run a job serially while it is too small for a cluster; start (or join) it otherwise.

    The first chunks run in this process and are timed; as soon as the estimated serial time
    of the rest exceeds ``min_seconds`` the cluster is opened and the remaining chunks are
    submitted to it (the cluster then stays open for the next jobs of the same context). The
    numbers do not depend on where a chunk ran. A context that never needed the cluster warns
    (:class:`~munu.errors.MunuWarning`) when it closes: the job ran serially.

    Args:
        spec: the parsed scheduler (``"local"`` or ``"remote"``).
        open_client: opens the cluster; returns (client, close function).
        min_seconds: estimated serial seconds below which the job stays serial; 0 opens the
            cluster at once.
        release: called on :meth:`close` when the cluster was never used (e.g. closes a
            client connected in advance).
    """

    def __init__(
        self,
        spec: SchedulerSpec,
        open_client: Callable[[], tuple[Any, Callable[[], None]]],
        min_seconds: float,
        release: Callable[[], None] | None = None,
    ) -> None:
        self.spec = spec
        self._release = release
        self.min_seconds = float(min_seconds)
        self._open_client = open_client
        self._close: Callable[[], None] | None = None
        self._dask: DaskExecutor | None = None
        self.serial_seconds = 0.0
        self.serial_chunks = 0
        self._closed = False
        self.description = f"serial (until the job is large enough for {self._where()})"
        if self.min_seconds <= 0.0:
            self._start()

    def _where(self) -> str:
        return f"local:{self.spec.n_workers}" if self.spec.kind == "local" else self.spec.address

    def _start(self) -> DaskExecutor:
        if self._dask is None:
            client, self._close = self._open_client()
            self._dask = DaskExecutor(client)
            self.description = self._dask.description
        return self._dask

    @property
    def started(self) -> bool:
        """Whether the cluster was opened."""
        return self._dask is not None

    def imap(
        self, func: Callable[..., Any], arg_list: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """Serial while the rest is estimated below ``min_seconds``, then on the cluster."""
        i = 0
        n = len(arg_list)
        if self._dask is None:
            job_seconds = 0.0
            while i < n:
                t0 = time.perf_counter()
                value = func(*arg_list[i])
                dt = time.perf_counter() - t0
                job_seconds += dt
                self.serial_seconds += dt
                self.serial_chunks += 1
                i += 1
                yield i - 1, value
                if job_seconds / i * (n - i) > self.min_seconds:
                    break
        if i < n:
            for pos, value in self._start().imap(func, arg_list[i:]):
                yield i + pos, value

    def close(self) -> None:
        """Shut the cluster down (if opened); warn if the whole job ran serially. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._close is not None:
            self._close()
            self._close = None
            return
        if self._release is not None:
            self._release()
        if self.serial_chunks:
            import warnings

            from munu.errors import MunuWarning

            warnings.warn(
                f"the job took {self.serial_seconds:.1f} s serially, too little to amortise "
                f"the dask cluster {self._where()} (worth it above ~{self.min_seconds:g} s); "
                "it ran serially in this process, with the same numbers",
                MunuWarning,
                stacklevel=3,
            )


@contextmanager
def open_executor(
    scheduler: str | None = None,
    *,
    processes: bool = True,
    threads_per_worker: int = 1,
    min_seconds: float | None = None,
) -> Iterator[Executor]:
    """An executor for a scheduler specification, closed (cluster shut down) on exit.

    A cluster is opened only when a job is estimated to take longer than ``min_seconds``
    serially (see :class:`AdaptiveExecutor`): a small job runs in this process and a
    :class:`~munu.errors.MunuWarning` says so when the context closes.

    Args:
        scheduler: see :func:`parse_scheduler`.
        processes: LocalCluster workers as processes (default) or threads in this process.
        threads_per_worker: threads of each LocalCluster worker.
        min_seconds: estimated serial seconds below which a job stays serial; default
            :data:`MIN_SECONDS_LOCAL` for ``local:N`` and :data:`MIN_SECONDS_REMOTE` for an
            address; 0 opens the cluster at once.

    Yields:
        an :class:`Executor`.

    Example:
        >>> with open_executor() as ex:
        ...     sorted(ex.imap(abs, [(-1,), (-2,)]))
        [(0, 1), (1, 2)]
    """
    spec = parse_scheduler(scheduler)
    if spec.kind == "serial":
        yield SerialExecutor()
        return
    if min_seconds is not None and (
        isinstance(min_seconds, bool)
        or not isinstance(min_seconds, int | float)
        or not min_seconds >= 0.0
    ):
        raise InputError("min_seconds", min_seconds, "a number of seconds ≥ 0")
    distributed = _import_distributed()
    release: Callable[[], None] | None = None
    if spec.kind == "local":
        default = MIN_SECONDS_LOCAL

        def open_client() -> tuple[Any, Callable[[], None]]:
            import dask

            # dask sets MALLOC_TRIM_THRESHOLD_ in its worker processes, which disables glibc's
            # dynamic mmap threshold (mallopt(3)); munu's toy tasks set the thresholds
            # themselves (munu.stats.toys._settle_allocator), and the variable is not set here
            # so that other numpy work of the workers keeps glibc's defaults.
            with dask.config.set(
                {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
            ):
                cluster = distributed.LocalCluster(
                    n_workers=spec.n_workers,
                    threads_per_worker=threads_per_worker,
                    processes=processes,
                    dashboard_address=":0",
                )
            try:
                client = distributed.Client(cluster)
            except BaseException:
                cluster.close()
                raise

            def close() -> None:
                try:
                    client.close()
                finally:
                    cluster.close()

            return client, close

    else:
        default = MIN_SECONDS_REMOTE

        # connect at once, so that a wrong address is an error even for a small job; the
        # workers are used (and import munu) only when the job is large enough
        try:
            remote = distributed.Client(spec.address, timeout="20s")
        except OSError as err:
            raise InputError(
                "scheduler", spec.address, f"the address of a running dask scheduler ({err})"
            ) from None
        release = remote.close

        def open_client() -> tuple[Any, Callable[[], None]]:
            return remote, remote.close

    executor = AdaptiveExecutor(
        spec, open_client, default if min_seconds is None else min_seconds, release
    )
    try:
        yield executor
    finally:
        executor.close()


def array_digest(*arrays: Any) -> str:
    """SHA-256 (hex, 16 characters) of arrays' dtypes, shapes and bytes: a job-identity hash.

    Example:
        >>> array_digest([1.0, 2.0]) == array_digest(np.array([1.0, 2.0]))
        True
    """
    h = hashlib.sha256()
    for a in arrays:
        arr = np.ascontiguousarray(np.asarray(a, dtype=float))
        h.update(str(arr.shape).encode())
        h.update(arr.tobytes())
    return h.hexdigest()[:16]


def _canonical(identity: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(identity, sort_keys=True, default=str))


class RunStore:
    """A run directory of finished chunks with the manifest of the job they belong to.

    Args:
        directory: the run directory (created if missing).
        identity: JSON-serialisable description of the job; munu's version is added. An
            existing directory must hold the manifest of the same job.

    Raises:
        InputError: the directory belongs to another job or is not a run directory.

    Example:
        >>> import tempfile
        >>> store = RunStore(tempfile.mkdtemp(), {"job": "demo", "seed": 1})
        >>> _ = store.save("c0", np.zeros(2))
        >>> store.load("c0").tolist(), store.has("c1")
        ([0.0, 0.0], False)
    """

    def __init__(self, directory: str | Path, identity: dict[str, Any]) -> None:
        from munu import __version__

        self.directory = Path(directory)
        self.identity = _canonical({**identity, "munu_version": __version__})
        manifest = self.directory / MANIFEST
        if self.directory.exists() and not self.directory.is_dir():
            raise InputError("resume", str(directory), "a directory (or a path to create)")
        if not self.directory.exists():
            check_output_path(self.directory, "resume", directory=True)  # parent must exist
            self.directory.mkdir(exist_ok=True)
        if manifest.is_file():
            try:
                stored = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:
                raise DataError(f"{manifest}: unreadable run manifest ({err})") from None
            if stored.get("identity") != self.identity:
                diff = sorted(
                    k
                    for k in set(self.identity) | set(stored.get("identity", {}))
                    if self.identity.get(k) != stored.get("identity", {}).get(k)
                )
                raise InputError(
                    "resume",
                    str(directory),
                    "the run directory of the same job (it belongs to another job; differing "
                    f"fields: {', '.join(diff)}); use a new directory",
                )
        else:
            if self.directory.is_dir() and any(self.directory.iterdir()):
                raise InputError(
                    "resume", str(directory), "an empty or new directory, or a munu run directory"
                )
            atomic_write_text(
                manifest, json.dumps({"identity": self.identity}, indent=2, sort_keys=True) + "\n"
            )
        (self.directory / "chunks").mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        if not _KEY_RE.match(key):
            raise InputError("key", key, "a chunk key of letters, digits, '_', '.', '-'")
        return self.directory / "chunks" / f"{key}.npy"

    def has(self, key: str) -> bool:
        """Whether chunk ``key`` is finished (its array and checksum are both written)."""
        p = self._path(key)
        return p.is_file() and p.with_suffix(".sha256").is_file()

    def save(self, key: str, array: NDArray[Any]) -> Path:
        """Write chunk ``key`` atomically (array first, then its checksum: the commit mark)."""
        buf = io.BytesIO()
        np.save(buf, np.asarray(array), allow_pickle=False)
        data = buf.getvalue()
        p = atomic_write_bytes(self._path(key), data)
        atomic_write_text(p.with_suffix(".sha256"), self._checksum(key, data) + "\n")
        return p

    def _checksum(self, key: str, data: bytes) -> str:
        """SHA-256 over the job identity, the chunk key (stream, grid point, blocks) and the
        bytes: a chunk copied from another grid point or another job, with its checksum file,
        does not verify (issue 14)."""
        h = hashlib.sha256()
        h.update(json.dumps(self.identity, sort_keys=True).encode("utf-8"))
        h.update(b"\0")
        h.update(key.encode("utf-8"))
        h.update(b"\0")
        h.update(data)
        return h.hexdigest()

    def load(self, key: str) -> NDArray[Any]:
        """Read a finished chunk, verifying its checksum.

        Raises:
            DataError: the file is unreadable, truncated or altered.
        """
        p = self._path(key)
        try:
            data = p.read_bytes()
            expected = p.with_suffix(".sha256").read_text(encoding="utf-8").strip()
        except OSError as err:
            raise DataError(f"chunk {p}: unreadable ({err})") from None
        if self._checksum(key, data) != expected:
            raise DataError(
                f"chunk {p} is corrupt or belongs to another chunk or job (checksum mismatch); "
                "delete it (and its .sha256) to recompute it"
            )
        try:
            return np.load(io.BytesIO(data), allow_pickle=False)
        except (ValueError, OSError, EOFError) as err:
            raise DataError(f"chunk {p} is corrupt ({err})") from None

    def finished(self) -> list[str]:
        """Keys of the finished chunks."""
        return sorted(p.stem for p in (self.directory / "chunks").glob("*.npy") if self.has(p.stem))


@dataclass
class Throughput:
    """A ``progress(done, total)`` wrapper measuring the rate of newly computed units.

    The clock starts when the wrapper is created; :func:`run_chunks` reports the units loaded
    from a run directory with :meth:`note_resumed`, so the rate counts only work done in this
    run.

    Example:
        >>> tp = Throughput()
        >>> tp.note_resumed(4); tp(4, 10); tp(10, 10)
        >>> tp.done, tp.resumed, tp.computed
        (10, 4, 6)
    """

    inner: Callable[[int, int], None] | None = None
    start: float = field(default_factory=time.perf_counter)
    resumed: int = 0
    done: int = 0
    total: int = 0
    end: float = 0.0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total, self.end = done, total, time.perf_counter()
        if self.inner is not None:
            self.inner(done, total)

    def note_resumed(self, units: int) -> None:
        """Record units loaded from a run directory instead of computed."""
        self.resumed += int(units)

    @property
    def computed(self) -> int:
        """Units computed in this run (excluding resumed ones)."""
        return max(self.done - self.resumed, 0)

    @property
    def seconds(self) -> float:
        """Wall time from the wrapper's creation to the last report."""
        return max(self.end - self.start, 0.0)

    @property
    def rate(self) -> float:
        """Computed units per second (0 when nothing was timed)."""
        return self.computed / self.seconds if self.seconds > 0 else 0.0


def iter_chunks(
    func: Callable[..., Any],
    tasks: Sequence[Task],
    *,
    executor: Executor | None = None,
    store: RunStore | None = None,
    progress: Callable[[int, int], None] | None = None,
    weights: Sequence[int] | None = None,
) -> Iterator[tuple[int, NDArray[Any]]]:
    """:func:`run_chunks` as a stream: yield ``(task index, array)`` as each chunk is ready.

    Chunks of ``store`` come first (in task order), then the computed ones as they finish; a
    consumer that reduces each chunk at once (e.g. a quantile summary of toys) holds only the
    chunks in flight. Arguments as for :func:`run_chunks`.

    Example:
        >>> [(i, a.tolist()) for i, a in iter_chunks(np.arange, [("a", (2,)), ("b", (1,))])]
        [(0, [0, 1]), (1, [0])]
    """
    keys = [k for k, _ in tasks]
    if len(set(keys)) != len(keys):
        raise InputError("tasks", "duplicate keys", "unique chunk keys")
    w = [1] * len(tasks) if weights is None else [int(v) for v in weights]
    if len(w) != len(tasks):
        raise InputError("weights", len(w), f"one weight per task ({len(tasks)})")
    total = int(sum(w))
    finished = [store is not None and store.has(key) for key in keys]
    todo = [i for i, f in enumerate(finished) if not f]
    resumed = [i for i, f in enumerate(finished) if f]
    done = sum(w[i] for i in resumed)
    if progress is not None:
        note = getattr(progress, "note_resumed", None)
        if note is not None and done:
            note(done)
        progress(done, total)
    for i in resumed:
        yield i, store.load(keys[i])  # type: ignore[union-attr]
    ex = executor if executor is not None else SerialExecutor()
    for pos, value in ex.imap(func, [tasks[i][1] for i in todo]):
        i = todo[pos]
        arr = np.asarray(value)
        if store is not None:
            store.save(keys[i], arr)
        done += w[i]
        if progress is not None:
            progress(done, total)
        yield i, arr


def run_chunks(
    func: Callable[..., Any],
    tasks: Sequence[Task],
    *,
    executor: Executor | None = None,
    store: RunStore | None = None,
    progress: Callable[[int, int], None] | None = None,
    weights: Sequence[int] | None = None,
) -> list[NDArray[Any]]:
    """Evaluate ``func(*args)`` for every ``(key, args)`` task; results in task order.

    Finished chunks of ``store`` are loaded, not recomputed; new ones are saved as soon as they
    arrive (in this process), so an interruption loses at most the chunks in flight.

    Args:
        func: a function of the task's args returning a numpy array (must be picklable for a
            process-based cluster: a module-level function).
        tasks: ``(key, args)`` pairs; keys unique.
        executor: see :func:`open_executor` (default: serial).
        store: optional :class:`RunStore` for resumable runs.
        progress: optional ``progress(done, total)`` in units of ``weights``; called once
            before any computation (with the resumed units, also passed to its
            ``note_resumed`` method if it has one, e.g. :class:`Throughput`) and after every
            chunk.
        weights: units per task (e.g. toys); default 1 each.

    Returns:
        list of arrays, one per task.

    Example:
        >>> run_chunks(np.ones, [("x", (2,))])[0].tolist()
        [1.0, 1.0]
    """
    results: list[NDArray[Any] | None] = [None] * len(tasks)
    for i, arr in iter_chunks(
        func, tasks, executor=executor, store=store, progress=progress, weights=weights
    ):
        results[i] = arr
    return [r for r in results if r is not None]
