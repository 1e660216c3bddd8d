"""Binned likelihood models whose expectation is linear in κ = μ² (n = b + κ·s + nuisances).

Which model to use:

* :class:`CountingModel`: one number of events over an expected background, optionally with a
  Gaussian background uncertainty (DONUT: 1 event over 2.3 expected).
* :class:`OnOffModel`: reactor ON and OFF spectra; the background of each bin is a free
  nuisance shared by ON and OFF and profiled in closed form. :func:`forward_backward_model`
  gives MUNU's forward/backward subtraction, which is the same likelihood.
* :class:`BinnedModel`: a Poisson spectral fit with background templates whose
  normalisations are fixed, free or Gaussian-constrained (e.g. a ¹⁴C shape plus a linear term).
* :class:`GaussianResidualModel`: published ON − OFF residuals with Gaussian errors (χ²).

Conventions shared by all models. A data set is a row of ``n_obs`` observables: the bin counts
(Poisson) followed by any auxiliary measurements of constrained nuisances (Gaussian "global
observables", sampled in toys as in the LHC prescription, ATLAS/CMS ATL-PHYS-PUB-2011-11 §2).
Batches are arrays of shape (ntoys, n_obs); ``kappa`` is a scalar or one value per row. The NLL
is the Poisson half-deviance Σ [λ − n + n ln(n/λ)] plus ½ Σ ((a − θ)/σ)² for Gaussian terms, so
its minimum is ≥ 0 and 2·NLL is a goodness-of-fit χ². Because the expectation is linear in κ
and in the nuisances, the joint NLL is convex; nuisances are profiled in closed form (counting,
ON/OFF) or by a few vectorised Newton steps (templates), and κ̂ ≥ 0 by the safeguarded Newton
iteration of :mod:`munu.stats._newton`. Nothing here calls a minimiser per data set.

Example:
    >>> import numpy as np
    >>> from munu.stats.models import CountingModel
    >>> m = CountingModel(background=2.3, signal_per_kappa=1.0)
    >>> float(m.fit([[5]]).kappa_hat[0])
    2.7
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from munu._validate import as_float, as_float_array
from munu.errors import ConvergenceError, DataError, InputError
from munu.stats._newton import NLL_TOL, minimise_kappa, minimise_kappa_from

__all__ = [
    "BinnedModel",
    "CountingModel",
    "FitResult",
    "GaussianResidualModel",
    "LinearModel",
    "OnOffModel",
    "ProfileResult",
    "forward_backward_model",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class ProfileResult:
    """Profiled NLL at fixed κ for a batch: ``nll`` (N,) and ``nuisances`` (N, n_nuisances)."""

    nll: FloatArray
    nuisances: FloatArray


@dataclass(frozen=True, eq=False)
class FitResult:
    """Global bounded fit (κ̂ ≥ 0) for a batch: κ̂ (N,), NLL at the minimum (N,), nuisances."""

    kappa_hat: FloatArray
    nll: FloatArray
    nuisances: FloatArray


def _half_deviance(n: FloatArray, lam: FloatArray) -> FloatArray:
    """Σ over the last axis of λ − n + n ln(n/λ) (0 ln 0 = 0); +inf where λ = 0 < n."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # discarded where n = 0
        log_term = np.where(n > 0.0, n * np.log(np.where(n > 0.0, n, 1.0) / lam), 0.0)
    return np.sum(lam - n + log_term, axis=-1)


def _ratio(n: FloatArray, lam: FloatArray) -> FloatArray:
    """n/λ with 0/0 = 0; +inf where λ = 0 < n (κ = 0 with no background)."""
    with np.errstate(divide="ignore"):
        return n / np.where(n > 0.0, lam, 1.0)


class LinearModel(ABC):
    """Interface shared by the models: expectation linear in κ, nuisances profiled.

    Subclasses define the observables (``n_obs`` columns, the first ``n_counts`` Poisson, the
    rest Gaussian with standard deviations ``aux_sigma``), the closed-form or Newton profile,
    and the profiled score and curvature in κ.
    """

    @property
    @abstractmethod
    def n_counts(self) -> int:
        """Number of Poisson (count) columns of a data set."""

    @property
    def aux_sigma(self) -> FloatArray:
        """Standard deviations of the Gaussian auxiliary columns (after the counts)."""
        return np.zeros(0)

    @property
    def kappa_scale(self) -> float:
        """The natural unit of κ: the κ that adds about one expected signal count (one
        standard deviation for Gaussian models). Root searches and convergence tolerances
        are relative to it, so results do not depend on the units of κ (μ² in μ_B² is
        ~1e-22 for real experiments)."""
        return 1.0 / float(np.sum(self.signal_per_kappa))  # type: ignore[attr-defined]

    @property
    def n_obs(self) -> int:
        """Number of observables (columns) of one data set."""
        return self.n_counts + self.aux_sigma.size

    @property
    @abstractmethod
    def nominal_nuisances(self) -> FloatArray:
        """Nuisance values used by :meth:`asimov` and as default in :meth:`expected`."""

    @property
    def nominal_aux(self) -> FloatArray:
        """Observed values of the auxiliary measurements when none are given."""
        return np.zeros(0)

    @abstractmethod
    def _expected(self, kappa: FloatArray, nuisances: FloatArray) -> FloatArray:
        """Expectation of every column, (N, n_obs), for κ (N,) and nuisances (N, n_nuis)."""

    def profile(
        self, kappa: ArrayLike, data: ArrayLike, *, allow_fractional: bool = False
    ) -> ProfileResult:
        """Minimise the NLL over the nuisances at fixed κ, for every data set of the batch.

        Args:
            kappa: κ (scalar or one value per data set).
            data: (n_obs,) or (N, n_obs) data.
            allow_fractional: accept non-integer counts (Asimov data).

        Returns:
            :class:`ProfileResult` with the profiled NLL (N,) and nuisances (N, n_nuisances).
        """
        d = self.as_data(data, allow_fractional=allow_fractional)
        return self._profile(self._batch(kappa, d.shape[0]), d)

    @abstractmethod
    def _profile(self, k: FloatArray, d: FloatArray) -> ProfileResult:
        """:meth:`profile` without input validation (internal hot path)."""

    @abstractmethod
    def _derivs(self, kappa: FloatArray, data: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Profiled dp/dκ and d²p/dκ² for κ (N,) and data (N, n_obs)."""

    @abstractmethod
    def _nll(self, kappa: FloatArray, data: FloatArray, nuisances: FloatArray) -> FloatArray:
        """NLL for κ (N,), data (N, n_obs), nuisances (N, n_nuis)."""

    # ------------------------------------------------------------------ shared, public

    def as_data(
        self, data: ArrayLike, field_name: str = "data", *, allow_fractional: bool = False
    ) -> FloatArray:
        """Validate observed data and return it as a (N, n_obs) batch.

        A single data set may be given 1-d. Rows holding only the counts get the nominal
        auxiliary measurements appended. Counts must be finite and non-negative, and integers
        unless ``allow_fractional`` (Asimov data sets, CCGV §3.1, have fractional counts).

        Raises:
            DataError: wrong number of columns, NaN, negative or non-integer counts.
        """
        try:
            arr = np.asarray(data, dtype=float)
        except (TypeError, ValueError):
            raise DataError(f"{field_name} must be an array of numbers, got {data!r}") from None
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] not in (self.n_counts, self.n_obs):
            raise DataError(
                f"{field_name} has shape {np.shape(data)}: expected (n_obs,) or (N, n_obs) with "
                f"n_obs = {self.n_obs} (or {self.n_counts} counts only) for "
                f"{type(self).__name__}"
            )
        if not np.all(np.isfinite(arr)):
            raise DataError(f"{field_name} contains NaN or infinite values")
        if arr.shape[1] == self.n_counts and self.n_obs > self.n_counts:
            aux = np.broadcast_to(self.nominal_aux, (arr.shape[0], self.aux_sigma.size))
            arr = np.concatenate([arr, aux], axis=1)
        self._check_counts(arr[:, : self.n_counts], field_name, allow_fractional)
        return arr

    def _check_counts(self, counts: FloatArray, field_name: str, allow_fractional: bool) -> None:
        if np.any(counts < 0.0):
            raise DataError(f"{field_name} has negative counts: counts must be ≥ 0")
        if not allow_fractional and np.any(counts != np.round(counts)):
            raise DataError(
                f"{field_name} has non-integer counts: Poisson models need event counts "
                "(use GaussianResidualModel for rates with errors)"
            )

    def _batch(self, kappa: ArrayLike, n: int) -> FloatArray:
        k = np.asarray(kappa, dtype=float)
        if not np.all(np.isfinite(k)) or np.any(k < 0.0):
            raise InputError("kappa", kappa, "finite values ≥ 0 (κ = μ² is non-negative)")
        try:
            return np.broadcast_to(k, (n,)).astype(float)
        except ValueError:
            raise InputError("kappa", kappa, f"a scalar or one value per data set ({n})") from None

    def expected(self, kappa: ArrayLike, nuisances: ArrayLike | None = None) -> FloatArray:
        """Expected value of every observable.

        Args:
            kappa: κ = μ² (scalar or (N,)).
            nuisances: (n_nuisances,) or (N, n_nuisances); default :attr:`nominal_nuisances`.

        Returns:
            (n_obs,) for scalar κ and 1-d nuisances, else (N, n_obs).
        """
        scalar = np.ndim(kappa) == 0 and (nuisances is None or np.ndim(nuisances) <= 1)
        nuis = self.nominal_nuisances if nuisances is None else np.asarray(nuisances, float)
        nuis2 = np.atleast_2d(nuis) if nuis.size else np.zeros((1, 0))
        n = max(np.size(kappa), nuis2.shape[0])
        k = self._batch(kappa, n)
        out = self._expected(k, np.broadcast_to(nuis2, (n, nuis2.shape[1])))
        return out[0] if scalar else out

    def asimov(self, kappa: float) -> FloatArray:
        """Asimov data set (CCGV 2011 §3.1): every observable at its nominal expectation."""
        return self.expected(kappa)

    def sample(
        self,
        kappa: float,
        n: int,
        rng: np.random.Generator,
        nuisances: ArrayLike | None = None,
    ) -> FloatArray:
        """Draw ``n`` toy data sets at κ (counts Poisson, auxiliary columns Gaussian).

        Args:
            kappa: true κ.
            n: number of toys.
            rng: a seeded :class:`numpy.random.Generator`.
            nuisances: true nuisances (default nominal).

        Returns:
            (n, n_obs) array.
        """
        mean = self.expected(as_float(kappa, "kappa", nonnegative=True), nuisances)
        return self._draw(np.asarray(mean, float), n, rng)

    def _draw(self, mean: FloatArray, n: int, rng: np.random.Generator) -> FloatArray:
        counts = rng.poisson(mean[: self.n_counts], size=(n, self.n_counts)).astype(float)
        if self.aux_sigma.size == 0:
            return counts
        aux = rng.normal(mean[self.n_counts :], self.aux_sigma, size=(n, self.aux_sigma.size))
        return np.concatenate([counts, aux], axis=1)

    def nll(self, kappa: ArrayLike, data: ArrayLike, nuisances: ArrayLike) -> FloatArray:
        """Negative log-likelihood (half-deviance form) at given κ and nuisances, per data set."""
        d = self.as_data(data)
        k = self._batch(kappa, d.shape[0])
        nuis = np.asarray(nuisances, dtype=float)
        nuis = np.broadcast_to(np.atleast_2d(nuis), (d.shape[0], self.nominal_nuisances.size))
        return self._nll(k, d, nuis)

    def fit(
        self, data: ArrayLike, *, allow_fractional: bool = False, allow_negative: bool = False
    ) -> FitResult:
        """Global fit with nuisances profiled, for every data set of a batch.

        By default bounded, κ̂ ≥ 0. With ``allow_negative`` κ̂ may be negative (so that an
        under-fluctuation can be seen), as long as every expected count (density) stays ≥ 0:
        supported by :class:`BinnedModel`, :class:`OnOffModel`,
        :class:`~munu.stats.unbinned.UnbinnedModel` and :class:`GaussianResidualModel`.
        ``allow_fractional`` accepts non-integer counts (Asimov data).
        """
        d = self.as_data(data, allow_fractional=allow_fractional)
        if allow_negative:
            return self._fit_signed(d)
        return self._fit(d)

    def _fit_signed(self, d: FloatArray) -> FitResult:
        """Unbounded fit (κ̂ may be < 0); models that support it override this."""
        raise InputError(
            "allow_negative",
            True,
            f"False for {type(self).__name__} (a negative κ̂ is available for BinnedModel, "
            "OnOffModel, UnbinnedModel and GaussianResidualModel)",
        )

    def _profile_signed(self, k: FloatArray, d: FloatArray, fit: FitResult) -> ProfileResult:
        """Profile at κ values that may be < 0 (``fit`` is the unbounded fit of ``d``)."""
        if np.all(k >= 0.0):
            return self._profile(k, d)
        raise InputError(
            "allow_negative", True, f"False for {type(self).__name__} (κ < 0 not supported)"
        )

    def _stack_rows(self, parts: list[FloatArray]) -> FloatArray:
        """Concatenate batches of data sets (models with rows of varying width override it)."""
        return np.concatenate(parts)

    def _fit(self, d: FloatArray) -> FitResult:
        kappa_hat = minimise_kappa(
            lambda k, rows: self._derivs(k, d[rows]), d.shape[0], scale=self.kappa_scale
        )
        prof = self._profile(kappa_hat, d)
        return FitResult(kappa_hat, prof.nll, prof.nuisances)

    def t_statistic(
        self, kappa: ArrayLike, data: ArrayLike, fit: FitResult | None = None
    ) -> FloatArray:
        """t_κ = 2[p(κ) − p(κ̂)], κ̂ ≥ 0: the FC ordering / CCGV t̃_μ (arXiv:1007.1727 Eq. 11)."""
        d = self.as_data(data)
        best = self._fit(d) if fit is None else fit
        prof = self._profile(self._batch(kappa, d.shape[0]), d)
        return np.maximum(2.0 * (prof.nll - best.nll), 0.0)

    def _toy_t(self, data: FloatArray, kappa_test: FloatArray) -> tuple[FloatArray, FloatArray]:
        """t = 2[p(κ) − p(κ̂)] of a batch at each tested κ, (N, M), and κ̂ (N,).

        The toy hot path (:mod:`munu.stats.toys`); ``kappa_test`` is (N, M). Models may
        override it with a fused version giving the same numbers.
        """
        fit = self._fit(data)
        out = np.empty(kappa_test.shape)
        for col in range(kappa_test.shape[1]):
            prof = self._profile(kappa_test[:, col], data)
            out[:, col] = np.maximum(2.0 * (prof.nll - fit.nll), 0.0)
        return out, fit.kappa_hat


def _quadratic_root(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Non-negative root of a x² + b x − c = 0 for a > 0, c ≥ 0, without cancellation.

    With q = −(b + sign(b)√(b² + 4ac))/2 the roots are q/a and −c/q (Numerical Recipes
    §5.6); the non-negative one is −c/q for b > 0 and q/a otherwise.
    """
    disc = np.sqrt(b * b + 4.0 * a * c)
    pos = b > 0.0
    q = np.where(pos, b + disc, b - disc)
    q *= -0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(pos, -c / np.where(pos, q, 1.0), q / a)
    return np.where(pos & (c == 0.0), 0.0, root)


# =========================================================================== counting


@dataclass(frozen=True, eq=False)
class CountingModel(LinearModel):
    """One bin: n ~ Poisson(b′ + κ·s), with b′ = b fixed or Gaussian-constrained (σ_b).

    With ``background_sigma`` > 0 the background is a nuisance b′ ≥ 0 with an auxiliary
    measurement a ~ N(b′, σ_b) (observed a = b); the profile solves the quadratic
    λ² + (σ² − κs − a) λ − nσ² = 0 for λ = b′ + κs and clips b′ at 0.

    Args:
        background: expected background b (events) ≥ 0.
        signal_per_kappa: expected signal events per unit κ, > 0.
        background_sigma: Gaussian uncertainty on b (events), 0 for a known background.

    Example:
        >>> m = CountingModel(background=2.3, signal_per_kappa=1.0, background_sigma=0.5)
        >>> m.n_obs, [float(v) for v in m.asimov(1.0)]
        (2, [3.3, 2.3])
    """

    background: float
    signal_per_kappa: float
    background_sigma: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "background", as_float(self.background, "background", nonnegative=True)
        )
        object.__setattr__(
            self,
            "signal_per_kappa",
            as_float(self.signal_per_kappa, "signal_per_kappa", positive=True),
        )
        object.__setattr__(
            self,
            "background_sigma",
            as_float(self.background_sigma, "background_sigma", nonnegative=True),
        )

    @property
    def n_counts(self) -> int:
        return 1

    @property
    def aux_sigma(self) -> FloatArray:
        return np.array([self.background_sigma]) if self.background_sigma > 0 else np.zeros(0)

    @property
    def nominal_nuisances(self) -> FloatArray:
        return np.array([self.background]) if self.background_sigma > 0 else np.zeros(0)

    @property
    def nominal_aux(self) -> FloatArray:
        return self.nominal_nuisances

    def _expected(self, kappa: FloatArray, nuisances: FloatArray) -> FloatArray:
        b = nuisances[:, 0] if self.background_sigma > 0 else np.full(kappa.shape, self.background)
        lam = b + kappa * self.signal_per_kappa
        if self.background_sigma > 0:
            return np.stack([lam, b], axis=1)
        return lam[:, None]

    def _profiled_b(self, kappa: FloatArray, d: FloatArray) -> FloatArray:
        s2 = self.background_sigma**2
        ks = kappa * self.signal_per_kappa
        lam = _quadratic_root(np.ones_like(ks), s2 - ks - d[:, 1], d[:, 0] * s2)
        return np.maximum(lam - ks, 0.0)

    def _nll(self, kappa: FloatArray, data: FloatArray, nuisances: FloatArray) -> FloatArray:
        lam = self._expected(kappa, nuisances)[:, :1]
        out = _half_deviance(data[:, :1], lam)
        if self.background_sigma > 0:
            out = out + 0.5 * ((data[:, 1] - nuisances[:, 0]) / self.background_sigma) ** 2
        return out

    def _profile(self, k: FloatArray, d: FloatArray) -> ProfileResult:
        if self.background_sigma > 0:
            nuis = self._profiled_b(k, d)[:, None]
        else:
            nuis = np.zeros((d.shape[0], 0))
        return ProfileResult(self._nll(k, d, nuis), nuis)

    def _derivs(self, kappa: FloatArray, data: FloatArray) -> tuple[FloatArray, FloatArray]:
        s = self.signal_per_kappa
        n = data[:, 0]
        if self.background_sigma > 0:
            b = self._profiled_b(kappa, data)
        else:
            b = np.full(kappa.shape, self.background)
        lam = b + kappa * s
        r = _ratio(n, lam)
        grad = s * (1.0 - r)
        with np.errstate(divide="ignore"):
            a = r / np.where(n > 0.0, lam, 1.0)  # n/λ²
        if self.background_sigma > 0:
            d_aux = 1.0 / self.background_sigma**2
            with np.errstate(invalid="ignore"):
                interior_curv = a * s * s * d_aux / (a + d_aux)
            curv = np.where(b > 0.0, np.where(np.isinf(a), s * s * d_aux, interior_curv), a * s * s)
        else:
            curv = a * s * s
        return grad, curv


# =========================================================================== ON/OFF


@dataclass(frozen=True, eq=False)
class OnOffModel(LinearModel):
    """Reactor ON/OFF spectra with a free background per bin shared by ON and OFF.

    Expectations: ON_i = t_on (b_i + sm_i + κ s_i), OFF_i = t_off b_i, with b_i ≥ 0 free
    (rates per unit exposure; counts = rate × exposure). For fixed κ the profile equation of
    each bin, t_on + t_off = n/(b + c) + m/b with c = sm + κs, is the quadratic
    (t_on + t_off) b² + ((t_on + t_off) c − n − m) b − m c = 0 (Li & Ma, ApJ 272 (1983) 317,
    Eq. 9 generalised to a known SM part; Rolke, López & Conrad, NIM A 551 (2005) 493), whose
    non-negative root is taken. Data sets are [ON counts (nbins), OFF counts (nbins)].

    Args:
        signal_per_kappa: magnetic signal rate per unit κ in each bin (ON only), (nbins,).
        sm_on: known Standard-Model (weak) rate in each bin (ON only), (nbins,).
        exposure_on: ON exposure (live time × mass, in the unit the rates are per), > 0.
        exposure_off: OFF exposure, > 0.
        background: nominal background rate (nbins,), used only for Asimov data and toys at
            nominal nuisances (sensitivity studies); defaults to zero.

    Example:
        >>> import numpy as np
        >>> m = OnOffModel(np.array([1.0, 0.5]), np.zeros(2), 10.0, 5.0,
        ...                background=np.array([2.0, 2.0]))
        >>> m.asimov(1.0).tolist()
        [30.0, 25.0, 10.0, 10.0]
        >>> float(m.fit(m.asimov(1.0)).kappa_hat[0])
        1.0
    """

    signal_per_kappa: FloatArray
    sm_on: FloatArray
    exposure_on: float
    exposure_off: float
    background: FloatArray | None = field(default=None)

    def __post_init__(self) -> None:
        s = as_float_array(
            self.signal_per_kappa, "signal_per_kappa", nonnegative=True, allow_empty=False
        )
        if s.ndim != 1 or not np.any(s > 0):
            raise InputError(
                "signal_per_kappa", self.signal_per_kappa, "a 1-d array of rates ≥ 0, not all zero"
            )
        sm = as_float_array(self.sm_on, "sm_on", nonnegative=True)
        if sm.shape != s.shape:
            raise InputError("sm_on", self.sm_on, f"an array of shape {s.shape}")
        bkg = (
            np.zeros_like(s)
            if self.background is None
            else as_float_array(self.background, "background", nonnegative=True)
        )
        if bkg.shape != s.shape:
            raise InputError("background", self.background, f"an array of shape {s.shape}")
        object.__setattr__(self, "signal_per_kappa", s)
        object.__setattr__(self, "sm_on", sm)
        object.__setattr__(self, "background", bkg)
        object.__setattr__(
            self, "exposure_on", as_float(self.exposure_on, "exposure_on", positive=True)
        )
        object.__setattr__(
            self, "exposure_off", as_float(self.exposure_off, "exposure_off", positive=True)
        )

    @property
    def nbins(self) -> int:
        """Number of energy bins."""
        return int(self.signal_per_kappa.size)

    @property
    def n_counts(self) -> int:
        return 2 * self.nbins

    @property
    def nominal_nuisances(self) -> FloatArray:
        assert self.background is not None
        return self.background

    @property
    def kappa_scale(self) -> float:
        """κ adding one expected signal count in the ON period."""
        return 1.0 / (self.exposure_on * float(np.sum(self.signal_per_kappa)))

    def _expected(self, kappa: FloatArray, nuisances: FloatArray) -> FloatArray:
        on = self.exposure_on * (nuisances + self.sm_on + kappa[:, None] * self.signal_per_kappa)
        off = self.exposure_off * nuisances
        return np.concatenate([on, off], axis=1)

    # ------------------------------------------------------------------ fused hot path
    #
    # Per bin, with T = t_on + t_off and c = sm + κ s, the profiled background is the
    # non-negative root of T b² + B b − m c = 0, B = T c − n − m. With Q = B + sgn(B) √(B² +
    # 4 T m c) the roots are −Q/(2T) and 2 m c/Q (Numerical Recipes §5.6, no cancellation);
    # exactly one is ≥ 0 (their product is −m c/T ≤ 0), so b = fmax(−Q/(2T), 2mc/Q), fmax
    # also covering Q = 0 (m c = 0 = B). With u = b + c, the profiled score and curvature are
    # dp/dκ = t_on Σ s − Σ s n/u and d²p/dκ² = Σ s² n m/(n b² + m u²) (the Schur complement
    # a d/(a + d) of a = n/u², d = m/b²; at b = 0, which needs m = 0, it is a = n/u²).
    # Everything is written as a few in-place ufunc passes over contiguous (rows, bins)
    # arrays: this is the inner loop of every toy study (benchmarks/RESULTS.md, FC section).

    @cached_property
    def _guard_zero_rate(self) -> bool:
        """Whether u = b + c can vanish (a bin with no SM rate, at κ = 0)."""
        return bool(np.any(self.sm_on <= 0.0))

    @cached_property
    def _on_signal_sum(self) -> float:
        """t_on Σ s: the κ-derivative of the ON expectation summed over bins."""
        return self.exposure_on * float(np.sum(self.signal_per_kappa))

    def _split(self, data: FloatArray) -> _OnOffRows:
        nb = self.nbins
        n = np.ascontiguousarray(data[:, :nb])
        m = np.ascontiguousarray(data[:, nb:])
        return _OnOffRows(n, m, n + m, 2.0 * m)

    def _fast_b(self, kappa: FloatArray, rows: _OnOffRows) -> tuple[FloatArray, FloatArray]:
        """Profiled background rates b (rows, bins) and c = sm + κ s at κ (rows,)."""
        total = self.exposure_on + self.exposure_off
        c = np.multiply(kappa[:, None], self.signal_per_kappa)
        c += self.sm_on
        big_b = np.multiply(c, total)
        big_b -= rows.nm
        mc2 = np.multiply(rows.m2, c)
        disc = np.multiply(big_b, big_b)
        tmp = np.multiply(mc2, 2.0 * total)
        disc += tmp
        np.sqrt(disc, out=disc)
        q = np.copysign(disc, big_b, out=disc)
        q += big_b
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(mc2, q, out=mc2)
        np.multiply(q, -0.5 / total, out=big_b)
        return np.fmax(big_b, mc2, out=big_b), c

    def _fast_u(self, b: FloatArray, c: FloatArray) -> FloatArray:
        u = np.add(b, c)
        if self._guard_zero_rate:
            u[u == 0.0] = 1.0  # only where n = m = 0: every term using u is then 0
        return u

    def _fast_gh(
        self, b: FloatArray, u: FloatArray, rows: _OnOffRows
    ) -> tuple[FloatArray, FloatArray]:
        """Profiled dp/dκ and d²p/dκ² (rows,) from b and u = b + c."""
        s = self.signal_per_kappa
        grad = self._on_signal_sum - np.divide(rows.n, u) @ s
        mz = np.equal(b, 0.0).astype(float)  # b = 0 only where m = 0: curvature n/u²
        mz += rows.m
        den = np.multiply(b, b)
        den *= rows.n
        u2 = np.multiply(u, u)
        u2 *= mz
        den += u2
        np.multiply(mz, rows.n, out=mz)
        # den = 0 only where n = 0 (b = 0 needs n ≤ T c; u² may underflow at tiny κ), and
        # there the numerator n·mz is 0 already: divide elsewhere only
        np.divide(mz, den, out=mz, where=den > 0.0)
        return grad, mz @ (s * s)

    def _fit_rows(
        self, rows: _OnOffRows, start: FloatArray, nll_tol: float = 0.0
    ) -> tuple[FloatArray, FloatArray]:
        """Bounded fit κ̂ ≥ 0 and the profiled backgrounds b̂ at κ̂, for every row."""
        state = _OnOffNewton(self, rows)
        kappa_hat = minimise_kappa_from(state, start, self.kappa_scale, nll_tol)
        return kappa_hat, state.b_hat

    def _start(self, rows: _OnOffRows) -> FloatArray:
        # weighted least-squares κ from the per-bin excess (n/t_on − m/t_off − sm)/s, variance
        # (n/t_on² + m/t_off²)/s² (counts floored at one): Newton then needs 2–3 steps
        t_on, t_off, s = self.exposure_on, self.exposure_off, self.signal_per_kappa
        var = np.maximum(rows.n, 1.0) * (1.0 / t_on**2) + np.maximum(rows.m, 1.0) * (1.0 / t_off**2)
        excess = rows.n * (1.0 / t_on) - rows.m * (1.0 / t_off) - self.sm_on
        w = s / var
        return np.sum(w * excess, axis=1) / (w @ s)

    def _profiled_b(self, kappa: FloatArray, data: FloatArray) -> FloatArray:
        return self._fast_b(kappa, self._split(data))[0]

    def _nll(self, kappa: FloatArray, data: FloatArray, nuisances: FloatArray) -> FloatArray:
        return _half_deviance(data, self._expected(kappa, nuisances))

    def _profile(self, k: FloatArray, d: FloatArray) -> ProfileResult:
        b = self._profiled_b(k, d)
        return ProfileResult(self._nll(k, d, b), b)

    def _fit(self, d: FloatArray) -> FitResult:
        rows = self._split(d)
        kappa_hat, b_hat = self._fit_rows(rows, self._start(rows))
        return FitResult(kappa_hat, self._nll(kappa_hat, d, b_hat), b_hat)

    def _derivs(self, kappa: FloatArray, data: FloatArray) -> tuple[FloatArray, FloatArray]:
        rows = self._split(data)
        b, c = self._fast_b(kappa, rows)
        return self._fast_gh(b, self._fast_u(b, c), rows)

    def _profile_signed(self, k: FloatArray, d: FloatArray, fit: FitResult) -> ProfileResult:
        # the closed-form profile holds for c = sm + κ s < 0 too: the larger root of the
        # quadratic keeps b ≥ 0 and u = b + c ≥ 0 (u = 0 only in bins with n = 0)
        return self._profile(k, d)

    def _fit_signed(self, d: FloatArray) -> FitResult:
        """Unbounded κ̂ (may be < 0, every ON and OFF expectation ≥ 0).

        The profile is convex in κ; where the bounded fit sits at 0 the minimum lies in
        [L, 0], L found by doubling until p(L) > p(L/2), and is located by a vectorised
        golden-section search on the profiled NLL (derivative-free: at κ < 0 bins may sit on
        the boundary u = 0, where the closed-form score does not apply)."""
        fit = self._fit(d)
        rows = np.nonzero(fit.kappa_hat <= 0.0)[0]
        if rows.size == 0:
            return fit
        dd = d[rows]

        def p(k: FloatArray) -> FloatArray:
            return self._profile(k, dd).nll

        scale = self.kappa_scale
        lo = np.full(rows.size, -scale)
        for _ in range(1100):
            grow = p(lo) <= p(0.5 * lo)
            if not np.any(grow):
                break
            lo = np.where(grow, 2.0 * lo, lo)
        else:
            raise ConvergenceError("the unbounded fit of κ has no minimum (κ → −∞)")
        a, b = lo, np.zeros(rows.size)
        ratio = 0.5 * (math.sqrt(5.0) - 1.0)
        x1, x2 = b - ratio * (b - a), a + ratio * (b - a)
        f1, f2 = p(x1), p(x2)
        for _ in range(200):
            left = f1 <= f2
            a, b = np.where(left, a, x1), np.where(left, x2, b)
            new1 = np.where(left, b - ratio * (b - a), x2)
            new2 = np.where(left, x1, a + ratio * (b - a))
            fn = p(np.where(left, new1, new2))
            f1, f2 = np.where(left, fn, f2), np.where(left, f1, fn)
            x1, x2 = new1, new2
            if np.all(b - a <= 1e-9 * (scale + np.abs(a))):
                break
        k_min = np.where(f1 <= f2, x1, x2)
        at0 = p(np.zeros(rows.size)) <= np.minimum(f1, f2)
        k_min = np.where(at0, 0.0, k_min)
        prof = self._profile(k_min, dd)
        kappa, nll, nuis = fit.kappa_hat.copy(), fit.nll.copy(), fit.nuisances.copy()
        kappa[rows], nll[rows], nuis[rows] = k_min, prof.nll, prof.nuisances
        return FitResult(kappa, nll, nuis)

    def _toy_t(self, data: FloatArray, kappa_test: FloatArray) -> tuple[FloatArray, FloatArray]:
        """t = 2[p(κ) − p(κ̂)] at each tested κ, (rows, M), and κ̂ (rows,).

        The data-only terms of the two profiled NLLs cancel, leaving per bin
        T (b − b̂) + t_on s (κ − κ̂) − n ln(u/û) − m ln(b/b̂): one logarithm per count
        instead of two.
        """
        rows = self._split(data)
        kappa_hat, b_hat = self._fit_rows(rows, self._start(rows), NLL_TOL)
        c_hat = np.multiply(kappa_hat[:, None], self.signal_per_kappa)
        c_hat += self.sm_on
        u_hat = self._fast_u(b_hat, c_hat)
        m_zero = np.equal(rows.m, 0.0).astype(float)  # m ln(b/b̂) is 0 there; keep it finite
        b_hat_safe = np.add(b_hat, m_zero)
        total = self.exposure_on + self.exposure_off
        ones = np.ones(self.nbins)
        out = np.empty((data.shape[0], kappa_test.shape[1]))
        for col in range(kappa_test.shape[1]):
            kappa = kappa_test[:, col]
            b, c = self._fast_b(kappa, rows)
            u = self._fast_u(b, c)
            delta = total * ((b - b_hat) @ ones) + self._on_signal_sum * (kappa - kappa_hat)
            np.divide(u, u_hat, out=u)
            np.log(u, out=u)
            u *= rows.n
            b += m_zero
            b /= b_hat_safe
            np.log(b, out=b)
            b *= rows.m
            u += b
            delta -= u @ ones
            out[:, col] = np.maximum(2.0 * delta, 0.0)
        return out, kappa_hat


@dataclass(frozen=True, eq=False)
class _OnOffRows:
    """Counts of a batch of ON/OFF data sets as contiguous (rows, bins) arrays."""

    n: FloatArray
    m: FloatArray
    nm: FloatArray  # n + m
    m2: FloatArray  # 2 m

    def take(self, keep: NDArray[np.bool_]) -> _OnOffRows:
        return _OnOffRows(self.n[keep], self.m[keep], self.nm[keep], self.m2[keep])


class _OnOffNewton:
    """Evaluator for :func:`minimise_kappa_from`: keeps the rows still iterating and stores
    b̂ of the rows that converge (at the κ of their last evaluation)."""

    def __init__(self, model: OnOffModel, rows: _OnOffRows) -> None:
        self.model = model
        self.rows = rows
        self.index = np.arange(rows.n.shape[0])
        self.b_hat = np.empty_like(rows.n)
        self._b = self.b_hat  # replaced by the profiled b of each derivs() call

    def derivs(self, kappa: FloatArray) -> tuple[FloatArray, FloatArray]:
        b, c = self.model._fast_b(kappa, self.rows)
        self._b = b
        return self.model._fast_gh(b, self.model._fast_u(b, c), self.rows)

    def finish(self, done: NDArray[np.bool_]) -> None:
        self.b_hat[self.index[done]] = self._b[done]
        keep = ~done
        self.index = self.index[keep]
        self.rows = self.rows.take(keep)


def forward_backward_model(
    signal_per_kappa: ArrayLike,
    sm_forward: ArrayLike,
    backward_acceptance_ratio: float = 1.0,
    background: ArrayLike | None = None,
) -> OnOffModel:
    """MUNU forward/backward subtraction as an :class:`OnOffModel`.

    MUNU (Daraktchieva et al., PLB 564 (2003) 190, hep-ex/0304011; PLB 615 (2005) 153,
    hep-ex/0502037) compares electrons in a forward cone around the reactor direction (signal
    plus background) with the mirror backward cone (background only, same detector and live
    time). With forward counts F_i ~ Poisson(b_i + sm_i + κ s_i) and backward counts
    B_i ~ Poisson(r · b_i), this is the ON/OFF likelihood with exposures 1 (forward) and r
    (backward acceptance relative to forward, 1 for MUNU's symmetric cones); the mathematics
    is identical, so this is a thin wrapper. Data sets are [forward counts, backward counts].

    Args:
        signal_per_kappa: forward magnetic signal counts per unit κ, (nbins,).
        sm_forward: forward SM weak counts, (nbins,).
        backward_acceptance_ratio: backward/forward acceptance × live-time ratio r > 0.
        background: nominal background counts for Asimov data (default zeros).

    Returns:
        The equivalent :class:`OnOffModel`.

    Example:
        >>> m = forward_backward_model([2.0, 1.0], [0.5, 0.5], background=[3.0, 3.0])
        >>> m.asimov(0.0).tolist()
        [3.5, 3.5, 3.0, 3.0]
    """
    ratio = as_float(backward_acceptance_ratio, "backward_acceptance_ratio", positive=True)
    return OnOffModel(
        np.asarray(signal_per_kappa, float),
        np.asarray(sm_forward, float),
        1.0,
        ratio,
        background=None if background is None else np.asarray(background, float),
    )


# =========================================================================== templates


def _solve_batched(hess: FloatArray, rhs: FloatArray) -> FloatArray:
    """x with hess[n] x[n] = rhs[n] for (N, k, k) and (N, k); a division when k = 1 (one
    floating template, the common case), which ``numpy.linalg.solve`` makes ~10× slower."""
    if hess.shape[-1] == 1:
        h = hess[:, 0, :]
        if np.any(h == 0.0) or not np.all(np.isfinite(h)):
            raise np.linalg.LinAlgError("singular 1×1 Hessian")
        return rhs / h
    return np.linalg.solve(hess, rhs[..., None])[..., 0]


class _TemplateNormalisations:
    """Template normalisations of :class:`BinnedModel` and
    :class:`munu.stats.UnbinnedModel`: every background template, then the SM one, each with
    a normalisation θ (nominal 1) that is fixed (σ = 0), free (σ = inf) or Gaussian-constrained
    (0 < σ < inf). Cached (the models are frozen): the toy hot path reads them in every
    Newton step. Needs the fields ``background`` (ntemplates, n), ``sm`` (n,),
    ``background_sigma`` and ``sm_sigma``."""

    background: FloatArray
    sm: FloatArray | None
    background_sigma: FloatArray
    sm_sigma: float

    @cached_property
    def _templates(self) -> FloatArray:
        assert self.sm is not None
        return np.vstack([self.background, self.sm[None, :]])

    @cached_property
    def _sigmas(self) -> FloatArray:
        return np.append(self.background_sigma, self.sm_sigma)

    @cached_property
    def _floating(self) -> NDArray[np.bool_]:
        return self._sigmas > 0.0

    @cached_property
    def _constrained(self) -> NDArray[np.bool_]:
        sig = self._sigmas
        return (sig > 0.0) & np.isfinite(sig)

    @cached_property
    def _t_float(self) -> FloatArray:
        """The floating templates, (n_float, n)."""
        return self._templates[self._floating]

    @cached_property
    def _fixed(self) -> FloatArray:
        """Sum of the fixed templates, (n,)."""
        return self._templates[~self._floating].sum(axis=0)

    @property
    def aux_sigma(self) -> FloatArray:
        return self._sigmas[self._constrained]

    @property
    def nominal_nuisances(self) -> FloatArray:
        return np.ones(int(self._floating.sum()))

    @property
    def nominal_aux(self) -> FloatArray:
        return np.ones(int(self._constrained.sum()))


@dataclass(frozen=True, eq=False)
class BinnedModel(_TemplateNormalisations, LinearModel):
    """Poisson spectral fit: λ = Σ_k θ_k B_k + θ_SM·SM + κ s with template normalisations θ.

    Each background template B_k has a normalisation θ_k (nominal 1) that is fixed
    (σ_k = 0), free (σ_k = inf) or Gaussian-constrained (auxiliary measurement a_k ~ N(θ_k,
    σ_k), observed a_k = 1); the SM template likewise through ``sm_sigma``. Free and
    constrained normalisations are profiled by vectorised Newton steps on the (convex) NLL,
    damped so that every λ stays positive; normalisations may be negative (e.g. the slope of
    a linear term) as long as λ > 0.

    Args:
        signal_per_kappa: signal counts per unit κ, (nbins,).
        background: background templates in counts, (nbins,) or (ntemplates, nbins).
        background_sigma: relative uncertainty of each template normalisation, scalar or
            (ntemplates,): 0 fixed, ``numpy.inf`` free, otherwise Gaussian.
        sm: Standard-Model template in counts, (nbins,) (default zeros).
        sm_sigma: relative uncertainty of the SM normalisation (0 fixed, inf free).

    Example:
        >>> import numpy as np
        >>> m = BinnedModel(np.array([4.0, 2.0, 1.0]), np.array([[10.0, 10.0, 10.0]]),
        ...                 background_sigma=np.inf)
        >>> round(float(m.fit(m.asimov(2.0)).kappa_hat[0]), 6)
        2.0
    """

    signal_per_kappa: FloatArray
    background: FloatArray
    background_sigma: Any = 0.0
    sm: FloatArray | None = None
    sm_sigma: float = 0.0

    def __post_init__(self) -> None:
        s = as_float_array(
            self.signal_per_kappa, "signal_per_kappa", nonnegative=True, allow_empty=False
        )
        if s.ndim != 1 or not np.any(s > 0):
            raise InputError(
                "signal_per_kappa", self.signal_per_kappa, "a 1-d array of counts ≥ 0, not all zero"
            )
        bkg = np.atleast_2d(as_float_array(self.background, "background"))
        if bkg.ndim != 2 or bkg.shape[1] != s.size:
            raise InputError(
                "background",
                self.background,
                f"templates of shape ({s.size},) or (ntemplates, {s.size})",
            )
        sig = np.broadcast_to(np.asarray(self.background_sigma, float), (bkg.shape[0],)).copy()
        if np.any(np.isnan(sig)) or np.any(sig < 0):
            raise InputError(
                "background_sigma",
                self.background_sigma,
                "values ≥ 0 (0 fixed, inf free, else Gaussian)",
            )
        sm = (
            np.zeros_like(s) if self.sm is None else as_float_array(self.sm, "sm", nonnegative=True)
        )
        if sm.shape != s.shape:
            raise InputError("sm", self.sm, f"an array of shape {s.shape}")
        sm_sig = float(self.sm_sigma)
        if math.isnan(sm_sig) or sm_sig < 0:
            raise InputError("sm_sigma", self.sm_sigma, "a value ≥ 0 (0 fixed, inf free)")
        object.__setattr__(self, "signal_per_kappa", s)
        object.__setattr__(self, "background", bkg)
        object.__setattr__(self, "background_sigma", sig)
        object.__setattr__(self, "sm", sm)
        object.__setattr__(self, "sm_sigma", sm_sig)
        nominal = bkg.sum(axis=0) + sm
        if np.any(nominal + s <= 0.0):
            raise InputError(
                "background",
                self.background,
                "templates whose nominal sum (with SM and signal) is > 0 in every bin",
            )

    @property
    def n_counts(self) -> int:
        return int(self.signal_per_kappa.size)

    def _lam(self, kappa: FloatArray, theta: FloatArray) -> FloatArray:
        t_float = self._t_float
        # one floating template: a broadcast product (matmul with k = 1 is ~2× slower)
        lam = theta * t_float if t_float.shape[0] == 1 else theta @ t_float
        lam += self._fixed
        lam += kappa[:, None] * self.signal_per_kappa
        return lam

    def _expected(self, kappa: FloatArray, nuisances: FloatArray) -> FloatArray:
        lam = self._lam(kappa, nuisances)
        aux = nuisances[:, self._constrained[self._floating]]
        return np.concatenate([lam, aux], axis=1)

    def _nll(self, kappa: FloatArray, data: FloatArray, nuisances: FloatArray) -> FloatArray:
        nb = self.n_counts
        out = _half_deviance(data[:, :nb], self._lam(kappa, nuisances))
        sel = self._constrained[self._floating]
        if np.any(sel):
            pull = (data[:, nb:] - nuisances[:, sel]) / self.aux_sigma
            out = out + 0.5 * np.sum(pull * pull, axis=1)
        return out

    def _grad_hess(
        self, kappa: FloatArray, data: FloatArray, theta: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        nb = self.n_counts
        n = data[:, :nb]
        lam = self._lam(kappa, theta)
        r = _ratio(n, lam)
        w = r / np.where(n > 0.0, lam, 1.0)  # n/λ²
        t_float = self._t_float
        grad = (1.0 - r) @ t_float.T
        hess = np.einsum("ni,ki,li->nkl", w, t_float, t_float)
        sel = self._constrained[self._floating]
        if np.any(sel):
            inv_var = 1.0 / self.aux_sigma**2
            grad[:, sel] += (theta[:, sel] - data[:, nb:]) * inv_var
            idx = np.nonzero(sel)[0]
            hess[:, idx, idx] += inv_var
        return grad, hess, lam, w

    def _profile_theta(
        self,
        kappa: FloatArray,
        data: FloatArray,
        theta0: FloatArray | None = None,
        nll_tol: float = 0.0,
    ) -> FloatArray:
        """Profiled normalisations at κ, by damped Newton from ``theta0`` (warm start: the
        profile at a nearby κ) or from the nominal 1; a start where some λ ≤ 0 is replaced
        by the nominal one. ``nll_tol`` > 0 (toys, one floating template) also stops once
        the Newton decrement bounds the NLL above its profile by ``nll_tol``."""
        n_float = int(self._floating.sum())
        if n_float == 0:
            return np.ones((data.shape[0], 0))
        if theta0 is None:
            theta = np.ones((data.shape[0], n_float))
        else:
            theta = np.array(theta0, dtype=float)
            theta[np.min(self._lam(kappa, theta), axis=1) <= 0.0] = 1.0
        if n_float == 1:
            return self._profile_theta_one(kappa, data, theta, nll_tol)
        t_float = self._t_float
        active = np.arange(data.shape[0])
        for _ in range(100):
            k, d, th = kappa[active], data[active], theta[active]
            grad, hess, lam, _ = self._grad_hess(k, d, th)
            try:
                step = -_solve_batched(hess, grad)
            except np.linalg.LinAlgError:
                raise ConvergenceError(
                    "template normalisations are not determined by the data (singular "
                    "Hessian): constrain them or remove empty templates"
                ) from None
            dlam = step @ t_float
            with np.errstate(divide="ignore", invalid="ignore"):
                limit = np.where(dlam < 0.0, -lam / dlam, np.inf).min(axis=1)
            frac = np.minimum(1.0, 0.9 * limit)[:, None]
            theta[active] = th + frac * step
            done = np.all(np.abs(frac * step) <= 1e-10 * (1.0 + np.abs(th)), axis=1)
            active = active[~done]
            if active.size == 0:
                return theta
        raise ConvergenceError(
            f"template normalisations did not converge for {active.size} data sets "
            "(the best fit may lie where some expected count is zero)"
        )

    def _profile_theta_one(
        self, kappa: FloatArray, data: FloatArray, theta: FloatArray, nll_tol: float = 0.0
    ) -> FloatArray:
        """:meth:`_profile_theta` for one floating template (the cards' free background): the
        same damped Newton iteration and stopping rule, written with scalar steps and
        matrix-vector products instead of batched k × k solves (~3× faster per step)."""
        nb = self.n_counts
        tmpl = self._t_float[0]
        tmpl2 = tmpl * tmpl
        tmpl_sum = float(np.sum(tmpl))
        constrained = bool(self._constrained[self._floating][0])
        inv_var = 1.0 / float(self.aux_sigma[0]) ** 2 if constrained else 0.0
        n = np.ascontiguousarray(data[:, :nb])
        aux = data[:, nb] if constrained else np.zeros(data.shape[0])
        c = kappa[:, None] * self.signal_per_kappa
        c += self._fixed
        out = theta[:, 0].copy()
        th = out.copy()
        active = np.arange(data.shape[0])
        # bins with no expectation whatever θ (κ = 0, nothing fixed, template 0 there):
        # n/λ is 0/0 there, taken as 0 (0 ln 0 = 0), as in _ratio
        outside = tmpl == 0.0
        empty = np.zeros(n.shape, dtype=bool)
        if outside.any():  # usually not: only bins the template does not reach can be empty
            empty[:, outside] = (c[:, outside] == 0.0) & (n[:, outside] == 0.0)
        has_empty = bool(empty.any())
        for _ in range(100):
            lam = th[:, None] * tmpl
            lam += c
            if has_empty:
                lam[empty[active]] = 1.0
            r = n / lam
            grad = tmpl_sum - r @ tmpl + inv_var * (th - aux)
            r /= lam
            hess = r @ tmpl2 + inv_var
            flat = hess <= 0.0
            if np.any(flat):
                # no count where the template is non-zero (e.g. an all-zero toy): the NLL is
                # linear in θ and its minimum lies on the boundary of λ ≥ 0 (closed form);
                # a zero step then ends these rows below
                th[flat] = _boundary_theta(c[flat], tmpl)
                grad[flat], hess[flat] = 0.0, 1.0
            step = -grad / hess
            dlam = step[:, None] * tmpl
            with np.errstate(divide="ignore", invalid="ignore"):
                limit = np.where(dlam < 0.0, -lam / dlam, np.inf).min(axis=1)
            move = np.minimum(1.0, 0.9 * limit) * step
            done = (np.abs(move) <= 1e-10 * (1.0 + np.abs(th))) | (grad * step >= -2.0 * nll_tol)
            th += move
            out[active] = th
            if np.all(done):
                return out[:, None]
            if np.any(done):
                keep = ~done
                active, th, n, c, aux = active[keep], th[keep], n[keep], c[keep], aux[keep]
        raise ConvergenceError(
            f"template normalisations did not converge for {active.size} data sets "
            "(the best fit may lie where some expected count is zero)"
        )

    def _profile(self, k: FloatArray, d: FloatArray) -> ProfileResult:
        theta = self._profile_theta(k, d)
        return ProfileResult(self._nll(k, d, theta), theta)

    def _derivs(self, kappa: FloatArray, data: FloatArray) -> tuple[FloatArray, FloatArray]:
        return self._derivs_at(kappa, data, self._profile_theta(kappa, data))

    def _derivs_at(
        self, kappa: FloatArray, data: FloatArray, theta: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """Profiled dp/dκ and d²p/dκ² (Schur complement) at the profiled ``theta``."""
        nb = self.n_counts
        n = data[:, :nb]
        lam = self._lam(kappa, theta)
        r = _ratio(n, lam)
        w = r / np.where(n > 0.0, lam, 1.0)
        s = self.signal_per_kappa
        grad = np.sum(s * (1.0 - r), axis=1)
        h_kk = np.sum(w * s * s, axis=1)
        if theta.shape[1] == 0:
            return grad, h_kk
        _, hess, _, _ = self._grad_hess(kappa, data, theta)
        t_float = self._t_float
        h_kt = (w * s) @ t_float.T
        if t_float.shape[0] == 1:
            _boundary_derivs(grad, hess, kappa, s, self._fixed, t_float[0], float(t_float[0].sum()))
        sol = _solve_batched(hess, h_kt)
        return grad, h_kk - np.sum(h_kt * sol, axis=1)

    def _start(self, data: FloatArray) -> FloatArray:
        # weighted least-squares κ from the excess over the nominal templates (variance
        # max(n, 1)); only a starting point for Newton
        nominal = self._templates.sum(axis=0)
        n = data[:, : self.n_counts]
        w = self.signal_per_kappa / np.maximum(n, 1.0)
        return np.sum(w * (n - nominal), axis=1) / (w @ self.signal_per_kappa)

    def _fit_theta(self, data: FloatArray, nll_tol: float = 0.0) -> tuple[FloatArray, FloatArray]:
        """κ̂ ≥ 0 and the profiled normalisations at κ̂ (θ warm-started along the Newton path)."""
        state = _BinnedNewton(self, data, nll_tol)
        kappa_hat = minimise_kappa_from(state, self._start(data), self.kappa_scale, nll_tol)
        return kappa_hat, state.theta_hat

    def _fit(self, d: FloatArray) -> FitResult:
        kappa_hat, theta = self._fit_theta(d)
        return FitResult(kappa_hat, self._nll(kappa_hat, d, theta), theta)

    def _fit_signed(self, d: FloatArray) -> FitResult:
        return _binned_fit_signed(self, d)

    def _profile_signed(self, k: FloatArray, d: FloatArray, fit: FitResult) -> ProfileResult:
        if np.all(k >= 0.0):
            return self._profile(k, d)
        theta = self._profile_theta(k, d, _segment_theta(k, fit))
        return ProfileResult(self._nll(k, d, theta), theta)

    def _toy_t(self, data: FloatArray, kappa_test: FloatArray) -> tuple[FloatArray, FloatArray]:
        """As :meth:`LinearModel._toy_t`, the fit and the θ profiles stopped on the Newton
        decrement (NLL_TOL) and every profile warm-started from θ̂."""
        kappa_hat, theta_hat = self._fit_theta(data, NLL_TOL)
        nll_hat = self._nll(kappa_hat, data, theta_hat)
        out = np.empty(kappa_test.shape)
        for col in range(kappa_test.shape[1]):
            kappa = kappa_test[:, col]
            theta = self._profile_theta(kappa, data, theta_hat, NLL_TOL)
            out[:, col] = np.maximum(2.0 * (self._nll(kappa, data, theta) - nll_hat), 0.0)
        return out, kappa_hat


def _boundary_bounds(
    c: FloatArray, tmpl: FloatArray, total: float | None = None
) -> tuple[FloatArray, NDArray[np.bool_], bool]:
    """−c_i/t_i on the bins that bound θ (t_i > 0 if the template's total T > 0, else
    t_i < 0), the mask of those bins, and whether θ_b is their maximum (T > 0) or minimum.
    ``total`` is T (default Σt; the integral for an unbinned density on nodes)."""
    total = float(np.sum(tmpl)) if total is None else float(total)
    if total == 0.0:
        raise ConvergenceError(
            "template normalisation not determined: no count where the template is non-zero "
            "and the template sums to zero; constrain or fix it"
        )
    side = tmpl > 0.0 if total > 0.0 else tmpl < 0.0
    fill = -np.inf if total > 0.0 else np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.where(side, -c / np.where(side, tmpl, 1.0), fill)
    return bound, side, total > 0.0


def _boundary_theta(c: FloatArray, tmpl: FloatArray, total: float | None = None) -> FloatArray:
    """Profiled normalisation of one floating template t for rows with no count where t ≠ 0.

    There the NLL is θ Σt + (terms without θ), linear, so its minimum over the domain
    λ = c + θ t ≥ 0 is where the first expected count reaches 0: θ_b = max over t_i > 0 of
    −c_i/t_i (Σt > 0; the minimum over t_i < 0 when Σt < 0). λ = 0 in a bin with n = 0 is
    the maximum-likelihood estimate of a Poisson mean, as for a counting experiment that
    sees nothing.
    """
    bound, _, upper = _boundary_bounds(c, tmpl, total)
    return bound.max(axis=1) if upper else bound.min(axis=1)


def _boundary_theta_slope(
    c: FloatArray, tmpl: FloatArray, s: FloatArray, total: float | None = None
) -> FloatArray:
    """Right derivative dθ_b/dκ of :func:`_boundary_theta` with c = fixed + κ s: −s_j/t_j of
    the bin j that sets θ_b, and among tied bins (e.g. κ = 0 with nothing fixed) the one
    that sets it for κ above."""
    bound, side, upper = _boundary_bounds(c, tmpl, total)
    best = bound.max(axis=1) if upper else bound.min(axis=1)
    tie = side & (np.abs(bound - best[:, None]) <= 1e-12 * (1.0 + np.abs(best[:, None])))
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = -s / np.where(side, tmpl, 1.0)
    if upper:
        return np.where(tie, rate, -np.inf).max(axis=1)
    return np.where(tie, rate, np.inf).min(axis=1)


def _boundary_derivs(
    grad: FloatArray,
    hess: FloatArray,
    kappa: FloatArray,
    s: FloatArray,
    fixed: FloatArray,
    tmpl: FloatArray,
    total: float,
) -> None:
    """Profiled dp/dκ on the rows whose one floating θ sits on the λ ≥ 0 boundary (θθ
    Hessian ≤ 0; :func:`_boundary_theta`), in place: p(κ) is θ_b(κ) T + (terms without θ)
    there, θ_b piecewise linear, so dp/dκ gains T dθ_b/dκ and the curvature is that of the
    other terms; their θθ Hessian is set to 1 (the θκ cross term is 0 on those rows: no
    count or event where the template is non-zero), so the Schur complement adds nothing.
    ``s``, ``fixed`` and ``tmpl`` are on the bins (or density nodes), T the template's total.
    """
    flat = hess[:, 0, 0] <= 0.0
    if np.any(flat):
        c = kappa[flat, None] * s + fixed
        grad[flat] += total * _boundary_theta_slope(c, tmpl, s, total)
        hess[flat] = 1.0


def _binned_fit_signed(model: BinnedModel, d: FloatArray) -> FitResult:
    """Unbounded κ̂ of a :class:`BinnedModel`: the signal is profiled as one more free
    template (damped joint Newton over (κ, θ), every expected count kept > 0), started at the
    bounded fit, a feasible point."""
    kappa_b, theta_b = model._fit_theta(d)
    joint = BinnedModel(
        model.signal_per_kappa,
        np.vstack([model.signal_per_kappa[None, :], model.background]),
        background_sigma=np.append(np.inf, model.background_sigma),
        sm=model.sm,
        sm_sigma=model.sm_sigma,
    )
    phi = joint._profile_theta(
        np.zeros(d.shape[0]), d, np.concatenate([kappa_b[:, None], theta_b], axis=1)
    )
    kappa, theta = phi[:, 0], phi[:, 1:]
    return FitResult(kappa, model._nll(kappa, d, theta), theta)


def _segment_theta(k: FloatArray, fit: FitResult) -> FloatArray:
    """θ on the segment from (κ̂, θ̂) (unbounded fit) to (0, 1) at κ, clipped to its ends: for
    κ between κ̂ < 0 and 0 a feasible start (every expectation is linear in (κ, θ))."""
    k_hat = float(fit.kappa_hat[0])
    alpha = np.clip(k / k_hat, 0.0, 1.0) if k_hat < 0.0 else np.zeros(k.size)
    n = fit.nuisances.shape[1]
    return alpha[:, None] * fit.nuisances[0] + (1.0 - alpha)[:, None] * np.ones(n)


class _BinnedNewton:
    """Evaluator for :func:`minimise_kappa_from` on a :class:`BinnedModel`: the profiled θ of
    each row is carried from one κ iterate to the next (a warm start needs 2–3 Newton steps
    instead of ~8 from the nominal θ), and θ̂ of converged rows is kept."""

    def __init__(self, model: BinnedModel, data: FloatArray, nll_tol: float = 0.0) -> None:
        self.model = model
        self.data = data
        self.nll_tol = nll_tol
        self.index = np.arange(data.shape[0])
        n_float = int(model._floating.sum())
        self.theta = np.ones((data.shape[0], n_float))
        self.theta_hat = np.ones((data.shape[0], n_float))

    def derivs(self, kappa: FloatArray) -> tuple[FloatArray, FloatArray]:
        self.theta = self.model._profile_theta(kappa, self.data, self.theta, self.nll_tol)
        return self.model._derivs_at(kappa, self.data, self.theta)

    def finish(self, done: NDArray[np.bool_]) -> None:
        self.theta_hat[self.index[done]] = self.theta[done]
        keep = ~done
        self.index, self.data, self.theta = self.index[keep], self.data[keep], self.theta[keep]


# =========================================================================== residuals


@dataclass(frozen=True, eq=False)
class GaussianResidualModel(LinearModel):
    """Published residual spectrum r_i ~ N(κ s_i, σ_i): χ²(κ) = Σ ((r_i − κ s_i)/σ_i)².

    The NLL is χ²/2 (up to its minimum), κ̂ = max(0, Σ r s/σ² / Σ s²/σ²) in closed form and
    σ_κ = (Σ s²/σ²)^(-1/2). Data sets are residual vectors; :attr:`observed` holds the
    published one.

    Args:
        residual: published residual (ON − OFF) per bin, in the unit of ``sigma``.
        sigma: 1σ error per bin, > 0.
        signal_per_kappa: signal per unit κ in the same unit.

    Example:
        >>> m = GaussianResidualModel([0.5, -0.2], [1.0, 1.0], [1.0, 1.0])
        >>> round(m.kappa_hat_unbounded, 3), round(m.sigma_kappa, 4)
        (0.15, 0.7071)
    """

    residual: FloatArray
    sigma: FloatArray
    signal_per_kappa: FloatArray

    def __post_init__(self) -> None:
        r = as_float_array(self.residual, "residual", allow_empty=False)
        sig = as_float_array(self.sigma, "sigma", positive=True)
        s = as_float_array(self.signal_per_kappa, "signal_per_kappa", nonnegative=True)
        if r.ndim != 1 or sig.shape != r.shape or s.shape != r.shape:
            raise InputError(
                "sigma",
                self.sigma,
                f"residual, sigma and signal_per_kappa of equal shape {r.shape}",
            )
        if not np.any(s > 0):
            raise InputError("signal_per_kappa", self.signal_per_kappa, "not all zero")
        object.__setattr__(self, "residual", r)
        object.__setattr__(self, "sigma", sig)
        object.__setattr__(self, "signal_per_kappa", s)

    @property
    def n_counts(self) -> int:
        return 0

    @property
    def n_obs(self) -> int:
        return int(self.residual.size)

    @property
    def nominal_nuisances(self) -> FloatArray:
        return np.zeros(0)

    @property
    def kappa_scale(self) -> float:
        """σ_κ = 1/√(Σ s²/σ²), the standard deviation of the κ estimate."""
        return 1.0 / float(np.sqrt(self.fisher))

    @property
    def observed(self) -> FloatArray:
        """The published residual as a (1, nbins) data set."""
        return self.residual[None, :]

    @property
    def fisher(self) -> float:
        """Σ s²/σ², the Fisher information on κ."""
        return float(np.sum((self.signal_per_kappa / self.sigma) ** 2))

    @property
    def sigma_kappa(self) -> float:
        """Standard error of κ̂ from the χ² curvature."""
        return 1.0 / math.sqrt(self.fisher)

    @property
    def kappa_hat_unbounded(self) -> float:
        """Unbounded least-squares κ̂ (may be negative), the TEXONO-style best fit."""
        return float(self._kappa_unbounded(self.observed)[0])

    def _kappa_unbounded(self, d: FloatArray) -> FloatArray:
        return (d @ (self.signal_per_kappa / self.sigma**2)) / self.fisher

    def as_data(
        self, data: ArrayLike, field_name: str = "data", *, allow_fractional: bool = False
    ) -> FloatArray:
        arr = np.asarray(as_float_array(data, field_name), dtype=float)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.n_obs:
            raise DataError(
                f"{field_name} has shape {np.shape(data)}: expected ({self.n_obs},)"
                f" or (N, {self.n_obs}) residuals"
            )
        return arr

    def _draw(self, mean: FloatArray, n: int, rng: np.random.Generator) -> FloatArray:
        return rng.normal(mean, self.sigma, size=(n, self.n_obs))

    def _expected(self, kappa: FloatArray, nuisances: FloatArray) -> FloatArray:
        return kappa[:, None] * self.signal_per_kappa

    def _nll(self, kappa: FloatArray, data: FloatArray, nuisances: FloatArray) -> FloatArray:
        pull = (data - kappa[:, None] * self.signal_per_kappa) / self.sigma
        return 0.5 * np.sum(pull * pull, axis=1)

    def _profile(self, k: FloatArray, d: FloatArray) -> ProfileResult:
        return ProfileResult(self._nll(k, d, np.zeros((d.shape[0], 0))), np.zeros((d.shape[0], 0)))

    def _derivs(self, kappa: FloatArray, data: FloatArray) -> tuple[FloatArray, FloatArray]:
        grad = self.fisher * (kappa - self._kappa_unbounded(data))
        return grad, np.full(kappa.shape, self.fisher)

    def _fit(self, d: FloatArray) -> FitResult:
        k = np.maximum(self._kappa_unbounded(d), 0.0)
        empty = np.zeros((d.shape[0], 0))
        return FitResult(k, self._nll(k, d, empty), empty)

    def _fit_signed(self, d: FloatArray) -> FitResult:
        k = self._kappa_unbounded(d)
        empty = np.zeros((d.shape[0], 0))
        return FitResult(k, self._nll(k, d, empty), empty)

    def _profile_signed(self, k: FloatArray, d: FloatArray, fit: FitResult) -> ProfileResult:
        return self._profile(k, d)
