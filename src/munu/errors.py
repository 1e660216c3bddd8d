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


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
