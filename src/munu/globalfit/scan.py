"""Directions of the moment matrix scanned by the fit (:class:`ScanGrid`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu.errors import InputError


# -- directions of the moment matrix --------------------------------------------------------
@dataclass(frozen=True)
class ScanGrid:
    """Resolution of the direction scan.

    Attributes:
        n_angle: points per polar / azimuthal angle of the moduli (first octant).
        n_phase: points per relative phase in [0, 2π) (Majorana Λ₂, Λ₃ phases).
        n_random: random Hermitian directions for ``kind="dirac"`` (plus the axes).
        seed: seed of those random directions.

    Example:
        >>> ScanGrid(n_angle=9, n_phase=8).n_phase
        8
    """

    n_angle: int = 13
    n_phase: int = 12
    n_random: int = 20000
    seed: int = 0

    def __post_init__(self) -> None:
        for f in ("n_angle", "n_phase", "n_random"):
            v = getattr(self, f)
            if not isinstance(v, int | np.integer) or v < 1:
                raise InputError(f, v, "an integer ≥ 1")


_LEVI = np.zeros((3, 3, 3))
for _i, _j, _k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
    _LEVI[_i, _j, _k], _LEVI[_i, _k, _j] = 1.0, -1.0


def _majorana_lam(vec: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """λ_jk = ε_jkl Λ_l for a stack of Λ vectors (..., 3) → (..., 3, 3)."""
    return np.einsum("jkl,...l->...jk", _LEVI, vec)


def _octant(n: int) -> NDArray[np.float64]:
    """Unit vectors with non-negative components on an n × n angle grid, shape (M, 3)."""
    t = np.linspace(0.0, 0.5 * np.pi, n)
    tt, pp = np.meshgrid(t, t, indexing="ij")
    v = np.stack([np.sin(tt) * np.cos(pp), np.sin(tt) * np.sin(pp), np.cos(tt)], -1)
    return np.unique(np.round(v.reshape(-1, 3), 14), axis=0)


def _directions(kind: str, grid: ScanGrid) -> tuple[NDArray[np.complex128], NDArray[Any]]:
    """(λ stack of unit norm, descriptor array) for the scan of ``kind``."""
    if kind == "majorana":
        mod = _octant(grid.n_angle)
        ph = np.linspace(0.0, 2 * np.pi, grid.n_phase, endpoint=False)
        a2, a3 = np.meshgrid(ph, ph, indexing="ij")
        phases = np.stack([np.zeros(a2.size), a2.ravel(), a3.ravel()], -1)
        vec = (mod[:, None, :] * np.exp(1j * phases[None, :, :])).reshape(-1, 3)
        return _majorana_lam(vec), vec
    if kind == "dirac-diagonal":
        mod = _octant(grid.n_angle)
        lam = np.zeros((mod.shape[0], 3, 3), dtype=complex)
        lam[:, [0, 1, 2], [0, 1, 2]] = mod
        return lam, mod
    rng = np.random.default_rng(grid.seed)
    x = rng.standard_normal((grid.n_random, 9))
    basis = np.eye(9)
    x = np.concatenate([basis, x])
    h = np.zeros((x.shape[0], 3, 3), dtype=complex)
    h[:, [0, 1, 2], [0, 1, 2]] = x[:, :3]
    for m, (j, k) in enumerate(((0, 1), (0, 2), (1, 2))):
        h[:, j, k] = x[:, 3 + 2 * m] + 1j * x[:, 4 + 2 * m]
        h[:, k, j] = np.conj(h[:, j, k])
    h /= np.sqrt(np.sum(np.abs(h) ** 2, axis=(1, 2)))[:, None, None]
    return h, h
