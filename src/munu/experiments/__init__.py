"""Experiment cards: declarative YAML definitions of experiments and their published results.

* :mod:`munu.experiments.schema` — the pydantic schema (:class:`Card` and its sections);
* :mod:`munu.experiments.loader` — :func:`load_card` (path or catalogue name),
  :func:`parse_card` (YAML text), :func:`catalogue_names`;
* ``catalogue/*.yaml`` — the shipped cards (each with its citation);
  ``catalogue/results/*.yaml`` — result-only cards (:class:`ResultCard`);
* :mod:`munu.experiments.cards` — :func:`catalogue`, :func:`list_cards`,
  :func:`load_entry` (full or result-only cards);
* :mod:`munu.experiments.reproduce` — :func:`~munu.experiments.reproduce.reproduce_table`:
  munu's limits from the cards next to the published ones.

Example:
    >>> from munu.experiments import load_card
    >>> card = load_card("texono_ks_2003")
    >>> card.source.type, card.exposure.on_days
    ('reactor', 196.3)
"""

from __future__ import annotations

from munu.experiments.cards import catalogue, list_cards, load_entry
from munu.experiments.loader import catalogue_names, load_card, parse_card
from munu.experiments.schema import Card, ResultCard

__all__ = [
    "Card",
    "ResultCard",
    "catalogue",
    "catalogue_names",
    "list_cards",
    "load_card",
    "load_entry",
    "parse_card",
]
