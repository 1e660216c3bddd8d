"""Conventions shared by the global fit: CL thresholds, input checks, kind names.

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

from typing import Any

from scipy import stats

from munu._validate import as_float, check_choice
from munu.errors import InputError

#: Kinds of :class:`Arrival`.
ARRIVAL_KINDS: tuple[str, ...] = ("coherent", "solar", "fractions")
#: χ² forms of :class:`EffectiveMomentConstraint`.
FORMS: tuple[str, ...] = ("gaussian", "poisson", "table", "function")
#: What :func:`run_global_fit` can bound.
FIT_KINDS: tuple[str, ...] = ("majorana", "dirac", "dirac-diagonal")
_SIDES: tuple[str, ...] = ("one", "two")
_NEGATIVE: tuple[str, ...] = ("keep", "clip")


# -- conventions ----------------------------------------------------------------------------
def _check_cl(cl: Any) -> float:
    value = as_float(cl, "cl")
    if not 0.0 < value < 1.0:
        raise InputError("cl", cl, "a confidence level strictly between 0 and 1")
    return value


def _z_value(cl: float, sided: str) -> float:
    """z with P(Z < z) = CL (one-sided) or P(|Z| < z) = CL (two-sided)."""
    side = check_choice(sided, "sided", _SIDES)
    c = _check_cl(cl)
    return float(stats.norm.ppf(c if side == "one" else 0.5 * (1.0 + c)))


def delta_chi2_threshold(cl: float = 0.9, sided: str = "one") -> float:
    """Δχ² that defines a CL upper limit on one parameter.

    ``"one"``: z² with z = Φ⁻¹(CL) — the one-sided bound for a parameter at its physical
    boundary, whose Δχ² is distributed as ½δ(0) + ½χ²₁ (Chernoff 1954); 1.642 at 90 %.
    ``"two"``: the χ²₁ quantile, 2.706 at 90 % (the usual "1 d.o.f." choice of the global
    analyses, e.g. Grimus et al. 2003).

    Example:
        >>> round(delta_chi2_threshold(0.9), 3), round(delta_chi2_threshold(0.9, "two"), 3)
        (1.642, 2.706)
    """
    return _z_value(cl, sided) ** 2
