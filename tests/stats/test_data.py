"""Data input: tables, events, hist, Dresden-II release, validation errors."""

from __future__ import annotations

import os
from pathlib import Path

import hist
import numpy as np
import pytest

from munu.errors import DataError
from munu.stats import (
    BinnedSpectrum,
    GaussianResidualModel,
    bin_events,
    from_hist,
    read_dresden_ii,
    read_root_th1,
    read_spectrum_table,
)

SHARED = Path(os.environ.get("MUNU_SHARED", Path(__file__).resolve().parents[2] / "../shared"))
DRESDEN = SHARED / "data" / "dresden-ii" / "data_release.txt"


def test_table_edges_and_centres(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("e_lo_kev,e_hi_kev,counts\n1,2,3\n2,3,4\n")
    s = read_spectrum_table(p)
    assert s.edges_kev.tolist() == [1.0, 2.0, 3.0]
    assert s.is_counts
    q = tmp_path / "b.tsv"
    q.write_text("e_kev\trate\terror\n1.5\t0.2\t0.1\n2.5\t0.3\t0.1\n")
    r = read_spectrum_table(q)
    assert r.edges_kev.tolist() == [1.0, 2.0, 3.0]
    assert not r.is_counts


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("e_lo_kev,e_hi_kev,counts\n1,2,-3\n2,3,4\n", "negative"),
        ("e_lo_kev,e_hi_kev,counts\n1,2,1.5\n2,3,4\n", "integer"),
        ("e_lo_kev,e_hi_kev,counts\n1,2,nan\n2,3,4\n", "NaN"),
        ("e_lo_kev,e_hi_kev,counts\n1,2,3\n2.5,3,4\n", "contiguous"),
        ("energy,counts\n1,3\n2,4\n", "e_lo_kev"),
    ],
)
def test_table_rejects(tmp_path: Path, text: str, match: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_text(text)
    with pytest.raises(DataError, match=match):
        read_spectrum_table(p)


def test_events_hist_and_mismatch() -> None:
    s = bin_events([1.1, 1.2, 2.5], [1.0, 2.0, 3.0], live_time_days=10.0)
    assert s.values.tolist() == [2.0, 1.0]
    h = hist.Hist(hist.axis.Variable([1.0, 2.0, 3.0]))
    h.fill([1.1, 1.2, 2.5])
    assert np.array_equal(from_hist(h).values, s.values)
    other = BinnedSpectrum(np.array([1.0, 2.0, 3.5]), np.array([1.0, 1.0]))
    with pytest.raises(DataError, match="edges"):
        s.check_same_binning(other)
    with pytest.raises(Exception, match="live_time_days"):
        bin_events([1.0], [0.0, 2.0], live_time_days=0.0)
    with pytest.raises(DataError, match="increasing"):
        bin_events([1.0], [2.0, 1.0])


def test_root_optional() -> None:
    try:
        import uproot  # noqa: F401
    except ImportError:
        with pytest.raises(DataError, match="uproot"):
            read_root_th1("x.root", "h")
    else:
        with pytest.raises(DataError):
            read_root_th1("/nonexistent.root", "h")


@pytest.mark.skipif(not DRESDEN.exists(), reason="shared Dresden-II release not available")
def test_dresden_ii_release() -> None:
    spec = read_dresden_ii(DRESDEN, live_time_on_days=96.4, live_time_off_days=25.0)
    rows = [ln.split() for ln in DRESDEN.read_text().splitlines() if ln.strip()]
    # the shared README says 129 rows up to 1.485 keV; the file holds one more (1.495 keV)
    assert spec.on.values.size == len(rows)
    assert spec.edges_kev[0] == pytest.approx(float(rows[0][0]) - 0.005)
    assert spec.edges_kev[-1] == pytest.approx(float(rows[-1][0]) + 0.005)
    assert spec.off.values[0] == pytest.approx(float(rows[0][3]))
    r, sig = spec.residual()
    assert np.all(sig > 0)
    # a residual model can be built from it (signal shape here only a placeholder 1/T)
    m = GaussianResidualModel(r, sig, 1.0 / spec.on.centres_kev)
    assert np.isfinite(m.kappa_hat_unbounded)
