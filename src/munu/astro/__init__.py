"""Astrophysical and cosmological bounds on neutrino magnetic moments.

The review hep-ex/0409003 (§3) groups these bounds by physical system. This package offers
calculators where the physics can be stated honestly, and a cited catalogue for the rest.

* :mod:`munu.astro.plasmon`: plasmon decay γ* → νν̄ in a stellar plasma. Gives the plasma
  frequency of a degenerate electron gas, the Braaten–Segel transverse dispersion and
  residue, and the magnetic/SM rate and emissivity ratios.
* :mod:`munu.astro.cooling`: energy-loss criteria turned into μ bounds. Includes
  :func:`red_giant_bound` (~3×10⁻¹² μ_B at helium ignition) and √L rescaling of the
  SN 1987A Dirac bound.
* :mod:`munu.astro.spin_flavour`: solar spin-flavour precession. Converts KamLAND's solar
  ν̄_e limits into a bound on μ for a given B_⊥ profile (the bound is ∝ 1/B_⊥).
* :mod:`munu.astro.catalogue`: every bound of munu's reference notes, as frozen
  :class:`AstroBound` records (:func:`astro_bounds`), plus :func:`plot_astro_bounds`.

What to use when:

* To quote a number, use the catalogue. It carries the CL, the neutrino type (Dirac/any) and
  the assumptions.
* To see how a bound scales with the criterion or with the environment, use the calculators.
  They give orders of magnitude, not re-analyses.

Example:
    >>> from munu.astro import astro_bound, red_giant_bound
    >>> astro_bound("trgb_ngc4258_capozzi2020").cl_label
    '95% C.L.'
    >>> bool(2e-12 < float(red_giant_bound()) < 4e-12)
    True
"""

from __future__ import annotations

from munu.astro.catalogue import (
    CATEGORIES,
    KINDS,
    NEUTRINO_TYPES,
    STATUSES,
    AstroBound,
    astro_bound,
    astro_bounds,
    plot_astro_bounds,
)
from munu.astro.cooling import (
    HELIUM_IGNITION_RHO_G_CM3,
    HELIUM_IGNITION_T_KEV,
    kelvin_to_kev,
    red_giant_bound,
    scale_energy_loss_bound,
    supernova_bound,
)
from munu.astro.plasmon import (
    emissivity_ratio,
    plasma_frequency_kev,
    plasmon_rate_ratio,
    raffelt_ratio_coefficient,
    transverse_dispersion_kev,
    transverse_residue,
)
from munu.astro.spin_flavour import (
    AKHMEDOV_PULIDO_COEFFICIENT,
    SOLAR_ANTINEUTRINO_LIMITS,
    SolarAntineutrinoLimit,
    sfp_antineutrino_probability,
    sfp_field_bound,
    sfp_moment_bound,
)

__all__ = [
    "AKHMEDOV_PULIDO_COEFFICIENT",
    "CATEGORIES",
    "HELIUM_IGNITION_RHO_G_CM3",
    "HELIUM_IGNITION_T_KEV",
    "KINDS",
    "NEUTRINO_TYPES",
    "SOLAR_ANTINEUTRINO_LIMITS",
    "STATUSES",
    "AstroBound",
    "SolarAntineutrinoLimit",
    "astro_bound",
    "astro_bounds",
    "emissivity_ratio",
    "kelvin_to_kev",
    "plasma_frequency_kev",
    "plasmon_rate_ratio",
    "plot_astro_bounds",
    "raffelt_ratio_coefficient",
    "red_giant_bound",
    "scale_energy_loss_bound",
    "sfp_antineutrino_probability",
    "sfp_field_bound",
    "sfp_moment_bound",
    "supernova_bound",
    "transverse_dispersion_kev",
    "transverse_residue",
]
