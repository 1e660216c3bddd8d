"""Limits: FC toys, asymptotic vs toys, determinism, chunk invariance, residual + FC."""

from __future__ import annotations

import numpy as np
import pytest

from munu.errors import InputError
from munu.stats import (
    CountingModel,
    GaussianResidualModel,
    OnOffModel,
    asymptotic_upper_limit,
    chunk_seeds,
    fc_gaussian_interval,
    fc_upper_limit,
    residual_unified_limit,
    toy_cls_upper_limit,
)


def _onoff() -> OnOffModel:
    e = np.linspace(1.0, 5.0, 6)
    return OnOffModel(3.0 / e, np.full(6, 0.5), 1.0, 0.5, background=np.full(6, 4.0))


def test_determinism_and_chunk_invariance() -> None:
    m = _onoff()
    d = m.sample(0.5, 1, np.random.default_rng(0))[0]
    grid = np.linspace(0, 5, 11)
    a = fc_upper_limit(m, d, grid, n_toys=1200, seed=9)
    b = fc_upper_limit(m, d, grid, n_toys=1200, seed=9, chunk_elements=6_000)
    c = fc_upper_limit(m, d, grid, n_toys=1200, seed=10)
    assert np.array_equal(a.critical_values, b.critical_values)
    assert a.limit == b.limit
    assert not np.array_equal(a.critical_values, c.critical_values)
    assert "feldman-cousins" in repr(a)


def test_progress_callback() -> None:
    calls: list[tuple[int, int]] = []
    m = CountingModel(1.0, 1.0)
    fc_upper_limit(
        m,
        [1],
        np.linspace(0, 6, 7),
        n_toys=500,
        seed=1,
        chunk_elements=500,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[-1] == (3500, 3500)
    assert len(calls) == 7


def test_chunk_seeds_prefix_stable() -> None:
    a = [s.generate_state(2).tolist() for s in chunk_seeds(3, 2)]
    b = [s.generate_state(2).tolist() for s in chunk_seeds(3, 4)][:2]
    assert a == b
    with pytest.raises(InputError):
        chunk_seeds(-1, 2)
    # the toy stream of (stream, point, block) is the nested spawn of chunk_seeds
    nested = chunk_seeds(5, 2)[1].spawn(3)[2].spawn(4)[3]
    direct = np.random.SeedSequence(5, spawn_key=(1, 2, 3))
    assert np.array_equal(nested.generate_state(4), direct.generate_state(4))


def test_asymptotic_matches_toys_large_counts() -> None:
    """With ~400 background counts per bin asymptotics and toys agree (CCGV)."""
    m = OnOffModel(np.array([10.0, 5.0, 2.0]), np.zeros(3), 1.0, 1.0, background=np.full(3, 400.0))
    d = m.asimov(0.0)
    asym = asymptotic_upper_limit(m, d, method="clsb")
    toys = toy_cls_upper_limit(m, d, np.linspace(0.0, 12.0, 25), n_toys=1500, seed=3, method="clsb")
    assert toys.limit == pytest.approx(asym.limit, rel=0.08)
    asym_cls = asymptotic_upper_limit(m, d, method="cls")
    toys_cls = toy_cls_upper_limit(m, d, np.linspace(0.0, 12.0, 25), n_toys=1500, seed=3)
    assert toys_cls.limit == pytest.approx(asym_cls.limit, rel=0.08)
    assert asym_cls.limit > asym.limit


def test_gaussian_residual_asymptotic_equals_exact() -> None:
    """For a Gaussian model the asymptotic CLs+b limit at κ̂=0 is κ̂ + 1.2816 σ_κ (exact)."""
    m = GaussianResidualModel([0.0, 0.0], [1.0, 1.0], [1.0, 1.0])
    res = asymptotic_upper_limit(m, m.observed, method="clsb")
    assert res.limit == pytest.approx(1.2816 * m.sigma_kappa, rel=1e-3)


def test_residual_unified() -> None:
    m = GaussianResidualModel([2.0, 2.0], [1.0, 1.0], [1.0, 1.0])
    res = residual_unified_limit(m)
    lo, up = fc_gaussian_interval(2.0 / m.sigma_kappa)
    assert res.limit == pytest.approx(up * m.sigma_kappa)
    assert res.lower == pytest.approx(lo * m.sigma_kappa)


def test_grid_too_short_rejected() -> None:
    with pytest.raises(InputError, match="kappa_grid"):
        fc_upper_limit(CountingModel(0.0, 1.0), [1], np.linspace(0, 1, 5), n_toys=200)
    with pytest.raises(InputError, match="kappa_grid"):
        fc_upper_limit(CountingModel(0.0, 1.0), [3], [0.0, 2.0, 1.0], n_toys=200)


def test_gaussian_cls_equals_flat_bayes() -> None:
    """For a Gaussian mean bounded at 0, asymptotic CLs equals the flat-prior Bayesian limit
    (Read, J. Phys. G 28 (2002) 2693, §4)."""
    from munu.stats import bayesian_upper_limit

    m = GaussianResidualModel([0.5, -0.2, 0.1], [1.0, 1.0, 1.0], [1.0, 0.5, 0.2])
    cls = asymptotic_upper_limit(m, m.observed)
    bayes = bayesian_upper_limit(m, m.observed)
    assert cls.limit == pytest.approx(bayes.limit, rel=1e-3)


def test_toy_fc_reproduces_bounded_gaussian() -> None:
    """Toy FC on a Gaussian residual reproduces the exact FC Table-X construction."""
    m = GaussianResidualModel([0.3, 0.1], [1.0, 1.0], [1.0, 1.0])
    exact = residual_unified_limit(m)
    toys = fc_upper_limit(m, m.observed, np.linspace(0, 4, 81), n_toys=3000, seed=4)
    assert toys.limit == pytest.approx(exact.limit, abs=0.1 * m.sigma_kappa)


def test_constrained_counting_runs_all_methods() -> None:
    """Counting with a Gaussian background uncertainty (auxiliary column) through the
    methods; a background uncertainty can only loosen the asymptotic limit."""
    m = CountingModel(2.3, 1.0, background_sigma=0.5)
    known = CountingModel(2.3, 1.0)
    assert m.n_obs == 2
    a = asymptotic_upper_limit(m, [4])
    b = asymptotic_upper_limit(known, [4])
    assert a.limit >= b.limit - 1e-9
    res = fc_upper_limit(m, [4], np.linspace(0, 12, 49), n_toys=500, seed=1)
    assert 0.0 <= res.lower < res.limit < 12.0
