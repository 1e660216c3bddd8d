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

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from munu.errors import CardError, MunuError
from munu.experiments.schema import Card

__all__ = ["catalogue_names", "load_card", "parse_card"]

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


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _format_validation_error(err: ValidationError, origin: str) -> str:
    lines = [f"invalid experiment card {origin}:"]
    for e in err.errors(include_url=False):
        loc = ".".join(str(x) for x in e.get("loc", ())) or "(card)"
        msg = e.get("msg", "invalid")
        ctx = e.get("ctx") or {}
        if e.get("type") == "extra_forbidden":
            msg = "unknown field (not allowed; check the spelling)"
        elif e.get("type") == "missing":
            msg = "required field is missing"
        elif "expected" in ctx:
            msg = f"{msg} (allowed: {ctx['expected']})"
        lines.append(f"  {loc}: {msg}; got {_short(e.get('input'))}")
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
    if not isinstance(text, str):
        raise CardError(f"experiment card {origin}: expected YAML text, got {type(text).__name__}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise CardError(f"experiment card {origin} is not valid YAML: {err}") from None
    except (RecursionError, ValueError, TypeError, OverflowError) as err:
        raise CardError(f"experiment card {origin} could not be read: {err}") from None
    if not isinstance(data, dict):
        raise CardError(
            f"experiment card {origin} must be a YAML mapping of sections "
            f"(name, reference, source, target, ...), got {type(data).__name__}"
        )
    try:
        card = Card.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as err:
        raise CardError(_format_validation_error(err, origin)) from None
    except (RecursionError, ValueError, TypeError, OverflowError) as err:
        raise CardError(f"experiment card {origin} could not be validated: {err}") from None
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


def load_card(path_or_name: str | Path) -> Card:
    """Load a card from a file path or by name from the shipped catalogue.

    Args:
        path_or_name: a path to a ``.yaml`` file, or a catalogue name such as
            ``"texono_ks_2003"`` (with or without ``.yaml``).

    Returns:
        The validated :class:`Card`.

    Raises:
        CardError: the file does not exist / cannot be read, or the card is invalid.

    Example:
        >>> load_card("texono_ks_2003").name
        'TEXONO-KS-2003'
        >>> load_card("no_such_card")
        Traceback (most recent call last):
        ...
        munu.errors.CardError: experiment card not found: 'no_such_card' is not a file ...
    """
    if not isinstance(path_or_name, str | Path):
        raise CardError(f"expected a card path or name, got {type(path_or_name).__name__}")
    name = str(path_or_name)
    stem = name[:-5] if name.endswith(".yaml") else name
    if isinstance(path_or_name, str) and "/" not in name and stem in catalogue_names():
        res = resources.files("munu.experiments") / "catalogue" / f"{stem}.yaml"
        return parse_card(res.read_text(encoding="utf-8"), origin=f"catalogue:{stem}")
    path = Path(path_or_name)
    return parse_card(
        read_card_text(path, catalogue_names()), origin=str(path), base_dir=path.resolve().parent
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
                f"experiment card not found: {str(path)!r} is not a file and not a catalogue "
                f"name (known: {', '.join(known_names)})"
            )
        if path.stat().st_size > MAX_CARD_BYTES:
            raise CardError(f"experiment card {str(path)!r} is larger than {MAX_CARD_BYTES} bytes")
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise CardError(f"cannot read experiment card {str(path)!r}: {err}") from None
    except UnicodeDecodeError as err:
        raise CardError(f"experiment card {str(path)!r} is not UTF-8 text: {err}") from None
