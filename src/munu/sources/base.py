"""The interface every neutrino source implements.

A source gives the differential flux dΦ/dE_ν at the detector in cm⁻² s⁻¹ MeV⁻¹ for each
flavour it emits, split into a continuous part (a function vectorised over energy) and
monochromatic lines (energy and integrated flux, never a narrow bin), so that folding with a
cross section can integrate lines exactly.

How neutrinos arrive matters for the effective moment (review Eq. 2):

* ``baseline_m`` set (reactor, accelerator, tritium): a coherent flavour state produced as
  ``flavour`` and propagated in vacuum over that distance;
* :meth:`Source.mass_state_fractions` not ``None`` (solar): an incoherent mixture of mass
  states, one fraction per mass state ν₁, ν₂, ν₃.

Example:
    >>> from munu.sources.base import Line
    >>> Line(energy_mev=0.8618, flux=4.4e9, flavour="nue", label="7Be")
    Line(energy_mev=0.8618, flux=4400000000.0, flavour='nue', label='7Be')
"""

from __future__ import annotations

import abc
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float_array, check_choice

__all__ = ["FLAVOURS", "Line", "Source"]

#: Flavour names used throughout munu.
FLAVOURS: tuple[str, ...] = ("nue", "nuebar", "numu", "numubar", "nutau", "nutaubar")


@dataclass(frozen=True)
class Line:
    """A monochromatic neutrino line.

    Attributes:
        energy_mev: neutrino energy in MeV.
        flux: integrated flux at the detector in cm⁻² s⁻¹.
        flavour: flavour at production (one of :data:`FLAVOURS`).
        label: short name, e.g. ``"7Be-862"``.
    """

    energy_mev: float
    flux: float
    flavour: str
    label: str = ""


class Source(abc.ABC):
    """Abstract neutrino source. Subclasses implement :meth:`_continuous_flux`.

    Subclasses set :attr:`flavours` (tuple of flavours emitted) and may override
    :meth:`lines`, :meth:`energy_range_mev`, :attr:`baseline_m` and
    :meth:`mass_state_fractions`.
    """

    #: Flavours this source emits.
    flavours: tuple[str, ...] = ()
    #: Source-detector distance in m for coherent vacuum propagation, or ``None``.
    baseline_m: float | None = None
    #: ``True`` if the continuous flux is linear between :meth:`breakpoints_mev` (a table):
    #: the rate engine then integrates it exactly with a short rule per table interval.
    flux_is_piecewise_linear: bool = False

    # -- to implement -------------------------------------------------------------------
    @abc.abstractmethod
    def _continuous_flux(self, enu_mev: NDArray[np.float64], flavour: str) -> NDArray[np.float64]:
        """Continuous dΦ/dE_ν in cm⁻² s⁻¹ MeV⁻¹ for one flavour; ``enu_mev`` validated ≥ 0."""

    @abc.abstractmethod
    def energy_range_mev(self, flavour: str | None = None) -> tuple[float, float]:
        """(E_min, E_max) in MeV outside which the continuous flux of ``flavour`` is zero."""

    # -- shared behaviour ---------------------------------------------------------------
    def breakpoints_mev(self, flavour: str) -> tuple[float, ...]:
        """Energies (MeV) inside :meth:`energy_range_mev` where the continuous spectrum of
        ``flavour`` jumps or has a kink (β endpoints, table points, model junctions).

        Quadratures split their panels there (the rate engine relies on it for its 10⁻⁴
        accuracy). The default, for smooth spectra, is none.
        """
        return ()

    def lines(self, flavour: str | None = None) -> tuple[Line, ...]:
        """Monochromatic lines, optionally only those of one flavour."""
        return ()

    def mass_state_fractions(self, enu_mev: ArrayLike) -> NDArray[np.float64] | None:
        """Fractions of ν₁, ν₂, ν₃ at the detector, shape ``enu_mev.shape + (3,)``.

        ``None`` (the default) means the neutrinos arrive as a coherent flavour state over
        :attr:`baseline_m`.
        """
        return None

    @property
    def flavour(self) -> str:
        """The single flavour of a one-flavour source (error for multi-flavour sources)."""
        if len(self.flavours) != 1:
            raise AttributeError(f"{type(self).__name__} emits {self.flavours}; pass a flavour")
        return self.flavours[0]

    def _resolve(self, flavour: str | None) -> tuple[str, ...]:
        if flavour is None:
            return self.flavours
        return (check_choice(flavour, "flavour", self.flavours),)

    def flux(self, enu_mev: ArrayLike, flavour: str | None = None) -> NDArray[np.float64]:
        """Continuous differential flux dΦ/dE_ν in cm⁻² s⁻¹ MeV⁻¹ (lines excluded).

        Args:
            enu_mev: neutrino energies in MeV (any shape, ≥ 0).
            flavour: one flavour, or ``None`` for the sum over all flavours emitted.
        """
        e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
        out = np.zeros_like(e)
        for fl in self._resolve(flavour):
            out = out + self._continuous_flux(e, fl)
        return out

    def total_flux(self, flavour: str | None = None) -> float:
        """Integrated flux (continuous part plus lines) in cm⁻² s⁻¹."""
        total = 0.0
        for fl in self._resolve(flavour):
            lo, hi = self.energy_range_mev(fl)
            if hi > lo:
                # 16-point Gauss-Legendre on 400 equal panels: exact to ~1e-10 for the smooth
                # spectra here; subclasses with an analytic integral override this method.
                edges = np.linspace(lo, hi, 401)
                x, w = np.polynomial.legendre.leggauss(16)
                a, b = edges[:-1, None], edges[1:, None]
                pts = 0.5 * (b - a) * x + 0.5 * (b + a)
                total += float(np.sum(0.5 * (b - a) * w * self._continuous_flux(pts, fl)))
            total += sum(line.flux for line in self.lines(fl))
        return total

    def plot(self, ax=None, *, flavour: str | None = None, energy_mev=None, **kwargs):  # type: ignore[no-untyped-def]
        """Plot the continuous spectrum (and lines as arrows) with matplotlib; returns the axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        for fl in self._resolve(flavour):
            lo, hi = self.energy_range_mev(fl)
            if hi > lo:
                e = np.linspace(lo, hi, 800) if energy_mev is None else np.asarray(energy_mev)
                ax.plot(e, self._continuous_flux(np.asarray(e, float), fl), label=fl, **kwargs)
            for line in self.lines(fl):
                ax.axvline(line.energy_mev, ls="--", lw=1, color="0.4")
                ax.annotate(
                    f"{line.label or fl} ({line.flux:.2g} cm⁻² s⁻¹)",
                    (line.energy_mev, 0.5),
                    xycoords=("data", "axes fraction"),
                    rotation=90,
                    fontsize=7,
                )
        ax.set_xlabel(r"$E_\nu$ [MeV]")
        ax.set_ylabel(r"$d\Phi/dE_\nu$ [cm$^{-2}$ s$^{-1}$ MeV$^{-1}$]")
        ax.set_title(type(self).__name__)
        ax.legend()
        return ax
