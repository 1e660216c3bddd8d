"""A neutrino source from a user-supplied flux table.

Use :class:`Tabulated` for a spectrum that munu does not model (a published flux figure, the
output of another code). The table gives dΦ/dE_ν at increasing energies; between points the
flux is interpolated linearly and outside the table it is zero, so the total flux is the
trapezoid integral of the table.

CSV format (:meth:`Tabulated.from_csv`): a header row naming the columns, then one row per
energy; blank lines and lines starting with ``#`` are ignored. The default column names carry
the units, e.g.::

    # my flux, from Fig. 3 of ...
    energy_mev,flux_per_cm2_s_mev
    0.5,1.2e12
    1.0,9.8e11

Hand-written with the standard-library :mod:`csv` module (rather than ``numpy.loadtxt`` or
pandas) so that every defect is reported as a :class:`munu.DataError` naming the file, the
row and the column.

Example:
    >>> from munu.sources.tabulated import Tabulated
    >>> src = Tabulated([1.0, 2.0, 3.0], [0.0, 2.0, 0.0], flavour="nuebar")
    >>> float(src.flux(1.5)), src.total_flux()
    (1.0, 2.0)
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array, check_choice
from munu.errors import DataError, InputError
from munu.sources.base import FLAVOURS, Source

__all__ = ["ENERGY_UNITS", "FLUX_UNITS", "Tabulated"]

#: Energy units → factor to MeV.
ENERGY_UNITS: MappingProxyType[str, float] = MappingProxyType({"MeV": 1.0, "keV": 1e-3})
#: Differential-flux units → factor to cm⁻² s⁻¹ MeV⁻¹.
FLUX_UNITS: MappingProxyType[str, float] = MappingProxyType(
    {
        "per_cm2_s_mev": 1.0,
        "per_cm2_s_kev": 1e3,
        "per_m2_s_mev": 1e-4,
    }
)


class Tabulated(Source):
    """A one-flavour source given as a table of dΦ/dE_ν.

    Args:
        energies_mev: strictly increasing neutrino energies in MeV (≥ 0, at least 2).
        flux: dΦ/dE_ν at those energies in cm⁻² s⁻¹ MeV⁻¹ (≥ 0, finite).
        flavour: the flavour emitted (one of :data:`munu.sources.base.FLAVOURS`).
        baseline_m: source–detector distance in m for vacuum oscillation, or ``None``.
        label: a name for printing and plots.

    Raises:
        InputError: naming the argument, for any invalid value.

    Example:
        >>> src = Tabulated([0.0, 1.0], [2.0, 2.0], "nue", label="flat")
        >>> src
        Tabulated('flat', flavour='nue', 2 points, 0–1 MeV)
    """

    #: The flux is the linear interpolant of the table (exact piecewise integration).
    flux_is_piecewise_linear = True

    def __init__(
        self,
        energies_mev: ArrayLike,
        flux: ArrayLike,
        flavour: str,
        *,
        baseline_m: float | None = None,
        label: str = "",
    ) -> None:
        e = as_float_array(energies_mev, "energies_mev", nonnegative=True)
        f = as_float_array(flux, "flux", nonnegative=True)
        if e.ndim != 1 or e.size < 2:
            raise InputError("energies_mev", energies_mev, "a 1-d array of at least 2 energies")
        if f.shape != e.shape:
            raise InputError(
                "flux", flux, f"an array of the same length as energies_mev ({e.size})"
            )
        if np.any(np.diff(e) <= 0.0):
            raise InputError("energies_mev", energies_mev, "strictly increasing energies")
        self.flavours = (check_choice(flavour, "flavour", FLAVOURS),)
        self.baseline_m = (
            None if baseline_m is None else as_float(baseline_m, "baseline_m", nonnegative=True)
        )
        self.label = str(label)
        self._energies = e.copy()
        self._flux = f.copy()
        self._energies.flags.writeable = False
        self._breakpoints = tuple(self._energies.tolist())
        self._flux.flags.writeable = False

    @property
    def energies_mev(self) -> NDArray[np.float64]:
        """The tabulated energies in MeV (read-only)."""
        return self._energies

    @property
    def table_flux(self) -> NDArray[np.float64]:
        """The tabulated dΦ/dE_ν in cm⁻² s⁻¹ MeV⁻¹ (read-only)."""
        return self._flux

    def __repr__(self) -> str:
        lo, hi = self._energies[0], self._energies[-1]
        return (
            f"Tabulated({self.label!r}, flavour={self.flavours[0]!r}, "
            f"{self._energies.size} points, {lo:g}–{hi:g} MeV)"
        )

    def _continuous_flux(self, enu_mev: NDArray[np.float64], flavour: str) -> NDArray[np.float64]:
        return np.interp(enu_mev, self._energies, self._flux, left=0.0, right=0.0)

    def energy_range_mev(self, flavour: str | None = None) -> tuple[float, float]:
        """The tabulated energy range in MeV."""
        return float(self._energies[0]), float(self._energies[-1])

    def breakpoints_mev(self, flavour: str) -> tuple[float, ...]:
        """The table energies (the linear interpolant has a kink at each)."""
        self._resolve(flavour)
        return self._breakpoints

    def total_flux(self, flavour: str | None = None) -> float:
        """Integrated flux in cm⁻² s⁻¹: the exact integral of the linear interpolant."""
        self._resolve(flavour)
        return float(np.trapezoid(self._flux, self._energies))

    @classmethod
    def from_csv(
        cls,
        path: str | os.PathLike[str],
        flavour: str,
        *,
        energy_unit: str = "MeV",
        flux_unit: str = "per_cm2_s_mev",
        energy_column: str | None = None,
        flux_column: str | None = None,
        baseline_m: float | None = None,
    ) -> Tabulated:
        """Read a flux table from a CSV file with a header row.

        Args:
            path: the CSV file.
            flavour: the flavour emitted.
            energy_unit: unit of the energy column, one of :data:`ENERGY_UNITS`.
            flux_unit: unit of the flux column, one of :data:`FLUX_UNITS`.
            energy_column: name of the energy column; default ``"energy_mev"`` or
                ``"energy_kev"`` according to ``energy_unit``.
            flux_column: name of the flux column; default ``"flux_" + flux_unit``, e.g.
                ``"flux_per_cm2_s_mev"``.
            baseline_m: source–detector distance in m, or ``None``.

        Returns:
            The :class:`Tabulated` source, converted to MeV and cm⁻² s⁻¹ MeV⁻¹.

        Raises:
            DataError: the file is missing or unreadable, a column is missing, a value is
                empty, non-numeric, NaN/infinite or negative, the energies do not strictly
                increase, or there are fewer than 2 rows (the message names file, row and
                column).
            UnknownNameError: for an unknown unit or flavour.

        Example:
            >>> import pathlib, tempfile
            >>> p = pathlib.Path(tempfile.mkdtemp()) / "flux.csv"
            >>> _ = p.write_text("energy_kev,flux_per_cm2_s_kev\\n100,2\\n300,2\\n")
            >>> src = Tabulated.from_csv(p, "nue", energy_unit="keV", flux_unit="per_cm2_s_kev")
            >>> round(src.total_flux(), 6)
            400.0
        """
        e_scale = ENERGY_UNITS[check_choice(energy_unit, "energy_unit", tuple(ENERGY_UNITS))]
        f_scale = FLUX_UNITS[check_choice(flux_unit, "flux_unit", tuple(FLUX_UNITS))]
        check_choice(flavour, "flavour", FLAVOURS)
        e_col = energy_column or f"energy_{energy_unit.lower()}"
        f_col = flux_column or f"flux_{flux_unit}"
        file = Path(path)
        try:
            with file.open(newline="", encoding="utf-8-sig") as handle:
                lines = [
                    (n, line)
                    for n, line in enumerate(handle, start=1)
                    if line.strip() and not line.lstrip().startswith("#")
                ]
        except FileNotFoundError:
            raise DataError(f"{file}: file not found") from None
        except (OSError, UnicodeDecodeError) as err:
            raise DataError(f"{file}: cannot be read ({err})") from None
        if not lines:
            raise DataError(f"{file}: no header row (expected columns {e_col!r}, {f_col!r})")
        header_no, header_line = lines[0]
        header = [h.strip() for h in next(csv.reader([header_line]))]
        missing = [c for c in (e_col, f_col) if c not in header]
        if missing:
            raise DataError(
                f"{file}: line {header_no}: missing column(s) {missing}; found {header}"
            )
        i_e, i_f = header.index(e_col), header.index(f_col)
        energies, fluxes = [], []
        for number, line in lines[1:]:
            cells = next(csv.reader([line]))
            row = []
            for col, idx in ((e_col, i_e), (f_col, i_f)):
                cell = cells[idx].strip() if idx < len(cells) else ""
                try:
                    value = float(cell)
                except ValueError:
                    raise DataError(
                        f"{file}: line {number}, column {col!r}: {cell!r} is not a number"
                    ) from None
                if not np.isfinite(value):
                    raise DataError(
                        f"{file}: line {number}, column {col!r}: {cell!r} is not finite"
                    )
                if value < 0.0:
                    raise DataError(f"{file}: line {number}, column {col!r}: {cell} is negative")
                row.append(value)
            if energies and row[0] <= energies[-1]:
                raise DataError(
                    f"{file}: line {number}, column {e_col!r}: energies must strictly increase "
                    f"({row[0]:g} after {energies[-1]:g})"
                )
            energies.append(row[0])
            fluxes.append(row[1])
        if len(energies) < 2:
            raise DataError(f"{file}: {len(energies)} data row(s); at least 2 are needed")
        return cls(
            np.array(energies) * e_scale,
            np.array(fluxes) * f_scale,
            flavour,
            baseline_m=baseline_m,
            label=file.name,
        )
