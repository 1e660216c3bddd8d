"""Tests of the shipped experiment catalogue (munu.experiments.cards + catalogue/*.yaml).

Every shipped entry must load, cite its paper, carry a published result with its confidence
level (or a projection, or the reason why there is no number), and state the status (V / V-sec
/ C / NF / assumed, shared/reference/verified-experiments.md) of every number it contains.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from munu.errors import CardError
from munu.experiments import Card, ResultCard, catalogue, catalogue_names, list_cards, load_card
from munu.experiments.cards import (
    load_entry,
    number_paths,
    number_status,
    parse_entry,
    result_names,
    unstated_numbers,
)
from munu.experiments.schema import STATUS_CODES

NAMES = list_cards()


def test_catalogue_lists_every_file() -> None:
    assert len(catalogue()) == len(NAMES) == len(catalogue_names()) + len(result_names())
    assert len(set(NAMES)) == len(NAMES)
    # the experiments the review and the later results require
    for name in (
        "texono_ks_2003",
        "munu_2003",
        "munu_2005",
        "sno_deuteron_2004",
        "donut_2001",
        "lsnd_2001",
        "superk_2004",
        "borexino_ctf_2003",
        "savannah_river_1976",
        "xenonnt_2022",
        "gemma_2007",
        "gemma_2010",
        "gemma_2012",
        "mammont_si",
        "gemma_goal_2004",
        "texono_ule_ge_2004",
        "lz_reanalysis_2022",
        "conus_2026",
        "dresden_ii_2022",
        "pandax_ii_2020",
        "borexino_2008",
        "borexino_2017",
        "texono_ks_2007",
        "texono_csi_2010",
        "lz_2023",
        "lz_2025",
        "pandax_4t_2024",
        "texono_subkev_2015",
    ):
        assert name in NAMES


#: Pages that collect limits from many papers (GitHub data files, AI summaries): never a
#: citation (issue 15).
_AGGREGATORS = ("koppj", "mm-astro-nu", "arxivlens", "github.com")


@pytest.mark.parametrize("name", NAMES)
def test_no_aggregator_is_cited(name: str) -> None:
    entry = load_entry(name)
    cited = [entry.reference.citation, entry.reference.url or ""]
    if entry.published is not None:
        cited.append(entry.published.citation)
    cited += [str(v) for v in (entry.provenance or {}).values()]
    for text in cited:
        assert not any(a in text for a in _AGGREGATORS), (name, text)


@pytest.mark.parametrize("name", ["lz_2023", "lz_2025", "pandax_4t_2024", "conus_2026"])
def test_recent_entries_cite_their_arxiv_paper(name: str) -> None:
    """LZ 2023 (arXiv:2307.15753), LZ 2025 (2511.17350), PandaX-4T 2024 (2408.07641) and the
    combined CONUS result (2605.22815) cite the collaboration paper itself."""
    entry = load_entry(name)
    assert entry.reference.arxiv
    assert entry.reference.arxiv in entry.reference.citation


@pytest.mark.parametrize("name", NAMES)
def test_entry_loads_and_cites(name: str) -> None:
    entry = load_entry(name)
    assert isinstance(entry, Card | ResultCard)
    assert entry.reference.citation.strip()
    if name in catalogue_names():
        assert isinstance(entry, Card)
        assert load_card(name) == entry


@pytest.mark.parametrize("name", NAMES)
def test_entry_has_result_or_says_why(name: str) -> None:
    entry = load_entry(name)
    if entry.published is not None:
        assert 0.0 < entry.published.cl < 1.0
        assert entry.published.citation.strip()
        assert 1970 <= entry.published.year <= 2026
    elif entry.projection is not None:
        assert entry.projection.citation.strip()
    else:
        assert isinstance(entry, ResultCard)
        assert entry.published_absent_reason
    if entry.reproduction is not None and not entry.reproduction.recomputable:
        assert entry.reproduction.reason


@pytest.mark.parametrize("name", NAMES)
def test_every_number_has_a_status(name: str) -> None:
    entry = load_entry(name)
    assert unstated_numbers(entry) == ()
    for text in (entry.provenance or {}).values():
        assert text.split(":", 1)[0] in STATUS_CODES


@pytest.mark.parametrize("name", NAMES)
def test_recalled_published_numbers_are_marked(name: str) -> None:
    """A published number of status NF must say so in its notes (never shown as verified)."""
    entry = load_entry(name)
    if entry.published is None:
        return
    status = number_status(entry, "published.mu_limit")
    assert status is not None
    if status.startswith("NF"):
        assert entry.published.notes is not None
        assert "NOT VERIFIED" in entry.published.notes or "NF" in entry.published.notes


def test_verified_values_in_cards() -> None:
    """Verified values (verified-experiments.md §1-3, status V): TEXONO 2003 1.3e-10,
    MUNU 2005 9e-11, GEMMA 2007 5.8e-11 and 6200/2064 h, LSND nu_mu 6.8e-10, SNO 3.71e-9 at
    95 % CL from (-2.76 +- 1.46)e-16, DONUT 1 event over 2.3, XENONnT 15.8 /(t yr keV)."""
    assert load_entry("texono_ks_2003").published.mu_limit == pytest.approx(
        1.3e-10, rel=1e-12, abs=0
    )
    assert load_entry("munu_2005").published.mu_limit == pytest.approx(9e-11, rel=1e-12, abs=0)
    gemma = load_entry("gemma_2007")
    assert gemma.published.mu_limit == pytest.approx(5.8e-11, rel=1e-12, abs=0)
    assert gemma.exposure.on_days * 24 == pytest.approx(6200, rel=1e-4)
    assert gemma.exposure.off_days * 24 == pytest.approx(2064, rel=1e-4)
    assert load_entry("lsnd_2001").published.flavour == "numu"
    sno = load_entry("sno_deuteron_2004")
    assert (sno.published.mu_limit, sno.published.cl) == (3.71e-9, 0.95)
    assert (sno.measurement.kappa_hat, sno.measurement.kappa_sigma) == (-2.76e-16, 1.46e-16)
    donut = load_entry("donut_2001")
    assert (donut.measurement.n_obs, donut.measurement.background_events) == (1, 2.3)
    assert donut.published.flavour == "nutau"
    xe = load_entry("xenonnt_2022")
    # the real SR0 analysis: 433 public events, B0 template, SM solar ν inside B0
    assert len(xe.data.events_kev) == 433
    assert xe.data.exposure_t_yr == pytest.approx(1.16, rel=1e-12)
    assert [b.name for b in xe.backgrounds] == ["B0"]
    assert xe.standard_model == "in_background"
    assert xe.target.mass_kg * xe.exposure.live_days / 365.25 / 1000 == pytest.approx(
        1.16, rel=1e-4
    )


def test_lz_is_not_a_collaboration_result() -> None:
    lz = load_entry("lz_reanalysis_2022")
    assert "not an lz collaboration result" in lz.published.notes.lower()


def test_number_paths_and_status() -> None:
    entry = load_entry("texono_ks_2003")
    paths = number_paths(entry)
    assert "source.distance_m" in paths
    assert "published.mu_limit" in paths
    assert number_status(entry, "source.distance_m").startswith("V:")
    assert number_status(entry, "response.resolution.a_kev").startswith("assumed:")
    assert number_status(entry, "no.such.path") is None


RESULT = """
name: demo
reference: {citation: "nobody (2026)"}
published: {mu_limit: 1.0e-10, cl: 0.9, flavour: nuebar, citation: x, year: 2020}
reproduction: {recomputable: false, reason: "no inputs"}
provenance: {published: "V: somewhere"}
"""


def test_parse_entry_result_card(tmp_path: Path) -> None:
    entry = parse_entry(RESULT)
    assert isinstance(entry, ResultCard)
    path = tmp_path / "demo.yaml"
    path.write_text(RESULT, encoding="utf-8")
    assert load_entry(path) == entry
    assert load_entry(str(path)) == entry


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (RESULT.replace('reason: "no inputs"', "reason: null"), "reason"),
        (RESULT.replace("V: somewhere", "maybe: somewhere"), "status code"),
        (RESULT.replace("name: demo", "name: demo\ncolour: red"), "unknown field"),
        (RESULT + "measurement: {kind: poisson-counting, n_obs: 1}\n", "background_events"),
        (
            "name: x\nreference: {citation: y}\nreproduction: {recomputable: true}\n",
            "published_absent_reason",
        ),
        ("- a list", "mapping"),
        ("a: [", "not valid YAML"),
    ],
)
def test_parse_entry_errors(text: str, needle: str) -> None:
    with pytest.raises(CardError, match=needle):
        parse_entry(text)


def test_load_entry_unknown() -> None:
    with pytest.raises(CardError, match="not found"):
        load_entry("no_such_experiment")
    with pytest.raises(CardError, match="expected a card path"):
        load_entry(3)  # type: ignore[arg-type]


def test_card_level_schema_additions() -> None:
    """The optional sections added for the catalogue also validate inside a full Card."""
    good = load_card("texono_ks_2003").model_dump(exclude_unset=True)
    bad_prov = dict(good, provenance={"source": "verified: somewhere"})
    with pytest.raises(ValueError, match="status code"):
        Card.model_validate(bad_prov)
    bad_meas = dict(good, measurement={"kind": "gaussian-rate", "threshold_kev": 900.0})
    with pytest.raises(ValueError, match="rate_per_day"):
        Card.model_validate(bad_meas)
    bad_rep = dict(good, reproduction={"recomputable": False})
    with pytest.raises(ValueError, match="reason"):
        Card.model_validate(bad_rep)
    ok = Card.model_validate(
        dict(good, projection={"flavour": "nuebar", "citation": "x", "year": 2004})
    )
    assert ok.projection.mu_goal is None
