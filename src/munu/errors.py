"""The munu exception hierarchy.

Every error munu raises on bad input is a :class:`MunuError`. Messages say what was wrong,
where (the argument or card field), the offending value, and what is accepted.

Example:
    >>> import munu
    >>> try:
    ...     munu.dsigma_dt(-1.0, 1.0, "nuebar")
    ... except munu.InputError as err:
    ...     print(err.field)
    t_mev
"""

from __future__ import annotations

import reprlib
from typing import Any

__all__ = [
    "CardError",
    "ConvergenceError",
    "DataError",
    "InputError",
    "MunuError",
    "MunuWarning",
    "UnknownNameError",
]


class MunuError(Exception):
    """Root of every error munu raises deliberately."""


class InputError(MunuError, ValueError):
    """An argument has a value munu cannot use.

    Args:
        field: name of the argument or card field.
        value: the offending value (shown shortened).
        accepted: what would have been accepted.
    """

    def __init__(self, field: str, value: Any, accepted: str) -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(f"{field}={_short(value)} is not accepted: expected {accepted}")


class UnknownNameError(InputError, KeyError):
    """A name (flavour, isotope, material, solar component, detector...) is not known."""

    def __init__(self, field: str, value: Any, known: list[str] | tuple[str, ...]) -> None:
        super().__init__(field, value, "one of " + ", ".join(repr(k) for k in known))

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return Exception.__str__(self)


class CardError(MunuError):
    """An experiment card is missing, unreadable or does not match the schema."""


class DataError(MunuError):
    """Measured data (counts, spectra, files) are malformed or inconsistent."""


class ConvergenceError(MunuError):
    """A fit or root search did not converge; no result is reported from it."""


class MunuWarning(UserWarning):
    """A result is returned, but part of it rests on an assumption that may not hold (e.g. a
    threshold below the detector's noise edge). Turn it into an error with
    ``warnings.simplefilter("error", munu.MunuWarning)``."""


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxdict = _REPR.maxlist = _REPR.maxtuple = _REPR.maxset = 6
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 60


def bounded_repr(value: Any, limit: int = 80) -> str:
    """A ``repr`` of ``value`` at most ``limit`` characters long, computed without ever
    building the full text (a YAML alias bomb or a 100,000-edge list stays cheap).

    Example:
        >>> from munu.errors import bounded_repr
        >>> bounded_repr(list(range(10**6)))
        '[0, 1, 2, 3, 4, 5, ...]'
        >>> len(bounded_repr("x" * 10**6)) <= 80
        True
    """
    try:
        text = _REPR.repr(value)
    except Exception:  # a broken __repr__ must not replace the error being reported
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def bounded_text(text: str, limit: int = 600) -> str:
    """``text`` cut to ``limit`` characters (messages built from input stay short).

    Example:
        >>> from munu.errors import bounded_text
        >>> bounded_text("a" * 1000, 10)
        'aaaaaaa...'
    """
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short(value: Any, limit: int = 80) -> str:
    return bounded_repr(value, limit)
