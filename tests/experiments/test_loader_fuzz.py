"""Fuzz tests of the card loader: every input loads or raises CardError, never anything else."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munu.errors import CardError
from munu.experiments import Card, load_card, parse_card

GOOD = Path(__file__).resolve().parents[2] / "src/munu/experiments/catalogue/texono_ks_2003.yaml"
GOOD_TEXT = GOOD.read_text(encoding="utf-8")
GOOD_DATA: dict[str, Any] = yaml.safe_load(GOOD_TEXT)

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _loads_or_card_error(text: str) -> Card | None:
    try:
        return parse_card(text, origin="<fuzz>")
    except CardError as err:
        message = str(err)
    assert message  # a message, never empty
    return None


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    _loads_or_card_error(text)


@FUZZ
@given(st.integers(0, len(GOOD_TEXT)))
def test_truncated_card(cut: int) -> None:
    _loads_or_card_error(GOOD_TEXT[:cut])


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.just(-1.0),
    st.just(0.0),
    st.just(1e308),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(_paths(v, (*prefix, k)))
    return out


PATHS = _paths(GOOD_DATA)


@FUZZ
@given(st.sampled_from(PATHS), values)
def test_field_replaced_by_anything(path: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(GOOD_DATA)
    d = data
    for k in path[:-1]:
        d = d[k]
    d[path[-1]] = value
    _loads_or_card_error(yaml.safe_dump(data))


@FUZZ
@given(st.sampled_from(PATHS), st.text(min_size=1, max_size=10), values)
def test_field_removed_or_extra_field(path: tuple[Any, ...], key: str, value: Any) -> None:
    data = copy.deepcopy(GOOD_DATA)
    d = data
    for k in path[:-1]:
        d = d[k]
    del d[path[-1]]
    d[key] = value
    card = _loads_or_card_error(yaml.safe_dump(data))
    # removing a required field or adding an unknown key must not pass silently
    if key not in Card.model_fields and path[-1] in ("name", "reference", "source"):
        assert card is None


@FUZZ
@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
)
def test_absurd_numbers(mass: float, lo: float, hi: float, width: float) -> None:
    data = copy.deepcopy(GOOD_DATA)
    data["target"]["mass_kg"] = mass
    data["binning"] = {"min_kev": lo, "max_kev": hi, "width_kev": width}
    card = _loads_or_card_error(yaml.safe_dump(data))
    if card is not None:
        edges = card.binning_edges_kev()
        assert edges.size >= 2
        assert (edges[1:] > edges[:-1]).all()
        assert card.target.mass_kg > 0


def test_yaml_tags_are_not_executed() -> None:
    evil = "!!python/object/apply:os.system ['echo pwned']"
    with pytest.raises(CardError, match="not valid YAML"):
        parse_card(evil)
    with pytest.raises(CardError):
        parse_card("name: !!python/name:os.system\n")


def test_missing_file_and_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(CardError, match="not found"):
        load_card(tmp_path / "nope.yaml")
    with pytest.raises(CardError, match="not found"):
        load_card("no_such_experiment")
    with pytest.raises(CardError):
        load_card(42)  # type: ignore[arg-type]
    with pytest.raises(CardError):
        parse_card(b"name: x")  # type: ignore[arg-type]
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CardError, match="UTF-8"):
        load_card(binary)
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    assert load_card(good).name == "TEXONO-KS-2003"
    assert load_card(str(good)).name == "TEXONO-KS-2003"
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    with pytest.raises(CardError):
        load_card(folder)


@pytest.mark.parametrize("text", ["", "[]", "42", "- a\n- b", "name: [unclosed", "a: &x\n  b: *x"])
def test_non_mapping_documents(text: str) -> None:
    with pytest.raises(CardError):
        parse_card(text)
