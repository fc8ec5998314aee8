"""ipdata: targets of Chinese regional IP plans, the observations to judge them, with sources.

Quick start::

    import ipdata
    ipdata.targets(plan="jiaxing_13fyp")                 # every target with its Chinese quote
    s = ipdata.series("嘉兴", "每万人发明专利拥有量")         # pandas Series, provenance in s.attrs
    mine = ipdata.read_observations("my_city.csv")        # an analyst's own numbers, validated
    ipdata.series("jiaxing", "invention_grants", observations=mine)
    p = ipdata.read_plan("my_plan.xlsx")                  # an analyst's own plan (`ipdata template` writes one)
    ipdata.assess(plan=p)                                 # every verb takes it as plan=

    ipdata.forecast(s, horizon=5)                         # mean, median, 80%/95% intervals
    ipdata.assess(plan="jiaxing_13fyp")                   # probability, projection, progress per target
    ipdata.trajectory(target_id="st13-03").sentence()     # history + forecast + target, as a memo sentence
    ipdata.assess_all()                                   # every target and every series, one tidy table

Layers (each imports only from those below it; ``tests/unit/test_layers.py`` checks it):

=============  ==========================================================================================
orchestration  ``cli``, ``report``, ``batch``, ``executors``, ``manifests``, ``publishing``
views          ``trajectories``, ``figures``, ``plan_templates``, ``completion_tables``, ``evaluation_documents``
assessment     ``assessment``, ``plan_backtests``, ``plan_summaries``, ``target_setting``, ``rankings``
evaluation     ``backtest``, ``outside``
forecasting    ``calibration``, ``forecasting``
observed       ``history``
bundled data   ``catalog``, ``user_observations``, ``plan_files``, ``datapackage``, ``build_data``
base           ``errors``, ``files``, ``dates``, ``wording``, ``sheets``
=============  ==========================================================================================

Importing is cheap: pandas only. statsmodels, scipy and matplotlib are imported when a forecast,
backtest or figure needs them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .assessment import TargetAssessment, assess, assess_targets, assessment_table, progress_ratio
from .batch import assess_all
from .catalog import (
    Plan,
    indicators,
    plan_scope,
    plan_title,
    plans,
    regions,
    resolve_indicator,
    resolve_plan,
    resolve_region,
    targets,
)
from .datapackage import validate_datapackage
from .errors import AmbiguousScopeError, DataValidationError, ForecastError, Problem, UnknownIdError
from .forecasting import forecast, simulate
from .history import observations, provenance, series
from .plan_backtests import plan_backtest, plan_backtest_summary
from .plan_files import read_plan
from .plan_templates import write_template
from .rankings import region_ranks
from .target_setting import attainable, required_growth
from .trajectories import Trajectory, trajectory
from .user_observations import read_observations
from .wording import Reason

try:
    __version__ = version("ipdata")  # the one source is pyproject.toml's [project] version
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"


__all__ = [
    "AmbiguousScopeError",
    "DataValidationError",
    "ForecastError",
    "Plan",
    "Problem",
    "Reason",
    "TargetAssessment",
    "Trajectory",
    "UnknownIdError",
    "__version__",
    "assess",
    "assess_all",
    "assess_targets",
    "assessment_table",
    "attainable",
    "forecast",
    "indicators",
    "observations",
    "plan_backtest",
    "plan_backtest_summary",
    "plan_scope",
    "plan_title",
    "plans",
    "progress_ratio",
    "provenance",
    "read_observations",
    "read_plan",
    "region_ranks",
    "regions",
    "resolve_indicator",
    "resolve_plan",
    "required_growth",
    "resolve_region",
    "series",
    "simulate",
    "targets",
    "trajectory",
    "validate_datapackage",
    "write_template",
]
