"""Input checks shared by every module: turn bad numbers into :class:`munu.InputError`.

Hand-written because the checks must name munu's own argument names and raise munu's own
exception types; no library does that for plain numpy inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu.errors import InputError, UnknownNameError


def as_float_array(
    value: Any,
    field: str,
    *,
    nonnegative: bool = False,
    positive: bool = False,
    allow_empty: bool = True,
) -> NDArray[np.float64]:
    """Return ``value`` as a float array, rejecting NaN, infinities and (optionally) signs."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(field, value, "a real number or an array of real numbers") from None
    if not allow_empty and arr.size == 0:
        raise InputError(field, value, "a non-empty array")
    if not np.all(np.isfinite(arr)):
        raise InputError(field, value, "finite numbers (no NaN or infinity)")
    if positive and np.any(arr <= 0):
        raise InputError(field, value, "values > 0")
    if nonnegative and np.any(arr < 0):
        raise InputError(field, value, "values ≥ 0")
    return arr


def as_float(value: Any, field: str, *, nonnegative: bool = False, positive: bool = False) -> float:
    """Return a scalar float with the same checks as :func:`as_float_array`."""
    arr = as_float_array(value, field, nonnegative=nonnegative, positive=positive)
    if arr.ndim != 0:
        raise InputError(field, value, "a single number")
    return float(arr)


def check_choice(value: Any, field: str, known: list[str] | tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``known``; else raise :class:`UnknownNameError`."""
    if not isinstance(value, str) or value not in known:
        raise UnknownNameError(field, value, list(known))
    return value
