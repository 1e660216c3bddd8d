"""Issue 14, reliability end to end: every bad input gives exit 2 with a short message, every
output is safe, no silent wrong number.

The fuzz tests (hypothesis, derandomized) drive the CLI through typer's CliRunner with mutated
cards, mutated data files and random arguments, and assert one rule: exit 0 with a finite,
plausible result, or exit 2 with a bounded message — never a traceback (exit 1), a hang or a
non-finite number. The other tests each reproduce one defect listed in the issue.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import os
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from munu.cli import app
from munu.errors import DataError, InputError

runner = CliRunner()

CATALOGUE = Path(__file__).resolve().parents[1] / "src/munu/experiments/catalogue"
GOOD_TEXT = (CATALOGUE / "texono_ks_2003.yaml").read_text(encoding="utf-8")
GOOD: dict[str, Any] = yaml.safe_load(GOOD_TEXT)

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: Longest error output accepted: a few wrapped lines (rich wraps at 80 columns).
MAX_ERROR_LINES = 12
MAX_ERROR_CHARS = 1500


def _invoke(args: list[str]) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _outcome(result: Any) -> dict[str, Any] | None:
    """Assert the one rule; return the JSON payload of a successful ``--json`` run."""
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        text = result.output.strip()
        assert text, "an error needs a message"
        assert len(text) <= MAX_ERROR_CHARS, text[:300]
        assert text.count("\n") < MAX_ERROR_LINES, text
        return None
    try:
        return json.loads(result.output)
    except ValueError:
        return None


def _finite_numbers(payload: Any) -> None:
    if isinstance(payload, dict):
        for v in payload.values():
            _finite_numbers(v)
    elif isinstance(payload, list):
        for v in payload:
            _finite_numbers(v)
    elif isinstance(payload, float):
        assert math.isfinite(payload)


def _error(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    text = " ".join(result.output.split())
    assert len(text) <= MAX_ERROR_CHARS
    return text


@pytest.fixture(scope="module")
def texono_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "texono.csv"
    result = _invoke(["simulate", "texono_ks_2003", "--out", path, "--seed", 3])
    assert result.exit_code == 0, result.output
    return path


# -- fuzz: CLI arguments ---------------------------------------------------------------------

card_names = st.sampled_from(
    ["texono_ks_2003", "donut_2001", "no_such_card", "", "/", "texono_ks_2003.yaml", "a/b.yaml"]
)
odd_floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -1e-10, 1e-10, 1e300, -1e300, 1e-300, 0.5, 1.0, 0.9999999]),
)


@FUZZ
@given(card_names, odd_floats)
def test_fuzz_rate_arguments(card: str, mu: float) -> None:
    payload = _outcome(_invoke(["rate", card, "--mu", repr(mu), "--json"]))
    if payload is not None:
        _finite_numbers(payload)
        assert payload["magnetic_per_kg_day"] >= 0


@FUZZ
@given(
    card_names,
    st.sampled_from(["asymptotic", "toys", "bogus"]),
    odd_floats,
    st.integers(-5, 60),
    st.integers(-(2**70), 2**70),
)
def test_fuzz_sensitivity_arguments(
    card: str, method: str, cl: float, toys: int, seed: int
) -> None:
    """Toy counts are kept below every CL's minimum so a valid toy run is refused, not run."""
    args = ["sensitivity", card, "--method", method, "--cl", repr(cl)]
    args += ["--toys", toys, "--seed", seed, "--json"]
    payload = _outcome(_invoke(args))
    if payload is not None:
        _finite_numbers(payload)
        assert 0 < payload["mu_limit"] < 1e-3


@FUZZ
@given(
    st.sampled_from(["fc", "cls", "cls-toys", "bayes", "x"]),
    odd_floats,
    st.integers(-5, 60),
    st.integers(-(2**70), 2**70),
)
def test_fuzz_limit_arguments(
    texono_data: Path, method: str, cl: float, toys: int, seed: int
) -> None:
    args = ["limit", "texono_ks_2003", "--data", texono_data, "--method", method]
    args += ["--cl", repr(cl), "--toys", toys, "--seed", seed, "--json"]
    payload = _outcome(_invoke(args))
    if payload is not None:
        _finite_numbers(payload)
        assert 0 < payload["mu_limit"] < 1e-3


@FUZZ
@given(odd_floats, st.integers(-(2**70), 2**70), st.sampled_from(["ok", "missing", "dir"]))
def test_fuzz_simulate_arguments(tmp_path: Path, mu: float, seed: int, where: str) -> None:
    out = {"ok": tmp_path / "s.v1.csv", "missing": tmp_path / "no" / "s.csv", "dir": tmp_path}
    args = ["simulate", "texono_ks_2003", "--out", out[where], "--mu", repr(mu), "--seed", seed]
    result = _invoke(args)
    _outcome(result)
    if result.exit_code == 0:
        assert where == "ok"
        assert out["ok"].is_file()


# -- fuzz: card mutations through the CLI ----------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -1.0, 1e-300, 1e300, 1e-3, 1.0, 1e6]),
    st.text(max_size=8),
)
FIELDS = [
    ("source", "thermal_power_gw"),
    ("source", "distance_m"),
    ("target", "mass_kg"),
    ("response", "threshold_kev"),
    ("exposure", "on_days"),
    ("exposure", "off_days"),
    ("background", "flat_per_kg_kev_day"),
    ("binning", "min_kev"),
    ("binning", "max_kev"),
    ("binning", "width_kev"),
    ("analysis", "fit_min_kev"),
]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(FIELDS), scalars), min_size=1, max_size=3))
def test_fuzz_card_mutations_through_rate(tmp_path: Path, changes: list[Any]) -> None:
    data = copy.deepcopy(GOOD)
    for (section, field), value in changes:
        data[section][field] = value
    card = tmp_path / "mutant.yaml"
    card.write_text(yaml.safe_dump(data), encoding="utf-8")
    payload = _outcome(_invoke(["rate", card, "--json"]))
    if payload is not None:
        _finite_numbers(payload)
        assert all(v >= 0 for v in payload["magnetic"])


# -- fuzz: data-file mutations ---------------------------------------------------------------

cell_values = st.one_of(
    st.sampled_from(["-1", "1.5", "1e19", "nan", "inf", "", "x", "0", "7", "12.0", "1e-300"]),
    st.integers(-10, 10**20).map(str),
    st.text(max_size=6),
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["cell", "drop", "dup", "swap", "column", "header"]),
            st.integers(0, 10**6),
            st.integers(0, 3),
            cell_values,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_fuzz_data_mutations_through_limit(
    tmp_path: Path, texono_data: Path, ops: list[Any]
) -> None:
    lines = texono_data.read_text(encoding="utf-8").splitlines()
    head, rows = lines[:2], [r.split(",") for r in lines[2:]]
    for op, i, j, value in ops:
        i %= len(rows) if rows else 1
        if not rows:
            break
        if op == "cell":
            rows[i][j] = value
        elif op == "drop":
            del rows[i]
        elif op == "dup":
            rows.insert(i, list(rows[i]))
        elif op == "swap":
            k = (i + 1) % len(rows)
            rows[i], rows[k] = rows[k], rows[i]
        elif op == "column":
            rows[i].append(value)
        elif op == "header":
            head[1] = head[1].replace("on_counts", value or "on")
    path = tmp_path / "mutant.csv"
    path.write_text("\n".join(head + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    args = ["limit", "texono_ks_2003", "--data", path, "--method", "cls", "--json"]
    payload = _outcome(_invoke(args))
    if payload is not None:
        _finite_numbers(payload)
        assert 0 < payload["mu_limit"] < 1e-3


# -- one test per defect of issue 14 ---------------------------------------------------------


def _zero_data(texono_data: Path, tmp_path: Path) -> Path:
    lines = texono_data.read_text(encoding="utf-8").splitlines()
    rows = [",".join([*r.split(",")[:2], "0", "0"]) for r in lines[2:]]
    path = tmp_path / "zero.csv"
    path.write_text("\n".join(lines[:2] + rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("method", ["fc", "cls-toys"])
def test_all_zero_onoff_data_not_a_silent_limit(
    texono_data: Path, tmp_path: Path, method: str
) -> None:
    """Issue 14: ON = OFF = 0 gave μ < 0.0 (FC) and 2.65e-12 (cls-toys), exit 0."""
    zero = _zero_data(texono_data, tmp_path)
    args = ["limit", "texono_ks_2003", "--data", zero, "--method", method, "--toys", 200]
    assert "all counts zero" in _error(_invoke(args))


def test_all_zero_onoff_data_asymptotic_limit_is_the_n0_expectation(
    texono_data: Path, tmp_path: Path
) -> None:
    """The asymptotic CLs limit for all-zero data is the n = 0 expectation (issue 14 quotes
    ≈ 1.4e-11 μ_B for TEXONO-KS-2003: CLs and Bayes agree); tolerance 20 %."""
    zero = _zero_data(texono_data, tmp_path)
    result = _invoke(["limit", "texono_ks_2003", "--data", zero, "--method", "cls", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mu_limit"] == pytest.approx(1.4e-11, rel=0.2)


@pytest.mark.parametrize("toys", [1, 99])
def test_too_few_toys_refused_with_the_minimum(texono_data: Path, toys: int) -> None:
    """Issue 14: ``--toys 1`` gave a limit and five identical bands without a word."""
    args = ["limit", "texono_ks_2003", "--data", texono_data, "--toys", toys]
    assert "at least 100 toys" in _error(_invoke(args))
    sens = _invoke(["sensitivity", "texono_ks_2003", "--method", "toys", "--toys", toys])
    assert "at least 100 toys" in _error(sens)


def test_alias_bomb_card_is_refused(tmp_path: Path) -> None:
    """Issue 14: a 600-byte card hung rate/sensitivity/limit with 2.4 GB."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    card = tmp_path / "bomb.yaml"
    card.write_text("name: bomb\n" + "\n".join(lines) + "\nreference: *a9\n", encoding="utf-8")
    for cmd in (["rate", card], ["sensitivity", card], ["limit", card, "--data", card]):
        assert "expands to more than" in _error(_invoke(cmd))


def test_edited_local_card_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: ``munu sensitivity texono_ks_2003.yaml`` used the shipped card although an
    edited file of that name was in the working directory."""
    monkeypatch.chdir(tmp_path)
    Path("texono_ks_2003.yaml").write_text(
        GOOD_TEXT.replace("name: TEXONO-KS-2003", "name: EDITED-LOCAL"), encoding="utf-8"
    )
    result = _invoke(["sensitivity", "texono_ks_2003.yaml", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["card"] == "EDITED-LOCAL"


def test_result_only_entries_same_message_in_every_command(tmp_path: Path) -> None:
    """Issue 14: result-only entries gave AttributeError tracebacks in limit, sensitivity and
    simulate, and other messages in rate and scan."""
    name = "donut_2001"
    commands = [
        ["rate", name],
        ["limit", name, "--data", tmp_path / "d.csv"],
        ["sensitivity", name],
        ["simulate", name, "--out", tmp_path / "s.csv"],
        ["scan", name, "--vary", "mass_kg=1:2:2", "--out", tmp_path / "scan"],
    ]
    messages = {_error(_invoke(c)) for c in commands}
    assert len(messages) == 1, messages
    assert "result-only catalogue entry" in messages.pop()
    # global takes the same names and uses the published result
    assert _invoke(["global", name, "texono_ks_2003", "--json"]).exit_code == 0


def _card_file(tmp_path: Path, **changes: Any) -> Path:
    data = copy.deepcopy(GOOD)
    for dotted, value in changes.items():
        section, field = dotted.split("__")
        data[section][field] = value
    path = tmp_path / "card.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "command"),
    [
        ({"source__distance_m": 1e-300}, "rate"),
        ({"exposure__on_days": 1e-300}, "rate"),
        ({"source__thermal_power_gw": 1e-300}, "sensitivity"),
        ({"target__mass_kg": True}, "rate"),
        ({"exposure__off_days": 0}, "sensitivity"),
        ({"analysis__fit_min_kev": 80.0, "analysis__fit_max_kev": 90.0}, "rate"),
    ],
)
def test_degenerate_cards_refused(tmp_path: Path, change: dict[str, Any], command: str) -> None:
    """Issue 14: ZeroDivisionError (distance_m, on_days 1e-300), μ < 3e140 (power 1e-300),
    1 kg from ``true``, off_days 0 quietly a different analysis, a fit window outside the
    binning accepted."""
    field = next(iter(change)).split("__")[1]
    assert field in _error(_invoke([command, _card_file(tmp_path, **change)]))


def test_zero_threshold_with_resolution_is_finite(tmp_path: Path) -> None:
    """Issue 14: ``min_kev: 0`` with ``threshold_kev: 0`` and a resolution raised
    ValueError (NaN → int) in the rate engine."""
    card = _card_file(tmp_path, binning__min_kev=0.0, response__threshold_kev=0.0)
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    data["analysis"]["fit_min_kev"] = 0.0
    card.write_text(yaml.safe_dump(data), encoding="utf-8")
    payload = _outcome(_invoke(["rate", card, "--json"]))
    assert payload is not None
    _finite_numbers(payload)
    assert payload["magnetic_per_kg_day"] > 0


def test_huge_mu_and_negative_seed_refused(tmp_path: Path) -> None:
    """Issue 14: ``--mu 1e300`` (OverflowError) and ``simulate --seed -1`` (ValueError)."""
    assert "mu" in _error(_invoke(["rate", "texono_ks_2003", "--mu", "1e300"]))
    out = tmp_path / "s.csv"
    assert "--seed" in _error(_invoke(["simulate", "texono_ks_2003", "--out", out, "--seed", -1]))
    assert not out.exists()


@pytest.mark.parametrize("kind", ["utf16", "binary", "huge"])
def test_unreadable_data_files_refused(tmp_path: Path, texono_data: Path, kind: str) -> None:
    """Issue 14: UTF-16 or binary CSV → UnicodeDecodeError; a 50 MB CSV → MemoryError after
    6 GB and a 22.8 MB message. The huge file is sparse: the size check must come first."""
    path = tmp_path / f"{kind}.csv"
    if kind == "utf16":
        path.write_bytes(texono_data.read_text(encoding="utf-8").encode("utf-16"))
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    else:
        with path.open("wb") as handle:
            handle.truncate(50_000_000)
    message = _error(_invoke(["limit", "texono_ks_2003", "--data", path, "--method", "cls"]))
    assert len(message) < 400


def test_deeply_nested_yaml_card_refused(tmp_path: Path) -> None:
    """Issue 14: deeply nested YAML → RecursionError traceback."""
    card = tmp_path / "deep.yaml"
    card.write_text("name: x\nreference: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    assert "nesting deeper" in _error(_invoke(["rate", card]))


def test_duplicate_keys_refused_by_the_cli(tmp_path: Path) -> None:
    card = tmp_path / "dup.yaml"
    card.write_text(GOOD_TEXT + "\nexposure: {on_days: 1.0, off_days: 1.0}\n", encoding="utf-8")
    assert "duplicate key 'exposure'" in _error(_invoke(["rate", card]))


def _rows(texono_data: Path) -> tuple[list[str], list[list[str]]]:
    lines = texono_data.read_text(encoding="utf-8").splitlines()
    return lines[:2], [r.split(",") for r in lines[2:]]


def test_non_contiguous_bins_and_huge_counts_refused(tmp_path: Path, texono_data: Path) -> None:
    """Issue 14: non-contiguous data bins and a count of 1e19 were accepted."""
    head, rows = _rows(texono_data)
    gap = [list(r) for r in rows]
    gap[3][1] = str(float(gap[3][1]) - 0.5)  # bin 3 ends early: a gap before bin 4
    path = tmp_path / "gap.csv"
    path.write_text("\n".join(head + [",".join(r) for r in gap]) + "\n", encoding="utf-8")
    assert "not contiguous" in _error(_invoke(["limit", "texono_ks_2003", "--data", path]))
    big = [list(r) for r in rows]
    big[0][2] = "1e19"
    path.write_text("\n".join(head + [",".join(r) for r in big]) + "\n", encoding="utf-8")
    assert "2^53" in _error(_invoke(["limit", "texono_ks_2003", "--data", path]))


def test_binning_mismatch_message_is_bounded(tmp_path: Path) -> None:
    """Issue 14: a binning mismatch printed every edge (6,280 lines for 48,000 bins)."""
    from munu.experiments import parse_card
    from munu.inference import read_card_data

    data = copy.deepcopy(GOOD)
    data["binning"] = {"min_kev": 12.0, "max_kev": 60.0, "width_kev": 0.001}
    card = parse_card(yaml.safe_dump(data))
    path = tmp_path / "other.csv"
    edges = np.linspace(12.0, 60.0, 48_001)
    edges[100] += 1e-4
    rows = [f"{float(a)!r},{float(b)!r},1,1" for a, b in itertools.pairwise(edges)]
    path.write_text("e_lo_kev,e_hi_kev,on_counts,off_counts\n" + "\n".join(rows) + "\n")
    with pytest.raises(DataError, match="edge 100") as info:
        read_card_data(card, path)
    assert len(str(info.value)) < 400


def test_unwritable_outputs_refused_before_work(tmp_path: Path) -> None:
    """Issue 14: unwritable output or resume paths failed after 17 s of report work; missing
    parent folders were created silently."""
    missing = tmp_path / "typo" / "deeper"
    assert "existing folder" in _error(_invoke(["report", "--out", missing]))
    assert not (tmp_path / "typo").exists()
    args = ["sensitivity", "texono_ks_2003", "--method", "toys", "--resume", missing / "run"]
    assert "existing folder" in _error(_invoke(args))
    args = ["scan", "texono_ks_2003", "--vary", "mass_kg=1:2:2", "--out", missing / "scan"]
    assert "existing folder" in _error(_invoke(args))
    args = ["simulate", "texono_ks_2003", "--out", missing / "s.csv"]
    assert "existing folder" in _error(_invoke(args))
    assert not (tmp_path / "typo").exists()


def test_outputs_get_the_umask_permissions(tmp_path: Path) -> None:
    """Issue 14: every file written was mode 0600 whatever the umask."""
    from munu._io import atomic_write_text

    old = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "a.txt", "x")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        os.umask(0o077)
        path = atomic_write_text(tmp_path / "b.txt", "x")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_missing_parent_folder_not_created(tmp_path: Path) -> None:
    from munu._io import atomic_write_text

    with pytest.raises(InputError, match="existing folder"):
        atomic_write_text(tmp_path / "no" / "a.txt", "x")
    assert not (tmp_path / "no").exists()
    assert atomic_write_text(tmp_path / "no" / "a.txt", "x", mkdir=True).is_file()


def test_dotted_stems_keep_their_dots(tmp_path: Path) -> None:
    """Issue 14: ``--plot out/fit.v2`` wrote ``out/fit.png``."""
    from matplotlib.figure import Figure

    from munu._io import write_figure

    fig = Figure()
    fig.add_subplot().plot([0, 1])
    write_figure(fig, tmp_path / "fit.v2", formats=("png",))
    assert (tmp_path / "fit.v2.png").is_file()
    assert not (tmp_path / "fit.png").exists()
    result = _invoke(["global", "--plot", tmp_path / "glob.v3", "--json"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "glob.v3.png").is_file()
    assert (tmp_path / "glob.v3.pdf").is_file()


def test_folder_is_fsynced_after_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: the folder was not fsynced after the rename (a crash could lose the file)."""
    from munu import _io

    synced: list[Path] = []
    monkeypatch.setattr(_io, "_fsync_dir", synced.append)
    _io.atomic_write_text(tmp_path / "a.txt", "x")
    assert synced == [tmp_path]


@pytest.mark.parametrize(
    "edges",
    [
        [1000.0, 1000.125, 1000.25, 1001.0],
        [1.0, 1.0 + 1e-7, 1.1, 2.0],
        [0.1, 0.30000000000000004, 0.7, 12.345678901234],
    ],
)
def test_simulate_then_limit_round_trips_any_binning(tmp_path: Path, edges: list[float]) -> None:
    """Issue 14: ``simulate`` wrote edges to 6 digits, so ``limit`` rejected the CSV it had
    just written for edges such as 1000.125 keV."""
    data = copy.deepcopy(GOOD)
    data["binning"] = {"edges_kev": edges}
    data["response"]["threshold_kev"] = edges[0]
    data.pop("analysis")
    card = tmp_path / "fine.yaml"
    card.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "fine.csv"
    assert _invoke(["simulate", card, "--out", out, "--mu", "1e-9"]).exit_code == 0
    result = _invoke(["limit", card, "--data", out, "--method", "cls", "--json"])
    assert result.exit_code == 0, result.output
    assert math.isfinite(json.loads(result.output)["mu_limit"])


def test_chunk_copied_from_another_grid_point_is_refused(tmp_path: Path) -> None:
    """Issue 14: a chunk copied from another grid point, with its checksum file, was accepted
    and changed the limit (1.898e-10 → 1.849e-10)."""
    from munu.parallel import RunStore

    store = RunStore(tmp_path / "run", {"job": "demo"})
    store.save("s0_p1_b0-1", np.array([1.0, 2.0]))
    store.save("s0_p2_b0-1", np.array([3.0, 4.0]))
    chunks = tmp_path / "run" / "chunks"
    for suffix in (".npy", ".sha256"):
        (chunks / f"s0_p2_b0-1{suffix}").write_bytes((chunks / f"s0_p1_b0-1{suffix}").read_bytes())
    with pytest.raises(DataError, match="another chunk"):
        store.load("s0_p2_b0-1")
    assert store.load("s0_p1_b0-1").tolist() == [1.0, 2.0]
    other = RunStore(tmp_path / "run2", {"job": "other"})
    other.save("s0_p1_b0-1", np.array([9.0]))
    run2 = tmp_path / "run2" / "chunks"
    for suffix in (".npy", ".sha256"):
        (run2 / f"s0_p1_b0-1{suffix}").write_bytes((chunks / f"s0_p1_b0-1{suffix}").read_bytes())
    with pytest.raises(DataError, match="another chunk or job"):
        other.load("s0_p1_b0-1")
