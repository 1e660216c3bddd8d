"""Root pytest configuration: applies to the tests and to the doctests of src/munu.

Every test (doctests included) gets its own empty spectrum cache (:mod:`munu.cache`) in a
temporary directory, so the suite never reads or writes the user's cache (``~/.cache/munu``)
and no test sees a result cached by another; ``MUNU_CACHE`` is cleared so the cache is on.
"""

import pytest


@pytest.fixture(autouse=True)
def _munu_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MUNU_CACHE_DIR", str(tmp_path_factory.mktemp("munu-cache")))
    monkeypatch.delenv("MUNU_CACHE", raising=False)
