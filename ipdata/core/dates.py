"""Observation dates: the forms they take, and how they become points in time.

Dates are written ``YYYY`` (a year, or the year-end value of a stock), ``YYYY-MM`` (a monthly
snapshot, e.g. CNIPA's end-of-September count) or ``YYYY/YYYY`` (a total over a period). The rules
that turn them into time live here once:

* a ``YYYY`` value counts as December of that year (:func:`year_end_month`);
* on the time axis December sits at the integer year and other months before it, so an
  end-of-September value is 0.25 years before year end (:func:`to_years`);
* the last whole observed year of a series is the year of its last point if that point is a year end,
  else the year before (:func:`last_whole_year`).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .errors import ForecastError

__all__ = [
    "ANNUAL",
    "MONTHLY",
    "PERIOD",
    "date_key",
    "is_period_total",
    "last_whole_year",
    "to_years",
    "whole_years_reached",
    "year_times",
    "year_end_month",
    "year_of",
]

# ASCII digits only: \d would also match full-width ２０１９, which int() reads but string keys do not equal
ANNUAL = re.compile(r"^[0-9]{4}$")
MONTHLY = re.compile(r"^[0-9]{4}-[0-9]{2}$")
PERIOD = re.compile(r"^[0-9]{4}/[0-9]{4}$")


def year_of(date: str) -> int | None:
    """The year of a ``YYYY`` or ``YYYY-MM`` text, or None when it does not start with four digits."""
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else None


def year_end_month(date: str) -> str:
    """``YYYY-MM`` of a date string: a bare year counts as its December (the year-end value)."""
    return date if len(date) > 4 else f"{date}-12"


def date_key(date: str) -> str:
    """The date that identifies a point: ``YYYY-MM`` (a year as its December), a period total as written."""
    return date if is_period_total(date) else year_end_month(date)


def is_period_total(date: str) -> bool:
    """True for a ``YYYY/YYYY`` period total, which is not a point of a series."""
    return "/" in date


def year_times(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The series' (possibly fractional) year-end times and its values, as arrays, checked.

    Int years stay as they are; a monthly ``PeriodIndex`` becomes ``year + (month - 12) / 12`` so a
    December value sits at the integer year (year end) and an end-of-September value 0.25 before.
    Arrays, not a Series: what needs only the times (:func:`last_whole_year`) skips building an index,
    which was most of the conversion's cost in a batch of 60,000 series.

    Raises:
        ForecastError: NaN values, duplicate or unsorted dates, or an unsupported index.
    """
    if not isinstance(series, pd.Series):
        raise ForecastError(f"series must be a pandas Series, got {type(series).__name__}")
    idx = series.index
    if isinstance(idx, pd.PeriodIndex):
        t = np.array([p.year + (p.month - 12) / 12 for p in idx.asfreq("M")], dtype=float)
    elif pd.api.types.is_integer_dtype(idx) or (
        pd.api.types.is_float_dtype(idx) and all(float(x).is_integer() for x in idx)
    ):
        t = np.asarray(idx, dtype=float)
    else:
        raise ForecastError("series index must be int years or a monthly PeriodIndex (as returned by ipdata.series)")
    values = np.asarray(series, dtype=float)
    if np.isnan(values).any():
        raise ForecastError(f"series has missing values at {list(series.index[np.isnan(values)])}; drop them first")
    if np.isinf(values).any():
        raise ForecastError(f"series has infinite values at {list(series.index[np.isinf(values)])}")
    if np.any(np.diff(t) <= 0):  # the cheap test first: a batch calls this a few times for each of 60,000 series
        if len(np.unique(t)) != len(t):
            raise ForecastError("series has duplicate dates")
        raise ForecastError("series dates are not sorted in increasing order; sort_index() it first")
    return t, values


def to_years(series: pd.Series) -> pd.Series:
    """Return the series indexed by (possibly fractional) year-end time (:func:`year_times`).

    Raises:
        ForecastError: NaN values, duplicate or unsorted dates, or an unsupported index.
    """
    t, values = year_times(series)
    return pd.Series(values, index=pd.Index(t, dtype=float, copy=False), name=series.name)


def whole_years_reached(t: float) -> int:
    """The last year whose year end the time ``t`` (a :func:`to_years` time) has reached."""
    return int(math.floor(t + 1e-9))


def last_whole_year(series: pd.Series) -> int:
    """The last year whose year end the series has reached (forecast years start after it)."""
    t, _ = year_times(series)
    if not len(t):
        raise IndexError("an empty series has no last year")
    return whole_years_reached(float(t[-1]))
