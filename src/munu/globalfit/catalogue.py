"""The built-in constraints with their citations and named sets (:data:`CONSTRAINTS`,
:data:`CONSTRAINT_SETS`, :func:`constraint_set`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from munu._validate import check_choice
from munu.errors import InputError, UnknownNameError
from munu.globalfit.arrival import Arrival
from munu.globalfit.constraints import EffectiveMomentConstraint
from munu.globalfit.grimus2003 import LMA2002, reactor_constraints, solar_constraint

# -- the built-in constraints ----------------------------------------------------------------
_VE = "shared/reference/verified-experiments.md"
_SK_WINDOW = (5.0, 14.0)  # SK recoil window of the μ analysis (review §4.1: 5–14 MeV)
_BX_WINDOW = (0.2, 1.5)  # Borexino pp/⁷Be/pep window (approximate; above the ¹⁴C end)
_BOREXINO = Arrival.solar(["pp", "7Be", "pep"], *_BX_WINDOW)
_B8_SK = Arrival.solar(["8B"], *_SK_WINDOW)
_LSND = Arrival.accelerator(["numu", "numubar"], 30.0, [29.79, 35.0])


def _lim(
    name: str, mu: float, arrival: Arrival, citation: str, status: str, note: str = ""
) -> EffectiveMomentConstraint:
    return EffectiveMomentConstraint.from_limit(
        name, mu, 0.9, arrival, citation=citation, status=status, note=note
    )


_CATALOGUE: list[EffectiveMomentConstraint] = [
    _lim(
        "TEXONO-2003",
        1.3e-10,
        Arrival.reactor(28.0),
        "H.B. Li et al. (TEXONO), PRL 90 (2003) 131802, hep-ex/0212003",
        "V",
        "90 % CL; Kuo-Sheng, 28 m from a 2.9 GW core (" + _VE + " §1).",
    ),
    _lim(
        "MUNU-2005",
        9e-11,
        Arrival.reactor(18.0),
        "Z. Daraktchieva et al. (MUNU), PLB 615 (2005) 153, hep-ex/0502037",
        "V",
        "90 % CL, 3 bar CF4 data; Bugey, 18 m from 2.75 GW (" + _VE + " §1).",
    ),
    _lim(
        "TEXONO-2007",
        7.4e-11,
        Arrival.reactor(28.0),
        "H.T. Wong et al. (TEXONO), PRD 75 (2007) 012001, hep-ex/0605006",
        "V-sec",
        "Value seen in a secondary summary only (" + _VE + " §1).",
    ),
    _lim(
        "GEMMA-2012",
        2.9e-11,
        Arrival.reactor(13.9),
        "A.G. Beda et al. (GEMMA), Phys. Part. Nucl. Lett. 10 (2013) 139",
        "V-sec",
        "T > 2.8 keV; Kalinin, 13.9 m (" + _VE + " §1).",
    ),
    _lim(
        "CONUS-2026",
        5.18e-11,
        Arrival.reactor(17.1),
        "N. Ackermann et al. (CONUS), arXiv:2605.22815 (2026), Brokdorf + Leibstadt data sets",
        "V-sec",
        "Combined result; baseline of the Brokdorf setup (17.1 m) used (phases negligible).",
    ),
    _lim(
        "SK-2004-spectrum",
        3.6e-10,
        _B8_SK,
        "D.W. Liu et al. (Super-Kamiokande), PRL 93 (2004) 021802, hep-ex/0402015",
        "NF",
        "Spectrum-only 90 % CL limit as recalled; the number itself was not seen (" + _VE + ").",
    ),
    _lim(
        "SK-2004-LMA",
        1.1e-10,
        _B8_SK,
        "D.W. Liu et al. (Super-Kamiokande), PRL 93 (2004) 021802, hep-ex/0402015",
        "V-sec",
        "With other solar data and KamLAND (LMA selected): a cross-check only, since it "
        "already uses the oscillation constraints that the fit's priors represent.",
    ),
    _lim(
        "SK-BeacomVogel-1999",
        1.5e-10,
        _B8_SK,
        "J.F. Beacom & P. Vogel, PRL 83 (1999) 5222, hep-ph/9907383 (SK 825 d spectrum)",
        "V",
        "Effective moment of the solar 8B beam at Super-Kamiokande, 90 % CL.",
    ),
    EffectiveMomentConstraint.gaussian(
        "SNO-deuteron",
        -2.76e-16,
        1.46e-16,
        Arrival.solar(["8B"], enu_min_mev=2.224),
        citation="J.A. Grifols, E. Massó & S. Mohanty, PLB 587 (2004) 184, hep-ph/0401144",
        status="V",
        note="μ²_eff = (−2.76 ± 1.46)×10⁻¹⁶ μ_B² from SNO NC deuteron break-up; the paper "
        "quotes |μ_eff| < 3.71×10⁻⁹ μ_B (95 %) (physics-facts §1.2).",
    ),
    _lim(
        "Borexino-2008",
        5.4e-11,
        Arrival.solar(["7Be"], *_BX_WINDOW),
        "C. Arpesella et al. (Borexino), PRL 101 (2008) 091302, arXiv:0805.3843",
        "V-sec",
        "192 days, 7Be.",
    ),
    _lim(
        "Borexino-2017",
        2.8e-11,
        _BOREXINO,
        "M. Agostini et al. (Borexino), PRD 96 (2017) 091103, arXiv:1707.09355",
        "V-sec",
        "Phase II, pp + 7Be + pep spectral fit; the recoil window used here is approximate.",
    ),
    _lim(
        "Canas-2016-Borexino",
        3.1e-11,
        _BOREXINO,
        "B.C. Cañas et al., PLB 753 (2016) 191, arXiv:1510.01684",
        "V",
        "Re-analysis of Borexino; single-Λ_i bounds 5.6, 4.0, 3.1 ×10⁻¹¹ μ_B.",
    ),
    _lim(
        "XENONnT-2022",
        6.4e-12,
        Arrival.solar(["pp", "7Be"], 0.001, 0.030),
        "E. Aprile et al. (XENONnT), PRL 129 (2022) 161805, arXiv:2207.11330",
        "V-sec",
        "Solar pp/7Be on electrons, 1–30 keV.",
    ),
    _lim(
        "LSND-2001",
        6.8e-10,
        _LSND,
        "L.B. Auerbach et al. (LSND), PRD 63 (2001) 112001, hep-ex/0101039",
        "V",
        "ν_μ and ν̄_μ from π⁺ and μ⁺ decay at rest, equal weights; ~30 m.",
    ),
    EffectiveMomentConstraint.from_counts(
        "DONUT-2001",
        1,
        2.3,
        Arrival.accelerator(["nutau"], 36.0, [5e4]),
        mu_limit=3.9e-7,
        citation="R. Schwienhorst et al. (DONUT), PLB 513 (2001) 23, hep-ex/0102026",
        status="V (counts) / NF (normalisation)",
        note="1 event over 2.3 expected background (verified); the signal per μ_B² is "
        "calibrated on the recalled limit 3.9×10⁻⁷ μ_B (not verified).",
    ),
]

#: Built-in constraints by name, each with its citation and verification status.
_CATALOGUE += [solar_constraint(LMA2002), *reactor_constraints()]

#: Built-in constraints by name, each with its citation and verification status.
CONSTRAINTS: MappingProxyType[str, EffectiveMomentConstraint] = MappingProxyType(
    {c.name: c for c in _CATALOGUE}
)

#: Named constraint sets. ``"review2004"`` (default of :func:`run_global_fit`): the
#: reactor + solar + accelerator results of the review era; ``"grimus2003"``: the inputs of
#: Grimus et al. 2003 rebuilt from data public in August 2002 (:mod:`munu.globalfit.grimus2003`:
#: SK 1496 d + SNO 2002 rates at the 2002 LMA point, Rovno); ``"reactor-solar-2005"``: the
#: set formerly called ``grimus2003`` (SK 825 d effective limit of Beacom & Vogel 1999 with
#: TEXONO 2003 and MUNU 2005, i.e. partly later results);
#: ``"modern"``: current reactor and solar results; ``"canas2016"``: Cañas et al.'s Borexino
#: effective limit alone. ``"-solar"`` variants drop the terrestrial experiments.
CONSTRAINT_SETS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "review2004": (
            "TEXONO-2003",
            "MUNU-2005",
            "SK-2004-spectrum",
            "SNO-deuteron",
            "LSND-2001",
            "DONUT-2001",
        ),
        "review2004-solar": ("SK-2004-spectrum", "SNO-deuteron"),
        "grimus2003": ("SK1496-SNO2002-rates", "Rovno-1993"),
        "grimus2003-solar": ("SK1496-SNO2002-rates",),
        "reactor-solar-2005": ("SK-BeacomVogel-1999", "TEXONO-2003", "MUNU-2005"),
        "reactor-solar-2005-solar": ("SK-BeacomVogel-1999",),
        "modern": (
            "Borexino-2017",
            "XENONnT-2022",
            "GEMMA-2012",
            "CONUS-2026",
            "TEXONO-2007",
            "LSND-2001",
        ),
        "modern-solar": ("Borexino-2017", "XENONnT-2022"),
        "canas2016": ("Canas-2016-Borexino",),
    }
)


#: Oscillation parameters a named set was built for, used by :func:`run_global_fit` when no
#: ``params`` is given (other sets: ``"lma2004"``).
SET_PARAMS: MappingProxyType[str, str] = MappingProxyType(
    {"grimus2003": "lma2002", "grimus2003-solar": "lma2002"}
)


def default_params(constraints: object) -> str:
    """The parameter set a fit of ``constraints`` uses by default (:data:`SET_PARAMS`).

    Example:
        >>> default_params("grimus2003"), default_params("modern")
        ('lma2002', 'lma2004')
    """
    return SET_PARAMS.get(constraints, "lma2004") if isinstance(constraints, str) else "lma2004"


def constraint_set(name: str = "review2004") -> tuple[EffectiveMomentConstraint, ...]:
    """The constraints of a named set (:data:`CONSTRAINT_SETS`).

    Example:
        >>> [c.name for c in constraint_set("grimus2003-solar")]
        ['SK1496-SNO2002-rates']
    """
    key = check_choice(name, "name", tuple(CONSTRAINT_SETS))
    return tuple(CONSTRAINTS[n] for n in CONSTRAINT_SETS[key])


def _constraints(value: Any) -> tuple[EffectiveMomentConstraint, ...]:
    if value is None:
        return constraint_set("review2004")
    if isinstance(value, str):
        if value in CONSTRAINT_SETS:
            return constraint_set(value)
        if value in CONSTRAINTS:
            return (CONSTRAINTS[value],)
        raise UnknownNameError("constraints", value, [*CONSTRAINT_SETS, *CONSTRAINTS])
    if isinstance(value, EffectiveMomentConstraint):
        return (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise InputError("constraints", value, "constraints, a set name or None") from None
    out: list[EffectiveMomentConstraint] = []
    for item in items:
        out.extend(_constraints(item))
    if not out:
        raise InputError("constraints", value, "at least one constraint")
    return tuple(out)
