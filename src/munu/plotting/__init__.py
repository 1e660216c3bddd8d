"""Plotting helpers shared by every munu figure (see :mod:`munu.plotting.style`).

Example:
    >>> from munu.plotting import flavour_label
    >>> flavour_label("nue")
    '$\\\\nu_e$'
"""

from munu.plotting.style import (
    RC,
    allowed_region,
    apply_rc,
    band,
    cl_label,
    flavour_label,
    label_curve,
    label_point,
    mu_unit,
    new_figure,
    plain_axis,
    style_context,
    upper_limit,
)

__all__ = [
    "RC",
    "allowed_region",
    "apply_rc",
    "band",
    "cl_label",
    "flavour_label",
    "label_curve",
    "label_point",
    "mu_unit",
    "new_figure",
    "plain_axis",
    "style_context",
    "upper_limit",
]
