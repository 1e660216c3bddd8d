"""Every method gives the same μ limit whatever the units of κ.

κ = μ² is ~1e-22 μ_B² for real experiments; a tolerance or starting point that is absolute in
κ silently returns wrong limits there (regression: asymptotic and Bayesian limits were off by
factors 2 to 1e13 when the signal per κ was 1e22 instead of 1). Each model is evaluated with
its signal per κ multiplied by 1e22; the κ limit must be 1e-22 times the unscaled one.
"""

import numpy as np
import pytest

from munu.stats import (
    BinnedModel,
    CountingModel,
    GaussianResidualModel,
    OnOffModel,
    asymptotic_upper_limit,
    bayesian_upper_limit,
    expected_sensitivity,
    fc_upper_limit,
)

SCALE = 1e22


def _models(scale: float):
    s = np.linspace(2.0, 1.0, 8)
    return {
        "onoff": OnOffModel(
            signal_per_kappa=s * scale,
            sm_on=np.full(8, 0.1),
            exposure_on=200.0,
            exposure_off=50.0,
            background=np.full(8, 2.0),
        ),
        "counting": CountingModel(
            background=2.3, signal_per_kappa=1.5 * scale, background_sigma=0.4
        ),
        "binned": BinnedModel(
            signal_per_kappa=s * 10 * scale, background=np.full(8, 50.0), background_sigma=0.1
        ),
        "residual": GaussianResidualModel(
            residual=np.linspace(-0.5, 0.5, 8), sigma=np.full(8, 1.0), signal_per_kappa=s * scale
        ),
    }


def _data(name, model):
    if name == "residual":
        return model.residual
    rng = np.random.default_rng(11)
    return model.sample(0.0, 1, rng)[0]


@pytest.mark.parametrize("name", ["onoff", "counting", "binned", "residual"])
def test_limits_scale_with_kappa_units(name):
    unit, tiny = _models(1.0)[name], _models(SCALE)[name]
    data = _data(name, unit)
    for method in (asymptotic_upper_limit, bayesian_upper_limit):
        a = method(unit, data).limit
        b = method(tiny, data).limit * SCALE
        assert b == pytest.approx(a, rel=1e-5, abs=0), method.__name__
    sa = expected_sensitivity(unit, 0.9).quantiles
    sb = expected_sensitivity(tiny, 0.9).quantiles * SCALE
    np.testing.assert_allclose(sb, sa, rtol=1e-5, atol=0)


def test_fc_scales_with_kappa_units():
    unit, tiny = _models(1.0)["onoff"], _models(SCALE)["onoff"]
    data = _data("onoff", unit)
    grid = np.linspace(0.0, 0.4, 21)
    a = fc_upper_limit(unit, data, grid, n_toys=500, seed=5).limit
    b = fc_upper_limit(tiny, data, grid / SCALE, n_toys=500, seed=5).limit * SCALE
    assert b == pytest.approx(a, rel=1e-9, abs=0)
