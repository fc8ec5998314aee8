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

The package is one subpackage per layer, in the order data flows (``core``, ``catalog``, ``extract``, ``observed``,
``forecast``, ``assess``, ``views``, ``deliver``, ``run``; ``cli`` on top); each imports only from those below
it, as declared once in ``pyproject.toml`` (import-linter) and shown in ``docs/architecture.md``.

Importing is cheap: pandas only. statsmodels, scipy and matplotlib are imported when a forecast,
backtest or figure needs them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .assess.hindcasts import plan_backtest, plan_backtest_summary
from .assess.rankings import region_ranks
from .assess.target_setting import attainable, required_growth
from .assess.targets import TargetAssessment, assess, assess_targets, assessment_table, progress_ratio
from .catalog.observation_files import read_observations
from .catalog.plan_files import read_plan
from .catalog.schema import validate_datapackage
from .catalog.tables import (
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
from .core.errors import AmbiguousScopeError, DataValidationError, ForecastError, Problem, UnknownIdError
from .core.words import Reason, reason_words
from .deliver.drafts import write_draft
from .deliver.plan_template import write_template
from .extract.targets import extract_targets
from .forecast import backtest
from .forecast.engine import forecast, simulate
from .observed.observations import observations, provenance, series
from .run.batch import assess_all
from .views import figures
from .views.tables import heading, page_text, reader_table
from .views.trajectories import Trajectory, trajectory

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
    "backtest",
    "extract_targets",
    "figures",
    "forecast",
    "heading",
    "indicators",
    "observations",
    "page_text",
    "plan_backtest",
    "plan_backtest_summary",
    "plan_scope",
    "plan_title",
    "plans",
    "progress_ratio",
    "provenance",
    "read_observations",
    "read_plan",
    "reader_table",
    "reason_words",
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
    "write_draft",
    "write_template",
]
