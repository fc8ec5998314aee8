"""ipdata.core.checks: one answer to "is this a whole number / probability / number of seconds" everywhere."""

from __future__ import annotations

import numpy as np
import pytest

from ipdata.core.checks import is_whole, probability, seconds, whole_number
from ipdata.core.errors import ForecastError


@pytest.mark.parametrize("value", [0, 3, np.int64(3), np.int32(-2)])
def test_python_and_numpy_integers_are_whole(value):
    assert is_whole(value)
    assert whole_number("n", value) == int(value) and type(whole_number("n", value)) is int


@pytest.mark.parametrize("value", [True, False, 3.0, "3", None, np.float64(3)])
def test_bools_floats_and_text_are_not_whole(value):
    assert not is_whole(value)
    with pytest.raises(ValueError, match=r"^n must be a whole number, got "):
        whole_number("n", value)


def test_the_bound_the_wording_and_the_error_class_are_the_callers():
    assert whole_number("--workers", 1, 1) == 1
    with pytest.raises(ValueError, match=r"--workers must be a whole number >= 1, got 0"):
        whole_number("--workers", 0, 1)
    with pytest.raises(ValueError, match=r"--retries must be a whole number >= 0, got -1"):
        whole_number("--retries", -1, 0)
    with pytest.raises(ForecastError, match="horizon must be a whole number of years >= 1, got True"):
        whole_number("horizon", True, 1, what="a whole number of years", error=ForecastError)


def test_every_entry_point_gives_the_same_answer_for_bool_and_numpy():
    """The drift this module ended: the report accepted True as a worker count, the batch refused np.int64."""
    import ipdata
    from ipdata.run.executors import check_scheduler
    from ipdata.run.report import validate_report_parameters

    with pytest.raises(ValueError, match="--workers must be a whole number"):
        validate_report_parameters(["shantou_13fyp"], True, "zh", None)
    with pytest.raises(ValueError, match="--workers must be a whole number"):
        check_scheduler("processes", True, None)
    assert validate_report_parameters(["shantou_13fyp"], np.int64(2), "zh", None) == ["shantou_13fyp"]
    with pytest.raises(ipdata.ForecastError, match="horizon"):
        ipdata.forecast(ipdata.series("zhejiang", "invention_patents_per_10k"), horizon=True)
    assert len(ipdata.forecast(ipdata.series("zhejiang", "invention_patents_per_10k"), horizon=np.int64(2))) == 2


@pytest.mark.parametrize("p", [0.5, np.float32(0.2), 1e-9])
def test_probabilities_inside_the_open_interval(p):
    assert probability("p", p) == pytest.approx(float(p))


@pytest.mark.parametrize("p", [0, 1, 1.5, -0.1, True, "0.5", float("nan")])
def test_probabilities_outside_are_refused(p):
    with pytest.raises(ValueError, match="p must be a number between 0 and 1"):
        probability("p", p)


@pytest.mark.parametrize("t", [2.5, 1, np.float64(0.1)])
def test_seconds_are_positive_and_finite(t):
    assert seconds("--timeout", t) == float(t)


@pytest.mark.parametrize("t", [0, -1, float("nan"), float("inf"), True, "soon"])
def test_bad_seconds_are_refused_by_name(t):
    with pytest.raises(ValueError, match="--timeout must be a positive number of seconds"):
        seconds("--timeout", t)
