"""Statistical inference for binned models linear in κ = μ² (90 % CL upper limits).

Models (:mod:`munu.stats.models`; event lists: :mod:`munu.stats.unbinned`) are plain arrays
(signal per unit κ, backgrounds, exposures); methods (:mod:`munu.stats.limits`,
:mod:`munu.stats.bayes`, :mod:`munu.stats.sensitivity`, exact intervals in
:mod:`munu.stats.fc`) take a model and data.

Example:
    >>> from munu.stats import fc_poisson_interval
    >>> [round(v, 2) for v in fc_poisson_interval(0, 0.0)]
    [0.0, 2.44]
"""

from munu.stats.bayes import bayesian_upper_limit
from munu.stats.data import (
    BinnedSpectrum,
    OnOffSpectrum,
    bin_events,
    from_hist,
    read_dresden_ii,
    read_root_th1,
    read_spectrum_table,
)
from munu.stats.fc import fc_gaussian_interval, fc_poisson_interval
from munu.stats.limits import (
    LimitResult,
    asymptotic_upper_limit,
    fc_upper_limit,
    profile_likelihood_interval,
    residual_unified_limit,
    toy_cls_upper_limit,
)
from munu.stats.models import (
    BinnedModel,
    CountingModel,
    FitResult,
    GaussianResidualModel,
    LinearModel,
    OnOffModel,
    ProfileResult,
    forward_backward_model,
)
from munu.stats.sensitivity import SensitivityResult, expected_sensitivity
from munu.stats.toys import chunk_seeds
from munu.stats.unbinned import UnbinnedModel

__all__ = [
    "BinnedModel",
    "BinnedSpectrum",
    "CountingModel",
    "FitResult",
    "GaussianResidualModel",
    "LimitResult",
    "LinearModel",
    "OnOffModel",
    "OnOffSpectrum",
    "ProfileResult",
    "SensitivityResult",
    "UnbinnedModel",
    "asymptotic_upper_limit",
    "bayesian_upper_limit",
    "bin_events",
    "chunk_seeds",
    "expected_sensitivity",
    "fc_gaussian_interval",
    "fc_poisson_interval",
    "fc_upper_limit",
    "forward_backward_model",
    "from_hist",
    "profile_likelihood_interval",
    "read_dresden_ii",
    "read_root_th1",
    "read_spectrum_table",
    "residual_unified_limit",
    "toy_cls_upper_limit",
]
