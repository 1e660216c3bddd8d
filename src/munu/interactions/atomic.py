"""Atomic binding of target electrons: how many electrons of an atom can take a recoil T.

Neutrino–electron cross sections are computed for free electrons at rest. In an atom an
electron of shell i with binding energy B_i cannot be ionised by an energy transfer T < B_i.
A :class:`BindingModel` turns this into an *effective number of active electrons* per atom,
a function of T, which multiplies the free-electron dσ/dT (weak and magnetic alike):

* :class:`FreeElectron` — all Z electrons count at every T > 0 (the free-electron
  approximation; good for T ≫ B_K, i.e. T ≳ 11–20 keV in Ge).
* :class:`Stepping` — the stepping approximation dσ/dT(bound) = dσ/dT(free) × Σ_i n_i θ(T − B_i)
  with the shell binding energies B_i and occupancies n_i of ``data/atomic_shells.yaml``
  (Elam, Ravel & Sieber, Radiat. Phys. Chem. 63 (2002) 121, via XrayDB; every element of
  :func:`munu.detectors.element_data`, so every material can use it). It was introduced
  for reactor ν̄ on Ge by Kopeikin et al. (1997) and shown to be accurate to a few per cent
  down to T ~ 1 keV, for both the weak and the magnetic term, by comparison with ab-initio
  calculations (Kouzakov, Studenikin & Voloshin, arXiv:1101.4878; Chen et al.,
  arXiv:1411.0574). No model here enhances the magnetic rate above the free-electron value
  (the claimed enhancement of Wong, Li & Lin 2010 was refuted: Voloshin, PRL 105 (2010)
  201801).

* :class:`TabulatedBinding` — ratios R(T) of an ab initio (e.g. (MC)RRPA) differential cross
  section to the free-electron one, given as a table by the user, separately for the weak and
  the magnetic term: active electrons Z·R_weak(T) and Z·R_mag(T). munu ships no such table
  (the published xenon and germanium RRPA numbers could not be obtained in citable form; see
  the guide), so there is no ``binding="rrpa"``; whoever has the authors' table builds one.

Other models plug in by implementing the :class:`BindingModel` protocol with
``piecewise_constant = False``; the rate engine then integrates the product numerically
instead of analytically. A model whose weak and magnetic terms differ also defines
``active_electrons_by_term(t_mev) -> (weak, magnetic)`` (optional; :func:`active_by_term`).

Example:
    >>> from munu.interactions.atomic import Stepping, FreeElectron
    >>> ge = Stepping.for_element("Ge")
    >>> ge.active_electrons([0.1e-3, 2e-3, 12e-3]).tolist()   # T in MeV: 0.1, 2, 12 keV
    [14.0, 30.0, 32.0]
    >>> FreeElectron(32).active_electrons(1e-6)
    array(32.)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Protocol, runtime_checkable

import numpy as np
import yaml
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float_array, check_choice
from munu.errors import DataError, InputError

__all__ = [
    "BINDING_MODELS",
    "BindingModel",
    "FreeElectron",
    "Shell",
    "Stepping",
    "TabulatedBinding",
    "active_by_term",
    "binding_model",
    "elements_with_shells",
    "load_shells",
]

#: Names accepted by :func:`binding_model`.
BINDING_MODELS: tuple[str, ...] = ("free", "stepping")


@runtime_checkable
class BindingModel(Protocol):
    """Effective number of active electrons per atom as a function of the recoil energy.

    Attributes:
        name: short model name (``"free"``, ``"stepping"``, ...).
        z: atomic number (number of electrons of the neutral atom).
        piecewise_constant: ``True`` if :meth:`active_electrons` is constant between the
            energies returned by :meth:`edges_mev`; the rate engine then integrates each piece
            analytically. ``False`` makes it integrate the product numerically.
    """

    name: str
    z: int
    piecewise_constant: bool

    def active_electrons(self, t_mev: ArrayLike) -> NDArray[np.float64]:
        """Active electrons per atom at recoil energies ``t_mev`` (MeV), same shape."""
        ...

    def edges_mev(self) -> NDArray[np.float64]:
        """Sorted recoil energies (MeV) where :meth:`active_electrons` jumps or kinks."""
        ...


@dataclass(frozen=True)
class Shell:
    """One atomic subshell.

    Attributes:
        name: Siegbahn-style label (K, L1, L2, ...).
        binding_ev: binding (absorption-edge) energy in eV.
        occupancy: number of electrons in the subshell (ground state).
    """

    name: str
    binding_ev: float
    occupancy: int


@dataclass(frozen=True)
class FreeElectron:
    """Free-electron approximation: all ``z`` electrons are active for every T > 0.

    Args:
        z: atomic number (≥ 1).

    Example:
        >>> FreeElectron(54).active_electrons([0.0, 1e-3]).tolist()
        [0.0, 54.0]
    """

    z: int
    name: str = "free"
    piecewise_constant: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.z, int | np.integer) or self.z < 1:
            raise InputError("z", self.z, "an integer atomic number ≥ 1")

    def active_electrons(self, t_mev: ArrayLike) -> NDArray[np.float64]:
        """``z`` where T > 0, zero at T = 0 (T in MeV)."""
        t = as_float_array(t_mev, "t_mev", nonnegative=True)
        return np.where(t > 0.0, float(self.z), 0.0)

    def edges_mev(self) -> NDArray[np.float64]:
        """No edges: constant for T > 0."""
        return np.zeros(0)


@dataclass(frozen=True)
class Stepping:
    """Stepping approximation: Σ_i n_i θ(T − B_i) active electrons per atom.

    Args:
        element: element symbol (for messages).
        z: atomic number; must equal Σ_i n_i.
        shells: the subshells.

    Example:
        >>> xe = Stepping.for_element("Xe")
        >>> xe.active_electrons(1.0e-3).item()    # the M2 edge 1002.1 eV is not yet open
        40.0
    """

    element: str
    z: int
    shells: tuple[Shell, ...]
    name: str = "stepping"
    piecewise_constant: bool = True

    def __post_init__(self) -> None:
        total = sum(s.occupancy for s in self.shells)
        if total != self.z:
            raise DataError(
                f"shell occupancies of {self.element} add up to {total}, not Z = {self.z}"
            )

    @classmethod
    def for_element(cls, element: str) -> Stepping:
        """Stepping model of ``element`` from the shipped shell table."""
        z, shells = load_shells(element)
        return cls(element=element, z=z, shells=shells)

    def active_electrons(self, t_mev: ArrayLike) -> NDArray[np.float64]:
        """Σ_i n_i θ(T − B_i) for T in MeV (a shell counts once T exceeds B_i)."""
        t = as_float_array(t_mev, "t_mev", nonnegative=True)
        b = np.array([s.binding_ev for s in self.shells]) * 1e-6
        n = np.array([s.occupancy for s in self.shells], dtype=float)
        return np.sum(n * (t[..., None] > b), axis=-1)

    def edges_mev(self) -> NDArray[np.float64]:
        """Distinct binding energies (MeV) of occupied shells, sorted."""
        return np.unique([s.binding_ev * 1e-6 for s in self.shells if s.occupancy > 0])


@dataclass(frozen=True, eq=False)
class TabulatedBinding:
    """Binding from a table of cross-section ratios to free electrons, per term.

    The active electrons per atom are Z·R_weak(T) for the weak (SM) term and Z·R_mag(T) for
    the magnetic one, where R = (dσ/dT)_atom / (Z (dσ/dT)_free) is what ab initio
    calculations publish (e.g. the (MC)RRPA results for Ge and Xe of J.-W. Chen et al., PRD
    91 (2015) 013005, arXiv:1411.0574, and C.-C. Hsieh et al., PRD 100 (2019) 073001,
    arXiv:1903.06085; munu could not read their tables). One table per term, independent of
    E_ν, is this model's approximation: a calculation that depends on E_ν at fixed T needs
    the table of the source's energies.

    Between the tabulated energies R is linear in ln T; outside them the end values are held
    (so a table must cover the recoil window of the analysis; above the last point R should
    already be 1). The knots are reported as :meth:`edges_mev` (kinks), and the model is not
    piecewise constant, so the rate engine integrates it numerically.

    Args:
        z: atomic number (≥ 1).
        t_kev: recoil energies in keV, > 0 and strictly increasing (≥ 2 points).
        weak_ratio: R_weak at ``t_kev`` (finite, ≥ 0).
        magnetic_ratio: R_mag at ``t_kev`` (default: the weak ratios).
        source: citation of the table (kept with the model, part of its cache fingerprint).

    Example:
        >>> m = TabulatedBinding(54, [1.0, 10.0, 30.0], [0.8, 0.95, 1.0], [0.7, 0.9, 1.0])
        >>> w, mg = m.active_electrons_by_term([3.0e-3, 50.0e-3])   # T in MeV
        >>> [round(float(x), 2) for x in w], [round(float(x), 2) for x in mg]
        ([47.06, 54.0], [42.95, 54.0])
    """

    z: int
    t_kev: ArrayLike
    weak_ratio: ArrayLike
    magnetic_ratio: ArrayLike | None = None
    source: str = ""
    name: str = "tabulated"
    piecewise_constant: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.z, int | np.integer) or self.z < 1:
            raise InputError("z", self.z, "an integer atomic number ≥ 1")
        t = as_float_array(self.t_kev, "t_kev", positive=True, allow_empty=False)
        if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0.0):
            raise InputError("t_kev", self.t_kev, "≥ 2 recoil energies in keV, increasing")
        ratios = {}
        for field_name in ("weak_ratio", "magnetic_ratio"):
            value = getattr(self, field_name)
            if value is None:
                continue
            r = as_float_array(value, field_name, nonnegative=True)
            if r.shape != t.shape:
                raise InputError(field_name, value, f"{t.size} ratios, one per t_kev value")
            ratios[field_name] = r
        object.__setattr__(self, "t_kev", t)
        object.__setattr__(self, "weak_ratio", ratios["weak_ratio"])
        object.__setattr__(
            self, "magnetic_ratio", ratios.get("magnetic_ratio", ratios["weak_ratio"])
        )

    def _ratio(self, t_mev: ArrayLike, table: NDArray[np.float64]) -> NDArray[np.float64]:
        t = as_float_array(t_mev, "t_mev", nonnegative=True)
        knots = np.log(np.asarray(self.t_kev) * 1e-3)
        r = np.interp(np.log(np.where(t > 0.0, t, 1.0)), knots, table)  # T = 0 gives 0 below
        return np.where(t > 0.0, self.z * r, 0.0)

    def active_electrons(self, t_mev: ArrayLike) -> NDArray[np.float64]:
        """Z·R_weak(T) (the count of the weak term; T in MeV, 0 at T = 0)."""
        return self._ratio(t_mev, self.weak_ratio)  # type: ignore[arg-type]

    def active_electrons_by_term(
        self, t_mev: ArrayLike
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(Z·R_weak(T), Z·R_mag(T)) at recoil energies ``t_mev`` (MeV)."""
        return (
            self._ratio(t_mev, self.weak_ratio),  # type: ignore[arg-type]
            self._ratio(t_mev, self.magnetic_ratio),  # type: ignore[arg-type]
        )

    def edges_mev(self) -> NDArray[np.float64]:
        """The tabulated energies (MeV): kinks of the interpolation."""
        return np.asarray(self.t_kev) * 1e-3


def active_by_term(
    model: BindingModel, t_mev: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(weak, magnetic) active electrons per atom of any binding model at ``t_mev`` (MeV):
    its ``active_electrons_by_term`` if it has one, else :meth:`~BindingModel.active_electrons`
    for both terms.

    Example:
        >>> w, m = active_by_term(FreeElectron(32), [1e-3])
        >>> float(w[0]), float(m[0])
        (32.0, 32.0)
    """
    by_term = getattr(model, "active_electrons_by_term", None)
    if by_term is not None:
        weak, mag = by_term(t_mev)
        return np.asarray(weak, dtype=float), np.asarray(mag, dtype=float)
    n = model.active_electrons(t_mev)
    return n, n


@functools.cache
def _shell_table() -> dict[str, tuple[int, tuple[Shell, ...]]]:
    text = (resources.files("munu.interactions") / "data" / "atomic_shells.yaml").read_text(
        encoding="utf-8"
    )
    raw = yaml.safe_load(text)
    table: dict[str, tuple[int, tuple[Shell, ...]]] = {}
    for element, entry in raw.items():
        shells = tuple(Shell(str(n), float(b), int(o)) for n, b, o in entry["shells"])
        z = int(entry["Z"])
        if sum(sh.occupancy for sh in shells) != z:
            raise DataError(f"atomic_shells.yaml: the occupancies of {element} do not sum to Z={z}")
        table[element] = (z, shells)
    return table


def elements_with_shells() -> tuple[str, ...]:
    """Element symbols for which shell data are shipped.

    Example:
        >>> "Ge" in elements_with_shells()
        True
    """
    return tuple(sorted(_shell_table()))


def load_shells(element: str) -> tuple[int, tuple[Shell, ...]]:
    """Atomic number and subshells of ``element`` (binding energies in eV).

    Args:
        element: element symbol, one of :func:`elements_with_shells`.

    Returns:
        ``(Z, shells)``.

    Example:
        >>> z, shells = load_shells("Ge")
        >>> z, shells[0]
        (32, Shell(name='K', binding_ev=11103.0, occupancy=2))
    """
    table = _shell_table()
    check_choice(element, "element", tuple(sorted(table)))
    return table[element]


def binding_model(name: str, element: str, z: int) -> BindingModel:
    """Build a binding model by name for one element.

    Args:
        name: ``"free"`` or ``"stepping"``.
        element: element symbol (needs shell data for ``"stepping"``).
        z: atomic number.

    Returns:
        The model.

    Example:
        >>> binding_model("free", "Ge", 32).name
        'free'
    """
    check_choice(name, "binding", BINDING_MODELS)
    if name == "free":
        return FreeElectron(int(z))
    if element not in _shell_table():
        raise InputError(
            "binding",
            f"stepping for {element}",
            "'free' for this element, or stepping for an element with shell data: "
            + ", ".join(elements_with_shells()),
        )
    model = Stepping.for_element(element)
    if model.z != z:
        raise DataError(f"shell table gives Z = {model.z} for {element}, expected {z}")
    return model
