"""One experiment's likelihood in its own effective moment squared κ_X
(:class:`EffectiveMomentConstraint`).

Part of :mod:`munu.globalfit` (see its docstring for the physics and statistics).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from munu._validate import as_float, as_float_array, check_choice
from munu.errors import InputError
from munu.globalfit._conventions import _NEGATIVE, FORMS, _check_cl, _z_value
from munu.globalfit.arrival import Arrival, _gram
from munu.mixing import (
    NUFIT60,
    OscillationParameters,
)
from munu.moments import MomentMatrix


# -- constraints ----------------------------------------------------------------------------
@dataclass(frozen=True)
class EffectiveMomentConstraint:
    """One experiment's constraint, as a χ² in its own κ = μ²_eff (μ_B²).

    Attributes:
        name: short name.
        arrival: the beam at the detector (:class:`Arrival`).
        form: ``"gaussian"`` (χ² = ((κ − κ̂)/σ_κ)²; limits are Gaussians with κ̂ = 0),
            ``"poisson"`` (counts), ``"table"`` (χ² tabulated in κ, linear interpolation,
            linear extrapolation beyond the last point) or ``"function"``.
        kappa_hat: Gaussian best fit κ̂ in μ_B² (may be negative, unphysical).
        sigma_kappa: Gaussian σ_κ in μ_B².
        negative_best_fit: ``"keep"`` (use κ̂ < 0 as measured; the fit's Δχ² is then taken
            relative to the minimum in the physical region κ ≥ 0, which makes a downward
            fluctuation tighten the bound) or ``"clip"`` (replace κ̂ by max(κ̂, 0): the
            conservative choice, the bound then reflects the sensitivity σ_κ only).
        n_observed, background, signal_per_kappa: Poisson counting: n observed, b expected
            background, signal events per μ_B² of κ.
        kappa_table, chi2_table: tabulated χ²(κ).
        function: χ²(κ) callable (vectorised over numpy arrays).
        kappa_scale: typical κ scale in μ_B² (sets the search range of the fit).
        mu_limit: the published limit in μ_B, if the constraint was built from one.
        cl: its confidence level.
        citation: where the input is published.
        status: verification status (``"V"``, ``"V-sec"``, ``"NF"``, …; see
            shared/reference/verified-experiments.md).
        note: provenance remarks.

    Example:
        >>> c = EffectiveMomentConstraint.from_limit("TEXONO", 1.3e-10, arrival=Arrival.reactor(28))
        >>> round(float(c.chi2((1.3e-10) ** 2)), 4)
        1.6424
    """

    name: str
    arrival: Arrival
    form: str = "gaussian"
    kappa_hat: float = 0.0
    sigma_kappa: float = 0.0
    negative_best_fit: str = "keep"
    n_observed: int = 0
    background: float = 0.0
    signal_per_kappa: float = 0.0
    kappa_table: tuple[float, ...] = ()
    chi2_table: tuple[float, ...] = ()
    function: Callable[[NDArray[np.float64]], ArrayLike] | None = None
    kappa_scale: float = 0.0
    mu_limit: float | None = None
    cl: float | None = None
    citation: str = ""
    status: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InputError("name", self.name, "a non-empty string")
        if not isinstance(self.arrival, Arrival):
            raise InputError("arrival", self.arrival, "an Arrival")
        form = check_choice(self.form, "form", FORMS)
        check_choice(self.negative_best_fit, "negative_best_fit", _NEGATIVE)
        if form == "gaussian":
            as_float(self.kappa_hat, "kappa_hat")
            as_float(self.sigma_kappa, "sigma_kappa", positive=True)
            scale = abs(self.kappa_hat) + self.sigma_kappa
        elif form == "poisson":
            if not isinstance(self.n_observed, int | np.integer) or self.n_observed < 0:
                raise InputError("n_observed", self.n_observed, "a count ≥ 0")
            as_float(self.background, "background", positive=True)
            as_float(self.signal_per_kappa, "signal_per_kappa", positive=True)
            scale = (math.sqrt(self.background) + self.n_observed + 1.0) / self.signal_per_kappa
        elif form == "table":
            k = as_float_array(self.kappa_table, "kappa_table", nonnegative=True)
            c = as_float_array(self.chi2_table, "chi2_table", nonnegative=True)
            if k.ndim != 1 or k.shape != c.shape or k.size < 2 or np.any(np.diff(k) <= 0):
                raise InputError(
                    "kappa_table", self.kappa_table, "≥ 2 increasing κ values, one χ² each"
                )
            scale = float(k[-1])
        else:
            if not callable(self.function):
                raise InputError("function", self.function, "a callable χ²(κ)")
            scale = as_float(self.kappa_scale, "kappa_scale", positive=True)
        if self.kappa_scale <= 0:
            object.__setattr__(self, "kappa_scale", float(scale))

    # -- constructors ----------------------------------------------------------------------
    @classmethod
    def gaussian(
        cls,
        name: str,
        kappa_hat: float,
        sigma_kappa: float,
        arrival: Arrival,
        *,
        negative_best_fit: str = "keep",
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """A measured κ̂ ± σ_κ (μ_B²), Gaussian in κ.

        Example:
            >>> sno = EffectiveMomentConstraint.gaussian(
            ...     "SNO-d", -2.76e-16, 1.46e-16, Arrival.solar(["8B"], enu_min_mev=2.224))
            >>> round(float(sno.chi2(0.0)), 3)
            3.574
        """
        return cls(
            name=name,
            arrival=arrival,
            form="gaussian",
            kappa_hat=as_float(kappa_hat, "kappa_hat"),
            sigma_kappa=as_float(sigma_kappa, "sigma_kappa", positive=True),
            negative_best_fit=negative_best_fit,
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_limit(
        cls,
        name: str,
        mu_limit: float,
        cl: float = 0.9,
        arrival: Arrival | None = None,
        *,
        sided: str = "one",
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """A published upper limit μ < μ_lim (CL) as a one-sided Gaussian in κ.

        κ̂ = 0 and σ_κ = μ_lim²/z, z = Φ⁻¹(CL) = 1.2816 at 90 % (``sided="two"``:
        z = 1.645). This is the standard approximation of the global analyses when only a
        limit is available (e.g. Grimus et al. 2003; Cañas et al. 2016): it treats the
        experiment as having measured κ = 0 with the error that makes the limit a
        CL-quantile. Use it with the same ``sided`` in :func:`run_global_fit`.

        Args:
            name: short name.
            mu_limit: the limit in μ_B (> 0).
            cl: its confidence level.
            arrival: the beam at the detector (required).
            sided: ``"one"`` or ``"two"`` (see above).
            citation: where the limit is published.
            status: verification status.
            note: provenance remarks.

        Returns:
            The :class:`EffectiveMomentConstraint`.

        Example:
            >>> c = EffectiveMomentConstraint.from_limit("x", 1e-10, arrival=Arrival.reactor(20))
            >>> round(c.sigma_kappa / 1e-20, 4)
            0.7803
        """
        if arrival is None:
            raise InputError("arrival", arrival, "an Arrival (which beam the limit refers to)")
        mu = as_float(mu_limit, "mu_limit", positive=True)
        c = _check_cl(cl)
        return cls(
            name=name,
            arrival=arrival,
            form="gaussian",
            kappa_hat=0.0,
            sigma_kappa=mu**2 / _z_value(c, sided),
            mu_limit=mu,
            cl=c,
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_counts(
        cls,
        name: str,
        n_observed: int,
        background: float,
        arrival: Arrival,
        *,
        signal_per_kappa: float | None = None,
        mu_limit: float | None = None,
        cl: float = 0.9,
        sided: str = "one",
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """Poisson counting: n observed over b expected background, signal ∝ κ.

        χ²(κ) = 2[(b + sκ) − n + n ln(n/(b + sκ))] (Baker & Cousins, NIM 221 (1984) 437).
        Give the signal per μ_B² directly, or a published limit from which it is calibrated:
        s is chosen so that Δχ² (relative to the best fit in κ ≥ 0) reaches the threshold of
        :func:`delta_chi2_threshold` at κ = μ_lim².

        Example:
            >>> c = EffectiveMomentConstraint.from_counts(
            ...     "count", 1, 2.3, Arrival.accelerator(["nutau"], 36.0, [50e3]), mu_limit=1e-7)
            >>> round(float(c.chi2(1e-14) - c.chi2(0.0)), 4)
            1.6424
        """
        n = int(n_observed)
        if n != n_observed or n < 0:
            raise InputError("n_observed", n_observed, "a count ≥ 0")
        b = as_float(background, "background", positive=True)
        if (signal_per_kappa is None) == (mu_limit is None):
            raise InputError(
                "signal_per_kappa", signal_per_kappa, "exactly one of signal_per_kappa, mu_limit"
            )
        if signal_per_kappa is None:
            mu = as_float(mu_limit, "mu_limit", positive=True)
            target = _z_value(cl, sided) ** 2
            s_best = max(n - b, 0.0)

            def dchi(s: float) -> float:
                return _poisson_chi2(n, b, s) - _poisson_chi2(n, b, s_best) - target

            hi = max(10.0, 10.0 * (n + b))
            s_lim = float(optimize.brentq(dchi, s_best, hi, xtol=1e-12, rtol=1e-12))
            spk = s_lim / mu**2
        else:
            spk = as_float(signal_per_kappa, "signal_per_kappa", positive=True)
            mu = None
        return cls(
            name=name,
            arrival=arrival,
            form="poisson",
            n_observed=n,
            background=b,
            signal_per_kappa=spk,
            mu_limit=mu,
            cl=_check_cl(cl) if mu is not None else None,
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_table(
        cls,
        name: str,
        kappa: ArrayLike,
        chi2: ArrayLike,
        arrival: Arrival,
        *,
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """χ²(κ) from a table (κ ≥ 0 increasing, μ_B²); should be convex in κ.

        Example:
            >>> c = EffectiveMomentConstraint.from_table(
            ...     "t", [0.0, 1e-20, 2e-20], [0.0, 1.0, 4.0], Arrival.reactor(20))
            >>> float(c.chi2(3e-20))
            7.0
        """
        k = as_float_array(kappa, "kappa", nonnegative=True)
        c = as_float_array(chi2, "chi2", nonnegative=True)
        return cls(
            name=name,
            arrival=arrival,
            form="table",
            kappa_table=tuple(float(x) for x in k.ravel()),
            chi2_table=tuple(float(x) for x in c.ravel()),
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_function(
        cls,
        name: str,
        function: Callable[[NDArray[np.float64]], ArrayLike],
        arrival: Arrival,
        kappa_scale: float,
        *,
        citation: str = "",
        status: str = "",
        note: str = "",
    ) -> EffectiveMomentConstraint:
        """A user-supplied χ²(κ), vectorised over arrays; convex in κ; κ_scale in μ_B².

        Example:
            >>> c = EffectiveMomentConstraint.from_function(
            ...     "f", lambda k: (k / 1e-20) ** 2, Arrival.reactor(20), kappa_scale=1e-20)
            >>> float(c.chi2(2e-20))
            4.0
        """
        return cls(
            name=name,
            arrival=arrival,
            form="function",
            function=function,
            kappa_scale=as_float(kappa_scale, "kappa_scale", positive=True),
            citation=citation,
            status=status,
            note=note,
        )

    @classmethod
    def from_card(cls, card: Any, *, sided: str = "one") -> EffectiveMomentConstraint:
        """The published limit of an experiment card (:mod:`munu.experiments`) as a constraint.

        Uses ``card.published`` (μ limit, CL, citation) and the card's source for the
        arrival: reactor → ν̄_e at ``distance_m``; solar → its components (recoil window from
        the card's analysis window if given, else the flux); decay at rest → ν_μ (29.8 MeV)
        + ν̄_μ (35 MeV) at ``distance_m``; other sources → the published flavour at the
        source. Raises :class:`~munu.errors.InputError` if the card has no published result.
        """
        pub = getattr(card, "published", None)
        if pub is None:
            raise InputError("card", getattr(card, "name", card), "a card with a published limit")
        src = getattr(card, "source", None)
        stype = getattr(src, "type", None)
        if stype == "reactor":
            arrival = Arrival.reactor(float(src.distance_m))
        elif stype == "solar":
            comps = list(getattr(src, "components", None) or ["pp", "7Be", "pep", "8B"])
            ana = getattr(card, "analysis", None)
            lo = getattr(ana, "fit_min_kev", None)
            hi = getattr(ana, "fit_max_kev", None)
            if lo and hi:
                arrival = Arrival.solar(comps, lo * 1e-3, hi * 1e-3)
            else:
                arrival = Arrival.solar(comps)
        elif stype == "dar":
            dist = float(getattr(src, "distance_m", None) or 30.0)
            arrival = Arrival.accelerator(["numu", "numubar"], dist, [29.79, 35.0])
        else:
            arrival = Arrival.accelerator([pub.flavour], 0.0, [1.0])
        return cls.from_limit(
            str(card.name),
            float(pub.mu_limit),
            float(pub.cl),
            arrival,
            sided=sided,
            citation=str(pub.citation),
            status="card",
            note=str(getattr(pub, "notes", "") or ""),
        )

    # -- evaluation ------------------------------------------------------------------------
    @property
    def _kappa_hat_eff(self) -> float:
        if self.negative_best_fit == "clip":
            return max(self.kappa_hat, 0.0)
        return self.kappa_hat

    @property
    def quadratic(self) -> tuple[float, float, float] | None:
        """(a, b, c) with χ² = aκ² + bκ + c for Gaussian forms, else ``None``."""
        if self.form != "gaussian":
            return None
        k, s = self._kappa_hat_eff, self.sigma_kappa
        return 1.0 / s**2, -2.0 * k / s**2, k**2 / s**2

    def chi2(self, kappa: ArrayLike) -> NDArray[np.float64]:
        """χ²(κ) for κ in μ_B² (array in, array out).

        Example:
            >>> c = EffectiveMomentConstraint.gaussian("g", 1e-20, 1e-20, Arrival.reactor(20))
            >>> c.chi2([0.0, 1e-20]).tolist()
            [1.0, 0.0]
        """
        k = as_float_array(kappa, "kappa")
        return self._chi2(k)

    def _chi2(self, k: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.form == "gaussian":
            return ((k - self._kappa_hat_eff) / self.sigma_kappa) ** 2
        if self.form == "poisson":
            return _poisson_chi2(self.n_observed, self.background, self.signal_per_kappa * k)
        if self.form == "table":
            kt, ct = np.asarray(self.kappa_table), np.asarray(self.chi2_table)
            slope = (ct[-1] - ct[-2]) / (kt[-1] - kt[-2])
            inside = np.interp(k, kt, ct)
            return np.where(k > kt[-1], ct[-1] + slope * (k - kt[-1]), inside)
        out = np.asarray(self.function(k), dtype=float)  # type: ignore[misc]
        if out.shape != k.shape or not np.all(np.isfinite(out)):
            raise InputError("function", self.function, "finite χ² values shaped like κ")
        return out

    def kappa(self, matrix: MomentMatrix, params: OscillationParameters | str = NUFIT60) -> float:
        """κ = μ²_eff this experiment sees for a given moment matrix (μ_B²).

        Example:
            >>> c = EffectiveMomentConstraint.from_limit("r", 1e-10, arrival=Arrival.reactor(0))
            >>> m = MomentMatrix.majorana_from_lambda([1e-11, 0, 0])
            >>> round(c.kappa(m) / 1e-22, 4)
            0.3227
        """
        if not isinstance(matrix, MomentMatrix):
            raise InputError("matrix", matrix, "a MomentMatrix")
        r = self.arrival.density(params)
        return float(np.real(np.sum(r * _gram(matrix.lam))))

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly description of the constraint."""
        out: dict[str, Any] = {
            "name": self.name,
            "form": self.form,
            "arrival": self.arrival.to_dict(),
            "citation": self.citation,
            "status": self.status,
        }
        if self.form == "gaussian":
            out.update(kappa_hat=self.kappa_hat, sigma_kappa=self.sigma_kappa)
            out["negative_best_fit"] = self.negative_best_fit
        elif self.form == "poisson":
            out.update(
                n_observed=self.n_observed,
                background=self.background,
                signal_per_kappa=self.signal_per_kappa,
            )
        elif self.form == "table":
            out.update(kappa_table=list(self.kappa_table), chi2_table=list(self.chi2_table))
        if self.mu_limit is not None:
            out.update(mu_limit=self.mu_limit, cl=self.cl)
        if self.note:
            out["note"] = self.note
        return out


def _poisson_chi2(n: int, b: float, s: Any) -> Any:
    lam = b + np.asarray(s, dtype=float)
    if n == 0:
        return 2.0 * lam
    return 2.0 * (lam - n + n * np.log(n / lam))
