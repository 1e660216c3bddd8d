"""The report: the review's figures and tables recomputed, assembled into one HTML page."""

from munu.report.build import build_report
from munu.report.html import Figure, Section, write_report

__all__ = ["Figure", "Section", "build_report", "write_report"]
