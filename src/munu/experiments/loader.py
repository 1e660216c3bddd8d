"""Load experiment cards: YAML text → validated :class:`~munu.experiments.schema.Card`.

Cards are read with :func:`yaml.safe_load` only (no tags, nothing in a card is executed), are
found by path or by name in the shipped catalogue (``munu/experiments/catalogue/*.yaml``,
through :mod:`importlib.resources`), and every problem — missing file, unreadable YAML, a
schema violation, a value a munu constructor rejects — becomes a :class:`munu.CardError` whose
message names the field path, the offending value and what is allowed.

Example:
    >>> card = load_card("texono_ks_2003")
    >>> card.name, card.target.material, card.published.mu_limit
    ('TEXONO-KS-2003', 'Ge', 1.3e-10)
    >>> "texono_ks_2003" in catalogue_names()
    True
"""

from __future__ import annotations

import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from munu.errors import CardError, MunuError, MunuWarning, bounded_repr, bounded_text
from munu.experiments.schema import Card, ResultCard

__all__ = [
    "catalogue_names",
    "load_card",
    "load_yaml_mapping",
    "parse_card",
    "require_full_card",
    "validate_card",
]

#: Largest card file accepted, in bytes.
MAX_CARD_BYTES = 10_000_000


def catalogue_names() -> tuple[str, ...]:
    """Names of the cards shipped in the catalogue (file stems).

    Example:
        >>> isinstance(catalogue_names(), tuple)
        True
    """
    folder = resources.files("munu.experiments") / "catalogue"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


#: Deepest nesting of YAML collections accepted in a card (shipped cards use 3).
MAX_YAML_DEPTH = 32
#: Largest number of YAML nodes a card may expand to, aliases counted as often as they are
#: used (a 100,000-bin ``edges_kev`` list is ~100,000 nodes; an alias bomb is billions).
MAX_YAML_NODES = 2_000_000
#: Most problems listed in one validation message (the rest are counted).
MAX_LISTED_PROBLEMS = 8


def _short(value: Any, limit: int = 60) -> str:
    return bounded_repr(value, limit)


class _YamlLimit(Exception):
    """A card's YAML breaks one of the loader's bounds (message says which)."""


class _BoundedLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that refuses duplicate keys, nesting deeper than
    :data:`MAX_YAML_DEPTH` and documents expanding to more than :data:`MAX_YAML_NODES` nodes.

    Hand-written (a subclass of PyYAML's own loader) because PyYAML lets the last duplicate
    key win silently and expands aliases without bound; ``ruamel.yaml`` refuses duplicates but
    would be a second YAML dependency for three small checks.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise _YamlLimit(
                    f"nesting deeper than {MAX_YAML_DEPTH} levels (line {mark.line + 1}); "
                    "a card has a few levels of sections"
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> Any:
        node = super().compose_document()
        _check_expanded_size(node)
        return node

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if (
                    not isinstance(key_node, yaml.ScalarNode)
                    or key_node.tag == "tag:yaml.org,2002:merge"
                ):
                    continue
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise _YamlLimit(
                        f"duplicate key {_short(key)} (lines {seen[key]} and {line}); "
                        "each key may appear once per section"
                    )
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _check_expanded_size(root: Any) -> None:
    """Refuse documents whose alias-expanded node count exceeds :data:`MAX_YAML_NODES` or
    that refer to themselves (iterative, memoised over shared nodes)."""
    if root is None:
        return
    size: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            active.discard(key)
            total = 1 + sum(size[id(c)] for c in children)
            if total > MAX_YAML_NODES:
                raise _YamlLimit(
                    f"the document expands to more than {MAX_YAML_NODES:,} values "
                    "(aliases counted each time they are used)"
                )
            size[key] = total
            continue
        if key in size:
            continue
        if key in active:
            raise _YamlLimit("an alias refers to the collection that contains it")
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                raise _YamlLimit("an alias refers to the collection that contains it")
            if id(child) not in size:
                stack.append((child, False))


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def load_yaml_mapping(text: str, origin: str = "<text>") -> dict[str, Any]:
    """Parse card YAML into a mapping with the loader's bounds: at most :data:`MAX_CARD_BYTES`
    characters, no duplicate keys, nesting ≤ :data:`MAX_YAML_DEPTH`, at most
    :data:`MAX_YAML_NODES` values after alias expansion, no tags beyond plain YAML.

    Every card loader (full cards and result-only entries) goes through this function, so the
    same bad text gets the same message.

    Raises:
        CardError: anything else.

    Example:
        >>> load_yaml_mapping("name: a\\nname: b")
        Traceback (most recent call last):
        ...
        munu.errors.CardError: experiment card <text> is not valid YAML: duplicate key 'name' ...
    """
    if not isinstance(text, str):
        raise CardError(f"experiment card {origin}: expected YAML text, got {type(text).__name__}")
    if len(text) > MAX_CARD_BYTES:
        raise CardError(
            f"experiment card {origin} has {len(text):,} characters; at most "
            f"{MAX_CARD_BYTES:,} are accepted"
        )
    try:
        loader = _BoundedLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _YamlLimit as err:
        raise CardError(f"experiment card {origin} is not valid YAML: {err}") from None
    except yaml.YAMLError as err:
        raise CardError(
            bounded_text(f"experiment card {origin} is not valid YAML: {err}")
        ) from None
    except (RecursionError, ValueError, TypeError, OverflowError) as err:
        raise CardError(
            bounded_text(f"experiment card {origin} could not be read: {err}")
        ) from None
    if not isinstance(data, dict):
        raise CardError(
            f"experiment card {origin} must be a YAML mapping of sections "
            f"(name, reference, source, target, ...), got {type(data).__name__}"
        )
    known = set(Card.model_fields) | set(ResultCard.model_fields)
    if data and not any(isinstance(k, str) and k in known for k in data):
        keys = ", ".join(_short(k, 30) for k in list(data)[:3])
        raise CardError(
            f"{origin} is not an experiment card: none of its keys ({keys}"
            f"{', ...' if len(data) > 3 else ''}) is a card section "
            "(name, reference, source, target, response, binning, exposure, ...)"
        )
    return data


def _format_validation_error(err: ValidationError, origin: str) -> str:
    lines = [f"invalid experiment card {origin}:"]
    errors = err.errors(include_url=False)
    for e in errors[:MAX_LISTED_PROBLEMS]:
        loc = ".".join(str(x) for x in e.get("loc", ())) or "(card)"
        msg = e.get("msg", "invalid")
        ctx = e.get("ctx") or {}
        if e.get("type") == "extra_forbidden":
            msg = "unknown field (not allowed; check the spelling)"
        elif e.get("type") == "missing":
            msg = "required field is missing"
        elif "expected" in ctx:
            msg = f"{msg} (allowed: {ctx['expected']})"
        lines.append(
            bounded_text(f"  {_short(loc, 80)[1:-1]}: {msg}; got {_short(e.get('input'))}", 300)
        )
    if len(errors) > MAX_LISTED_PROBLEMS:
        lines.append(f"  ... and {len(errors) - MAX_LISTED_PROBLEMS} more problem(s)")
    return "\n".join(lines)


def parse_card(text: str, origin: str = "<text>", base_dir: str | Path | None = None) -> Card:
    """Validate a card given as YAML text.

    Args:
        text: the YAML document.
        origin: where it came from (for messages).
        base_dir: folder that relative ``file:`` paths of the card are taken from (the card
            file's folder; ``None``: the current directory).

    Returns:
        The validated :class:`Card`; its source, target, response, binning and exposure have
        been built once, so a card that loads can be used.

    Raises:
        CardError: for unreadable YAML, a schema violation or an unusable value.

    Example:
        >>> parse_card("name: x")
        Traceback (most recent call last):
        ...
        munu.errors.CardError: invalid experiment card <text>:
          reference: required field is missing; got {'name': 'x'}
        ...
    """
    return validate_card(load_yaml_mapping(text, origin), origin, base_dir)


def validate_card(
    data: dict[str, Any], origin: str = "<text>", base_dir: str | Path | None = None
) -> Card:
    """Validate a mapping (from :func:`load_yaml_mapping`) as a full :class:`Card` and build
    its parts once (see :func:`parse_card`; ``base_dir`` as there)."""
    try:
        card = Card.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as err:
        raise CardError(_format_validation_error(err, origin)) from None
    except (RecursionError, ValueError, TypeError, OverflowError) as err:
        raise CardError(
            bounded_text(f"experiment card {origin} could not be validated: {err}")
        ) from None
    _check_buildable(card, origin)
    return card


def _check_buildable(card: Card, origin: str) -> None:
    """Build every object once so constructor-level errors surface as CardError."""
    steps = (
        ("source", card.build_source),
        ("target", card.build_target),
        ("response", card.build_response),
        ("exposure", card.build_exposure),
        ("background", card.build_background),
    )
    for section, build in steps:
        try:
            build()
        except MunuError as err:
            field = getattr(err, "field", None)
            where = f"{section}.{field}" if field else section
            raise CardError(f"invalid experiment card {origin}:\n  {where}: {err}") from None
    _warn_resolution_wider_than_window(card, origin)


def _warn_resolution_wider_than_window(card: Card, origin: str) -> None:
    """A :class:`munu.MunuWarning` when the resolution σ at the window's centre exceeds the
    whole window: the binned spectrum then only measures the smeared total (issue 14)."""
    res = card.response.resolution
    if res is None:
        return
    edges = card.binning_edges_kev()
    width = float(edges[-1] - edges[0])
    sigma = float(card.build_response().resolution.sigma_kev(0.5 * (edges[0] + edges[-1])))
    if sigma > width:
        warnings.warn(
            f"experiment card {origin}: the resolution σ = {sigma:.3g} keV at the window's "
            f"centre is wider than the whole binning ({width:.3g} keV); the spectrum shape "
            "carries no information",
            MunuWarning,
            stacklevel=3,
        )


def load_card(path_or_name: str | Path) -> Card:
    """Load a full card from a file path or by name from the shipped catalogue.

    Names are resolved as by :func:`munu.experiments.load_entry` (an existing file wins over a
    catalogue name; a catalogue name is a bare name, with or without ``.yaml``); a result-only
    entry is refused with the message of :func:`require_full_card`.

    Args:
        path_or_name: a path to a ``.yaml`` file, or a catalogue name such as
            ``"texono_ks_2003"`` (with or without ``.yaml``).

    Returns:
        The validated :class:`Card`.

    Raises:
        CardError: the file does not exist / cannot be read, the card is invalid, or it is a
            result-only entry.

    Example:
        >>> load_card("texono_ks_2003").name
        'TEXONO-KS-2003'
        >>> load_card("no_such_card")
        Traceback (most recent call last):
        ...
        munu.errors.CardError: experiment card not found: 'no_such_card' is not a file ...
    """
    from munu.experiments.cards import load_entry

    return require_full_card(load_entry(path_or_name), path_or_name)


def require_full_card(entry: Any, given: Any = None) -> Card:
    """``entry`` if it is a full :class:`Card`; a :class:`~munu.errors.CardError` naming the
    entry and the computable cards if it is a result-only entry.

    Example:
        >>> from munu.experiments import load_entry
        >>> require_full_card(load_entry("donut_2001"), "donut_2001")
        Traceback (most recent call last):
        ...
        munu.errors.CardError: 'donut_2001' is a result-only catalogue entry ...
    """
    if isinstance(entry, Card):
        return entry
    label = _short(str(given), 80) if given is not None else _short(entry.name, 80)
    raise CardError(
        f"{label} is a result-only catalogue entry (a published result whose setup munu "
        "cannot compute); rate, limit, sensitivity, simulate and scan need a full card: a "
        f"card file or one of {', '.join(catalogue_names())}"
    )


def read_card_text(path: Path, known_names: tuple[str, ...] | list[str] = ()) -> str:
    """The text of a card file, with the checks every loader shares.

    Args:
        path: the file.
        known_names: catalogue names, listed in the not-found message.

    Raises:
        CardError: the file does not exist, is larger than :data:`MAX_CARD_BYTES`, cannot be
            read, or is not UTF-8 text.
    """
    try:
        if not path.is_file():
            raise CardError(
                f"experiment card not found: {_short(str(path), 200)} is not a file and not a "
                f"catalogue name (known: {', '.join(known_names)})"
            )
        if path.stat().st_size > MAX_CARD_BYTES:
            raise CardError(
                f"experiment card {_short(str(path), 200)} is larger than {MAX_CARD_BYTES:,} bytes"
            )
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise CardError(
            bounded_text(f"cannot read experiment card {_short(str(path), 200)}: {err}")
        ) from None
    except UnicodeDecodeError as err:
        raise CardError(
            bounded_text(f"experiment card {_short(str(path), 200)} is not UTF-8 text: {err}")
        ) from None
