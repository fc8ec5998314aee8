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


def test_a_bound_above_limits_the_work_an_argument_asks_for():
    assert whole_number("horizon", 50, 1, high=50) == 50
    with pytest.raises(ValueError, match="horizon must be a whole number from 1 to 50, got 51"):
        whole_number("horizon", 51, 1, high=50)
    with pytest.raises(ValueError, match="n must be a whole number <= 3, got 4"):
        whole_number("n", 4, high=3)


def test_forecast_and_batch_horizons_are_bounded():
    import ipdata
    from ipdata.forecast.engine import MAX_HORIZON

    s = ipdata.series("zhejiang", "invention_patents_per_10k")
    assert len(ipdata.forecast(s, MAX_HORIZON)) == MAX_HORIZON
    with pytest.raises(ipdata.ForecastError, match=f"from 1 to {MAX_HORIZON}, got 100000"):
        ipdata.forecast(s, 100000)
    with pytest.raises(ipdata.ForecastError, match=f"from 1 to {MAX_HORIZON}"):
        ipdata.simulate(s, MAX_HORIZON + 1)
    with pytest.raises(ValueError, match=f"from 1 to {MAX_HORIZON}, got 100000"):
        ipdata.assess_all(["wujiang_demo_2021"], horizon=100000, progress=False)


def test_years_and_retries_have_a_range():
    import ipdata
    from ipdata.core.checks import MAX_RETRIES, YEARS, year
    from ipdata.deliver.plan_template import template_tables
    from ipdata.run.notebooks import check_run_options

    assert year("as_of", 2015) == 2015 and year("y", np.int64(YEARS[1])) == YEARS[1]
    with pytest.raises(
        ValueError, match=rf"through_year must be a year \(a whole number\) from {YEARS[0]} to {YEARS[1]}"
    ):
        template_tables("shantou_13fyp", 20255)  # a typo once asked for eighteen thousand empty rows
    with pytest.raises(ValueError, match="as_of must be None or a year"):
        ipdata.assess(plan="shantou_13fyp", as_of=1815)
    assert check_run_options(None, MAX_RETRIES).retries == MAX_RETRIES
    with pytest.raises(ValueError, match=f"--retries must be a whole number from 0 to {MAX_RETRIES}, got 1000"):
        check_run_options(None, 1000)
