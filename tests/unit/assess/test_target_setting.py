"""required_growth and attainable come from the assessment's own distribution, so they agree with it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ipdata
from ipdata.assess.target_setting import attainable, required_growth


def test_the_growth_for_the_current_probability_is_the_forecasts_own():
    now = required_growth("zj13-02", probability=0.5)
    here = required_growth("zj13-02", probability=now["current_probability"])
    assert here["growth_for_probability"] == pytest.approx(here["median_growth"], abs=1e-6)


def test_more_certainty_needs_more_growth():
    growths = [required_growth("zj13-02", probability=p)["growth_for_probability"] for p in (0.5, 0.8, 0.95)]
    assert growths == sorted(growths) and growths[0] < growths[-1]
    row = required_growth("zj13-02")
    assert row["reach_growth"] == pytest.approx(
        (row["goal"] / row["last_value"]) ** (1 / (2020 - row["last_year"])) - 1
    )


def test_the_target_setting_questions_refuse_what_they_cannot_answer():
    with pytest.raises(ValueError, match="between 0 and 1"):
        required_growth("zj13-02", probability=1.2)
    with pytest.raises(ValueError, match="not in the targets table"):
        required_growth("no-such")
    cumulative = ipdata.targets(plan="jiaxing_13fyp").set_index("target_id").loc["jx13-02"]
    assert cumulative["kind"] == "cumulative"
    with pytest.raises(ValueError, match="cumulative target"):
        required_growth("jx13-02")


def test_attainable_values_fall_as_the_probability_rises():
    s = ipdata.series("浙江", "每万人发明专利拥有量")
    values = attainable(s, 2030)
    assert list(values.index) == [0.5, 0.8, 0.95]
    assert values.is_monotonic_decreasing
    assert values.attrs["indicator"] == "invention_patents_per_10k" and values.attrs["year"] == 2030
    with pytest.raises(ValueError, match="after the series' last whole year"):
        attainable(s, 2010)


def test_what_if_never_breaks_on_any_bundled_target():
    """Every target of every plan: a table (numbers where the data allow), never an exception."""
    for r in ipdata.assess_targets():
        table = ipdata.trajectory(assessed=r).what_if()
        assert list(table.columns) == ["growth_needed", "attainable"] and len(table) == 3
        assert table.attrs["year"] is not None or table.isna().all().all()


# issue 23: arguments refused by name (ipdata.core.checks) instead of failing deep in NumPy


@pytest.mark.parametrize("as_of", ["2015", 2015.5, 1815, __import__("datetime").date(2015, 12, 31)])
def test_required_growth_takes_as_of_as_a_year(as_of):
    with pytest.raises(ValueError, match=r"^as_of must be None or a year \(a whole number\) from 1900 to 2100"):
        required_growth("zj13-02", as_of=as_of)  # '2015' was a numpy UFuncTypeError
    assert required_growth("zj13-02", as_of=2017)["last_year"] <= 2017


@pytest.mark.parametrize("value", [complex(1, 2), "17", float("inf"), float("nan")])
def test_required_growth_refuses_a_goal_that_is_not_a_real_finite_number(value):
    row = ipdata.targets().set_index("target_id").loc["zj13-02"].copy()
    row["target_id"], row["value"] = "zj13-02", value
    with pytest.raises(ValueError, match=r"^target zj13-02: value must be a real, finite number, got "):
        required_growth(row)


def test_required_growth_refuses_an_empty_observations_table():
    with pytest.raises(ipdata.DataValidationError, match="^observations: the table has no rows"):
        required_growth("zj13-02", observations=pd.DataFrame())


def test_attainable_takes_real_numbers_and_a_year():
    s = ipdata.series("浙江", "每万人发明专利拥有量")
    with pytest.raises(ipdata.ForecastError, match="series must hold real, finite numbers only"):
        attainable(s.astype(complex), 2030)
    with pytest.raises(ValueError, match=r"year must be a year \(a whole number\)"):
        attainable(s, "2030")
    assert attainable(s, np.int64(2030)).attrs["year"] == 2030  # a NumPy year is a year (was refused)
