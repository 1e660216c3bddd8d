"""The inputs of Grimus, Maltoni, Schwetz, Tórtola & Valle 2003, rebuilt.

W. Grimus, M. Maltoni, T. Schwetz, M.A. Tórtola & J.W.F. Valle, "Constraining Majorana
neutrino electromagnetic properties from the LMA-MSW solution of the solar neutrino problem",
Nucl. Phys. B 648 (2003) 376, hep-ph/0208132 (dated 13 August 2002). Abstract (verified,
shared/reference/verified-experiments.md §4): |Λ| < 6.3×10⁻¹⁰ μ_B from solar data and
|Λ| < 2.0×10⁻¹⁰ μ_B with reactor data added, 90 % CL, from a joint fit of the LMA-MSW
parameters and the transition moments; the moments enter through ν–e scattering in
Super-Kamiokande.

Only the title page and abstract of the paper could be read, so the reconstruction uses the
data that were public on that date and that such a fit uses, each from its own paper. Where
the paper was looked for (December 2026): its LaTeX source (KDD-cup hep-ph archive, file
7/70333) is stored only up to the first lines of the abstract (the paper's macros TM,
la = |Λ|, Dcq = Δχ² are defined there; the body is not stored); queries on body words
(Rovno, MUNU, Krasnoyarsk, Savannah River, the SK 1258/1496-day spectrum, χ², zenith bins)
return that same opening or other papers; the vdocuments.site transcript and Tórtola's follow-up
(hep-ph/0401135, ar5iv) are likewise stored to the abstract only. What the follow-up's
abstract says (verified) is that its 2004 update adds "the reactor experiments Rovno, TEXONO
and MUNU"; TEXONO (hep-ex/0212003) and MUNU (PLB 564 (2003) 190) appeared after August 2002,
which leaves Rovno as the reactor experiment common to both analyses: an inference that
supports the choice below, not a reading of the paper's reactor list.

* **Super-Kamiokande 1496 days** (S. Fukuda et al., PLB 539 (2002) 179, hep-ex/0205075;
  J. Hosaka et al., PRD 73 (2006) 112001, hep-ex/0508053): ⁸B flux from ν–e scattering
  2.35 ± 0.02 (stat) ± 0.08 (syst) ×10⁶ cm⁻²s⁻¹, recoil total energy 5–20 MeV.
* **SNO 2002** (Q.R. Ahmad et al., PRL 89 (2002) 011301, nucl-ex/0204008): φ_CC = φ_e =
  1.76 ± 0.05 ± 0.09 and φ_NC = 5.09 (+0.44/−0.43) (+0.46/−0.43) ×10⁶ cm⁻²s⁻¹.
  The magnetic moment does not change the CC rate and changes the NC rate only at the
  10⁻¹⁶ μ_B² level (SNO-deuteron entry of the catalogue), so NC gives the total ⁸B flux and
  CC its ν_e part; what Super-Kamiokande sees above ν_e + r·(ν_μ,τ) is the magnetic excess.
* **LMA point of 2002**: Δm² = 6.15×10⁻⁵ eV², tan²θ = 0.41 (P.C. de Holanda & A.Yu.
  Smirnov, JCAP 0302 (2003) 001, hep-ph/0205241, global fit with the SNO day/night spectra;
  abstract, verified). The Valencia group's own 2002 best fit (hep-ph/0207227) could not be
  read. The fit keeps these parameters fixed (no 2002 uncertainties are used).
* **Reactor**: the pre-2002 limit of the Rovno experiment (A.I. Derbin et al., JETP Lett. 57
  (1993) 768): μ < 1.9×10⁻¹⁰ μ_B at 95 % CL, as recalled (status NF: the text was not
  found). TEXONO 2003 and MUNU 2003/2005 were published after the paper and are not used.

Statistical treatment of the solar part (:func:`solar_rates_chi2`): a Gaussian χ² of the
three fluxes with the total ⁸B flux φ and its ν_e part φ_e both free (profiled in closed
form: for fixed κ the predictions are linear in (φ, φ_e)):

    NC = φ,  CC = φ_e,  ES_SK = φ_e + r (φ − φ_e) + φ κ B,

with r = ⟨σ_νμ⟩/⟨σ_νe⟩ and B = ⟨σ_mag⟩/⟨σ_νe⟩ per μ_B² (munu's cross sections averaged
over the ⁸B spectrum and the SK window, :func:`sk_ratios`). Statistical and systematic errors
are added in quadrature, asymmetric errors symmetrised, and the (anti-)correlation of the SNO
CC and NC systematics is neglected. Not included, although Grimus et al. used them: the SK
recoil spectrum shape and zenith/day-night bins (the bin table was not available), and the
chlorine and gallium rates (they fix the oscillation parameters, which are held fixed here).
The SNO 2002 elastic-scattering flux (SNO's ES events also carry the magnetic term; 2.39 ±
0.27 ×10⁶ cm⁻²s⁻¹ as recalled, not verified) was tried as a fourth row (SNO window T > 5 MeV,
same κ): it moves the solar bound by +0.4 %, so it is left out.

Why the 15 % target of issue 15 is not reached for the combined bound, whatever the reactor
input (:func:`reactor_saturated_bound`): a reactor constraint can at most remove every
direction of Λ except the reactor-blind one, Λ ∝ U_e*, along which the solar bound is
smaller by the factor :func:`blind_ratio` = √((1 − P_ee)/f₁) = 3.13. With the rates-only
solar bound 7.24×10⁻¹⁰ the combined bound therefore cannot go below 2.31×10⁻¹⁰ (+16 % from
2.0×10⁻¹⁰); Rovno alone gives 3.08×10⁻¹⁰. Reaching both targets needs the SK spectrum fit of
the solar part first. The numbers above use the fit's default Δχ² = z² = 1.64 (the convention
that makes a fit of one published limit return that limit, :mod:`munu.globalfit`); with
Δχ² = 2.71, the usual "90 % CL for one parameter" of global analyses (which of the two the
paper used could not be read), the solar-only rebuild is 8.1×10⁻¹⁰ (+29 %).

Example:
    >>> r, b = sk_ratios()
    >>> round(r, 3), round(b * 1e-20, 4)  # B per (10⁻¹⁰ μ_B)²
    (0.158, 0.0122)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache, partial
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float
from munu.globalfit.arrival import Arrival
from munu.globalfit.constraints import EffectiveMomentConstraint
from munu.globalfit.priors import LMA2002
from munu.interactions import sigma_magnetic_integral, sigma_weak_integral
from munu.mixing import OscillationParameters, vacuum_amplitudes
from munu.sources.solar import ENDPOINTS_MEV, spectrum_shape

__all__ = [
    "LMA2002",
    "PUBLISHED",
    "REACTOR_2002",
    "SK_ES",
    "SK_WINDOW_MEV",
    "SNO_CC",
    "SNO_NC",
    "blind_ratio",
    "comparison",
    "implied_sk_moment",
    "lma_survival",
    "reactor_constraints",
    "reactor_saturated_bound",
    "sk_ratios",
    "solar_constraint",
    "solar_rates_chi2",
]

#: Super-Kamiokande recoil window of the 1496-day analysis: total electron energy 5–20 MeV,
#: as kinetic energy in MeV (m_e = 0.511 MeV subtracted).
SK_WINDOW_MEV: tuple[float, float] = (5.0 - 0.511, 20.0 - 0.511)


def _quad(*errors: float) -> float:
    return math.sqrt(sum(e * e for e in errors))


#: (value, 1σ) in 10⁶ cm⁻²s⁻¹; see the module docstring for the sources.
SK_ES: tuple[float, float] = (2.35, _quad(0.02, 0.08))
SNO_CC: tuple[float, float] = (1.76, _quad(0.05, 0.09))
SNO_NC: tuple[float, float] = (5.09, _quad(0.435, 0.445))

#: Reactor limits public before August 2002 that the combined fit uses: (name, μ in μ_B, CL,
#: baseline in m, citation, status, note).
REACTOR_2002: tuple[tuple[str, float, float, float, str, str, str], ...] = (
    (
        "Rovno-1993",
        1.9e-10,
        0.95,
        18.0,
        "A.I. Derbin et al., JETP Lett. 57 (1993) 768 (Rovno, Si(Li) detectors)",
        "NF",
        "Value and 95 % CL as recalled; the paper was not found in a readable copy. "
        "Baseline ~18 m (phases negligible at tens of metres).",
    ),
)


@lru_cache(maxsize=4)
def sk_ratios(window: tuple[float, float] = SK_WINDOW_MEV) -> tuple[float, float]:
    """(r, B): ν_μ/ν_e ES ratio and magnetic/ν_e ratio per μ_B² for ⁸B in the SK window.

    Both are averages over the ⁸B spectrum (:func:`munu.sources.solar.spectrum_shape`) of
    the cross sections integrated over the recoil window, with the electroweak radiative
    corrections of Bahcall, Kamionkowski & Sirlin, PRD 51 (1995) 6146, which the SK and SNO
    analyses of 2002 used (r = 0.158 against 0.140 at tree level).

    Example:
        >>> r, b = sk_ratios()
        >>> 0.1 < r < 0.2
        True
    """
    e = np.linspace(window[0], ENDPOINTS_MEV["8B"], 600)
    w = spectrum_shape("8B", e)
    rc = "electroweak"
    s_e = float(w @ sigma_weak_integral(window[0], window[1], e, "nue", radiative_corrections=rc))
    s_mu = float(w @ sigma_weak_integral(window[0], window[1], e, "numu", radiative_corrections=rc))
    s_mag = float(w @ sigma_magnetic_integral(window[0], window[1], e, 1.0))
    return s_mu / s_e, s_mag / s_e


def solar_rates_chi2(kappa: ArrayLike, pee: float | None = None) -> NDArray[np.float64]:
    """χ²(κ) of SK 1496 d + SNO 2002 CC/NC with the ⁸B flux (and its ν_e part) profiled.

    κ is the effective moment squared of the ⁸B beam at Super-Kamiokande in μ_B². With
    ``pee`` (the ν_e survival probability of the LMA solution assumed) φ_e = pee·φ; without
    it φ_e is a free parameter (a model-independent SK-vs-SNO comparison). The minimum is
    not subtracted (the fit takes differences). Vectorised over ``kappa``.

    Example:
        >>> c = solar_rates_chi2([0.0, 1e-19])
        >>> bool(c[1] > c[0])
        True
    """
    k = np.atleast_1d(np.asarray(kappa, dtype=float))
    r, b = sk_ratios()
    d = np.array([SNO_NC[0], SNO_CC[0], SK_ES[0]])
    w = 1.0 / np.array([SNO_NC[1], SNO_CC[1], SK_ES[1]]) ** 2
    if pee is not None:  # one free flux: predictions φ·(1, P, P + r(1 − P) + κB)
        a1 = np.stack([np.ones_like(k), np.full_like(k, pee), pee + r * (1 - pee) + k * b], -1)
        phi = (a1 * w * d).sum(-1) / (a1 * a1 * w).sum(-1)
        out1: NDArray[np.float64] = ((d - a1 * phi[..., None]) ** 2 * w).sum(-1)
        return out1.reshape(np.shape(kappa))
    # two free fluxes (φ, φ_e), linear for fixed κ: rows NC, CC, ES
    a = np.zeros((*k.shape, 3, 2))
    a[..., 0, 0] = 1.0
    a[..., 1, 1] = 1.0
    a[..., 2, 0] = r + k * b
    a[..., 2, 1] = 1.0 - r
    aw = a * w[:, None]
    normal = np.einsum("...ip,...iq->...pq", aw, a)
    rhs = np.einsum("...ip,i->...p", aw, d)
    theta = np.linalg.solve(normal, rhs[..., None])[..., 0]
    resid = d - np.einsum("...ip,...p->...i", a, theta)
    out: NDArray[np.float64] = np.einsum("...i,i->...", resid**2, w)
    return out.reshape(np.shape(kappa))


def lma_survival(params: OscillationParameters = LMA2002) -> float:
    """ν_e survival probability of ⁸B at SK for ``params``: P = Σ_k f_k |U_ek|².

    Example:
        >>> round(lma_survival(), 3)
        0.32
    """
    f = np.real(np.diag(Arrival.solar(["8B"], *SK_WINDOW_MEV).density(params)))
    ue2 = np.abs(vacuum_amplitudes("nue", 0.0, np.array([10.0]), params)[0]) ** 2
    return float(f @ ue2)


def solar_constraint(params: OscillationParameters | None = LMA2002) -> EffectiveMomentConstraint:
    """The solar input of the reconstruction as an :class:`EffectiveMomentConstraint`.

    Args:
        params: the LMA point assumed (fixes φ_e/φ = P_ee); ``None`` leaves φ_e free.

    Example:
        >>> solar_constraint().name
        'SK1496-SNO2002-rates'
    """
    r, b = sk_ratios()
    pee = None if params is None else lma_survival(params)
    how = "φ_e free" if pee is None else f"φ_e = P_ee φ, P_ee = {pee:.4f} (LMA 2002)"
    return EffectiveMomentConstraint.from_function(
        "SK1496-SNO2002-rates" if pee is not None else "SK1496-SNO2002-rates-free",
        partial(solar_rates_chi2, pee=pee),
        Arrival.solar(["8B"], *SK_WINDOW_MEV),
        kappa_scale=1e-20,
        citation="S. Fukuda et al. (Super-Kamiokande), PLB 539 (2002) 179, hep-ex/0205075; "
        "Q.R. Ahmad et al. (SNO), PRL 89 (2002) 011301, nucl-ex/0204008",
        status="V",
        note=f"SK ES {SK_ES[0]} ± {SK_ES[1]:.3f}, SNO CC {SNO_CC[0]} ± {SNO_CC[1]:.3f}, "
        f"NC {SNO_NC[0]} ± {SNO_NC[1]:.3f} ×10⁶ cm⁻²s⁻¹; ⁸B flux profiled, {how}; "
        f"r = {r:.4f}, B = {b:.4g} per μ_B² (munu cross sections, SK window "
        f"{SK_WINDOW_MEV[0]:.2f}–{SK_WINDOW_MEV[1]:.2f} MeV). Spectrum shape and Cl/Ga "
        "rates not included (see munu.globalfit.grimus2003).",
    )


def reactor_constraints() -> tuple[EffectiveMomentConstraint, ...]:
    """The reactor limits of :data:`REACTOR_2002` as one-sided Gaussians in κ.

    Example:
        >>> [c.name for c in reactor_constraints()]
        ['Rovno-1993']
    """
    return tuple(
        EffectiveMomentConstraint.from_limit(
            name, mu, cl, Arrival.reactor(baseline), citation=cit, status=st, note=note
        )
        for name, mu, cl, baseline, cit, st, note in REACTOR_2002
    )


#: Published bounds of Grimus et al. 2003 (abstract, verified): |Λ| in μ_B at 90 % CL.
PUBLISHED: MappingProxyType[str, float] = MappingProxyType(
    {"grimus2003-solar": 6.3e-10, "grimus2003": 2.0e-10}
)


def blind_ratio(params: OscillationParameters = LMA2002) -> float:
    """Solar-only over solar + (strong) reactor bound on |Λ|: √((1 − P_ee)/f₁).

    Solar data leave Λ ∝ e₂ weakest (κ = f₁|Λ|², ν₁ being rare in ⁸B at SK), a strong
    short-baseline reactor constraint leaves only Λ ∝ U_e* (κ_reactor = |Λ|² − |U_e·Λ|² = 0),
    along which solar data give κ = (1 − Σ f_k|U_ek|²)|Λ|² = (1 − P_ee)|Λ|². With one solar
    constraint the ratio of the two bounds is therefore fixed by the oscillation parameters
    alone; Grimus et al.'s 6.3/2.0 = 3.15 tests the LMA point and the arrival model.

    Example:
        >>> round(blind_ratio(), 2)
        3.13
    """
    f1 = float(np.real(Arrival.solar(["8B"], *SK_WINDOW_MEV).density(params)[0, 0]))
    return math.sqrt((1.0 - lma_survival(params)) / f1)


def reactor_saturated_bound(solar_bound: float, params: OscillationParameters = LMA2002) -> float:
    """Lowest combined |Λ| bound (μ_B) any reactor input allows, given a solar-only bound.

    A short-baseline reactor measures κ_R = |Λ|² − |U_e·Λ|², which vanishes for Λ ∝ U_e*; the
    strongest reactor constraint leaves that direction free, where the solar data see
    κ = (1 − P_ee)|Λ|² instead of the f₁|Λ|² of their own weakest direction. The combined
    bound is therefore at least ``solar_bound`` / :func:`blind_ratio` (exact for one solar
    constraint that is a function of κ alone, as here).

    Args:
        solar_bound: the solar-only bound on |Λ| in μ_B (> 0).
        params: the oscillation parameters of the solar fit.

    Example:
        >>> round(reactor_saturated_bound(7.24e-10) * 1e10, 2)
        2.31
    """
    bound = as_float(solar_bound, "solar_bound", positive=True)
    return bound / blind_ratio(params)


def implied_sk_moment(params: OscillationParameters = LMA2002) -> float:
    """Effective SK moment (μ_B) that the paper's solar-only bound implies: 6.3×10⁻¹⁰ · √f₁.

    Example:
        >>> round(implied_sk_moment() * 1e10, 2)
        1.66
    """
    f1 = float(np.real(Arrival.solar(["8B"], *SK_WINDOW_MEV).density(params)[0, 0]))
    return PUBLISHED["grimus2003-solar"] * math.sqrt(f1)


def comparison(results: Mapping[str, float]) -> tuple[tuple[str, str, str, str, str], ...]:
    """Rows (set, published, munu, deviation, why) comparing a rebuild with the paper.

    Args:
        results: |Λ| bound in μ_B by set name (``"grimus2003-solar"``, ``"grimus2003"``).

    Example:
        >>> comparison({"grimus2003": 2.2e-10})[0][:4]
        ('grimus2003', '2.0e-10', '2.2e-10', '+10%')
    """
    p_ee = lma_survival()
    f1 = float(np.real(Arrival.solar(["8B"], *SK_WINDOW_MEV).density(LMA2002)[0, 0]))
    why = {
        "grimus2003-solar": (
            "SK 1496 d + SNO 2002 rates only (φ_e/φ fixed at the LMA 2002 P_ee = "
            f"{p_ee:.3f}); the SK recoil-spectrum shape and zenith bins the paper fitted "
            "(bin table not found; the paper's body could not be read) are not included, "
            f"so the SK excess is less constrained; the weak direction is Λ₂ (ν₁ fraction "
            f"f₁ = {f1:.3f}, bound ∝ 1/√f₁)."
        ),
        "grimus2003": (
            "solar part as above, plus "
            + ", ".join(f"{n} ({mu:.2g} μ_B, {cl:.0%} CL)" for n, mu, cl, *_ in REACTOR_2002)
            + "; the reactor data the paper combined could not be read, and the combined "
            "bound is set by the solar constraint along the reactor-blind direction Λ ∝ U_e*."
        ),
    }
    mu_sk = {name: value * math.sqrt(f1) for name, value in results.items()}
    if "grimus2003-solar" in mu_sk:
        why["grimus2003-solar"] += (
            f" The paper's bound implies an SK effective moment of {implied_sk_moment():.3g}"
            f" μ_B; the rebuilt rates give {mu_sk['grimus2003-solar']:.3g}."
        )
    why["grimus2003"] += (
        " The paper's ratio of the two bounds, "
        f"{PUBLISHED['grimus2003-solar'] / PUBLISHED['grimus2003']:.3g},"
        f" equals the strong-reactor limit √((1 − P_ee)/f₁) = {blind_ratio():.3g} at LMA 2002:"
        " their reactor data saturated the bound, the Rovno limit alone does not."
    )
    if "grimus2003-solar" in results:
        floor = reactor_saturated_bound(results["grimus2003-solar"])
        dev = (floor / PUBLISHED["grimus2003"] - 1) * 100
        why["grimus2003"] += (
            f" Even a saturating reactor input would give {floor:.3g} μ_B ({dev:+.0f}%) with"
            " this solar part, so the combined gap is closed only by the SK spectrum fit."
        )
    rows = []
    for name, value in results.items():
        pub = PUBLISHED[name]
        dev = f"{(value / pub - 1) * 100:+.0f}%"
        rows.append((name, f"{pub:.1e}", f"{value:.1e}", dev, why.get(name, "")))
    return tuple(rows)
