"""Neutrino sources: one interface (:class:`Source`) for reactors, the Sun, accelerator
decay at rest, tritium and user tables.

A source gives dΦ/dE_ν at the detector in cm⁻² s⁻¹ MeV⁻¹ per flavour (continuous part) plus
monochromatic :class:`Line` objects, and says how the neutrinos arrive (coherent flavour state
over ``baseline_m``, or an incoherent mass-state mixture for solar neutrinos).

Example:
    >>> from munu.sources import Reactor
    >>> ks = Reactor(thermal_power_gw=2.9, distance_m=28.0)
    >>> round(ks.total_flux() / 1e12, 1)   # Kopeikin 2012 table below 2 MeV (TEXONO: 6.4)
    6.0
"""

from __future__ import annotations

from munu.sources.accelerator import DecayAtRest, michel_spectrum
from munu.sources.base import FLAVOURS, Line, Source
from munu.sources.beta import BetaBranch, beta_neutrino_spectrum, fermi_function
from munu.sources.reactor import (
    ISOTOPES,
    NeutrinoYield,
    Reactor,
    capture_spectrum,
    fission_product_spectrum,
    fission_rate_per_s,
    kopeikin2012_spectrum,
)
from munu.sources.solar import (
    COMPONENTS,
    SSM_MODELS,
    Solar,
    solar_mass_state_fractions,
    solar_survival_probability,
    ssm_fluxes,
)
from munu.sources.tabulated import Tabulated
from munu.sources.tritium import Tritium, specific_activity_ci_per_g

__all__ = [
    "COMPONENTS",
    "FLAVOURS",
    "ISOTOPES",
    "SSM_MODELS",
    "BetaBranch",
    "DecayAtRest",
    "Line",
    "NeutrinoYield",
    "Reactor",
    "Solar",
    "Source",
    "Tabulated",
    "Tritium",
    "beta_neutrino_spectrum",
    "capture_spectrum",
    "fermi_function",
    "fission_product_spectrum",
    "fission_rate_per_s",
    "kopeikin2012_spectrum",
    "michel_spectrum",
    "solar_mass_state_fractions",
    "solar_survival_probability",
    "specific_activity_ci_per_g",
    "ssm_fluxes",
]
