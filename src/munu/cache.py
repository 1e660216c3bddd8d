"""On-disk cache of expected spectra, keyed by the content of their inputs.

:func:`cached_expected_spectrum` is :func:`munu.spectra.expected_spectrum` with a cache: the
key is a SHA-256 digest of the *content* of every argument (source, target, response, bin
edges, exposure, background and options — floats exactly, arrays by their bytes), of the
munu version, of :data:`CACHE_SCHEMA` and of the installed munu code and data files, so an
entry is reused only when the same computation would be repeated. A card's
:meth:`~munu.experiments.Card.expected_spectrum` (hence every CLI command) goes through it, so
a second ``munu rate``/``limit``/``report`` call on the same card does not recompute.

* Location: ``$MUNU_CACHE_DIR`` if set, else the platform cache directory
  (``$XDG_CACHE_HOME/munu`` or ``~/.cache/munu`` on Linux, ``~/Library/Caches/munu`` on
  macOS, ``%LOCALAPPDATA%\\munu\\Cache`` on Windows).
* Opt-out: ``MUNU_CACHE=0`` (or ``false``/``no``/``off``) in the environment, or
  ``cache=False``.
* Entries are ``.npz`` files (arrays, ``allow_pickle=False``) plus JSON metadata, written
  atomically (:mod:`munu._io`); an unreadable or corrupt entry is recomputed and replaced.
* Inputs whose content cannot be fingerprinted (a Python callable such as an efficiency
  function, an object of a class defined outside munu) are never cached: the spectrum is
  computed as without the cache.

Hand-written because the well-kept caches (``joblib.Memory``, ``diskcache``) key on pickles
of the arguments, which are not stable for objects carrying functions or caches, and would add
a dependency for ~150 lines.

Example (the test suite points ``MUNU_CACHE_DIR`` at a fresh temporary directory):
    >>> from munu.detectors import Target
    >>> from munu.sources.reactor import Reactor
    >>> from munu.spectra import Exposure
    >>> args = (Reactor(2.9, 28.0), Target("Ge", 1.0), None, [12.0, 24.0], Exposure(10.0))
    >>> first = cached_expected_spectrum(*args)
    >>> len(list(cache_dir().glob("spectrum-*.npz")))
    1
    >>> bool((cached_expected_spectrum(*args).weak == first.weak).all())
    True
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import io
import json
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "CACHE_SCHEMA",
    "cache_dir",
    "cache_enabled",
    "cached_expected_spectrum",
    "clear_cache",
    "fingerprint",
]

#: Version of the cache key and entry layout; bump it when either changes.
CACHE_SCHEMA = 1
_PREFIX = "spectrum-"
_OFF = frozenset({"0", "false", "no", "off"})
_MAX_DEPTH = 24


class _Uncacheable(Exception):
    """An input whose content cannot be fingerprinted."""


def cache_dir() -> Path:
    """The cache directory: ``$MUNU_CACHE_DIR`` or the platform cache directory + ``munu``.

    Example:
        >>> cache_dir() == Path(os.environ["MUNU_CACHE_DIR"])  # as set by the test suite
        True
    """
    env = os.environ.get("MUNU_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / "munu" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "munu"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "munu"


def cache_enabled() -> bool:
    """False when ``MUNU_CACHE`` is ``0``, ``false``, ``no`` or ``off`` (any case).

    Example:
        >>> os.environ["MUNU_CACHE"] = "Off"; cache_enabled()
        False
        >>> os.environ.pop("MUNU_CACHE"); cache_enabled()
        'Off'
        True
    """
    return os.environ.get("MUNU_CACHE", "1").strip().lower() not in _OFF


def _canon(obj: Any, depth: int = 0) -> Any:
    """A JSON-able canonical description of ``obj``'s content (raises _Uncacheable)."""
    if depth > _MAX_DEPTH:
        raise _Uncacheable("nested too deeply")
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, enum.Enum):
        return ["enum", type(obj).__qualname__, obj.name]
    if isinstance(obj, int | np.integer):
        return ["int", int(obj)]
    if isinstance(obj, float | np.floating):
        return ["float", float(obj).hex()]
    if isinstance(obj, np.ndarray):
        if obj.dtype.hasobject:
            return ["objarray", list(obj.shape), [_canon(x, depth + 1) for x in obj.ravel()]]
        data = np.ascontiguousarray(obj)
        digest = hashlib.sha256(data.tobytes()).hexdigest()
        return ["ndarray", data.dtype.str, list(data.shape), digest]
    if isinstance(obj, list | tuple | frozenset | set):
        items = [_canon(x, depth + 1) for x in obj]
        if isinstance(obj, frozenset | set):
            items.sort(key=lambda x: json.dumps(x, sort_keys=True))
        return [type(obj).__name__, items]
    if isinstance(obj, Mapping):
        pairs = [[_canon(k, depth + 1), _canon(v, depth + 1)] for k, v in obj.items()]
        pairs.sort(key=lambda kv: json.dumps(kv[0], sort_keys=True))
        return ["mapping", pairs]
    cls = type(obj)
    module = getattr(cls, "__module__", "") or ""
    if not (module == "munu" or module.startswith("munu.")):
        raise _Uncacheable(f"{module}.{cls.__qualname__} is not a munu type")
    if callable(obj) and not dataclasses.is_dataclass(obj) and not hasattr(obj, "__dict__"):
        raise _Uncacheable("a callable")
    state: dict[str, Any] = {}
    if dataclasses.is_dataclass(obj):
        state.update({f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
    if hasattr(obj, "__dict__"):
        state.update(vars(obj))
    for name in getattr(cls, "__slots__", ()):
        if hasattr(obj, name):
            state[name] = getattr(obj, name)
    for value in state.values():
        if callable(value) and (
            isinstance(value, functools.partial) or getattr(value, "__code__", None) is not None
        ):
            raise _Uncacheable("a function-valued attribute")
    return ["object", f"{module}.{cls.__qualname__}", _canon(state, depth + 1)]


@functools.cache
def _code_digest() -> str:
    """SHA-256 of munu's installed code and data files (a stale entry can never be reused)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(str(path.relative_to(root)).encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def fingerprint(*args: Any, **kwargs: Any) -> str | None:
    """Content digest of the arguments (with munu version, schema and code), or ``None``.

    ``None`` means some argument cannot be fingerprinted (see the module docstring).

    Example:
        >>> from munu.detectors import Target
        >>> fingerprint(Target("Ge", 1.0)) == fingerprint(Target("Ge", 1.0))
        True
        >>> fingerprint(Target("Ge", 1.0)) == fingerprint(Target("Ge", 2.0))
        False
        >>> fingerprint(lambda e: e) is None
        True
    """
    from munu import __version__

    try:
        desc = _canon([list(args), dict(kwargs)])
    except _Uncacheable:
        return None
    payload = json.dumps(
        {"schema": CACHE_SCHEMA, "version": __version__, "code": _code_digest(), "args": desc},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# -- entries ------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Spectrum ``info`` values as JSON (munu dataclasses tagged so they can be rebuilt)."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ["float", value.hex()]
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {"__mapping__": [[str(k), _jsonable(v)] for k, v in value.items()]}
    cls = type(value)
    if dataclasses.is_dataclass(value) and cls.__module__.startswith("munu."):
        fields = {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__dataclass__": [cls.__module__, cls.__qualname__], "fields": fields}
    raise _Uncacheable(f"info value of type {cls.__qualname__}")


def _from_jsonable(value: Any) -> Any:
    if isinstance(value, list):
        if len(value) == 2 and value[0] == "float" and isinstance(value[1], str):
            return float.fromhex(value[1])
        return [_from_jsonable(v) for v in value]
    if isinstance(value, dict):
        if "__mapping__" in value:
            return {k: _from_jsonable(v) for k, v in value["__mapping__"]}
        module, qualname = value["__dataclass__"]
        if not module.startswith("munu."):
            raise ValueError(module)
        import importlib

        cls = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        return cls(**{k: _from_jsonable(v) for k, v in value["fields"].items()})
    return value


def _encode(spec: Any) -> bytes:
    from munu.spectra import Exposure

    assert isinstance(spec.exposure, Exposure)
    meta = {
        "schema": CACHE_SCHEMA,
        "channels": list(spec.magnetic),
        "magnetic_basis": spec.magnetic_basis,
        "live_days": spec.exposure.live_days,
        "off_days": spec.exposure.off_days,
        "mass_kg": spec.mass_kg,
        "units": spec.units,
        "info": _jsonable(dict(spec.info)),
    }
    arrays = {
        "edges_kev": spec.edges_kev,
        "weak": spec.weak,
        "cevns": spec.cevns,
        "background": spec.background,
        **{f"magnetic_{i}": arr for i, arr in enumerate(spec.magnetic.values())},
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
    }
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _decode(data: bytes) -> Any:
    from munu.spectra import Exposure, Spectrum

    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        meta = json.loads(npz["meta"].tobytes().decode())
        if meta["schema"] != CACHE_SCHEMA:
            raise ValueError("cache schema")
        magnetic = {k: npz[f"magnetic_{i}"] for i, k in enumerate(meta["channels"])}
        return Spectrum(
            edges_kev=npz["edges_kev"],
            weak=npz["weak"],
            magnetic=magnetic,
            magnetic_basis=meta["magnetic_basis"],
            cevns=npz["cevns"],
            background=npz["background"],
            exposure=Exposure(meta["live_days"], meta["off_days"]),
            mass_kg=meta["mass_kg"],
            units=meta["units"],
            info=_from_jsonable(meta["info"]),
        )


def cached_expected_spectrum(*args: Any, cache: bool | None = None, **kwargs: Any) -> Any:
    """:func:`munu.spectra.expected_spectrum` through the on-disk cache.

    Args:
        args: positional arguments of :func:`~munu.spectra.expected_spectrum`.
        cache: ``False`` to bypass the cache, ``True`` to use it even with ``MUNU_CACHE=0``,
            ``None`` (default) to follow ``MUNU_CACHE``.
        kwargs: keyword arguments of :func:`~munu.spectra.expected_spectrum`.

    Returns:
        The :class:`~munu.spectra.Spectrum`, from the cache when an entry for the same
        inputs exists, else computed (and stored).
    """
    from munu._io import atomic_write_bytes
    from munu.spectra import expected_spectrum

    use = cache_enabled() if cache is None else bool(cache)
    key = fingerprint(*args, **kwargs) if use else None
    if key is None:
        return expected_spectrum(*args, **kwargs)
    path = cache_dir() / f"{_PREFIX}{key}.npz"
    try:
        return _decode(path.read_bytes())
    except FileNotFoundError:
        pass
    except Exception:  # any corrupt or foreign entry is recomputed
        path.unlink(missing_ok=True)
    spec = expected_spectrum(*args, **kwargs)
    # a read-only or full disk, or an info value that JSON cannot hold: just do not cache
    with contextlib.suppress(OSError, _Uncacheable):
        atomic_write_bytes(path, _encode(spec))
    return spec


def clear_cache() -> int:
    """Delete every cached spectrum; returns the number of files removed.

    Example:
        >>> clear_cache()  # the test suite starts each test with an empty cache
        0
    """
    folder = cache_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob(f"{_PREFIX}*.npz"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed
