"""The committed figure set (``figures/``), drawn without kernels by the functions the report notebooks call."""

from __future__ import annotations

from pathlib import Path

from ..assess.hindcasts import plan_backtest
from ..assess.rankings import region_ranks
from ..assess.targets import assess_targets, assessment_table
from ..catalog.tables import plans, resolve_plan
from ..forecast.backtest import pooled_metrics
from ..views.figures import (
    write_backtest_figures,
    write_dashboard_figures,
    write_ranking_figures,
    write_trajectory_figures,
)
from ..views.trajectories import trajectory
from .jobs import REGION_INDICATORS, trajectory_targets

__all__ = ["write_figure_set"]


def write_figure_set(out_dir: str | Path = "figures", plan: list[str] | None = None) -> list[Path]:
    """Write the committed figure set directly (no kernels): the figures the report notebooks make.

    Same functions, same parameters, so the bytes equal those in a report's ``figures/`` folder.
    """
    plan_ids = [resolve_plan(p) for p in plan] if plan else plans()["plan_id"].tolist()
    metrics = pooled_metrics()
    written = []
    for pid in plan_ids:
        results = assess_targets(plan=pid)
        written += write_dashboard_figures(results, out_dir)
        written += write_backtest_figures(plan_backtest(pid), metrics, out_dir)
        by_id = {str(r.target["target_id"]): r for r in results}
        for tid in trajectory_targets(assessment_table(results)):  # the plan's own assessments: nothing refitted
            written += write_trajectory_figures(trajectory(assessed=by_id[tid]), out_dir)
    if not plan:  # the cross-region view of a report of every plan
        for indicator in REGION_INDICATORS:
            written += write_ranking_figures(region_ranks(indicator), out_dir)
    return sorted(written)
