"""munu: neutrino magnetic-moment physics.

From a neutrino source and a detector to expected spectra, from measured spectra to limits,
from limits to the fundamental moment matrix, radiative decay and astrophysics. The system is
the one surveyed in H.T. Wong, "Neutrino Magnetic Moments: Status and Prospects",
hep-ex/0409003.

Example:
    >>> import munu
    >>> round(munu.msm_dirac_moment(1.0) / 1e-19, 2)
    3.2
"""

from __future__ import annotations

from munu.errors import (
    CardError,
    ConvergenceError,
    DataError,
    InputError,
    MunuError,
    UnknownNameError,
)

__version__ = "0.1.0"

__all__ = [
    "CardError",
    "ConvergenceError",
    "DataError",
    "InputError",
    "MunuError",
    "UnknownNameError",
    "__version__",
]
