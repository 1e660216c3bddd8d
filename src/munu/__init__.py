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

from munu.detectors import Resolution, Response, Target, material
from munu.errors import (
    CardError,
    ConvergenceError,
    DataError,
    InputError,
    MunuError,
    MunuWarning,
    UnknownNameError,
)
from munu.experiments import Card, load_card
from munu.interactions import (
    Nucleus,
    couplings,
    dsigma_dt,
    dsigma_dt_cevns,
    dsigma_dt_magnetic,
    dsigma_dt_weak,
    enu_min_mev,
    sigma_magnetic_integral,
    sigma_total,
    sigma_weak_integral,
    t_max_mev,
)
from munu.mixing import NUFIT60, OscillationParameters, oscillation_parameters, pmns
from munu.model import rate_summary
from munu.moments import (
    MomentMatrix,
    effective_moment,
    effective_moment_squared,
    effective_moment_squared_from_fractions,
    effective_moment_squared_incoherent,
    msm_dirac_moment,
    radiative_decay_rate,
    radiative_lifetime_bound,
)
from munu.scaling import mu_sensitivity_scaling
from munu.sources import DecayAtRest, Reactor, Solar, Tabulated, Tritium
from munu.spectra import (
    Exposure,
    Spectrum,
    expected_spectrum,
    signal_to_sm_ratio,
)

__version__ = "0.1.0"

__all__ = [
    "NUFIT60",
    "Card",
    "CardError",
    "ConvergenceError",
    "DataError",
    "DecayAtRest",
    "Exposure",
    "InputError",
    "MomentMatrix",
    "MunuError",
    "MunuWarning",
    "Nucleus",
    "OscillationParameters",
    "Reactor",
    "Resolution",
    "Response",
    "Solar",
    "Spectrum",
    "Tabulated",
    "Target",
    "Tritium",
    "UnknownNameError",
    "__version__",
    "couplings",
    "dsigma_dt",
    "dsigma_dt_cevns",
    "dsigma_dt_magnetic",
    "dsigma_dt_weak",
    "effective_moment",
    "effective_moment_squared",
    "effective_moment_squared_from_fractions",
    "effective_moment_squared_incoherent",
    "enu_min_mev",
    "expected_spectrum",
    "load_card",
    "material",
    "msm_dirac_moment",
    "mu_sensitivity_scaling",
    "oscillation_parameters",
    "pmns",
    "radiative_decay_rate",
    "radiative_lifetime_bound",
    "rate_summary",
    "sigma_magnetic_integral",
    "sigma_total",
    "sigma_weak_integral",
    "signal_to_sm_ratio",
    "t_max_mev",
]
