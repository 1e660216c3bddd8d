"""The common figure style (munu.plotting.style)."""

from __future__ import annotations

import numpy as np
import pytest

from munu.errors import InputError
from munu.plotting import style


def test_flavour_labels_are_mathtext_not_code_names():
    for code, text in style.FLAVOUR_LABELS.items():
        assert "$" in text
        assert code == "solar" or code not in text
    assert style.flavour_label("nuebar") == r"$\bar\nu_e$"
    assert style.flavour_label("something else") == "something else"


def test_mu_unit_and_cl_label():
    assert style.mu_unit(-10) == r"$10^{-10}\,\mu_B$"
    assert style.cl_label(0.9) == "90% CL"
    assert style.cl_label(0.95) == "95% CL"
    with pytest.raises(InputError, match="cl"):
        style.cl_label(90)


def test_upper_limit_draws_arrows_and_distinguishes_cl():
    fig = style.new_figure(4, 3)
    ax = fig.add_subplot()
    c90 = style.upper_limit(ax, [1, 2], [1.0, 2.0], cl=0.9, label="a")
    c95 = style.upper_limit(ax, [3], [1.5], cl=0.95, label="b")
    assert c90.has_yerr
    assert c95.has_yerr
    # 90%: filled cap; 95%: open cap and a dashed arrow
    assert c90.lines[0].get_markerfacecolor() != "none"
    assert c95.lines[0].get_markerfacecolor() == "none"
    # LineCollection styles are (offset, dash pattern): None for solid
    assert c95.lines[2][0].get_linestyle()[0][1] is not None
    assert c90.lines[2][0].get_linestyle()[0][1] is None


def test_plain_axis_has_no_offset():
    fig = style.new_figure(4, 3)
    ax = fig.add_subplot()
    ax.plot([1e16, 1.0001e16], [1, 2])
    style.plain_axis(ax)
    fig.savefig(__import__("io").BytesIO(), format="png")
    assert ax.xaxis.get_major_formatter().get_offset() == ""


def test_allowed_region_and_band_validate_shapes():
    fig = style.new_figure(4, 3)
    ax = fig.add_subplot()
    x = np.linspace(-1, 1, 21)
    xx, yy = np.meshgrid(x, x)
    handles = style.allowed_region(ax, x, x, xx**2 + yy**2, 0.5, best_fit=(0.0, 0.0))
    assert [h.get_label() for h in handles] == ["allowed", "best fit"]
    with pytest.raises(InputError, match="quantiles"):
        style.band(ax, [1, 2], np.ones((3, 2)))
    with pytest.raises(InputError):
        style.label_curve(ax, [], [], "R = 1")
