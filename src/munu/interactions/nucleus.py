"""Coherent elastic neutrino–nucleus scattering (CEvNS) and its magnetic-moment term.

What to use when:

* :class:`Nucleus` — the target: ``Nucleus.from_name("Ge")`` (natural isotopic mix,
  averaged), ``Nucleus.from_name("Ar40")`` (one isotope), or ``Nucleus(z, n, mass_mev, name)``
  for anything else; every function also accepts the name itself. :data:`NUCLEI` lists the
  names known.
* :func:`dsigma_dt_cevns` — weak + magnetic dσ/dT per nucleus (they do not interfere: the
  magnetic amplitude flips the neutrino helicity); :func:`dsigma_dt_cevns_weak` and
  :func:`dsigma_dt_cevns_magnetic` separately (the latter is ∝ μ²).
* ``form_factor`` — ``"helm"`` (Lewin & Smith 1996 parameters; the common default),
  ``"klein_nystrand"`` (the COHERENT choice), or ``"none"`` (F = 1, point nucleus). At reactor
  energies (q ≲ 10 MeV) the choice changes F² by well under 1 %; at decay-at-rest energies
  (q ~ 50 MeV) by a few per cent.

Formulas (T: nuclear recoil kinetic energy, E: neutrino energy, M: nuclear mass, MeV):

* Weak (Freedman, PRD 9 (1974) 1389; as used by COHERENT, Science 357 (2017) 1123; spin-0
  nucleus, vector current only)::

      dσ/dT = (G_F² M / 4π) Q_W² (1 − M T/(2E²) − T/E) F²(q),   Q_W = N − (1 − 4 sin²θ_W) Z

  (exactly zero at T_max = 2E²/(M + 2E)).
* Magnetic, coherent on the nuclear charge (Vogel & Engel, PRD 39 (1989) 3378; with the recoil
  term as in Kosmas et al., arXiv:1508.07981, implemented in ``bradkav/CEvNS``;
  verified-reference-data §8.2)::

      dσ/dT = (π α²/m_e²) μ² Z² (1/T − 1/E + T/(4E²)) F²(q),   μ in Bohr magnetons.

  Vogel & Engel's form omits T/(4E²), a < 10⁻³ relative change for keV recoils.
* Momentum transfer q = √(2 M T + T²) (three-momentum of the recoiling nucleus).

Example:
    >>> from munu.interactions.nucleus import Nucleus, dsigma_dt_cevns
    >>> ge = Nucleus.from_name("Ge")
    >>> s = dsigma_dt_cevns(1e-4, 5.0, ge)   # 100 eV recoil, 5 MeV ν: cm²/MeV per nucleus
    >>> round(float(s) / 1e-37, 2)
    3.79
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.constants as _sc
from numpy.typing import ArrayLike, NDArray

from munu import constants as _c
from munu._validate import as_float_array, check_choice
from munu.errors import InputError, UnknownNameError

__all__ = [
    "FORM_FACTORS",
    "NUCLEI",
    "Nucleus",
    "dsigma_dt_cevns",
    "dsigma_dt_cevns_magnetic",
    "dsigma_dt_cevns_weak",
    "form_factor",
    "helm_form_factor",
    "klein_nystrand_form_factor",
    "momentum_transfer_mev",
    "t_max_nucleus_mev",
]

#: Atomic mass unit in MeV (CODATA, via scipy.constants).
_U_MEV: float = _sc.physical_constants["atomic mass constant energy equivalent in MeV"][0]

#: Form-factor models accepted by ``form_factor=``.
FORM_FACTORS: tuple[str, ...] = ("helm", "klein_nystrand", "none")

# Helm form factor parameters: Lewin & Smith, Astropart. Phys. 6 (1996) 87, §4
# (verified-reference-data §8.1): c = 1.23 A^{1/3} − 0.60 fm, a = 0.52 fm, s = 0.9 fm.
_HELM_C1_FM = 1.23
_HELM_C2_FM = 0.60
_HELM_A_FM = 0.52
_HELM_S_FM = 0.9
# Klein–Nystrand: Klein & Nystrand, PRC 60 (1999) 014903, hep-ph/9902259: hard sphere of radius
# R_A = 1.2 A^{1/3} fm folded with a Yukawa potential of range a_k = 0.7 fm.
_KN_R0_FM = 1.2
_KN_AK_FM = 0.7


@dataclass(frozen=True)
class Nucleus:
    """A target nucleus.

    Attributes:
        z: proton number Z (≥ 1).
        n: neutron number N (≥ 0). May be non-integer for an isotope-averaged element (then the
            mean neutron number of the natural mix).
        mass_mev: nuclear mass M in MeV (> 0).
        name: label, e.g. ``"Ge"`` or ``"Ar40"``.

    Example:
        >>> ar = Nucleus(z=18, n=22, mass_mev=37215.5, name="Ar40")
        >>> ar.a
        40.0
        >>> round(ar.weak_charge(0.23868), 4)
        21.185
    """

    z: int
    n: float
    mass_mev: float
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.z, bool) or not isinstance(self.z, int | np.integer) or self.z < 1:
            raise InputError("z", self.z, "an integer proton number ≥ 1")
        n = as_float_array(self.n, "n", nonnegative=True)
        m = as_float_array(self.mass_mev, "mass_mev", positive=True)
        if n.ndim or m.ndim:
            raise InputError(
                "n" if n.ndim else "mass_mev",
                self.n if n.ndim else self.mass_mev,
                "a single number",
            )
        object.__setattr__(self, "z", int(self.z))
        object.__setattr__(self, "n", float(n))
        object.__setattr__(self, "mass_mev", float(m))

    @property
    def a(self) -> float:
        """Mass number A = Z + N (mean value for an isotope-averaged element)."""
        return self.z + self.n

    @classmethod
    def from_name(cls, name: str) -> Nucleus:
        """A nucleus from the built-in catalogue (names in :data:`NUCLEI`).

        Element symbols give the natural isotopic mix as one averaged nucleus; isotope names
        (``"Ar40"``, ``"Ge72"``...) one isotope. Sources and conventions: see the catalogue
        notes in this module.

        Args:
            name: one of :data:`NUCLEI`.

        Returns:
            The :class:`Nucleus`.

        Example:
            >>> Nucleus.from_name("Ar40").a
            40.0
        """
        return _from_catalogue(name)

    def weak_charge(self, sin2_theta_w: float | None = None) -> float:
        """Tree-level weak charge Q_W = N − (1 − 4 sin²θ_W) Z.

        Args:
            sin2_theta_w: sin²θ_W; ``None`` means :data:`munu.constants.SIN2_THETA_W`.

        Returns:
            Q_W (dimensionless; the cross section goes as Q_W²).
        """
        s2 = _sin2(sin2_theta_w)
        return self.n - (1.0 - 4.0 * s2) * self.z


def _sin2(sin2_theta_w: float | None) -> float:
    if sin2_theta_w is None:
        return _c.SIN2_THETA_W
    value = float(as_float_array(sin2_theta_w, "sin2_theta_w"))
    if not 0.0 < value < 1.0:
        raise InputError("sin2_theta_w", sin2_theta_w, "a number in (0, 1) or None")
    return value


# --------------------------------------------------------------------------------------------
# catalogue of targets
# --------------------------------------------------------------------------------------------

# Single isotopes: (Z, A, atomic mass in u). Atomic masses from AME2020 (Wang et al., Chinese
# Phys. C 45 (2021) 030003); nuclear mass = atomic mass − Z m_e (the electron binding energy,
# < 0.3 MeV even for Xe, i.e. < 3×10⁻⁶ relative, is neglected).
_ISOTOPES: dict[str, tuple[int, int, float]] = {
    "C12": (6, 12, 12.0),
    "O16": (8, 16, 15.99491461957),
    "F19": (9, 19, 18.99840316207),
    "Na23": (11, 23, 22.9897692820),
    "Si28": (14, 28, 27.97692653442),
    "Ar40": (18, 40, 39.9623831237),
    "Ge72": (32, 72, 71.922075826),
    "Ge76": (32, 76, 75.921402726),
    "I127": (53, 127, 126.9044719),
    "Xe132": (54, 132, 131.9041550856),
    "Cs133": (55, 133, 132.905451961),
}

# Elements, natural isotopic mix: (Z, standard atomic weight in u, {A: amount fraction}).
# Atomic weights: CIAAW/IUPAC standard atomic weights (conventional value for C, O, Si; Ar is
# atmospheric argon, 39.948); isotopic amount fractions: IUPAC representative isotopic
# compositions (Meija et al., Pure Appl. Chem. 88 (2016) 293). The element is treated as one
# nucleus with the mean N and mean mass, so the cross section uses ⟨Q_W⟩² instead of
# ⟨Q_W²⟩; the difference, var(N)/Q_W², is below 0.3 % for every entry (Ge: 0.2 %).
_ELEMENTS: dict[str, tuple[int, float, dict[int, float]]] = {
    "C": (6, 12.011, {12: 0.9893, 13: 0.0107}),
    "O": (8, 15.999, {16: 0.99757, 17: 0.00038, 18: 0.00205}),
    "F": (9, 18.998403162, {19: 1.0}),
    "Na": (11, 22.98976928, {23: 1.0}),
    "Si": (14, 28.085, {28: 0.92223, 29: 0.04685, 30: 0.03092}),
    "Ar": (18, 39.948, {36: 0.003336, 38: 0.000629, 40: 0.996035}),
    "Ge": (32, 72.630, {70: 0.2052, 72: 0.2745, 73: 0.0776, 74: 0.3652, 76: 0.0775}),
    "I": (53, 126.90447, {127: 1.0}),
    "Xe": (
        54,
        131.293,
        {
            124: 0.00095,
            126: 0.00089,
            128: 0.01910,
            129: 0.26401,
            130: 0.04071,
            131: 0.21232,
            132: 0.26909,
            134: 0.10436,
            136: 0.08857,
        },
    ),
    "Cs": (55, 132.90545196, {133: 1.0}),
}

#: Names accepted by :meth:`Nucleus.from_name`: element symbols (natural mix) and single isotopes.
NUCLEI: tuple[str, ...] = tuple(_ELEMENTS) + tuple(_ISOTOPES)


def _from_catalogue(name: str) -> Nucleus:
    """A target nucleus from the built-in catalogue.

    Element symbols (``"Ge"``, ``"Xe"``, ``"Ar"``, ``"Na"``, ``"I"``, ``"Cs"``, ``"Si"``,
    ``"F"``, ``"C"``, ``"O"``) give the natural isotopic mix as one averaged nucleus: mean
    neutron number Σ xᵢ Aᵢ − Z from the IUPAC representative isotopic composition, mass =
    standard atomic weight × u − Z m_e. Isotope names (``"Ar40"``, ``"Ge72"``, ``"Ge76"``,
    ``"Xe132"``, ``"Na23"``, ``"I127"``, ``"Cs133"``, ``"Si28"``, ``"F19"``, ``"C12"``,
    ``"O16"``) use AME2020 atomic masses − Z m_e.

    Args:
        name: one of :data:`NUCLEI`.

    Returns:
        The :class:`Nucleus`.

    Example:
        >>> ge = Nucleus.from_name("Ge")
        >>> ge.z, round(ge.n, 3), round(ge.mass_mev, 1)
        (32, 40.708, 67638.1)
    """
    if not isinstance(name, str) or name not in NUCLEI:
        raise UnknownNameError("nucleus", name, list(NUCLEI))
    if name in _ISOTOPES:
        z, a, mass_u = _ISOTOPES[name]
        return Nucleus(z=z, n=float(a - z), mass_mev=mass_u * _U_MEV - z * _c.M_E_MEV, name=name)
    z, weight_u, fractions = _ELEMENTS[name]
    total = sum(fractions.values())
    mean_a = sum(a * x for a, x in fractions.items()) / total
    return Nucleus(z=z, n=mean_a - z, mass_mev=weight_u * _U_MEV - z * _c.M_E_MEV, name=name)


def _as_nucleus(value: Any) -> Nucleus:
    if isinstance(value, Nucleus):
        return value
    if isinstance(value, str):
        return _from_catalogue(value)
    raise InputError("nucleus", value, "a Nucleus or one of " + ", ".join(NUCLEI))


# --------------------------------------------------------------------------------------------
# kinematics and form factors
# --------------------------------------------------------------------------------------------


def _broadcast(**arrays: NDArray[np.float64]) -> list[NDArray[np.float64]]:
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = {name: np.shape(a) for name, a in arrays.items()}
        raise InputError(
            ", ".join(arrays), shapes, "shapes that numpy can broadcast together"
        ) from None


def t_max_nucleus_mev(enu_mev: ArrayLike, target: Nucleus | str) -> NDArray[np.float64]:
    """Largest nuclear recoil kinetic energy, T_max = 2E²/(M + 2E).

    Args:
        enu_mev: neutrino energy in MeV (≥ 0).
        target: a :class:`Nucleus` or a name from :data:`NUCLEI`.

    Returns:
        T_max in MeV.

    Example:
        >>> round(float(t_max_nucleus_mev(10.0, "Ge")) * 1e3, 3)   # keV
        2.956
    """
    nuc = _as_nucleus(target)
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    return (2.0 * e * e / (nuc.mass_mev + 2.0 * e))[()]


def momentum_transfer_mev(t_mev: ArrayLike, target: Nucleus | str) -> NDArray[np.float64]:
    """Three-momentum transfer q = √(2 M T + T²) for a nuclear recoil T.

    Args:
        t_mev: nuclear recoil kinetic energy in MeV (≥ 0).
        target: a :class:`Nucleus` or a name from :data:`NUCLEI`.

    Returns:
        q in MeV (divide by ħc = 197.327 MeV·fm for fm⁻¹).

    Example:
        >>> round(float(momentum_transfer_mev(1e-3, "Ge")), 3)
        11.631
    """
    nuc = _as_nucleus(target)
    t = as_float_array(t_mev, "t_mev", nonnegative=True)
    return np.sqrt(t * (2.0 * nuc.mass_mev + t))[()]


def _three_j1_over_x(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """3 j₁(x)/x = 3(sin x − x cos x)/x³, with its Taylor series for x < 0.05 (no 0/0)."""
    out = np.empty_like(x)
    small = x < 0.05
    xs2 = x[small] ** 2
    out[small] = 1.0 - xs2 / 10.0 + xs2**2 / 280.0 - xs2**3 / 15120.0
    xl = x[~small]
    out[~small] = 3.0 * (np.sin(xl) - xl * np.cos(xl)) / xl**3
    return out


def helm_form_factor(q_mev: ArrayLike, a: float) -> NDArray[np.float64]:
    """Helm form factor F(q) = 3 j₁(q r_n)/(q r_n) · exp(−q² s²/2).

    Lewin & Smith, Astropart. Phys. 6 (1996) 87, §4: r_n² = c² + (7/3) π² a_d² − 5 s² with
    c = 1.23 A^{1/3} − 0.60 fm, a_d = 0.52 fm, s = 0.9 fm. F(0) = 1.

    Args:
        q_mev: momentum transfer in MeV (≥ 0).
        a: mass number A (> 0).

    Returns:
        F(q), same shape as ``q_mev``.

    Example:
        >>> float(helm_form_factor(0.0, 73.0))
        1.0
        >>> round(float(helm_form_factor(50.0, 73.0)), 4)
        0.839
    """
    q = as_float_array(q_mev, "q_mev", nonnegative=True) / _c.HBARC_MEV_FM  # fm⁻¹
    a_num = float(as_float_array(a, "a", positive=True))
    c = _HELM_C1_FM * a_num ** (1.0 / 3.0) - _HELM_C2_FM
    r_n = math.sqrt(c * c + (7.0 / 3.0) * math.pi**2 * _HELM_A_FM**2 - 5.0 * _HELM_S_FM**2)
    return (_three_j1_over_x(q * r_n) * np.exp(-0.5 * (q * _HELM_S_FM) ** 2))[()]


def klein_nystrand_form_factor(q_mev: ArrayLike, a: float) -> NDArray[np.float64]:
    """Klein–Nystrand form factor F(q) = 3 j₁(q R_A)/(q R_A) · 1/(1 + q² a_k²).

    Klein & Nystrand, PRC 60 (1999) 014903 (hep-ph/9902259): R_A = 1.2 A^{1/3} fm,
    a_k = 0.7 fm. F(0) = 1.

    Args:
        q_mev: momentum transfer in MeV (≥ 0).
        a: mass number A (> 0).

    Returns:
        F(q), same shape as ``q_mev``.

    Example:
        >>> round(float(klein_nystrand_form_factor(50.0, 73.0)), 4)
        0.8217
    """
    q = as_float_array(q_mev, "q_mev", nonnegative=True) / _c.HBARC_MEV_FM
    a_num = float(as_float_array(a, "a", positive=True))
    r_a = _KN_R0_FM * a_num ** (1.0 / 3.0)
    return (_three_j1_over_x(q * r_a) / (1.0 + (q * _KN_AK_FM) ** 2))[()]


def form_factor(
    t_mev: ArrayLike, target: Nucleus | str, model: str = "helm"
) -> NDArray[np.float64]:
    """Nuclear form factor F(q(T)) for a recoil T, by model name.

    Args:
        t_mev: nuclear recoil kinetic energy in MeV (≥ 0).
        target: a :class:`Nucleus` or a name from :data:`NUCLEI`.
        model: one of :data:`FORM_FACTORS` (``"none"`` gives F = 1).

    Returns:
        F (dimensionless, ≤ 1 in magnitude).

    Example:
        >>> float(form_factor(0.0, "Xe", "klein_nystrand"))
        1.0
    """
    nuc = _as_nucleus(target)
    model = check_choice(model, "form_factor", FORM_FACTORS)
    q = momentum_transfer_mev(t_mev, nuc)
    if model == "none":
        return np.ones_like(np.asarray(q))[()]
    if model == "helm":
        return helm_form_factor(q, nuc.a)
    return klein_nystrand_form_factor(q, nuc.a)


# --------------------------------------------------------------------------------------------
# cross sections
# --------------------------------------------------------------------------------------------


def _prepare(
    t_mev: ArrayLike, enu_mev: ArrayLike, target: Any, model: Any
) -> tuple[Nucleus, str, NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    nuc = _as_nucleus(target)
    model = check_choice(model, "form_factor", FORM_FACTORS)
    t = as_float_array(t_mev, "t_mev", nonnegative=True)
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    t, e = _broadcast(t_mev=t, enu_mev=e)
    inside = (t > 0.0) & (e > 0.0) & (t <= 2.0 * e * e / (nuc.mass_mev + 2.0 * e))
    return nuc, model, t, e, inside


def _ff2(t: NDArray[np.float64], nuc: Nucleus, model: str) -> NDArray[np.float64]:
    return np.asarray(form_factor(t, nuc, model)) ** 2


def dsigma_dt_cevns_weak(
    t_mev: ArrayLike,
    enu_mev: ArrayLike,
    target: Nucleus | str,
    *,
    form_factor: str = "helm",
    sin2_theta_w: float | None = None,
) -> NDArray[np.float64]:
    """Standard-model CEvNS dσ/dT per nucleus (same for every flavour, ν and ν̄, at tree level).

    (G_F² M/4π) Q_W² (1 − M T/(2E²) − T/E) F²(q) (Freedman 1974; COHERENT 2017), with
    Q_W = N − (1 − 4 sin²θ_W) Z.

    Args:
        t_mev: nuclear recoil kinetic energy in MeV (≥ 0).
        enu_mev: neutrino energy in MeV (≥ 0); broadcast against ``t_mev``.
        target: a :class:`Nucleus` or a name from :data:`NUCLEI`.
        form_factor: one of :data:`FORM_FACTORS`.
        sin2_theta_w: sin²θ_W; ``None`` means :data:`munu.constants.SIN2_THETA_W`.

    Returns:
        dσ/dT in cm²/MeV per nucleus; zero for T ≤ 0 and T > T_max.

    Example:
        >>> s = dsigma_dt_cevns_weak(1e-4, 5.0, "Ge", form_factor="none")
        >>> round(float(s) / 1e-37, 3)
        3.8
    """
    nuc, model, t, e, inside = _prepare(t_mev, enu_mev, target, form_factor)
    q_w = nuc.weak_charge(sin2_theta_w)
    out = np.zeros(t.shape)
    ti, ei = t[inside], e[inside]
    m = nuc.mass_mev
    kin = np.maximum(1.0 - m * ti / (2.0 * ei * ei) - ti / ei, 0.0)
    pref = _c.G_F_MEV2**2 * m / (4.0 * math.pi) * _c.HBARC_MEV_CM**2  # cm²/MeV
    out[inside] = pref * q_w**2 * kin * _ff2(ti, nuc, model)
    return out[()]


def dsigma_dt_cevns_magnetic(
    t_mev: ArrayLike,
    enu_mev: ArrayLike,
    target: Nucleus | str,
    mu: ArrayLike,
    *,
    form_factor: str = "helm",
) -> NDArray[np.float64]:
    """Coherent magnetic-moment scattering on the nuclear charge, dσ/dT per nucleus.

    (π α²/m_e²) μ² Z² (1/T − 1/E + T/(4E²)) F²(q), μ in μ_B (verified-reference-data §8.2;
    Vogel & Engel 1989 without the T/(4E²) term). No interference with the weak term.

    Args:
        t_mev: nuclear recoil kinetic energy in MeV (≥ 0).
        enu_mev: neutrino energy in MeV (≥ 0).
        target: a :class:`Nucleus` or a name from :data:`NUCLEI`.
        mu: effective magnetic moment in μ_B (may be signed; enters as μ²). ``t_mev``,
            ``enu_mev`` and ``mu`` broadcast together.
        form_factor: one of :data:`FORM_FACTORS`.

    Returns:
        dσ/dT in cm²/MeV per nucleus; zero for T ≤ 0 and T > T_max.

    Example:
        >>> s = dsigma_dt_cevns_magnetic(1e-4, 5.0, "Ge", 1e-10, form_factor="none")
        >>> round(float(s) / 1e-39, 3)
        25.545
    """
    nuc, model, t, e, _ = _prepare(t_mev, enu_mev, target, form_factor)
    m = as_float_array(mu, "mu")
    t, e, m = _broadcast(t_mev=t, enu_mev=e, mu=m)
    inside = (t > 0.0) & (e > 0.0) & (t <= 2.0 * e * e / (nuc.mass_mev + 2.0 * e))
    out = np.zeros(t.shape)
    ti, ei = t[inside], e[inside]
    kin = 1.0 / ti - 1.0 / ei + ti / (4.0 * ei * ei)
    out[inside] = _c.MAGNETIC_PREFACTOR_CM2 * m[inside] ** 2 * nuc.z**2 * kin * _ff2(ti, nuc, model)
    return out[()]


def dsigma_dt_cevns(
    t_mev: ArrayLike,
    enu_mev: ArrayLike,
    target: Nucleus | str,
    mu: ArrayLike = 0.0,
    *,
    form_factor: str = "helm",
    sin2_theta_w: float | None = None,
) -> NDArray[np.float64]:
    """CEvNS dσ/dT per nucleus: weak + coherent magnetic term (no interference).

    See :func:`dsigma_dt_cevns_weak` and :func:`dsigma_dt_cevns_magnetic`.

    Args:
        t_mev: nuclear recoil kinetic energy in MeV (≥ 0).
        enu_mev: neutrino energy in MeV (≥ 0).
        target: a :class:`Nucleus` or a name from :data:`NUCLEI`.
        mu: effective magnetic moment in μ_B (enters as μ²).
        form_factor: one of :data:`FORM_FACTORS`.
        sin2_theta_w: sin²θ_W; ``None`` means :data:`munu.constants.SIN2_THETA_W`.

    Returns:
        dσ/dT in cm²/MeV per nucleus, broadcast over ``t_mev``, ``enu_mev`` and ``mu``.

    Example:
        >>> w = dsigma_dt_cevns(1e-4, 5.0, "Ge")
        >>> tot = dsigma_dt_cevns(1e-4, 5.0, "Ge", mu=1e-10)
        >>> round(float((tot - w) / w), 4)
        0.0672
    """
    weak = dsigma_dt_cevns_weak(
        t_mev, enu_mev, target, form_factor=form_factor, sin2_theta_w=sin2_theta_w
    )
    mag = dsigma_dt_cevns_magnetic(t_mev, enu_mev, target, mu, form_factor=form_factor)
    return (np.asarray(weak) + np.asarray(mag))[()]
