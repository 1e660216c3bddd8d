"""Helpers shared by the benchmark scripts: machine facts and writing a RESULTS.md section.

Example:
    >>> isinstance(cpu_name(), str), isinstance(load_average(), str)
    (True, True)
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

#: The results file every benchmark writes its section into (``--write``).
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def cpu_name() -> str:
    """The CPU model from /proc/cpuinfo (else what :mod:`platform` knows)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> str:
    """The 1, 5 and 15 min load averages, e.g. ``"0.9, 0.7, 0.4"`` (``"n/a"`` if unknown)."""
    try:
        return ", ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "n/a"


def write_section(section: str, block: str, path: Path = RESULTS) -> Path:
    """Replace the section titled ``section`` (up to the next ``## `` heading) of ``path`` by
    ``block``, or append ``block`` if the section is missing; returns the path."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")
    return path
