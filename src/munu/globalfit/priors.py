"""Gaussian priors on the oscillation parameters profiled by the fit (:class:`OscillationPrior`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu._validate import as_float
from munu.errors import InputError
from munu.mixing import (
    LMA2004,
    LMA2008,
    NUFIT60,
    OscillationParameters,
    oscillation_parameters,
)


# -- oscillation-parameter priors ------------------------------------------------------------
@dataclass(frozen=True)
class OscillationPrior:
    """Oscillation parameters with Gaussian 1σ priors on sin²θ₁₂ and Δm²₂₁.

    The other parameters (θ₁₃, θ₂₃, δ, Δm²₃₁) are fixed: solar and short-baseline results
    depend on them only through θ₁₃, known to ~1 %. The fit profiles over a grid of
    ``n`` × ``n`` nodes spanning ±2σ, adding ((x − x₀)/σ)² for each parameter.

    Attributes:
        params: central values.
        sigma_sin2_theta12: 1σ of sin²θ₁₂ (0 = fixed).
        sigma_dm21_ev2: 1σ of Δm²₂₁ in eV² (0 = fixed).
        citation: source of the uncertainties.

    Example:
        >>> nodes, chi2 = PRIORS["nufit60"].nodes(3)
        >>> len(nodes), float(chi2.max())
        (9, 8.0)
    """

    params: OscillationParameters
    sigma_sin2_theta12: float = 0.0
    sigma_dm21_ev2: float = 0.0
    citation: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.params, OscillationParameters):
            raise InputError("params", self.params, "an OscillationParameters")
        as_float(self.sigma_sin2_theta12, "sigma_sin2_theta12", nonnegative=True)
        as_float(self.sigma_dm21_ev2, "sigma_dm21_ev2", nonnegative=True)

    @property
    def name(self) -> str:
        """Name of the central parameter set."""
        return self.params.name or "custom"

    def nodes(self, n: int = 5) -> tuple[list[OscillationParameters], NDArray[np.float64]]:
        """Parameter nodes and their prior χ² (offsets −2σ … +2σ, ``n`` per parameter).

        Args:
            n: nodes per parameter (≥ 1; 1 = central values only).

        Returns:
            (list of :class:`~munu.mixing.OscillationParameters`, prior χ² array).
        """
        if not isinstance(n, int | np.integer) or n < 1:
            raise InputError("n", n, "an integer ≥ 1")
        offs = np.linspace(-2.0, 2.0, n) if n > 1 else np.zeros(1)
        o12 = offs if self.sigma_sin2_theta12 > 0 else np.zeros(1)
        o21 = offs if self.sigma_dm21_ev2 > 0 else np.zeros(1)
        out: list[OscillationParameters] = []
        chi2: list[float] = []
        p0 = self.params
        for a in o12:  # at most a few tens of nodes; each node is used vectorised
            for b in o21:
                s12 = p0.sin2_theta12 + a * self.sigma_sin2_theta12
                dm = p0.dm21_ev2 + b * self.sigma_dm21_ev2
                if not (0.0 < s12 < 1.0) or dm <= 0.0:
                    continue
                out.append(dataclasses.replace(p0, sin2_theta12=s12, dm21_ev2=dm))
                chi2.append(float(a**2 + b**2))
        return out, np.asarray(chi2)


#: LMA best fit of mid-2002 (de Holanda & Smirnov, hep-ph/0205241, abstract): Δm² = 6.15×10⁻⁵
#: eV², tan²θ = 0.41; θ₁₃ = 0; θ₂₃, Δm²₃₁ irrelevant here.
LMA2002 = OscillationParameters(
    sin2_theta12=0.41 / 1.41,
    sin2_theta13=0.0,
    sin2_theta23=0.5,
    delta_cp=0.0,
    dm21_ev2=6.15e-5,
    dm31_ev2=2.5e-3,
    name="lma2002",
)


def _tan2_to_sin2_sigma(tan2: float, up: float, down: float) -> float:
    """Symmetrised 1σ of sin²θ = t/(1+t) from an asymmetric error on t = tan²θ."""
    return 0.5 * (up + down) / (1.0 + tan2) ** 2


#: Built-in priors. NuFIT 6.0: θ₁₂ = 33.68° ± 0.70° → σ(sin²θ₁₂) = sin 2θ₁₂ · 0.70° = 0.0113,
#: Δm²₂₁ = (7.49 ± 0.19)×10⁻⁵ eV² (verified-reference-data §4.1). LMA 2004 (KamLAND 2004 +
#: solar, PRL 94 (2005) 081801, hep-ex/0406035): Δm² = 7.9 (+0.6/−0.5)×10⁻⁵ eV², tan²θ =
#: 0.40 (+0.10/−0.07), symmetrised and treated as 1σ. LMA 2008 (PRL 100 (2008) 221803,
#: arXiv:0801.4589): Δm² = (7.59 ± 0.21)×10⁻⁵, tan²θ = 0.47 (+0.06/−0.05). LMA 2002
#: (:data:`munu.globalfit.grimus2003.LMA2002`): central values only, held fixed.
PRIORS: MappingProxyType[str, OscillationPrior] = MappingProxyType(
    {
        "nufit60": OscillationPrior(
            NUFIT60,
            math.sin(2 * math.radians(33.68)) * math.radians(0.70),
            0.19e-5,
            "NuFIT 6.0 (Esteban et al., JHEP 12 (2024) 216, arXiv:2410.05380)",
        ),
        "lma2004": OscillationPrior(
            LMA2004,
            _tan2_to_sin2_sigma(0.40, 0.10, 0.07),
            0.55e-5,
            "KamLAND + solar 2004 (KamLAND, PRL 94 (2005) 081801, hep-ex/0406035)",
        ),
        "lma2002": OscillationPrior(
            LMA2002,
            0.0,
            0.0,
            "LMA 2002 best fit, held fixed (de Holanda & Smirnov, hep-ph/0205241)",
        ),
        "lma2008": OscillationPrior(
            LMA2008,
            _tan2_to_sin2_sigma(0.47, 0.06, 0.05),
            0.21e-5,
            "KamLAND + solar 2008 (KamLAND, PRL 100 (2008) 221803, arXiv:0801.4589)",
        ),
    }
)


def oscillation_prior(params: Any = "lma2004") -> OscillationPrior:
    """An :class:`OscillationPrior` from a prior, a parameter set (fixed) or a name.

    Names with built-in uncertainties (:data:`PRIORS`) get their priors; other named sets
    (``"nufit51"``) and plain :class:`~munu.mixing.OscillationParameters` are fixed.

    Example:
        >>> oscillation_prior("nufit51").sigma_dm21_ev2
        0.0
    """
    if isinstance(params, OscillationPrior):
        return params
    if isinstance(params, str):
        if params in PRIORS:
            return PRIORS[params]
        return OscillationPrior(oscillation_parameters(params))
    if isinstance(params, OscillationParameters):
        return OscillationPrior(params)
    raise InputError("params", params, "an OscillationPrior, OscillationParameters or a name")
