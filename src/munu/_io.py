"""Atomic file output: results are written to a temporary file in the target directory and
moved into place with :meth:`pathlib.Path.replace` (``rename(2)``), so an interrupted run
never leaves a half-written file behind (the rename is atomic on one POSIX file system).

Hand-written because the standard library has no one-call atomic write and the few packages
that do (``atomicwrites``) are unmaintained.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from munu.errors import InputError

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_path",
    "with_extension",
    "write_figure",
]


def _umask() -> int:
    """The process umask (read from /proc where possible: setting it to read it back is not
    thread-safe)."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_output_path(
    path: str | os.PathLike[str], field: str = "output", *, directory: bool = False
) -> Path:
    """Check, before any long work, that ``path`` can be written: its folder exists and is
    writable, and it is not a folder (a file) or not a file (``directory=True``).

    Raises:
        InputError: naming ``field``, the path and what is accepted.

    Example:
        >>> check_output_path("/no/such/folder/out.csv", "--out")
        Traceback (most recent call last):
        ...
        munu.errors.InputError: --out='/no/such/folder/out.csv' is not accepted: ...
    """
    target = Path(path)
    parent = target.parent
    if not parent.is_dir():
        raise InputError(
            field, str(target), "a path in an existing folder (create the folder first)"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(field, str(target), f"a path in a writable folder ({parent} is not)")
    if directory and target.exists() and not target.is_dir():
        raise InputError(field, str(target), "a folder (this is a file)")
    if not directory and target.is_dir():
        raise InputError(field, str(target), "a file path (this is a folder)")
    if target.exists() and not os.access(target, os.W_OK | (os.X_OK if directory else 0)):
        raise InputError(field, str(target), "a writable path")
    return target


def _fsync_dir(folder: Path) -> None:
    """fsync a folder so a rename into it survives a crash (POSIX; a no-op elsewhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, mkdir: bool = False, field: str = "output"
) -> Path:
    """Write ``data`` to ``path`` atomically. Returns the path.

    The file gets the permissions of the umask (like ``open``), the folder is fsynced after
    the rename, and the parent folder must exist unless ``mkdir`` (a typo in a path must not
    create folders silently).

    Raises:
        InputError: the folder does not exist (and ``mkdir`` is false) or is not writable.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> atomic_write_bytes(d / "a.bin", b"xyz").read_bytes()
        b'xyz'
    """
    target = Path(path)
    if mkdir:
        target.parent.mkdir(parents=True, exist_ok=True)
    check_output_path(target, field)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise InputError(field, str(target), f"a writable path ({err.strerror})") from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, mkdir: bool = False, field: str = "output"
) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"), mkdir=mkdir, field=field)


def with_extension(stem: str | os.PathLike[str], ext: str) -> Path:
    """``stem.ext``, keeping every dot of the stem (``fit.v2`` → ``fit.v2.png``); a stem
    that already ends in an output extension (``.png``, ``.pdf``, ``.svg``, ``.csv``) has it
    replaced.

    Example:
        >>> str(with_extension("out/fit.v2", "png")), str(with_extension("out/fit.pdf", "png"))
        ('out/fit.v2.png', 'out/fit.png')
    """
    p = Path(stem)
    if p.suffix.lower() in _OUTPUT_SUFFIXES:
        p = p.with_suffix("")
    return p.parent / f"{p.name}.{ext}"


_OUTPUT_SUFFIXES = (".png", ".pdf", ".svg", ".csv")


def write_figure(
    figure: Any,
    stem: str | os.PathLike[str],
    formats: tuple[str, ...] = ("png", "pdf"),
    **savefig: Any,
) -> dict[str, bytes]:
    """Write a matplotlib figure as ``stem.<format>`` for each format, atomically
    (:func:`with_extension`: a dotted stem keeps its dots).

    Args:
        figure: a :class:`matplotlib.figure.Figure`.
        stem: path without suffix.
        formats: matplotlib output formats.
        savefig: keyword arguments for :meth:`~matplotlib.figure.Figure.savefig`
            (``dpi=130`` unless given).

    Returns:
        The bytes written, by format (e.g. to embed the PNG in a page).

    Example:
        >>> import tempfile, pathlib
        >>> from matplotlib.figure import Figure
        >>> fig = Figure(); _ = fig.add_subplot().plot([0, 1])
        >>> out = write_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "f")
        >>> sorted(out), out["pdf"][:4]
        (['pdf', 'png'], b'%PDF')
    """
    savefig.setdefault("dpi", 130)
    written = {}
    for ext in formats:
        buf = io.BytesIO()
        figure.savefig(buf, format=ext, **savefig)
        atomic_write_bytes(with_extension(stem, ext), buf.getvalue())
        written[ext] = buf.getvalue()
    return written
