"""ipdata: targets of Chinese regional IP plans, the observations to judge them, with sources.

Quick start::

    import ipdata
    ipdata.targets(plan="jiaxing_13fyp")              # every target with its Chinese quote
    s = ipdata.series("嘉兴", "每万人发明专利拥有量")      # pandas Series, sources in s.attrs
    mine = ipdata.read_observations("my_city.csv")     # an analyst's own numbers, validated
    ipdata.series("jiaxing", "invention_grants", extra=mine)

    ipdata.forecast(s, horizon=5)                      # mean, median, 80%/95% intervals
    ipdata.assess(plan="jiaxing_13fyp")                # probability, projection, progress per target
    ipdata.trajectory(target_id="st13-03").sentence()  # history + forecast + target, as a memo sentence

Importing is cheap: pandas only. statsmodels, scipy and matplotlib are imported when a forecast,
backtest or figure needs them.
"""

from __future__ import annotations

from .catalog import (
    indicators,
    observations,
    plans,
    regions,
    resolve_indicator,
    resolve_plan,
    resolve_region,
    series,
    targets,
)
from .errors import DataValidationError, Problem, UnknownIdError
from .assessment import assess, progress_ratio
from .forecasting import ForecastError, forecast, simulate
from .schema import validate_datapackage
from .trajectory import Trajectory, trajectory
from .userdata import read_observations

__version__ = "0.1.0"


__all__ = [
    "DataValidationError",
    "ForecastError",
    "Trajectory",
    "Problem",
    "UnknownIdError",
    "__version__",
    "assess",
    "forecast",
    "indicators",
    "observations",
    "plans",
    "progress_ratio",
    "read_observations",
    "regions",
    "resolve_indicator",
    "resolve_plan",
    "resolve_region",
    "series",
    "simulate",
    "targets",
    "trajectory",
    "validate_datapackage",
]
