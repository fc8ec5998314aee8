"""What a forecast made at each plan's start said about its targets, next to what happened.

The honest test of an assessment is to make it with the data a plan's authors had (observations up
to the plan's baseline year) and compare it with the outcome in the target year. Scored targets give
a Brier score for the probabilities and the coverage of the 80% intervals; with the bundled data no
2020 city outcome is observed yet, so an analyst's own outcomes are what fill this in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog.tables import VALUE_KINDS, Plan, goal_value, plan_scope, plans, resolve_plan
from ..core.errors import AmbiguousScopeError
from ..forecast import engine as fc
from ..observed.observations import ObservationsInput, observation_set, series, year_end_points
from .targets import assess_targets, assessment_table, meets, observed_outcome

__all__ = ["plan_backtest", "plan_backtest_summary", "target_outcome"]


def target_outcome(t: pd.Series, observations: ObservationsInput = None) -> float | None:
    """The observed target-year value of a value target (level, flow, count, share), if the data hold it."""
    if t["kind"] not in VALUE_KINDS:
        return None
    try:
        s = series(t["region_id"], t["indicator_id"], observations=observations)
    except AmbiguousScopeError:
        return None
    return observed_outcome(t, year_end_points(s))


def plan_backtest(
    plan: str | Plan | None = None, observations: ObservationsInput = None, n_paths: int = fc.N_PATHS, seed: int = 0
) -> pd.DataFrame:
    """What a forecast made at each plan's start said about its targets, next to what happened.

    The forecast uses only observations up to the year before the plan period starts (the plan's
    baseline year, e.g. 2015 for a 2016-2020 plan); the outcome is the observed value in the target
    year, when the data (bundled or ``observations``) have it.

    Args:
        plan: Plan id or title (default: every bundled plan), or an analyst's plan from :func:`ipdata.read_plan`.
        observations: An analyst's observations (path or DataFrame), used for both the forecast and the outcome.
        n_paths: Passed to :func:`ipdata.assess`.
        seed: Passed to :func:`ipdata.assess`.

    Returns:
        One row per target: ``target_id``, ``plan_id``, ``region_id``, ``indicator_id``, ``kind``, ``target``,
        ``target_year``, ``as_of``, ``assessable``, ``reason`` (at the plan's start), ``probability``,
        ``projected_value``, ``projected_lower_80``, ``projected_upper_80``, ``actual``, ``met`` (``<NA>``
        without an outcome), ``inside_80`` and ``brier`` (squared error of the probability).
    """
    with plan_scope(plan) as plan_id:
        return _plan_backtest(plan_id, observations, n_paths, seed)


def _plan_backtest(plan: str | None, observations: ObservationsInput, n_paths: int, seed: int) -> pd.DataFrame:
    table = plans()
    if plan is not None:
        table = table[table["plan_id"] == resolve_plan(plan)]
    observations = observation_set(observations)  # read once for every plan and target
    parts = []
    for p in table.itertuples():
        as_of = int(str(p.period_start)[:4]) - 1
        results = assess_targets(
            plan=str(p.plan_id), as_of=as_of, observations=observations, n_paths=n_paths, seed=seed
        )
        before = assessment_table(results)
        forecast_made = before["method"] != "observed"
        outcomes = [target_outcome(r.target, observations) for r in results]
        part = pd.DataFrame(
            {
                "target_id": before["target_id"],
                "plan_id": p.plan_id,
                "region_id": before["region_id"],
                "indicator_id": before["indicator_id"],
                "kind": before["kind"],
                "target": [goal_value(r.target) for r in results],
                "target_year": before["target_year"],
                "as_of": as_of,
                "assessable": before["assessable"],
                "reason": before["reason"],
                "probability": before["probability"].where(forecast_made),
                "projected_value": before["projected_value"].where(forecast_made),
                "projected_lower_80": before["projected_lower_80"],
                "projected_upper_80": before["projected_upper_80"],
            }
        )
        part["actual"] = pd.Series([np.nan if v is None else v for v in outcomes], index=part.index, dtype=float)
        part["met"] = pd.array(
            [None if v is None else bool(meets(np.array([v]), r.target)[0]) for v, r in zip(outcomes, results)],
            dtype="boolean",
        )
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    both = out["actual"].notna() & out["probability"].notna()
    out["inside_80"] = (
        ((out["actual"] >= out["projected_lower_80"]) & (out["actual"] <= out["projected_upper_80"]))
        .where(both)
        .astype("boolean")
    )
    out["brier"] = ((out["probability"] - out["met"].astype(float)) ** 2).where(both)
    return out


def plan_backtest_summary(history: pd.DataFrame) -> pd.Series:
    """Counts, Brier score and 80% coverage over the targets that have both a forecast and an outcome."""
    both = history["actual"].notna() & history["probability"].notna()
    scored = history[both]
    return pd.Series(
        {
            "targets": len(history),
            "forecast_at_start": int(history["probability"].notna().sum()),
            "outcome_observed": int(history["actual"].notna().sum()),
            "scored": int(both.sum()),
            "brier": float(scored["brier"].mean()) if len(scored) else float("nan"),
            "coverage80": float(scored["inside_80"].astype(float).mean()) if len(scored) else float("nan"),
        }
    )
