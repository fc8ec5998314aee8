"""The run-wide tables of a report: ``targets_latest.csv``, ``assessment.csv`` and ``summary.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..assess.summaries import plan_summary
from ..assess.targets import TargetAssessment, assess_targets, assessment_table
from ..catalog.tables import Plan, plan_scope
from ..core.writing import write_atomic, write_table
from ..observed.observations import ObservationsInput, latest_observations, observation_set
from .jobs import PlanChoice, _plan_id

__all__ = ["write_tables"]


def write_tables(
    out_dir: str | Path, plan_ids: list[PlanChoice], observations: ObservationsInput = None
) -> tuple[list[Path], pd.DataFrame, dict[str, list[TargetAssessment]]]:
    """Write ``targets_latest.csv``, ``assessment.csv`` and ``summary.json`` for the plans.

    Returns:
        The paths written and the assessment table (one row per target of the plans).
    """
    out = Path(out_dir)
    if not any(isinstance(p, Plan) for p in plan_ids):
        observations = observation_set(observations)  # read once for both tables and every plan
    latest, results = [], {}
    for plan in plan_ids:
        with plan_scope(plan) as pid:
            plan_obs = observation_set(observations)  # an analyst's plan: with its observations, its regions known
            rows = latest_observations(plan_obs)
            latest.append(rows[rows["plan_id"] == pid])
            results[str(pid)] = assess_targets(plan=pid, observations=plan_obs)
    table = pd.concat(latest, ignore_index=True).sort_values("target_id")
    assessed = pd.concat([assessment_table(r) for r in results.values()], ignore_index=True).sort_values("target_id")
    csv_path, json_path, assess_path = out / "targets_latest.csv", out / "summary.json", out / "assessment.csv"
    write_table(csv_path, table, "%.10g")
    write_table(assess_path, assessed, "%.6g")
    summary = {}
    for pid in map(_plan_id, plan_ids):
        counted = plan_summary(assessed[assessed["plan_id"] == pid])  # the one count, as index.html shows it
        summary[pid] = {
            "targets": counted.targets,
            "targets_with_observations": int(((table["plan_id"] == pid) & table["latest_value"].notna()).sum()),
            "targets_assessed": counted.assessed,
            "status_counts": counted.status_counts,
        }
    write_atomic(json_path, (json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return [csv_path, assess_path, json_path], assessed, results
