"""Tests of munu.cache: the on-disk cache of expected spectra (issue 13 item 9).

The root conftest.py points MUNU_CACHE_DIR at a fresh temporary directory for every test.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import munu.spectra as spectra
from munu import cache
from munu.detectors import Efficiency, Resolution, Response, Target
from munu.sources.reactor import Reactor
from munu.spectra import Exposure


def _args(mass_kg: float = 1.0) -> tuple:
    response = Response(threshold_kev=2.0, resolution=Resolution(a_kev=0.3), efficiency=0.8)
    return (Reactor(2.9, 28.0), Target("Ge", mass_kg, "stepping"), response, [2.0, 5.0, 9.0])


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = spectra.expected_spectrum

    def counting(*a, **k):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(spectra, "expected_spectrum", counting)
    return calls


def test_cache_dir_is_the_test_tmp_dir_not_home() -> None:
    assert cache.cache_dir() == Path(os.environ["MUNU_CACHE_DIR"])
    assert Path.home() not in cache.cache_dir().parents


def test_second_call_is_read_from_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch)
    first = cache.cached_expected_spectrum(*_args(), Exposure(10.0), background=1.0)
    second = cache.cached_expected_spectrum(*_args(), Exposure(10.0), background=1.0)
    assert len(calls) == 1
    for name in ("edges_kev", "weak", "cevns", "background"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    assert second.magnetic.keys() == first.magnetic.keys()
    np.testing.assert_array_equal(second.magnetic["nuebar"], first.magnetic["nuebar"])
    assert second.info == first.info  # the Resolution is rebuilt as a Resolution
    assert isinstance(second.info["resolution"], Resolution)
    assert second.exposure == first.exposure


def test_any_input_change_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch)
    cache.cached_expected_spectrum(*_args(), Exposure(10.0))
    cache.cached_expected_spectrum(*_args(2.0), Exposure(10.0))
    cache.cached_expected_spectrum(*_args(), Exposure(10.0 + 1e-12))
    cache.cached_expected_spectrum(*_args(), Exposure(10.0), include_cevns=False)
    assert len(calls) == 4
    assert len(list(cache.cache_dir().glob("spectrum-*.npz"))) == 4


def test_corrupt_entry_is_recomputed_and_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    good = cache.cached_expected_spectrum(*_args(), Exposure(10.0))
    (entry,) = cache.cache_dir().glob("spectrum-*.npz")
    entry.write_bytes(b"not an npz file")
    calls = _count_calls(monkeypatch)
    again = cache.cached_expected_spectrum(*_args(), Exposure(10.0))
    assert len(calls) == 1
    np.testing.assert_array_equal(again.weak, good.weak)
    assert entry.read_bytes()[:2] == b"PK"  # a valid zip (npz) again


def test_opt_out_by_environment_and_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUNU_CACHE", "0")
    cache.cached_expected_spectrum(*_args(), Exposure(10.0))
    assert not list(cache.cache_dir().glob("*"))
    monkeypatch.delenv("MUNU_CACHE")
    cache.cached_expected_spectrum(*_args(), Exposure(10.0), cache=False)
    assert not cache.cache_dir().exists() or not list(cache.cache_dir().glob("*"))


def test_callable_efficiency_is_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python function cannot be fingerprinted by content: computed every time."""
    calls = _count_calls(monkeypatch)
    src, tgt, _, edges = _args()
    resp = Response(threshold_kev=2.0, efficiency=lambda e: 0.5 + 0.0 * e)
    for _ in range(2):
        cache.cached_expected_spectrum(src, tgt, resp, edges, Exposure(10.0))
    assert len(calls) == 2
    assert cache.fingerprint(resp) is None
    assert cache.fingerprint(Response(efficiency=Efficiency(0.5))) is not None


def test_card_goes_through_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from munu.experiments import load_card

    calls = _count_calls(monkeypatch)
    a = load_card("texono_ks_2003").expected_spectrum()
    b = load_card("texono_ks_2003").expected_spectrum()
    assert len(calls) == 1
    np.testing.assert_array_equal(a.magnetic_total(), b.magnetic_total())
    assert cache.clear_cache() == 1
