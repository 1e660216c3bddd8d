"""Run the tutorials of the documentation and check their key numbers.

Each tutorial page ``docs/tutorials/*.md`` is a sequence of fenced ```` ```python ```` blocks
that build on each other. :func:`run_tutorial` extracts them in order, executes them in one
fresh namespace (as a reader pasting them into a session would) and returns that namespace;
the tests then assert the numbers the prose quotes. Blocks fenced as ``console``, ``yaml`` or
``text`` are not executed. Figures are drawn with the non-interactive Agg backend.

Reference values are munu's own results at the time of writing (regression), except where a
test docstring cites a published number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
TUTORIALS = DOCS / "tutorials"
_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def python_blocks(page: Path) -> list[str]:
    """The ```` ```python ```` blocks of a Markdown page, in order."""
    return _BLOCK.findall(page.read_text(encoding="utf-8"))


def run_page(page: Path) -> dict[str, Any]:
    """Execute every Python block of a Markdown page in one fresh namespace; return it."""
    blocks = python_blocks(page)
    assert blocks, f"{page} has no python blocks"
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}"}
    for i, code in enumerate(blocks, start=1):
        try:
            exec(compile(code, f"{page.name}[block {i}]", "exec"), namespace)
        except Exception as err:  # pragma: no cover - the message is the point
            raise AssertionError(f"{page.name}, python block {i} failed: {err!r}") from err
    return namespace


def run_tutorial(name: str) -> dict[str, Any]:
    """Execute the Python blocks of ``docs/tutorials/<name>.md`` (see :func:`run_page`)."""
    return run_page(TUTORIALS / f"{name}.md")


@pytest.fixture(autouse=True)
def _agg_backend() -> Any:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_index_example() -> None:
    """The snippet on the home page runs (TEXONO 2003 card, magnetic events at 1e-10 μ_B)."""
    ns = run_page(DOCS / "index.md")
    assert ns["spec"].magnetic_counts(1e-10).sum() == pytest.approx(108.0, rel=0.01)


def test_every_tutorial_is_tested() -> None:
    """A new tutorial page must get a test here (and a nav entry in mkdocs.yml)."""
    pages = sorted(p.stem for p in TUTORIALS.glob("*.md"))
    tested = sorted(
        n.removeprefix("test_tutorial_") for n in globals() if n.startswith("test_tutorial_")
    )
    assert [p.split("_", 1)[0] for p in pages] == tested


def test_tutorial_01() -> None:
    """Rate of a user card: 1 kg Ge, 20 m from 3 GW, 2-20 keV, stepping binding."""
    ns = run_tutorial("01_rate")
    assert ns["rate_per_kg_day"] == pytest.approx(0.01500, rel=2e-3)
    assert ns["weak_per_kg_day"] == pytest.approx(0.04588, rel=2e-3)
    assert ns["signal_to_sm"] == pytest.approx(0.3270, rel=2e-3)
    assert ns["background_per_kg_day"] == pytest.approx(18.0)
    # R(T) ∝ ~1/T, crossing 1 near 2.5 keV at μ = 1e-11 μ_B
    assert ns["ratio"][0] == pytest.approx(2.524, rel=2e-3)
    assert ns["ratio"][1] > 1.0 > ns["ratio"][2]
    assert 0.9 < ns["binding_effect"] < 1.0


def test_tutorial_02() -> None:
    """ON/OFF pseudo-data of the TEXONO 2003 card (seed 2026): FC vs Bayesian vs CLs vs χ².

    The limits must be ordered as the page explains (flat-in-μ below flat-in-μ², all of the
    size of the published 1.3e-10 μ_B, hep-ex/0212003, within the toy noise of FC).
    """
    ns = run_tutorial("02_limit")
    assert ns["kappa_hat"] == 0.0
    assert ns["mu_limit_fc"] == pytest.approx(1.36e-10, rel=0.05)
    assert ns["mu_limit_bayes"] == pytest.approx(1.522e-10, rel=0.01)
    res = ns["results"]
    assert res["Bayesian, flat in μ"].limit < res["Bayesian, flat in μ²"].limit
    assert res["profile likelihood, CLs"].mu_limit * 1e-10 == pytest.approx(1.526e-10, rel=0.01)
    assert res["residual χ² + FC"].mu_limit * 1e-10 == pytest.approx(1.484e-10, rel=0.01)
    assert np.sqrt(ns["sens"].median) * 1e-10 == pytest.approx(1.711e-10, rel=0.01)
    # munu.inference builds the same ON/OFF likelihood from the card (κ in other units)
    assert ns["shortcut"].mu_limit == pytest.approx(
        res["profile likelihood, CLs"].mu_limit * 1e-10, rel=1e-3
    )


def test_tutorial_03() -> None:
    """Planning: sensitivity bands, Eq. 5, and the binding ceiling.

    The Ge magnetic-rate gain from a 10 keV to a 10 eV threshold is ~3.0 for free electrons and
    ~2.2 in the stepping approximation (H.T. Wong, hep-ex/0409003, the threshold discussion of
    the prospects section).
    """
    ns = run_tutorial("03_planning")
    assert ns["gain"]["free"] == pytest.approx(2.98, abs=0.03)
    assert ns["gain"]["stepping"] == pytest.approx(2.22, abs=0.03)
    assert ns["baseline"][2] == pytest.approx(5.61e-11, rel=0.01)
    assert np.all(np.diff(ns["baseline"]) > 0)  # −2σ < −1σ < median < +1σ < +2σ
    assert ns["full"] == pytest.approx(ns["eq5"], rel=0.01)
    medians = ns["bands"][:, 2]
    assert np.all(np.diff(medians) > 0)  # lower threshold, better sensitivity
    assert np.all(ns["bands_free"][:, 2] <= medians * (1 + 1e-9))  # free overestimates
    assert ns["figure_path"].is_file()


def test_tutorial_04() -> None:
    """Effective moments of one Majorana matrix, and the global fit with a user constraint."""
    ns = run_tutorial("04_reinterpretation")
    assert ns["mu_reactor"] == pytest.approx(3.44e-11, rel=0.01)
    assert ns["mu_lsnd"] == pytest.approx(1.98e-11, rel=0.01)
    assert ns["mu_solar"]["8B"] < ns["mu_solar"]["7Be"] < ns["mu_solar"]["pp"]
    # mass-basis spectrum = incoherent μ_eff² folded with the 7Be line (same fractions)
    assert ns["events_matrix"] == pytest.approx(ns["events_effective"], rel=0.01)
    assert ns["lambda_limit_review"] == pytest.approx(4.37e-10, rel=0.02)
    # the reactor constraint tightens each |Λ_i| but leaves the blind direction of |Λ|
    assert ns["lambda_limit_combined"] == pytest.approx(4.23e-10, rel=0.02)
    assert max(ns["components_combined"].values()) < 2e-11


def test_tutorial_05() -> None:
    """The XENONnT SR0 public data through a user card: B0 fits (norm ≈ 433/426.5), and the
    observed FC limit is within 15 % of the published 6.4e-12 μ_B (PRL 129, 161805 (2022))."""
    ns = run_tutorial("05_real_data")
    assert ns["events"].size == 433
    assert ns["b0_norm"] == pytest.approx(1.015, abs=0.01)
    assert ns["gof_p"] > 0.05
    assert ns["mu_fc"] == pytest.approx(6.4e-12, rel=0.15)
    assert ns["mu_fc"] == pytest.approx(6.16e-12, rel=0.03)
    assert ns["mu_cls"] == pytest.approx(8.2e-12, rel=0.03)
