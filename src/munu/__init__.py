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

import importlib
from typing import TYPE_CHECKING, Any

from munu._version import __version__
from munu.errors import (
    CardError,
    ConvergenceError,
    DataError,
    InputError,
    MunuError,
    MunuWarning,
    UnknownNameError,
)

if TYPE_CHECKING:
    from munu.detectors import Resolution, Response, Target, material
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

#: Public names imported on first access (PEP 562), so that ``import munu`` (and the command
#: line's ``--help``/``--version``) does not load scipy.special, scipy.optimize, scipy.integrate
#: and the data tables: name → module defining it.
_LAZY: dict[str, str] = {
    "Resolution": "munu.detectors",
    "Response": "munu.detectors",
    "Target": "munu.detectors",
    "material": "munu.detectors",
    "Card": "munu.experiments",
    "load_card": "munu.experiments",
    "Nucleus": "munu.interactions",
    "couplings": "munu.interactions",
    "dsigma_dt": "munu.interactions",
    "dsigma_dt_cevns": "munu.interactions",
    "dsigma_dt_magnetic": "munu.interactions",
    "dsigma_dt_weak": "munu.interactions",
    "enu_min_mev": "munu.interactions",
    "sigma_magnetic_integral": "munu.interactions",
    "sigma_total": "munu.interactions",
    "sigma_weak_integral": "munu.interactions",
    "t_max_mev": "munu.interactions",
    "NUFIT60": "munu.mixing",
    "OscillationParameters": "munu.mixing",
    "oscillation_parameters": "munu.mixing",
    "pmns": "munu.mixing",
    "MomentMatrix": "munu.moments",
    "effective_moment": "munu.moments",
    "effective_moment_squared": "munu.moments",
    "effective_moment_squared_from_fractions": "munu.moments",
    "effective_moment_squared_incoherent": "munu.moments",
    "msm_dirac_moment": "munu.moments",
    "radiative_decay_rate": "munu.moments",
    "radiative_lifetime_bound": "munu.moments",
    "mu_sensitivity_scaling": "munu.scaling",
    "DecayAtRest": "munu.sources",
    "Reactor": "munu.sources",
    "Solar": "munu.sources",
    "Tabulated": "munu.sources",
    "Tritium": "munu.sources",
    "Exposure": "munu.spectra",
    "Spectrum": "munu.spectra",
    "expected_spectrum": "munu.spectra",
    "rate_summary": "munu.model",
    "signal_to_sm_ratio": "munu.spectra",
}

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


def __getattr__(name: str) -> Any:
    """Import a public name (or a subpackage such as ``munu.stats``) on first access."""
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    else:
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
