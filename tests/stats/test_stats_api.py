"""Lock the public API of munu.stats (the model layer of issue 13 builds on these names)."""

import inspect

import munu.stats

STATS_PUBLIC = {
    "BinnedModel",
    "BinnedSpectrum",
    "CountingModel",
    "FitResult",
    "GaussianResidualModel",
    "LimitResult",
    "LinearModel",
    "OnOffModel",
    "OnOffSpectrum",
    "ProfileResult",
    "SensitivityResult",
    "UnbinnedModel",
    "asymptotic_upper_limit",
    "bayesian_upper_limit",
    "bin_events",
    "chunk_seeds",
    "expected_sensitivity",
    "fc_gaussian_interval",
    "fc_poisson_interval",
    "fc_upper_limit",
    "forward_backward_model",
    "from_hist",
    "profile_likelihood_interval",
    "read_dresden_ii",
    "read_root_th1",
    "read_spectrum_table",
    "residual_unified_limit",
    "toy_cls_upper_limit",
}


def test_stats_public_names() -> None:
    assert set(munu.stats.__all__) == STATS_PUBLIC
    for name in STATS_PUBLIC:
        assert hasattr(munu.stats, name)


def test_promised_signatures() -> None:
    """The signatures promised to the card/model layer (issue 13)."""
    sig = inspect.signature(munu.stats.UnbinnedModel)
    assert list(sig.parameters) == [
        "grid_kev",
        "signal_per_kappa",
        "background",
        "background_sigma",
        "sm",
        "sm_sigma",
    ]
    sig = inspect.signature(munu.stats.profile_likelihood_interval)
    assert list(sig.parameters) == ["model", "data", "cl", "two_sided", "allow_negative"]
    assert sig.parameters["cl"].default == 0.9
    assert sig.parameters["two_sided"].default is None
    assert sig.parameters["allow_negative"].default is False
    fit = inspect.signature(munu.stats.BinnedModel.fit)
    assert fit.parameters["allow_negative"].default is False
