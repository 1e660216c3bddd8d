"""The rate engine: Source × Interaction × Target × Response → expected :class:`Spectrum`.

:func:`expected_spectrum` returns the expected counts per observed-energy bin for an exposure,
with the components kept apart so that the linear dependence on μ² stays visible:

* ``weak`` — standard-model ν-e elastic scattering (summed over flavours);
* ``magnetic`` — ν-e magnetic scattering **per unit μ²** (μ in μ_B), one array per channel:
  per flavour at production for sources seen as a coherent flavour state (reactor,
  accelerator, tritium), or per mass state ``"nu1"``, ``"nu2"``, ``"nu3"`` for sources that
  give :meth:`~munu.sources.base.Source.mass_state_fractions` (solar). In the mass basis the
  channel-k array is the rate for Σ_j |μ_jk|² = 1 μ_B², so that the counts for a moment
  matrix are Σ_k (Σ_j |μ_jk|²) × magnetic["nu_k"] — exactly the incoherent μ_eff²(E) of
  review Eq. 2 folded with the spectrum. The coherent nuclear magnetic term (Z² enhanced,
  quenched) is added to the same channels when CEvNS is included;
* ``cevns`` — coherent elastic ν-nucleus scattering, quenched to the electron-equivalent scale;
* ``background`` — a flat background in counts/(kg keV day).

Numerical method (accuracy goal 10⁻⁴ relative against adaptive quadrature, checked in
tests/test_spectra.py and benchmarks/bench_rates.py):

* Perfect resolution, piecewise-constant binding (free electrons, stepping): each observed
  bin above threshold is split at the binding edges; on each piece the recoil integral of the
  weak and magnetic cross sections is analytic (:func:`munu.interactions.sigma_weak_integral`,
  :func:`~munu.interactions.sigma_magnetic_integral`, exact including the 1/T rise); the
  neutrino-energy integral runs from E_min(T_lo) with a fixed 16-point Gauss–Legendre rule on
  panels split at E_min(T_lo), E_min(T_hi) (the kink where T_max(E) crosses the bin edge), at
  the ends of the source spectrum and at its kinks (:func:`source_breakpoints_mev`). The flux
  is evaluated once on the global panel nodes and only additionally on each row's clipped
  panels. Lines (δ functions in E) are folded exactly.
* With a resolution (or a binding model that is not piecewise constant, and always for
  CEvNS): the differential rate dR/dT (same E-quadrature) is computed on 12 Chebyshev nodes
  per coarse recoil cell (cells ≤ 25 % wide in T, cut at binding edges and at T_max of every
  line and spectrum breakpoint) and interpolated to the Gauss–Legendre nodes of a fine mesh
  (≤ 1.5 σ wide within ±10.5 σ of every observed bin edge), where it is folded with the exact
  Gaussian bin probability (as in :func:`munu.detectors.smearing_matrix`, banded to ±12 σ).
  CEvNS uses the same scheme in nuclear-recoil energy, mapped to the electron-equivalent
  scale by the Lindhard quenching of :class:`munu.detectors.Response`.

Everything is vectorised over bins, mesh nodes and energies; the only Python loops run over
flavours / mass states and target elements.

Example:
    >>> import numpy as np
    >>> from munu.detectors import Target
    >>> from munu.sources.base import Line, Source
    >>> class Mono(Source):
    ...     flavours = ("nuebar",)
    ...     def _continuous_flux(self, enu_mev, flavour):
    ...         return np.zeros_like(enu_mev)
    ...     def energy_range_mev(self, flavour=None):
    ...         return (0.0, 0.0)
    ...     def lines(self, flavour=None):
    ...         return (Line(1.0, 1e13, "nuebar", "1 MeV"),)
    >>> s = expected_spectrum(Mono(), Target("Ge", 1.0), None, [10.0, 20.0], Exposure(1.0))
    >>> round(float(s.magnetic_total()[0]) * 1e-20, 4)    # counts per unit μ² ...
    0.3907
    >>> round(float(s.total(mu=1e-10)[0] / s.weak[0]), 2)  # ... and μ = 1e-10 vs SM
    18.71
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.constants as _sc
from numpy.typing import ArrayLike, NDArray

from munu import constants as _c
from munu._validate import as_float, as_float_array, as_moment, check_choice
from munu.detectors import (
    Efficiency,
    Response,
    Target,
    _as_response,
    _check_edges,
    _gauss_bin_prob,
    element_data,
)
from munu.errors import InputError, UnknownNameError
from munu.interactions import electron as _el
from munu.interactions import nucleus as _nuc
from munu.sources.base import Source
from munu.units import DAY_S

#: Atomic mass unit in MeV (CODATA 2022 via scipy.constants).
_U_MEV: float = _sc.physical_constants["atomic mass constant energy equivalent in MeV"][0]

if TYPE_CHECKING:
    import hist as _hist

__all__ = [
    "COMPONENTS",
    "Exposure",
    "FlatBackground",
    "Spectrum",
    "differential_rates",
    "expected_spectrum",
    "integrated_rates_per_kg_day",
    "signal_to_sm_ratio",
    "source_breakpoints_mev",
]

#: Component names of a :class:`Spectrum` (``magnetic`` per unit μ²).
COMPONENTS: tuple[str, ...] = ("weak", "magnetic", "cevns", "background")
_MASS_STATES: tuple[str, ...] = ("nu1", "nu2", "nu3")
_ANTI = frozenset({"nuebar", "numubar", "nutaubar"})

#: Gauss–Legendre order of the neutrino-energy rule on each panel.
GL_ORDER_ENERGY = 16
#: Gauss–Legendre order on each cell of the fine true-energy mesh.
GL_ORDER_RECOIL = 8
#: The source energy range is cut into about this many panels (each segment between two
#: breakpoints gets at least :data:`MIN_PANELS_PER_SEGMENT`).
PANELS_PER_SEGMENT = 24
#: Fewest panels for any segment between two breakpoints.
MIN_PANELS_PER_SEGMENT = 6


# --------------------------------------------------------------------------------------------
# exposure and background
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exposure:
    """Data-taking time.

    Args:
        live_days: live time with the source on (reactor ON), in days (> 0). Expected counts
            refer to this period.
        off_days: live time with the source off (reactor OFF), in days, or ``None``.

    Example:
        >>> Exposure(196.3, 52.1).live_seconds
        16960320.0
    """

    live_days: float
    off_days: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "live_days", as_float(self.live_days, "live_days", positive=True))
        if self.off_days is not None:
            object.__setattr__(
                self, "off_days", as_float(self.off_days, "off_days", nonnegative=True)
            )

    @property
    def live_seconds(self) -> float:
        """ON live time in seconds."""
        return self.live_days * DAY_S


@dataclass(frozen=True)
class FlatBackground:
    """A background flat in observed energy.

    Args:
        per_kg_kev_day: rate in counts kg⁻¹ keV⁻¹ day⁻¹ (≥ 0).

    Example:
        >>> FlatBackground(1.0).counts([12.0, 14.0], 1.0, 10.0).tolist()
        [20.0]
    """

    per_kg_kev_day: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "per_kg_kev_day",
            as_float(self.per_kg_kev_day, "per_kg_kev_day", nonnegative=True),
        )

    def counts(
        self, edges_kev: ArrayLike, mass_kg: float, live_days: float, threshold_kev: float = 0.0
    ) -> NDArray[np.float64]:
        """Counts per bin (the part of each bin above ``threshold_kev``)."""
        edges = _check_edges(edges_kev, "edges_kev")
        width = np.maximum(edges[1:] - np.maximum(edges[:-1], threshold_kev), 0.0)
        return self.per_kg_kev_day * mass_kg * live_days * width


# --------------------------------------------------------------------------------------------
# the spectrum
# --------------------------------------------------------------------------------------------


def _mu_weights(mu: float | Mapping[str, float], channels: tuple[str, ...]) -> dict[str, float]:
    if isinstance(mu, Mapping):
        unknown = [k for k in mu if k not in channels]
        if unknown:
            raise InputError("mu", dict(mu), f"a mapping with keys among {list(channels)}")
        return {k: as_moment(mu.get(k, 0.0), f"mu[{k!r}]") ** 2 for k in channels}
    m2 = as_moment(mu, "mu") ** 2
    return dict.fromkeys(channels, m2)


@dataclass(frozen=True, eq=False)
class Spectrum:
    """Expected counts per observed-energy bin, by component.

    Attributes:
        edges_kev: bin edges in keV (electron-equivalent), shape (n + 1,).
        weak: SM ν-e counts per bin.
        magnetic: mapping channel → counts per bin per unit μ² (μ in μ_B); channels are
            flavours (``magnetic_basis == "flavour"``) or ``"nu1"``, ``"nu2"``, ``"nu3"``
            (``"mass"``; per unit Σ_j |μ_jk|²).
        magnetic_basis: ``"flavour"`` or ``"mass"``.
        cevns: CEvNS counts per bin (SM part).
        background: background counts per bin.
        exposure: the :class:`Exposure` (counts are for its ON live time).
        mass_kg: target mass in kg.
        units: description of the stored numbers.
        info: free-form provenance (source, target, binding, response...).

    Example:
        >>> from munu.experiments import load_card
        >>> spec = load_card("texono_ks_2003").expected_spectrum()
        >>> spec.edges_kev[[0, -1]].tolist(), spec.magnetic_basis
        ([12.0, 60.0], 'flavour')
        >>> bool(spec.total(1e-10).sum() > spec.total(0.0).sum())
        True
    """

    edges_kev: NDArray[np.float64]
    weak: NDArray[np.float64]
    magnetic: Mapping[str, NDArray[np.float64]]
    magnetic_basis: str
    cevns: NDArray[np.float64]
    background: NDArray[np.float64]
    exposure: Exposure
    mass_kg: float
    units: str = "counts per bin for the ON live time (magnetic: per unit μ_B²)"
    info: Mapping[str, Any] = field(default_factory=dict)

    @property
    def centers_kev(self) -> NDArray[np.float64]:
        """Bin centres in keV."""
        return 0.5 * (self.edges_kev[1:] + self.edges_kev[:-1])

    @property
    def widths_kev(self) -> NDArray[np.float64]:
        """Bin widths in keV."""
        return np.diff(self.edges_kev)

    @property
    def channels(self) -> tuple[str, ...]:
        """Magnetic channels (flavours or mass states)."""
        return tuple(self.magnetic)

    def magnetic_total(self) -> NDArray[np.float64]:
        """Magnetic counts per unit μ² summed over channels (same μ in every channel)."""
        out = np.zeros_like(self.weak)
        for arr in self.magnetic.values():
            out = out + arr
        return out

    def magnetic_counts(self, mu: float | Mapping[str, float]) -> NDArray[np.float64]:
        """Magnetic counts per bin at moment ``mu``.

        Args:
            mu: one effective moment in μ_B for every channel, or a mapping channel → moment
                (flavour basis: μ_eff of that flavour; mass basis: √(Σ_j |μ_jk|²)).
        """
        w = _mu_weights(mu, self.channels)
        out = np.zeros_like(self.weak)
        for k, arr in self.magnetic.items():
            out = out + w[k] * arr
        return out

    def standard_model(self) -> NDArray[np.float64]:
        """SM neutrino counts per bin: weak + CEvNS."""
        return self.weak + self.cevns

    def total(self, mu: float | Mapping[str, float] = 0.0) -> NDArray[np.float64]:
        """Expected counts per bin: weak + CEvNS + background + μ² × magnetic.

        Example:
            >>> s = Spectrum(np.array([0.0, 1.0]), np.array([2.0]), {"nue": np.array([1e20])},
            ...              "flavour", np.zeros(1), np.array([0.5]), Exposure(1.0), 1.0)
            >>> s.total(1e-10).tolist()
            [3.5]
        """
        return self.weak + self.cevns + self.background + self.magnetic_counts(mu)

    def per_kg_day(self, counts: ArrayLike) -> NDArray[np.float64]:
        """Convert counts (per bin) to counts per kg per day."""
        return np.asarray(counts, dtype=float) / (self.mass_kg * self.exposure.live_days)

    # -- conversions ----------------------------------------------------------------------
    def component_names(self) -> tuple[str, ...]:
        """Names of the stored arrays in :meth:`to_hist` order."""
        return ("weak", *(f"magnetic:{k}" for k in self.magnetic), "cevns", "background")

    def to_hist(self) -> _hist.Hist:
        """A :class:`hist.Hist` with a variable energy axis and a component category axis.

        The magnetic channels appear as ``"magnetic:<channel>"`` (per unit μ²); exposure,
        mass, basis and units are kept in ``hist.metadata`` so :meth:`from_hist` restores
        the spectrum.
        """
        import hist

        names = self.component_names()
        h = hist.Hist(
            hist.axis.Variable(self.edges_kev, name="energy", label="E [keV]"),
            hist.axis.StrCategory(list(names), name="component"),
            storage=hist.storage.Double(),
            metadata={
                "live_days": self.exposure.live_days,
                "off_days": self.exposure.off_days,
                "mass_kg": self.mass_kg,
                "magnetic_basis": self.magnetic_basis,
                "units": self.units,
            },
        )
        values = [self.weak, *self.magnetic.values(), self.cevns, self.background]
        h.view()[...] = np.stack(values, axis=1)
        return h

    @classmethod
    def from_hist(cls, h: _hist.Hist) -> Spectrum:
        """Rebuild a spectrum from :meth:`to_hist` output."""
        with warnings.catch_warnings():  # boost-histogram warns when metadata was never set
            warnings.simplefilter("ignore", FutureWarning)
            raw_meta = getattr(h, "metadata", None)
        meta = raw_meta if isinstance(raw_meta, dict) else {}
        try:
            edges = np.asarray(h.axes["energy"].edges, dtype=float)
            names = list(h.axes["component"])
            view = np.asarray(h.view(), dtype=float)
            exposure = Exposure(meta["live_days"], meta.get("off_days"))
            mass = float(meta["mass_kg"])
        except (KeyError, IndexError, TypeError, ValueError) as err:
            raise InputError(
                "h", h, "a histogram made by Spectrum.to_hist (energy/component axes, metadata)"
            ) from err
        col = {n: view[:, i] for i, n in enumerate(names)}
        magnetic = {n.split(":", 1)[1]: col[n] for n in names if n.startswith("magnetic:")}
        return cls(
            edges_kev=edges,
            weak=col["weak"],
            magnetic=magnetic,
            magnetic_basis=str(meta.get("magnetic_basis", "flavour")),
            cevns=col["cevns"],
            background=col["background"],
            exposure=exposure,
            mass_kg=mass,
            units=str(meta.get("units", cls.units)),
        )

    def plot(self, ax: Any = None, *, mu: float | Mapping[str, float] = 1e-10) -> Any:
        """Step plot of the components (magnetic at ``mu``) and their sum; returns the axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        e = self.edges_kev
        parts = {
            "SM weak": self.weak,
            f"magnetic (μ={mu if not isinstance(mu, Mapping) else 'per channel'})": (
                self.magnetic_counts(mu)
            ),
            "CEvNS": self.cevns,
            "background": self.background,
        }
        for label, arr in parts.items():
            if np.any(arr > 0):
                ax.stairs(arr, e, label=label)
        ax.stairs(self.total(mu), e, label="total", color="k", lw=1.5)
        ax.set_xlabel("observed energy [keV]")
        ax.set_ylabel("counts per bin")
        ax.legend()
        return ax


# --------------------------------------------------------------------------------------------
# numerical building blocks
# --------------------------------------------------------------------------------------------

_X16, _W16 = np.polynomial.legendre.leggauss(GL_ORDER_ENERGY)
_X16, _W16 = 0.5 * (_X16 + 1.0), 0.5 * _W16
_X8, _W8 = np.polynomial.legendre.leggauss(GL_ORDER_RECOIL)
_X8, _W8 = 0.5 * (_X8 + 1.0), 0.5 * _W8


def source_breakpoints_mev(source: Source, flavour: str) -> NDArray[np.float64]:
    """Energies (MeV) where the continuous spectrum of ``flavour`` jumps or kinks.

    The two ends of :meth:`~munu.sources.base.Source.energy_range_mev` and what the source
    declares in :meth:`~munu.sources.base.Source.breakpoints_mev` (β endpoints, table points,
    model junctions). The rate engine splits its energy quadrature there, which keeps it at
    10⁻⁴ accuracy; a user source with kinks should declare them.

    Args:
        source: the source.
        flavour: one of ``source.flavours``.

    Returns:
        Sorted unique energies within the energy range, ends included.

    Example:
        >>> from munu.sources.reactor import Reactor
        >>> bp = source_breakpoints_mev(Reactor(2.9, 28.0), "nuebar")
        >>> bool(2.0 in bp), float(bp[0]), float(bp[-1])
        (True, 0.0, 10.0)
    """
    lo, hi = source.energy_range_mev(flavour)
    inner = np.asarray(source.breakpoints_mev(flavour), dtype=float).ravel()
    return np.unique(np.concatenate([[lo, hi], inner[(inner > lo) & (inner < hi)]]))


def _energy_panels(source: Source, flavour: str) -> NDArray[np.float64] | None:
    """Panel edges of the continuous spectrum: breakpoints, each segment split equally."""
    bp = source_breakpoints_mev(source, flavour)
    if bp.size < 2 or bp[-1] <= bp[0]:
        return None
    # every segment gets ≥ MIN_PANELS_PER_SEGMENT panels; long segments are split so that no
    # panel exceeds (range)/PANELS_PER_SEGMENT
    width = (bp[-1] - bp[0]) / PANELS_PER_SEGMENT
    n = np.maximum(np.ceil(np.diff(bp) / width).astype(int), MIN_PANELS_PER_SEGMENT)
    # panel edges clustered towards both ends of each segment, where β spectra end with
    # square-root-like behaviour: a + (b − a)(1 − cos(πj/k))/2
    segs = [
        a + (b - a) * 0.5 * (1.0 - np.cos(np.pi * np.arange(k) / k))
        for a, b, k in zip(bp[:-1], bp[1:], n, strict=True)
    ]
    return np.concatenate([*segs, bp[-1:]])


def _fold_energy(
    panels: NDArray[np.float64],
    start: NDArray[np.float64],
    extra: NDArray[np.float64],
    flux: Callable[[NDArray[np.float64]], NDArray[np.float64]],
    kernels: Sequence[RowKernel],
) -> list[NDArray[np.float64]]:
    """∫_{start_p}^{E_max} flux(E) kernel(E)_p dE for every row p and every kernel.

    Gauss–Legendre on the global panels, each row's panels clipped at its lower limit and
    split at its extra breakpoints (the rows of the analytic-bin path, whose kernels kink at a
    row-specific energy). The (possibly expensive) flux is evaluated once on the global nodes
    and only additionally on the few clipped or split panels of each row. Rows are processed
    in chunks of at most :data:`_CHUNK_ELEMENTS` nodes, so memory stays bounded for fine
    tables. Rows without extra breakpoints use :func:`_fold_energy_product` instead.

    Args:
        panels: global panel edges (K + 1,), the last one is E_max.
        start: lower limit per row (P,).
        extra: additional breakpoints per row (P, m).
        flux: dΦ/dE of a flat array of energies.
        kernels: each maps (E nodes of shape (p, Q), the slice of rows) to cross sections.
    """
    p_all = start.shape[0]
    n = _X16.size
    g_nodes = panels[:-1, None] + np.diff(panels)[:, None] * _X16
    g_flux = flux(g_nodes.ravel()).reshape(g_nodes.shape)
    per_row = (panels.size + extra.shape[1]) * n
    chunk = max(1, min(p_all, _CHUNK_ELEMENTS // max(per_row, 1)))
    out = [np.zeros(p_all) for _ in kernels]
    for c0 in range(0, p_all, chunk):  # chunks of rows bound the memory, not a hot loop
        rows = slice(c0, min(c0 + chunk, p_all))
        p = rows.stop - rows.start
        pts = np.concatenate([np.broadcast_to(panels, (p, panels.size)), extra[rows]], axis=1)
        pts = np.sort(np.clip(pts, start[rows, None], panels[-1]), axis=1)
        a, b = pts[:, :-1], pts[:, 1:]
        width = b - a
        # which row panels coincide with a global panel: their nodes (and flux) are shared
        j = np.clip(np.searchsorted(panels, a), 0, panels.size - 2)
        shared = (panels[j] == a) & (panels[j + 1] == b)
        nodes = a[..., None] + width[..., None] * _X16
        phi = np.where(shared[..., None], g_flux[j], 0.0)
        own = ~shared & (width > 0)
        if own.any():
            phi[own] = flux(nodes[own].ravel()).reshape(-1, n)
        fw = (phi * width[..., None] * _W16).reshape(p, -1)
        nodes = nodes.reshape(p, -1)
        for o, k in zip(out, kernels, strict=True):
            o[rows] = np.sum(k(nodes, rows) * fw, axis=1)
    return out


# ---- product-integration fold: cost independent of how finely the flux is tabulated --------
#
# ∫_{s_p}^{E_max} φ(E) k_p(E) dE for many rows p. The cross-section kernel k_p is smooth in E
# above its row's lower limit s_p, while the flux φ may have many kinks (a table). So the two
# are treated apart ("product integration", Atkinson, *An Introduction to Numerical Analysis*,
# 2nd ed., §5.6): on kernel panels, geometric in E with ln(b/a) ≤ KERNEL_PANEL_LOG_WIDTH,
# k_p is replaced by its Lagrange interpolant on KERNEL_NODES Chebyshev nodes in ln E, and
# φ × (Lagrange basis) is integrated once for all rows on flux sub-panels that respect every
# breakpoint of φ (Gauss–Legendre, exact for a piecewise-linear flux times a cubic). Each row
# then costs (number of kernel panels + 1) × KERNEL_NODES kernel evaluations, whatever the
# number of table points; only the row's first, clipped panel [s_p, b] gets row-specific
# weights, from the flux sub-panels inside it (the one containing s_p is re-noded). Rows are
# processed in chunks so that memory stays bounded. Written by hand because no library offers
# product integration against a user flux with row-dependent lower limits; the accuracy is
# checked against nested adaptive quadrature in tests/test_spectra.py and
# benchmarks/bench_tabulated.py.

#: Largest ln(b/a) of a kernel panel: the kernels are combinations of E⁰, E⁻¹, E⁻² (and the
#: smooth radiative/form-factor factors), whose Chebyshev interpolation error on 8 nodes in
#: ln E over ln 2 is ≲ 2(ln 2 / 2)⁸ / 8! ≈ 1e-8 of the panel maximum (e^{-2x} bound); measured
#: 2e-9 against nested quad (ln 3 gave 1e-7, enough for the 1e-6 target but not for the
#: 1e-10 consistency between binnings that tests/test_scan.py pins).
KERNEL_PANEL_LOG_WIDTH = math.log(2.0)
#: Chebyshev nodes (first kind, in ln E) per kernel panel.
KERNEL_NODES = 8
#: Gauss–Legendre order on each flux sub-panel of a piecewise-linear (tabulated) flux.
GL_ORDER_LINEAR = 4
#: Each kernel panel is split into at least this many flux sub-panels (geometric).
SUBPANELS_PER_KERNEL_PANEL = 4
#: Upper bound on (rows × nodes × kernel nodes) per chunk of the clipped-panel weights
#: (8-byte floats: ≈ 32 MB per array).
_CHUNK_ELEMENTS = 4_000_000

_KANG = (2.0 * np.arange(KERNEL_NODES) + 1.0) * np.pi / (2.0 * KERNEL_NODES)
_KX = 0.5 * (1.0 - np.cos(_KANG))
#: a_m T_m(x_l): Chebyshev moments → Lagrange weights on the kernel nodes (Q × Q)
_CHEB_TO_LAGRANGE = (
    np.cos(np.outer(np.arange(KERNEL_NODES), np.pi - _KANG))
    * np.where(np.arange(KERNEL_NODES) == 0, 1.0, 2.0)[:, None]
    / KERNEL_NODES
)
_X4, _W4 = np.polynomial.legendre.leggauss(GL_ORDER_LINEAR)
_X4, _W4 = 0.5 * (_X4 + 1.0), 0.5 * _W4

#: A kernel of the product fold: (energies (P, Q), row slice) → cross sections (P, Q).
RowKernel = Callable[[NDArray[np.float64], slice], NDArray[np.float64]]


def _chebyshev_moments(u: NDArray[np.float64], fw: NDArray[np.float64]) -> NDArray[np.float64]:
    """Σ_n fw[..., n] ℓ_l(u[..., n]) for the Lagrange basis ℓ_l on the kernel nodes.

    Uses ℓ_l(x) = Σ_m a_m T_m(x_l) T_m(x) (discrete orthogonality of the Chebyshev nodes,
    Mason & Handscomb, *Chebyshev Polynomials*, Thm. 4.12), so only Σ_n fw T_m(x_n) is needed:
    a three-term recurrence instead of a barycentric sum per node. Returns ``u.shape[:-1] +
    (KERNEL_NODES,)``.
    """
    x = 2.0 * u - 1.0
    cheb = np.empty((KERNEL_NODES, *x.shape))
    cheb[0], cheb[1] = 1.0, x
    for m in range(2, KERNEL_NODES):  # the recurrence over the (few) polynomial degrees
        cheb[m] = 2.0 * x * cheb[m - 1] - cheb[m - 2]
    return np.einsum("m...n,...n->...m", cheb, fw) @ _CHEB_TO_LAGRANGE


@dataclass(frozen=True)
class _EnergyRule:
    """Kernel panels and flux sub-panels of the product fold on [lo, hi] (MeV)."""

    macro: NDArray[np.float64]  # kernel panel edges (M + 1,)
    sub: NDArray[np.float64]  # flux sub-panel edges (S + 1,), each sub-panel in one panel
    sub_macro: NDArray[np.intp]  # kernel panel of each sub-panel (S,)
    sub_off: NDArray[np.intp]  # first sub-panel of each kernel panel (M + 1,)
    x: NDArray[np.float64]  # Gauss–Legendre nodes on [0, 1] of the flux sub-panels
    w: NDArray[np.float64]  # and their weights

    @property
    def nodes(self) -> NDArray[np.float64]:
        """Flux nodes (S, n)."""
        a, b = self.sub[:-1], self.sub[1:]
        return a[:, None] + (b - a)[:, None] * self.x

    @property
    def lo(self) -> float:
        return float(self.macro[0])

    @property
    def hi(self) -> float:
        return float(self.macro[-1])


def _energy_rule(source: Source, flavour: str, lo: float) -> _EnergyRule | None:
    """The product-fold rule of ``flavour`` for rows starting at or above ``lo`` MeV."""
    if source.flux_is_piecewise_linear:
        flux_edges = source_breakpoints_mev(source, flavour)
        x, w = _X4, _W4
    else:
        panels = _energy_panels(source, flavour)
        flux_edges = np.zeros(0) if panels is None else panels
        x, w = _X16, _W16
    if flux_edges.size < 2 or flux_edges[-1] <= flux_edges[0]:
        return None
    hi = float(flux_edges[-1])
    lo = max(lo, float(flux_edges[0]))
    if not 0.0 < lo < hi:
        return None
    n_macro = max(math.ceil(math.log(hi / lo) / KERNEL_PANEL_LOG_WIDTH), 1)
    macro = np.geomspace(lo, hi, n_macro + 1)
    macro[0], macro[-1] = lo, hi
    fine = np.geomspace(lo, hi, n_macro * SUBPANELS_PER_KERNEL_PANEL + 1)
    inner = flux_edges[(flux_edges > lo) & (flux_edges < hi)]
    sub = np.unique(np.concatenate([macro, fine[1:-1], inner]))
    sub_macro = np.clip(
        np.searchsorted(macro, 0.5 * (sub[:-1] + sub[1:]), side="right") - 1, 0, n_macro - 1
    )
    sub_off = np.searchsorted(sub_macro, np.arange(n_macro + 1), side="left")
    return _EnergyRule(macro, sub, sub_macro, sub_off, x, w)


def _fold_energy_product(
    rule: _EnergyRule,
    start: NDArray[np.float64],
    weight: Callable[[NDArray[np.float64]], NDArray[np.float64]],
    kernels: Sequence[RowKernel],
) -> list[NDArray[np.float64]]:
    """∫_{start_p}^{E_max} weight(E) kernel_p(E) dE for every row p and kernel (see above).

    Each row p interpolates its kernel on KERNEL_NODES Chebyshev nodes of its own region
    [s_p, e_p]: from s_p to the end of its kernel panel, or of the next one when less than
    half of its panel is left. That polynomial is integrated exactly against the flux through
    the row-independent Lagrange moments of the kernel panels (cumulated over the flux
    sub-panels, plus the one sub-panel holding s_p, re-noded); beyond e_p the kernel is
    interpolated on the fixed panel nodes. Re-expanding the row polynomial on the nodes of its
    panel extrapolates by at most one region width, which amplifies rounding by ≲ T₇(3) ≈ 1e5.

    Args:
        rule: from :func:`_energy_rule` with ``lo ≤ min(start)``.
        start: lower limit per row in MeV (P,); rows at or above the rule's top give 0.
        weight: dΦ/dE (times a mass-state fraction) of a flat array of energies.
        kernels: each maps (energies of shape (p, Q), the slice of rows) → cross sections.
    """
    macro, sub = rule.macro, rule.sub
    n_macro = macro.size - 1
    n_rows = start.size
    out = [np.zeros(n_rows) for _ in kernels]
    log_macro = np.log(macro)
    # row-independent: per flux sub-panel, ∫ φ ℓ_{k,l} dE over it (its kernel panel's basis)
    nodes = rule.nodes
    fw = weight(nodes.ravel()).reshape(nodes.shape) * (np.diff(sub)[:, None] * rule.w)
    k_s = rule.sub_macro
    span = np.diff(log_macro)
    u = (np.log(nodes) - log_macro[k_s][:, None]) / span[k_s][:, None]
    contrib = _chebyshev_moments(u, fw)  # (S, Q)
    csum = np.cumsum(contrib, axis=0)
    panel_end = csum[rule.sub_off[1:] - 1]  # (M, Q): inclusive sum at each panel's last sub
    before = np.concatenate([np.zeros((1, KERNEL_NODES)), panel_end[:-1]])
    big_w = panel_end - before  # (M, Q) product weights of the full panels
    after = panel_end[k_s] - csum  # (S, Q): ∫ from the end of sub-panel s to its panel's end
    big_x = np.exp(log_macro[:-1, None] + span[:, None] * _KX)  # (M, Q)
    n_g = rule.x.size
    chunk = max(1, min(n_rows, _CHUNK_ELEMENTS // ((n_macro + 3) * KERNEL_NODES * n_g)))
    for c0 in range(0, n_rows, chunk):  # chunks of rows bound the memory, not a hot loop
        rows = slice(c0, min(c0 + chunk, n_rows))
        s = start[rows]
        p = s.size
        live = s < rule.hi
        s = np.where(live, np.maximum(s, rule.lo), rule.lo)
        log_s = np.log(s)
        k_p = np.clip(np.searchsorted(macro, s, side="right") - 1, 0, n_macro - 1)
        merge = (log_macro[k_p + 1] - log_s < 0.5 * span[k_p]) & (k_p < n_macro - 1)
        k_e = k_p + merge  # last kernel panel of the row region
        log_e = log_macro[k_e + 1]
        width = log_e - log_s
        y = np.exp(log_s[:, None] + width[:, None] * _KX)  # (p, Q) row nodes
        later = np.arange(n_macro)[None, :] > k_e[:, None]  # (p, M) full panels beyond
        e_end = np.exp(log_e)
        x_full = np.where(later[..., None], big_x[None], e_end[:, None, None]).reshape(p, -1)
        energies = np.concatenate([y, x_full], axis=1)
        # weights of the clipped panel k_p in its own basis: cumulated + the re-noded sub-panel
        i_p = np.clip(np.searchsorted(sub, s, side="right") - 1, 0, sub.size - 2)
        d_p = sub[i_p + 1]
        part = s[:, None] + (d_p - s)[:, None] * rule.x
        part_w = weight(part.ravel()).reshape(part.shape) * ((d_p - s)[:, None] * rule.w)
        u_part = (np.log(part) - log_macro[k_p][:, None]) / span[k_p][:, None]
        w_clip = after[i_p] + _chebyshev_moments(u_part, part_w)  # (p, Q)
        # the row polynomial at the nodes of panel k_p and (merged rows) k_p + 1, folded into
        # weights on the row's own nodes: Σ_l q(X_l) w_l = Σ_i q(y_i) Σ_l λ_i(u(X_l)) w_l
        u_k = (np.log(big_x[k_p]) - log_s[:, None]) / width[:, None]
        k_next = np.minimum(k_p + 1, n_macro - 1)
        u_n = (np.log(big_x[k_next]) - log_s[:, None]) / width[:, None]
        w_row = _chebyshev_moments(u_k, w_clip) + _chebyshev_moments(
            u_n, big_w[k_next] * merge[:, None]
        )
        full_w = np.where(later[..., None], big_w[None], 0.0).reshape(p, -1)
        coef = np.concatenate([w_row, full_w], axis=1) * live[:, None]
        for o, kern in zip(out, kernels, strict=True):
            o[rows] = np.sum(kern(energies, rows) * coef, axis=1)
    return out


def _mixing_electron_fraction(source: Source) -> NDArray[np.float64]:
    """|U_ek|² for the weak rate of a mass-state mixture (oscillation parameters of the source)."""
    from munu import mixing

    params = (
        getattr(source, "oscillation_parameters", None)
        or getattr(source, "params", None)
        or mixing.NUFIT60
    )
    return np.abs(mixing.pmns(params)[0, :]) ** 2


@dataclass(frozen=True)
class _Channel:
    """One flux channel: its magnetic key, production flavour and (mass basis) mass state."""

    name: str  # magnetic channel key
    flavour: str  # production flavour (flux)
    fraction: int | None = None  # mass-state index (mass basis), or None (flavour basis)
    e_flavour: str = ""  # mass basis: the electron flavour of the same lepton number
    x_flavour: str = ""  # mass basis: a non-electron flavour (ν_μ and ν_τ scatter alike)


def _channels(source: Source) -> tuple[list[_Channel], str]:
    probe = source.mass_state_fractions(np.array([1.0]))
    if probe is None:
        return [_Channel(fl, fl) for fl in source.flavours], "flavour"
    chans = []
    for fl in source.flavours:
        e_fl, x_fl = ("nuebar", "numubar") if fl in _ANTI else ("nue", "numu")
        for k, name in enumerate(_MASS_STATES):
            key = name if len(source.flavours) == 1 else f"{fl}:{name}"
            chans.append(_Channel(key, fl, k, e_fl, x_fl))
    return chans, "mass"


def _flux_weight(source: Source, chan: _Channel, e: NDArray[np.float64]) -> NDArray[np.float64]:
    """dΦ/dE × (mass-state fraction) of a channel at energies ``e``."""
    flux = source.flux(e, chan.flavour)
    if chan.fraction is None:
        return flux
    frac = source.mass_state_fractions(e)
    return flux * np.asarray(frac)[..., chan.fraction]


def _weak_mix(
    source: Source,
    chan: _Channel,
    sigma: Callable[[str], NDArray[np.float64]],
) -> NDArray[np.float64]:
    """Weak cross section of a channel: its flavour's, or |U_ek|² σ_e + (1 − |U_ek|²) σ_x."""
    if chan.fraction is None:
        return sigma(chan.flavour)
    ue2 = float(_mixing_electron_fraction(source)[chan.fraction])
    return ue2 * sigma(chan.e_flavour) + (1.0 - ue2) * sigma(chan.x_flavour)


def _line_weight(source: Source, chan: _Channel, line_e: float, line_flux: float) -> float:
    if chan.fraction is None:
        return line_flux
    frac = np.asarray(source.mass_state_fractions(np.array([line_e])))
    return line_flux * float(frac[0, chan.fraction])


def _fold_channel(
    source: Source,
    chan: _Channel,
    e_min: NDArray[np.float64],
    extra: NDArray[np.float64],
    sm: RowKernel,
    mag: RowKernel,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """SM and magnetic (per μ²) folds of one flux channel, for every row (bin piece or recoil).

    ∫ dΦ/dE × kernel dE over the continuous spectrum from each row's lower limit ``e_min``,
    plus Σ over the lines. Rows without ``extra`` breakpoints (recoil energies) use the product
    fold (:func:`_fold_energy_product`, cost independent of the table size); rows with them
    (analytic bins, kernels kinked at E_min(T_hi)) the panel fold :func:`_fold_energy`. The
    kernels get (energies, row slice): energies of shape (rows, nodes) for the continuum and
    (rows,) for a line.
    """
    n = e_min.size
    sm_out, mag_out = np.zeros(n), np.zeros(n)
    flux = lambda e: _flux_weight(source, chan, e)  # noqa: E731
    if extra.shape[1] == 0 and n > 0:
        rule = _energy_rule(source, chan.flavour, float(np.min(e_min)))
        if rule is not None:
            s_f, m_f = _fold_energy_product(rule, e_min, flux, [sm, mag])
            sm_out += s_f
            mag_out += m_f
    else:
        panels = _energy_panels(source, chan.flavour)
        if panels is not None:
            s_f, m_f = _fold_energy(panels, np.maximum(e_min, panels[0]), extra, flux, [sm, mag])
            sm_out += s_f
            mag_out += m_f
    for line in source.lines(chan.flavour):
        weight = _line_weight(source, chan, line.energy_mev, line.flux)
        e = np.full(n, line.energy_mev)
        sm_out += weight * sm(e, slice(None))
        mag_out += weight * mag(e, slice(None))
    return sm_out, mag_out


@dataclass(frozen=True)
class _Options:
    sin2_theta_w: float | None
    radiative_corrections: Any
    form_factor: str
    #: ⟨r²_{ν_ℓ}⟩ in cm² for ℓ = e, μ, τ (see :func:`_charge_radii`)
    charge_radii: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def radius(self, flavour: str) -> float:
        """⟨r²⟩ of the neutrino flavour of ``flavour`` (ν_ℓ and ν̄_ℓ share it)."""
        return self.charge_radii[_LEPTON_INDEX[flavour]]


#: Lepton flavour index (e, μ, τ) of each (anti)neutrino flavour.
_LEPTON_INDEX = {"nue": 0, "nuebar": 0, "numu": 1, "numubar": 1, "nutau": 2, "nutaubar": 2}
#: Largest |⟨r²⟩| accepted, cm²: experimental bounds are ~10⁻³² cm² (Giunti & Studenikin, RMP
#: 87 (2015) 531); a larger value is almost surely a unit mistake (e.g. fm²).
_MAX_CHARGE_RADIUS_CM2 = 1e-28


def _sm_scheme_name(radiative_corrections: Any) -> str:
    """The SM scheme as a name ("tree", "electroweak", "full"), validated."""
    rc = _el._check_rc(radiative_corrections)
    return "tree" if rc is None else rc


def _charge_radii(value: Any) -> tuple[float, float, float]:
    """⟨r²_{ν_ℓ}⟩ (cm²) for ℓ = e, μ, τ from one number (all flavours) or a mapping by ℓ."""
    names = ("e", "mu", "tau")
    if isinstance(value, Mapping):
        unknown = sorted(str(k) for k in value if k not in names)
        if unknown:
            raise UnknownNameError("charge_radius_cm2", unknown[0], names)
        radii = tuple(as_float(value.get(k, 0.0), f"charge_radius_cm2[{k!r}]") for k in names)
    else:
        radii = (as_float(value, "charge_radius_cm2"),) * 3
    if any(abs(r) > _MAX_CHARGE_RADIUS_CM2 for r in radii):
        raise InputError(
            "charge_radius_cm2",
            value,
            f"|⟨r²⟩| ≤ {_MAX_CHARGE_RADIUS_CM2:g} cm² (bounds are ~1e-32 cm²; is it in cm²?)",
        )
    return radii  # type: ignore[return-value]


def _check_radii_basis(opts: _Options, basis: str) -> None:
    """Mass-basis sources (the Sun) lump ν_μ and ν_τ: their radii must then be equal."""
    if basis == "mass" and opts.charge_radii[1] != opts.charge_radii[2]:
        raise InputError(
            "charge_radius_cm2",
            dict(zip(("e", "mu", "tau"), opts.charge_radii, strict=True)),
            "equal ν_μ and ν_τ radii for a source in the mass basis (the Sun), whose "
            "non-electron part is not split into μ and τ",
        )


# --------------------------------------------------------------------------------------------
# electron recoils: analytic bins (perfect resolution, piecewise-constant binding)
# --------------------------------------------------------------------------------------------


def _pieces(
    edges_mev: NDArray[np.float64], target: Target
) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Split bins at binding edges: (bin index, T_lo, T_hi, active electrons per kg)."""
    cuts = target.binding_edges_mev()
    cuts = cuts[(cuts > edges_mev[0]) & (cuts < edges_mev[-1])]
    pts = np.unique(np.concatenate([edges_mev, cuts]))
    lo, hi = pts[:-1], pts[1:]
    keep = hi > lo
    lo, hi = lo[keep], hi[keep]
    idx = np.searchsorted(edges_mev, 0.5 * (lo + hi)) - 1
    n_act = target.active_electrons_per_kg(0.5 * (lo + hi))
    sel = n_act > 0
    return idx[sel], lo[sel], hi[sel], n_act[sel]


def _electron_bins_analytic(
    source: Source,
    target: Target,
    edges_mev: NDArray[np.float64],
    opts: _Options,
) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]], str]:
    """Weak and magnetic (per μ², per channel) interactions per second per kg in each bin."""
    nbins = edges_mev.size - 1
    idx, lo, hi, n_act = _pieces(edges_mev, target)
    chans, basis = _channels(source)
    _check_radii_basis(opts, basis)
    weak = np.zeros(nbins)
    mag: dict[str, NDArray[np.float64]] = {c.name: np.zeros(nbins) for c in chans}
    if idx.size == 0:
        return weak, mag, basis
    if np.any(lo <= 0.0):
        raise InputError(
            "edges_kev",
            edges_mev[0] * 1e3,
            "a lowest bin edge (or threshold) > 0 keV: the magnetic rate diverges as ln T "
            "at T → 0 for free electrons",
        )
    e_lo, e_hi = _el.enu_min_mev(lo), _el.enu_min_mev(hi)
    lo2, hi2 = lo[:, None], hi[:, None]

    def w_int(fl: str, e: NDArray[np.float64], rows: slice) -> NDArray[np.float64]:
        return _el.sigma_weak_integral(
            lo2[rows] if e.ndim == 2 else lo[rows],
            hi2[rows] if e.ndim == 2 else hi[rows],
            e,
            fl,
            sin2_theta_w=opts.sin2_theta_w,
            radiative_corrections=opts.radiative_corrections,
            charge_radius_cm2=opts.radius(fl),
        )

    def m_int(e: NDArray[np.float64], rows: slice) -> NDArray[np.float64]:
        return _el.sigma_magnetic_integral(
            lo2[rows] if e.ndim == 2 else lo[rows], hi2[rows] if e.ndim == 2 else hi[rows], e, 1.0
        )

    for chan in chans:
        w_piece, m_piece = _fold_channel(
            source,
            chan,
            e_lo,
            e_hi[:, None],
            lambda e, rows, c=chan: _weak_mix(source, c, lambda fl: w_int(fl, e, rows)),
            m_int,
        )
        weak += np.bincount(idx, weights=n_act * w_piece, minlength=nbins)
        mag[chan.name] += np.bincount(idx, weights=n_act * m_piece, minlength=nbins)
    return weak, mag, basis


# --------------------------------------------------------------------------------------------
# differential rates on a mesh (resolution, smooth binding models, CEvNS)
# --------------------------------------------------------------------------------------------


def _electron_differential(
    source: Source, t_mev: NDArray[np.float64], opts: _Options
) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]], str]:
    """Per electron: ∫ dΦ/dE dσ/dT dE (weak; magnetic per μ² per channel) at recoils ``t_mev``."""
    chans, basis = _channels(source)
    _check_radii_basis(opts, basis)
    weak = np.zeros(t_mev.size)
    mag = {c.name: np.zeros(t_mev.size) for c in chans}
    if t_mev.size == 0:
        return weak, mag, basis
    e_min = _el.enu_min_mev(t_mev)
    t2 = t_mev[:, None]

    def w_diff(fl: str, e: NDArray[np.float64], rows: slice) -> NDArray[np.float64]:
        return _el.dsigma_dt_weak(
            t2[rows] if e.ndim == 2 else t_mev[rows],
            e,
            fl,
            sin2_theta_w=opts.sin2_theta_w,
            radiative_corrections=opts.radiative_corrections,
            charge_radius_cm2=opts.radius(fl),
        )

    def m_diff(e: NDArray[np.float64], rows: slice) -> NDArray[np.float64]:
        if e.ndim == 2:  # product-fold nodes: all at E ≥ E_min(T), inside the kinematics
            return _c.MAGNETIC_PREFACTOR_CM2 * (1.0 / t2[rows] - 1.0 / e)
        return _el.dsigma_dt_magnetic(t_mev[rows], e, 1.0)

    def w_inside(fl: str, e: NDArray[np.float64], rows: slice) -> NDArray[np.float64]:
        if e.ndim == 2:  # product-fold nodes: inside the kinematics, any SM scheme
            return _el._weak_inside(t2[rows], e, fl, s2, rc, opts.radius(fl))
        return w_diff(fl, e, rows)

    rc = _el._check_rc(opts.radiative_corrections)
    s2 = _el._sin2(opts.sin2_theta_w, _el._default_s2(rc))
    for chan in chans:
        w_c, m_c = _fold_channel(
            source,
            chan,
            e_min,
            np.zeros((t_mev.size, 0)),
            lambda e, rows, c=chan: _weak_mix(source, c, lambda fl: w_inside(fl, e, rows)),
            m_diff,
        )
        weak += w_c
        mag[chan.name] += m_c
    return weak, mag, basis


def _nucleus_for(element: str) -> _nuc.Nucleus:
    if element in _nuc.NUCLEI:
        return _nuc.Nucleus.from_name(element)
    z, a_r = element_data(element)
    u_mev = _U_MEV
    return _nuc.Nucleus(
        z=z, n=max(a_r - z, 0.0), mass_mev=a_r * u_mev - z * _c.M_E_MEV, name=element
    )


def _nuclear_differential(
    source: Source, nuc: _nuc.Nucleus, t_mev: NDArray[np.float64], opts: _Options
) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]]]:
    """Per nucleus: ∫ dΦ/dE dσ_CEvNS/dT dE (SM; magnetic per μ² per channel) at ``t_mev``."""
    chans, _ = _channels(source)
    sm = np.zeros(t_mev.size)
    mag = {c.name: np.zeros(t_mev.size) for c in chans}
    if t_mev.size == 0:
        return sm, mag
    m = nuc.mass_mev
    e_min = 0.5 * (t_mev + np.sqrt(t_mev * t_mev + 2.0 * m * t_mev))
    t2 = t_mev[:, None]

    def sm_x(e: NDArray[np.float64], rows: slice) -> NDArray[np.float64]:
        return _nuc.dsigma_dt_cevns_weak(
            t2[rows] if e.ndim == 2 else t_mev[rows],
            e,
            nuc,
            form_factor=opts.form_factor,
            sin2_theta_w=opts.sin2_theta_w,
        )

    def mag_x(e: NDArray[np.float64], rows: slice) -> NDArray[np.float64]:
        return _nuc.dsigma_dt_cevns_magnetic(
            t2[rows] if e.ndim == 2 else t_mev[rows], e, nuc, 1.0, form_factor=opts.form_factor
        )

    for chan in chans:
        s_c, m_c = _fold_channel(source, chan, e_min, np.zeros((t_mev.size, 0)), sm_x, mag_x)
        sm += s_c
        mag[chan.name] += m_c
    return sm, mag


#: Chebyshev nodes (first kind) on [0, 1] for the interpolation of dR/dT within a coarse cell,
#: with their barycentric weights (Berrut & Trefethen, SIAM Rev. 46 (2004) 501, Eq. 5.1).
N_INTERP = 12
_CHEB_ANGLES = (2.0 * np.arange(N_INTERP) + 1.0) * np.pi / (2.0 * N_INTERP)
_CHEB_X = 0.5 * (1.0 - np.cos(_CHEB_ANGLES))
_CHEB_W = (-1.0) ** np.arange(N_INTERP) * np.sin(_CHEB_ANGLES)


@dataclass(frozen=True)
class _Plan:
    """Quadrature plan on a recoil range: coarse nodes for the expensive dR/dT, fine nodes
    (with weights) for the integral against P(bin | T), and the interpolation between them."""

    coarse: NDArray[np.float64]  # (n_cells * N_INTERP,)
    fine: NDArray[np.float64]  # (m,)
    weights: NDArray[np.float64]  # (m,)
    cell: NDArray[np.intp]  # (m,) coarse cell of each fine node
    interp: NDArray[np.float64]  # (m, N_INTERP) barycentric Lagrange weights

    def to_fine(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """Interpolate values on the coarse nodes to the fine nodes."""
        v = values.reshape(-1, N_INTERP)[self.cell]
        return np.sum(self.interp * v, axis=1)


def _merge(starts: NDArray[np.float64], ends: NDArray[np.float64]) -> list[tuple[int, int]]:
    """Index ranges of groups of overlapping intervals (inputs sorted by start)."""
    reach = np.maximum.accumulate(ends)
    new = np.concatenate([[True], starts[1:] > reach[:-1]])
    first = np.flatnonzero(new)
    last = np.concatenate([first[1:], [starts.size]])
    return list(zip(first.tolist(), last.tolist(), strict=True))


def _plan(
    lo: float,
    hi: float,
    cuts: NDArray[np.float64],
    fine: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]] = (),
) -> _Plan:
    """Build the quadrature plan for ∫_lo^hi dR/dT(T) P(bin | T) dT.

    Coarse cells grow geometrically by at most 25 % (the rates vary like powers of T) and have
    every point of ``cuts`` as an edge (jumps and kinks of dR/dT: binding edges, T_max of lines
    and spectrum breakpoints); dR/dT is evaluated on :data:`N_INTERP` Chebyshev nodes per cell
    and interpolated (smooth inside a cell, so the interpolation error is ≪ 10⁻⁶). Fine cells
    subdivide the coarse ones; around each centre c of ``fine = [(centres, sigmas), ...]``
    (the observed bin edges and the resolution there) they are at most 1.5 σ(T) wide over
    c ± 10.5 σ, where P(bin | T) changes. Each fine cell carries an 8-point Gauss–Legendre rule.
    """
    empty = np.zeros(0)
    if not hi > lo:
        return _Plan(empty, empty, empty, np.zeros(0, dtype=np.intp), np.zeros((0, N_INTERP)))
    n_geo = max(math.ceil(math.log(hi / lo) / math.log(1.25)), 1)
    coarse_edges = np.unique(
        np.concatenate([np.geomspace(lo, hi, n_geo + 1), cuts[(cuts > lo) & (cuts < hi)], [lo, hi]])
    )
    parts = [coarse_edges]
    for centres, sigmas in fine:
        order = np.argsort(centres)
        c, sg = centres[order], sigmas[order]
        starts, ends = c - 10.5 * sg, c + 10.5 * sg
        for i, j in _merge(starts, ends):
            a, b = max(starts[i], lo), min(float(np.max(ends[i:j])), hi)
            if b <= a:
                continue
            # cells uniform in u(T) = ∫ dT / (1.5 σ(T)), σ interpolated between the centres
            grid = np.linspace(a, b, 513)
            sig = np.interp(grid, c[i:j], sg[i:j])
            u = np.concatenate(
                [[0.0], np.cumsum(np.diff(grid) / (1.5 * 0.5 * (sig[1:] + sig[:-1])))]
            )
            n = max(math.ceil(u[-1]), 1)
            parts.append(np.interp(np.linspace(0.0, u[-1], n + 1), u, grid))
    edges = np.unique(np.concatenate(parts))
    edges = edges[(edges >= lo) & (edges <= hi)]
    a, b = edges[:-1], edges[1:]
    nodes = (a[:, None] + (b - a)[:, None] * _X8).ravel()
    weights = ((b - a)[:, None] * _W8).ravel()
    # coarse cells and interpolation weights
    ca, cb = coarse_edges[:-1], coarse_edges[1:]
    coarse_nodes = (ca[:, None] + (cb - ca)[:, None] * _CHEB_X).ravel()
    cell = np.clip(np.searchsorted(coarse_edges, nodes, side="right") - 1, 0, ca.size - 1)
    x = (nodes - ca[cell]) / (cb - ca)[cell]
    diff = x[:, None] - _CHEB_X[None, :]
    exact = diff == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = _CHEB_W / diff
        interp = terms / np.sum(terms, axis=1, keepdims=True)
    hit = exact.any(axis=1)
    interp[hit] = exact[hit].astype(float)
    return _Plan(coarse_nodes, nodes, weights, cell, interp)


def _kinematic_cuts(
    source: Source, t_max: Callable[[NDArray[np.float64]], NDArray[np.float64]]
) -> NDArray[np.float64]:
    """Recoil energies where dR/dT jumps or kinks: T_max of lines and of spectrum breakpoints."""
    pts = []
    for fl in source.flavours:
        bp = source_breakpoints_mev(source, fl)
        pts.extend(bp.tolist())
        pts.extend(line.energy_mev for line in source.lines(fl))
    if not pts:
        return np.zeros(0)
    e = np.asarray(pts, dtype=float)
    return np.unique(t_max(e[e > 0]))


def _max_energy(source: Source) -> float:
    e = 0.0
    for fl in source.flavours:
        lo, hi = source.energy_range_mev(fl)
        if hi > lo:
            e = max(e, hi)
        for line in source.lines(fl):
            e = max(e, line.energy_mev)
    return e


def _active_jacobians(
    target: Target, plan: _Plan
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Quadrature weights (dT in MeV) times the active electrons per kg at the fine nodes,
    for the weak and the magnetic term (one array twice unless the binding is per term)."""
    t = plan.fine * 1e-3
    if target.term_dependent:
        n_w, n_m = target.active_electrons_per_kg_by_term(t)
        return plan.weights * 1e-3 * n_w, plan.weights * 1e-3 * n_m
    jac = plan.weights * 1e-3 * target.active_electrons_per_kg(t)
    return jac, jac


def _fold_to_bins(
    obs_kev: NDArray[np.float64],
    values: Sequence[NDArray[np.float64]],
    lo_kev: NDArray[np.float64],
    hi_kev: NDArray[np.float64],
    response: Response,
) -> list[NDArray[np.float64]]:
    """Σ_nodes value × P(observed bin | node) for each array of ``values`` (same nodes).

    Without resolution P is the indicator of lo < E ≤ hi. With resolution it is the exact
    Gaussian bin probability, evaluated only for the bins within ±12 σ of each node (a banded,
    vectorised computation; the neglected tails are < 10⁻³²).
    """
    nbins = lo_kev.size
    if obs_kev.size == 0:
        return [np.zeros(nbins) for _ in values]
    if not response.has_resolution:
        idx = np.searchsorted(hi_kev, obs_kev, side="left")
        ok = idx < nbins
        ok[ok] &= obs_kev[ok] > lo_kev[idx[ok]]
        return [np.bincount(idx[ok], weights=v[ok], minlength=nbins) for v in values]
    sigma = response.resolution.sigma_kev(obs_kev)  # type: ignore[union-attr]
    first = np.searchsorted(hi_kev, obs_kev - 12.0 * sigma, side="left")
    last = np.searchsorted(lo_kev, obs_kev + 12.0 * sigma, side="right")
    width = int(np.max(last - first)) if obs_kev.size else 0
    width = max(width, 1)
    idx = first[:, None] + np.arange(width)[None, :]
    ok = idx < np.minimum(last, nbins)[:, None]
    idx = np.where(ok, idx, 0)
    prob = _gauss_bin_prob(lo_kev[idx], hi_kev[idx], obs_kev[:, None], sigma[:, None]) * ok
    flat = idx.ravel()
    return [np.bincount(flat, weights=(prob * v[:, None]).ravel(), minlength=nbins) for v in values]


#: A varying efficiency multiplies the rate in observed energy inside each bin: the bin is cut
#: into sub-bins no wider than E_lo / EFFICIENCY_SUBBIN_FRACTION (relative to the energy, as
#: spectra vary on the scale of E) and at least :data:`EFFICIENCY_MIN_SUBBINS`, at most
#: :data:`EFFICIENCY_MAX_SUBBINS` per bin; the efficiency (averaged over each sub-bin)
#: multiplies the sub-bin counts before they are summed. The error is second order in the
#: sub-bin width, ≲ 3e-4 relative for rates and efficiencies varying on the scale of E.
EFFICIENCY_SUBBIN_FRACTION = 16.0
EFFICIENCY_MIN_SUBBINS = 8
EFFICIENCY_MAX_SUBBINS = 256


def _constant_efficiency(response: Response) -> bool:
    eff = response.efficiency
    return isinstance(eff, Efficiency) and eff.energies_kev is None


def _subbins(edges: NDArray[np.float64], response: Response) -> NDArray[np.int64]:
    """Sub-bins per bin for the efficiency fold (1 everywhere for a constant efficiency)."""
    n = edges.size - 1
    if _constant_efficiency(response):
        return np.ones(n, dtype=np.int64)
    lo = np.maximum(edges[:-1], max(response.threshold_kev, 1e-3))
    width = np.diff(edges)
    need = np.ceil(width / (lo / EFFICIENCY_SUBBIN_FRACTION))
    return np.clip(need, EFFICIENCY_MIN_SUBBINS, EFFICIENCY_MAX_SUBBINS).astype(np.int64)


def _subdivide(edges: NDArray[np.float64], n_sub: NDArray[np.int64]) -> NDArray[np.float64]:
    """Each bin i of ``edges`` cut into ``n_sub[i]`` equal sub-bins."""
    if np.all(n_sub == 1):
        return edges
    owner = np.repeat(np.arange(n_sub.size), n_sub)
    k = np.arange(owner.size) - np.repeat(np.cumsum(n_sub) - n_sub, n_sub)
    inner = edges[owner] + np.diff(edges)[owner] * k / n_sub[owner]
    return np.append(inner, edges[-1])


def _true_range_kev(lo_kev: float, hi_kev: float, response: Response) -> tuple[float, float]:
    if not response.has_resolution:
        return lo_kev, hi_kev
    res = response.resolution
    s_lo = float(res.sigma_kev(lo_kev))  # type: ignore[union-attr]
    # 8σ above the top: σ(E) grows with E, so iterate once on the upper end
    top = hi_kev + 8.0 * float(res.sigma_kev(hi_kev))  # type: ignore[union-attr]
    top = hi_kev + 8.0 * float(res.sigma_kev(top))  # type: ignore[union-attr]
    return max(lo_kev - 8.0 * s_lo, 0.0), top


def _fine_regions(
    lo_obs: NDArray[np.float64], hi_obs: NDArray[np.float64], response: Response
) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """Observed bin edges (keV) and the resolution there, where the mesh must resolve σ."""
    if not response.has_resolution:
        return []
    centres = np.unique(np.concatenate([lo_obs, hi_obs]))
    sigma = response.resolution.sigma_kev(centres)  # type: ignore[union-attr]
    keep = sigma > 0
    return [(centres[keep], sigma[keep])]


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------


def expected_spectrum(
    source: Source,
    target: Target,
    response: Response | None,
    binning_edges_kev: ArrayLike,
    exposure: Exposure,
    *,
    binding_model: str | None = None,
    background: FlatBackground | float | None = None,
    include_cevns: bool = True,
    sin2_theta_w: float | None = None,
    radiative_corrections: Any = _el.DEFAULT_RADIATIVE_CORRECTIONS,
    form_factor: str = "helm",
    t_min_kev: float = 1e-3,
    charge_radius_cm2: float | Mapping[str, float] = 0.0,
) -> Spectrum:
    """Expected counts per observed-energy bin, components separate (see the module docstring).

    Args:
        source: a :class:`~munu.sources.base.Source`.
        target: the :class:`~munu.detectors.Target` (material, mass, binding).
        response: the :class:`~munu.detectors.Response`, or ``None`` (perfect detector).
        binning_edges_kev: observed-energy bin edges in keV (electron-equivalent), strictly
            increasing; bins or bin parts below ``response.threshold_kev`` get no counts.
        exposure: the :class:`Exposure`; counts are for its ON live time.
        binding_model: ``"free"`` or ``"stepping"`` to override the target's binding model,
            or ``None`` to keep it.
        background: a :class:`FlatBackground`, a flat rate in counts/(kg keV day), or ``None``.
        include_cevns: add coherent ν-nucleus scattering (quenched with Lindhard).
        sin2_theta_w: weak mixing angle for the SM terms (``None``: each module's default).
        radiative_corrections: standard-model scheme of the ν-e weak term, as in
            :func:`munu.interactions.dsigma_dt_weak`: ``"electroweak"`` (default, BKS ρ and
            κ(T)), ``"tree"``/``False`` or ``"full"``/``True``.
        form_factor: nuclear form factor for CEvNS.
        t_min_kev: smallest true electron recoil considered when a resolution tail reaches
            down to zero energy (keV, > 0; the free-electron magnetic rate diverges as ln T).
        charge_radius_cm2: neutrino charge radius ⟨r²_{ν_ℓ}⟩ in cm² in the ν-e weak term: one
            number for every flavour, or a mapping by lepton flavour (``{"e": ..., "mu":
            ..., "tau": ...}``, missing ones 0); ν_ℓ and ν̄_ℓ share it. Convention and
            coupling shift as in :func:`munu.interactions.dsigma_dt_weak`; CEvNS is not
            changed. For the Sun (mass basis) the μ and τ values must be equal.

    Returns:
        The :class:`Spectrum`.

    Example:
        >>> from munu.detectors import Resolution, Response, Target
        >>> from munu.sources.reactor import Reactor
        >>> spec = expected_spectrum(
        ...     Reactor(2.9, 28.0), Target("Ge", 1.06, binding="stepping"),
        ...     Response(threshold_kev=12.0, resolution=Resolution(a_kev=0.3)),
        ...     [12.0, 36.0, 60.0], Exposure(196.3, 52.1), background=1.0)
        >>> spec.channels, spec.background.round(1).tolist()
        (('nuebar',), [4993.9, 4993.9])
        >>> round(float(spec.magnetic_counts(1e-10).sum()), 1)
        108.0
    """
    if not isinstance(source, Source):
        raise InputError("source", source, "a munu.sources Source")
    if not isinstance(target, Target):
        raise InputError("target", target, "a munu.detectors.Target")
    if not isinstance(exposure, Exposure):
        raise InputError("exposure", exposure, "a munu.spectra.Exposure")
    response = _as_response(response)
    out_edges = _check_edges(binning_edges_kev, "binning_edges_kev")
    # a varying efficiency multiplies the rate in observed energy inside each bin: the fold
    # runs on sub-bins and the efficiency-weighted sub-bin counts are summed (_rebin below)
    n_sub = _subbins(out_edges, response)
    edges = _subdivide(out_edges, n_sub)
    if binding_model is not None:
        target = Target(target.material, target.mass_kg, binding=binding_model)
    t_floor = as_float(t_min_kev, "t_min_kev", positive=True)
    opts = _Options(
        sin2_theta_w,
        radiative_corrections,
        check_choice(form_factor, "form_factor", _nuc.FORM_FACTORS),
        _charge_radii(charge_radius_cm2),
    )
    if background is None:
        background = FlatBackground(0.0)
    elif not isinstance(background, FlatBackground):
        background = FlatBackground(as_float(background, "background", nonnegative=True))

    nbins = edges.size - 1
    thr = response.threshold_kev
    lo_obs = np.maximum(edges[:-1], thr)
    hi_obs = np.maximum(edges[1:], lo_obs)
    active = hi_obs > lo_obs
    scale = target.mass_kg * exposure.live_seconds
    eff = response.bin_efficiency(edges) * active
    chans, basis = _channels(source)
    e_max = _max_energy(source)

    # ---- electron recoils
    if not active.any():
        weak = np.zeros(nbins)
        mag = {c.name: np.zeros(nbins) for c in chans}
    elif not response.has_resolution and target.piecewise_constant:
        clipped = np.unique(np.concatenate([lo_obs[active], hi_obs[active]])) * 1e-3
        w_c, m_c, basis = _electron_bins_analytic(source, target, clipped, opts)
        # map clipped-bin results back onto the observed bins (active bins are contiguous
        # from the first bin above threshold, so each active bin is one clipped bin)
        pos = np.searchsorted(clipped, lo_obs[active] * 1e-3)
        weak = np.zeros(nbins)
        weak[active] = w_c[pos]
        mag = {}
        for k, arr in m_c.items():
            full = np.zeros(nbins)
            full[active] = arr[pos]
            mag[k] = full
    else:
        t_lo, t_hi = _true_range_kev(float(lo_obs[active][0]), float(hi_obs[active][-1]), response)
        t_lo = max(t_lo, t_floor)
        t_hi = min(t_hi, float(_el.t_max_mev(e_max)) * 1e3) if e_max > 0 else t_lo
        cuts = np.concatenate(
            [
                target.binding_edges_mev() * 1e3,
                _kinematic_cuts(source, _el.t_max_mev) * 1e3,
                np.zeros(0) if response.has_resolution else np.concatenate([lo_obs, hi_obs]),
            ]
        )
        plan = _plan(t_lo, t_hi, cuts, _fine_regions(lo_obs[active], hi_obs[active], response))
        w_c, m_c, basis = _electron_differential(source, plan.coarse * 1e-3, opts)
        jac_w, jac_m = _active_jacobians(target, plan)
        keys = list(m_c)
        folded = _fold_to_bins(
            plan.fine,
            [jac_w * plan.to_fine(w_c), *(jac_m * plan.to_fine(m_c[k]) for k in keys)],
            lo_obs,
            hi_obs,
            response,
        )
        weak = folded[0] * active
        mag = {k: f * active for k, f in zip(keys, folded[1:], strict=True)}

    # ---- coherent ν-nucleus scattering (quenched)
    cevns = np.zeros(nbins)
    mag_nuc = {c.name: np.zeros(nbins) for c in chans}
    if include_cevns and active.any() and e_max > 0:
        for el, n_per_kg in target.atoms_per_kg.items():
            nuc = _nucleus_for(el)
            q = response.lindhard(nuc.z, nuc.a)
            ee_lo, ee_hi = _true_range_kev(
                float(lo_obs[active][0]), float(hi_obs[active][-1]), response
            )
            tmax_kev = float(_nuc.t_max_nucleus_mev(e_max, nuc)) * 1e3
            nr_lo = float(q.nr_from_ee(ee_lo)) if ee_lo > 0 else 0.0
            nr_hi = min(float(q.nr_from_ee(ee_hi)), tmax_kev)
            nr_lo = max(nr_lo, t_floor)
            if nr_hi <= nr_lo:
                continue
            cuts = np.concatenate(
                [
                    _kinematic_cuts(source, lambda e, nuc=nuc: _nuc.t_max_nucleus_mev(e, nuc))
                    * 1e3,
                    np.zeros(0)
                    if response.has_resolution
                    else q.nr_from_ee(np.concatenate([lo_obs, hi_obs])),
                ]
            )
            fine = []
            for centres, sig in _fine_regions(lo_obs[active], hi_obs[active], response):
                # a bin edge at 0 keV has no finite slope there: take it at the lowest recoil
                c_nr = np.maximum(q.nr_from_ee(centres), max(nr_lo, 1e-6))
                slope = (q.ee_from_nr(c_nr * 1.0001) - q.ee_from_nr(c_nr * 0.9999)) / (2e-4 * c_nr)
                fine.append((c_nr, sig / slope))
            plan = _plan(nr_lo, nr_hi, cuts, fine)
            sm_c, mn_c = _nuclear_differential(source, nuc, plan.coarse * 1e-3, opts)
            jac = plan.weights * 1e-3 * n_per_kg
            keys = list(mn_c)
            folded = _fold_to_bins(
                q.ee_from_nr(plan.fine),
                [jac * plan.to_fine(sm_c), *(jac * plan.to_fine(mn_c[k]) for k in keys)],
                lo_obs,
                hi_obs,
                response,
            )
            cevns += folded[0] * active
            for k, f in zip(keys, folded[1:], strict=True):
                mag_nuc[k] += f * active

    starts = np.concatenate([[0], np.cumsum(n_sub)[:-1]])

    def _rebin(a: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.add.reduceat(a, starts) if np.any(n_sub > 1) else a

    mag = {k: _rebin((mag[k] + mag_nuc[k]) * eff * scale) for k in mag}
    info = {
        "source": type(source).__name__,
        "material": target.material.name,  # type: ignore[union-attr]
        "binding": target.binding_name,
        "threshold_kev": thr,
        "resolution": response.resolution,
        "include_cevns": include_cevns,
        "radiative_corrections": _sm_scheme_name(radiative_corrections),
    }
    if any(opts.charge_radii):
        info["charge_radius_cm2"] = dict(zip(("e", "mu", "tau"), opts.charge_radii, strict=True))
    return Spectrum(
        edges_kev=out_edges,
        weak=_rebin(weak * eff * scale),
        magnetic=mag,
        magnetic_basis=basis,
        cevns=_rebin(cevns * eff * scale),
        background=background.counts(out_edges, target.mass_kg, exposure.live_days, thr),
        exposure=exposure,
        mass_kg=target.mass_kg,
        info=info,
    )


def differential_rates(
    source: Source,
    target: Target,
    t_kev: ArrayLike,
    *,
    sin2_theta_w: float | None = None,
    radiative_corrections: Any = _el.DEFAULT_RADIATIVE_CORRECTIONS,
    charge_radius_cm2: float | Mapping[str, float] = 0.0,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Electron-recoil differential rates per kg per day per keV at true recoils ``t_kev``.

    Args:
        source: the neutrino source.
        target: the target (its binding model multiplies both terms, or each its own for a
            per-term model such as :class:`~munu.interactions.atomic.TabulatedBinding`).
        t_kev: recoil energies in keV (> 0).
        sin2_theta_w: weak mixing angle (``None``: default).
        radiative_corrections: as in :func:`munu.interactions.dsigma_dt_weak`.
        charge_radius_cm2: neutrino charge radius ⟨r²_{ν_ℓ}⟩ in cm² in the ν-e weak term: one
            number for every flavour, or a mapping by lepton flavour (``{"e": ..., "mu":
            ..., "tau": ...}``, missing ones 0); ν_ℓ and ν̄_ℓ share it. Convention and
            coupling shift as in :func:`munu.interactions.dsigma_dt_weak`; CEvNS is not
            changed. For the Sun (mass basis) the μ and τ values must be equal.

    Returns:
        ``(weak, magnetic_per_mu2)``, each of the shape of ``t_kev`` (magnetic summed over
        channels, per unit μ² in μ_B²).

    Example:
        >>> from munu.sources.reactor import Reactor
        >>> w, m = differential_rates(Reactor(2.9, 28.0), Target("Ge", 1.0), [10.0])
        >>> round(float(w[0]) * 1e3, 3), round(float(m[0]) * 1e-18, 3)   # per kg day keV
        (1.303, 3.355)
    """
    t = as_float_array(t_kev, "t_kev", positive=True)
    opts = _Options(sin2_theta_w, radiative_corrections, "helm", _charge_radii(charge_radius_cm2))
    w, m, _ = _electron_differential(source, t.ravel() * 1e-3, opts)
    n_w, n_m = target.active_electrons_per_kg_by_term(t.ravel() * 1e-3)
    mag = np.sum(list(m.values()), axis=0) if m else np.zeros(t.size)
    per = DAY_S * 1e-3  # per day, per keV
    return (w * n_w * per).reshape(t.shape), (mag * n_m * per).reshape(t.shape)


def signal_to_sm_ratio(
    source: Source,
    target: Target,
    t_kev: ArrayLike,
    mu: float,
    *,
    radiative_corrections: Any = _el.DEFAULT_RADIATIVE_CORRECTIONS,
) -> NDArray[np.float64]:
    """Ratio R of magnetic to SM weak differential rate at recoil T and moment μ.

    The dotted "signal-to-SM" lines of the review's Fig. 4a (hep-ex/0409003). Atomic binding
    multiplies both terms equally and cancels in the ratio.

    Args:
        source: neutrino source.
        target: target (any binding model; it cancels).
        t_kev: recoil energies in keV (> 0).
        mu: effective moment in μ_B (same for all flavours).
        radiative_corrections: SM scheme of the denominator, as in
            :func:`munu.interactions.dsigma_dt_weak`.

    Returns:
        R(T), shape of ``t_kev``.

    Example:
        >>> from munu.sources.reactor import Reactor
        >>> r = signal_to_sm_ratio(Reactor(2.9, 28.0), Target("Ge", 1.0), [1.0, 10.0], 1e-10)
        >>> r.round(1).tolist()
        [252.4, 25.7]
    """
    weak, mag = differential_rates(
        source,
        Target(target.material, target.mass_kg, "free"),
        t_kev,
        radiative_corrections=radiative_corrections,
    )
    m2 = as_float(mu, "mu") ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(weak > 0, m2 * mag / np.where(weak > 0, weak, 1.0), np.inf)


def integrated_rates_per_kg_day(
    source: Source,
    target: Target,
    threshold_kev: float,
    upper_kev: float | None = None,
    *,
    sin2_theta_w: float | None = None,
    radiative_corrections: Any = _el.DEFAULT_RADIATIVE_CORRECTIONS,
    charge_radius_cm2: float | Mapping[str, float] = 0.0,
) -> tuple[float, float]:
    """Electron-recoil rates per kg per day with recoil T in [threshold, upper] (perfect response).

    Args:
        source: neutrino source.
        target: target with its binding model.
        threshold_kev: lower recoil limit in keV (> 0).
        upper_kev: upper limit in keV, or ``None`` for the kinematic end point.
        sin2_theta_w: weak mixing angle.
        radiative_corrections: SM scheme, as in :func:`munu.interactions.dsigma_dt_weak`
            (default ``"electroweak"``; ``"tree"`` for tree level).
        charge_radius_cm2: neutrino charge radius ⟨r²_{ν_ℓ}⟩ in cm² in the ν-e weak term: one
            number for every flavour, or a mapping by lepton flavour (``{"e": ..., "mu":
            ..., "tau": ...}``, missing ones 0); ν_ℓ and ν̄_ℓ share it. Convention and
            coupling shift as in :func:`munu.interactions.dsigma_dt_weak`; CEvNS is not
            changed. For the Sun (mass basis) the μ and τ values must be equal.

    Returns:
        ``(weak, magnetic_per_mu2)`` in counts kg⁻¹ day⁻¹ (magnetic per unit μ_B²).

    Example:
        >>> from munu.sources.reactor import Reactor
        >>> w, m = integrated_rates_per_kg_day(Reactor(2.9, 28.0), Target("Ge", 1.0), 12.0, 60.0)
        >>> round(w, 4), round(m * 1e-20, 4)
        (0.0568, 0.519)
    """
    thr = as_float(threshold_kev, "threshold_kev", positive=True)
    top = (
        float(_el.t_max_mev(_max_energy(source))) * 1e3
        if upper_kev is None
        else as_float(upper_kev, "upper_kev", positive=True)
    )
    if top <= thr:
        return 0.0, 0.0
    opts = _Options(sin2_theta_w, radiative_corrections, "helm", _charge_radii(charge_radius_cm2))
    if not target.piecewise_constant:
        # a smooth binding model: the recoil integral on the mesh of expected_spectrum
        cuts = np.concatenate(
            [target.binding_edges_mev() * 1e3, _kinematic_cuts(source, _el.t_max_mev) * 1e3]
        )
        plan = _plan(thr, top, cuts)
        w_c, m_c, _ = _electron_differential(source, plan.coarse * 1e-3, opts)
        jac_w, jac_m = _active_jacobians(target, plan)
        weak = float(np.sum(jac_w * plan.to_fine(w_c)))
        mag = sum(float(np.sum(jac_m * plan.to_fine(v))) for v in m_c.values())
        return weak * DAY_S, mag * DAY_S
    w, m, _ = _electron_bins_analytic(source, target, np.array([thr, top]) * 1e-3, opts)
    mag = sum(float(v[0]) for v in m.values())
    return float(w[0]) * DAY_S, mag * DAY_S
