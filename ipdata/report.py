"""The main job: write the reports for the bundled plans.

Every target of every chosen plan with the latest observed value of its indicator and its source
(``targets_latest.csv``), the assessment of every target (``assessment.csv``: probability,
projection, progress, or the reason it cannot be assessed) and a per-plan ``summary.json``.
Files are written atomically and are byte-for-byte reproducible (sorted rows, fixed float
formatting, fixed random seed, no timestamps).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .catalog import observations, plans, resolve_plan, targets
from .io import write_atomic

__all__ = ["latest_observations", "write_report"]


def latest_observations(extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """Targets joined to the latest point observation (preferred row) of their region x indicator.

    Args:
        extra: Analyst observations (from :func:`ipdata.read_observations`) to include.

    Returns:
        One row per target; ``latest_*`` columns are empty where no observation exists
        (targets without data are listed, not dropped).
    """
    obs = observations(extra=extra)
    obs = obs[obs["preferred"] & ~obs["date"].str.contains("/")]
    # sort key: year-end 'YYYY' sorts as 'YYYY-12' so monthly snapshots order correctly
    obs = obs.assign(_key=obs["date"].where(obs["date"].str.len() > 4, obs["date"] + "-12"))
    latest = (obs.sort_values(["region_id", "indicator_id", "scope", "_key"])
                 .groupby(["region_id", "indicator_id"], as_index=False).tail(1))
    latest = latest.rename(columns={"date": "latest_date", "value": "latest_value", "status": "latest_status",
                                    "scope": "latest_scope"})
    latest["latest_source"] = latest["source_url"].where(latest["source_url"] != "", latest["source_file"])
    cols = ["region_id", "indicator_id", "latest_scope", "latest_date", "latest_value", "latest_status", "latest_source"]
    return targets().merge(latest[cols], on=["region_id", "indicator_id"], how="left")


def write_report(out_dir: str | Path = "reports", plan: list[str] | None = None) -> list[Path]:
    """Write ``targets_latest.csv``, ``assessment.csv`` and ``summary.json`` for the chosen plans.

    Args:
        out_dir: Output folder (created if needed).
        plan: Plan ids or titles; default every bundled plan.

    Returns:
        Paths written.
    """
    out = Path(out_dir)
    plan_ids = [resolve_plan(p) for p in plan] if plan else plans()["plan_id"].tolist()
    table = latest_observations()
    table = table[table["plan_id"].isin(plan_ids)].sort_values("target_id")
    from .assessment import assess

    assessed = pd.concat([assess(plan=pid) for pid in plan_ids], ignore_index=True).sort_values("target_id")
    csv_path, json_path, assess_path = out / "targets_latest.csv", out / "summary.json", out / "assessment.csv"
    write_atomic(csv_path, table.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8"))
    write_atomic(assess_path, assessed.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8"))
    summary = {}
    for pid in plan_ids:
        mine = assessed[assessed["plan_id"] == pid]
        summary[pid] = {
            "targets": int((table["plan_id"] == pid).sum()),
            "targets_with_observations": int(((table["plan_id"] == pid) & table["latest_value"].notna()).sum()),
            "targets_assessed": int(mine["assessable"].sum()),
            "status_counts": {k: int(v) for k, v in mine["status"].dropna().value_counts().sort_index().items()},
        }
    write_atomic(json_path, (json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return [csv_path, assess_path, json_path]
