"""The Source interface: continuous part, lines, total flux, flavour selection."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from munu.errors import InputError, UnknownNameError
from munu.sources.base import Line, Source


class _Box(Source):
    """Flat 1e6 cm⁻² s⁻¹ MeV⁻¹ ν_e on [1, 3] MeV, a ν_μ line of 5e5 at 2 MeV."""

    flavours = ("nue", "numu")

    def _continuous_flux(self, enu_mev, flavour):
        if flavour == "numu":
            return np.zeros_like(enu_mev)
        return np.where((enu_mev >= 1) & (enu_mev <= 3), 1e6, 0.0)

    def energy_range_mev(self, flavour=None):
        return (1.0, 3.0) if flavour == "nue" else (0.0, 0.0)

    def lines(self, flavour=None):
        line = Line(2.0, 5e5, "numu", "test line")
        return (line,) if flavour in (None, "numu") else ()


def test_total_flux_adds_lines_and_continuum():
    src = _Box()
    assert src.total_flux("nue") == pytest.approx(2e6, rel=1e-12)
    assert src.total_flux("numu") == pytest.approx(5e5)
    assert src.total_flux() == pytest.approx(2.5e6)


def test_flux_validates_and_selects():
    src = _Box()
    assert np.allclose(src.flux([0.5, 2.0], "nue"), [0, 1e6])
    with pytest.raises(InputError, match="enu_mev"):
        src.flux(-1.0)
    with pytest.raises(UnknownNameError, match="flavour"):
        src.flux(1.0, "nutau")
    with pytest.raises(AttributeError):
        _ = src.flavour
    assert src.mass_state_fractions(1.0) is None


def test_plot_returns_axes():
    ax = _Box().plot()
    assert ax.get_xlabel().startswith("$E_")
