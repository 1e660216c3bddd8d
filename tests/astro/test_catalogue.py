"""Astrophysical-bound catalogue: loading, schema validation, filters, plot."""

import dataclasses
import io

import matplotlib
import pytest

from munu.astro import catalogue as cat
from munu.errors import DataError, InputError, UnknownNameError

matplotlib.use("Agg")  # the plot uses matplotlib.figure.Figure directly; Agg for safety

#: Every bound of physics-facts.md §5 must be in the catalogue.
SECTION5_KEYS = {
    "red_giants_raffelt1990",
    "trgb_bayesian_dennis_sakstein2023",
    "m5_trgb_viaux2013_95",
    "m5_trgb_viaux2013_68",
    "gc50_trgb_arceo_diaz2019",
    "trgb_ngc4258_capozzi2020",
    "trgb_omega_cen_capozzi2020",
    "wd_pulsation_corsico2014",
    "wd_lf_miller_bertolami2014",
    "sn1987a_ayala1999",
    "sn1987a_barbieri_mohapatra1988",
    "sn_cherenkov_mohanty_samal1995",
    "neff_dirac_li_xu2022",
    "bbn_majorana_vassh2015",
    "bbn_dirac_early",
}


def test_catalogue_loads_with_complete_entries():
    entries = cat.astro_bounds()
    assert {b.key for b in entries} == SECTION5_KEYS
    for b in entries:
        assert isinstance(b, cat.AstroBound)
        assert b.value_mu_b > 0
        assert b.citation.strip()
        assert b.assumptions.strip()
        assert 1980 <= b.year <= 2030
        assert b.status in cat.STATUSES
        assert b.cl is None or 0 < b.cl < 1
        if b.value_range_mu_b is not None:
            low, high = b.value_range_mu_b
            assert low < high
            assert b.value_mu_b == high  # conservative end


def test_dirac_only_bounds_are_flagged():
    """SN 1987A spin-flip and N_eff/BBN ν_R arguments hold for Dirac neutrinos only."""
    for key in ("sn1987a_ayala1999", "sn1987a_barbieri_mohapatra1988", "neff_dirac_li_xu2022"):
        b = cat.astro_bound(key)
        assert b.neutrino_type == "Dirac"
        assert "Dirac" in b.assumptions
        assert not b.applies_to_majorana


def test_records_are_frozen():
    b = cat.astro_bound("red_giants_raffelt1990")
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.value_mu_b = 1.0  # type: ignore[misc]


def test_filters():
    dirac = cat.astro_bounds(applies_to="Dirac")
    assert all(b.neutrino_type in ("Dirac", "any") for b in dirac)
    assert "bbn_majorana_vassh2015" not in {b.key for b in dirac}
    assert {b.key for b in cat.astro_bounds(category="supernova", kind="limit")} == {
        "sn1987a_ayala1999",
        "sn1987a_barbieri_mohapatra1988",
    }
    assert all(b.cl == 0.95 for b in cat.astro_bounds(cl=0.95))
    assert all(b.status == "R" for b in cat.astro_bounds(status="R"))
    assert cat.astro_bounds(category="white_dwarf", neutrino_type="Dirac") == ()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"category": "neutron_star"},
        {"neutrino_type": "dirac"},
        {"applies_to": "any"},
        {"kind": "bound"},
        {"status": "verified"},
    ],
)
def test_unknown_filter_values_raise(kwargs):
    with pytest.raises(UnknownNameError) as err:
        cat.astro_bounds(**kwargs)
    assert err.value.field == next(iter(kwargs))


def test_unknown_key_and_bad_cl():
    with pytest.raises(UnknownNameError):
        cat.astro_bound("sn2023ixf")
    with pytest.raises(InputError):
        cat.astro_bounds(cl=90)


_GOOD = """
bounds:
  - key: a
    name: A
    value_mu_b: 1.0e-12
    cl: 0.9
    neutrino_type: any
    category: red_giant
    method: m
    kind: limit
    assumptions: x
    citation: c
    arxiv: null
    year: 2000
    status: V
"""


def test_parser_accepts_minimal_entry():
    (entry,) = cat._parse_catalogue(_GOOD)
    assert entry.key == "a"
    assert entry.cl_label == "90% C.L."


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("value_mu_b: 1.0e-12", "value_mu_b: -1.0e-12"),
        ("status: V", "status: maybe"),
        ("cl: 0.9", "cl: 90"),
        ("year: 2000", "year: two thousand"),
        ("citation: c", "citation: ''"),
        ("    arxiv: null\n", ""),
        ("status: V", "status: V\n    colour: red"),
        ("status: V", "status: V\n    value_range_mu_b: [2.0e-12, 3.0e-12]"),
    ],
)
def test_parser_rejects_malformed_entries(old, new):
    with pytest.raises(DataError):
        cat._parse_catalogue(_GOOD.replace(old, new))


def test_parser_rejects_duplicates_and_bad_yaml():
    doc = _GOOD + _GOOD.split("bounds:\n")[1]
    with pytest.raises(DataError, match="duplicate"):
        cat._parse_catalogue(doc)
    with pytest.raises(DataError):
        cat._parse_catalogue("bounds: [unclosed")
    with pytest.raises(DataError):
        cat._parse_catalogue("- just a list")


def test_plot_with_lab_limits():
    from matplotlib.figure import Figure

    labs = [("GEMMA 2012", 2.9e-11), ("XENONnT 2022", 6.4e-12)]
    ax = cat.plot_astro_bounds(lab_limits=labs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    limits = cat.astro_bounds(kind="limit")
    assert len(labels) == len(limits) + len(labs)
    assert ax.get_xscale() == "log"
    assert any("95% C.L." in s for s in labels)
    assert any("CL n/s" in s for s in labels)
    assert sum("(lab) [90% C.L.]" in s for s in labels) == 2
    assert "10^{-12}" in ax.get_xlabel()
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"
    ax2 = Figure().add_subplot()
    out = cat.plot_astro_bounds(
        ax2, bounds=cat.astro_bounds(category="supernova"), unit_exponent=-11
    )
    assert out is ax2
    assert "10^{-11}" in ax2.get_xlabel()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lab_limits": [("GEMMA", -1.0)]},
        {"lab_limits": [(1.0, 2.9e-11)]},
        {"lab_limits": "GEMMA"},
        {"bounds": ["not a bound"]},
        {"bounds": [], "lab_limits": []},
        {"unit_exponent": -11.5},
    ],
)
def test_plot_bad_inputs(kwargs):
    with pytest.raises(InputError):
        cat.plot_astro_bounds(**kwargs)


def test_bayesian_trgb_reanalysis_loosens_trgb_limits():
    """arXiv:2307.13050 (abstract): μ ≤ 6×10⁻¹² μ_B, previously excluded by the TRGB, is
    unconstrained once the stellar physics is marginalised. It is not a limit, and it covers
    the Capozzi & Raffelt 2020 TRGB bounds (1.5 and 1.2 ×10⁻¹² μ_B, arXiv:2007.03694)."""
    b = cat.astro_bound("trgb_bayesian_dennis_sakstein2023")
    assert b.kind == "unconstrained"
    assert b.value_mu_b == 6.0e-12
    assert b not in cat.astro_bounds(kind="limit")
    for key in ("trgb_ngc4258_capozzi2020", "trgb_omega_cen_capozzi2020"):
        assert cat.astro_bound(key).value_mu_b < b.value_mu_b
    ax = cat.plot_astro_bounds(bounds=[b, cat.astro_bound("trgb_omega_cen_capozzi2020")])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any("not excluded below" in s for s in labels)
