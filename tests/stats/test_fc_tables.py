"""fc_poisson_interval at 95 % and 99 % CL and in narrow acceptance islands (issue 14).

References: Feldman & Cousins, PRD 57 (1998) 3873, arXiv:physics/9711021, Tables of
Poisson intervals with known background at 90 % (Table IV, in
``verified-reference-data.md`` §3.2), 95 % and 99 % CL; printed to two decimals, so the
tolerance is 0.005 + rounding (0.006)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from munu.stats import fc_poisson_interval

# (n0, b): [lo, hi] at b = 0 as printed in FC 1998 (95 % and 99 % tables)
TABLE_95 = {0: (0.00, 3.09), 1: (0.05, 5.14), 2: (0.36, 6.72), 3: (0.82, 8.25)}
TABLE_99 = {0: (0.00, 4.74), 1: (0.01, 6.91), 2: (0.15, 8.71), 3: (0.44, 10.47)}


@pytest.mark.parametrize(("cl", "table"), [(0.95, TABLE_95), (0.99, TABLE_99)])
def test_published_b0_rows(cl: float, table: dict[int, tuple[float, float]]) -> None:
    for n0, (lo, hi) in table.items():
        got = fc_poisson_interval(n0, 0.0, cl)
        assert got == pytest.approx((lo, hi), abs=0.006), (n0, cl)


def test_99_percent_small_background_scan_reaches_the_end() -> None:
    """b ≤ 0.5 at 99 % CL used to stop the μ scan at 4.5 < 4.74 (ConvergenceError). For
    n0 = 0 the plain upper end is 4.74 − b exactly (n = 0 is the last count accepted)."""
    for b in (0.0, 0.25, 0.5):
        lo, hi = fc_poisson_interval(0, b, 0.99, monotonic_in_background=False)
        assert lo == 0.0
        assert hi == pytest.approx(4.7439 - b, abs=2e-3)


def _brute_accepts(n0: int, mu: float, b: float, cl: float) -> bool:
    """Independent construction: sort n by R, fill to ``cl`` (FC §IV.B)."""
    n = np.arange(80)
    p = stats.poisson.pmf(n, mu + b)
    r = p / stats.poisson.pmf(n, np.maximum(n - b, 0.0) + b)
    order = np.argsort(-r, kind="stable")
    k = int(np.searchsorted(np.cumsum(p[order]), cl))
    return n0 in set(order[: k + 1].tolist())


def test_narrow_island_is_found() -> None:
    """n0 = 0, b = 3.454 (Table IV region): μ ∈ [1.07794, 1.07812] accepts n0 = 0, an island
    0.0002 wide that a 0.01 scan misses (it gave 0.764). The brute-force construction on a
    1e-5 grid confirms both the island and the end."""
    _, hi = fc_poisson_interval(0, 3.454, 0.9, monotonic_in_background=False)
    assert hi == pytest.approx(1.07813, abs=2e-5)
    assert _brute_accepts(0, hi - 5e-5, 3.454, 0.9)
    assert not _brute_accepts(0, hi + 5e-5, 3.454, 0.9)
    assert not _brute_accepts(0, 0.9, 3.454, 0.9)  # the gap below the island
