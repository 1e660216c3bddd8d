"""Nuclear power reactors as ν̄_e sources.

A reactor emits ν̄_e from the β decays of fission products and from the two β decays that
follow neutron capture on ²³⁸U, ²³⁸U(n,γ)²³⁹U → ²³⁹Np → ²³⁹Pu. The spectrum per fission is

    S(E) = Σ_i f_i S_i(E) + c · S_cap(E)

with f_i the fission fractions of ²³⁵U, ²³⁸U, ²³⁹Pu, ²⁴¹Pu, S_i the fission-product spectrum
of isotope i, c the number of ²³⁸U captures per fission and S_cap the ²³⁹U + ²³⁹Np spectrum per
capture (two ν̄ per capture). The flux at distance L from a core of thermal power P is

    dΦ/dE = on_fraction · (P / Σ_i f_i E_i) · S(E) / (4π L²),

with E_i the thermal energy released per fission of isotope i (Kopeikin, Mikaelyan & Sinev,
Phys. At. Nucl. 67 (2004) 1892, hep-ph/0410100).

Which model to use when
-----------------------

*Above 2 MeV* (inverse β decay, CEvNS at high thresholds) the fission-product spectra are the
exp-polynomial fits, selected with ``model=``:

* ``"huber-mueller"`` (default): Huber, PRC 84 (2011) 024617 for ²³⁵U, ²³⁹Pu, ²⁴¹Pu and
  Mueller et al., PRC 83 (2011) 054615 for ²³⁸U;
* ``"mueller2011"``: Mueller et al. 2011 for all four isotopes;
* ``"vogel-engel1989"``: Vogel & Engel, PRD 39 (1989) 3378 (exp-quadratic).

They are valid for 2–8 MeV; they are continued to :data:`E_MAX_MEV` = 10 MeV (< 0.1 % of the
ν̄) and are zero above.

*Below 2 MeV* (which dominates magnetic scattering at keV thresholds: about 5 of the ≈ 7 ν̄
per fission) the fits diverge, so a low-energy model is chosen with ``low_energy=``
(default :data:`DEFAULT_LOW_ENERGY` = ``"kopeikin2012"``):

* ``"kopeikin2012"`` (default): the calculated total reactor spectrum of Kopeikin, Phys. At.
  Nucl. 75 (2012) 143, tabulated below 2 MeV (``data/kopeikin2012_spectrum.csv``): the
  published low-energy table, 6.68 ν̄ per fission in total. It already contains the ²³⁸U
  capture ν̄, so ``captures_per_fission`` does not add to it; it is a *total* for a fixed
  typical PWR fuel and does not follow ``fission_fractions`` below 2 MeV (no per-isotope
  low-energy table is shipped: munu has not found one it can cite and check). It joins the
  exp-polynomial mixture at 2 MeV with a step of ≈ 4 % (1.30 against 1.25 for the default
  fractions).

* ``"matched"``: built here, an option for fuel studies (it follows the fission fractions).
  The fission-product spectrum of each isotope is continued below
  :data:`MATCH_ENERGY_MEV` = 2 MeV as

      S_i(E) = S_i(E_m) · exp[κ (x − 1) + c (x − 1)²] · R(x)/R(1),   x = E/E_m,
      R(x) = 1 − (1 + x/x_r) e^{−x/x_r},   x_r = E_r/E_m,

  i.e. the continuation of the fit's logarithm with value and slope continuous at E_m (which
  fixes κ), times a phase-space onset R ∝ E² as E → 0 (every β branch's ν̄ spectrum starts as
  E²) with scale :data:`ONSET_ENERGY_MEV` E_r = 0.1 MeV, chosen by eye so that the shape
  follows the fission-product part of Kopeikin's summation spectrum. The curvature c of the
  logarithm (|c| < 1 for all fits) is fixed by the number of ν̄ per fission from fission
  products, ``fission_product_nu_per_fission`` (default 6.0: about six β decays bring the two
  fragments to stability; physics-facts §3, status R — the same for every isotope, which is
  why it is no longer the default). The capture ν̄ are added from the ENSDF β branches of
  ²³⁹U and ²³⁹Np (:func:`capture_spectrum`) times ``captures_per_fission`` (default 0.6,
  typical PWR, 0.5–0.7 with burn-up; verified-reference-data §7.2, status R). Totals: 6 + 1.2
  ν̄ per fission. Against Kopeikin 2012 this model holds 13–22 % more ν̄ at 0.3–0.5 MeV and
  gives ≈ +8 % in TEXONO's 12–60 keV magnetic rate; it is three times lower below 0.04 MeV,
  where the table has the ¹⁰⁶Ru branch with its 39 keV endpoint.

Both low-energy models give the review's ≈ 7 ν̄ per fission (6.7 and 7.2), and the Kuo-Sheng
and Kalinin fluxes quoted by TEXONO and GEMMA (6.4×10¹² and 2.7×10¹³ cm⁻² s⁻¹) to −7 %
(``"kopeikin2012"``, 6.5 % and 7 % low) and 1 % (``"matched"``). The report tabulates how
much the choice moves each reactor card's expected limit.

Example:
    >>> from munu.sources.reactor import Reactor
    >>> kuo_sheng = Reactor(thermal_power_gw=2.9, distance_m=28.0)
    >>> f"{kuo_sheng.total_flux():.2e}"   # TEXONO quotes 6.4e12 (see the note above)
    '5.98e+12'
    >>> round(kuo_sheng.neutrinos_per_fission().total, 2)   # Kopeikin 2012 table
    6.68
    >>> y = Reactor(2.9, 28.0, low_energy="matched").neutrinos_per_fission()
    >>> round(y.fission_products, 3), round(y.capture, 3)
    (6.0, 1.2)
"""

from __future__ import annotations

import functools
import importlib.resources
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import yaml
from numpy.typing import ArrayLike, NDArray
from scipy import constants as _sc
from scipy import optimize

from munu._validate import as_float, as_float_array, check_choice
from munu.errors import DataError, InputError, UnknownNameError
from munu.sources.base import Source
from munu.sources.beta import BetaBranch, branches_neutrino_spectrum

__all__ = [
    "CAPTURE_BRANCHES_NP239",
    "CAPTURE_BRANCHES_U239",
    "DEFAULT_FISSION_FRACTIONS",
    "DEFAULT_LOW_ENERGY",
    "ENERGY_PER_FISSION_MEV",
    "E_MAX_MEV",
    "ISOTOPES",
    "LOW_ENERGY_MODELS",
    "MATCH_ENERGY_MEV",
    "MODELS",
    "ONSET_ENERGY_MEV",
    "NeutrinoYield",
    "Reactor",
    "capture_spectrum",
    "fission_product_spectrum",
    "fission_rate_per_s",
    "kopeikin2012_spectrum",
    "kopeikin2012_table",
    "parametrised_spectrum",
]

#: Fissioning isotopes, as keys of ``fission_fractions``.
ISOTOPES: tuple[str, ...] = ("U235", "U238", "Pu239", "Pu241")
#: Fission-product spectrum models (``model=``); coefficients in ``data/reactor_coefficients.yaml``.
MODELS: tuple[str, ...] = ("huber-mueller", "mueller2011", "vogel-engel1989")
#: Low-energy models (``low_energy=``), see the module docstring.
LOW_ENERGY_MODELS: tuple[str, ...] = ("kopeikin2012", "matched")
#: Default low-energy model: the published Kopeikin 2012 table (issue 15; "matched" before).
DEFAULT_LOW_ENERGY: str = "kopeikin2012"
#: Energy below which the exp-polynomial fits are replaced by the low-energy model (MeV).
MATCH_ENERGY_MEV: float = 2.0
#: Upper end of the reactor spectrum in munu (MeV); the fits are valid up to 8 MeV.
E_MAX_MEV: float = 10.0
#: Onset scale E_r of the ``"matched"`` continuation in MeV (see the module docstring).
ONSET_ENERGY_MEV: float = 0.1

#: Thermal energy released per fission in MeV: Kopeikin, Mikaelyan & Sinev, Phys. At. Nucl.
#: 67 (2004) 1892, hep-ph/0410100 (verified-reference-data §7.1).
ENERGY_PER_FISSION_MEV: Mapping[str, float] = MappingProxyType(
    {"U235": 201.92, "U238": 205.52, "Pu239": 209.99, "Pu241": 213.60}
)
#: Typical mid-cycle PWR fission fractions (physics-facts §3: 0.58/0.30/0.07/0.05 as used in
#: public reactor scripts; the "Kopeikin'04" set 0.59/0.29/0.07/0.05 of
#: bglenardo/CENNSCalculations, ReactorSpectra.py, differs by 0.01).
DEFAULT_FISSION_FRACTIONS: Mapping[str, float] = MappingProxyType(
    {"U235": 0.58, "U238": 0.07, "Pu239": 0.30, "Pu241": 0.05}
)

_FRACTION_TOLERANCE = 1e-6
_DEFAULT_FP_NU_PER_FISSION = 6.0
_DEFAULT_CAPTURES_PER_FISSION = 0.6
_MEV_J = _sc.electron_volt * 1e6
_MAX_CURVATURE = 2.0  # |c| bound of the "matched" continuation (the fits need |c| < 1)
_STEP_PAIR_MAX_MEV = 0.0055  # table points ≤ 5 keV apart bracket an endpoint step

# ENSDF β⁻ branches (verified-reference-data §7.3, from the ENSDF data sets in paceENSDF 0.6.3),
# E₀ = Q − E_level with ENSDF Q-values. The two first-forbidden branches (²³⁹U → 74.66 keV and
# 117.7 keV; ²³⁹Np → 391.6 keV) are non-unique (log ft 5.9–7.4, typical of non-unique
# transitions; ENSDF does not mark them unique) and take the allowed shape (ξ approximation,
# see munu.sources.beta). Intensities are renormalised so that each decay gives one ν̄ (both
# nuclides decay 100 % β⁻; the listed branches sum to 100.13 % and 99.7 %).
_Q_U239_MEV = 1.2615  # ENSDF 1261.5 ± 1.6 keV (AME2020: 1261.66 keV)
_Q_NP239_MEV = 0.7225  # ENSDF 722.5 ± 1.0 keV (AME2020: 722.79 keV)
_U239_LEVELS = (  # (E_level MeV, I_β %)
    (0.0, 18.7),
    (0.031131, 9.4),
    (0.074664, 69.0),
    (0.117715, 1.96),
    (0.66226, 0.30),
    (0.81921, 0.27),
    (0.84407, 0.26),
    (0.96421, 0.24),
)
_NP239_LEVELS = (
    (0.007861, 2.0),
    (0.285460, 45.0),
    (0.330125, 7.0),
    (0.391586, 44.0),
    (0.511810, 1.70),
)


def _branches(
    q_mev: float, levels: tuple[tuple[float, float], ...], z_daughter: int
) -> tuple[BetaBranch, ...]:
    total = sum(i for _, i in levels)
    return tuple(BetaBranch(q_mev - e, i / total, z_daughter, 239) for e, i in levels)


#: ²³⁹U → ²³⁹Np β⁻ branches (ENSDF, intensities normalised to one decay).
CAPTURE_BRANCHES_U239: tuple[BetaBranch, ...] = _branches(_Q_U239_MEV, _U239_LEVELS, 93)
#: ²³⁹Np → ²³⁹Pu β⁻ branches (ENSDF, intensities normalised to one decay).
CAPTURE_BRANCHES_NP239: tuple[BetaBranch, ...] = _branches(_Q_NP239_MEV, _NP239_LEVELS, 94)


# -- data ----------------------------------------------------------------------------------
def _data_text(name: str) -> str:
    return (importlib.resources.files("munu") / "sources" / "data" / name).read_text("utf-8")


@functools.lru_cache(maxsize=1)
def _coefficients() -> dict[str, dict[str, tuple[float, ...]]]:
    raw = yaml.safe_load(_data_text("reactor_coefficients.yaml"))
    out: dict[str, dict[str, tuple[float, ...]]] = {}
    for model in MODELS:
        coeffs = raw["models"][model]["coefficients"]
        if set(coeffs) != set(ISOTOPES):
            raise DataError(f"reactor_coefficients.yaml: model {model!r} lacks an isotope")
        out[model] = {iso: tuple(float(a) for a in coeffs[iso]) for iso in ISOTOPES}
    return out


def kopeikin2012_table() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The Kopeikin 2012 total reactor spectrum as shipped (``data/kopeikin2012_spectrum.csv``).

    Source: V.I. Kopeikin, Phys. At. Nucl. 75 (2012) 143 (secondary digitised copy, see the
    sidecar ``kopeikin2012_spectrum.md`` and verified-reference-data §7.4).

    Returns:
        (energy in MeV, ν̄_e MeV⁻¹ fission⁻¹, relative uncertainty in % or NaN), copies.

    Example:
        >>> e, s, _ = kopeikin2012_table()
        >>> float(e[0]), float(s[0])
        (0.01, 0.0774)
    """
    e, s, u = _kopeikin_arrays()
    return e.copy(), s.copy(), u.copy()


@functools.lru_cache(maxsize=1)
def _kopeikin_arrays() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    table = np.genfromtxt(
        io.StringIO(_data_text("kopeikin2012_spectrum.csv")), delimiter=",", skip_header=1
    )
    e, s, u = table[:, 0], table[:, 1], table[:, 2]
    if np.any(np.diff(e) <= 0) or np.any(s <= 0):
        raise DataError("kopeikin2012_spectrum.csv: energies must increase, values be > 0")
    return e, s, u


@functools.lru_cache(maxsize=1)
def _kopeikin_knots() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Knots for piecewise-linear interpolation with steps at the midpoints of close pairs.

    A pair (E_a, E_b) with E_b − E_a ≤ 5 keV becomes knots E_a, m, m, E_b (m the midpoint) with
    values S_a, S_a, S_b, S_b: flat on either side of the step, never interpolated across it.
    """
    e, s, _ = _kopeikin_arrays()
    below = e <= MATCH_ENERGY_MEV
    e, s = e[below], s[below]
    xs, ys = [float(e[0])], [float(s[0])]
    for k in range(1, e.size):  # table construction, once
        if e[k] - e[k - 1] <= _STEP_PAIR_MAX_MEV:
            mid = 0.5 * (e[k] + e[k - 1])
            xs += [mid, mid]
            ys += [float(s[k - 1]), float(s[k])]
        xs.append(float(e[k]))
        ys.append(float(s[k]))
    return np.asarray(xs), np.asarray(ys)


def kopeikin2012_spectrum(enu_mev: ArrayLike) -> NDArray[np.float64]:
    """Kopeikin 2012 total reactor ν̄_e spectrum in ν̄ MeV⁻¹ fission⁻¹ (includes ²³⁸U capture).

    Piecewise-linear in E between table points below 2 MeV with steps at the endpoint pairs
    (never interpolated across them), ∝ E² below the first point (0.01 MeV), log-linear between
    the sparse points above 2 MeV, zero above the last point (8 MeV).

    Args:
        enu_mev: ν̄ energies in MeV (≥ 0).

    Returns:
        Spectrum per fission of the table's fuel mixture, same shape as ``enu_mev``.

    Example:
        >>> kopeikin2012_spectrum([0.005, 0.3, 0.437, 0.438]).round(4).tolist()
        [0.0194, 5.406, 4.39, 2.84]
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    xk, yk = _kopeikin_knots()
    te, ts, _ = _kopeikin_arrays()
    low = np.interp(e, xk, yk)
    first = yk[0] * (e / xk[0]) ** 2
    above = te >= MATCH_ENERGY_MEV
    high = np.exp(np.interp(e, te[above], np.log(ts[above])))
    out = np.where(e < xk[0], first, np.where(e <= MATCH_ENERGY_MEV, low, high))
    return np.where(e <= te[-1], out, 0.0)


def _kopeikin_integral_below(e_hi: float) -> float:
    """∫₀^{e_hi} of the interpolated table (exact: E² part plus trapezoids), e_hi ≤ 2 MeV."""
    xk, yk = _kopeikin_knots()
    keep = xk < e_hi
    x = np.concatenate([xk[keep], [e_hi]])
    y = np.concatenate([yk[keep], [np.interp(e_hi, xk, yk)]])
    return float(yk[0] * xk[0] / 3.0 + np.sum(0.5 * (y[1:] + y[:-1]) * np.diff(x)))


# -- fission-product spectra ---------------------------------------------------------------
def _poly(model: str, isotope: str) -> np.polynomial.Polynomial:
    return np.polynomial.Polynomial(_coefficients()[model][isotope])


def parametrised_spectrum(
    enu_mev: ArrayLike, isotope: str, model: str = "huber-mueller"
) -> NDArray[np.float64]:
    """The bare exp-polynomial fit S(E) = exp(Σ a_k E^k) per fission of ``isotope``.

    Returned on [:data:`MATCH_ENERGY_MEV`, :data:`E_MAX_MEV`] and zero elsewhere: the fits are
    valid on 2–8 MeV only (see ``data/reactor_coefficients.md``).

    Args:
        enu_mev: ν̄ energies in MeV.
        isotope: one of :data:`ISOTOPES`.
        model: one of :data:`MODELS`.

    Returns:
        ν̄_e MeV⁻¹ fission⁻¹.

    Example:
        >>> round(float(parametrised_spectrum(3.0, "U235")), 4)
        0.6558
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    check_choice(isotope, "isotope", ISOTOPES)
    check_choice(model, "model", MODELS)
    inside = (e >= MATCH_ENERGY_MEV) & (e <= E_MAX_MEV)
    return np.where(inside, np.exp(_poly(model, isotope)(np.where(inside, e, 0.0))), 0.0)


_GL_X, _GL_W = np.polynomial.legendre.leggauss(24)


def _gauss(
    func: Callable[[NDArray[np.float64]], NDArray[np.float64]], edges: NDArray[np.float64]
) -> float:
    a, b = edges[:-1, None], edges[1:, None]
    pts = 0.5 * (b - a) * _GL_X + 0.5 * (b + a)
    return float(np.sum(0.5 * (b - a) * _GL_W * func(pts)))


@functools.lru_cache(maxsize=64)
def _high_integral(model: str, isotope: str) -> float:
    """ν̄ per fission above the matching energy (smooth integrand, 24-point Gauss on 16 panels)."""
    poly = _poly(model, isotope)
    return _gauss(lambda x: np.exp(poly(x)), np.linspace(MATCH_ENERGY_MEV, E_MAX_MEV, 17))


def _onset(x: NDArray[np.float64] | float, xr: float) -> NDArray[np.float64] | float:
    """R(x) = 1 − (1 + x/x_r) e^{−x/x_r}: ∝ x² for x ≪ x_r, → 1 for x ≫ x_r."""
    return -np.expm1(-x / xr) - (x / xr) * np.exp(-x / xr)


# Composite Gauss–Legendre nodes on [0, 1] for the continuation, refined towards x = 0 where
# the onset varies on the scale x_r = ONSET_ENERGY_MEV / MATCH_ENERGY_MEV = 0.05.
_X_EDGES = np.concatenate(([0.0], np.geomspace(1e-4, 1.0, 41)))
_X_NODES = (
    0.5 * np.diff(_X_EDGES)[:, None] * _GL_X + 0.5 * (_X_EDGES[1:] + _X_EDGES[:-1])[:, None]
).ravel()
_X_WEIGHTS = (0.5 * np.diff(_X_EDGES)[:, None] * _GL_W).ravel()


def _continuation(x: NDArray[np.float64], kappa: float, curvature: float) -> NDArray[np.float64]:
    """S(E)/S(E_m) below the matching point, x = E/E_m ∈ [0, 1]."""
    xr = ONSET_ENERGY_MEV / MATCH_ENERGY_MEV
    u = x - 1.0
    return np.exp(kappa * u + curvature * u * u) * _onset(x, xr) / _onset(1.0, xr)


@functools.lru_cache(maxsize=64)
def _matched_parameters(
    model: str, isotope: str, nu_per_fission: float
) -> tuple[float, float, float]:
    """(S(E_m), κ, c) of the low-energy continuation of one isotope's fit."""
    poly = _poly(model, isotope)
    s_m = float(np.exp(poly(MATCH_ENERGY_MEV)))
    xr = ONSET_ENERGY_MEV / MATCH_ENERGY_MEV
    # d ln S / dx at x = 1 from the fit, minus the onset's own log-slope there
    onset_slope = math.exp(-1.0 / xr) / (xr * xr * float(_onset(1.0, xr)))
    kappa = float(poly.deriv()(MATCH_ENERGY_MEV)) * MATCH_ENERGY_MEV - onset_slope
    high = _high_integral(model, isotope)
    wanted = (nu_per_fission - high) / (s_m * MATCH_ENERGY_MEV)

    def excess(curvature: float) -> float:  # increases monotonically with the curvature
        return float(np.sum(_X_WEIGHTS * _continuation(_X_NODES, kappa, curvature))) - wanted

    lo, hi = -_MAX_CURVATURE, _MAX_CURVATURE
    if not excess(lo) < 0.0 < excess(hi):
        reach = [high + (excess(c) + wanted) * s_m * MATCH_ENERGY_MEV for c in (lo, hi)]
        raise InputError(
            "fission_product_nu_per_fission",
            nu_per_fission,
            f"between {reach[0]:.3f} and {reach[1]:.3f} for the {model!r} {isotope} fit "
            f"(|curvature| ≤ {_MAX_CURVATURE:g} below {MATCH_ENERGY_MEV} MeV)",
        )
    curvature = optimize.brentq(excess, lo, hi, xtol=1e-13, rtol=1e-13)
    return s_m, kappa, curvature


def fission_product_spectrum(
    enu_mev: ArrayLike,
    isotope: str,
    model: str = "huber-mueller",
    *,
    fission_product_nu_per_fission: float = _DEFAULT_FP_NU_PER_FISSION,
) -> NDArray[np.float64]:
    """Fission-product ν̄_e spectrum per fission of ``isotope`` on the full range 0–10 MeV.

    The exp-polynomial fit of ``model`` above 2 MeV, continued below by the ``"matched"``
    low-energy model of the module docstring (continuous value and slope at 2 MeV, ∝ E² at
    E → 0, integral fixed to ``fission_product_nu_per_fission``). The ²³⁸U capture ν̄ are not
    included (see :func:`capture_spectrum`).

    Args:
        enu_mev: ν̄ energies in MeV.
        isotope: one of :data:`ISOTOPES`.
        model: one of :data:`MODELS`.
        fission_product_nu_per_fission: ν̄ per fission from fission products (default 6); must be
            reachable with a curvature |c| ≤ 2 (4.5–9.4 works for every fit), else
            :class:`~munu.errors.InputError`.

    Returns:
        ν̄_e MeV⁻¹ fission⁻¹, zero above :data:`E_MAX_MEV`.

    Example:
        >>> s = fission_product_spectrum([1.999999, 2.0, 0.0], "U235")
        >>> bool(abs(s[0] / s[1] - 1) < 1e-5), float(s[2])
        (True, 0.0)
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    check_choice(isotope, "isotope", ISOTOPES)
    check_choice(model, "model", MODELS)
    nu = as_float(fission_product_nu_per_fission, "fission_product_nu_per_fission", positive=True)
    s_m, kappa, curvature = _matched_parameters(model, isotope, nu)
    low = s_m * _continuation(np.minimum(e / MATCH_ENERGY_MEV, 1.0), kappa, curvature)
    return np.where(e < MATCH_ENERGY_MEV, low, parametrised_spectrum(e, isotope, model))


def capture_spectrum(enu_mev: ArrayLike) -> NDArray[np.float64]:
    """ν̄_e per ²³⁸U neutron capture per MeV: ²³⁹U (T½ 23.45 min) + ²³⁹Np (T½ 2.356 d) β⁻ decays.

    Sum of the ENSDF β branches :data:`CAPTURE_BRANCHES_U239` and :data:`CAPTURE_BRANCHES_NP239`
    with allowed shapes and Fermi functions (:mod:`munu.sources.beta`); integrates to 2 ν̄ per
    capture (both decays in equilibrium with the capture rate).

    Args:
        enu_mev: ν̄ energies in MeV.

    Returns:
        ν̄_e MeV⁻¹ capture⁻¹; zero above Q(²³⁹U) = 1.2615 MeV.

    Example:
        >>> e = np.linspace(0.0, 1.3, 20001)
        >>> round(float(np.trapezoid(capture_spectrum(e), e)), 3)
        2.0
    """
    e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
    return branches_neutrino_spectrum(e, CAPTURE_BRANCHES_U239) + branches_neutrino_spectrum(
        e, CAPTURE_BRANCHES_NP239
    )


def fission_rate_per_s(
    thermal_power_gw: float,
    fission_fractions: Mapping[str, float] | None = None,
    energy_per_fission_mev: Mapping[str, float] | None = None,
) -> float:
    """Fissions per second of a core of thermal power P: P / Σ_i f_i E_i.

    Args:
        thermal_power_gw: thermal power in GW (≥ 0).
        fission_fractions: fractions of fissions per isotope (default
            :data:`DEFAULT_FISSION_FRACTIONS`); must sum to 1 within 1e-6.
        energy_per_fission_mev: energy per fission per isotope (default
            :data:`ENERGY_PER_FISSION_MEV`, Kopeikin 2004).

    Returns:
        Fissions per second.

    Example:
        >>> f"{fission_rate_per_s(1.0, {'U235': 1.0}):.4e}"
        '3.0911e+19'
    """
    power = as_float(thermal_power_gw, "thermal_power_gw", nonnegative=True)
    fractions = _check_fractions(fission_fractions)
    energies = _check_energies(energy_per_fission_mev)
    mean_mev = sum(fractions[i] * energies[i] for i in ISOTOPES)
    return power * 1e9 / (mean_mev * _MEV_J)


def _check_fractions(fractions: Mapping[str, float] | None) -> dict[str, float]:
    if fractions is None:
        return dict(DEFAULT_FISSION_FRACTIONS)
    if not isinstance(fractions, Mapping):
        raise InputError("fission_fractions", fractions, "a mapping isotope → fraction")
    for key in fractions:
        if key not in ISOTOPES:
            raise UnknownNameError("fission_fractions", key, ISOTOPES)
    out = dict.fromkeys(ISOTOPES, 0.0)
    for key, value in fractions.items():
        out[key] = as_float(value, f"fission_fractions[{key!r}]", nonnegative=True)
    total = sum(out.values())
    if abs(total - 1.0) > _FRACTION_TOLERANCE:
        raise InputError(
            "fission_fractions", dict(fractions), f"fractions summing to 1 (±1e-6), got {total:.8g}"
        )
    return out


def _check_energies(energies: Mapping[str, float] | None) -> dict[str, float]:
    if energies is None:
        return dict(ENERGY_PER_FISSION_MEV)
    if not isinstance(energies, Mapping):
        raise InputError("energy_per_fission_mev", energies, "a mapping isotope → MeV")
    out = dict(ENERGY_PER_FISSION_MEV)
    for key, value in energies.items():
        if key not in ISOTOPES:
            raise UnknownNameError("energy_per_fission_mev", key, ISOTOPES)
        out[key] = as_float(value, f"energy_per_fission_mev[{key!r}]", positive=True)
    return out


# -- the source ----------------------------------------------------------------------------
@dataclass(frozen=True)
class NeutrinoYield:
    """ν̄_e per fission, split by origin.

    Attributes:
        fission_products: ν̄ per fission from fission-product β decays.
        capture: ν̄ per fission from ²³⁹U and ²³⁹Np after ²³⁸U(n,γ).
        total: the sum.
    """

    fission_products: float
    capture: float
    total: float


class Reactor(Source):
    """A power reactor: isotropic point source of ν̄_e at ``distance_m`` from the detector.

    Args:
        thermal_power_gw: thermal power in GW (≥ 0).
        distance_m: core-detector distance in m (> 0).
        fission_fractions: fraction of fissions per isotope (keys in :data:`ISOTOPES`; missing
            keys are 0; must sum to 1 within 1e-6). Default :data:`DEFAULT_FISSION_FRACTIONS`.
        model: fission-product fit above 2 MeV, one of :data:`MODELS`.
        low_energy: model below 2 MeV, one of :data:`LOW_ENERGY_MODELS` (default
            :data:`DEFAULT_LOW_ENERGY`, the published Kopeikin 2012 table).
        captures_per_fission: ²³⁸U(n,γ) captures per fission (≥ 0), each giving two ν̄.
            Added to the spectrum for ``low_energy="matched"``; for ``"kopeikin2012"`` the
            table already contains them and this number only splits
            :meth:`neutrinos_per_fission` into its parts.
        fission_product_nu_per_fission: ν̄ per fission from fission products fixing the
            ``"matched"`` continuation (default 6).
        energy_per_fission_mev: overrides of :data:`ENERGY_PER_FISSION_MEV` per isotope.
        on_fraction: time-averaged fraction of time at full power (duty factor, 0–1); the
            flux is the average over ON and OFF periods. Use 1 for reactor-ON spectra.

    Example:
        >>> r = Reactor(3.0, 13.9)   # Kalinin unit, GEMMA position
        >>> f"{r.total_flux():.2e}", r.baseline_m, r.flavours
        ('2.51e+13', 13.9, ('nuebar',))
    """

    flavours = ("nuebar",)

    def __init__(
        self,
        thermal_power_gw: float,
        distance_m: float,
        fission_fractions: Mapping[str, float] | None = None,
        model: str = "huber-mueller",
        low_energy: str = DEFAULT_LOW_ENERGY,
        captures_per_fission: float = _DEFAULT_CAPTURES_PER_FISSION,
        *,
        fission_product_nu_per_fission: float = _DEFAULT_FP_NU_PER_FISSION,
        energy_per_fission_mev: Mapping[str, float] | None = None,
        on_fraction: float = 1.0,
    ) -> None:
        self.thermal_power_gw = as_float(thermal_power_gw, "thermal_power_gw", nonnegative=True)
        self.distance_m = as_float(distance_m, "distance_m", positive=True)
        self.fission_fractions: Mapping[str, float] = MappingProxyType(
            _check_fractions(fission_fractions)
        )
        self.model = check_choice(model, "model", MODELS)
        self.low_energy = check_choice(low_energy, "low_energy", LOW_ENERGY_MODELS)
        self.captures_per_fission = as_float(
            captures_per_fission, "captures_per_fission", nonnegative=True
        )
        self.fission_product_nu_per_fission = as_float(
            fission_product_nu_per_fission, "fission_product_nu_per_fission", positive=True
        )
        self.energy_per_fission_mev: Mapping[str, float] = MappingProxyType(
            _check_energies(energy_per_fission_mev)
        )
        self.on_fraction = as_float(on_fraction, "on_fraction", nonnegative=True)
        if self.on_fraction > 1.0:
            raise InputError("on_fraction", on_fraction, "a fraction between 0 and 1")
        self.baseline_m = self.distance_m
        if self.low_energy == "matched":  # fail early if the continuation cannot be built
            for iso in ISOTOPES:
                _matched_parameters(self.model, iso, self.fission_product_nu_per_fission)

    def __repr__(self) -> str:
        fr = ", ".join(f"{k}={v:g}" for k, v in self.fission_fractions.items() if v)
        return (
            f"Reactor(thermal_power_gw={self.thermal_power_gw:g}, distance_m={self.distance_m:g},"
            f" fission_fractions=({fr}), model={self.model!r}, low_energy={self.low_energy!r},"
            f" captures_per_fission={self.captures_per_fission:g},"
            f" on_fraction={self.on_fraction:g})"
        )

    # -- rates ------------------------------------------------------------------------------
    @property
    def mean_energy_per_fission_mev(self) -> float:
        """Σ_i f_i E_i in MeV."""
        return sum(self.fission_fractions[i] * self.energy_per_fission_mev[i] for i in ISOTOPES)

    @property
    def fissions_per_second(self) -> float:
        """Fission rate at full power (not multiplied by ``on_fraction``)."""
        return self.thermal_power_gw * 1e9 / (self.mean_energy_per_fission_mev * _MEV_J)

    @property
    def _geometry_per_s(self) -> float:
        """on_fraction × fissions/s / (4π L²) in fissions cm⁻² s⁻¹."""
        distance_cm = 100.0 * self.distance_m
        return self.on_fraction * self.fissions_per_second / (4.0 * math.pi * distance_cm**2)

    # -- spectra ----------------------------------------------------------------------------
    def _fit_mixture(self, e: NDArray[np.float64], matched: bool) -> NDArray[np.float64]:
        out = np.zeros_like(e)
        for iso in ISOTOPES:  # four isotopes, each vectorised over energy
            f = self.fission_fractions[iso]
            if f == 0.0:
                continue
            if matched:
                spec = fission_product_spectrum(
                    e,
                    iso,
                    self.model,
                    fission_product_nu_per_fission=self.fission_product_nu_per_fission,
                )
            else:
                spec = parametrised_spectrum(e, iso, self.model)
            out = out + f * spec
        return out

    def spectrum_per_fission(self, enu_mev: ArrayLike, part: str = "total") -> NDArray[np.float64]:
        """ν̄_e MeV⁻¹ per fission of the core.

        Args:
            enu_mev: ν̄ energies in MeV.
            part: ``"total"``, ``"fission_products"`` or ``"capture"``. With
                ``low_energy="kopeikin2012"`` the table below 2 MeV is a total; its
                ``"fission_products"`` part is then the table minus the computed capture
                spectrum (an estimate that assumes the table's capture rate equals
                ``captures_per_fission``).

        Returns:
            Spectrum, same shape as ``enu_mev``; zero above :data:`E_MAX_MEV`.

        Example:
            >>> r = Reactor(1.0, 10.0)
            >>> e = [0.3, 1.0, 3.0]
            >>> bool(np.allclose(r.spectrum_per_fission(e), r.spectrum_per_fission(e,
            ...     "fission_products") + r.spectrum_per_fission(e, "capture")))
            True
        """
        e = as_float_array(enu_mev, "enu_mev", nonnegative=True)
        check_choice(part, "part", ("total", "fission_products", "capture"))
        kopeikin = self.low_energy == "kopeikin2012"
        # the capture term is added for "matched" totals and subtracted for Kopeikin's FP part
        need_capture = part == "capture" or (kopeikin == (part == "fission_products"))
        capture = self.captures_per_fission * capture_spectrum(e) if need_capture else 0.0
        if part == "capture":
            return np.asarray(capture, dtype=float)
        if not kopeikin:
            fp = self._fit_mixture(e, matched=True)
            return fp if part == "fission_products" else fp + capture
        total = np.where(
            e < MATCH_ENERGY_MEV, kopeikin2012_spectrum(e), self._fit_mixture(e, matched=False)
        )
        return total - capture if part == "fission_products" else total

    def neutrinos_per_fission(self) -> NeutrinoYield:
        """ν̄_e per fission split into fission products and ²³⁸U capture products.

        Exact for the pieces built here (closed-form low-energy continuation, piecewise-linear
        table, unit-normalised β spectra) and 24-point Gauss–Legendre on 16 panels for the fits
        above 2 MeV.

        Example:
            >>> y = Reactor(1.0, 10.0, low_energy="kopeikin2012").neutrinos_per_fission()
            >>> round(y.total, 2), round(y.capture, 2)
            (6.68, 1.2)
        """
        capture = 2.0 * self.captures_per_fission
        high = sum(self.fission_fractions[i] * _high_integral(self.model, i) for i in ISOTOPES)
        if self.low_energy == "matched":
            fp = self.fission_product_nu_per_fission * sum(self.fission_fractions.values())
            return NeutrinoYield(fp, capture, fp + capture)
        total = _kopeikin_integral_below(MATCH_ENERGY_MEV) + high
        return NeutrinoYield(total - capture, capture, total)

    # -- Source interface --------------------------------------------------------------------
    def _continuous_flux(self, enu_mev: NDArray[np.float64], flavour: str) -> NDArray[np.float64]:
        return self._geometry_per_s * self.spectrum_per_fission(enu_mev)

    def energy_range_mev(self, flavour: str | None = None) -> tuple[float, float]:
        """(0, :data:`E_MAX_MEV`) MeV."""
        if flavour is not None:
            check_choice(flavour, "flavour", self.flavours)
        return (0.0, E_MAX_MEV)

    def breakpoints_mev(self, flavour: str) -> tuple[float, ...]:
        """The 2 MeV junction of the low-energy model, the ²³⁹U/²³⁹Np β-branch endpoints
        (an allowed β⁻ ν̄ spectrum ends with a finite step because of the Fermi function) and,
        for ``low_energy="kopeikin2012"``, the table energies and the steps placed between
        close pairs."""
        check_choice(flavour, "flavour", self.flavours)
        pts = [MATCH_ENERGY_MEV]
        if self.captures_per_fission > 0 or self.low_energy == "kopeikin2012":
            pts.extend(b.endpoint_mev for b in CAPTURE_BRANCHES_U239 + CAPTURE_BRANCHES_NP239)
        if self.low_energy == "kopeikin2012":  # table points and the steps between pairs
            pts.extend(float(e) for e in kopeikin2012_table()[0])
            pts.extend(float(e) for e in _kopeikin_knots()[0])
        return tuple(sorted(set(pts)))

    def total_flux(self, flavour: str | None = None) -> float:
        """Integrated ν̄_e flux in cm⁻² s⁻¹: on_fraction × fissions/s × ν̄/fission / (4πL²)."""
        self._resolve(flavour)
        return self._geometry_per_s * self.neutrinos_per_fission().total
