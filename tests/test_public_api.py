"""Lock the public API (as pyhf's tests/test_public_api.py does): removing or renaming a name
users rely on must be a deliberate change of this list."""

import inspect

import pytest

import munu

PUBLIC = {
    "NUFIT60",
    "Card",
    "CardError",
    "ConvergenceError",
    "DataError",
    "DecayAtRest",
    "Exposure",
    "InputError",
    "MomentMatrix",
    "MunuError",
    "MunuWarning",
    "Nucleus",
    "OscillationParameters",
    "Reactor",
    "Resolution",
    "Response",
    "Solar",
    "Spectrum",
    "Tabulated",
    "Target",
    "Tritium",
    "UnknownNameError",
    "__version__",
    "couplings",
    "dsigma_dt",
    "dsigma_dt_cevns",
    "dsigma_dt_magnetic",
    "dsigma_dt_weak",
    "effective_moment",
    "effective_moment_squared",
    "effective_moment_squared_from_fractions",
    "effective_moment_squared_incoherent",
    "enu_min_mev",
    "expected_spectrum",
    "load_card",
    "material",
    "msm_dirac_moment",
    "mu_sensitivity_scaling",
    "oscillation_parameters",
    "pmns",
    "radiative_decay_rate",
    "radiative_lifetime_bound",
    "rate_summary",
    "sigma_magnetic_integral",
    "sigma_total",
    "sigma_weak_integral",
    "signal_to_sm_ratio",
    "t_max_mev",
}


def test_public_names():
    assert set(munu.__all__) == PUBLIC
    for name in munu.__all__:
        assert hasattr(munu, name), name


def test_issue_contract_signatures():
    """The signatures other work relies on (foundation and sources issues)."""
    assert list(inspect.signature(munu.dsigma_dt).parameters)[:4] == [
        "t_mev",
        "enu_mev",
        "flavour",
        "mu",
    ]
    assert list(inspect.signature(munu.msm_dirac_moment).parameters) == ["m_ev"]
    assert list(inspect.signature(munu.radiative_decay_rate).parameters)[:3] == [
        "mu",
        "m_heavy_ev",
        "m_light_ev",
    ]
    from munu.sources import solar_survival_probability

    params = inspect.signature(solar_survival_probability).parameters
    assert list(params)[:2] == ["enu_mev", "component"]
    assert params["component"].default == "8B"
    reactor = inspect.signature(munu.Reactor).parameters
    assert {"thermal_power_gw", "distance_m"} <= set(reactor)


def test_every_public_callable_has_an_example():
    """Every public function and class documents itself with a runnable example."""
    for name in munu.__all__:
        obj = getattr(munu, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            if issubclass(obj, Exception) if inspect.isclass(obj) else False:
                continue
            assert ">>>" in (inspect.getdoc(obj) or ""), name


def test_import_is_lazy():
    """`import munu` defers the physics modules (PEP 562) and so scipy (issue 16)."""
    import subprocess
    import sys

    code = (
        "import sys, munu; before = sorted(m for m in ('scipy', 'munu.spectra', "
        "'munu.detectors') if m in sys.modules); munu.Reactor; munu.stats.fc_upper_limit; "
        "print(before, 'munu.sources' in sys.modules, 'munu.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] True True"


def test_lazy_names_resolve_to_their_modules():
    import importlib

    for name, module in munu._LAZY.items():
        assert name in munu.__all__, name
        assert getattr(munu, name) is getattr(importlib.import_module(module), name)
    assert munu.__version__ == munu._version.__version__
    assert "Reactor" in dir(munu)
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = munu.no_such_name
