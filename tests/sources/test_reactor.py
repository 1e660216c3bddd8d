"""Reactor source: fits, low-energy models, capture term, flux, bad input, properties."""

import itertools
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from munu.errors import InputError, MunuError, UnknownNameError
from munu.sources.reactor import (
    CAPTURE_BRANCHES_NP239,
    CAPTURE_BRANCHES_U239,
    DEFAULT_FISSION_FRACTIONS,
    E_MAX_MEV,
    ISOTOPES,
    LOW_ENERGY_MODELS,
    MATCH_ENERGY_MEV,
    MODELS,
    Reactor,
    capture_spectrum,
    fission_product_spectrum,
    fission_rate_per_s,
    kopeikin2012_spectrum,
    kopeikin2012_table,
    parametrised_spectrum,
)

# physics-facts §3.2/§3.3/§3.1, typed again here to check the shipped YAML transcription
_HUBER_U235 = (4.367, -4.577, 2.100, -0.5294, 0.06186, -0.002777)
_MUELLER_PU239 = (6.413, -7.432, 3.535, -0.8820, 0.1025, -0.004550)
_VOGEL_U238 = (0.976, -0.162, -0.0790)
_MEV_J = 1.602176634e-13


def _exp_poly(coeffs, e):
    return math.exp(sum(a * e**k for k, a in enumerate(coeffs)))


def _pieces(edges, func, limit=200):
    """∫ func over consecutive edges with quad (no discontinuity inside a piece)."""
    return sum(
        integrate.quad(lambda x: float(func(x)), a, b, limit=limit, epsabs=1e-12)[0]
        for a, b in itertools.pairwise(edges)
    )


_CAPTURE_EDGES = sorted(
    {0.0, 1.3} | {b.endpoint_mev for b in CAPTURE_BRANCHES_U239 + CAPTURE_BRANCHES_NP239}
)


# -- fits -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("isotope", "model", "coeffs"),
    [
        ("U235", "huber-mueller", _HUBER_U235),
        ("Pu239", "mueller2011", _MUELLER_PU239),
        ("U238", "vogel-engel1989", _VOGEL_U238),
    ],
)
@pytest.mark.parametrize("energy", [2.0, 3.5, 5.0, 8.0])
def test_parametrised_matches_published_coefficients(isotope, model, coeffs, energy):
    value = float(parametrised_spectrum(energy, isotope, model))
    assert value == pytest.approx(_exp_poly(coeffs, energy), rel=1e-12, abs=0)


def test_parametrised_zero_outside_validity():
    s = parametrised_spectrum([0.0, 1.0, 1.999, 10.001, 20.0], "U235")
    assert np.all(s == 0.0)


def test_huber_mueller_u238_equals_mueller():
    e = np.linspace(2, 8, 7)
    assert np.array_equal(
        parametrised_spectrum(e, "U238", "huber-mueller"),
        parametrised_spectrum(e, "U238", "mueller2011"),
    )


def test_pu239_softer_than_u235():
    """Known hierarchy above 4 MeV: ²³⁹Pu gives fewer high-energy ν̄ per fission than ²³⁵U."""
    e = np.linspace(4, 8, 9)
    assert np.all(parametrised_spectrum(e, "Pu239") < parametrised_spectrum(e, "U235"))


# -- matched low-energy continuation --------------------------------------------------------
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("isotope", ISOTOPES)
def test_matched_continuity_and_count(isotope, model):
    """Value (1e-9) and log-slope (1e-4) continuous at 2 MeV; integral = 6 ν̄ (1e-7)."""
    em = MATCH_ENERGY_MEV
    h = 1e-5

    def s(e):
        return fission_product_spectrum(e, isotope, model)

    assert float(s(em - 1e-12)) == pytest.approx(float(s(em)), rel=1e-9)
    left = (math.log(s(em - h)) - math.log(s(em - 2 * h))) / h
    right = (math.log(s(em + 2 * h)) - math.log(s(em + h))) / h
    assert left == pytest.approx(right, rel=1e-3, abs=1e-4)
    total = _pieces([0.0, 0.01, 0.05, 0.2, 0.5, 1.0, em, 5.0, E_MAX_MEV], s)
    assert total == pytest.approx(6.0, rel=1e-7)


def test_matched_phase_space_onset():
    """S ∝ E² at E → 0 (β phase space): doubling E quadruples S to 1e-3."""
    s = fission_product_spectrum([1e-5, 2e-5], "U235")
    assert s[1] / s[0] == pytest.approx(4.0, rel=1e-3)


def test_matched_count_parameter():
    e = np.linspace(0, 10, 20001)
    s = fission_product_spectrum(e, "Pu241", fission_product_nu_per_fission=5.5)
    assert np.trapezoid(s, e) == pytest.approx(5.5, rel=2e-4)


@pytest.mark.parametrize("nu", [1.0, 50.0])
def test_matched_unreachable_count_raises(nu):
    with pytest.raises(InputError) as err:
        fission_product_spectrum(1.0, "U235", fission_product_nu_per_fission=nu)
    assert err.value.field == "fission_product_nu_per_fission"


# -- capture ---------------------------------------------------------------------------------
def test_capture_two_per_capture_and_endpoint():
    assert _pieces(_CAPTURE_EDGES, capture_spectrum) == pytest.approx(2.0, rel=1e-6)
    assert np.all(capture_spectrum([1.2616, 1.5, 5.0]) == 0.0)
    assert np.all(capture_spectrum(np.linspace(0.001, 1.26, 50)) > 0)


def test_capture_branch_data():
    """ENSDF: E₀ = Q − E_level (Q 1261.5 and 722.5 keV); main branches 69 %, 45 %, 44 %."""
    e0 = {round(b.endpoint_mev, 4): b.intensity for b in CAPTURE_BRANCHES_U239}
    assert e0[round(1.2615 - 0.074664, 4)] == pytest.approx(0.69 / 1.0013, rel=1e-9)
    np_e0 = sorted(b.endpoint_mev for b in CAPTURE_BRANCHES_NP239)
    assert np_e0[-1] == pytest.approx(0.7225 - 0.007861)
    assert sum(b.intensity for b in CAPTURE_BRANCHES_NP239) == pytest.approx(1.0)
    assert {b.z_daughter for b in CAPTURE_BRANCHES_U239} == {93}
    assert {b.z_daughter for b in CAPTURE_BRANCHES_NP239} == {94}


def test_capture_step_at_np239_endpoint():
    """β⁻ ν̄ spectra end with a finite step (Fermi function); ²³⁹Np 45 % branch E₀ = 437.0 keV."""
    e0 = 0.7225 - 0.285460
    below, above = capture_spectrum([e0 - 1e-6, e0 + 1e-6])
    assert below - above > 0.5


# -- Kopeikin table ---------------------------------------------------------------------------
def test_kopeikin_piecewise_never_across_steps():
    e, s, _ = kopeikin2012_table()
    pairs = [(a, b) for a, b in itertools.pairwise(e) if b - a <= 0.0055]
    assert [round(a, 3) for a, _ in pairs] == [0.035, 0.16, 0.33, 0.435, 1.185]
    for a, b in pairs:
        sa, sb = s[e == a][0], s[e == b][0]
        inner = np.linspace(a, b, 11)[1:-1]
        values = kopeikin2012_spectrum(inner)
        assert set(np.round(values, 12)) <= {round(sa, 12), round(sb, 12)}


def test_kopeikin_linear_between_points_and_e2_below():
    assert float(kopeikin2012_spectrum(0.6)) == pytest.approx(0.5 * (3.03 + 3.14))
    assert float(kopeikin2012_spectrum(0.005)) == pytest.approx(0.0774 / 4)
    assert float(kopeikin2012_spectrum(8.5)) == 0.0


# -- Reactor ------------------------------------------------------------------------------------
def test_yields_matched():
    y = Reactor(1.0, 10.0, low_energy="matched").neutrinos_per_fission()
    assert (y.fission_products, y.capture, y.total) == pytest.approx((6.0, 1.2, 7.2), rel=1e-9)


def test_yields_kopeikin_split():
    """Table total 6.68 (this interpolation; the raw trapezoid gives 6.67), capture 1.2."""
    y = Reactor(1.0, 10.0, low_energy="kopeikin2012").neutrinos_per_fission()
    assert y.total == pytest.approx(6.675, abs=0.01)
    assert y.capture == pytest.approx(1.2)
    assert y.fission_products == pytest.approx(y.total - 1.2)


def test_no_double_counting_with_kopeikin():
    e = np.linspace(0.0, 3.0, 301)
    a = Reactor(1.0, 10.0, low_energy="kopeikin2012", captures_per_fission=0.6)
    b = Reactor(1.0, 10.0, low_energy="kopeikin2012", captures_per_fission=0.0)
    assert np.array_equal(a.spectrum_per_fission(e), b.spectrum_per_fission(e))
    assert a.total_flux() == b.total_flux()
    fp = a.spectrum_per_fission(e, "fission_products")
    assert np.all(fp >= 0.0)


def test_capture_added_once_with_matched():
    e = np.linspace(0.0, 3.0, 301)
    a = Reactor(1.0, 10.0, low_energy="matched", captures_per_fission=0.6)
    b = Reactor(1.0, 10.0, low_energy="matched", captures_per_fission=0.0)
    diff = a.spectrum_per_fission(e) - b.spectrum_per_fission(e)
    assert np.allclose(diff, 0.6 * capture_spectrum(e), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("low", LOW_ENERGY_MODELS)
def test_total_flux_matches_integral_of_flux(low):
    """Closed-form/tabulated total against an independent trapezoid of flux(E) (2e-4)."""
    r = Reactor(2.9, 28.0, low_energy=low)
    e = np.unique(np.concatenate([np.linspace(0, 2, 40001), np.linspace(2, 10, 4001)]))
    assert np.trapezoid(r.flux(e), e) == pytest.approx(r.total_flux(), rel=2e-4)


def test_fission_rate():
    """1 GW of pure ²³⁵U fission at 201.92 MeV/fission (Kopeikin 2004)."""
    assert fission_rate_per_s(1.0, {"U235": 1.0}) == pytest.approx(1e9 / (201.92 * _MEV_J))
    r = Reactor(3.0, 20.0)
    mean = sum(
        f * e
        for f, e in zip([0.58, 0.07, 0.30, 0.05], [201.92, 205.52, 209.99, 213.60], strict=True)
    )
    assert r.mean_energy_per_fission_mev == pytest.approx(mean)
    assert r.fissions_per_second == pytest.approx(3e9 / (mean * _MEV_J))


def test_flux_geometry_and_on_fraction():
    r = Reactor(2.0, 50.0)
    half = Reactor(2.0, 50.0, on_fraction=0.5)
    e = np.array([0.5, 3.0])
    expected = r.fissions_per_second * r.spectrum_per_fission(e) / (4 * math.pi * 5000.0**2)
    assert np.allclose(r.flux(e), expected, rtol=1e-12)
    assert np.allclose(half.flux(e), 0.5 * r.flux(e), rtol=1e-12)
    assert half.total_flux() == pytest.approx(0.5 * r.total_flux())


def test_source_interface():
    r = Reactor(2.9, 28.0)
    assert r.flavours == ("nuebar",)
    assert r.flavour == "nuebar"
    assert r.baseline_m == 28.0
    assert r.energy_range_mev() == (0.0, E_MAX_MEV)
    assert r.lines() == ()
    assert r.mass_state_fractions(1.0) is None
    assert dict(r.fission_fractions) == dict(DEFAULT_FISSION_FRACTIONS)
    assert "Reactor(" in repr(r)
    with pytest.raises(UnknownNameError):
        r.flux(1.0, flavour="nue")


def test_plot():
    import matplotlib.pyplot as plt

    ax = Reactor(2.9, 28.0).plot()
    assert len(ax.lines) == 1
    assert "MeV" in ax.get_xlabel()
    plt.close("all")


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"thermal_power_gw": -1.0}, "thermal_power_gw"),
        ({"distance_m": -5.0}, "distance_m"),
        ({"distance_m": 0.0}, "distance_m"),
        ({"distance_m": float("nan")}, "distance_m"),
        ({"fission_fractions": {"U235": 0.6, "Pu239": 0.3}}, "fission_fractions"),
        ({"fission_fractions": {"U235": 0.5, "U233": 0.5}}, "fission_fractions"),
        ({"fission_fractions": {"U235": 1.2, "Pu239": -0.2}}, "fission_fractions['Pu239']"),
        ({"fission_fractions": [0.5, 0.5]}, "fission_fractions"),
        ({"model": "huber"}, "model"),
        ({"low_energy": "frozen"}, "low_energy"),
        ({"captures_per_fission": -0.1}, "captures_per_fission"),
        ({"on_fraction": 1.5}, "on_fraction"),
        ({"energy_per_fission_mev": {"U235": 0.0}}, "energy_per_fission_mev['U235']"),
        ({"energy_per_fission_mev": {"Th232": 200.0}}, "energy_per_fission_mev"),
    ],
)
def test_bad_input_names_field(kwargs, field):
    args = {"thermal_power_gw": 2.9, "distance_m": 28.0} | kwargs
    with pytest.raises(MunuError) as err:
        Reactor(**args)
    assert isinstance(err.value, InputError)
    assert err.value.field == field


def test_unknown_isotope_is_unknown_name_error():
    with pytest.raises(UnknownNameError, match="U233"):
        Reactor(1.0, 10.0, fission_fractions={"U233": 1.0})


def test_fraction_tolerance():
    Reactor(1.0, 10.0, fission_fractions={"U235": 0.5, "Pu239": 0.5 + 9e-7})
    with pytest.raises(InputError):
        Reactor(1.0, 10.0, fission_fractions={"U235": 0.5, "Pu239": 0.5 + 2e-6})


def test_bad_energy_and_part():
    r = Reactor(1.0, 10.0)
    with pytest.raises(InputError) as err:
        r.flux([-1.0, 1.0])
    assert err.value.field == "enu_mev"
    with pytest.raises(UnknownNameError) as err:
        r.spectrum_per_fission(1.0, part="fission")
    assert err.value.field == "part"
    with pytest.raises(UnknownNameError):
        parametrised_spectrum(3.0, "U233")


# -- properties ------------------------------------------------------------------------------
_REACTORS = {
    (m, low): Reactor(1.0, 1.0, model=m, low_energy=low)
    for m in MODELS
    for low in LOW_ENERGY_MODELS
}


@settings(max_examples=40, deadline=None)
@given(
    e=st.lists(st.floats(0.0, 15.0), min_size=1, max_size=20),
    key=st.sampled_from(sorted(_REACTORS)),
)
def test_flux_nonnegative_and_zero_above_range(e, key):
    r = _REACTORS[key]
    f = r.flux(e)
    assert np.all(f >= 0.0)
    assert np.all(f[np.asarray(e) > E_MAX_MEV] == 0.0)


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0.01, 10.0), d=st.floats(1.0, 1e5), e=st.floats(0.001, 9.9))
def test_flux_scales_as_power_over_distance_squared(p, d, e):
    ref = _REACTORS[("huber-mueller", "matched")]
    r = Reactor(p, d, low_energy="matched")
    assert float(r.flux(e)) == pytest.approx(float(ref.flux(e)) * p / d**2, rel=1e-10)
    assert r.total_flux() == pytest.approx(ref.total_flux() * p / d**2, rel=1e-10)


_PURE = {iso: Reactor(1.0, 1.0, fission_fractions={iso: 1.0}) for iso in ISOTOPES}
_E_GRID = np.array([0.05, 0.3, 1.0, 1.9, 2.5, 4.0, 6.0, 8.0])


@settings(max_examples=30, deadline=None)
@given(w=st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4))
def test_spectrum_linear_in_fission_fractions(w):
    fr = dict(zip(ISOTOPES, np.asarray(w) / sum(w), strict=True))
    fr["U235"] = 1.0 - sum(v for k, v in fr.items() if k != "U235")
    mix = Reactor(1.0, 1.0, fission_fractions=fr).spectrum_per_fission(_E_GRID)
    expected = sum(fr[i] * _PURE[i].spectrum_per_fission(_E_GRID) for i in ISOTOPES)
    assert np.allclose(mix, expected, rtol=1e-10, atol=0)


@settings(max_examples=30, deadline=None)
@given(shift=st.floats(0.01, 0.5), low=st.sampled_from(LOW_ENERGY_MODELS))
def test_more_pu239_softens_high_energy_spectrum(shift, low):
    base = {"U235": 0.6, "U238": 0.07, "Pu239": 0.28, "Pu241": 0.05}
    moved = base | {"U235": 0.6 - shift, "Pu239": 0.28 + shift}
    e = np.array([4.0, 5.0, 6.0, 7.0])
    a = Reactor(1.0, 1.0, fission_fractions=base, low_energy=low).spectrum_per_fission(e)
    b = Reactor(1.0, 1.0, fission_fractions=moved, low_energy=low).spectrum_per_fission(e)
    assert np.all(b < a)
