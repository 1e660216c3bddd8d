"""Detectors: what neutrinos scatter on (:class:`Target`) and how it is seen (:class:`Response`).

* :class:`Material` — a chemical composition (elements or molecules with mass fractions) and
  from it the atoms, electrons and nuclei per kg, with the standard atomic weights of
  ``data/elements.yaml`` (CIAAW 2021, Prohaska et al., Pure Appl. Chem. 94 (2022) 573).
  :func:`material` knows Ge, Xe, Si, Ar, NaI, CsI, CF4, H2O, D2O and two liquid
  scintillators (``"pseudocumene"`` C₉H₁₂, Borexino's solvent, and ``"LAB"`` linear
  alkylbenzene taken as C₁₈H₃₀, the mean composition quoted for JUNO / SNO+ LAB), and any
  formula such as ``"C9H12"``.
* :class:`Target` — a material, a mass and an atomic-binding model (:mod:`munu.interactions.atomic`)
  giving the effective number of active electrons per kg as a function of the recoil energy.
* :class:`Response` — threshold, Gaussian resolution σ(E) = √(a² + bE + cE²), efficiency and
  nuclear-recoil quenching (:class:`Lindhard`). :func:`smearing_matrix` turns a true-energy
  grid into observed-bin probabilities with exact bin integration of the Gaussian.

Energies at this boundary are in keV (the unit detector papers use); the rate engine converts.

Example:
    >>> ge = material("Ge")
    >>> round(ge.electrons_per_kg / 1e26, 3)
    2.653
    >>> t = Target(material="Ge", mass_kg=1.06, binding="stepping")
    >>> round(float(t.active_electrons_per_kg(0.1e-3)) / 1e26, 3)    # 14 of 32 at 0.1 keV
    1.161
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import scipy.special as _sp
import yaml
from numpy.typing import ArrayLike, NDArray

from munu import constants as _c
from munu._validate import as_float, as_float_array, check_choice
from munu.errors import InputError, UnknownNameError
from munu.interactions.atomic import (
    BINDING_MODELS,
    BindingModel,
    active_by_term,
    binding_model,
)

__all__ = [
    "MATERIALS",
    "Efficiency",
    "Lindhard",
    "Material",
    "NobleResolution",
    "Resolution",
    "Response",
    "TabulatedResolution",
    "Target",
    "element_data",
    "material",
    "parse_formula",
    "smearing_matrix",
]


# --------------------------------------------------------------------------------------------
# elements and materials
# --------------------------------------------------------------------------------------------


@functools.cache
def _elements() -> dict[str, tuple[int, float]]:
    text = (resources.files("munu") / "data" / "elements.yaml").read_text(encoding="utf-8")
    return {k: (int(v[0]), float(v[1])) for k, v in yaml.safe_load(text).items()}


def element_data(symbol: str) -> tuple[int, float]:
    """Atomic number Z and standard atomic weight A_r (g/mol) of an element.

    Args:
        symbol: element symbol (``"D"`` is deuterium).

    Returns:
        ``(Z, A_r)``.

    Example:
        >>> element_data("Ge")
        (32, 72.63)
    """
    table = _elements()
    check_choice(symbol, "element", tuple(table))
    return table[symbol]


_FORMULA = re.compile(r"([A-Z][a-z]?)(\d*)")


def parse_formula(formula: str) -> dict[str, int]:
    """Atoms per formula unit of a simple chemical formula (no brackets), e.g. ``"C9H12"``.

    Args:
        formula: element symbols each followed by an optional integer count.

    Returns:
        Mapping element → count.

    Example:
        >>> parse_formula("CF4")
        {'C': 1, 'F': 4}
    """
    if not isinstance(formula, str) or not formula or _FORMULA.sub("", formula):
        raise InputError("formula", formula, "a chemical formula such as 'C9H12' or 'CsI'")
    counts: dict[str, int] = {}
    for symbol, n in _FORMULA.findall(formula):
        element_data(symbol)
        counts[symbol] = counts.get(symbol, 0) + (int(n) if n else 1)
    if any(v <= 0 for v in counts.values()):
        raise InputError("formula", formula, "positive atom counts")
    return counts


@dataclass(frozen=True)
class Material:
    """A material as element mass fractions.

    Build with :meth:`from_formula`, :meth:`mixture` or :func:`material`.

    Attributes:
        name: label.
        mass_fractions: ``((element, mass fraction), ...)``, fractions summing to 1.

    Example:
        >>> water = Material.from_formula("H2O")
        >>> round(water.electrons_per_kg / 1e26, 3)
        3.343
    """

    name: str
    mass_fractions: tuple[tuple[str, float], ...]

    def __post_init__(self) -> None:
        total = sum(f for _, f in self.mass_fractions)
        if not self.mass_fractions or abs(total - 1.0) > 1e-9:
            raise InputError("mass_fractions", self.mass_fractions, "fractions summing to 1")

    @classmethod
    def from_formula(cls, formula: str, name: str | None = None) -> Material:
        """Material of one compound, e.g. ``Material.from_formula("NaI")``."""
        counts = parse_formula(formula)
        masses = {el: n * element_data(el)[1] for el, n in counts.items()}
        total = sum(masses.values())
        return cls(name or formula, tuple((el, m / total) for el, m in masses.items()))

    @classmethod
    def mixture(cls, components: Mapping[str, float], name: str = "mixture") -> Material:
        """Mixture of named materials or formulas with given mass fractions (normalised).

        Args:
            components: mapping material name or formula → mass fraction (> 0).
            name: label of the result.

        Example:
            >>> m = Material.mixture({"C9H12": 0.5, "LAB": 0.5})
            >>> round(sum(f for _, f in m.mass_fractions), 12)
            1.0
        """
        if not components:
            raise InputError("components", components, "at least one component")
        weights = {
            k: as_float(v, f"components[{k!r}]", positive=True) for k, v in components.items()
        }
        norm = sum(weights.values())
        fractions: dict[str, float] = {}
        for comp, w in weights.items():
            for el, f in material(comp).mass_fractions:
                fractions[el] = fractions.get(el, 0.0) + f * w / norm
        return cls(name, tuple(fractions.items()))

    @property
    def atoms_per_kg(self) -> dict[str, float]:
        """Atoms of each element per kg of material."""
        return {el: f * 1000.0 / element_data(el)[1] * _c.AVOGADRO for el, f in self.mass_fractions}

    @property
    def electrons_per_kg(self) -> float:
        """Electrons per kg (all electrons, free-electron counting)."""
        return sum(n * element_data(el)[0] for el, n in self.atoms_per_kg.items())

    @property
    def nuclei_per_kg(self) -> float:
        """Nuclei (atoms) per kg, summed over elements."""
        return sum(self.atoms_per_kg.values())


#: Named materials: name → formula or mixture (mass fractions).
MATERIALS: dict[str, str] = {
    "Ge": "Ge",
    "Xe": "Xe",
    "Si": "Si",
    "Ar": "Ar",
    "NaI": "NaI",
    "CsI": "CsI",
    "CF4": "CF4",
    "H2O": "H2O",
    "D2O": "D2O",
    # 1,2,4-trimethylbenzene, the Borexino solvent (Alimonti et al., NIM A 600 (2009) 568)
    "pseudocumene": "C9H12",
    # linear alkylbenzene C6H5-CnH2n+1 with n = 10–13; C18H30 (n = 12) is the mean composition
    # used for the JUNO and SNO+ scintillators (JUNO, Prog. Part. Nucl. Phys. 123 (2022) 103927)
    "LAB": "C18H30",
}


def material(name: str | Material) -> Material:
    """A named material (see :data:`MATERIALS`) or a chemical formula.

    Args:
        name: a key of :data:`MATERIALS`, a formula like ``"C9H12"``, or a :class:`Material`.

    Returns:
        The material.

    Example:
        >>> round(material("CsI").electrons_per_kg / 1e26, 3)
        2.503
    """
    if isinstance(name, Material):
        return name
    if isinstance(name, str) and name in MATERIALS:
        return Material.from_formula(MATERIALS[name], name=name)
    try:
        return Material.from_formula(name)
    except InputError:
        raise UnknownNameError(
            "material", name, [*MATERIALS, "or a formula such as 'C9H12'"]
        ) from None


# --------------------------------------------------------------------------------------------
# target
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A detector target: material, mass and atomic-binding model.

    Args:
        material: a :class:`Material`, a name from :data:`MATERIALS` or a formula.
        mass_kg: target mass in kg (> 0).
        binding: ``"free"`` or ``"stepping"`` (all elements), or a mapping element →
            :class:`~munu.interactions.atomic.BindingModel` for custom models.

    Example:
        >>> t = Target("Xe", 1.0, binding="free")
        >>> round(float(t.active_electrons_per_kg(1e-3)) / 1e26, 3)
        2.477
    """

    material: Material | str
    mass_kg: float = 1.0
    binding: str | Mapping[str, BindingModel] = "free"
    models: dict[str, BindingModel] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "material", material(self.material))
        object.__setattr__(self, "mass_kg", as_float(self.mass_kg, "mass_kg", positive=True))
        mat: Material = self.material  # type: ignore[assignment]
        if isinstance(self.binding, str):
            check_choice(self.binding, "binding", BINDING_MODELS)
            models = {
                el: binding_model(self.binding, el, element_data(el)[0])
                for el, _ in mat.mass_fractions
            }
        else:
            models = dict(self.binding)
            missing = [el for el, _ in mat.mass_fractions if el not in models]
            if missing:
                raise InputError("binding", self.binding, f"a model for every element {missing}")
        object.__setattr__(self, "models", models)

    @property
    def binding_name(self) -> str:
        """Name of the binding model (``"free"``, ``"stepping"`` or ``"custom"``)."""
        return self.binding if isinstance(self.binding, str) else "custom"

    @property
    def electrons_per_kg(self) -> float:
        """All electrons per kg (free-electron count)."""
        return self.material.electrons_per_kg  # type: ignore[union-attr]

    @property
    def atoms_per_kg(self) -> dict[str, float]:
        """Atoms of each element per kg."""
        return self.material.atoms_per_kg  # type: ignore[union-attr]

    @property
    def piecewise_constant(self) -> bool:
        """Whether every element's binding model is piecewise constant in T."""
        return all(m.piecewise_constant for m in self.models.values())

    def active_electrons_per_kg(self, t_mev: ArrayLike) -> NDArray[np.float64]:
        """Effective number of active electrons per kg at recoil energies ``t_mev`` (MeV)."""
        t = as_float_array(t_mev, "t_mev", nonnegative=True)
        out = np.zeros(t.shape)
        for el, n in self.atoms_per_kg.items():
            out = out + n * self.models[el].active_electrons(t)
        return out

    @property
    def term_dependent(self) -> bool:
        """Whether some element's binding differs between the weak and the magnetic term
        (a model with ``active_electrons_by_term``, e.g.
        :class:`~munu.interactions.atomic.TabulatedBinding`)."""
        return any(hasattr(m, "active_electrons_by_term") for m in self.models.values())

    def active_electrons_per_kg_by_term(
        self, t_mev: ArrayLike
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(weak, magnetic) effective active electrons per kg at ``t_mev`` (MeV); both equal
        :meth:`active_electrons_per_kg` unless :attr:`term_dependent`.

        Example:
            >>> w, m = Target("Ge", 1.0).active_electrons_per_kg_by_term([1e-3])
            >>> bool(w[0] == m[0])
            True
        """
        t = as_float_array(t_mev, "t_mev", nonnegative=True)
        weak, mag = np.zeros(t.shape), np.zeros(t.shape)
        for el, n in self.atoms_per_kg.items():
            w, m = active_by_term(self.models[el], t)
            weak, mag = weak + n * w, mag + n * m
        return weak, mag

    def binding_edges_mev(self) -> NDArray[np.float64]:
        """Sorted recoil energies (MeV) where the active-electron count changes."""
        edges = [m.edges_mev() for m in self.models.values()]
        return np.unique(np.concatenate([np.zeros(0), *edges]))


# --------------------------------------------------------------------------------------------
# response
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """Gaussian energy resolution σ(E) = √(a² + b·E + c·E²), E and σ in keV.

    Args:
        a_kev: constant (noise) term in keV.
        b_kev: Fano/statistical term in keV (b·E is in keV²).
        c: dimensionless coefficient of E² (σ²'s quadratic term; c = r² for a constant
            relative resolution r at high energy).

    Example:
        >>> round(float(Resolution(a_kev=0.3, b_kev=0.0, c=0.0).sigma_kev(10.0)), 3)
        0.3
    """

    a_kev: float = 0.0
    b_kev: float = 0.0
    c: float = 0.0

    def __post_init__(self) -> None:
        for name in ("a_kev", "b_kev", "c"):
            object.__setattr__(self, name, as_float(getattr(self, name), name, nonnegative=True))

    def sigma_kev(self, e_kev: ArrayLike) -> NDArray[np.float64]:
        """σ(E) in keV at energies ``e_kev`` (≥ 0)."""
        e = as_float_array(e_kev, "e_kev", nonnegative=True)
        return np.sqrt(self.a_kev**2 + self.b_kev * e + self.c * e * e)

    @property
    def is_zero(self) -> bool:
        """True for a perfect (δ-function) resolution."""
        return self.a_kev == 0.0 and self.b_kev == 0.0 and self.c == 0.0


@dataclass(frozen=True)
class NobleResolution:
    """Gaussian resolution σ(E) = a·√E + b·E (E, σ in keV): the form noble-liquid TPCs publish.

    E.g. XENON1T, σ(E) = (0.310 √keV)·√E + 0.0037·E (E. Aprile et al., PRD 102, 072004 (2020),
    arXiv:2006.09721, Eq. 1).

    Args:
        a_sqrt_kev: coefficient of √E in √keV.
        b: dimensionless coefficient of E.

    Example:
        >>> round(float(NobleResolution(0.310, 0.0037).sigma_kev(4.0)), 4)
        0.6348
    """

    a_sqrt_kev: float = 0.0
    b: float = 0.0

    def __post_init__(self) -> None:
        for name in ("a_sqrt_kev", "b"):
            object.__setattr__(self, name, as_float(getattr(self, name), name, nonnegative=True))

    def sigma_kev(self, e_kev: ArrayLike) -> NDArray[np.float64]:
        """σ(E) in keV at energies ``e_kev`` (≥ 0)."""
        e = as_float_array(e_kev, "e_kev", nonnegative=True)
        return self.a_sqrt_kev * np.sqrt(e) + self.b * e

    @property
    def is_zero(self) -> bool:
        """True for a perfect (δ-function) resolution."""
        return self.a_sqrt_kev == 0.0 and self.b == 0.0


@dataclass(frozen=True)
class TabulatedResolution:
    """Gaussian resolution σ(E) tabulated in energy (keV), linearly interpolated, held constant
    beyond the ends of the table.

    Args:
        energies_kev: strictly increasing energies (keV).
        sigma_kev: σ at those energies (keV, ≥ 0).

    Example:
        >>> TabulatedResolution((1.0, 3.0), (0.2, 0.4)).sigma_kev([0.0, 2.0]).tolist()
        [0.2, 0.30000000000000004]
    """

    energies_kev: tuple[float, ...]
    sigma_kev_values: tuple[float, ...]

    def __init__(self, energies_kev: ArrayLike, sigma_kev: ArrayLike) -> None:
        e = as_float_array(energies_kev, "resolution.energies_kev", nonnegative=True).ravel()
        s = as_float_array(sigma_kev, "resolution.sigma_kev", nonnegative=True).ravel()
        if e.size < 1 or e.shape != s.shape or np.any(np.diff(e) <= 0):
            raise InputError(
                "resolution.energies_kev",
                energies_kev,
                "strictly increasing energies, one per σ value",
            )
        object.__setattr__(self, "energies_kev", tuple(e.tolist()))
        object.__setattr__(self, "sigma_kev_values", tuple(s.tolist()))

    def sigma_kev(self, e_kev: ArrayLike) -> NDArray[np.float64]:
        """σ(E) in keV at energies ``e_kev`` (≥ 0)."""
        e = as_float_array(e_kev, "e_kev", nonnegative=True)
        return np.interp(e, self.energies_kev, self.sigma_kev_values)

    @property
    def is_zero(self) -> bool:
        """True for a perfect (δ-function) resolution."""
        return not any(self.sigma_kev_values)


ResolutionLike = Resolution | NobleResolution | TabulatedResolution


def _gauss_bin_prob(
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    mean: NDArray[np.float64],
    sigma: NDArray[np.float64],
) -> NDArray[np.float64]:
    """P(lo < X < hi) for X ~ N(mean, σ²), accurate in both tails; σ = 0 gives an indicator."""
    with np.errstate(divide="ignore", invalid="ignore"):
        zl = (lo - mean) / sigma
        zh = (hi - mean) / sigma
    delta = (mean > lo) & (mean <= hi)
    # ndtr(zh) − ndtr(zl) loses precision when both are close to 1: use the upper tails then.
    upper = zl > 0
    p = np.where(upper, _sp.ndtr(-zl) - _sp.ndtr(-zh), _sp.ndtr(zh) - _sp.ndtr(zl))
    return np.where(sigma > 0, p, delta.astype(float))


def smearing_matrix(
    true_kev: ArrayLike, obs_edges_kev: ArrayLike, resolution: ResolutionLike
) -> NDArray[np.float64]:
    """Probability that a deposit at true energy E lands in each observed bin.

    M[i, j] = ½[erf((o_{i+1} − E_j)/(√2 σ_j)) − erf((o_i − E_j)/(√2 σ_j))], σ_j = σ(E_j):
    the Gaussian integrated exactly over each observed bin. Columns sum to the probability of
    landing anywhere in [o_0, o_n] (≤ 1: events smeared outside the binning are lost).

    Args:
        true_kev: true deposited energies (keV, ≥ 0), shape (m,).
        obs_edges_kev: increasing observed bin edges (keV), shape (n + 1,).
        resolution: the :class:`Resolution`.

    Returns:
        Array of shape (n, m).

    Example:
        >>> m = smearing_matrix([10.0], [0.0, 10.0, 20.0], Resolution(a_kev=1.0))
        >>> m[:, 0].round(6).tolist()
        [0.5, 0.5]
    """
    e = as_float_array(true_kev, "true_kev", nonnegative=True).ravel()
    edges = _check_edges(obs_edges_kev, "obs_edges_kev")
    sigma = resolution.sigma_kev(e)
    return _gauss_bin_prob(edges[:-1, None], edges[1:, None], e[None, :], sigma[None, :])


def _check_edges(edges_kev: ArrayLike, field_name: str) -> NDArray[np.float64]:
    edges = as_float_array(edges_kev, field_name, nonnegative=True).ravel()
    if edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise InputError(field_name, edges_kev, "at least two strictly increasing bin edges")
    return edges


@dataclass(frozen=True)
class Efficiency:
    """Detection efficiency as a function of observed energy (keV).

    Either a constant (``values`` a single number) or a table linearly interpolated in energy
    and held constant beyond its ends.

    Args:
        values: efficiency value(s) in [0, 1].
        energies_kev: table energies (strictly increasing), or ``None`` for a constant.

    Example:
        >>> eff = Efficiency(values=(0.5, 1.0), energies_kev=(1.0, 3.0))
        >>> eff([0.0, 2.0, 5.0]).tolist()
        [0.5, 0.75, 1.0]
    """

    values: float | tuple[float, ...] = 1.0
    energies_kev: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        v = as_float_array(self.values, "efficiency", nonnegative=True, allow_empty=False)
        if np.any(v > 1.0):
            raise InputError("efficiency", self.values, "values in [0, 1]")
        if self.energies_kev is None:
            if v.size != 1:
                raise InputError("efficiency", self.values, "one number without energies_kev")
            object.__setattr__(self, "values", float(v.ravel()[0]))
            return
        e = as_float_array(self.energies_kev, "efficiency.energies_kev", nonnegative=True)
        if e.ndim != 1 or e.shape != v.shape or np.any(np.diff(e) <= 0):
            raise InputError(
                "efficiency.energies_kev",
                self.energies_kev,
                "strictly increasing energies, one per efficiency value",
            )
        object.__setattr__(self, "values", tuple(v.tolist()))
        object.__setattr__(self, "energies_kev", tuple(e.tolist()))

    def __call__(self, e_kev: ArrayLike) -> NDArray[np.float64]:
        e = as_float_array(e_kev, "e_kev", nonnegative=True)
        if self.energies_kev is None:
            return np.full(e.shape, float(self.values))  # type: ignore[arg-type]
        return np.interp(e, self.energies_kev, self.values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Lindhard:
    """Lindhard quenching factor for nuclear recoils: E_ee = Q(E_nr)·E_nr.

    Q = k g(ε)/(1 + k g(ε)), g(ε) = 3ε^0.15 + 0.7ε^0.6 + ε, ε = 11.5 Z^(−7/3) E_nr[keV]
    (J. Lindhard et al., Mat. Fys. Medd. Dan. Vid. Selsk. 33 no. 10 (1963); parametrisation of
    Lewin & Smith, Astropart. Phys. 6 (1996) 87). ``k = None`` uses Lindhard's theoretical
    k = 0.133 Z^(2/3) A^(−1/2), which is 0.157 for Ge — the value used for Ge in, e.g., the
    CONUS analyses (arXiv:2011.00210).

    Args:
        z: atomic number of the recoiling nucleus.
        a: mass number (or atomic weight) of the nucleus.
        k: the k parameter, or ``None`` for the theoretical value.

    Example:
        >>> q = Lindhard(z=32, a=72.63)
        >>> round(q.k_value, 3)
        0.157
        >>> round(float(q.quenching(1.0)), 3)
        0.171
    """

    z: int
    a: float
    k: float | None = None

    @property
    def k_value(self) -> float:
        """The k parameter actually used."""
        if self.k is not None:
            return as_float(self.k, "quenching_k", positive=True)
        return 0.133 * self.z ** (2.0 / 3.0) / math.sqrt(self.a)

    def quenching(self, e_nr_kev: ArrayLike) -> NDArray[np.float64]:
        """Q(E_nr) (dimensionless) at nuclear-recoil energies in keV."""
        e = as_float_array(e_nr_kev, "e_nr_kev", nonnegative=True)
        eps = 11.5 * self.z ** (-7.0 / 3.0) * e
        g = 3.0 * eps**0.15 + 0.7 * eps**0.6 + eps
        kg = self.k_value * g
        return kg / (1.0 + kg)

    def ee_from_nr(self, e_nr_kev: ArrayLike) -> NDArray[np.float64]:
        """Electron-equivalent energy (keVee) of nuclear recoils (keVnr)."""
        e = as_float_array(e_nr_kev, "e_nr_kev", nonnegative=True)
        return self.quenching(e) * e

    def nr_from_ee(self, e_ee_kev: ArrayLike) -> NDArray[np.float64]:
        """Inverse of :meth:`ee_from_nr` (E_ee·(1+kg)/kg is monotonic; bisection in log E).

        Example:
            >>> q = Lindhard(z=32, a=72.63)
            >>> round(float(q.ee_from_nr(q.nr_from_ee(0.3))), 9)
            0.3
        """
        ee = as_float_array(e_ee_kev, "e_ee_kev", nonnegative=True)
        pos = ee > 0
        lo = np.log(np.where(pos, ee, 1.0))  # E_nr ≥ E_ee since Q ≤ 1
        hi = lo + math.log(1e6)
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            above = self.ee_from_nr(np.exp(mid)) > np.where(pos, ee, 1.0)
            hi = np.where(above, mid, hi)
            lo = np.where(above, lo, mid)
        return np.where(pos, np.exp(0.5 * (lo + hi)), 0.0)


EfficiencyLike = Efficiency | float | Callable[[NDArray[np.float64]], NDArray[np.float64]]


@dataclass(frozen=True)
class Response:
    """Detector response on the electron-equivalent energy scale (keV).

    Args:
        threshold_kev: analysis threshold on the observed energy (≥ 0); observed energies below
            it are not counted.
        resolution: a :class:`Resolution` or ``None`` (perfect resolution).
        efficiency: an :class:`Efficiency`, a number, or a callable of observed energy (keV).
            It is averaged over each observed bin (8-point Gauss–Legendre).
        quenching_k: Lindhard k for nuclear recoils, or ``None`` for Lindhard's theoretical
            value per nucleus (0.157 for Ge).

    Example:
        >>> r = Response(threshold_kev=12.0, resolution=Resolution(a_kev=0.3))
        >>> r.has_resolution
        True
    """

    threshold_kev: float = 0.0
    resolution: ResolutionLike | None = None
    efficiency: EfficiencyLike = 1.0
    quenching_k: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "threshold_kev", as_float(self.threshold_kev, "threshold_kev", nonnegative=True)
        )
        if isinstance(self.efficiency, int | float):
            object.__setattr__(self, "efficiency", Efficiency(float(self.efficiency)))
        elif not callable(self.efficiency):
            raise InputError("efficiency", self.efficiency, "an Efficiency, a number or a callable")
        if self.quenching_k is not None:
            as_float(self.quenching_k, "quenching_k", positive=True)

    @property
    def has_resolution(self) -> bool:
        """True if a non-trivial resolution is set."""
        return self.resolution is not None and not self.resolution.is_zero

    def lindhard(self, z: int, a: float) -> Lindhard:
        """The quenching model for a nucleus (Z, A)."""
        return Lindhard(z=z, a=a, k=self.quenching_k)

    def bin_efficiency(self, edges_kev: ArrayLike) -> NDArray[np.float64]:
        """Efficiency averaged over each observed bin above threshold (0 below it).

        The average is over [max(o_i, threshold), o_{i+1}] with an 8-point Gauss–Legendre rule.
        """
        edges = _check_edges(edges_kev, "edges_kev")
        lo = np.maximum(edges[:-1], self.threshold_kev)
        hi = np.maximum(edges[1:], lo)
        x, w = np.polynomial.legendre.leggauss(8)
        pts = 0.5 * (hi - lo)[:, None] * x + 0.5 * (hi + lo)[:, None]
        vals = np.asarray(self.efficiency(pts), dtype=float)  # type: ignore[operator]
        if vals.shape != pts.shape or not np.all(np.isfinite(vals)):
            raise InputError("efficiency", self.efficiency, "finite values, one per energy")
        return 0.5 * (vals @ w) * (hi > lo)


def _as_response(value: Any) -> Response:
    if value is None:
        return Response()
    if not isinstance(value, Response):
        raise InputError("response", value, "a munu.detectors.Response or None")
    return value
