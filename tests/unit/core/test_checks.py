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


# issue 23: the checks every public verb routes its arguments through


@pytest.mark.parametrize("value", [None, 2015, np.int64(2015), 1900, 2100])
def test_as_of_is_none_or_a_year(value):
    from ipdata.core.checks import as_of

    assert as_of("as_of", value) == value and (value is None or type(as_of("as_of", value)) is int)


@pytest.mark.parametrize("value", ["2015", 2015.0, True, 1815, 20155, __import__("datetime").date(2015, 12, 31)])
def test_as_of_refuses_texts_dates_floats_and_far_years_by_name(value):
    from ipdata.core.checks import as_of

    with pytest.raises(ValueError, match=r"^as_of must be None or a year \(a whole number\) from 1900 to 2100, got"):
        as_of("as_of", value)


def test_a_text_that_looks_like_a_number_is_told_so():
    from ipdata.core.checks import as_of

    with pytest.raises(ValueError, match=r"got '2015' \(a text, not a number: write it without quotes\)"):
        as_of("as_of", "2015")


def test_paths_are_bounded_and_seeds_are_what_numpy_takes():
    from ipdata.core.checks import MAX_PATHS, n_paths, seed

    assert n_paths("n_paths", 1) == 1 and n_paths("n_paths", np.int64(MAX_PATHS)) == MAX_PATHS
    for bad in (0, -5, MAX_PATHS + 1, 2.0, True):
        with pytest.raises(ValueError, match=f"n_paths must be a whole number of paths from 1 to {MAX_PATHS}"):
            n_paths("n_paths", bad)
    assert seed("seed", 0) == 0 and seed("seed", 2**70) == 2**70  # numpy.random.default_rng takes any size
    np.random.default_rng(seed("seed", 2**70))
    for bad in (-1, 1.5, "0", None, False):
        with pytest.raises(ValueError, match=r"seed must be a whole number \(a random seed\)"):
            seed("seed", bad)
    with pytest.raises(ForecastError, match="seed"):
        seed("seed", -1, error=ForecastError)


@pytest.mark.parametrize("value", [3, 2.5, np.float32(0.5), np.int64(-4), __import__("fractions").Fraction(1, 3)])
def test_real_numbers(value):
    from ipdata.core.checks import real

    assert real("current", value) == pytest.approx(float(value))


@pytest.mark.parametrize("value", [complex(1, 2), "3", True, None, float("nan"), float("inf"), [1.0], np.bool_(True)])
def test_complex_texts_bools_and_non_finite_values_are_not_real(value):
    from ipdata.core.checks import real

    with pytest.raises(ValueError, match=r"^current must be a real, finite number, got "):
        real("current", value)


def test_a_series_of_real_numbers_passes_and_anything_else_is_named_with_its_date():
    import pandas as pd

    from ipdata.core.checks import real_values

    idx = [2015, 2016, 2017]
    for ok in (pd.Series([1.0, 2, 3], index=idx), pd.Series([1, 2, 3], index=idx, dtype="Int64"), np.arange(1, 4)):
        assert real_values("series", ok).tolist() == [1.0, 2.0, 3.0]
    assert real_values("series", pd.Series([1.0, 2, 3], index=idx, dtype=object)).dtype == float
    cases = [
        (pd.Series([1 + 2j, 2, 3], index=idx), r", got complex128 values"),
        (pd.Series([True, False, True], index=idx), r", got bool values"),
        (pd.Series(["1", "2", "3"], index=idx), r"'1' at 2015 is a str, not a number"),
        (pd.Series([1.0, [2, 3], 4.0], index=idx), r"\[2, 3\] at 2016 is a list, not a number"),
        (pd.Series([1.0, complex(1, 2), 4.0], index=idx, dtype=object), r"at 2016 is a complex"),
        (pd.Series([1.0, np.nan, np.nan], index=idx), r"missing values at 2016, 2017 \(drop them first\)"),
        (pd.Series([1.0, None, 3.0], index=idx, dtype=object), r"missing values at 2016"),
        (pd.Series([1.0, 2.0, np.inf], index=idx), r"infinite values at 2017"),
        (np.array([1.0, np.inf]), r"infinite values at 1"),
    ]
    for values, message in cases:
        with pytest.raises(ValueError, match=r"^series must hold real, finite numbers only.*" + message):
            real_values("series", values)
