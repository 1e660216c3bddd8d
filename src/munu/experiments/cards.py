"""The shipped catalogue of experiments: every card, computable or result-only.

The catalogue folder ``munu/experiments/catalogue/`` holds one YAML file per experiment:

* ``catalogue/*.yaml`` — full :class:`~munu.experiments.schema.Card` s (source, target,
  response, binning, exposure, background), loadable with
  :func:`munu.experiments.load_card`; they include projections (``projection`` section, no
  published result);
* ``catalogue/results/*.yaml`` — :class:`~munu.experiments.schema.ResultCard` s: published
  results whose setup munu cannot (yet) build — each says why in ``reproduction.reason``.

Every number in a shipped card has its status (V / V-sec / C / NF / assumed, see
:data:`~munu.experiments.schema.STATUS_CODES` and ``shared/reference/verified-experiments.md``)
in the card's ``provenance`` mapping, keyed by the field path.

Example:
    >>> names = list_cards()
    >>> "texono_ks_2003" in names and "donut_2001" in names
    True
    >>> entry = load_entry("donut_2001")
    >>> entry.measurement.n_obs, entry.measurement.background_events
    (1, 2.3)
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from munu.errors import CardError, bounded_text
from munu.experiments.loader import (
    _format_validation_error,
    catalogue_names,
    load_yaml_mapping,
    parse_card,
    read_card_text,
    validate_card,
)
from munu.experiments.schema import Card, ResultCard

__all__ = [
    "Entry",
    "catalogue",
    "list_cards",
    "load_entry",
    "number_paths",
    "number_status",
    "parse_entry",
    "result_names",
    "unstated_numbers",
]

#: A catalogue entry: a full card or a result-only card.
Entry = Card | ResultCard

_RESULTS = "results"


def _results_folder() -> Any:
    return resources.files("munu.experiments") / "catalogue" / _RESULTS


def result_names() -> tuple[str, ...]:
    """Names of the result-only cards (``catalogue/results/*.yaml``).

    Example:
        >>> "sno_deuteron_2004" in result_names()
        True
    """
    folder = _results_folder()
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def list_cards() -> tuple[str, ...]:
    """Names of every shipped entry (full cards first, then result-only cards).

    Example:
        >>> len(list_cards()) == len(catalogue_names()) + len(result_names())
        True
    """
    return catalogue_names() + result_names()


def parse_entry(text: str, origin: str = "<text>", base_dir: str | Path | None = None) -> Entry:
    """Validate YAML text as a full :class:`Card` or, without a ``source``, a
    :class:`ResultCard`.

    The text goes through the same bounded YAML reader as :func:`~munu.experiments.parse_card`
    (:func:`~munu.experiments.loader.load_yaml_mapping`), so the same bad text gets the same
    message from every loader.

    Args:
        text: the YAML document.
        origin: where it came from (for messages).
        base_dir: folder that relative ``file:`` paths of a card are taken from.

    Returns:
        The validated entry.

    Raises:
        CardError: unreadable YAML or a schema violation.

    Example:
        >>> parse_entry("name: x").name
        Traceback (most recent call last):
        ...
        munu.errors.CardError: invalid result card <text>:
        ...
    """
    data = load_yaml_mapping(text, origin)
    if "source" in data:
        return validate_card(data, origin, base_dir)
    try:
        return ResultCard.model_validate(data)
    except ValidationError as err:
        msg = _format_validation_error(err, origin).replace("experiment card", "result card", 1)
        raise CardError(msg) from None
    except (RecursionError, ValueError, TypeError, OverflowError) as err:
        raise CardError(
            bounded_text(f"result card {origin} could not be validated: {err}")
        ) from None


@cache
def _load_shipped(name: str) -> Entry:
    if name in catalogue_names():
        res = resources.files("munu.experiments") / "catalogue" / f"{name}.yaml"
        return parse_card(res.read_text(encoding="utf-8"), origin=f"catalogue:{name}")
    res = _results_folder() / f"{name}.yaml"
    return parse_entry(res.read_text(encoding="utf-8"), origin=f"catalogue:{_RESULTS}/{name}")


def load_entry(path_or_name: str | Path) -> Entry:
    """Load a shipped entry by name (full or result-only) or any card file by path.

    This is munu's one card resolver (:func:`~munu.experiments.load_card` and every CLI
    command use it): an argument naming an existing file is that file, even if a catalogue
    entry has the same name; otherwise a bare name (no folder part; with or without
    ``.yaml``) is looked up in the catalogue.

    Args:
        path_or_name: a name from :func:`list_cards` (with or without ``.yaml``) or a path.

    Returns:
        The :class:`Card` or :class:`ResultCard`.

    Raises:
        CardError: unknown name, unreadable file or invalid card.

    Example:
        >>> load_entry("donut_2001.yaml").name
        'DONUT-2001'
    """
    if not isinstance(path_or_name, str | Path):
        raise CardError(f"expected a card path or name, got {type(path_or_name).__name__}")
    name = str(path_or_name)
    path = Path(path_or_name)
    if name and not path.exists():
        stem = name[:-5] if name.endswith(".yaml") else name
        bare = "/" not in name and os.sep not in name and (os.altsep or "/") not in name
        if bare and stem in list_cards():
            return _load_shipped(stem)
    return parse_entry(
        read_card_text(path, list_cards()), origin=str(path), base_dir=path.resolve().parent
    )


def catalogue() -> tuple[Entry, ...]:
    """Every shipped entry, validated (cached after the first call).

    Example:
        >>> all(e.reference.citation for e in catalogue())
        True
    """
    return tuple(_load_shipped(n) for n in list_cards())


def number_paths(entry: Entry) -> tuple[str, ...]:
    """Dotted paths of every number set explicitly in an entry (for the provenance check).

    Numbers inside ``provenance`` itself, years and the confidence levels of the analysis are
    included; lists of numbers (tables) count as one path.

    Example:
        >>> "exposure.on_days" in number_paths(load_entry("texono_ks_2003"))
        True
    """
    data = entry.model_dump(exclude_unset=True, exclude={"provenance"})
    out: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{prefix}.{k}" if prefix else str(k))
        elif isinstance(node, list):
            if any(isinstance(v, int | float) and not isinstance(v, bool) for v in node):
                out.append(prefix)
            else:
                for i, v in enumerate(node):
                    walk(v, f"{prefix}[{i}]")
        elif isinstance(node, int | float) and not isinstance(node, bool):
            out.append(prefix)

    walk(data, "")
    return tuple(out)


def number_status(entry: Entry, path: str) -> str | None:
    """Provenance text of the number at ``path`` (longest matching key prefix), or ``None``.

    A key covers its own path and every path below it (``"source"`` covers
    ``"source.distance_m"``).

    Example:
        >>> number_status(load_entry("texono_ks_2003"), "exposure.on_days")[:2]
        'V:'
    """
    prov = entry.provenance or {}
    best: str | None = None
    for key in prov:
        if (path == key or path.startswith(key + ".") or path.startswith(key + "[")) and (
            best is None or len(key) > len(best)
        ):
            best = key
    return None if best is None else prov[best]


def unstated_numbers(entry: Entry) -> tuple[str, ...]:
    """Paths of numbers whose status the entry does not state (should be empty).

    Example:
        >>> unstated_numbers(load_entry("texono_ks_2003"))
        ()
    """
    return tuple(p for p in number_paths(entry) if number_status(entry, p) is None)
