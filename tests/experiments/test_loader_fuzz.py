"""Fuzz tests of the card loader: every input loads or raises a bounded CardError, never
anything else; plus one test per card-parsing defect of issue 14."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munu.errors import CardError, MunuWarning
from munu.experiments import Card, load_card, load_entry, parse_card
from munu.experiments.cards import parse_entry

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
    assert len(message) < 1500  # bounded, whatever the input (issue 14)
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


# -- issue 14: strict, bounded card parsing ------------------------------------------------


def _card_with(**sections: Any) -> str:
    data = copy.deepcopy(GOOD_DATA)
    for dotted, value in sections.items():
        *head, last = dotted.split("__")
        d = data
        for k in head:
            d = d[k]
        if value is _DELETE:
            del d[last]
        else:
            d[last] = value
    return yaml.safe_dump(data)


_DELETE = object()


def _message(text: str) -> str:
    with pytest.raises(CardError) as info:
        parse_card(text, origin="<t>")
    message = str(info.value)
    assert len(message) < 1500, message
    assert message.count("\n") <= 10, message
    return message


@pytest.mark.parametrize(
    "text",
    [
        GOOD_TEXT + "\nname: other\n",  # top level
        GOOD_TEXT.replace("mass_kg: 1.06,", "mass_kg: 1.06, mass_kg: 2.0,"),  # in a flow map
    ],
)
def test_duplicate_keys_refused(text: str) -> None:
    """Issue 14: duplicate YAML keys were accepted (the last one won)."""
    assert "duplicate key" in _message(text)


def test_alias_bomb_refused_without_expanding() -> None:
    """Issue 14: a 600-byte alias bomb hung rate/sensitivity/limit with 2.4 GB (the error
    formatter expanded it). Nine levels of nine aliases = 9^9 values."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        ref = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{ref}]")
    bomb = "name: bomb\n" + "\n".join(lines) + "\nreference: *a9\n"
    assert len(bomb) < 700
    assert "expands to more than" in _message(bomb)


def test_deeply_nested_yaml_refused() -> None:
    """Issue 14: deeply nested YAML raised RecursionError (a traceback)."""
    deep = "name: x\nreference: " + "[" * 5000 + "]" * 5000 + "\n"
    assert "nesting deeper" in _message(deep)
    deep_map = "name: x\n" + "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "1"
    assert "nesting deeper" in _message(deep_map)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("target__mass_kg", True),
        ("exposure__on_days", True),
        ("source__thermal_power_gw", False),
        ("binning", {"edges_kev": [12.0, True, 20.0]}),
    ],
)
def test_booleans_are_not_numbers(field: str, value: Any) -> None:
    """Issue 14: ``mass_kg: true`` was read as 1 kg."""
    assert "boolean" in _message(_card_with(**{field: value}))


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("source__distance_m", 1e-300, "distance_m"),
        ("exposure__on_days", 1e-300, "on_days"),
        ("source__thermal_power_gw", 1e-300, "thermal_power_gw"),
        ("exposure__off_days", 0.0, "off_days"),
        ("target__mass_kg", 1e-30, "mass_kg"),
    ],
)
def test_degenerate_values_refused(field: str, value: float, words: str) -> None:
    """Issue 14: distance_m/on_days 1e-300 gave ZeroDivisionError, thermal_power_gw 1e-300 a
    limit of 3e140 μ_B, off_days 0 silently another analysis (no OFF period)."""
    assert words in _message(_card_with(**{field: value}))


def test_fit_window_outside_binning_refused() -> None:
    """Issue 14: a fit window outside the binning was accepted."""
    text = _card_with(analysis__fit_min_kev=100.0, analysis__fit_max_kev=200.0)
    assert "outside the binning" in _message(text)


def test_resolution_wider_than_window_warns() -> None:
    """Issue 14: a resolution wider than the whole window is a degenerate analysis."""
    text = _card_with(response__resolution={"a_kev": 500.0})
    with pytest.warns(MunuWarning, match="wider than the whole binning"):
        parse_card(text)


def test_non_card_file_is_not_echoed(tmp_path: Path) -> None:
    """Issue 14: a non-card file's lines were echoed back as "unknown fields"."""
    other = tmp_path / "notes.yaml"
    other.write_text("".join(f"line{i}: some text {i}\n" for i in range(500)), encoding="utf-8")
    with pytest.raises(CardError, match="is not an experiment card") as info:
        load_entry(other)
    assert len(str(info.value)) < 400


def test_many_problems_are_counted_not_listed() -> None:
    data = copy.deepcopy(GOOD_DATA)
    for i in range(100):
        data["target"][f"typo{i}"] = "x" * 1000
    message = _message(yaml.safe_dump(data))
    assert "more problem(s)" in message


def test_empty_card_same_message_from_every_loader(tmp_path: Path) -> None:
    """Issue 14: loader.py and cards.py gave different messages for the same empty card."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    messages = set()
    for load in (load_card, load_entry):
        with pytest.raises(CardError) as info:
            load(empty)
        messages.add(str(info.value))
    for parse in (parse_card, parse_entry):
        with pytest.raises(CardError) as info:
            parse("", str(empty))
        messages.add(str(info.value))
    assert len(messages) == 1, messages


def test_local_file_wins_over_catalogue_name(tmp_path: Path, monkeypatch: Any) -> None:
    """Issue 14: an edited texono_ks_2003.yaml in the working directory was silently
    replaced by the shipped card."""
    monkeypatch.chdir(tmp_path)
    Path("texono_ks_2003.yaml").write_text(
        GOOD_TEXT.replace("name: TEXONO-KS-2003", "name: EDITED"), encoding="utf-8"
    )
    assert load_card("texono_ks_2003.yaml").name == "EDITED"
    assert load_entry("texono_ks_2003.yaml").name == "EDITED"
    # the bare name without a file of that name is the catalogue entry
    assert load_card("texono_ks_2003").name == "TEXONO-KS-2003"
    # a path is never a catalogue name
    with pytest.raises(CardError, match="not found"):
        load_card("sub/texono_ks_2003")


def test_result_only_entry_refused_by_load_card() -> None:
    with pytest.raises(CardError, match="result-only catalogue entry"):
        load_card("donut_2001")


line_ops = st.lists(
    st.tuples(st.sampled_from(["dup", "del", "swap", "indent", "alias"]), st.integers(0, 10**6)),
    min_size=1,
    max_size=4,
)


@FUZZ
@given(line_ops)
def test_line_mutations(ops: list[tuple[str, int]]) -> None:
    """Line-level mutations of a good card (duplicated, removed, swapped, re-indented lines,
    aliases): it loads or raises a bounded CardError; a duplicated top-level key never loads."""
    lines = GOOD_TEXT.splitlines()
    duplicated_top = False
    for op, k in ops:
        i = k % len(lines)
        if op == "dup":
            duplicated_top |= bool(lines[i]) and lines[i][0].isalpha() and ":" in lines[i]
            lines.insert(i, lines[i])
        elif op == "del" and len(lines) > 1:
            del lines[i]
        elif op == "swap":
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "alias":
            lines = [f"x{i}: &x{i} " + "[" * 3 + "1" + "]" * 3, *lines, f"y{i}: *x{i}"]
    card = _loads_or_card_error("\n".join(lines))
    assert card is None or not duplicated_top
