"""Griffe extension for the munu docs: read ``Example:`` sections as Google "Examples".

munu's docstrings (STYLE.md, pyhf's habit) title their doctests ``Example:``. Griffe's Google
parser only knows the plural ``Examples:`` as a section and renders the singular as a plain
admonition, where doctest output lines such as ``[0.0, 2.44]`` become Markdown text (and look
like reference links to mkdocs-autorefs). This extension renames the section title when griffe
loads a docstring, so the doctests render as Python console code. It also turns the Sphinx
roles of the docstrings (``:func:`~munu.x.f```, ``:class:`X```, ...) into code spans, which
Markdown would otherwise print with their role prefix, and drops the second colon of the
reST literal-block marker ``text::`` (the indented block after it still renders as code).
The source is not changed.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)
_LITERAL = re.compile(r"(\S)::[ \t]*$", re.MULTILINE)
_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj|const):`~?([^`]+)`")


def _role_to_code(match: re.Match[str]) -> str:
    target = match.group(1)
    if match.group(0).split("`", 1)[1].startswith("~"):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


class ExampleSections(griffe.Extension):
    """Rename ``Example:`` titles, Sphinx roles and ``::`` markers for Markdown."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each loaded object (module, class, function, attribute)."""
        doc = obj.docstring
        if doc is None:
            return
        value = _EXAMPLE.sub(r"\1Examples:", doc.value)
        value = _LITERAL.sub(r"\1:", value)
        doc.value = _ROLE.sub(_role_to_code, value)
