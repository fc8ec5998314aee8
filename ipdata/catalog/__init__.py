"""Layer 1, what ipdata knows: the bundled plans, regions, indicators and targets, and an analyst's files.

``ipdata.catalog.targets(...)``, ``plans()``, ``regions()``, ``indicators()`` read the bundled tables (with an
analyst's plan in scope, its rows too); :func:`read_plan` and :func:`read_observations` validate an analyst's
plan workbook and observations file; :func:`validate_datapackage` checks the tables against ``datapackage.json``.
"""

from __future__ import annotations

from .observation_files import read_observations
from .plan_files import is_plan_file, read_plan
from .schema import validate_datapackage
from .tables import (
    PERIOD_KINDS,
    RELATIVE_KINDS,
    SINGLE_YEAR_KINDS,
    VALUE_KINDS,
    Plan,
    document_title,
    goal_value,
    indicators,
    plan_in_scope,
    plan_scope,
    plan_title,
    plans,
    regions,
    resolve_indicator,
    resolve_plan,
    resolve_region,
    table,
    target_problems,
    targets,
)

__all__ = [
    "PERIOD_KINDS",
    "Plan",
    "RELATIVE_KINDS",
    "SINGLE_YEAR_KINDS",
    "VALUE_KINDS",
    "document_title",
    "goal_value",
    "indicators",
    "is_plan_file",
    "plan_in_scope",
    "plan_scope",
    "plan_title",
    "plans",
    "read_observations",
    "read_plan",
    "regions",
    "resolve_indicator",
    "resolve_plan",
    "resolve_region",
    "table",
    "target_problems",
    "targets",
    "validate_datapackage",
]
