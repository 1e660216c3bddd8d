"""Interaction cross sections: ν-e elastic scattering and CEvNS, each with its magnetic term.

* :mod:`munu.interactions.electron` — ν-e elastic scattering per electron: standard-model weak
  term (tree level, optionally with Bahcall–Kamionkowski–Sirlin radiative corrections and a
  neutrino charge radius) plus the magnetic-moment term, with exact recoil-bin integrals.
* :mod:`munu.interactions.nucleus` — coherent elastic ν-nucleus scattering per nucleus with
  Helm / Klein–Nystrand form factors, plus the coherent magnetic term.

Cross sections are in cm² (differential: cm²/MeV), energies in MeV, moments in μ_B.

Example:
    >>> from munu.interactions import dsigma_dt, t_max_mev
    >>> float(dsigma_dt(1.0, 1.0, "nue"))   # T above T_max(1 MeV) = 0.797 MeV
    0.0
"""

from __future__ import annotations

from munu.interactions.electron import (
    FLAVOURS,
    GAUSS_LEGENDRE_ORDER,
    Couplings,
    couplings,
    dsigma_dt,
    dsigma_dt_magnetic,
    dsigma_dt_weak,
    enu_min_mev,
    sigma_magnetic_integral,
    sigma_total,
    sigma_weak_integral,
    t_max_mev,
)
from munu.interactions.nucleus import (
    FORM_FACTORS,
    NUCLEI,
    Nucleus,
    dsigma_dt_cevns,
    dsigma_dt_cevns_magnetic,
    dsigma_dt_cevns_weak,
    form_factor,
    helm_form_factor,
    klein_nystrand_form_factor,
    momentum_transfer_mev,
    t_max_nucleus_mev,
)

__all__ = [
    "FLAVOURS",
    "FORM_FACTORS",
    "GAUSS_LEGENDRE_ORDER",
    "NUCLEI",
    "Couplings",
    "Nucleus",
    "couplings",
    "dsigma_dt",
    "dsigma_dt_cevns",
    "dsigma_dt_cevns_magnetic",
    "dsigma_dt_cevns_weak",
    "dsigma_dt_magnetic",
    "dsigma_dt_weak",
    "enu_min_mev",
    "form_factor",
    "helm_form_factor",
    "klein_nystrand_form_factor",
    "momentum_transfer_mev",
    "sigma_magnetic_integral",
    "sigma_total",
    "sigma_weak_integral",
    "t_max_mev",
    "t_max_nucleus_mev",
]
