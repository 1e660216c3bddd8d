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

__all__ = ["atomic_write_bytes", "atomic_write_text", "write_figure"]


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; create parent directories. Returns the path.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> atomic_write_bytes(d / "a.bin", b"xyz").read_bytes()
        b'xyz'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def write_figure(
    figure: Any,
    stem: str | os.PathLike[str],
    formats: tuple[str, ...] = ("png", "pdf"),
    **savefig: Any,
) -> dict[str, bytes]:
    """Write a matplotlib figure as ``stem.<format>`` for each format, atomically.

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
        atomic_write_bytes(Path(stem).with_suffix(f".{ext}"), buf.getvalue())
        written[ext] = buf.getvalue()
    return written
