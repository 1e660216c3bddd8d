"""munu's version, read from the installed distribution's metadata (set in pyproject.toml).

Kept in its own tiny module so that ``munu --version`` and ``munu --help`` need neither numpy
nor scipy: :mod:`importlib.metadata` reads the version that hatchling wrote from
``[project] version`` of pyproject.toml, the one place it is defined.

Example:
    >>> from munu._version import __version__
    >>> __version__.count(".") >= 1
    True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__: str = version("munu")
except PackageNotFoundError:  # pragma: no cover - running from a source tree never installed
    __version__ = "0+unknown"
