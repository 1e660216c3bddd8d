"""Solar neutrinos: standard-solar-model fluxes, spectra and MSW arrival composition.

What to use when:

* :class:`Solar` — the source for the rate engine: ν_e flux at Earth as produced (continuous
  components plus the pep and ⁷Be :class:`~munu.sources.base.Line` s), and the incoherent
  mass-state mixture in which the neutrinos arrive (:meth:`Solar.mass_state_fractions`), which
  is what the effective magnetic moment of solar neutrinos depends on (review hep-ex/0409003,
  Eq. 2; Grimus et al., hep-ph/0208132).
* :func:`solar_survival_probability` — P_ee(E) of one component after three-flavour adiabatic
  MSW conversion averaged over where that component is produced (day time, no Earth matter).
* :func:`ssm_fluxes`, :func:`spectrum_shape` — the raw model numbers and unit spectra.

Physics and data:

* Fluxes (``data/ssm_fluxes.yaml``): B16-GS98 (default) and B16-AGSS09met (Vinyoles et al.,
  ApJ 835 (2017) 202, arXiv:1611.09867) and BS05(OP) (Bahcall, Serenelli & Basu, ApJ 621
  (2005) L85, astro-ph/0412440).
* Spectra: pp, hep, ¹³N, ¹⁵O, ¹⁷F are allowed β⁺ spectra (:mod:`munu.sources.beta`) with the
  endpoints of :data:`ENDPOINTS_MEV`; ⁸B is the measured spectrum of Winter et al., PRC 73
  (2006) 025503, nucl-ex/0406019 (``data/b8_spectrum_winter2006.csv``), linearly interpolated.
  pep (1.442 MeV) and ⁷Be (861.8 and 384.3 keV, ENSDF branching 89.56/10.44 %) are lines. The
  electron-capture lines of ¹³N, ¹⁵O, ¹⁷F (Stonehill, Formaggio & Robertson, PRC 69 (2004)
  015801; ≲ 10⁻³ of those fluxes) and the thermal broadening and shift of the lines (≈ 1 keV;
  Bahcall, PRD 49 (1994) 3923) are neglected.
* MSW: the electron density and the production-radius distribution of each component are the
  BS05(OP) profiles (``data/bs05op_profiles.csv``), also used for the B16 models. A ν_e made at
  density n_e leaves the Sun adiabatically as the mass-state mixture of
  :func:`munu.mixing.msw_mass_state_fractions`; averaging over the production region is a
  fixed-grid quadrature in radius, vectorised over energy.

Example:
    >>> from munu.sources.solar import Solar, solar_survival_probability
    >>> sun = Solar()
    >>> round(sun.component_total_flux("8B") / 1e6, 2)
    5.46
    >>> round(float(solar_survival_probability(10.0, "8B")), 2)
    0.33
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Iterable
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np
import scipy.constants as _sc
import yaml
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float_array, check_choice
from munu.errors import InputError
from munu.mixing import NUFIT60, OscillationParameters, msw_mass_state_fractions, pmns
from munu.sources.base import Line, Source
from munu.sources.beta import beta_neutrino_spectrum

__all__ = [
    "BE7_LINES",
    "COMPONENTS",
    "CONTINUOUS_COMPONENTS",
    "ENDPOINTS_MEV",
    "LINE_COMPONENTS",
    "PEP_ENERGY_MEV",
    "SSM_MODELS",
    "Solar",
    "electron_density_per_cm3",
    "production_distribution",
    "solar_mass_state_fractions",
    "solar_survival_probability",
    "spectrum_shape",
    "ssm_flux_uncertainties",
    "ssm_fluxes",
]

#: Solar-model names accepted by ``model=``.
SSM_MODELS: tuple[str, ...] = ("B16-GS98", "B16-AGSS09met", "BS05(OP)")
#: All solar neutrino components.
COMPONENTS: tuple[str, ...] = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")
#: Components with a continuous spectrum.
CONTINUOUS_COMPONENTS: tuple[str, ...] = ("pp", "hep", "8B", "13N", "15O", "17F")
#: Components that are monochromatic lines.
LINE_COMPONENTS: tuple[str, ...] = ("pep", "7Be")

_PC = _sc.physical_constants


def _mev(name: str) -> float:
    return float(_PC[name + " mass energy equivalent in MeV"][0])


#: Kinetic endpoints E₀ (maximum neutrino energy, MeV) of the β⁺ components.
#: pp: p + p → d + e⁺ + ν, E₀ = 2m_p − m_d − m_e = 0.42023 MeV; hep: ³He + p → ⁴He + e⁺ + ν,
#: E₀ = m_h + m_p − m_α − m_e = 18.773 MeV (nuclear masses, CODATA 2022 via scipy.constants; the
#: reactions occur between bare nuclei in the solar plasma). CNO: E₀ = Q_EC − 2m_e with Q_EC from
#: AME2020 mass excesses (Wang et al., Chin. Phys. C 45 (2021) 030003): ¹³N → ¹³C 1.1985,
#: ¹⁵O → ¹⁵N 1.7322, ¹⁷F → ¹⁷O 1.7385 MeV (Bahcall, *Neutrino Astrophysics*, CUP 1989, rounds
#: these to 1.199, 1.732, 1.740). ⁸B: the last non-zero point of the tabulated spectrum.
ENDPOINTS_MEV: MappingProxyType[str, float] = MappingProxyType(
    {
        "pp": 2.0 * _mev("proton") - _mev("deuteron") - _mev("electron"),
        "hep": _mev("helion") + _mev("proton") - _mev("alpha particle") - _mev("electron"),
        "13N": 1.1985,
        "15O": 1.7322,
        "17F": 1.7385,
        "8B": 15.3,
    }
)

#: (Z of the daughter, mass number A) for the Fermi function of the β⁺ components.
_BETA_NUCLEI: dict[str, tuple[int, int]] = {
    "pp": (1, 2),
    "hep": (2, 4),
    "13N": (6, 13),
    "15O": (7, 15),
    "17F": (8, 17),
}

#: pep line energy in MeV: Q = 2M(¹H) − M(²H) = 1.44222 MeV (AME2020) minus the deuteron
#: recoil, 1.4417 MeV, conventionally 1.442 MeV (verified-reference-data §2).
PEP_ENERGY_MEV: float = 1.442

#: ⁷Be electron-capture lines: (E_ν in MeV, branching, label). Energies 861.8 keV (to the ⁷Li
#: ground state) and 384.3 keV (to the 477.6 keV level), as in Bahcall's line-shape data;
#: branching 89.56 % / 10.44 % (ENSDF, ⁷Be EC decay; verified-reference-data §2; the older
#: 89.7/10.3 % split changes the lines by 0.15 %).
BE7_LINES: tuple[tuple[float, float, str], ...] = (
    (0.8618, 0.8956, "7Be-862"),
    (0.3843, 0.1044, "7Be-384"),
)


def _read_data(name: str) -> str:
    """Text of a file in ``munu/sources/data`` (via importlib.resources)."""
    return (resources.files("munu") / "sources" / "data" / name).read_text(encoding="utf-8")


# -- data loading ---------------------------------------------------------------------------
@functools.cache
def _ssm_table() -> dict[str, Any]:
    return dict(yaml.safe_load(_read_data("ssm_fluxes.yaml")))


def _check_model(model: Any) -> str:
    return check_choice(model, "model", SSM_MODELS)


def _check_component(component: Any) -> str:
    return check_choice(component, "component", COMPONENTS)


def ssm_fluxes(model: str = "B16-GS98") -> dict[str, float]:
    """Total ν_e fluxes at Earth of a standard solar model, before oscillation.

    Args:
        model: one of :data:`SSM_MODELS`.

    Returns:
        Component name → flux in cm⁻² s⁻¹ (⁷Be: both lines together).

    Example:
        >>> ssm_fluxes("BS05(OP)")["8B"]
        5691000.0
    """
    entry = _ssm_table()["models"][_check_model(model)]
    return {name: float(entry["flux"][name]) for name in COMPONENTS}


def ssm_flux_uncertainties(model: str = "B16-GS98") -> dict[str, float] | None:
    """Fractional 1σ model uncertainties of :func:`ssm_fluxes`, or ``None`` if not published.

    Example:
        >>> ssm_flux_uncertainties()["8B"]
        0.12
    """
    entry = _ssm_table()["models"][_check_model(model)]["fractional_uncertainty"]
    if entry is None:
        return None
    return {name: float(entry[name]) for name in COMPONENTS}


@functools.cache
def _b8_table() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    text = _read_data("b8_spectrum_winter2006.csv")
    table = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1)
    energy, lam = table[:, 0], table[:, 1]
    return energy, lam / np.trapezoid(lam, energy)


@functools.cache
def _profile_table() -> tuple[tuple[str, ...], NDArray[np.float64]]:
    text = _read_data("bs05op_profiles.csv")
    header = text.splitlines()[0].split(",")
    return tuple(header), np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1)


# -- spectra --------------------------------------------------------------------------------
def spectrum_shape(component: str, enu_mev: ArrayLike) -> NDArray[np.float64]:
    """Unit-normalised spectrum dN/dE_ν (MeV⁻¹) of a continuous solar component.

    Args:
        component: one of :data:`CONTINUOUS_COMPONENTS`.
        enu_mev: neutrino energies in MeV (any shape, ≥ 0).

    Returns:
        dN/dE_ν in MeV⁻¹, integrating to 1; zero beyond the endpoint.

    Raises:
        InputError: for a line component (pep, ⁷Be), which has no density.

    Example:
        >>> float(spectrum_shape("pp", 0.5))
        0.0
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    name = _check_component(component)
    if name in LINE_COMPONENTS:
        raise InputError(
            "component",
            component,
            "a continuous component (" + ", ".join(CONTINUOUS_COMPONENTS) + "); pep and 7Be "
            "are lines, see Solar.lines()",
        )
    if name == "8B":
        energy, lam = _b8_table()
        return np.interp(e, energy, lam, left=0.0, right=0.0)
    z, a = _BETA_NUCLEI[name]
    return beta_neutrino_spectrum(e, ENDPOINTS_MEV[name], z, a, positron=True)


# -- solar profiles -------------------------------------------------------------------------
def electron_density_per_cm3(r_over_rsun: ArrayLike) -> NDArray[np.float64]:
    """Electron number density of the BS05(OP) solar model in cm⁻³.

    log₁₀(n_e/N_A) is interpolated linearly in radius between the tabulated zones
    (``data/bs05op_profiles.csv``); below the innermost zone (r < 4×10⁻⁴ R☉) the central value
    is used.

    Args:
        r_over_rsun: radius in solar radii, 0 ≤ r ≤ 0.35 (the tabulated production region).

    Returns:
        n_e in cm⁻³, same shape as the input.

    Example:
        >>> round(float(electron_density_per_cm3(0.0)) / 6.02214076e23, 1)
        103.0
    """
    r = as_float_array(r_over_rsun, "r_over_rsun", nonnegative=True)
    _, table = _profile_table()
    if np.any(r > table[-1, 0]):
        raise InputError("r_over_rsun", r_over_rsun, f"radii 0 ≤ r ≤ {table[-1, 0]} R☉")
    return _sc.Avogadro * 10.0 ** np.interp(r, table[:, 0], table[:, 1])


def production_distribution(component: str, r_over_rsun: ArrayLike) -> NDArray[np.float64]:
    """Probability density dF/dr (per R☉) that a neutrino of ``component`` is made at radius r.

    From the BS05(OP) production fractions (``data/bs05op_profiles.csv``), linearly
    interpolated in r and normalised to ∫ dF/dr dr = 1 over 0 ≤ r ≤ 0.35 R☉; zero outside.

    Args:
        component: one of :data:`COMPONENTS`.
        r_over_rsun: radius in solar radii (≥ 0).

    Returns:
        dF/dr in R☉⁻¹, same shape as the input.

    Example:
        >>> round(float(production_distribution("8B", 0.05)), 1)
        17.8
    """
    r = as_float_array(r_over_rsun, "r_over_rsun", nonnegative=True)
    radius, frac = _profile_column(_check_component(component))
    return np.interp(r, radius, frac, left=0.0, right=0.0)


@functools.cache
def _profile_column(name: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Tabulated radii and the production fractions of ``name`` normalised to unit integral."""
    header, table = _profile_table()
    radius, frac = table[:, 0], table[:, header.index(name)]
    # the trapezoid rule on the table nodes is the exact integral of the linear interpolant
    return radius, frac / np.trapezoid(frac, radius)


@functools.cache
def _radius_grid() -> NDArray[np.float64]:
    _, table = _profile_table()
    # 0.0029 R☉ spacing, ≈ 7 points per standard deviation of the narrowest (⁸B) production
    # peak: P_ee agrees with a 350-point grid to 3e-6 (and the array per energy stays small).
    return np.linspace(table[0, 0], table[-1, 0], 120)


@functools.cache
def _quadrature(component: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Electron densities and weights (summing to 1) of the production-radius quadrature."""
    grid = _radius_grid()
    density = production_distribution(component, grid)
    step = np.diff(grid)
    weights = np.zeros_like(grid)
    weights[:-1] += 0.5 * step * density[:-1]
    weights[1:] += 0.5 * step * density[1:]
    keep = weights > 1e-9 * weights.max()  # drop the negligible far tail
    w = weights[keep] / weights[keep].sum()
    return electron_density_per_cm3(grid[keep]), w


def _averaged_fractions(
    e: NDArray[np.float64], component: str, params: OscillationParameters | str
) -> NDArray[np.float64]:
    ne, w = _quadrature(component)
    # E → 0 is the vacuum limit; the MSW formula needs E > 0, and 1e-12 MeV is that limit to
    # machine precision (β ∝ n_e E ≈ 1e-11).
    safe = np.where(e > 0.0, e, 1e-12)
    f = msw_mass_state_fractions(safe[..., None], ne, params)  # e.shape + (K, 3)
    return np.einsum("...kj,k->...j", f, w)


#: ln E (MeV) nodes of the interpolation tables of the production-averaged MSW fractions: 1 eV
#: to 25 MeV, 32 points per e-fold. Cubic splines in ln E on them agree with the direct
#: radius quadrature to < 1e-8 absolute (tests/sources/test_solar.py), which is what makes the
#: rate engine's ~10⁴–10⁵ flux nodes affordable (the direct quadrature costs ~10 µs/energy).
_TABLE_LOG_E = np.linspace(math.log(1e-6), math.log(25.0), 32 * 18 + 1)


@functools.lru_cache(maxsize=32)
def _fraction_spline(component: str, params: OscillationParameters | str) -> Any:
    """Cubic spline in ln E of the production-averaged fractions of one component."""
    from scipy.interpolate import CubicSpline

    values = _averaged_fractions(np.exp(_TABLE_LOG_E), component, params)
    return CubicSpline(_TABLE_LOG_E, values, axis=0)


def _averaged_fractions_fast(
    e: NDArray[np.float64], component: str, params: OscillationParameters | str
) -> NDArray[np.float64]:
    """:func:`_averaged_fractions` from the cached spline table (direct outside its range)."""
    try:
        spline = _fraction_spline(component, params)
    except TypeError:  # unhashable parameters: no table
        return _averaged_fractions(e, component, params)
    log_e = np.log(np.where(e > 0.0, e, 1.0))
    inside = (e >= math.exp(_TABLE_LOG_E[0])) & (e <= math.exp(_TABLE_LOG_E[-1]))
    out = spline(np.where(inside, log_e, _TABLE_LOG_E[0]))
    if not inside.all():
        out[~inside] = _averaged_fractions(e[~inside], component, params)
    return out


def solar_mass_state_fractions(
    enu_mev: ArrayLike,
    component: str = "8B",
    params: OscillationParameters | str = NUFIT60,
) -> NDArray[np.float64]:
    """Fractions of ν₁, ν₂, ν₃ with which solar ν_e of one component arrive at Earth (day).

    Adiabatic three-flavour MSW (:func:`munu.mixing.msw_mass_state_fractions`) averaged over
    the component's production region: f_k(E) = Σ_r w(r) f_k(E, n_e(r)), with w the
    BS05(OP) production distribution on a fixed radius grid.

    Args:
        enu_mev: neutrino energies in MeV (any shape, ≥ 0; E = 0 gives the vacuum limit).
        component: one of :data:`COMPONENTS`.
        params: oscillation parameters (or the name of a set, see :mod:`munu.mixing`).

    Returns:
        Array of shape ``enu_mev.shape + (3,)``; each row sums to 1.

    Example:
        >>> import numpy as np
        >>> np.round(solar_mass_state_fractions([0.3, 10.0], "8B"), 2)
        array([[0.65, 0.32, 0.02],
               [0.08, 0.89, 0.02]])
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    return _averaged_fractions(e, _check_component(component), params)


def solar_survival_probability(
    enu_mev: ArrayLike,
    component: str = "8B",
    params: OscillationParameters | str = NUFIT60,
) -> NDArray[np.float64]:
    """Day-time ν_e survival probability of a solar component, P_ee = Σ_k |U_ek|² f_k(E).

    Three-flavour adiabatic MSW averaged over the production region (see
    :func:`solar_mass_state_fractions`); no Earth regeneration.

    Args:
        enu_mev: neutrino energies in MeV (any shape, ≥ 0).
        component: one of :data:`COMPONENTS`. The electron-density and production profiles
            are those of BS05(OP) (the B16 profiles were not transcribed; their production
            radii differ by ≲ 1 %), so P_ee does not depend on the SSM flux model.
        params: oscillation parameters (or the name of a set).

    Returns:
        P_ee, same shape as ``enu_mev``.

    Example:
        >>> round(float(solar_survival_probability(0.2, "pp")), 2)
        0.55
    """
    f = solar_mass_state_fractions(enu_mev, component, params)
    return np.sum(np.abs(pmns(params)[0]) ** 2 * f, axis=-1)


# -- the source -----------------------------------------------------------------------------
class Solar(Source):
    """Solar neutrinos at Earth from a standard solar model.

    The flux is the ν_e flux as produced (flavour ``"nue"``); how it arrives is given by
    :meth:`mass_state_fractions` (an incoherent mixture of ν₁, ν₂, ν₃; day time).

    Args:
        model: one of :data:`SSM_MODELS` (default B16-GS98).
        components: component names to include (default: all of :data:`COMPONENTS`).
        params: oscillation parameters for the arrival composition.

    Example:
        >>> sun = Solar(components=["7Be", "pep"])
        >>> [line.label for line in sun.lines()]
        ['pep', '7Be-862', '7Be-384']
        >>> round(sun.total_flux() / 1e9, 4)
        5.074
    """

    flavours = ("nue",)
    baseline_m = None

    def __init__(
        self,
        model: str = "B16-GS98",
        components: Iterable[str] | None = None,
        params: OscillationParameters | str = NUFIT60,
    ) -> None:
        self.model = _check_model(model)
        if components is None:
            chosen: tuple[str, ...] = COMPONENTS
        else:
            if isinstance(components, str):
                raise InputError("components", components, "a list of component names")
            names = [_check_component(c) for c in components]
            if not names:
                raise InputError("components", components, "at least one component name")
            chosen = tuple(c for c in COMPONENTS if c in names)
        self.components: tuple[str, ...] = chosen
        self.params = params
        pmns(params)  # validate now rather than at first use
        all_fluxes = ssm_fluxes(self.model)
        self._fluxes = {c: all_fluxes[c] for c in chosen}

    def __repr__(self) -> str:
        return f"Solar(model={self.model!r}, components={list(self.components)!r})"

    # -- fluxes -----------------------------------------------------------------------
    def component_total_flux(self, component: str) -> float:
        """Total flux of one (selected) component in cm⁻² s⁻¹."""
        name = check_choice(component, "component", self.components)
        return self._fluxes[name]

    def component_flux(self, component: str, enu_mev: ArrayLike) -> NDArray[np.float64]:
        """dΦ/dE_ν of one continuous component in cm⁻² s⁻¹ MeV⁻¹.

        Example:
            >>> round(float(Solar().component_flux("8B", 6.5)) / 1e5, 3)
            7.16
        """
        name = check_choice(component, "component", self.components)
        return self._fluxes[name] * spectrum_shape(name, enu_mev)

    def _continuous(self) -> tuple[str, ...]:
        return tuple(c for c in self.components if c in CONTINUOUS_COMPONENTS)

    def _continuous_flux(self, enu_mev: NDArray[np.float64], flavour: str) -> NDArray[np.float64]:
        out = np.zeros_like(enu_mev)
        for name in self._continuous():  # at most six components, each vectorised
            out = out + self._fluxes[name] * spectrum_shape(name, enu_mev)
        return out

    def energy_range_mev(self, flavour: str | None = None) -> tuple[float, float]:
        """(0, largest endpoint of the selected continuous components) in MeV."""
        ends = [ENDPOINTS_MEV[c] for c in self._continuous()]
        return (0.0, max(ends)) if ends else (0.0, 0.0)

    def breakpoints_mev(self, flavour: str) -> tuple[float, ...]:
        """Endpoints of the selected continuous components and, with ⁸B, the energies of the
        tabulated Winter et al. (2006) spectrum (linear interpolation kinks there)."""
        self._resolve(flavour)
        pts = [ENDPOINTS_MEV[c] for c in self._continuous()]
        if "8B" in self._continuous():
            pts.extend(float(e) for e in _b8_table()[0])
        return tuple(sorted(set(pts)))

    def lines(self, flavour: str | None = None) -> tuple[Line, ...]:
        """The pep line and the two ⁷Be lines (those selected)."""
        self._resolve(flavour)
        out: list[Line] = []
        if "pep" in self._fluxes:
            out.append(Line(PEP_ENERGY_MEV, self._fluxes["pep"], "nue", "pep"))
        if "7Be" in self._fluxes:
            out.extend(Line(e, self._fluxes["7Be"] * b, "nue", lab) for e, b, lab in BE7_LINES)
        return tuple(out)

    def total_flux(self, flavour: str | None = None) -> float:
        """Total flux in cm⁻² s⁻¹: the sum of the selected component fluxes (exact)."""
        self._resolve(flavour)
        return float(math.fsum(self._fluxes.values()))

    # -- arrival as mass states ---------------------------------------------------------
    def component_mass_state_fractions(
        self, component: str, enu_mev: ArrayLike
    ) -> NDArray[np.float64]:
        """ν₁, ν₂, ν₃ fractions of one component at Earth; shape ``enu_mev.shape + (3,)``."""
        name = check_choice(component, "component", self.components)
        return solar_mass_state_fractions(enu_mev, name, self.params)

    def line_mass_state_fractions(self, line: Line) -> NDArray[np.float64]:
        """ν₁, ν₂, ν₃ fractions of a line from :meth:`lines`; shape (3,).

        Example:
            >>> sun = Solar()
            >>> [round(float(x), 2) for x in sun.line_mass_state_fractions(sun.lines()[1])]
            [0.61, 0.36, 0.02]
        """
        return self.component_mass_state_fractions(self._line_component(line), line.energy_mev)

    @staticmethod
    def _line_component(line: Line) -> str:
        if line.label == "pep":
            return "pep"
        if line.label in {lab for _, _, lab in BE7_LINES}:
            return "7Be"
        raise InputError("line", line, "a Line returned by Solar.lines()")

    def mass_state_fractions(self, enu_mev: ArrayLike) -> NDArray[np.float64]:
        """Flux-weighted ν₁, ν₂, ν₃ fractions at Earth; shape ``enu_mev.shape + (3,)``.

        At each energy the continuous components are weighted by their dΦ/dE_ν. At the energy
        of a line (pep, ⁷Be; to 1 part in 10⁹) the line's own fractions are returned, because a
        line carries a finite flux at a single energy. Where no selected component emits
        (e.g. beyond all endpoints) the fractions are weighted by the total component fluxes,
        so the result is defined everywhere and sums to 1.

        Example:
            >>> f = Solar().mass_state_fractions([0.2, 8.0])
            >>> [round(float(x), 3) for x in f.sum(axis=-1)]
            [1.0, 1.0]
        """
        e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
        names = self.components
        fractions = np.stack([_averaged_fractions_fast(e, c, self.params) for c in names], axis=-2)
        weights = np.stack(
            [
                self._fluxes[c] * spectrum_shape(c, e)
                if c in CONTINUOUS_COMPONENTS
                else np.zeros_like(e)
                for c in names
            ],
            axis=-1,
        )
        total = weights.sum(axis=-1, keepdims=True)
        fallback = np.array([self._fluxes[c] for c in names])
        weights = np.where(total > 0.0, weights, fallback)
        out = np.einsum("...c,...cj->...j", weights, fractions) / weights.sum(
            axis=-1, keepdims=True
        )
        for line in self.lines():
            at_line = np.isclose(e, line.energy_mev, rtol=1e-9, atol=0.0)
            if np.any(at_line):
                comp = self._line_component(line)
                out = np.where(at_line[..., None], fractions[..., names.index(comp), :], out)
        return out
