"""Expected sensitivity: Asimov bands vs Gaussian closed form, toys vs FC exact."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from munu.stats import CountingModel, GaussianResidualModel, expected_sensitivity


def test_asymptotic_gaussian_bands() -> None:
    """Gaussian model: band N of CLs+b is σ(Φ⁻¹(0.9) + N) (CCGV Eq. 89), 0 when negative."""
    m = GaussianResidualModel([0.0], [2.0], [1.0])
    res = expected_sensitivity(m, statistic="clsb")
    z = stats.norm.isf(0.1)
    expect = [max(0.0, 2.0 * (z + n)) for n in (-2, -1, 0, 1, 2)]
    assert np.allclose(res.quantiles, expect, atol=1e-6)
    cls = expected_sensitivity(m)
    assert cls.median == pytest.approx(2.0 * stats.norm.isf(0.05), rel=1e-6)
    assert cls.band_2sigma[0] > 0


def test_toys_zero_background() -> None:
    """b = 0: every pseudo-experiment sees n = 0, limit = FC 2.44 within the grid step."""
    res = expected_sensitivity(
        CountingModel(0.0, 1.0),
        method="toys",
        kappa_grid=np.linspace(0, 5, 101),
        n_toys=100,
        n_toys_belt=4000,
        seed=1,
    )
    assert res.median == pytest.approx(2.44, abs=0.12)
    assert res.band_1sigma[0] == res.band_1sigma[1] == res.median


def test_asymptotic_bands_scale_with_signal_normalisation():
    """κ bands are exactly inversely proportional to the signal per unit κ: a model with
    signal per κ scaled by 1e22 (κ ~ μ² ~ 1e-22 μ_B², as in real experiments) must give bands
    1e-22 times those of the unscaled model (regression: an absolute root tolerance returned
    unrefined brackets, powers of two apart)."""
    import numpy as np

    from munu.stats import OnOffModel, expected_sensitivity

    signal = np.linspace(2.0, 1.0, 12)
    kwargs = {
        "sm_on": np.full(12, 0.1),
        "exposure_on": 200.0,
        "exposure_off": 50.0,
        "background": np.full(12, 2.0),
    }
    unit = expected_sensitivity(OnOffModel(signal_per_kappa=signal, **kwargs), 0.9)
    tiny = expected_sensitivity(OnOffModel(signal_per_kappa=signal * 1e22, **kwargs), 0.9)
    np.testing.assert_allclose(tiny.quantiles * 1e22, unit.quantiles, rtol=1e-6, atol=0)
    q = unit.quantiles
    assert np.all(np.diff(q) > 0)
    assert not np.isclose(q[1] / q[2], 0.5, rtol=1e-6)
