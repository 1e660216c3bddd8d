"""Tests of munu.detectors: materials, targets, resolution, efficiency, quenching."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats

from munu.detectors import (
    MATERIALS,
    Efficiency,
    Lindhard,
    Material,
    Resolution,
    Response,
    Target,
    element_data,
    material,
    parse_formula,
    smearing_matrix,
)
from munu.errors import InputError, UnknownNameError


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ge", 2.653e26), ("Xe", 2.477e26), ("CF4", 2.874e26), ("CsI", 2.503e26)],
)
def test_electrons_per_kg(name: str, expected: float) -> None:
    """physics-facts.md §0: electrons per kg, four significant figures."""
    assert material(name).electrons_per_kg == pytest.approx(expected, rel=3e-4)


def test_named_materials_and_composition() -> None:
    for name in ("Ge", "Xe", "Si", "Ar", "NaI", "CsI", "CF4", "H2O", "D2O", "pseudocumene", "LAB"):
        assert name in MATERIALS
        m = material(name)
        assert sum(f for _, f in m.mass_fractions) == pytest.approx(1.0)
    # H2O: 10 electrons per 18.015 g/mol
    assert material("H2O").electrons_per_kg == pytest.approx(10 / 18.015e-3 * 6.02214076e23, 1e-4)
    # D2O has the same electrons per molecule but a heavier molecule
    assert material("D2O").electrons_per_kg < material("H2O").electrons_per_kg
    # pseudocumene C9H12: 66 electrons per 120.19 g/mol; nuclei 21 per molecule
    pc = material("pseudocumene")
    assert pc.electrons_per_kg == pytest.approx(66 / 120.195e-3 * 6.02214076e23, rel=1e-4)
    assert pc.nuclei_per_kg == pytest.approx(21 / 120.195e-3 * 6.02214076e23, rel=1e-4)
    assert material("C9H12").electrons_per_kg == pytest.approx(pc.electrons_per_kg)
    assert element_data("Xe") == (54, 131.293)


def test_mixture_is_mass_weighted() -> None:
    mix = Material.mixture({"H2O": 1.0, "D2O": 1.0})
    expected = 0.5 * (material("H2O").electrons_per_kg + material("D2O").electrons_per_kg)
    assert mix.electrons_per_kg == pytest.approx(expected, rel=1e-12)
    with pytest.raises(InputError):
        Material.mixture({})
    with pytest.raises(InputError):
        Material.mixture({"H2O": -1.0})


def test_formula_parser_and_errors() -> None:
    assert parse_formula("C18H30") == {"C": 18, "H": 30}
    assert parse_formula("CH3CH3") == {"C": 2, "H": 6}
    for bad in ("", "c9h12", "C9H12)", "Qq2", 42):
        with pytest.raises(InputError):
            parse_formula(bad)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError):
        material("unobtainium")
    with pytest.raises(InputError):
        Material("x", (("Ge", 0.5),))


def test_target_active_electrons() -> None:
    ge = Target("Ge", 2.0, binding="stepping")
    per_atom = material("Ge").atoms_per_kg["Ge"]
    assert float(ge.active_electrons_per_kg(0.5e-3)) == pytest.approx(22 * per_atom)
    assert float(ge.active_electrons_per_kg(20e-3)) == pytest.approx(ge.electrons_per_kg)
    assert ge.binding_edges_mev()[-1] == pytest.approx(11103.0e-6)
    free = Target("CsI", 1.0)
    assert float(free.active_electrons_per_kg(1e-6)) == pytest.approx(free.electrons_per_kg)
    assert free.binding_edges_mev().size == 0
    # CsI at T = 1 keV: Cs shells below 1 keV (M4–P1) hold 37 electrons, I shells (M2–O3) 41,
    # of 55 + 53 (XrayDB edges: Cs M3 1003 eV is still closed, I M2 931 eV open)
    csi = Target("CsI", 1.0, binding="stepping")
    assert float(csi.active_electrons_per_kg(1e-3) / csi.electrons_per_kg) == pytest.approx(
        78 / 108, rel=1e-12
    )
    assert float(csi.active_electrons_per_kg(40e-3)) == pytest.approx(csi.electrons_per_kg)
    with pytest.raises(InputError):
        Target("Ge", 0.0)
    with pytest.raises(UnknownNameError):
        Target("Ge", 1.0, binding="exact")
    with pytest.raises(InputError):
        Target("NaI", 1.0, binding={"Na": ge.models["Ge"]})


def test_resolution_formula() -> None:
    r = Resolution(a_kev=0.3, b_kev=0.02, c=1e-4)
    e = np.array([0.0, 10.0, 100.0])
    assert r.sigma_kev(e) == pytest.approx(np.sqrt(0.09 + 0.02 * e + 1e-4 * e * e))
    assert Resolution().is_zero
    with pytest.raises(InputError):
        Resolution(a_kev=-1.0)
    with pytest.raises(InputError):
        Resolution(a_kev=float("nan"))


def test_smearing_matrix_exact_bin_integrals() -> None:
    res = Resolution(a_kev=0.5, b_kev=0.05)
    edges = np.array([0.0, 1.0, 2.5, 3.0, 7.0, 50.0])
    true = np.array([0.2, 1.0, 2.7, 6.9, 20.0])
    m = smearing_matrix(true, edges, res)
    for j, e in enumerate(true):
        s = math.sqrt(0.25 + 0.05 * e)
        for i in range(edges.size - 1):
            ref = integrate.quad(stats.norm(e, s).pdf, edges[i], edges[i + 1], epsabs=1e-14)[0]
            assert m[i, j] == pytest.approx(ref, abs=1e-12, rel=1e-9)
    # far tail: computed from the upper tail, not as a difference of numbers near 1
    far = smearing_matrix([0.0], [20.0, 21.0], Resolution(a_kev=1.0))
    assert far[0, 0] == pytest.approx(stats.norm.sf(20.0) - stats.norm.sf(21.0), rel=1e-9, abs=0)
    with pytest.raises(InputError):
        smearing_matrix([1.0], [2.0, 1.0], res)


@given(st.floats(0.0, 100.0), st.floats(0.01, 5.0))
def test_smearing_columns_sum_to_one_inside_wide_binning(e: float, a: float) -> None:
    edges = np.linspace(-0.0, 200.0, 41)
    col = smearing_matrix([e], edges, Resolution(a_kev=a))[:, 0]
    inside = stats.norm.cdf(200.0, e, a) - stats.norm.cdf(0.0, e, a)
    assert col.sum() == pytest.approx(inside, rel=1e-9, abs=1e-12)
    assert np.all(col >= 0)


def test_efficiency_constant_table_and_bin_average() -> None:
    assert Efficiency(0.8)(np.array([1.0, 2.0])).tolist() == [0.8, 0.8]
    tab = Efficiency(values=(0.0, 1.0), energies_kev=(0.0, 2.0))
    assert tab([1.0, 3.0]).tolist() == [0.5, 1.0]
    r = Response(threshold_kev=1.0, efficiency=tab)
    # bins [0,1] below threshold, [1,2] average of 0.5..1 = 0.75, [2,4] = 1
    assert r.bin_efficiency([0.0, 1.0, 2.0, 4.0]) == pytest.approx([0.0, 0.75, 1.0])
    assert Response(efficiency=lambda e: 0.5 + 0 * e).bin_efficiency([0.0, 1.0])[
        0
    ] == pytest.approx(0.5)
    for bad in (1.5, -0.1):
        with pytest.raises(InputError):
            Efficiency(bad)
    with pytest.raises(InputError):
        Efficiency(values=(0.5, 0.6), energies_kev=(2.0, 1.0))
    with pytest.raises(InputError):
        Response(efficiency="high")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        Response(threshold_kev=-1.0)


def test_lindhard_quenching() -> None:
    """Lindhard et al. 1963: k = 0.133 Z^(2/3) A^(-1/2) = 0.157 for Ge."""
    ge = Lindhard(32, 72.63)
    assert ge.k_value == pytest.approx(0.1573, abs=5e-4)
    assert Lindhard(32, 72.63, k=0.2).k_value == 0.2
    e = np.geomspace(0.01, 100.0, 50)
    q = ge.quenching(e)
    assert np.all(np.diff(q) > 0)
    assert np.all((q > 0) & (q < 1))
    # by hand at 10 keVnr: ε = 11.5·32^(-7/3)·10 = 0.03537, g = 3ε^0.15 + 0.7ε^0.6 + ε = 1.946,
    # Q = kg/(1 + kg) = 0.2344 with k = 0.1573
    assert float(ge.quenching(10.0)) == pytest.approx(0.2344, abs=2e-4)
    assert Response(quenching_k=0.2).lindhard(32, 72.63).k_value == 0.2


@given(st.floats(1e-4, 1e3))
def test_lindhard_inverse(e_ee: float) -> None:
    q = Lindhard(54, 131.29)
    e_nr = q.nr_from_ee(e_ee)
    assert float(q.ee_from_nr(e_nr)) == pytest.approx(e_ee, rel=1e-9, abs=0)
    assert float(e_nr) >= e_ee
