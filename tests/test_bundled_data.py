"""Bundled experiment data (munu/data/xenonnt_sr0): the files are the XENON collaboration's
public SR0 release unchanged (sha256 as stated in the sidecar README.md), and each bundled
name a card can use reads as documented (PRL 129, 161805 (2022), arXiv:2207.11330)."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import numpy as np
import pytest

from munu.errors import DataError
from munu.experiments.tables import BUNDLED, bundled_path, read_table

FOLDER = resources.files("munu") / "data" / "xenonnt_sr0"


def test_sidecar_hashes_match_the_files() -> None:
    sidecar = (FOLDER / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"`([a-z0-9_]+\.txt)` \|[^\n]*`([0-9a-f]{64})`", sidecar)
    assert len(rows) == 5
    for name, digest in rows:
        assert hashlib.sha256((FOLDER / name).read_bytes()).hexdigest() == digest, name
    assert "made available by the XENON Collaboration" in sidecar
    assert "161805" in sidecar
    assert "2207.11330" in sidecar


def test_bundled_tables_read_as_documented() -> None:
    events = read_table("xenonnt-sr0/events", columns=1, bundled=True)[:, 0]
    assert events.size == 433
    assert events.min() >= 1.0
    assert events.max() <= 30.0
    eff = read_table("xenonnt-sr0/efficiency", columns=2, bundled=True)
    assert np.all(np.diff(eff[:, 0]) > 0)
    assert np.all((eff[:, 1] >= 0) & (eff[:, 1] <= 1))
    b0 = read_table("xenonnt-sr0/background", columns=2, bundled=True)
    np.testing.assert_allclose(np.diff(b0[:, 0]), 0.1, atol=1e-9)
    # B0 integrates to ≈ 367.7 events per t·yr over 1–30 keV (426.5 at 1.16 t·yr)
    assert float(np.sum(b0[(b0[:, 0] > 1.0) & (b0[:, 0] < 30.0), 1]) * 0.1) == pytest.approx(
        367.7, rel=5e-3
    )
    assert set(BUNDLED) >= {"xenonnt-sr0/events", "xenonnt-sr0/efficiency"}


def test_unknown_bundled_name() -> None:
    with pytest.raises(DataError, match="unknown bundled data set 'xenonnt-sr0/nope'"):
        bundled_path("xenonnt-sr0/nope")
