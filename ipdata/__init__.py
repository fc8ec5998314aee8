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

Importing is cheap: pandas, NumPy, the tables and the engine behind ``assess`` and ``forecast``;
every other name loads its module the first time it is used (``__getattr__``, PEP 562), and statsmodels,
scipy and matplotlib load only when a forecast, backtest or figure needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as type checkers and editors see them; at run time they load on first use
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

# ``assess`` and ``forecast`` are both subpackages and functions: imported now, so the functions are what
# ``ipdata.assess`` and ``ipdata.forecast`` name (a later import of ``ipdata.assess.x`` would otherwise leave the
# subpackage there)
from .assess.targets import assess  # noqa: E402
from .forecast.engine import forecast, simulate  # noqa: E402

# public name -> the module that holds it ("#module": the name is that module): loaded on first use (PEP 562), so
# ``import ipdata`` costs little more than pandas and a script that reads tables never loads extract or deliver
_EXPORTS: dict[str, str] = {
    "plan_backtest": ".assess.hindcasts",
    "plan_backtest_summary": ".assess.hindcasts",
    "region_ranks": ".assess.rankings",
    "attainable": ".assess.target_setting",
    "required_growth": ".assess.target_setting",
    "TargetAssessment": ".assess.targets",
    "assess_targets": ".assess.targets",
    "assessment_table": ".assess.targets",
    "progress_ratio": ".assess.targets",
    "read_observations": ".catalog.observation_files",
    "read_plan": ".catalog.plan_files",
    "validate_datapackage": ".catalog.schema",
    "Plan": ".catalog.tables",
    "indicators": ".catalog.tables",
    "plan_scope": ".catalog.tables",
    "plan_title": ".catalog.tables",
    "plans": ".catalog.tables",
    "regions": ".catalog.tables",
    "resolve_indicator": ".catalog.tables",
    "resolve_plan": ".catalog.tables",
    "resolve_region": ".catalog.tables",
    "targets": ".catalog.tables",
    "AmbiguousScopeError": ".core.errors",
    "DataValidationError": ".core.errors",
    "ForecastError": ".core.errors",
    "Problem": ".core.errors",
    "UnknownIdError": ".core.errors",
    "Reason": ".core.words",
    "reason_words": ".core.words",
    "write_draft": ".deliver.drafts",
    "write_template": ".deliver.plan_template",
    "extract_targets": ".extract.targets",
    "backtest": ".forecast.backtest#module",
    "observations": ".observed.observations",
    "provenance": ".observed.observations",
    "series": ".observed.observations",
    "assess_all": ".run.batch",
    "figures": ".views.figures#module",
    "heading": ".views.tables",
    "page_text": ".views.tables",
    "reader_table": ".views.tables",
    "Trajectory": ".views.trajectories",
    "trajectory": ".views.trajectories",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for (then kept in this module)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("ipdata")  # the one source is pyproject.toml's [project] version
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0+unknown"
    elif name in _EXPORTS:
        where = _EXPORTS[name]
        if where.endswith("#module"):
            value = importlib.import_module(where.removesuffix("#module"), __name__)
        else:
            value = getattr(importlib.import_module(where, __name__), name)
    else:
        raise AttributeError(f"module 'ipdata' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
