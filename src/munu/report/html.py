"""Assemble figures and tables into one self-contained HTML page.

Figures are saved beside the page as PNG (embedded in the HTML as base64, so the page is
self-contained) and PDF (for papers). Everything is written atomically.

Example:
    >>> import tempfile, pathlib
    >>> from munu.report.html import Section, write_report
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> page = write_report(out, "demo", [Section("Numbers", "<p>42</p>")])
    >>> "42" in page.read_text()
    True
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from munu._io import atomic_write_text, check_output_path, write_figure

__all__ = ["Figure", "Section", "table_html", "write_report"]


@dataclass(frozen=True)
class Figure:
    """A matplotlib figure with a file stem and a caption."""

    stem: str
    figure: Any
    caption: str = ""


@dataclass(frozen=True)
class Section:
    """One section of the report: a title, HTML body and figures."""

    title: str
    body_html: str = ""
    figures: tuple[Figure, ...] = field(default_factory=tuple)


def table_html(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain HTML table; cells are escaped.

    Example:
        >>> table_html(["a"], [[1]])
        '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{border-bottom:2px solid #345}h2{margin-top:2em;color:#345}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}th{background:#eef}
figure{margin:1em 0}figcaption{font-size:0.9em;color:#444}img{max-width:100%}
.meta{color:#666;font-size:0.85em}
"""


def _save_figure(out_dir: Path, fig: Figure) -> str:
    png = write_figure(fig.figure, out_dir / fig.stem, bbox_inches="tight")["png"]
    encoded = base64.b64encode(png).decode("ascii")
    cap = html.escape(fig.caption)
    return (
        f'<figure id="{fig.stem}"><img alt="{html.escape(fig.stem)}" '
        f'src="data:image/png;base64,{encoded}"><figcaption>{cap} '
        f'(<a href="{fig.stem}.png">PNG</a>, <a href="{fig.stem}.pdf">PDF</a>)'
        "</figcaption></figure>"
    )


def write_report(out_dir: str | Path, title: str, sections: Sequence[Section]) -> Path:
    """Write ``index.html`` and the figures into ``out_dir``; return the page path.

    Figures should be :class:`matplotlib.figure.Figure` objects made without pyplot, so
    that no global state or display backend is involved.
    """
    from munu import __version__

    out = Path(out_dir)
    check_output_path(out, "out_dir", directory=True)  # the folder's parent must exist
    out.mkdir(exist_ok=True)
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title><style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>",
        f"<p class='meta'>munu {__version__}, generated "
        f"{_dt.datetime.now(_dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}</p>",
        "<nav><ol>"
        + "".join(
            f"<li><a href='#s{i}'>{html.escape(s.title)}</a></li>" for i, s in enumerate(sections)
        )
        + "</ol></nav>",
    ]
    for i, section in enumerate(sections):
        parts.append(f"<h2 id='s{i}'>{html.escape(section.title)}</h2>{section.body_html}")
        for fig in section.figures:
            parts.append(_save_figure(out, fig))
    parts.append("</body></html>")
    return atomic_write_text(out / "index.html", "\n".join(parts))
