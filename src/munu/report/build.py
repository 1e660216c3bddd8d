"""``munu report``: the review's figures and tables, recomputed by munu, in one HTML page.

Each section is a small function returning a :class:`~munu.report.html.Section`; every
number shown is computed when the report is built, from the package's own physics and its
cited catalogue data. Nothing in the report is a stored picture.

Example:
    >>> import tempfile, pathlib
    >>> from munu.report.build import section_physics
    >>> "μ_B" in section_physics().body_html
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure as _MplFigure

from munu.report.html import Figure, Section, table_html, write_report

__all__ = ["build_report", "section_physics", "section_radiative_decay", "section_sources"]


def _fig(width: float = 7.0, height: float = 4.5) -> tuple[Any, Any]:
    fig = _MplFigure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


# -- sections -----------------------------------------------------------------------------------
def section_physics() -> Section:
    """The review's Section 2 numbers, each computed from munu's constants and formulas."""
    from munu import constants as c
    from munu.moments import msm_dirac_moment, radiative_decay_rate
    from munu.sources import Reactor, solar_survival_probability, ssm_fluxes

    ks = Reactor(thermal_power_gw=2.9, distance_m=28.0)
    kalinin = Reactor(thermal_power_gw=3.0, distance_m=13.9)
    yields = ks.neutrinos_per_fission()
    rows = [
        (
            "magnetic prefactor π α²/m_e²",
            f"{c.MAGNETIC_PREFACTOR_CM2:.5g} cm² (μ/μ_B)²",
            "Vogel & Engel, PRD 39 (1989) 3378",
        ),
        (
            "weak prefactor G_F² m_e/2π",
            f"{c.WEAK_PREFACTOR_CM2_PER_MEV:.4g} cm²/MeV",
            "tree-level ν-e scattering",
        ),
        ("sin²θ_W (low-Q² MS-bar)", f"{c.SIN2_THETA_W}", "Erler & Ferro-Hernández 2018"),
        (
            "minimally-extended SM Dirac moment",
            f"{msm_dirac_moment(1.0):.4g} μ_B × (m_ν/eV)",
            "Fujikawa & Shrock 1980",
        ),
        (
            "radiative decay rate, μ = 1 μ_B, m = 1 eV",
            f"{radiative_decay_rate(1.0, 1.0):.4g} s⁻¹",
            "Raffelt, Phys. Rept. 320 (1999) 319",
        ),
        (
            "ν̄_e per fission (fission products + ²³⁹U/²³⁹Np)",
            f"{yields.fission_products:.2f} + {yields.capture:.2f} = {yields.total:.2f}",
            "Huber/Mueller 2011 + ENSDF",
        ),
        (
            "Kuo-Sheng flux (2.9 GW, 28 m)",
            f"{ks.total_flux():.3g} cm⁻² s⁻¹",
            "published 6.4×10¹² (TEXONO)",
        ),
        (
            "Kalinin flux (3 GW, 13.9 m)",
            f"{kalinin.total_flux():.3g} cm⁻² s⁻¹",
            "published 2.7×10¹³ (GEMMA)",
        ),
        (
            "⁸B flux, B16-GS98",
            f"{ssm_fluxes('B16-GS98')['8B']:.3g} cm⁻² s⁻¹",
            "Vinyoles et al., ApJ 835 (2017) 202",
        ),
        (
            "P_ee(pp, 0.2 MeV) / P_ee(⁸B, 10 MeV)",
            f"{float(solar_survival_probability(0.2, 'pp')):.3f} / "
            f"{float(solar_survival_probability(10.0, '8B')):.3f}",
            "adiabatic 3ν MSW, NuFIT 6.0",
        ),
    ]
    return Section("Physics at a glance", table_html(["quantity", "munu", "reference"], rows))


def section_sources() -> Section:
    """Spectra of the four kinds of source the review's searches use."""
    from munu.sources import DecayAtRest, Reactor, Solar, Tritium

    fig = _MplFigure(figsize=(10, 7), layout="constrained")
    axes = fig.subplots(2, 2)
    Reactor(thermal_power_gw=2.9, distance_m=28.0).plot(ax=axes[0, 0])
    axes[0, 0].set_title("Reactor ν̄_e: 2.9 GW at 28 m (Kuo-Sheng)")
    axes[0, 0].set_yscale("log")
    Solar().plot(ax=axes[0, 1])
    axes[0, 1].set_title("Solar ν_e at production (B16-GS98)")
    axes[0, 1].set_yscale("log")
    axes[0, 1].set_xscale("log")
    DecayAtRest.lsnd().plot(ax=axes[1, 0])
    axes[1, 0].set_title("π⁺/μ⁺ decay at rest (LSND-like)")
    Tritium.mammont().plot(ax=axes[1, 1])
    axes[1, 1].set_title("³H source (MAMMONT: 40 MCi)")
    return Section(
        "Neutrino sources",
        "<p>Differential fluxes at the detector; lines (⁷Be, pep, the 29.79 MeV ν_μ) are "
        "drawn as vertical markers with their integrated flux.</p>",
        (Figure("sources", fig, "Source spectra dΦ/dE_ν at the detector."),),
    )


def section_cross_sections() -> Section:
    """Weak and magnetic ν̄_e-e differential cross sections (review Eq. 3)."""
    from munu.interactions import dsigma_dt_magnetic, dsigma_dt_weak

    fig, ax = _fig()
    t = np.logspace(-5, 0.6, 400)
    for enu, style in ((1.0, "-"), (3.0, "--")):
        ax.plot(
            t * 1e3,
            dsigma_dt_weak(t, enu, "nuebar"),
            "k" + style,
            label=f"SM weak, E_ν = {enu:g} MeV",
        )
        ax.plot(
            t * 1e3,
            dsigma_dt_magnetic(t, enu, 1e-10),
            "C3" + style,
            label=f"magnetic, μ = 10⁻¹⁰ μ_B, E_ν = {enu:g} MeV",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("electron recoil T [keV]")
    ax.set_ylabel("dσ/dT [cm² MeV⁻¹ per electron]")
    ax.legend(fontsize=8)
    return Section(
        "ν-e scattering: weak and magnetic terms",
        "<p>The magnetic term rises as 1/T at low recoil energy while the weak term is flat: "
        "this is why reactor searches push their thresholds down. The two amplitudes do not "
        "interfere (the magnetic one flips helicity).</p>",
        (Figure("cross_sections", fig, "ν̄_e-e dσ/dT, free electrons."),),
    )


def section_radiative_decay(limits: Sequence[tuple[str, float]]) -> Section:
    """The review's Fig. 4b: lifetimes implied by μ limits (τ ∝ 1/(μ² m³))."""
    from munu.moments import radiative_lifetime_bound

    fig, ax = _fig()
    m = np.logspace(-3, 1, 200)
    rows = []
    for i, (label, mu) in enumerate(limits):
        ax.plot(
            m, radiative_lifetime_bound(mu, m), color=f"C{i}", label=f"{label}: μ < {mu:.2g} μ_B"
        )
        rows.append((label, f"{mu:.2g}", f"{radiative_lifetime_bound(mu):.3g}"))
    # Direct search: NOTTE solar-eclipse photon search, τ/m > 10³ s/eV for m > 10⁻² eV
    # (Cecchini et al., hep-ex/0402014, abstract).
    ax.plot(m[m > 1e-2], 1e3 * m[m > 1e-2], "k:", label="direct: solar eclipse τ/m > 10³ s/eV")
    # CMB spectrum (FIRAS): τ ≳ few×10¹⁹–5×10²⁰ s (Mirizzi, Montanino, Serpico,
    # PRD 76 (2007) 053007, arXiv:0705.4667, abstract).
    ax.axhspan(3e19, 5e20, color="0.85", label="CMB/FIRAS τ ≳ 10¹⁹–10²⁰ s")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("mass of the decaying neutrino m_ν [eV]")
    ax.set_ylabel("lower bound on τ [s] (90% C.L.)")
    ax.legend(fontsize=8)
    body = (
        "<p>An upper limit on the effective moment bounds the radiative decay ν_i → ν_j γ, "
        "Γ = μ² m³/(8π) (non-degenerate masses, standard normalisation), so m³τ is bounded "
        "from below. TEXONO 2003 quoted 2.8×10¹⁸ eV³ s, a factor 4 below the standard "
        "conversion (see <code>munu.moments.radiative_decay_rate</code>, "
        "<code>convention='texono2003'</code>).</p>"
        + table_html(["limit", "μ [μ_B]", "m³τ > [eV³ s]"], rows)
    )
    return Section(
        "Radiative decay (review Fig. 4b)",
        body,
        (Figure("fig4b_radiative_decay", fig, "Lifetime bounds from μ limits, 90% C.L."),),
    )


def section_astro(lab: Sequence[tuple[str, float]]) -> Section:
    """Astrophysical bounds beside laboratory limits."""
    from munu.astro import astro_bounds, plot_astro_bounds

    fig = _MplFigure(figsize=(8, 7), layout="constrained")
    plot_astro_bounds(fig.add_subplot(), lab_limits=list(lab), unit_exponent=-11)
    rows = [
        (b.name, f"{b.value_mu_b:.2g}", b.cl_label, b.citation)
        for b in astro_bounds()
        if b.kind == "limit"
    ]
    return Section(
        "Astrophysical bounds",
        "<p>Stellar-cooling and supernova bounds are model dependent (Dirac or Majorana, no "
        "other new interactions); see each entry's assumptions in the catalogue.</p>"
        + table_html(["bound", "μ [μ_B]", "CL", "reference"], rows),
        (Figure("astro_bounds", fig, "Astrophysical bounds and laboratory limits."),),
    )


# -- the report ---------------------------------------------------------------------------------
_REVIEW_ERA_LIMITS: tuple[tuple[str, float], ...] = (
    # (label, 90% CL limit in μ_B) — verified-experiments.md §1 (V).
    ("TEXONO 2003", 1.3e-10),
    ("MUNU 2005", 9e-11),
    ("GEMMA 2012", 2.9e-11),
)


def build_report(
    out_dir: str | Path,
    *,
    extra_cards: Sequence[Path] = (),
    seed: int = 20040903,
    console: Any = None,
) -> Path:
    """Build the report into ``out_dir``; return the path of ``index.html``.

    Args:
        out_dir: output directory (created).
        extra_cards: user experiment cards to include beside the catalogue.
        seed: seed for pseudo-data where a card carries no data.
        console: optional rich console for progress output.
    """
    builders: list[tuple[str, Callable[[], Section]]] = [
        ("physics", section_physics),
        ("cross sections", section_cross_sections),
        ("sources", section_sources),
        ("radiative decay", lambda: section_radiative_decay(_REVIEW_ERA_LIMITS)),
        ("astrophysics", lambda: section_astro(_REVIEW_ERA_LIMITS)),
    ]
    sections = _run(builders, console)
    return write_report(out_dir, "munu: neutrino magnetic moments — status and prospects", sections)


def _run(builders: Sequence[tuple[str, Callable[[], Section]]], console: Any) -> list[Section]:
    from rich.progress import Progress

    sections = []
    with Progress(console=console, transient=True, disable=console is None) as progress:
        task = progress.add_task("building report", total=len(builders))
        for name, build in builders:
            progress.update(task, description=f"section: {name}")
            sections.append(build())
            progress.advance(task)
    return sections
