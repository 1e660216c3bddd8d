"""pyhf (HistFactory JSON) workspaces from munu models, and munu models from workspaces.

pyhf's JSON workspace (pyhf docs "Likelihood specification"; Cranmer et al.,
CERN-OPEN-2012-016 for HistFactory) is how HEP shares binned likelihoods. This module writes
the model a card implies (:func:`munu.inference.model_from_card`) as a workspace, so a munu
result can be cross-checked or combined with pyhf, and reads a workspace back into a
:mod:`munu.stats` model, so munu's Feldman–Cousins and toy constructions run on any pyhf
workspace of the supported form. The JSON is written and read here directly (it is plain
data); pyhf itself is needed only to validate or fit (optional extra ``munu[cls]``).

The mapping (model → workspace):

* :class:`~munu.stats.OnOffModel`: channels ``on`` and ``off``. ``on`` holds ``signal``
  (t_on·s per unit of the POI, modifier ``normfactor`` = POI), ``sm`` (t_on·(weak + CEvNS),
  no modifier: known) and ``background`` (t_on·b); ``off`` holds ``background`` (t_off·b).
  Both background samples carry the same ``shapefactor`` ``background_per_bin``: one free,
  unconstrained factor per bin shared by ON and OFF, which is munu's free background per bin
  (the standard ON/OFF construction, pyhf docs "Modifiers: shapefactor").
* :class:`~munu.stats.BinnedModel`: channel ``spectrum`` with ``signal`` (normfactor POI),
  one sample per background template and ``sm``: a free normalisation is a ``normfactor``, a
  Gaussian-constrained one a ``normsys`` with hi/lo = 1 ± σ (pyhf interpolates normsys
  exponentially, so the two agree at α = 0, ±1 and to O(σ²) between), a fixed one none.
* :class:`~munu.stats.CountingModel`: channel ``counting``, one bin; a Gaussian background
  uncertainty σ_b is a ``normsys`` with hi/lo = 1 ± σ_b/b.
* :class:`~munu.stats.GaussianResidualModel` has no Poisson counts and is refused.

The POI of the workspace is κ = μ² in units of ``poi_unit_kappa`` μ_B² (a power of ten
chosen so that the limit is of order 1: pyhf's fits and default bounds expect that). pyhf's
workspace schema (1.0.0) admits no extra top-level keys, so the unit is recorded in the
measurement's name as ``munu:poi_unit_kappa=<value>`` (:data:`UNIT_TAG`); a top-level
``metadata.poi_unit_kappa`` is also read, for workspaces whose producer allows one. The
POI bounds are [0, 100] units.

The reverse (:func:`model_from_workspace`) accepts exactly the forms above: one channel with
``normfactor``/``normsys`` samples, or two channels sharing one ``shapefactor`` on a
background sample whose OFF/ON ratio is the same in every bin. Any other modifier
(``histosys``, ``shapesys``, ``staterror``, ``lumi``, …) is refused with an error naming it.

Example:
    >>> from munu.experiments import load_card
    >>> from munu.inference import simulate_counts
    >>> from munu.interop.histfactory import workspace_from_card, model_from_workspace
    >>> card = load_card("texono_ks_2003")
    >>> ws = workspace_from_card(card, simulate_counts(card, seed=1))
    >>> [c["name"] for c in ws["channels"]]
    ['on', 'off']
    >>> imported = model_from_workspace(ws)
    >>> type(imported.model).__name__, imported.poi_unit_kappa
    ('OnOffModel', 1e-20)
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from munu.errors import DataError, InputError

__all__ = [
    "ASIMOV_TAG",
    "SUPPORTED_MODIFIERS",
    "UNIT_TAG",
    "ImportedWorkspace",
    "limit_from_workspace",
    "model_from_workspace",
    "read_workspace",
    "workspace_from_card",
    "workspace_from_model",
]

#: Modifier types :func:`model_from_workspace` understands.
SUPPORTED_MODIFIERS: tuple[str, ...] = ("normfactor", "normsys", "shapefactor")
#: Prefix of the measurement-name tag carrying the POI unit (μ_B² per unit of the POI).
UNIT_TAG = "munu:poi_unit_kappa="
#: Measurement-name tag of a workspace whose observations are an Asimov (expected) data set:
#: they are expected counts, not observations, so :func:`limit_from_workspace` refuses it.
ASIMOV_TAG = "munu:asimov"
POI = "kappa"
POI_UPPER = 100.0
_SHAPE = "background_per_bin"


def _poi_unit(model: Any, data: NDArray[np.float64] | None) -> float:
    """A power of ten of κ (μ_B²) near the observed asymptotic limit (the expected one for
    non-integer, e.g. Asimov, data)."""
    from munu.stats import asymptotic_upper_limit, expected_sensitivity

    if data is not None and np.all(data == np.round(data)):  # observed counts
        ref = asymptotic_upper_limit(model, data).limit
    else:
        ref = expected_sensitivity(model, 0.9).quantiles[2]
    if not (math.isfinite(ref) and ref > 0):
        ref = model.kappa_scale
    return float(10.0 ** math.floor(math.log10(ref)))


def _sample(name: str, counts: Any, modifiers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "data": [float(v) for v in np.asarray(counts, dtype=float)],
        "modifiers": modifiers,
    }


def _normfactor(name: str) -> dict[str, Any]:
    return {"name": name, "type": "normfactor", "data": None}


def _normsys(name: str, rel_sigma: float) -> dict[str, Any]:
    return {
        "name": name,
        "type": "normsys",
        "data": {"hi": 1.0 + float(rel_sigma), "lo": max(1.0 - float(rel_sigma), 0.0)},
    }


def workspace_from_model(
    model: Any,
    data: Any,
    *,
    name: str = "munu",
    poi_unit_kappa: float | None = None,
    asimov: bool = False,
) -> dict[str, Any]:
    """The pyhf workspace (a JSON-ready dict) of a munu model and a data set.

    Args:
        model: an :class:`~munu.stats.OnOffModel`, :class:`~munu.stats.BinnedModel` or
            :class:`~munu.stats.CountingModel`, κ in μ_B².
        data: the observed data set of the model (counts; auxiliary measurements of
            constrained nuisances must be at their nominal values, as pyhf's are).
        name: the measurement's name (the card's name).
        poi_unit_kappa: κ per unit of the POI in μ_B² (default: a power of ten near the
            asymptotic limit on ``data``).
        asimov: ``data`` is an Asimov (expected) data set, not an observation: the
            measurement's name carries :data:`ASIMOV_TAG`, and :func:`limit_from_workspace`
            refuses the workspace (no observed limit from expected counts).

    Returns:
        The workspace: ``channels``, ``observations``, ``measurements``, ``version``.
    """
    from munu.stats import BinnedModel, CountingModel, OnOffModel

    d = model.as_data(data, allow_fractional=True)[0]
    unit = _poi_unit(model, d) if poi_unit_kappa is None else float(poi_unit_kappa)
    if not (math.isfinite(unit) and unit > 0):
        raise InputError("poi_unit_kappa", poi_unit_kappa, "a finite number > 0 (μ_B²)")
    nc = model.n_counts
    if not np.allclose(d[nc:], model.nominal_aux):
        raise InputError(
            "data",
            f"auxiliary measurements {d[nc:].tolist()}",
            f"their nominal values {model.nominal_aux.tolist()} (pyhf fixes auxdata there)",
        )
    counts = d[:nc]
    if isinstance(model, OnOffModel):
        t_on, t_off, nb = model.exposure_on, model.exposure_off, model.nbins
        n, m = counts[:nb], counts[nb:]
        b = np.asarray(model.background if model.background is not None else np.zeros(nb))
        # a shapefactor scales its nominal: any b > 0 serves; the model's or the data's
        fallback = (n + m + 1.0) / (t_on + t_off)
        b = np.where(b > 0, b, fallback)
        shape = [{"name": _SHAPE, "type": "shapefactor", "data": None}]
        channels = [
            {
                "name": "on",
                "samples": [
                    _sample("signal", t_on * model.signal_per_kappa * unit, [_normfactor(POI)]),
                    _sample("sm", t_on * model.sm_on, []),
                    _sample("background", t_on * b, shape),
                ],
            },
            {"name": "off", "samples": [_sample("background", t_off * b, shape)]},
        ]
        observations = [{"name": "on", "data": n.tolist()}, {"name": "off", "data": m.tolist()}]
    elif isinstance(model, BinnedModel):
        samples = [_sample("signal", model.signal_per_kappa * unit, [_normfactor(POI)])]
        assert model.sm is not None
        templates = [(f"background_{k}", t) for k, t in enumerate(model.background)]
        sigmas = [*model.background_sigma, model.sm_sigma]
        for (label, template), sigma in zip([*templates, ("sm", model.sm)], sigmas, strict=True):
            if label == "sm" and not np.any(template > 0):
                continue
            mods: list[dict[str, Any]] = []
            if math.isinf(sigma):
                mods = [_normfactor(f"norm_{label}")]
            elif sigma > 0:
                mods = [_normsys(f"norm_{label}", sigma)]
            samples.append(_sample(label, template, mods))
        channels = [{"name": "spectrum", "samples": samples}]
        observations = [{"name": "spectrum", "data": counts.tolist()}]
    elif isinstance(model, CountingModel):
        b, sb = model.background, model.background_sigma
        if b <= 0 and sb > 0:
            raise InputError("background", b, "> 0 when it has an uncertainty (normsys)")
        mods = [_normsys("norm_background", sb / b)] if sb > 0 else []
        channels = [
            {
                "name": "counting",
                "samples": [
                    _sample("signal", [model.signal_per_kappa * unit], [_normfactor(POI)]),
                    _sample("background", [b], mods),
                ],
            }
        ]
        observations = [{"name": "counting", "data": counts.tolist()}]
    else:
        raise InputError(
            "model",
            type(model).__name__,
            "an OnOffModel, BinnedModel or CountingModel (Poisson counts)",
        )
    return {
        "channels": channels,
        "observations": observations,
        "measurements": [
            {
                "name": f"{name} {ASIMOV_TAG + ' ' if asimov else ''}{UNIT_TAG}{unit:.17g}",
                "config": {
                    "poi": POI,
                    "parameters": [{"name": POI, "bounds": [[0.0, POI_UPPER]], "inits": [1.0]}],
                },
            }
        ],
        "version": "1.0.0",
    }


def workspace_from_card(
    card: Any, data: Any, *, poi_unit_kappa: float | None = None
) -> dict[str, Any]:
    """The pyhf workspace of a card's model (:func:`munu.inference.model_from_card`)."""
    from munu.inference import model_from_card

    return workspace_from_model(
        model_from_card(card), data, name=card.name, poi_unit_kappa=poi_unit_kappa
    )


# ----------------------------------------------------------------------- reading
@dataclass(frozen=True)
class ImportedWorkspace:
    """A workspace read back as a munu model.

    Attributes:
        model: the :mod:`munu.stats` model, κ in μ_B² (or in POI units without a unit tag).
        data: the observed data set in the model's layout.
        poi_unit_kappa: μ_B² per unit of the POI (None: unknown, κ is the POI).
        poi: the POI's name.
        name: the measurement's name.
        asimov: the observations are an Asimov (expected) data set (:data:`ASIMOV_TAG`).
    """

    model: Any
    data: NDArray[np.float64]
    poi_unit_kappa: float | None
    poi: str
    name: str
    asimov: bool = False


def read_workspace(path: str | Path) -> dict[str, Any]:
    """Read a workspace JSON file (a :class:`~munu.errors.DataError` if it is not one)."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"workspace file {str(p)!r} does not exist")
    try:
        spec = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"{p}: not a JSON file ({err})") from None
    if not isinstance(spec, dict):
        raise DataError(f"{p}: a workspace is a JSON object, not {type(spec).__name__}")
    return spec


def _require(obj: Any, key: str, where: str, kind: type) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise DataError(f"workspace: {where} has no {key!r}")
    value = obj[key]
    if not isinstance(value, kind):
        raise DataError(f"workspace: {where}.{key} must be a {kind.__name__}")
    return value


def _counts(values: Any, where: str) -> NDArray[np.float64]:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise DataError(f"workspace: {where} must be a list of numbers") from None
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise DataError(f"workspace: {where} must be a non-empty list of finite numbers ≥ 0")
    return arr


def _unit(spec: dict[str, Any], measurement: dict[str, Any]) -> float | None:
    meta = spec.get("metadata")
    if isinstance(meta, dict) and "poi_unit_kappa" in meta:
        value = meta["poi_unit_kappa"]
    else:
        found = re.search(re.escape(UNIT_TAG) + r"(\S+)", str(measurement.get("name", "")))
        if found is None:
            return None
        value = found.group(1)
    try:
        unit = float(value)
    except (TypeError, ValueError):
        raise InputError("poi_unit_kappa", value, "a number > 0 (μ_B² per unit POI)") from None
    if not (math.isfinite(unit) and unit > 0):
        raise InputError("poi_unit_kappa", value, "a number > 0 (μ_B² per unit POI)")
    return unit


def _modifiers(sample: dict[str, Any], where: str) -> list[dict[str, Any]]:
    mods = _require(sample, "modifiers", where, list)
    for mod in mods:
        mtype = _require(mod, "type", f"{where}.modifiers", str)
        _require(mod, "name", f"{where}.modifiers", str)
        if mtype not in SUPPORTED_MODIFIERS:
            raise InputError(
                "modifier",
                f"{mod['name']} ({mtype}) in {where}",
                f"one of {', '.join(SUPPORTED_MODIFIERS)} (munu's supported subset)",
            )
    return mods


def _normsys_sigma(mod: dict[str, Any], where: str) -> float:
    data = mod.get("data")
    if not isinstance(data, dict) or "hi" not in data or "lo" not in data:
        raise DataError(f"workspace: normsys {mod['name']} in {where} needs data.hi and data.lo")
    hi, lo = float(data["hi"]), float(data["lo"])
    if not (hi > 1.0 > lo >= 0.0) or not math.isclose(hi - 1.0, 1.0 - lo, rel_tol=0.05):
        raise InputError(
            "modifier",
            f"{mod['name']} (normsys hi={hi:g}, lo={lo:g}) in {where}",
            "a symmetric normsys, hi − 1 = 1 − lo (a Gaussian normalisation uncertainty)",
        )
    return 0.5 * (hi - lo)


def _split_signal(
    channel: dict[str, Any], poi: str, where: str
) -> tuple[NDArray[np.float64] | None, list[tuple[dict[str, Any], list[dict[str, Any]]]]]:
    """(signal per unit POI or None, other samples with their modifiers)."""
    signal = None
    others = []
    for k, sample in enumerate(_require(channel, "samples", where, list)):
        swhere = f"{where}.samples[{k}]"
        mods = _modifiers(sample, swhere)
        data = _counts(_require(sample, "data", swhere, list), f"{swhere}.data")
        if any(m["type"] == "normfactor" and m["name"] == poi for m in mods):
            if signal is not None or len(mods) != 1:
                raise InputError(
                    "modifier",
                    f"{poi} in {swhere}",
                    "the POI normfactor alone on exactly one sample",
                )
            signal = data
        else:
            others.append((sample, mods))
    return signal, others


def model_from_workspace(spec: dict[str, Any], measurement: str | None = None) -> ImportedWorkspace:
    """The :mod:`munu.stats` model and data set of a pyhf workspace (supported subset).

    Args:
        spec: the workspace (e.g. from :func:`read_workspace`).
        measurement: which measurement's POI to use (default: the first).

    Raises:
        InputError: a modifier outside :data:`SUPPORTED_MODIFIERS` or a structure munu has no
            model for (named in the message).
        DataError: a malformed workspace.
    """
    from munu.stats import BinnedModel, OnOffModel

    channels = _require(spec, "channels", "workspace", list)
    measurements = _require(spec, "measurements", "workspace", list)
    observations = _require(spec, "observations", "workspace", list)
    if not measurements:
        raise DataError("workspace: no measurement")
    names = [str(m.get("name")) for m in measurements if isinstance(m, dict)]
    if measurement is None:
        meas = measurements[0]
    else:
        hits = [m for m in measurements if isinstance(m, dict) and m.get("name") == measurement]
        if not hits:
            raise InputError("measurement", measurement, f"one of {names}")
        meas = hits[0]
    poi = _require(_require(meas, "config", "measurement", dict), "poi", "measurement.config", str)
    unit = _unit(spec, meas)
    asimov = ASIMOV_TAG in str(meas.get("name", "")).split()
    scale = 1.0 if unit is None else unit  # κ = POI × unit
    obs = {
        o.get("name"): _counts(o.get("data"), f"observations[{o.get('name')}]")
        for o in observations
        if isinstance(o, dict)
    }
    chans = {}
    for i, ch in enumerate(channels):
        cname = _require(ch, "name", f"channels[{i}]", str)
        if cname not in obs:
            raise DataError(f"workspace: channel {cname!r} has no observation")
        chans[cname] = ch
    if len(chans) == 1:
        ((cname, ch),) = chans.items()
        signal, others = _split_signal(ch, poi, f"channel {cname}")
        if signal is None:
            raise InputError("poi", poi, f"a normfactor on one sample of channel {cname}")
        templates, sigmas = [], []
        fixed = np.zeros_like(signal)
        for sample, mods in others:
            data = np.asarray(sample["data"], dtype=float)
            if data.shape != signal.shape:
                raise DataError(f"workspace: sample {sample.get('name')} has the wrong binning")
            if not mods:
                fixed = fixed + data
                continue
            if len(mods) != 1 or mods[0]["type"] == "shapefactor":
                raise InputError(
                    "modifier",
                    f"{', '.join(m['name'] + ' (' + m['type'] + ')' for m in mods)} on sample "
                    f"{sample.get('name')} of a one-channel workspace",
                    "one normfactor or one symmetric normsys per sample",
                )
            templates.append(data)
            sigma = math.inf if mods[0]["type"] == "normfactor" else _normsys_sigma(mods[0], cname)
            sigmas.append(sigma)
        counts = obs[cname]
        if counts.shape != signal.shape:
            raise DataError(f"workspace: observation of {cname} has the wrong number of bins")
        if not templates:
            templates, sigmas = [fixed], [0.0]
            fixed = np.zeros_like(signal)
        model = BinnedModel(
            signal_per_kappa=signal / scale,
            background=np.array(templates),
            background_sigma=np.array(sigmas),
            sm=fixed,
        )
        n_aux = int(np.sum(np.isfinite(sigmas) & (np.array(sigmas) > 0)))
        data_set = np.concatenate([counts, np.ones(n_aux)])
        return ImportedWorkspace(model, data_set, unit, poi, str(meas.get("name")), asimov)
    if len(chans) == 2:
        imported = _onoff(chans, obs, poi, unit, scale, str(meas.get("name")), OnOffModel)
        return dataclasses.replace(imported, asimov=asimov)
    raise InputError(
        "channels",
        f"{len(chans)} channels",
        "one channel, or two (ON and OFF) sharing a shapefactor",
    )


def _onoff(
    chans: dict[str, Any],
    obs: dict[str, NDArray[np.float64]],
    poi: str,
    unit: float | None,
    scale: float,
    name: str,
    onoff_cls: Any,
) -> ImportedWorkspace:
    split = {c: _split_signal(ch, poi, f"channel {c}") for c, ch in chans.items()}
    on_names = [c for c, (sig, _) in split.items() if sig is not None]
    if len(on_names) != 1:
        raise InputError("poi", poi, "a normfactor in exactly one of the two channels (ON)")
    on = on_names[0]
    off = next(c for c in chans if c != on)
    signal, on_others = split[on]
    _, off_others = split[off]
    assert signal is not None

    def shape_sample(others: list[Any], cname: str) -> tuple[Any, NDArray[np.float64], str]:
        shaped = [(s, m) for s, m in others if m]
        bad = [s.get("name") for s, m in shaped if len(m) != 1 or m[0]["type"] != "shapefactor"]
        if len(shaped) != 1 or bad:
            raise InputError(
                "modifier",
                f"samples {[s.get('name') for s, _ in shaped]} of channel {cname}",
                "one background sample with one shapefactor (shared by ON and OFF), the "
                "others without modifiers",
            )
        sample, mods = shaped[0]
        return sample, np.asarray(sample["data"], dtype=float), mods[0]["name"]

    _, b_on, sf_on = shape_sample(on_others, on)
    _, b_off, sf_off = shape_sample(off_others, off)
    if sf_on != sf_off:
        raise InputError("shapefactor", f"{sf_on} vs {sf_off}", "the same shapefactor in both")
    fixed_off = sum((np.asarray(s["data"], float) for s, m in off_others if not m), start=0.0)
    if np.any(np.asarray(fixed_off) != 0):
        raise InputError("channel", off, "an OFF channel with no sample other than the background")
    sm = sum((np.asarray(s["data"], float) for s, m in on_others if not m), np.zeros_like(signal))
    if not (b_on.shape == b_off.shape == signal.shape) or np.any(b_on <= 0):
        raise DataError("workspace: ON and OFF backgrounds need the same bins and b > 0")
    ratio = b_off / b_on
    if not np.allclose(ratio, ratio[0], rtol=1e-9):
        raise InputError(
            "background",
            f"OFF/ON ratios {ratio[:4].tolist()}…",
            "the same OFF/ON exposure ratio in every bin",
        )
    # rates per unit ON exposure: t_on = 1, t_off = OFF/ON ratio
    model = onoff_cls(
        signal_per_kappa=signal / scale,
        sm_on=sm,
        exposure_on=1.0,
        exposure_off=float(ratio[0]),
        background=b_on,
    )
    if obs[on].shape != signal.shape or obs[off].shape != signal.shape:
        raise DataError("workspace: ON/OFF observations have the wrong number of bins")
    return ImportedWorkspace(model, np.concatenate([obs[on], obs[off]]), unit, poi, name)


def limit_from_workspace(
    spec: dict[str, Any],
    *,
    method: str = "fc",
    cl: float = 0.9,
    n_toys: int = 2000,
    seed: int = 0,
    name: str = "workspace",
    progress: Any = None,
    scheduler: str | None = None,
    resume: str | Path | None = None,
) -> Any:
    """Upper limit (:class:`munu.inference.CardLimit`) from a pyhf workspace's observations.

    The methods are those of :func:`munu.inference.limit_from_card`, on the model of
    :func:`model_from_workspace`. κ = POI × ``poi_unit_kappa`` in μ_B² and μ = √κ; without
    a unit tag the POI itself is taken as κ (a :class:`munu.MunuWarning` says so).
    """
    import warnings

    from munu._validate import check_choice
    from munu.errors import MunuWarning
    from munu.inference import LIMIT_METHODS, CardLimit, limit_of_model
    from munu.parallel import array_digest, parse_scheduler

    check_choice(method, "method", LIMIT_METHODS)
    parse_scheduler(scheduler)
    imported = model_from_workspace(spec)
    if imported.asimov:
        raise DataError(
            f"{name}: the workspace holds the Asimov data set at μ = 0 ({ASIMOV_TAG}: expected "
            "counts, not observations); for an observed limit export with data (munu export "
            "CARD --data FILE), for the expected one run munu sensitivity CARD"
        )
    if imported.poi_unit_kappa is None:
        warnings.warn(
            f"{name}: no {UNIT_TAG} tag: the POI {imported.poi!r} is taken as κ = μ² in μ_B²",
            MunuWarning,
            stacklevel=2,
        )
    res = limit_of_model(
        imported.model,
        imported.data,
        method=method,
        cl=cl,
        n_toys=n_toys,
        seed=seed,
        progress=progress,
        scheduler=scheduler,
        resume=resume,
        identity=lambda grid: {
            "job": "workspace-limit",
            "workspace_sha256": array_digest(
                np.frombuffer(json.dumps(spec, sort_keys=True).encode(), dtype=np.uint8)
            ),
            "method": method,
            "cl": float(cl),
            "seed": int(seed),
            "n_toys": int(n_toys),
            "kappa_grid_sha256": array_digest(grid),
        },
    )
    return CardLimit(
        name,
        res.method,
        res.cl,
        res.mu_limit,
        res.limit,
        res.best_fit,
        n_toys=res.n_toys,
        seed=res.seed,
        observed=True,  # the workspace's observations (an Asimov one is refused above)
    )
