"""Solar source: spectra, lines, mass-state fractions, MSW averaging, input errors."""

import io
from importlib import resources

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from munu.errors import InputError, MunuError, UnknownNameError
from munu.mixing import NUFIT60, msw_survival_probability, pmns
from munu.sources.base import Source
from munu.sources.solar import (
    BE7_LINES,
    COMPONENTS,
    CONTINUOUS_COMPONENTS,
    ENDPOINTS_MEV,
    PEP_ENERGY_MEV,
    SSM_MODELS,
    Solar,
    electron_density_per_cm3,
    production_distribution,
    solar_mass_state_fractions,
    solar_survival_probability,
    spectrum_shape,
    ssm_flux_uncertainties,
    ssm_fluxes,
)

N_A = 6.02214076e23
# radii of the tabulated BS05(OP) profile: break points of the piecewise-linear profiles
RADII = np.loadtxt(
    io.StringIO(
        (resources.files("munu") / "sources" / "data" / "bs05op_profiles.csv").read_text("utf-8")
    ),
    delimiter=",",
    skiprows=1,
)[:, 0]


@pytest.mark.parametrize("component", CONTINUOUS_COMPONENTS)
def test_spectrum_unit_normalised(component):
    """Each continuous shape integrates to 1 (adaptive quadrature, 1e-6)."""
    end = ENDPOINTS_MEV[component]
    points = np.arange(0.1, end, 0.1) if component == "8B" else None
    value, _ = integrate.quad(
        lambda e: float(spectrum_shape(component, e)), 0.0, end, limit=400, points=points
    )
    assert value == pytest.approx(1.0, rel=1e-6)


@pytest.mark.parametrize("component", CONTINUOUS_COMPONENTS)
def test_spectrum_zero_at_and_beyond_endpoint(component):
    end = ENDPOINTS_MEV[component]
    s = spectrum_shape(component, [0.0, end, end * 1.001, 2 * end, 100.0])
    assert np.all(s == 0.0)
    inside = spectrum_shape(component, np.linspace(0.01, 0.99, 50) * end)
    assert np.all(inside > 0.0)


def test_pp_endpoint_from_masses():
    """pp endpoint 2m_p − m_d − m_e = 0.420 MeV (Bahcall, Neutrino Astrophysics, Table 6.1)."""
    assert ENDPOINTS_MEV["pp"] == pytest.approx(0.420, abs=5e-4)
    assert ENDPOINTS_MEV["hep"] == pytest.approx(18.77, abs=5e-3)


def test_b8_peak_position():
    """The ⁸B spectrum of Winter et al. (2006) peaks at 6.4–6.5 MeV (their table)."""
    e = np.linspace(0.0, 15.0, 1501)
    assert 6.3 <= e[np.argmax(spectrum_shape("8B", e))] <= 6.6


def test_line_components_have_no_density():
    with pytest.raises(InputError, match="component"):
        spectrum_shape("7Be", 0.5)
    with pytest.raises(InputError):
        Solar().component_flux("pep", 1.0)


def test_lines():
    """⁷Be split by ENSDF branching 89.56/10.44 %; pep at 1.442 MeV."""
    sun = Solar()
    lines = {line.label: line for line in sun.lines()}
    assert set(lines) == {"pep", "7Be-862", "7Be-384"}
    assert lines["pep"].energy_mev == PEP_ENERGY_MEV == 1.442
    assert lines["7Be-862"].energy_mev == 0.8618
    assert lines["7Be-384"].energy_mev == 0.3843
    assert lines["7Be-862"].flux / 4.93e9 == pytest.approx(0.8956)
    assert lines["7Be-862"].flux + lines["7Be-384"].flux == pytest.approx(4.93e9)
    assert sum(b for _, b, _ in BE7_LINES) == pytest.approx(1.0)
    assert all(line.flavour == "nue" for line in sun.lines())
    assert sun.lines("nue") == sun.lines()


def test_total_flux_matches_numerical_integral():
    """Analytic total (sum of components) equals the base-class quadrature of flux() + lines."""
    sun = Solar(components=["pp", "8B", "hep", "13N", "15O", "17F", "pep"])
    numeric = Source.total_flux(sun)
    assert numeric == pytest.approx(sun.total_flux(), rel=2e-4)


def test_component_selection_and_sum():
    sun = Solar()
    e = np.linspace(0.0, 20.0, 400)
    parts = sum(sun.component_flux(c, e) for c in CONTINUOUS_COMPONENTS)
    np.testing.assert_allclose(sun.flux(e), parts, rtol=1e-12)
    only = Solar(components=["8B"])
    assert only.lines() == ()
    assert only.energy_range_mev() == (0.0, 15.3)
    assert Solar(components=["7Be"]).energy_range_mev() == (0.0, 0.0)
    assert only.total_flux() == 5.46e6


@pytest.mark.parametrize("model", SSM_MODELS)
def test_models_have_all_components(model):
    fluxes = ssm_fluxes(model)
    assert set(fluxes) == set(COMPONENTS)
    assert all(v > 0 for v in fluxes.values())
    assert Solar(model).total_flux() == pytest.approx(sum(fluxes.values()))


def test_uncertainties():
    assert ssm_flux_uncertainties("B16-AGSS09met")["15O"] == 0.16
    assert ssm_flux_uncertainties("BS05(OP)") is None


def test_electron_density_profile():
    """Central n_e of BS05(OP) is 10^2.013 N_A cm⁻³; beyond 0.2 R☉ the table agrees with
    Bahcall's exponential fit 245 N_A exp(−10.54 r) to 5 %."""
    assert electron_density_per_cm3(0.0) / N_A == pytest.approx(10**2.013, rel=1e-9)
    r = np.linspace(0.2, 0.35, 7)
    fit = 245 * N_A * np.exp(-10.54 * r)
    np.testing.assert_allclose(electron_density_per_cm3(r), fit, rtol=0.05)
    assert np.all(np.diff(electron_density_per_cm3(np.linspace(0, 0.35, 50))) <= 0)


@pytest.mark.parametrize("component", COMPONENTS)
def test_production_distribution_normalised(component):
    value, _ = integrate.quad(
        lambda r: float(production_distribution(component, r)), 0.0, 0.35, points=RADII[1:-1]
    )
    assert value == pytest.approx(1.0, rel=1e-9)


def test_production_radii_ordering():
    """⁸B is made deepest, then ⁷Be, then pp (Bahcall, Neutrino Astrophysics, Fig. 6.1)."""
    r = np.linspace(0, 0.35, 2001)

    def mean(c):
        d = production_distribution(c, r)
        return np.trapezoid(r * d, r) / np.trapezoid(d, r)

    assert mean("8B") < mean("7Be") < mean("pp") < mean("hep")
    assert mean("8B") == pytest.approx(0.05, abs=0.005)


def test_fractions_sum_to_one_and_vacuum_limit():
    e = np.array([[0.0, 0.1], [1.0, 15.0]])
    f = solar_mass_state_fractions(e, "8B")
    assert f.shape == (2, 2, 3)
    np.testing.assert_allclose(f.sum(axis=-1), 1.0, rtol=1e-12)
    vacuum = np.abs(pmns(NUFIT60)[0]) ** 2
    np.testing.assert_allclose(f[0, 0], vacuum, atol=1e-9)
    assert f[1, 1, 1] > 0.85  # high-energy ⁸B leave the Sun mostly as ν₂


def test_averaging_matches_direct_integral():
    """The fixed-grid average equals ∫ dF/dr P_ee(E, n_e(r)) dr done by adaptive quadrature."""
    for component, energy in (("8B", 5.0), ("pp", 0.3), ("13N", 1.0)):

        def integrand(r, c=component, en=energy):
            w = float(production_distribution(c, r))
            return w * float(msw_survival_probability(en, electron_density_per_cm3(r)))

        direct, _ = integrate.quad(integrand, 0.0, 0.35, points=RADII[1:-1], limit=400)
        assert float(solar_survival_probability(energy, component)) == pytest.approx(
            direct, abs=2e-4
        )


def test_survival_between_density_extremes():
    e = np.geomspace(0.1, 18.0, 30)
    p = solar_survival_probability(e, "hep")
    lo = msw_survival_probability(e, electron_density_per_cm3(0.0))
    hi = msw_survival_probability(e, electron_density_per_cm3(0.35))
    assert np.all(p >= lo - 1e-12)
    assert np.all(p <= hi + 1e-12)
    assert np.all(np.diff(p) < 0)  # P_ee falls monotonically with energy


def test_source_fractions_weighting_and_lines():
    sun = Solar()
    e = np.array([0.0, 0.2, 0.3843, 0.8618, 1.442, 8.0, 25.0])
    f = sun.mass_state_fractions(e)
    assert f.shape == (7, 3)
    np.testing.assert_allclose(f.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all(f >= 0)
    # at the line energies: the line's own fractions
    np.testing.assert_allclose(f[3], sun.component_mass_state_fractions("7Be", 0.8618))
    np.testing.assert_allclose(f[4], sun.line_mass_state_fractions(sun.lines()[0]))
    # at 8 MeV only ⁸B and hep emit; hep is ≈ 7e-4 of ⁸B there
    np.testing.assert_allclose(f[5], sun.component_mass_state_fractions("8B", 8.0), atol=5e-4)
    # at 0.2 MeV pp dominates
    np.testing.assert_allclose(f[1], sun.component_mass_state_fractions("pp", 0.2), atol=2e-3)


def test_params_change_fractions():
    a = Solar(params="nufit60").mass_state_fractions(10.0)
    b = Solar(params="lma2004").mass_state_fractions(10.0)
    assert b[2] == 0.0  # θ13 = 0
    assert not np.allclose(a, b)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 40.0), min_size=1, max_size=20))
def test_flux_nonnegative_and_zero_beyond_hep(energies):
    sun = Solar()
    e = np.array(energies)
    flux = sun.flux(e)
    assert np.all(flux >= 0.0)
    assert np.all(flux[e > ENDPOINTS_MEV["hep"]] == 0.0)
    f = sun.mass_state_fractions(e)
    np.testing.assert_allclose(f.sum(axis=-1), 1.0, rtol=1e-12)


def test_plot():
    ax = Solar().plot()
    assert ax.get_xlabel()
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: Solar("B17"), UnknownNameError),
        (lambda: Solar(components=["8B", "7Li"]), UnknownNameError),
        (lambda: Solar(components=[]), InputError),
        (lambda: Solar(components="8B"), InputError),
        (lambda: Solar(params=42), InputError),
        (lambda: Solar(params="nufit99"), UnknownNameError),
        (lambda: Solar().flux(-1.0), InputError),
        (lambda: Solar().flux(np.nan), InputError),
        (lambda: Solar().flux(1.0, flavour="nuebar"), UnknownNameError),
        (lambda: Solar(components=["pp"]).component_flux("8B", 1.0), UnknownNameError),
        (lambda: Solar().mass_state_fractions([1.0, -2.0]), InputError),
        (lambda: solar_survival_probability(1.0, "B8"), UnknownNameError),
        (lambda: electron_density_per_cm3(0.5), InputError),
        (lambda: ssm_fluxes("GS98"), UnknownNameError),
        (
            lambda: Solar().line_mass_state_fractions(
                Solar().lines()[0].__class__(1.0, 1.0, "nue")
            ),
            InputError,
        ),
    ],
)
def test_bad_input(call, error):
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, MunuError)


def test_mass_state_fraction_tables_match_direct_quadrature():
    """Solar.mass_state_fractions uses cached cubic splines in ln E of the production-averaged
    MSW fractions: within 1e-8 (absolute) of the direct radius quadrature everywhere, including
    E = 0 and energies outside the table (direct there)."""
    from munu.sources.solar import COMPONENTS, _averaged_fractions, _averaged_fractions_fast

    e = np.concatenate([[0.0, 1e-9], np.geomspace(1e-6, 25.0, 20001), [30.0]])
    for comp in COMPONENTS:
        fast = _averaged_fractions_fast(e, comp, NUFIT60)
        np.testing.assert_allclose(fast, _averaged_fractions(e, comp, NUFIT60), rtol=0, atol=1e-8)
