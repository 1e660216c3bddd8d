"""Extended unbinned likelihood linear in κ = μ², for event lists (energies in keV).

The expected event density on the window [E₀, E₁] = [``grid_kev[0]``, ``grid_kev[-1]``] is

    λ(E) = κ s(E) + Σ_k θ_k b_k(E) + θ_SM sm(E)      (events per keV, full exposure),

with every component tabulated on ``grid_kev`` and linear in between (so λ ≥ 0 on the whole
window exactly when it is ≥ 0 at the grid nodes). The extended likelihood of events E_i is
(Barlow, NIM A 297 (1990) 496; Cowan, *Statistical Data Analysis* §6.9)

    −ln L = Λ(κ, θ) − Σ_i ln λ(E_i) + ½ Σ_k ((a_k − θ_k)/σ_k)²,    Λ = ∫ λ dE,

where Λ is integrated exactly for the piecewise-linear shape (trapezoids) and the Gaussian terms
are the auxiliary measurements of constrained normalisations, as in
:class:`~munu.stats.models.BinnedModel` (0 fixed, inf free, else Gaussian with relative σ).
The NLL is defined up to a data-only constant (no saturated model exists for events), so only
its differences (t = 2[p(κ) − p(κ̂)]) are meaningful. It is the limit of the binned Poisson
likelihood for infinitely fine bins, and it is convex in (κ, θ), so the nuisances are profiled
by the same damped, vectorised Newton iteration (steps stopped before any node density
reaches 0) and κ̂ ≥ 0 by :func:`munu.stats._newton.minimise_kappa_from`.

Data layout. A data set is one row ``[a_1..a_c, E_1..E_W, w_1..w_W]``: the auxiliary
measurements of the c constrained normalisations, then W event energies and their weights
(1 for real events; 0 pads rows of a batch to a common width). A plain 1-d list of energies is
one data set (weights 1, nominal auxiliaries); :meth:`UnbinnedModel.events_to_data` pads a
list of event lists into a batch. Weighted rows also represent the Asimov data set
(:meth:`~munu.stats.models.LinearModel.asimov`): two Gauss–Legendre points per grid interval
carrying the expected counts, exact for the linear score (so κ̂ of the Asimov data is exactly
its κ) and accurate to O(h⁴) for the curvature.

Toys draw a Poisson number of events and their energies from the piecewise-linear density
(interval by its expected count, position by inverting the linear cdf), vectorised over a
block of toys with padded rows, from the block's seeded generator: the seeding and chunk
invariance of :mod:`munu.stats.toys` hold unchanged. No well-kept library offers a batched,
profiled extended likelihood for piecewise-linear templates (zfit/iminuit minimise one data
set at a time, ~10⁴× slower for FC toys), hence this module.

Example:
    >>> import numpy as np
    >>> from munu.stats.unbinned import UnbinnedModel
    >>> m = UnbinnedModel([0.0, 10.0], [1.0, 0.0], [2.0, 2.0])
    >>> float(m.signal_total), float(m.background_totals[0])
    (5.0, 20.0)
    >>> asimov = m.asimov(1.0)[None, :]  # one row (a 1-d array would be an event list)
    >>> round(float(m.fit(asimov, allow_fractional=True).kappa_hat[0]), 6)
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float_array
from munu.errors import ConvergenceError, DataError, InputError
from munu.stats._newton import NLL_TOL, minimise_kappa_from
from munu.stats.models import (
    FitResult,
    LinearModel,
    ProfileResult,
    _boundary_derivs,
    _boundary_theta,
    _segment_theta,
    _TemplateNormalisations,
)

__all__ = ["UnbinnedModel"]

FloatArray = NDArray[np.float64]

#: Gauss–Legendre abscissae of the 2-point rule on [0, 1] (Abramowitz & Stegun 25.4.29).
_GL_T = np.array([0.5 - 0.5 / math.sqrt(3.0), 0.5 + 0.5 / math.sqrt(3.0)])


@dataclass(frozen=True, eq=False)
class _Events:
    """Component densities of a batch of events (padding entries have weight 0 and a
    constant unit density so that they contribute exactly nothing)."""

    w: FloatArray  # (N, W) weights
    s: FloatArray  # (N, W) signal density per unit κ
    fixed: FloatArray  # (N, W) sum of the fixed components
    f: FloatArray  # (N, W, P) floating components
    aux: FloatArray  # (N, c) auxiliary measurements

    def take(self, rows: NDArray[Any]) -> _Events:
        return _Events(self.w[rows], self.s[rows], self.fixed[rows], self.f[rows], self.aux[rows])


def _solve(hess: FloatArray, grad: FloatArray) -> FloatArray:
    if hess.shape[-1] == 1:
        h = hess[:, 0, 0]
        if np.any(h <= 0.0) or not np.all(np.isfinite(h)):
            raise np.linalg.LinAlgError("singular 1×1 Hessian")
        return grad / h[:, None]
    return np.linalg.solve(hess, grad[..., None])[..., 0]


def _newton(
    ev: _Events,
    base_ev: FloatArray,
    base_nodes: FloatArray,
    f_nodes: FloatArray,
    totals: FloatArray,
    inv_var: FloatArray,
    aux_full: FloatArray,
    phi: FloatArray,
    nll_tol: float = 0.0,
) -> FloatArray:
    """Minimise Σ φ·T − Σ w ln(base + F φ) + ½ Σ inv_var (φ − aux)² over φ for every row.

    Damped Newton (the step is cut to 90 % of the way to the first node density reaching 0,
    so the density stays > 0 on the whole window) on a convex function; converged rows are
    dropped. ``base_ev`` (N, W) and ``base_nodes`` (N, G) are the parts not multiplied by φ.
    """
    out = phi.copy()
    active = np.arange(phi.shape[0])
    f_ev, w = ev.f, ev.w
    for _ in range(200):
        ph = out[active]
        lam = base_ev + np.einsum("nwp,np->nw", f_ev, ph)
        r = w / lam
        grad = totals - np.einsum("nw,nwp->np", r, f_ev) + inv_var * (ph - aux_full)
        r /= lam
        hess = np.einsum("nw,nwp,nwq->npq", r, f_ev, f_ev)
        idx = np.arange(ph.shape[1])
        hess[:, idx, idx] += inv_var
        if ph.shape[1] == 1 and np.any(hess[:, 0, 0] <= 0.0):
            # no event where the one free template is non-zero (e.g. a toy without events):
            # the NLL is θ T + (terms without θ), minimal where the first node density
            # reaches 0 (closed form, as models._boundary_theta for bins); a zero step then
            # ends these rows below
            flat = hess[:, 0, 0] <= 0.0
            ph[flat, 0] = _boundary_theta(base_nodes[flat], f_nodes[0], totals[0])
            grad[flat], hess[flat] = 0.0, 1.0
        try:
            step = -_solve(hess, grad)
        except np.linalg.LinAlgError:
            raise ConvergenceError(
                "template normalisations are not determined by the events (singular "
                "Hessian): constrain them or remove templates without events"
            ) from None
        lam_nodes = base_nodes + ph @ f_nodes
        dnode = step @ f_nodes
        with np.errstate(divide="ignore", invalid="ignore"):
            limit = np.where(dnode < 0.0, -lam_nodes / dnode, np.inf).min(axis=1)
        move = np.minimum(1.0, 0.9 * limit)[:, None] * step
        out[active] = ph + move
        done = np.all(np.abs(move) <= 1e-10 * (1.0 + np.abs(ph)), axis=1)
        if nll_tol > 0.0:
            done |= np.sum(grad * step, axis=1) >= -2.0 * nll_tol
        keep = ~done
        if not np.any(keep):
            return out
        active = active[keep]
        ev = ev.take(keep)
        f_ev, w = ev.f, ev.w
        base_ev, base_nodes = base_ev[keep], base_nodes[keep]
        aux_full = aux_full[keep]
    raise ConvergenceError(
        f"template normalisations did not converge for {active.size} data sets "
        "(the best fit may lie where the expected density vanishes)"
    )


@dataclass(frozen=True, eq=False)
class UnbinnedModel(_TemplateNormalisations, LinearModel):
    """Extended unbinned likelihood: density λ(E) = κ s(E) + Σ θ_k b_k(E) + θ_SM sm(E).

    Args:
        grid_kev: strictly increasing energies (keV) on which the densities are tabulated;
            the fit window is [grid_kev[0], grid_kev[-1]].
        signal_per_kappa: signal density per unit κ (events per keV, full exposure), ≥ 0,
            (ngrid,).
        background: background densities (events per keV), (ngrid,) or (ntemplates, ngrid).
        background_sigma: relative uncertainty of each background normalisation, scalar or
            (ntemplates,): 0 fixed, ``numpy.inf`` free, otherwise Gaussian.
        sm: Standard-Model density (events per keV), (ngrid,) (default zeros).
        sm_sigma: relative uncertainty of the SM normalisation (0 fixed, inf free).

    Example:
        >>> import numpy as np
        >>> m = UnbinnedModel([1.0, 5.0, 9.0], [2.0, 1.0, 0.5], [[3.0, 3.0, 3.0]],
        ...                   background_sigma=np.inf)
        >>> data = m.sample(1.0, 1, np.random.default_rng(4))
        >>> m.fit(data).kappa_hat.shape
        (1,)
    """

    grid_kev: FloatArray
    signal_per_kappa: FloatArray
    background: FloatArray
    background_sigma: Any = 0.0
    sm: FloatArray | None = None
    sm_sigma: float = 0.0

    def __post_init__(self) -> None:
        grid = as_float_array(self.grid_kev, "grid_kev", allow_empty=False)
        if grid.ndim != 1 or grid.size < 2 or np.any(np.diff(grid) <= 0.0):
            raise InputError(
                "grid_kev", self.grid_kev, "a 1-d strictly increasing array of ≥ 2 energies"
            )
        s = as_float_array(self.signal_per_kappa, "signal_per_kappa", nonnegative=True)
        if s.shape != grid.shape or not np.any(s > 0.0):
            raise InputError(
                "signal_per_kappa",
                self.signal_per_kappa,
                f"densities ≥ 0 of shape {grid.shape} (one per grid energy), not all zero",
            )
        bkg = np.atleast_2d(as_float_array(self.background, "background"))
        if bkg.ndim != 2 or bkg.shape[1] != grid.size:
            raise InputError(
                "background",
                self.background,
                f"densities of shape ({grid.size},) or (ntemplates, {grid.size})",
            )
        sig = np.broadcast_to(np.asarray(self.background_sigma, float), (bkg.shape[0],)).copy()
        if np.any(np.isnan(sig)) or np.any(sig < 0):
            raise InputError(
                "background_sigma",
                self.background_sigma,
                "values ≥ 0 (0 fixed, inf free, else Gaussian)",
            )
        sm = (
            np.zeros_like(s) if self.sm is None else as_float_array(self.sm, "sm", nonnegative=True)
        )
        if sm.shape != grid.shape:
            raise InputError("sm", self.sm, f"densities of shape {grid.shape}")
        sm_sig = float(self.sm_sigma)
        if math.isnan(sm_sig) or sm_sig < 0:
            raise InputError("sm_sigma", self.sm_sigma, "a value ≥ 0 (0 fixed, inf free)")
        if np.any(bkg.sum(axis=0) + sm <= 0.0):
            raise InputError(
                "background",
                self.background,
                "densities whose nominal sum (with SM) is > 0 at every grid energy: a window "
                "where no background is expected makes κ = 0 untestable (narrow the window)",
            )
        object.__setattr__(self, "grid_kev", grid)
        object.__setattr__(self, "signal_per_kappa", s)
        object.__setattr__(self, "background", bkg)
        object.__setattr__(self, "background_sigma", sig)
        object.__setattr__(self, "sm", sm)
        object.__setattr__(self, "sm_sigma", sm_sig)

    # ------------------------------------------------------------------ structure

    @cached_property
    def _widths(self) -> FloatArray:
        return np.diff(self.grid_kev)

    def _integral(self, values: FloatArray) -> FloatArray:
        """Exact integrals over the window of piecewise-linear densities (…, ngrid)."""
        return 0.5 * np.sum((values[..., 1:] + values[..., :-1]) * self._widths, axis=-1)

    @cached_property
    def _inv_var(self) -> FloatArray:
        """1/σ² of each floating normalisation (0 for free ones)."""
        sig = self._sigmas[self._floating]
        with np.errstate(divide="ignore"):
            return np.where(np.isfinite(sig), 1.0 / sig**2, 0.0)

    @property
    def signal_total(self) -> float:
        """Expected signal events per unit κ in the window (exact integral)."""
        return float(self._integral(self.signal_per_kappa))

    @property
    def background_totals(self) -> FloatArray:
        """Expected events of each background template at nominal normalisation."""
        return np.asarray(self._integral(self.background))

    @cached_property
    def _totals_float(self) -> FloatArray:
        return np.asarray(self._integral(self._t_float))

    @cached_property
    def _total_fixed(self) -> float:
        return float(self._integral(self._fixed))

    @property
    def n_float(self) -> int:
        """Number of floating (free or constrained) normalisations."""
        return int(self._floating.sum())

    @property
    def n_aux(self) -> int:
        """Number of auxiliary columns (constrained normalisations)."""
        return int(self._constrained.sum())

    @property
    def n_counts(self) -> int:
        """0: the events are not Poisson count columns (toys are drawn by :meth:`_draw`)."""
        return 0

    @property
    def kappa_scale(self) -> float:
        """κ adding one expected signal event in the window."""
        return 1.0 / self.signal_total

    @property
    def n_obs(self) -> int:
        """Typical row width (nominal events + 5σ, weights and auxiliaries), used to size
        processing chunks only: rows of real batches have any width."""
        lam = self._total_fixed + float(np.sum(self._totals_float))
        return self.n_aux + 2 * math.ceil(lam + 5.0 * math.sqrt(lam) + 1.0)

    # ------------------------------------------------------------------ data

    def events_to_data(self, events: Sequence[ArrayLike], field_name: str = "events") -> FloatArray:
        """Pad a list of event lists (energies in keV) into a batch with nominal auxiliaries.

        Example:
            >>> m = UnbinnedModel([0.0, 10.0], [1.0, 1.0], [1.0, 1.0])
            >>> m.events_to_data([[1.0, 2.0], [3.0]]).tolist()
            [[1.0, 2.0, 1.0, 1.0], [3.0, 0.0, 1.0, 0.0]]
        """
        lists = [self._check_events(e, f"{field_name}[{i}]") for i, e in enumerate(events)]
        if not lists:
            raise InputError(field_name, events, "at least one event list")
        width = max(1, max(e.size for e in lists))
        n = len(lists)
        out = np.empty((n, self.n_aux + 2 * width))
        out[:, : self.n_aux] = self.nominal_aux
        out[:, self.n_aux : self.n_aux + width] = self.grid_kev[0]
        out[:, self.n_aux + width :] = 0.0
        for i, e in enumerate(lists):
            out[i, self.n_aux : self.n_aux + e.size] = e
            out[i, self.n_aux + width : self.n_aux + width + e.size] = 1.0
        return out

    def _check_events(self, events: ArrayLike, field_name: str) -> FloatArray:
        try:
            e = np.asarray(events, dtype=float)
        except (TypeError, ValueError):
            raise InputError(field_name, events, "a 1-d array of event energies in keV") from None
        if e.ndim != 1:
            raise InputError(field_name, events, "a 1-d array of event energies in keV")
        lo, hi = self.grid_kev[0], self.grid_kev[-1]
        bad = ~np.isfinite(e) | (e < lo) | (e > hi)
        if np.any(bad):
            first = float(e[np.argmax(bad)])
            raise InputError(
                field_name,
                f"{int(bad.sum())} event(s), e.g. {first:g} keV",
                f"energies within the fit window [{lo:g}, {hi:g}] keV",
            )
        return e

    def as_data(
        self, data: ArrayLike, field_name: str = "data", *, allow_fractional: bool = False
    ) -> FloatArray:
        """Validate data and return it as a (N, n_aux + 2W) batch.

        A 1-d array is one list of event energies (keV); a list of 1-d arrays is a batch of
        event lists; a 2-d array is a batch already in the row layout of the module docstring
        (as returned by this method, :meth:`sample` or :meth:`asimov`). Weights must be ≥ 0,
        and integers unless ``allow_fractional`` (Asimov data).

        Raises:
            InputError: an event outside the window, or not a number.
            DataError: a malformed 2-d batch.
        """
        if isinstance(data, list | tuple) and data and np.ndim(data[0]) == 1:
            return self.events_to_data(data, field_name)
        try:
            arr = np.asarray(data, dtype=float)
        except (TypeError, ValueError):
            raise InputError(field_name, data, "event energies in keV") from None
        if arr.ndim <= 1:
            return self.events_to_data([np.atleast_1d(arr)], field_name)
        c = self.n_aux
        if arr.ndim != 2 or (arr.shape[1] - c) % 2 or arr.shape[1] < c + 2:
            raise DataError(
                f"{field_name} has shape {arr.shape}: a batch row is [{c} auxiliary values, "
                "W energies, W weights]"
            )
        width = (arr.shape[1] - c) // 2
        e, w = arr[:, c : c + width], arr[:, c + width :]
        if not np.all(np.isfinite(arr)):
            raise DataError(f"{field_name} contains NaN or infinite values")
        if np.any(w < 0.0) or (not allow_fractional and np.any(w != np.round(w))):
            raise DataError(
                f"{field_name} has negative or non-integer event weights (fractional weights "
                "only for Asimov data)"
            )
        self._check_events(e[w > 0.0], field_name)
        return arr

    def _split(self, d: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        c = self.n_aux
        width = (d.shape[1] - c) // 2
        return d[:, :c], d[:, c : c + width], d[:, c + width :]

    def _interp(self, e: FloatArray) -> tuple[NDArray[np.intp], FloatArray]:
        j = np.clip(np.searchsorted(self.grid_kev, e, side="right") - 1, 0, self.grid_kev.size - 2)
        t = (e - self.grid_kev[j]) / self._widths[j]
        return j, t

    def _events(self, d: FloatArray) -> _Events:
        aux, e, w = self._split(d)
        j, t = self._interp(e)
        pad = w <= 0.0

        def at(v: FloatArray) -> FloatArray:
            return v[..., j] * (1.0 - t) + v[..., j + 1] * t

        s = np.where(pad, 0.0, at(self.signal_per_kappa))
        fixed = np.where(pad, 1.0, at(self._fixed))
        tf = self._t_float
        f = (
            np.where(pad[..., None], 0.0, np.moveaxis(at(tf), 0, -1))
            if tf.size
            else (np.zeros((*e.shape, 0)))
        )
        return _Events(w, s, fixed, f, aux)

    def _aux_full(self, ev: _Events) -> FloatArray:
        """Auxiliary value per floating normalisation (0 where free: inv_var is 0 there)."""
        out = np.zeros((ev.w.shape[0], self.n_float))
        out[:, self._constrained[self._floating]] = ev.aux
        return out

    # ------------------------------------------------------------------ likelihood

    def _lam_nodes(self, kappa: FloatArray, theta: FloatArray) -> FloatArray:
        return kappa[:, None] * self.signal_per_kappa + self._fixed + theta @ self._t_float

    def _expected(self, kappa: FloatArray, nuisances: FloatArray) -> FloatArray:
        """Asimov rows: two Gauss–Legendre points per interval weighted by expected counts."""
        lam = self._lam_nodes(kappa, nuisances)
        a, b = lam[:, :-1], lam[:, 1:]
        h = self._widths
        e = (self.grid_kev[:-1, None] + _GL_T[None, :] * h[:, None]).reshape(-1)
        w = np.stack([a + (b - a) * tt for tt in _GL_T], axis=-1) * (0.5 * h)[:, None]
        n = kappa.size
        aux = nuisances[:, self._constrained[self._floating]]
        return np.concatenate([aux, np.broadcast_to(e, (n, e.size)), w.reshape(n, -1)], axis=1)

    def _nll_events(self, kappa: FloatArray, ev: _Events, theta: FloatArray) -> FloatArray:
        lam = ev.fixed + kappa[:, None] * ev.s + np.einsum("nwp,np->nw", ev.f, theta)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_term = np.where(ev.w > 0.0, ev.w * np.log(np.where(ev.w > 0.0, lam, 1.0)), 0.0)
        total = self._total_fixed + kappa * self.signal_total + theta @ self._totals_float
        out = total - np.sum(log_term, axis=1)
        sel = self._constrained[self._floating]
        if np.any(sel):
            pull = (ev.aux - theta[:, sel]) / self.aux_sigma
            out = out + 0.5 * np.sum(pull * pull, axis=1)
        return out

    def _nll(self, kappa: FloatArray, data: FloatArray, nuisances: FloatArray) -> FloatArray:
        return self._nll_events(kappa, self._events(data), nuisances)

    def _profile_ev(
        self,
        kappa: FloatArray,
        ev: _Events,
        theta0: FloatArray | None = None,
        nll_tol: float = 0.0,
    ) -> FloatArray:
        """Profiled normalisations at κ (damped Newton from ``theta0`` or the nominal 1; a
        start where some node density is ≤ 0 is replaced by the nominal one)."""
        n = ev.w.shape[0]
        if self.n_float == 0:
            return np.ones((n, 0))
        if theta0 is None:
            theta = np.ones((n, self.n_float))
        else:
            theta = np.array(theta0, dtype=float)
            theta[np.min(self._lam_nodes(kappa, theta), axis=1) <= 0.0] = 1.0
        base_ev = ev.fixed + kappa[:, None] * ev.s
        base_nodes = kappa[:, None] * self.signal_per_kappa + self._fixed
        return _newton(
            ev,
            base_ev,
            base_nodes,
            self._t_float,
            self._totals_float,
            self._inv_var,
            self._aux_full(ev),
            theta,
            nll_tol,
        )

    def _profile(self, k: FloatArray, d: FloatArray) -> ProfileResult:
        ev = self._events(d)
        theta = self._profile_ev(k, ev)
        return ProfileResult(self._nll_events(k, ev, theta), theta)

    def _derivs_ev(
        self, kappa: FloatArray, ev: _Events, theta: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """Profiled dp/dκ and d²p/dκ² (Schur complement) at the profiled θ."""
        lam = ev.fixed + kappa[:, None] * ev.s + np.einsum("nwp,np->nw", ev.f, theta)
        r = ev.w / lam
        grad = self.signal_total - np.sum(r * ev.s, axis=1)
        q = r / lam
        h_kk = np.sum(q * ev.s * ev.s, axis=1)
        if theta.shape[1] == 0:
            return grad, h_kk
        hess = np.einsum("nw,nwp,nwq->npq", q, ev.f, ev.f)
        idx = np.arange(theta.shape[1])
        hess[:, idx, idx] += self._inv_var
        h_kt = np.einsum("nw,nwp->np", q * ev.s, ev.f)
        if theta.shape[1] == 1:  # θ on the density ≥ 0 boundary (see _newton)
            _boundary_derivs(
                grad,
                hess,
                kappa,
                self.signal_per_kappa,
                self._fixed,
                self._t_float[0],
                float(self._totals_float[0]),
            )
        try:
            sol = _solve(hess, h_kt)
        except np.linalg.LinAlgError:
            raise ConvergenceError(
                "template normalisations are not determined by the events (singular Hessian)"
            ) from None
        return grad, h_kk - np.sum(h_kt * sol, axis=1)

    def _theta_hessian(self, kappa: FloatArray, data: FloatArray, theta: FloatArray) -> FloatArray:
        """Hessian of the NLL in the floating normalisations, (N, P, P) (Laplace marginals)."""
        ev = self._events(data)
        lam = ev.fixed + kappa[:, None] * ev.s + np.einsum("nwp,np->nw", ev.f, theta)
        q = ev.w / (lam * lam)
        hess = np.einsum("nw,nwp,nwq->npq", q, ev.f, ev.f)
        idx = np.arange(theta.shape[1])
        hess[:, idx, idx] += self._inv_var
        return hess

    def _derivs(self, kappa: FloatArray, data: FloatArray) -> tuple[FloatArray, FloatArray]:
        ev = self._events(data)
        return self._derivs_ev(kappa, ev, self._profile_ev(kappa, ev))

    def _start(self, ev: _Events) -> FloatArray:
        nominal = self._total_fixed + float(np.sum(self._totals_float))
        return (np.sum(ev.w, axis=1) - nominal) / self.signal_total

    def _fit_ev(self, ev: _Events, nll_tol: float = 0.0) -> tuple[FloatArray, FloatArray]:
        state = _UnbinnedNewton(self, ev, nll_tol)
        kappa_hat = minimise_kappa_from(state, self._start(ev), self.kappa_scale, nll_tol)
        return kappa_hat, state.theta_hat

    def _fit(self, d: FloatArray) -> FitResult:
        ev = self._events(d)
        kappa_hat, theta = self._fit_ev(ev)
        return FitResult(kappa_hat, self._nll_events(kappa_hat, ev, theta), theta)

    def _fit_signed(self, d: FloatArray) -> FitResult:
        """Unbounded κ̂ (may be < 0) with the density kept > 0 on the window: a joint damped
        Newton over (κ, θ) started at the bounded fit (a feasible point)."""
        ev = self._events(d)
        kappa_b, theta_b = self._fit_ev(ev)
        joint = _Events(
            ev.w, ev.s, ev.fixed, np.concatenate([ev.s[..., None], ev.f], axis=-1), ev.aux
        )
        nf = self.n_float
        phi0 = np.concatenate([kappa_b[:, None], theta_b], axis=1)
        aux_full = np.concatenate([np.zeros((d.shape[0], 1)), self._aux_full(ev)], axis=1)
        phi = _newton(
            joint,
            ev.fixed,
            np.broadcast_to(self._fixed, (d.shape[0], self.grid_kev.size)),
            np.vstack([self.signal_per_kappa[None, :], self._t_float]),
            np.concatenate([[self.signal_total], self._totals_float]),
            np.concatenate([[0.0], self._inv_var]),
            aux_full,
            phi0,
        )
        kappa, theta = phi[:, 0], phi[:, 1 : 1 + nf]
        return FitResult(kappa, self._nll_events(kappa, ev, theta), theta)

    def _profile_signed(self, k: FloatArray, d: FloatArray, fit: FitResult) -> ProfileResult:
        """Profile at κ that may be < 0, started on the segment from (κ̂, θ̂) to (0, 1), which
        is feasible for κ between κ̂ and 0 (the density is linear in the parameters)."""
        ev = self._events(d)
        start = _segment_theta(k, fit)
        theta = self._profile_ev(k, ev, start) if self.n_float else np.ones((k.size, 0))
        return ProfileResult(self._nll_events(k, ev, theta), theta)

    def _toy_t(self, data: FloatArray, kappa_test: FloatArray) -> tuple[FloatArray, FloatArray]:
        """t at each tested κ (rows, M) and κ̂ (rows,), profiles warm-started from θ̂."""
        ev = self._events(data)
        kappa_hat, theta_hat = self._fit_ev(ev, NLL_TOL)
        nll_hat = self._nll_events(kappa_hat, ev, theta_hat)
        out = np.empty(kappa_test.shape)
        for col in range(kappa_test.shape[1]):
            kappa = kappa_test[:, col]
            theta = self._profile_ev(kappa, ev, theta_hat, NLL_TOL)
            out[:, col] = np.maximum(2.0 * (self._nll_events(kappa, ev, theta) - nll_hat), 0.0)
        return out, kappa_hat

    # ------------------------------------------------------------------ toys

    def _draw(self, mean: FloatArray, n: int, rng: np.random.Generator) -> FloatArray:
        """``n`` toy rows from one expected (Asimov) row: Poisson numbers of events, energies
        from the piecewise-linear density, then the Gaussian auxiliaries."""
        c = self.n_aux
        q = (mean.size - c) // 2
        w = mean[c + q :].reshape(-1, 2)  # expected counts at the two GL points per interval
        h = self._widths
        lam_gl = w / (0.5 * h)[:, None]
        mid = lam_gl.mean(axis=1)
        half = (lam_gl[:, 1] - lam_gl[:, 0]) * (0.5 * math.sqrt(3.0))
        a = np.maximum(mid - half, 0.0)  # density at the interval's lower node
        b = np.maximum(mid + half, 0.0)  # and at its upper node
        mu = 0.5 * (a + b) * h
        total = float(mu.sum())
        counts = rng.poisson(total, size=n)
        m = int(counts.sum())
        cum = np.cumsum(mu) / total if total > 0.0 else np.ones_like(mu)  # no events drawn
        j = np.minimum(np.searchsorted(cum, rng.random(m), side="right"), h.size - 1)
        u = rng.random(m)
        aj, bj = a[j], b[j]
        den = aj + np.sqrt(aj * aj + u * (bj * bj - aj * aj))
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(den > 0.0, u * (aj + bj) / den, 0.0)
        energies = self.grid_kev[j] + np.minimum(frac, 1.0) * h[j]
        width = max(1, int(counts.max()) if n else 1)
        out = np.zeros((n, c + 2 * width))
        out[:, c : c + width] = self.grid_kev[0]
        toy = np.repeat(np.arange(n), counts)
        pos = np.arange(m) - np.repeat(np.cumsum(counts) - counts, counts)
        out[toy, c + pos] = energies
        out[toy, c + width + pos] = 1.0
        if c:
            out[:, :c] = rng.normal(mean[:c], self.aux_sigma, size=(n, c))
        return out

    def _stack_rows(self, parts: list[FloatArray]) -> FloatArray:
        """Concatenate batches of different widths (padding with zero-weight events)."""
        c = self.n_aux
        widths = [(p.shape[1] - c) // 2 for p in parts]
        width = max(widths)
        out = np.zeros((sum(p.shape[0] for p in parts), c + 2 * width))
        out[:, c : c + width] = self.grid_kev[0]
        row = 0
        for p, wd in zip(parts, widths, strict=True):
            r = slice(row, row + p.shape[0])
            out[r, :c] = p[:, :c]
            out[r, c : c + wd] = p[:, c : c + wd]
            out[r, c + width : c + width + wd] = p[:, c + wd :]
            row += p.shape[0]
        return out

    # ------------------------------------------------------------------ adapters

    def cumulative(self, values: ArrayLike, energy_kev: ArrayLike) -> FloatArray:
        """∫ from grid_kev[0] to E of piecewise-linear densities ``values`` (…, ngrid), exact.

        Example:
            >>> m = UnbinnedModel([0.0, 2.0], [1.0, 1.0], [1.0, 3.0])
            >>> m.cumulative(m.background[0], [1.0, 2.0]).tolist()
            [1.5, 4.0]
        """
        v = np.asarray(values, dtype=float)
        e = np.clip(np.asarray(energy_kev, dtype=float), self.grid_kev[0], self.grid_kev[-1])
        nodes = np.concatenate(
            [
                np.zeros((*v.shape[:-1], 1)),
                np.cumsum(0.5 * (v[..., 1:] + v[..., :-1]) * self._widths, axis=-1),
            ],
            axis=-1,
        )
        j, t = self._interp(e)
        h = self._widths[j]
        a = v[..., j]
        b = v[..., j + 1]
        return nodes[..., j] + h * t * (a + 0.5 * (b - a) * t)

    def binned(self, edges_kev: ArrayLike) -> Any:
        """The equivalent :class:`~munu.stats.models.BinnedModel` on bins ``edges_kev`` inside
        the window, with every component integrated exactly over each bin.

        Example:
            >>> m = UnbinnedModel([0.0, 2.0], [1.0, 1.0], [1.0, 3.0])
            >>> m.binned([0.0, 1.0, 2.0]).background.tolist()
            [[1.5, 2.5]]
        """
        from munu.stats.models import BinnedModel

        edges = as_float_array(edges_kev, "edges_kev", allow_empty=False)
        lo, hi = self.grid_kev[0], self.grid_kev[-1]
        if (
            edges.ndim != 1
            or edges.size < 2
            or np.any(np.diff(edges) <= 0.0)
            or edges[0] < lo
            or edges[-1] > hi
        ):
            raise InputError(
                "edges_kev", edges_kev, f"increasing bin edges within [{lo:g}, {hi:g}] keV"
            )

        def per_bin(v: FloatArray) -> FloatArray:
            return np.diff(self.cumulative(v, edges), axis=-1)

        return BinnedModel(
            per_bin(self.signal_per_kappa),
            per_bin(self.background),
            background_sigma=self.background_sigma,
            sm=per_bin(self.sm) if self.sm is not None else None,
            sm_sigma=self.sm_sigma,
        )


class _UnbinnedNewton:
    """Evaluator for :func:`minimise_kappa_from` (θ carried from one κ iterate to the next)."""

    def __init__(self, model: UnbinnedModel, ev: _Events, nll_tol: float = 0.0) -> None:
        self.model = model
        self.ev = ev
        self.nll_tol = nll_tol
        self.index = np.arange(ev.w.shape[0])
        self.theta = np.ones((ev.w.shape[0], model.n_float))
        self.theta_hat = np.ones((ev.w.shape[0], model.n_float))

    def derivs(self, kappa: FloatArray) -> tuple[FloatArray, FloatArray]:
        self.theta = self.model._profile_ev(kappa, self.ev, self.theta, self.nll_tol)
        return self.model._derivs_ev(kappa, self.ev, self.theta)

    def finish(self, done: NDArray[np.bool_]) -> None:
        self.theta_hat[self.index[done]] = self.theta[done]
        keep = ~done
        self.index, self.ev, self.theta = self.index[keep], self.ev.take(keep), self.theta[keep]
