"""Numeric tables a card refers to: files beside the card, or data sets bundled with munu.

A card names a table either by a path (relative paths are taken relative to the folder of the
card file; for a card given as text, relative to the current directory) or by a bundled name
``"<data set>/<table>"`` (e.g. ``"xenonnt-sr0/events"``, see :data:`BUNDLED`). Tables are
plain text: whitespace- or comma-separated numbers, one row per line, ``#`` comments and blank
lines ignored, an optional non-numeric header line. ``numpy.loadtxt`` would do the parsing but
its errors name neither the file nor the row in words a card author can act on, so the few
lines here do it and raise :class:`munu.DataError` messages that name the file, the row and
what is accepted.

Example:
    >>> table = read_table("xenonnt-sr0/efficiency", columns=2, bundled=True)
    >>> table.shape[1], float(table[-1, 1]) > 0.8
    (2, True)
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu.errors import DataError

__all__ = ["BUNDLED", "MAX_TABLE_BYTES", "bundled_path", "read_table", "resolve_path"]

#: Bundled tables: name → (package folder under ``munu/data``, file name). Sources, units and
#: hashes are in each folder's ``README.md``.
BUNDLED: dict[str, tuple[str, str]] = {
    "xenonnt-sr0/events": ("xenonnt_sr0", "data_unbinned_1to30kev.txt"),
    "xenonnt-sr0/efficiency": ("xenonnt_sr0", "efficiency.txt"),
    "xenonnt-sr0/background": ("xenonnt_sr0", "bkg_model.txt"),
    "xenonnt-sr0/binned": ("xenonnt_sr0", "data_bin30.txt"),
}

#: Largest table file munu reads (bytes).
MAX_TABLE_BYTES = 50_000_000


def bundled_path(name: str) -> Any:
    """The packaged resource of a bundled table name (see :data:`BUNDLED`)."""
    if name not in BUNDLED:
        raise DataError(f"unknown bundled data set {name!r}; known: {', '.join(sorted(BUNDLED))}")
    folder, file = BUNDLED[name]
    return resources.files("munu") / "data" / folder / file


def resolve_path(ref: str, base_dir: str | Path | None) -> Path:
    """The file a card's ``file:`` entry points to (relative to ``base_dir``)."""
    p = Path(ref).expanduser()
    if not p.is_absolute():
        p = Path(base_dir if base_dir is not None else Path.cwd()) / p
    return p


def _text(ref: str, bundled: bool, base_dir: str | Path | None) -> tuple[str, str]:
    if bundled:
        res = bundled_path(ref)
        return res.read_text(encoding="utf-8"), f"bundled:{ref}"
    path = resolve_path(ref, base_dir)
    try:
        if not path.is_file():
            raise DataError(f"data file {str(path)!r} does not exist (named {ref!r} in the card)")
        if path.stat().st_size > MAX_TABLE_BYTES:
            raise DataError(f"data file {str(path)!r} is larger than {MAX_TABLE_BYTES} bytes")
        return path.read_text(encoding="utf-8-sig"), str(path)
    except OSError as err:
        raise DataError(f"cannot read data file {str(path)!r}: {err}") from None
    except UnicodeDecodeError:
        raise DataError(f"data file {str(path)!r} is not a text file") from None


def read_table(
    ref: str,
    *,
    columns: int,
    bundled: bool = False,
    base_dir: str | Path | None = None,
) -> NDArray[np.float64]:
    """Read a numeric table with at least ``columns`` columns (extra columns are ignored).

    Args:
        ref: file path, or bundled name when ``bundled``.
        columns: how many leading columns are needed.
        bundled: ``ref`` is a name of :data:`BUNDLED`.
        base_dir: folder relative paths are taken from.

    Returns:
        Array of shape (rows, columns).

    Raises:
        DataError: missing or unreadable file, too few columns, text or NaN in a row, no rows.
    """
    text, where = _text(ref, bundled, base_dir)
    rows: list[list[float]] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.replace(",", " ").replace(";", " ").split()
        try:
            values = [float(v) for v in parts[:columns]]
        except ValueError:
            if not rows and lineno == _first_content_line(text):
                continue  # a header line
            raise DataError(
                f"{where}, line {lineno}: expected {columns} number(s), got {raw.strip()[:60]!r}"
            ) from None
        if len(values) < columns:
            raise DataError(
                f"{where}, line {lineno}: expected {columns} column(s), got {len(parts)}"
            )
        if not all(np.isfinite(values)):
            raise DataError(f"{where}, line {lineno}: NaN or infinite value")
        rows.append(values)
    if not rows:
        raise DataError(f"{where}: no data rows")
    return np.asarray(rows, dtype=float)


def _first_content_line(text: str) -> int:
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if raw.split("#", 1)[0].strip():
            return lineno
    return 0


def file_sha256(ref: str, *, bundled: bool = False, base_dir: str | Path | None = None) -> str:
    """SHA-256 of a table's text (what a card's digest and a report record)."""
    text, _ = _text(ref, bundled, base_dir)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
