"""Tabulated source: interpolation, units, CSV parsing and its error messages."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munu.errors import DataError, InputError, MunuError, UnknownNameError
from munu.sources.tabulated import Tabulated


def test_interpolation_and_zero_outside():
    src = Tabulated([1.0, 2.0, 4.0], [1.0, 3.0, 1.0], "nuebar")
    np.testing.assert_allclose(src.flux([0.5, 1.0, 1.5, 3.0, 4.0, 4.5]), [0, 1, 2, 2, 1, 0])
    assert src.total_flux() == pytest.approx(0.5 * (1 + 3) + 0.5 * (3 + 1) * 2)
    assert src.energy_range_mev() == (1.0, 4.0)
    assert src.flavour == "nuebar"
    assert src.lines() == ()
    assert src.baseline_m is None
    assert Tabulated([1, 2], [1, 1], "nue", baseline_m=28.0).baseline_m == 28.0


def test_table_is_copied_and_read_only():
    e = np.array([1.0, 2.0])
    src = Tabulated(e, [1.0, 1.0], "nue")
    e[0] = 5.0
    assert src.energies_mev[0] == 1.0
    with pytest.raises(ValueError):
        src.table_flux[0] = 2.0


def _write(tmp_path, text, name="flux.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_from_csv_mev(tmp_path):
    path = _write(
        tmp_path,
        "# comment line\n\nenergy_mev,flux_per_cm2_s_mev,other\n1.0,2.0,x\n3.0,4.0,y\n",
    )
    src = Tabulated.from_csv(path, "nuebar")
    assert src.total_flux() == pytest.approx(6.0)
    assert src.label == "flux.csv"


def test_from_csv_units(tmp_path):
    """keV energies and per-keV or per-m² fluxes are converted to MeV and cm⁻² s⁻¹ MeV⁻¹."""
    path = _write(tmp_path, "energy_kev,flux_per_cm2_s_kev\n100,1\n300,1\n")
    src = Tabulated.from_csv(path, "nue", energy_unit="keV", flux_unit="per_cm2_s_kev")
    np.testing.assert_allclose(src.energies_mev, [0.1, 0.3])
    np.testing.assert_allclose(src.table_flux, [1000.0, 1000.0])
    assert src.total_flux() == pytest.approx(200.0)
    path = _write(tmp_path, "E,phi\n1,1e4\n2,1e4\n", "m2.csv")
    src = Tabulated.from_csv(
        path, "nue", flux_unit="per_m2_s_mev", energy_column="E", flux_column="phi"
    )
    assert src.total_flux() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("energy_mev,flux\n1,2\n2,3\n", "missing column"),
        ("energy_mev,flux_per_cm2_s_mev\n1,abc\n2,3\n", "'flux_per_cm2_s_mev'.*not a number"),
        ("energy_mev,flux_per_cm2_s_mev\n1,nan\n2,3\n", "not finite"),
        ("energy_mev,flux_per_cm2_s_mev\n1,-2\n2,3\n", "negative"),
        ("energy_mev,flux_per_cm2_s_mev\n2,1\n1,3\n", "line 3.*strictly increase"),
        ("energy_mev,flux_per_cm2_s_mev\n1,1\n1,3\n", "strictly increase"),
        ("energy_mev,flux_per_cm2_s_mev\n1,1\n", "at least 2"),
        ("energy_mev,flux_per_cm2_s_mev\n", "at least 2"),
        ("energy_mev,flux_per_cm2_s_mev\n1\n2,3\n", "line 2.*not a number"),
        ("# only a comment\n", "no header"),
    ],
)
def test_from_csv_errors(tmp_path, text, match):
    path = _write(tmp_path, text)
    with pytest.raises(DataError, match=match) as info:
        Tabulated.from_csv(path, "nue")
    assert "flux.csv" in str(info.value)


def test_from_csv_missing_file(tmp_path):
    with pytest.raises(DataError, match="not found"):
        Tabulated.from_csv(tmp_path / "nope.csv", "nue")


def test_from_csv_bad_names(tmp_path):
    path = _write(tmp_path, "energy_mev,flux_per_cm2_s_mev\n1,1\n2,1\n")
    with pytest.raises(UnknownNameError):
        Tabulated.from_csv(path, "nue", energy_unit="GeV")
    with pytest.raises(UnknownNameError):
        Tabulated.from_csv(path, "nue", flux_unit="per_cm2_s")
    with pytest.raises(UnknownNameError):
        Tabulated.from_csv(path, "electron")


@pytest.mark.parametrize(
    ("energies", "flux", "flavour", "field"),
    [
        ([1.0, 2.0], [1.0], "nue", "flux"),
        ([2.0, 1.0], [1.0, 1.0], "nue", "energies_mev"),
        ([1.0], [1.0], "nue", "energies_mev"),
        ([1.0, np.nan], [1.0, 1.0], "nue", "energies_mev"),
        ([1.0, 2.0], [1.0, -1.0], "nue", "flux"),
        ([[1.0, 2.0]], [[1.0, 1.0]], "nue", "energies_mev"),
        ([1.0, 2.0], [1.0, 1.0], "nuX", "flavour"),
    ],
)
def test_constructor_errors(energies, flux, flavour, field):
    with pytest.raises(InputError) as info:
        Tabulated(energies, flux, flavour)
    assert info.value.field == field
    assert isinstance(info.value, MunuError)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0.0, 1e3), min_size=2, max_size=30, unique=True),
    st.data(),
)
def test_properties(energies, data):
    e = np.sort(np.array(energies))
    f = np.array(data.draw(st.lists(st.floats(0.0, 1e12), min_size=e.size, max_size=e.size)))
    src = Tabulated(e, f, "numu")
    probe = np.linspace(0.0, 1.1e3, 200)
    values = src.flux(probe)
    assert np.all(values >= 0.0)
    assert np.all(values[(probe < e[0]) | (probe > e[-1])] == 0.0)
    assert src.total_flux() == pytest.approx(np.trapezoid(f, e))


def test_plot():
    ax = Tabulated([1.0, 2.0], [1.0, 2.0], "nue", label="x").plot()
    assert ax.get_lines()
    plt.close("all")


def test_from_csv_byte_order_mark(tmp_path):
    """Spreadsheet exports start with a UTF-8 byte-order mark; the header is still found."""
    path = _write(tmp_path, "\ufeffenergy_mev,flux_per_cm2_s_mev\n1,1\n2,1\n")
    assert Tabulated.from_csv(path, "nue").total_flux() == pytest.approx(1.0)
