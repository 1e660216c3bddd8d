"""The profile-likelihood engine: χ² along each direction, its upper root, local polishing.

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from munu.globalfit.arrival import _gram
from munu.globalfit.constraints import EffectiveMomentConstraint, _poisson_chi2
from munu.globalfit.scan import _majorana_lam
from munu.mixing import (
    OscillationParameters,
)


# -- the profile-likelihood engine ----------------------------------------------------------
def _densities(
    constraints: Sequence[EffectiveMomentConstraint], nodes: Sequence[OscillationParameters]
) -> NDArray[np.complex128]:
    """R matrices of every constraint at every oscillation node, shape (P, X, 3, 3)."""
    return np.array([[c.arrival.density(p) for c in constraints] for p in nodes])


def _weights(gram: NDArray[np.complex128], r: NDArray[np.complex128]) -> NDArray[np.float64]:
    """κ per unit norm², shape (P, X, N), from G (N, 3, 3) and R (P, X, 3, 3)."""
    w = np.real(r.reshape(r.shape[0], r.shape[1], 9) @ gram.reshape(-1, 9).T)
    return np.maximum(w, 0.0)


def _total_chi2(
    s: NDArray[np.float64] | float,
    w: NDArray[np.float64],
    constraints: Sequence[EffectiveMomentConstraint],
    prior: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Σ_X χ²_X(s·w_X) + prior; w (P, X, N), s broadcastable to (P, N)."""
    out = np.broadcast_to(prior[:, None], (w.shape[0], w.shape[2])).copy()
    for x, c in enumerate(constraints):  # a handful of experiments, each vectorised
        out += c._chi2(s * w[:, x, :])
    return out


@dataclass(frozen=True)
class _Profile:
    bound_s: float  # bound on the squared norm (μ_B²); inf if unbounded
    chi2_min: float
    best_s: float
    worst: tuple[int, int]  # (node, direction) at the bound
    curve_s: NDArray[np.float64]
    curve_dchi2: NDArray[np.float64]


def _profile(
    w: NDArray[np.float64],
    constraints: Sequence[EffectiveMomentConstraint],
    prior: NDArray[np.float64],
    threshold: float,
    n_curve: int = 60,
) -> _Profile:
    """Profile Δχ² in the squared norm s over all (node, direction) pairs of ``w``.

    The allowed set {s : min_{n,p} χ² ≤ χ²_min + t} is the union of the per-pair intervals
    (χ² is convex in s along a fixed direction for every built-in form), so its upper end is
    the largest per-pair upper root — found in closed form for Gaussian inputs and by
    vectorised bisection otherwise.
    """
    quads = [c.quadratic for c in constraints]
    if all(q is not None for q in quads):
        aa, bb, cc = _quadratic_part(w, quads, prior)  # type: ignore[arg-type]
        pos = aa > 0
        s0 = np.where(pos, np.maximum(-bb / np.where(pos, 2 * aa, 1.0), 0.0), 0.0)
        mins = aa * s0**2 + bb * s0 + cc
        chi2_min = float(mins.min())
        s_up = _upper_root(aa, bb, cc, chi2_min + threshold)
        best = np.unravel_index(int(np.argmin(mins)), mins.shape)
        best_s = float(s0[best])

        top_s = float(np.max(s_up))
        near = np.nonzero((s_up >= 0.25 * top_s) | (mins <= chi2_min + 1e-9))
        a_n, b_n, c_n = aa[near], bb[near], cc[near]

        def curve(s: NDArray[np.float64]) -> NDArray[np.float64]:
            vals = a_n[None] * s[:, None] ** 2 + b_n[None] * s[:, None] + c_n[None]
            return vals.min(axis=1) - chi2_min

    else:
        s_up, chi2_min, best_s, curve = _profile_general(w, constraints, prior, threshold)
    idx = np.unravel_index(int(np.argmax(s_up)), s_up.shape)
    bound = float(s_up[idx])
    top = bound if np.isfinite(bound) else 1e4 * max(c.kappa_scale for c in constraints)
    norms = np.linspace(0.0, 1.5 * math.sqrt(max(top, 0.0)), n_curve)
    return _Profile(
        bound_s=bound,
        chi2_min=chi2_min,
        best_s=best_s,
        worst=(int(idx[0]), int(idx[1])),
        curve_s=norms**2,
        curve_dchi2=curve(norms**2),
    )


def _min_chi2(c: EffectiveMomentConstraint) -> float:
    """Lower bound of χ²_X over κ ≥ 0 (−inf if unknown, for user functions)."""
    if c.form == "poisson":
        s_best = max(c.n_observed - c.background, 0.0)
        return float(_poisson_chi2(c.n_observed, c.background, s_best))
    if c.form == "table":
        return float(min(c.chi2_table))
    if c.form == "gaussian":
        return 0.0
    return -math.inf


def _quadratic_part(
    w: NDArray[np.float64], quads: Sequence[tuple[float, float, float]], prior: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """A, B, C of the Gaussian part A s² + B s + C (+ prior), each (P, N)."""
    aa = np.zeros((w.shape[0], w.shape[2]))
    bb = np.zeros_like(aa)
    cc = prior[:, None] + np.zeros_like(aa)
    for x, q in enumerate(quads):
        aa += q[0] * w[:, x, :] ** 2
        bb += q[1] * w[:, x, :]
        cc += q[2]
    return aa, bb, cc


def _upper_root(
    aa: NDArray[np.float64], bb: NDArray[np.float64], cc: NDArray[np.float64], target: float
) -> NDArray[np.float64]:
    pos = aa > 0
    disc = bb**2 - 4 * aa * (cc - target)
    root = (-bb + np.sqrt(np.maximum(disc, 0.0))) / np.where(pos, 2 * aa, 1.0)
    return np.where(
        pos, np.where(disc >= 0, root, -np.inf), np.where(cc <= target, np.inf, -np.inf)
    )


def _profile_general(
    w: NDArray[np.float64],
    constraints: Sequence[EffectiveMomentConstraint],
    prior: NDArray[np.float64],
    threshold: float,
) -> tuple[NDArray[np.float64], float, float, Callable[[NDArray[np.float64]], Any]]:
    """Non-Gaussian inputs: prune with the Gaussian part, then exact 1-D searches.

    With m_X the minimum of each non-Gaussian χ²_X, Q(s) + Σ m_X ≤ χ²(s) bounds every
    (node, direction) pair from below, so pairs whose bound cannot reach the global minimum
    or the current largest upper root are dropped before the vectorised golden-section
    minimum and bisection (in log s) on the remaining pairs.
    """
    if np.max(w) <= 0:  # no input sees these directions: χ² does not depend on s
        flat = _total_chi2(0.0, w, constraints, prior)
        low = float(flat.min())
        s_flat = np.where(flat <= low + threshold, np.inf, -np.inf)
        return s_flat, low, 0.0, lambda s: np.zeros(len(s))
    quad_x = [x for x, c in enumerate(constraints) if c.quadratic is not None]
    other = [constraints[x] for x in range(len(constraints)) if x not in quad_x]
    quads = [constraints[x].quadratic for x in quad_x]
    aa, bb, cc = _quadratic_part(w[:, quad_x, :], quads, prior)  # type: ignore[arg-type]
    w_other = w[:, [x for x in range(len(constraints)) if x not in quad_x], :]
    m_other = sum(_min_chi2(c) for c in other)
    shape = aa.shape

    def full(s: NDArray[np.float64] | float, sel: Any) -> NDArray[np.float64]:
        s_arr = np.asarray(s, dtype=float)
        out = aa[sel] * s_arr**2 + bb[sel] * s_arr + cc[sel]
        for k, c in enumerate(other):  # the few non-Gaussian inputs, vectorised
            out = out + c._chi2(s_arr * w_other[:, k, :][sel])
        return out

    # an upper bound U on the global minimum: the full χ² at each pair's Gaussian optimum
    pos = aa > 0
    s_q = np.where(pos, np.maximum(-bb / np.where(pos, 2 * aa, 1.0), 0.0), 0.0)
    every = (slice(None), slice(None))
    upper = float(full(s_q, every).min())
    q_min = aa * s_q**2 + bb * s_q + cc
    keep = np.nonzero(q_min + m_other <= upper if math.isfinite(m_other) else q_min < np.inf)
    scales = np.array([c.kappa_scale for c in constraints])
    wpos = w[w > 0]
    lo = math.log(1e-6 * scales.min() / wpos.max())
    hi = math.log(1e4 * scales.max() / wpos.min())

    def f(logs: NDArray[np.float64], sel: Any) -> NDArray[np.float64]:
        return full(np.exp(logs), sel)

    g = (math.sqrt(5) - 1) / 2
    n_keep = len(keep[0])
    a, b = np.full(n_keep, lo), np.full(n_keep, hi)
    c_, d_ = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c_, keep), f(d_, keep)
    for _ in range(60):
        left = fc < fd
        a = np.where(left, a, c_)
        b = np.where(left, d_, b)
        new = np.where(left, b - g * (b - a), a + g * (b - a))
        fnew = f(new, keep)
        c_, d_ = np.where(left, new, d_), np.where(left, c_, new)
        fc, fd = np.where(left, fnew, fd), np.where(left, fc, fnew)
    xm = 0.5 * (a + b)
    fm = f(xm, keep)
    f0 = full(0.0, keep)
    mins = np.minimum(np.minimum(fm, f0), upper)
    k_best = int(np.argmin(mins))
    chi2_min = float(mins[k_best])
    best_s = 0.0 if f0[k_best] <= fm[k_best] else float(np.exp(xm[k_best]))
    target = chi2_min + threshold
    # upper roots: relaxed (Gaussian part + Σ m_X) roots bound the exact ones from above
    relaxed = _upper_root(aa, bb, cc + (m_other if math.isfinite(m_other) else 0.0), target)
    if not math.isfinite(m_other):
        relaxed = np.full(shape, np.inf)
    order = np.argsort(relaxed, axis=None)[::-1]
    s_up = np.full(shape, -np.inf)
    done = 0
    best_exact = -np.inf
    while done < order.size:  # chunks of pairs in decreasing relaxed root
        idx = np.unravel_index(order[done : done + 4096], shape)
        if np.max(relaxed[idx]) < best_exact:
            break
        lo_arr = np.full(len(idx[0]), lo)
        ok = full(np.exp(lo_arr), idx) <= target
        hi_val = full(np.exp(np.full(len(idx[0]), hi)), idx)
        a, b = lo_arr, np.full(len(idx[0]), hi)
        for _ in range(60):
            mid = 0.5 * (a + b)
            inside = f(mid, idx) <= target
            a = np.where(inside, mid, a)
            b = np.where(inside, b, mid)
        # pairs allowed only at s = 0 (e.g. the minimum sits there) keep root 0
        zero_ok = full(0.0, idx) <= target
        val = np.where(ok, np.where(hi_val <= target, np.inf, np.exp(a)), -np.inf)
        val = np.where(~ok & zero_ok, 0.0, val)
        s_up[idx] = val
        best_exact = max(best_exact, float(np.max(val)))
        done += 4096
    cand = np.nonzero(np.isfinite(s_up) & (s_up >= 0.5 * max(best_exact, 0.0)))
    sel = (np.concatenate([cand[0], keep[0]]), np.concatenate([cand[1], keep[1]]))

    def curve(s: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.array([full(x, sel).min() for x in s]) - chi2_min

    return s_up, chi2_min, best_s, curve


def _lam_from_x(kind: str, x: NDArray[np.float64]) -> NDArray[np.complex128]:
    """Unit-norm λ (1, 3, 3) from continuous direction parameters (see :func:`_x_from_desc`)."""
    if kind == "majorana":
        t, p, a2, a3 = x
        vec = np.array(
            [
                math.sin(t) * math.cos(p),
                math.sin(t) * math.sin(p) * np.exp(1j * a2),
                math.cos(t) * np.exp(1j * a3),
            ]
        )
        return _majorana_lam(vec[None, :])
    if kind == "dirac-diagonal":
        t, p = x
        lam = np.zeros((1, 3, 3), dtype=complex)
        lam[0, [0, 1, 2], [0, 1, 2]] = (
            math.sin(t) * math.cos(p),
            math.sin(t) * math.sin(p),
            math.cos(t),
        )
        return lam
    h = np.zeros((3, 3), dtype=complex)
    h[[0, 1, 2], [0, 1, 2]] = x[:3]
    for m, (j, k) in enumerate(((0, 1), (0, 2), (1, 2))):
        h[j, k] = x[3 + 2 * m] + 1j * x[4 + 2 * m]
        h[k, j] = np.conj(h[j, k])
    norm = math.sqrt(float(np.sum(np.abs(h) ** 2)))
    return (h / max(norm, 1e-300))[None]


def _x_from_desc(kind: str, desc: Any) -> NDArray[np.float64]:
    if kind == "majorana":
        v = np.asarray(desc)
        return np.array(
            [
                math.acos(min(abs(v[2]), 1.0)),
                math.atan2(abs(v[1]), abs(v[0])),
                float(np.angle(v[1])),
                float(np.angle(v[2])),
            ]
        )
    if kind == "dirac-diagonal":
        v = np.asarray(desc, dtype=float)
        return np.array([math.acos(min(v[2], 1.0)), math.atan2(v[1], v[0])])
    h = np.asarray(desc)
    off = [h[0, 1], h[0, 2], h[1, 2]]
    return np.array(
        [*np.real(np.diag(h)), *[f(z) for z in off for f in (np.real, np.imag)]], dtype=float
    )


class _BlindDirectionError(Exception):
    """Internal: the local search found a direction no input constrains."""


def _refine(
    kind: str,
    desc: Any,
    r_node: NDArray[np.complex128],
    prior_node: float,
    constraints: Sequence[EffectiveMomentConstraint],
    target: float,
    start_s: float,
) -> tuple[float, NDArray[np.complex128]]:
    """Polish the grid maximum of the upper root with Nelder–Mead over the direction.

    The oscillation node is kept; the global minimum (hence the target χ²) is the grid's.
    Returns (s_up, unit λ) — never below the grid value.
    """
    prior = np.array([prior_node])
    r = r_node[None]

    def s_up(x: NDArray[np.float64]) -> float:
        w = _weights(_gram(_lam_from_x(kind, x)), r)
        quads = [c.quadratic for c in constraints]
        if all(q is not None for q in quads):
            aa, bb, cc = _quadratic_part(w, quads, prior)  # type: ignore[arg-type]
            return float(_upper_root(aa, bb, cc, target)[0, 0])
        f0 = float(_total_chi2(0.0, w, constraints, prior)[0, 0])
        scale = start_s if start_s > 0 else max(c.kappa_scale for c in constraints)

        def g(logs: float) -> float:
            return float(_total_chi2(math.exp(logs), w, constraints, prior)[0, 0]) - target

        lo = math.log(scale) - 30.0
        if g(lo) > 0:
            return 0.0 if f0 <= target else -math.inf
        hi = math.log(scale) + 2.0
        while g(hi) <= 0:
            hi += 2.0
            if hi > math.log(scale) + 60:
                return math.inf
        return math.exp(float(optimize.brentq(g, lo, hi, xtol=1e-12)))

    def objective(x: NDArray[np.float64]) -> float:
        val = s_up(x)
        if math.isinf(val) and val > 0:  # a blind direction: stop, the bound is infinite
            raise _BlindDirectionError(x)
        return -max(val, 0.0) / start_s

    x0 = _x_from_desc(kind, desc)
    try:
        res = optimize.minimize(
            objective,
            x0,
            method="Nelder-Mead",
            options={"xatol": 1e-7, "fatol": 1e-10, "maxiter": 4000},
        )
    except _BlindDirectionError as blind:
        return math.inf, _lam_from_x(kind, blind.args[0])[0]
    best = -float(res.fun) * start_s
    if best > start_s:
        return best, _lam_from_x(kind, res.x)[0]
    return start_s, _lam_from_x(kind, x0)[0]
