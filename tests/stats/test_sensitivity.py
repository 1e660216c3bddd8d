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
