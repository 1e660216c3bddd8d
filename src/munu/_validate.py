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


#: Largest |μ| (μ_B) any calculation accepts: far above every bound (laboratory limits are
#: ~1e-11 μ_B), and small enough that μ² and every rate scaled by it stay finite.
MAX_MOMENT_MU_B = 1e-3


def as_moment(value: Any, field: str = "mu") -> float:
    """A magnetic moment in μ_B: finite, |μ| ≤ :data:`MAX_MOMENT_MU_B` (``--mu 1e300`` would
    overflow μ²).

    Example:
        >>> as_moment(1e-10)
        1e-10
        >>> as_moment(1e300)
        Traceback (most recent call last):
        ...
        munu.errors.InputError: mu=1e+300 is not accepted: expected |μ| ≤ 0.001 μ_B ...
    """
    mu = as_float(value, field)
    if abs(mu) > MAX_MOMENT_MU_B:
        raise InputError(
            field, value, f"|μ| ≤ {MAX_MOMENT_MU_B:g} μ_B (laboratory bounds are ~1e-11 μ_B)"
        )
    return mu
