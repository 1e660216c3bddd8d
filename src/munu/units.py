"""Unit conventions of munu, built on :mod:`hepunits`.

Internally every energy is a plain float in MeV (hepunits' base unit), cross sections are in
cm², fluxes in cm⁻² s⁻¹ (differential: per MeV), and magnetic moments are in Bohr magnetons.
Public functions say their units in argument names (``energy_mev``, ``t_kev``); use these
helpers to convert once at the boundary.

Example:
    >>> from munu.units import kev, to_kev
    >>> 12 * kev
    0.012
    >>> to_kev(0.012)
    12.0
"""

from __future__ import annotations

import hepunits as _hu
import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["DAY_S", "YEAR_S", "ev", "gev", "kev", "mev", "to_kev", "to_mev"]

#: One MeV (hepunits' base energy unit).
mev: float = _hu.MeV
#: One keV in MeV.
kev: float = _hu.keV
#: One eV in MeV.
ev: float = _hu.eV
#: One GeV in MeV.
gev: float = _hu.GeV
#: Seconds per day.
DAY_S: float = 86400.0
#: Seconds per Julian year.
YEAR_S: float = 365.25 * DAY_S


def to_kev(energy_mev: ArrayLike) -> NDArray[np.float64] | float:
    """Convert an energy in MeV to keV."""
    out = np.asarray(energy_mev, dtype=float) / kev
    return float(out) if out.ndim == 0 else out


def to_mev(energy_kev: ArrayLike) -> NDArray[np.float64] | float:
    """Convert an energy in keV to MeV."""
    out = np.asarray(energy_kev, dtype=float) * kev
    return float(out) if out.ndim == 0 else out
