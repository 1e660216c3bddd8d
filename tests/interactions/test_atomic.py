"""Tests of munu.interactions.atomic: binding models for electron recoils."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from munu.detectors import _elements
from munu.errors import DataError, InputError, UnknownNameError
from munu.interactions.atomic import (
    BindingModel,
    FreeElectron,
    Shell,
    Stepping,
    binding_model,
    elements_with_shells,
    load_shells,
)

# verified-reference-data.md §6, "Stepping-function fixtures" (computed from the shell table)
FIXTURE_T_KEV = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 12.0, 35.0)
FIXTURES = {
    "Ge": (14, 22, 22, 30, 30, 30, 32, 32),
    "Xe": (18, 26, 40, 44, 48, 52, 52, 54),
    "Si": (10, 12, 12, 14, 14, 14, 14, 14),
    "Ar": (8, 16, 16, 16, 18, 18, 18, 18),
}


@pytest.mark.parametrize("element", sorted(FIXTURES))
def test_stepping_matches_reference_fixtures(element: str) -> None:
    model = Stepping.for_element(element)
    got = model.active_electrons(np.array(FIXTURE_T_KEV) * 1e-3)
    assert got.tolist() == list(map(float, FIXTURES[element]))


ALL_ELEMENTS = set(_elements())  # every element munu.detectors knows has shell data


def test_shell_table_contents() -> None:
    """Spot values of the added elements against XrayDB 4.5.8 (Elam, Ravel & Sieber, Radiat.
    Phys. Chem. 63 (2002) 121), exact to the 0.1 eV printed: I K 33169.0, Cs L3 5012.0,
    Na K 1070.8, W N7 31.4, Pb L3 13035.0 eV; the Na valence 3s is its NIST first
    ionisation energy 5.1 eV; deuterium has hydrogen's shell. Every element of
    ``munu/data/elements.yaml`` has shell data and the Z of both tables agree."""
    assert set(elements_with_shells()) == ALL_ELEMENTS
    for el in ALL_ELEMENTS:
        assert load_shells(el)[0] == _elements()[el][0]
    assert load_shells("D")[1] == load_shells("H")[1]
    edges = {
        el: {s.name: s.binding_ev for s in load_shells(el)[1]}
        for el in ("I", "Cs", "Na", "W", "Pb")
    }
    assert edges["I"]["K"] == 33169.0
    assert edges["Cs"]["L3"] == 5012.0
    assert edges["Na"]["K"] == 1070.8
    assert edges["Na"]["M1"] == 5.1
    assert edges["W"]["N7"] == 31.4
    assert edges["Pb"]["L3"] == 13035.0
    z, shells = load_shells("Ge")
    assert z == 32
    assert shells[0] == Shell("K", 11103.0, 2)
    assert sum(s.occupancy for s in shells) == 32
    z, shells = load_shells("Xe")
    assert {s.name: s.binding_ev for s in shells}["M2"] == 1002.1


@pytest.mark.parametrize("element", sorted(ALL_ELEMENTS))
def test_all_electrons_active_above_k_shell(element: str) -> None:
    model = Stepping.for_element(element)
    assert model.active_electrons(0.1).item() == model.z  # 100 MeV ≫ B_K
    assert model.active_electrons(0.0).item() == 0.0
    edges = model.edges_mev()
    assert np.all(np.diff(edges) > 0)
    assert edges[-1] == pytest.approx(load_shells(element)[1][0].binding_ev * 1e-6)


@given(st.lists(st.floats(0.0, 0.1), min_size=2, max_size=30))
def test_stepping_is_monotonic_and_bounded(ts: list[float]) -> None:
    model = Stepping.for_element("Xe")
    t = np.sort(np.array(ts))
    n = model.active_electrons(t)
    assert np.all(np.diff(n) >= 0)
    assert np.all((n >= 0) & (n <= 54))


def test_free_electron_model() -> None:
    m = FreeElectron(32)
    assert m.active_electrons([0.0, 1e-9, 1.0]).tolist() == [0.0, 32.0, 32.0]
    assert m.edges_mev().size == 0
    assert isinstance(m, BindingModel)
    assert isinstance(Stepping.for_element("Ge"), BindingModel)
    with pytest.raises(InputError):
        FreeElectron(0)


def test_binding_model_factory_and_errors() -> None:
    assert binding_model("stepping", "Ge", 32).name == "stepping"
    assert binding_model("free", "Cs", 55).z == 55
    with pytest.raises(InputError, match="shell data"):
        binding_model("stepping", "Kr", 36)
    with pytest.raises(UnknownNameError):
        binding_model("rrpa", "Ge", 32)
    with pytest.raises(DataError):
        binding_model("stepping", "Ge", 31)
    with pytest.raises(UnknownNameError):
        load_shells("Kr")
    with pytest.raises(InputError):
        Stepping.for_element("Ge").active_electrons(-1.0)
    with pytest.raises(DataError):
        Stepping("Ge", 32, (Shell("K", 11103.0, 2),))


def test_tabulated_binding_interpolates_in_ln_t_and_holds_the_ends() -> None:
    """R is linear in ln T between knots, held outside, 0 at T = 0; the magnetic ratios
    default to the weak ones."""
    from munu.interactions.atomic import TabulatedBinding, active_by_term

    m = TabulatedBinding(54, [1.0, 10.0], [0.5, 1.0], [0.25, 1.0])
    t = np.array([0.0, 0.5e-3, 1e-3, np.sqrt(10.0) * 1e-3, 10e-3, 1.0])
    w, mg = m.active_electrons_by_term(t)
    np.testing.assert_allclose(w, 54 * np.array([0.0, 0.5, 0.5, 0.75, 1.0, 1.0]), rtol=1e-12)
    np.testing.assert_allclose(mg, 54 * np.array([0.0, 0.25, 0.25, 0.625, 1.0, 1.0]), rtol=1e-12)
    np.testing.assert_array_equal(m.active_electrons(t), w)
    np.testing.assert_allclose(m.edges_mev(), [1e-3, 10e-3])
    assert not m.piecewise_constant
    same = TabulatedBinding(32, [1.0, 2.0], [0.9, 1.0])
    a, b = active_by_term(same, [1.5e-3])
    assert a[0] == b[0]
    a, b = active_by_term(FreeElectron(32), [1.5e-3])
    assert a[0] == b[0] == 32.0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"z": 0, "t_kev": [1.0, 2.0], "weak_ratio": [1.0, 1.0]}, "z"),
        ({"z": 54, "t_kev": [1.0], "weak_ratio": [1.0]}, "t_kev"),
        ({"z": 54, "t_kev": [2.0, 1.0], "weak_ratio": [1.0, 1.0]}, "t_kev"),
        ({"z": 54, "t_kev": [0.0, 1.0], "weak_ratio": [1.0, 1.0]}, "t_kev"),
        ({"z": 54, "t_kev": [1.0, 2.0], "weak_ratio": [1.0, -0.1]}, "weak_ratio"),
        ({"z": 54, "t_kev": [1.0, 2.0], "weak_ratio": [1.0, np.nan]}, "weak_ratio"),
        ({"z": 54, "t_kev": [1.0, 2.0], "weak_ratio": [1.0]}, "weak_ratio"),
        ({"z": 54, "t_kev": [1.0, 2.0], "weak_ratio": [1, 1], "magnetic_ratio": [1.0]}, "magnetic"),
    ],
)
def test_tabulated_binding_refuses_bad_tables(kwargs: dict, field: str) -> None:
    from munu.interactions.atomic import TabulatedBinding

    with pytest.raises(InputError, match=field):
        TabulatedBinding(**kwargs)
