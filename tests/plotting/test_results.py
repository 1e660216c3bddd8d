"""``--plot`` figures of munu rate / limit / sensitivity (munu.plotting.results)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from munu.cli import app
from munu.errors import InputError
from munu.experiments import load_card
from munu.inference import model_from_card
from munu.plotting.results import scale_exposure
from munu.stats import expected_sensitivity


@pytest.mark.parametrize("card", ["texono_ks_2003", "xenonnt_2022"])
def test_scale_exposure_scales_the_sensitivity_as_expected(card):
    """Background-dominated: the median κ limit scales as 1/√(exposure), so μ as t^(-1/4)
    (review Eq. 5); within 10% over a factor 4 in exposure."""
    model = model_from_card(load_card(card))
    k1 = expected_sensitivity(model, 0.9).quantiles[2]
    k4 = expected_sensitivity(scale_exposure(model, 4.0), 0.9).quantiles[2]
    assert np.sqrt(k4 / k1) == pytest.approx(4.0**-0.25, rel=0.1)
    with pytest.raises(InputError, match="factor"):
        scale_exposure(model, 0.0)


def test_plot_options_write_png_and_pdf(tmp_path):
    runner = CliRunner()
    data = tmp_path / "d.csv"
    assert runner.invoke(app, ["simulate", "texono_ks_2003", "-o", str(data)]).exit_code == 0
    for args, stem in (
        (["rate", "texono_ks_2003"], "rate"),
        (["limit", "texono_ks_2003", "--data", str(data), "--method", "cls"], "limit"),
        (["sensitivity", "texono_ks_2003"], "sens"),
    ):
        res = runner.invoke(app, [*args, "--plot", str(tmp_path / stem)])
        assert res.exit_code == 0, res.output
        assert (tmp_path / f"{stem}.png").read_bytes()[:4] == b"\x89PNG"
        assert (tmp_path / f"{stem}.pdf").read_bytes()[:4] == b"%PDF"
