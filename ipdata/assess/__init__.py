"""Layer 4, judging targets: probability, projection, progress and status; plan summaries and hindcasts."""

from __future__ import annotations

from .hindcasts import plan_backtest, plan_backtest_summary
from .rankings import region_ranks
from .status import STATUSES, TONE, probability_status
from .summaries import PlanSummary, plan_summary
from .target_setting import attainable, required_growth
from .targets import TargetAssessment, assess, assess_targets, assessment_table, progress_ratio

__all__ = [
    "PlanSummary",
    "STATUSES",
    "TONE",
    "TargetAssessment",
    "assess",
    "assess_targets",
    "assessment_table",
    "attainable",
    "plan_backtest",
    "plan_backtest_summary",
    "plan_summary",
    "probability_status",
    "progress_ratio",
    "region_ranks",
    "required_growth",
]
