"""What-if and target setting: the growth a target needs to be likely, and the values a year can likely reach.

A planner drafting the next five-year plan (2026–2030) asks two questions the assessment answers only
indirectly. "What yearly growth would make this target 80 % likely?" (more than the growth that merely
reaches it, because the future is uncertain), and "what value can we set for 2030 that is ambitious and
still likely?". Both come from the same predictive distribution the assessment uses
(:func:`ipdata.assess.targets.distribution_for_target`), so the answers agree with the probabilities a report shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..catalog.tables import SINGLE_YEAR_KINDS, Plan, goal_value, indicators, plan_scope, targets
from ..core import checks
from ..core.dates import last_whole_year
from ..core.errors import ForecastError
from ..forecast import engine as fc
from ..observed.observations import ObservationsInput, check_observations, cut_as_of, year_end_points
from .targets import TargetAssessment, assess_target, check_target, distribution_for_target

__all__ = ["attainable", "required_growth"]


def required_growth(
    target: str | pd.Series,
    probability: float = 0.8,
    *,
    as_of: int | None = None,
    observations: ObservationsInput = None,
    plan: str | Plan | None = None,
    assessed: TargetAssessment | None = None,
) -> pd.Series:
    """The yearly growth from the latest value that reaches a target, and the growth that makes it that likely.

    The second is the growth of the central path (the forecast median) whose distribution, with the
    forecast's own spread, meets the target with that probability: the distribution is moved on its
    model scale until P(meeting the target) = ``probability``. It is larger than the first for an
    increasing target (smaller for an ``at_most`` one), the more so the more uncertain the series.

    Args:
        target: A target id, or a row of :func:`ipdata.targets` (a level, flow, count or share target).
        probability: The chance of meeting the target asked for (0.8: "likely").
        as_of: Use only observations up to this year: None or a whole year from 1900 to 2100 (not a text or a date:
            observations are cut at year ends).
        observations: An analyst's observations (path or DataFrame).
        plan: The analyst's plan the target belongs to (:func:`ipdata.read_plan`).
        assessed: The target already judged (from :func:`ipdata.assess_targets`, same ``as_of`` and
            ``observations``): its fit is used, nothing is fitted again.

    Returns:
        Series with ``last_year``, ``last_value``, ``target_year``, ``goal``, ``reach_growth`` (CAGR that merely
        reaches the goal), ``probability`` (asked for), ``growth_for_probability``, ``median_growth`` (the
        forecast's own) and ``current_probability``.

    Raises:
        ValueError: a probability outside (0, 1), an ``as_of`` that is not None or a year, an empty observations
            table, an unknown target id, a goal that is not a real, finite number, a kind without a single target
            year (cumulative, growth-rate, relative), an ``about`` target (a band), or a target the data cannot
            assess (the reason is given).
        ForecastError: a goal the model scale cannot take (0 on the log scale).
    """
    p = checks.probability("probability", probability)
    checks.as_of("as_of", as_of)  # checked here too: an ``assessed`` target skips assess_target's checks
    check_observations(observations)
    with plan_scope(plan) as plan_id:
        t = check_target(_target(target, plan_id))
        if t["kind"] not in SINGLE_YEAR_KINDS:
            raise ValueError(f"{t['target_id']}: a {t['kind']} target has no single target-year value to grow to")
        if t["comparator"] == "about":
            raise ValueError(f"{t['target_id']}: an 'about' target is a band (±5 %), not a value to grow past")
        judged = assessed if assessed is not None else assess_target(t, as_of=as_of, observations=observations)
        if judged.history is None or judged.reason is not None or judged.forecast is None:
            why = judged.reason or "its outcome is already observed"
            raise ValueError(f"{t['target_id']}: cannot say what growth it needs: {why}")
        dist, annual = judged.forecast, year_end_points(judged.history)
    last_year, last_value = int(annual.index[-1]), float(annual.iloc[-1])
    year, goal = int(t["target_year"]), goal_value(t)
    k = dist.years.index(year)
    at_most = t["comparator"] == "at_most"
    # the value the distribution must put at its (1 - p) quantile (at_most: its p quantile) is the goal
    q_now = float(dist.quantiles([p if at_most else 1 - p])[0, k])
    median = float(dist.quantiles([0.5])[0, k])
    shift = fc.to_scale(np.array([goal]), dist.scale)[0] - fc.to_scale(np.array([q_now]), dist.scale)[0]
    needed = float(fc.from_scale(fc.to_scale(np.array([median]), dist.scale) + shift, dist.scale)[0])
    years = year - last_year
    current = 1 - dist.cdf(year, goal) if not at_most else dist.cdf(year, goal)
    return pd.Series(
        {
            "target_id": t["target_id"],
            "last_year": last_year,
            "last_value": last_value,
            "target_year": year,
            "goal": goal,
            "reach_growth": (goal / last_value) ** (1 / years) - 1,
            "probability": p,
            "growth_for_probability": (needed / last_value) ** (1 / years) - 1,
            "median_growth": (median / last_value) ** (1 / years) - 1,
            "current_probability": float(current),
        },
        name=t["target_id"],
    )


def _target(target: str | pd.Series, plan_id: str | None) -> pd.Series:
    if isinstance(target, pd.Series):
        return target
    rows = targets(plan=plan_id)
    rows = rows[rows["target_id"] == target]
    if rows.empty:
        raise ValueError(f"target {target!r} is not in the targets table (see ipdata.targets())")
    return rows.iloc[0]


def attainable(
    series: pd.Series,
    year: int,
    probabilities: Sequence[float] = (0.5, 0.8, 0.95),
    *,
    plan: Plan | None = None,
) -> pd.Series:
    """The values ``series`` reaches by ``year`` with each probability: the ambitious-but-likely target levels.

    For an indicator where more is better, the value reached with probability 0.8 is the forecast's
    20 % quantile (80 % of futures end above it); where less is better (``direction`` decrease), its
    80 % quantile. Short series borrow volatility as an assessment does.

    Args:
        series: From :func:`ipdata.series` (its ``attrs`` name the region and indicator).
        year: A year after the series' last whole year (e.g. 2030 for the 15th five-year plan).
        probabilities: The chances asked for, each in (0, 1).
        plan: The analyst's plan the series' region or indicator belongs to (:func:`ipdata.read_plan`).

    Returns:
        Values indexed by probability (name ``probability``), in the series' unit; ``attrs`` holds the
        region, indicator, unit, last year and value, and the forecast's models.

    Raises:
        ValueError: a probability outside (0, 1), or ``year`` not a year after the last whole year.
        ForecastError: too few points to forecast, or values that are not real, finite numbers.
    """
    probs = [checks.probability("each probability", p) for p in probabilities]
    region, indicator = getattr(series, "attrs", {}).get("region"), getattr(series, "attrs", {}).get("indicator")
    if not region or not indicator:
        raise ValueError("series must come from ipdata.series (its attrs name the region and indicator)")
    checks.real_values("series", series, error=ForecastError)
    last = last_whole_year(series)
    year = checks.year("year", year)
    if year <= last:
        raise ValueError(f"year must be a whole year after the series' last whole year {last}, got {year!r}")
    if len(series) < 2:
        raise ForecastError("two or more points are needed to say what a year can reach")
    with plan_scope(plan):
        direction = indicators().set_index("indicator_id").loc[indicator, "direction"]
        dist = distribution_for_target(cut_as_of(series, None), region, indicator, year)
    k = dist.years.index(year)
    levels = [p if direction == "decrease" else 1 - p for p in probs]
    values = dist.quantiles(levels)[:, k]
    out = pd.Series(values, index=pd.Index(probs, name="probability"), name=f"attainable_{year}")
    annual = year_end_points(series)
    out.attrs = {
        "region": region,
        "indicator": indicator,
        "unit": series.attrs.get("unit", ""),
        "year": year,
        "last_year": int(annual.index[-1]) if len(annual) else None,
        "last_value": float(annual.iloc[-1]) if len(annual) else math.nan,
        "models": list(dist.models),
    }
    return out
