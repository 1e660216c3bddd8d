"""Global fit: what experiments with different flavour content say together about the moments.

Every ν–e scattering experiment measures one number, its effective moment squared
κ_X = μ²_eff,X (μ_B²), which is a quadratic function of the fundamental 3×3 moment matrix λ
(review hep-ex/0409003, Eq. 2 and §4.4; :mod:`munu.moments`). This module expresses each
published result as a likelihood in its own κ_X (:class:`EffectiveMomentConstraint`), maps
κ_X onto the fundamental moments through the flavour / mass-state content of the beam at the
detector (:class:`Arrival`), and combines the experiments (:func:`run_global_fit`).

What to use when:

* a published 90 % CL upper limit only → :meth:`EffectiveMomentConstraint.from_limit`
  (one-sided Gaussian in κ with best fit 0, the standard approximation of the global analyses
  when only limits are published);
* a best fit with an error in κ (e.g. SNO deuteron break-up) →
  :meth:`EffectiveMomentConstraint.gaussian`;
* observed / background counts → :meth:`EffectiveMomentConstraint.from_counts` (Poisson);
* anything else → :meth:`EffectiveMomentConstraint.from_table` or ``from_function``;
* an experiment card (:mod:`munu.experiments`) with a published limit →
  :meth:`EffectiveMomentConstraint.from_card`;
* ready-made sets with citations: :data:`CONSTRAINTS`, :data:`CONSTRAINT_SETS`,
  :func:`constraint_set`;
* bounds on the Majorana transition-moment vector Λ (Grimus et al. 2003) or on Dirac moments:
  :func:`run_global_fit`; allowed regions in a |Λ_i|–|Λ_j| plane: :func:`allowed_region`;
  figures: :func:`plot_delta_chi2`, :func:`plot_allowed_region`.

Physics (conventions of :mod:`munu.moments`): for a beam with mass-state density matrix ρ at
the detector, κ = Σ_j (λ' ρ λ'†)_jj with λ' = λ for neutrinos and λ* for antineutrinos.
Writing G_kl = Σ_j λ_jk λ*_jl this is κ = Re Σ_kl R_kl G_kl with one 3×3 matrix
R = ρ_ν + ρ_ν̄* per experiment (:meth:`Arrival.density`):

* reactor ν̄_e at a short baseline: ρ_kl = a_k a*_l with a_k = U_ek e^{−i m_k² L/2E}
  (coherent; at tens of metres the phases are below 0.1 rad, so one representative energy
  suffices);
* solar neutrinos: ρ = diag(f₁, f₂, f₃), the incoherent MSW mass-state fractions of
  :func:`munu.sources.solar.solar_mass_state_fractions`, weighted over the spectrum with the
  magnetic ν–e cross section in the detector's recoil window (or the flux above a threshold);
* accelerator ν_μ/ν̄_μ (LSND), ν_τ (DONUT): coherent, phases negligible.

For Majorana neutrinos λ_jk = ε_jkl Λ_l and κ = Λ†(tr R − R)Λ (Grimus et al., Nucl. Phys. B
648 (2003) 376, hep-ph/0208132; Cañas et al., PLB 753 (2016) 191, arXiv:1510.01684): solar
data give |Λ|² − Σ_k f_k|Λ_k|², independent of phases, and a short-baseline reactor gives
|Λ|² − |Σ_k U_ek Λ_k|², which depends on the relative phases. The Majorana phases of U can be
absorbed into the phases of Λ_k (they multiply Λ_k in every term), so scanning the phases of
Λ covers them.

Statistics: each constraint is a χ²_X(κ_X). The total χ²(λ, θ) = Σ_X χ²_X(κ_X(λ, θ)) +
χ²_prior(θ) is profiled over the direction of λ (angles on the sphere and relative phases,
scanned as one vectorised grid) and over the oscillation parameters θ = (sin²θ₁₂, Δm²₂₁)
(Gaussian priors from the chosen set, :class:`OscillationPrior`, on a grid of ±2σ nodes).
The 90 % CL bound on the norm is where the profiled Δχ² reaches the threshold of
:func:`delta_chi2_threshold`. Convention: ``sided="one"`` (default) uses Δχ² = z² with
z = Φ⁻¹(CL) = 1.2816, the same z as :meth:`EffectiveMomentConstraint.from_limit`, so that a
fit to a single limit returns that limit; ``sided="two"`` uses Δχ² = 2.706 (χ² with one
degree of freedom, the usual "1 d.o.f." choice) together with σ_κ = κ₉₀/1.645. For
limit-type inputs (best fit 0) both pairs give identical bounds, because χ² is then
z² Σ_X (κ_X/κ₉₀,X)². Which of the two Grimus et al. used could not be read from the paper
(only its abstract was accessible); "90 % CL for one parameter" in the Valencia group's
analyses usually means Δχ² = 2.71. Along each direction the upper end of the allowed
interval is found in closed form (Gaussian inputs) or by bisection; the largest one on the
grid is then polished by a local Nelder–Mead maximisation over the direction, which makes
the bound insensitive to the grid (default and 4× finer grids agree to 0.1 %).

Layout of the package (each part in its own module):

* :mod:`munu.globalfit.arrival`: :class:`Arrival`, the beam content at the detector;
* :mod:`munu.globalfit.constraints`: :class:`EffectiveMomentConstraint`, one χ²_X(κ_X);
* :mod:`munu.globalfit.priors`: :class:`OscillationPrior`, priors on the oscillation parameters;
* :mod:`munu.globalfit.catalogue`: the data catalogue (:data:`CONSTRAINTS`,
  :data:`CONSTRAINT_SETS`);
* :mod:`munu.globalfit.grimus2003`: the inputs of Grimus et al. 2003, rebuilt;
* :mod:`munu.globalfit.scan`: :class:`ScanGrid`, the directions of λ that are scanned;
* :mod:`munu.globalfit.profile`: the profile-likelihood engine;
* :mod:`munu.globalfit.results`: :func:`run_global_fit` and :class:`GlobalFitResult`;
* :mod:`munu.globalfit.regions`: :func:`allowed_region`;
* :mod:`munu.globalfit.plots`: :func:`plot_delta_chi2`, :func:`plot_allowed_region`.

Example:
    >>> from munu.globalfit import ScanGrid, run_global_fit
    >>> res = run_global_fit("canas2016", params="nufit60", n_osc=1, grid=ScanGrid(5, 4))
    >>> round(res.component_limits["Lambda3"] / 1e-11, 2)
    3.13
"""

from __future__ import annotations

from munu.globalfit._conventions import ARRIVAL_KINDS, FIT_KINDS, FORMS, delta_chi2_threshold
from munu.globalfit.arrival import Arrival
from munu.globalfit.catalogue import CONSTRAINT_SETS, CONSTRAINTS, constraint_set
from munu.globalfit.constraints import EffectiveMomentConstraint
from munu.globalfit.plots import plot_allowed_region, plot_delta_chi2
from munu.globalfit.priors import PRIORS, OscillationPrior, oscillation_prior
from munu.globalfit.regions import AllowedRegion, allowed_region
from munu.globalfit.results import GlobalFitResult, run_global_fit
from munu.globalfit.scan import ScanGrid

__all__ = [
    "ARRIVAL_KINDS",
    "CONSTRAINTS",
    "CONSTRAINT_SETS",
    "FIT_KINDS",
    "FORMS",
    "PRIORS",
    "AllowedRegion",
    "Arrival",
    "EffectiveMomentConstraint",
    "GlobalFitResult",
    "OscillationPrior",
    "ScanGrid",
    "allowed_region",
    "constraint_set",
    "delta_chi2_threshold",
    "oscillation_prior",
    "plot_allowed_region",
    "plot_delta_chi2",
    "run_global_fit",
]
