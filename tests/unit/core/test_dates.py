"""ipdata.core.dates: the one place the date rules live (a bare year is its December; December is the integer year)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ipdata.core.dates import ANNUAL, MONTHLY, PERIOD, is_period_total, last_whole_year, to_years, year_end_month
from ipdata.core.errors import ForecastError


@pytest.mark.parametrize(
    ("date", "month"),
    [("2015", "2015-12"), ("2014-09", "2014-09"), ("2016-12", "2016-12"), ("2012-03", "2012-03")],
)
def test_a_bare_year_counts_as_december(date, month):
    assert year_end_month(date) == month


@pytest.mark.parametrize(
    ("date", "annual", "monthly", "period"),
    [
        ("2015", True, False, False),
        ("2015-09", False, True, False),
        ("2011/2015", False, False, True),
        ("15", False, False, False),
        ("2015-9", False, False, False),
    ],
)
def test_date_forms(date, annual, monthly, period):
    assert bool(ANNUAL.fullmatch(date)) is annual
    assert bool(MONTHLY.fullmatch(date)) is monthly
    assert bool(PERIOD.fullmatch(date)) is period
    assert is_period_total(date) is period


def test_december_sits_at_the_integer_year_and_september_a_quarter_before():
    s = pd.Series([1.0, 2.0, 3.0], index=pd.PeriodIndex(["2014-09", "2014-12", "2015-12"], freq="M"), name="x")
    t = to_years(s)
    assert list(t.index) == [pytest.approx(2013.75), 2014.0, 2015.0]
    assert list(t) == [1.0, 2.0, 3.0] and t.name == "x"


def test_year_end_month_and_to_years_agree():
    """A bare year, put at its December, lands on the integer year."""
    s = pd.Series([1.0], index=pd.PeriodIndex([year_end_month("2015")], freq="M"))
    assert list(to_years(s).index) == [2015.0]


def test_int_years_stay_as_they_are():
    s = pd.Series([1.0, 2.0], index=[2015, 2016])
    assert list(to_years(s).index) == [2015.0, 2016.0]
    whole_floats = pd.Series([1.0, 2.0], index=[2015.0, 2016.0])
    assert list(to_years(whole_floats).index) == [2015.0, 2016.0]


@pytest.mark.parametrize(
    ("series", "message"),
    [
        (pd.Series([1.0, np.nan], index=[2015, 2016]), "missing values"),
        (pd.Series([1.0, 2.0], index=[2016, 2016]), "duplicate"),
        (pd.Series([1.0, 2.0], index=[2016, 2015]), "not sorted"),
        (pd.Series([1.0, 2.0], index=pd.PeriodIndex(["2015-12", "2015-12"], freq="M")), "duplicate"),
        (pd.Series([1.0, 2.0], index=pd.PeriodIndex(["2015-12", "2015-09"], freq="M")), "not sorted"),
        (pd.Series([1.0, 2.0], index=[2015.5, 2016.5]), "index must be"),
        (pd.Series([1.0, 2.0], index=["a", "b"]), "index must be"),
    ],
)
def test_to_years_rejects(series, message):
    with pytest.raises(ForecastError, match=message):
        to_years(series)


def test_to_years_wants_a_series():
    with pytest.raises(ForecastError, match="pandas Series"):
        to_years(np.array([1.0, 2.0]))


@pytest.mark.parametrize(
    ("index", "year"),
    [
        (pd.PeriodIndex(["2014-12", "2015-12", "2016-09"], freq="M"), 2015),
        (pd.PeriodIndex(["2014-12", "2015-12", "2016-12"], freq="M"), 2016),
        (pd.PeriodIndex(["2015-12", "2016-01"], freq="M"), 2015),
        (pd.Index([2014, 2015, 2016]), 2016),
    ],
)
def test_last_whole_year(index, year):
    assert last_whole_year(pd.Series(np.arange(1.0, len(index) + 1), index=index)) == year
