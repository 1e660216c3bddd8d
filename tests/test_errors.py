"""The exception hierarchy: one root, informative messages."""

import pytest

import munu
from munu._validate import as_float, as_float_array, check_choice


def test_hierarchy():
    for cls in (
        munu.InputError,
        munu.UnknownNameError,
        munu.CardError,
        munu.DataError,
        munu.ConvergenceError,
    ):
        assert issubclass(cls, munu.MunuError)
    assert issubclass(munu.InputError, ValueError)


def test_input_error_message_names_field_value_and_accepted():
    err = munu.InputError("enu_mev", -1.0, "values ≥ 0")
    assert "enu_mev" in str(err)
    assert "-1.0" in str(err)
    assert "≥ 0" in str(err)


def test_unknown_name_lists_known():
    err = munu.UnknownNameError("isotope", "U236", ["U235", "U238"])
    assert str(err) == "isotope='U236' is not accepted: expected one of 'U235', 'U238'"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", [1.0, float("nan")]])
def test_as_float_array_rejects_non_finite(bad):
    with pytest.raises(munu.InputError, match="x"):
        as_float_array(bad, "x")


def test_sign_checks():
    with pytest.raises(munu.InputError, match="≥ 0"):
        as_float_array([1.0, -1e-9], "t", nonnegative=True)
    with pytest.raises(munu.InputError, match="> 0"):
        as_float(0.0, "power", positive=True)
    with pytest.raises(munu.InputError, match="single number"):
        as_float([1.0, 2.0], "power")
    with pytest.raises(munu.InputError, match="non-empty"):
        as_float_array([], "edges", allow_empty=False)
    with pytest.raises(munu.UnknownNameError):
        check_choice("nux", "flavour", ("nue",))
