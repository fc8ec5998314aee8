"""Judge each plan target: will it be (or was it) met, how likely, and by when.

Progress measures follow official monitoring practice:

* Eurostat / Statistics Canada: ratio of the observed compound annual growth rate since the
  baseline to the growth rate required to hit the target, with categories ``target_achieved``,
  ``on_track`` (ratio >= 0.95), ``progress_needs_acceleration`` (0.6-0.95), ``limited_progress``
  (0-0.6) and ``deterioration`` (< 0), for targets that should rise or fall.
* The Chinese mid-term review wording compares task progress with time progress ("时间过半、任务
  过半"): 提前实现 (already met), 快于预期 (task ahead of time by 5 points or more), 基本符合预期
  (within 5 points), 滞后 (behind by more).
* A probability of attainment from the predictive distribution of :mod:`ipdata.forecast.engine` (exact
  for one-year targets, simulated paths where several years combine), with a verbal scale: very
  likely (>= 0.9), likely (>= 0.66), about as likely as not (>= 0.33), unlikely (>= 0.1), very unlikely.

Every target gets a row; targets that cannot be assessed say why in ``reason`` (a
:class:`ipdata.core.words.Reason`, rendered in English in the table). One of those reasons guards the table
against contradicting itself: which way a target asks its indicator to move is read from its comparator alone
(:data:`COMPARATOR_DIRECTION`), and a target asking the opposite of the indicator's desired direction (``at_most``
on an indicator that should grow) is not judged, since its progress words (read in the indicator's direction)
and its probability (read from the comparator) would disagree: 提前实现 beside a probability of 1e-121.
:func:`assess_targets` returns, with each row, the fitted distribution and the points it used, so a
trajectory, a figure or a plan backtest never refits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from ..catalog.tables import (
    COMPARATOR_DIRECTION,
    RELATIVE_KINDS,
    SINGLE_YEAR_KINDS,
    VALUE_KINDS,
    Plan,
    against_direction,
    goal_value,
    indicators,
    plan_in_scope,
    plan_scope,
    plans,
    regions,
    resolve_region,
    series_names,
    targets,
)
from ..core import checks
from ..core.dates import last_whole_year
from ..core.errors import AmbiguousScopeError
from ..core.outputs import ASSESS_MEASURE_COLUMNS, ASSESS_TARGET_COLUMNS
from ..core.words import CN_REVIEW_LABELS, Reason
from ..forecast import engine as fc
from ..observed.observations import (
    ObservationsInput,
    SeriesKey,
    bundled_series,
    check_observations,
    cut_as_of,
    observation_set,
    provenance,
    series,
    year_end_points,
)
from .status import probability_status

__all__ = [
    "COMPARATOR_DIRECTION",
    "TargetAssessment",
    "assess",
    "assess_target",
    "assess_targets",
    "assessment_table",
    "check_target",
    "cn_progress_label",
    "distribution_for_target",
    "fit_for_target",
    "meets",
    "observed_outcome",
    "period_years",
    "review_shares",
    "progress_ratio",
    "simulate_for_target",
    "target_direction",
]

ABOUT_TOLERANCE = 0.05  # 左右: within 5% of the stated value
MARGIN_CN = 0.05
DIRECTIONS = ("increase", "decrease")


def _cagr(v0: float, v1: float, years: float) -> float:
    if v0 <= 0 or v1 <= 0:
        raise ValueError(f"growth rates need positive values, got {v0!r} and {v1!r}")
    if years <= 0:
        raise ValueError(f"the later year must come after the earlier one (got a span of {years} years)")
    return (v1 / v0) ** (1 / years) - 1


def progress_ratio(
    base_year: float,
    base_value: float,
    current_year: float,
    current_value: float,
    target_year: float,
    target: float,
    direction: str = "increase",
) -> tuple[float, str]:
    """Eurostat-style progress: observed growth since the baseline over the growth required.

    Args:
        base_year: Baseline year.
        base_value: Baseline value (> 0).
        current_year: Year of the latest observation (after ``base_year``).
        current_value: Latest value (> 0).
        target_year: Year the target applies to (after ``base_year``).
        target: Target value (> 0).
        direction: ``"increase"`` (higher is better) or ``"decrease"``.

    Returns:
        ``(ratio, category)``; ratio is observed CAGR / required CAGR (``nan`` once achieved or
        when no change was required), category one of ``target_achieved``, ``on_track``,
        ``progress_needs_acceleration``, ``limited_progress``, ``deterioration``.

    Raises:
        ValueError: non-positive values, years out of order, or an unknown direction.
    """
    _check_progress_arguments(base_year, base_value, current_year, current_value, target_year, target, direction)
    achieved = current_value >= target if direction == "increase" else current_value <= target
    if achieved:  # before any growth rate: a decrease target met at 0 has no rate, and needs none
        return float("nan"), "target_achieved"
    observed = _cagr(base_value, current_value, current_year - base_year)
    required = _cagr(base_value, target, target_year - base_year)
    if required == 0:
        return float("nan"), "deterioration"
    ratio = observed / required
    if ratio >= 0.95:
        return ratio, "on_track"
    if ratio >= 0.6:
        return ratio, "progress_needs_acceleration"
    if ratio >= 0:
        return ratio, "limited_progress"
    return ratio, "deterioration"


def _check_progress_arguments(
    base_year: object,
    base_value: object,
    current_year: object,
    current_value: object,
    target_year: object,
    target: object,
    direction: object,
) -> None:
    """The progress measures' arguments, named: real, finite numbers (never complex, text or NaN) and a direction.

    Raises:
        ValueError: the first argument that is not, by name.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'increase' or 'decrease', got {direction!r}")
    for name, value in (
        ("base_year", base_year),
        ("base_value", base_value),
        ("current_year", current_year),
        ("current_value", current_value),
        ("target_year", target_year),
        ("target", target),
    ):
        checks.real(name, value)


def review_shares(
    base_year: float, base_value: float, current_year: float, current_value: float, target_year: float, target: float
) -> tuple[float, float]:
    """任务进度 and 时间进度 of a Chinese plan review: the share of the change done, and of the time gone.

    Task progress is (current − baseline) / (target − baseline) (0 when the target asks for no change);
    time progress is (current year − baseline year) / (target year − baseline year).
    """
    time_share = (current_year - base_year) / (target_year - base_year)
    task_share = (current_value - base_value) / (target - base_value) if target != base_value else 0.0
    return task_share, time_share


def cn_progress_label(
    base_year: float,
    base_value: float,
    current_year: float,
    current_value: float,
    target_year: float,
    target: float,
    direction: str = "increase",
) -> str:
    """Chinese review wording from task progress vs time progress.

    Returns:
        提前实现, 快于预期, 基本符合预期 or 滞后.

    Raises:
        ValueError: an argument that is not a real, finite number, or an unknown direction (named).
    """
    _check_progress_arguments(base_year, base_value, current_year, current_value, target_year, target, direction)
    achieved = current_value >= target if direction == "increase" else current_value <= target
    if achieved:
        return CN_REVIEW_LABELS["achieved"]
    task_share, time_share = review_shares(base_year, base_value, current_year, current_value, target_year, target)
    if task_share >= time_share + MARGIN_CN:
        return CN_REVIEW_LABELS["ahead"]
    if task_share >= time_share - MARGIN_CN:
        return CN_REVIEW_LABELS["on_schedule"]
    return CN_REVIEW_LABELS["behind"]


def _related_volatility(region: str, indicator: str) -> tuple[float | None, str]:
    """Step volatility borrowed from the same indicator elsewhere (parent region first).

    A region ipdata does not know (a batch's own panel) has no parent: it borrows from every region.
    """
    parent = regions().set_index("region_id")["parent_id"].get(region)
    return _pooled_volatility(indicator, None if pd.isna(parent) else str(parent))


@cache
def _pooled_volatility(indicator: str, parent: str | None) -> tuple[float | None, str]:
    """The median step volatility of the bundled ``indicator`` series under ``parent`` (else of all of them).

    Cached: the bundled pool does not change within a process, and a batch of 60,000 series asks it
    thousands of times (it was most of a short series' time).
    """
    keyed = {SeriesKey.parse(k): v for k, v in bundled_series(fc.MIN_POINTS_OWN_VOLATILITY).items()}
    pool = {k: v for k, v in keyed.items() if k.indicator_id == indicator}
    if not pool:
        return None, ""
    chosen = {k: v for k, v in pool.items() if k.region_id == parent} or pool
    sds = [fc.step_volatility(s) for s in chosen.values()]
    names = sorted({k.region_id for k in chosen})
    where = "the parent region" if chosen is not pool else f"{len(names)} regions"
    return float(
        np.median(sds)
    ), f"{indicator} in {where} ({', '.join(names[:5])}{'...' if len(names) > 5 else ''}), median of {len(sds)} series"


def _target_horizon(full: pd.Series, region: str, indicator: str, target_year: int) -> dict[str, Any]:
    """Horizon (ten years past ``target_year``) and borrowed volatility for forecasting ``full``."""
    borrowed_sd, borrowed_from = (None, "")
    if len(full) < fc.MIN_POINTS_OWN_VOLATILITY:
        borrowed_sd, borrowed_from = _related_volatility(region, indicator)
    return {
        "horizon": max(target_year - last_whole_year(full), 0) + 10,
        "borrowed_sd": borrowed_sd,
        "borrowed_from": borrowed_from,
    }


def simulate_for_target(
    full: pd.Series, region: str, indicator: str, target_year: int, n_paths: int = fc.N_PATHS, seed: int = 0
) -> fc.Forecast:
    """Simulate ``full`` to ten years past ``target_year``, borrowing volatility when it is short.

    For an analyst's own path-based questions; :func:`assess` draws its paths (cumulative and floor
    targets) from :func:`distribution_for_target`, the same distribution, with the same seed.
    """
    return fc.simulate(full, n_paths=n_paths, seed=seed, **_target_horizon(full, region, indicator, target_year))


def distribution_for_target(full: pd.Series, region: str, indicator: str, target_year: int) -> fc.Forecast:
    """The predictive distribution behind an assessment (exact, no paths).

    The one place where an assessment's forecast is made, so a trajectory figure's fan and the
    assessment table show the same numbers.
    """
    return fc.distribution(full, **_target_horizon(full, region, indicator, target_year))


def _exact_probability(sim: fc.Forecast, year: int, t: pd.Series) -> float:
    """P(the value in ``year`` meets target ``t``) from the mixture CDF: no Monte Carlo noise."""
    if t["comparator"] == "about":
        return sim.cdf(year, (1 + ABOUT_TOLERANCE) * t["value"]) - sim.cdf(year, (1 - ABOUT_TOLERANCE) * t["value"])
    if t["comparator"] == "at_most":
        return sim.cdf(year, t["value"])
    return 1 - sim.cdf(year, goal_value(t))


def meets(x: np.ndarray, t: pd.Series) -> np.ndarray:
    """Which of the values ``x`` meet target ``t`` (its comparator; "about" is within ±5 %)."""
    if t["comparator"] == "about":
        return np.asarray(np.abs(x - t["value"]) <= ABOUT_TOLERANCE * t["value"])
    if t["comparator"] == "at_most":
        return np.asarray(x <= t["value"])
    return np.asarray(x >= goal_value(t))


def period_years(t: pd.Series) -> list[int]:
    """The years a period target covers: from ``period_start`` (else the target year) to the target year."""
    start = int(str(t["period_start"])[:4]) if t["period_start"] else int(t["target_year"])
    return list(range(start, int(t["target_year"]) + 1))


def observed_outcome(t: pd.Series, annual: pd.Series) -> float | None:
    """The target-year value when the year-end points ``annual`` already hold it (value targets only)."""
    if t["kind"] in VALUE_KINDS and int(t["target_year"]) in annual.index:
        return float(annual.loc[int(t["target_year"])])
    return None


def target_direction(t: pd.Series, indicator_direction: str) -> str:
    """The way target ``t`` asks its indicator to move: its comparator's (:data:`COMPARATOR_DIRECTION`).

    An ``about`` target (a band) asks for no direction of its own: the indicator's desired one is used.
    """
    return COMPARATOR_DIRECTION.get(str(t["comparator"]), indicator_direction)


def _against_direction(t: pd.Series, indicator: pd.Series) -> Reason | None:
    """The reason a target asks the opposite of its indicator's desired direction, else None.

    ``at_most 5`` on an indicator that should grow once came out as 提前实现 (progress read in the indicator's
    direction: 16.5 passed 5) beside a probability of 1e-121 (read from the comparator: 16.5 is not at most 5).
    Which of the two the plan means (a cap, or ``at_least`` entered as ``at_most``) the data cannot say, so
    the target is not judged and the reason says what to check (the indicator by its name in each language).
    """
    direction = str(indicator["direction"])
    if not against_direction(str(t["comparator"]), direction):
        return None
    names = {"name_zh": str(indicator["name_zh"]), "name_en": str(indicator["name_en"])}
    return Reason("against_direction", {**names, "comparator": t["comparator"], "direction": direction})


def check_target(t: pd.Series) -> pd.Series:
    """``t`` checked before it is judged: its goal a real, finite number (the column named in the message).

    Rows of :func:`ipdata.targets` and of a read plan are validated already; a row built by hand
    (``required_growth(row)``) once carried a ``complex`` or a text into the comparisons and failed deep in
    NumPy, or compared ``'20'`` as 20.

    Raises:
        ValueError: the goal (``value``, or ``value_low`` of a range) is not a real, finite number.
    """
    column = "value_low" if t["comparator"] == "range" else "value"
    tid = t.get("target_id")
    checks.real(f"target {tid}: {column}" if isinstance(tid, str) and tid else f"target {column}", t[column])
    return t


@dataclass
class TargetAssessment:
    """One target judged: its table row, why it could not be judged, and what the judgement rests on.

    Attributes:
        target: The target's row (as :func:`ipdata.targets` gives it).
        row: The assessment columns of :func:`assess` for this target.
        reason: Why it cannot be assessed (``None`` when it can).
        history: The points used (cut at ``as_of``, monthly snapshots included), or ``None`` when no
            series was read (relative targets, ambiguous scope).
        forecast: The predictive distribution the projection and probability come from, or ``None``.
        outcome: The observed target-year value, when the outcome is already known.
        sources: The sources of the points used, sorted and unique.
        plan: The analyst's plan the target belongs to (``None`` for a bundled plan), so views can name its
            plan, regions and indicators.
    """

    target: pd.Series
    row: dict[str, Any]
    reason: Reason | None = None
    history: pd.Series | None = None
    forecast: fc.Forecast | None = None
    outcome: float | None = None
    sources: list[str] = field(default_factory=list)
    plan: Plan | None = None

    def stop(self, reason: Reason) -> TargetAssessment:
        """Record why the target cannot be assessed (the table shows the reason in English)."""
        self.reason = reason
        self.row["reason"] = str(reason)
        return self


def _progress(t: pd.Series, annual: pd.Series, indicator_direction: str) -> dict[str, Any]:
    """Growth required from the latest value, and progress since the baseline (Eurostat ratio, Chinese label).

    Progress is read in the target's own direction (:func:`target_direction`), the one its probability uses.
    """
    out: dict[str, Any] = {}
    direction = target_direction(t, indicator_direction)
    target_year, target_value = int(t["target_year"]), goal_value(t)
    annual = annual[annual.index <= target_year]  # a target is judged on its own year: a later value is no progress
    if annual.empty:
        return out
    last_year, last_value = int(annual.index[-1]), float(annual.iloc[-1])
    if t["kind"] in SINGLE_YEAR_KINDS and target_year > last_year and last_value > 0 and target_value > 0:
        out["required_growth"] = _cagr(last_value, target_value, target_year - last_year)
    base_year: int | None = None
    base_value: float | None = None
    if pd.notna(t["baseline_year"]) and pd.notna(t["baseline_value"]):
        base_year, base_value = int(t["baseline_year"]), float(t["baseline_value"])
    else:  # the first value from the plan's base year on: a value from before the plan measures no progress of it
        since = annual[annual.index >= _base_year(t)]
        if len(since) > 1:
            base_year, base_value = int(since.index[0]), float(since.iloc[0])
    if (
        t["kind"] in VALUE_KINDS
        and base_year is not None
        and base_value is not None
        and last_year > base_year
        and target_year > base_year
        and min(base_value, last_value, target_value) > 0
    ):
        out["progress_base_year"], out["progress_base_value"] = base_year, base_value
        out["observed_growth"] = _cagr(base_value, last_value, last_year - base_year)
        out["progress_ratio"], out["progress_category"] = progress_ratio(
            base_year, base_value, last_year, last_value, target_year, target_value, direction
        )
        out["cn_label"] = cn_progress_label(
            base_year, base_value, last_year, last_value, target_year, target_value, direction
        )
        if last_year <= target_year:  # past the target year the shares of "time gone" mean nothing
            out["task_progress"], out["time_progress"] = review_shares(
                base_year, base_value, last_year, last_value, target_year, target_value
            )
    return out


def _success(
    t: pd.Series,
    sim: fc.Forecast,
    annual: pd.Series,
    sim_last: int,
    quantiles: np.ndarray,
    indicator_kind: str,
    n_paths: int,
    seed: int,
) -> tuple[float | np.ndarray, dict[str, Any]] | Reason:
    """Probability (or per-path success) of a forecast target, with the projection where it is not a level.

    Returns:
        ``(success, projection columns)``, or the :class:`Reason` the target kind cannot be judged.
    """
    col = {y: i for i, y in enumerate(sim.years)}
    kind, target_year = t["kind"], int(t["target_year"])
    median, lower, upper = quantiles[:, col[target_year]]
    if kind in VALUE_KINDS:
        return _exact_probability(sim, target_year, t), {}
    if kind == "floor":
        years = period_years(t)
        observed_ok = all(meets(np.array([float(annual.loc[y])]), t)[0] for y in years if y in annual.index)
        future = [col[y] for y in years if y in col]
        if not future:
            return np.full(n_paths, observed_ok), {}
        return np.asarray(meets(sim.sample(n_paths, seed)[:, future], t).all(axis=1) & observed_ok), {}
    if kind == "cumulative":
        if indicator_kind not in ("flow", "money"):
            return Reason("cumulative_on_stock")
        years = period_years(t)
        missing = [y for y in years if y <= sim_last and y not in annual.index]
        if missing:
            return Reason("cumulative_years_missing", {"start": years[0], "end": years[-1], "missing": missing})
        observed = sum(float(annual.loc[y]) for y in years if y in annual.index)
        total = observed + sim.sample(n_paths, seed)[:, [col[y] for y in years if y in col]].sum(axis=1)
        return meets(total, t), {
            "projected_value": float(np.median(total)),
            "projected_lower_80": float(np.quantile(total, 0.1)),
            "projected_upper_80": float(np.quantile(total, 0.9)),
        }
    if kind == "growth_rate":
        years = period_years(t)
        base = float(annual.loc[years[0] - 1])
        # the average growth rate is a monotone function of the end value: exact as well
        p_end = 1 - sim.cdf(target_year, base * (1 + t["value"] / 100) ** len(years))
        rate = ((np.array([median, lower, upper]) / base) ** (1 / len(years)) - 1) * 100
        return p_end, {
            "projected_value": float(rate[0]),
            "projected_lower_80": float(rate[1]),
            "projected_upper_80": float(rate[2]),
        }
    return Reason("kind_not_assessed", {"kind": kind})


def assess_target(
    t: pd.Series,
    *,
    as_of: int | None = None,
    observations: ObservationsInput = None,
    n_paths: int = fc.N_PATHS,
    seed: int = 0,
    indicator_table: pd.DataFrame | None = None,
) -> TargetAssessment:
    """Assess one target (a row of :func:`ipdata.targets`); see :func:`assess` for the columns.

    Args:
        t: The target row.
        as_of: Use only observations up to this year (None, or a year from 1900 to 2100).
        observations: An analyst's observations (path or DataFrame).
        n_paths: Simulated paths for cumulative and every-year targets.
        seed: Random seed of those paths.
        indicator_table: :func:`ipdata.indicators` indexed by id (passed in by :func:`assess_targets` to read it once).

    Raises:
        ValueError: a bad ``as_of``, ``n_paths`` or ``seed``, a goal that is not a real, finite number, or an
            empty observations table (named in the message).
    """
    _check_run_parameters(as_of, n_paths, seed)
    check_target(t)
    check_observations(observations)
    info = indicator_table if indicator_table is not None else indicators().set_index("indicator_id")
    result = TargetAssessment(t, {"assessable": False, "reason": ""}, plan=plan_in_scope())
    row = result.row
    if t["kind"] in RELATIVE_KINDS:
        return result.stop(Reason("relative_base"))
    try:
        s = series(t["region_id"], t["indicator_id"], observations=observations)
    except AmbiguousScopeError as exc:
        return result.stop(Reason("ambiguous_scope", {**series_names(exc.region, exc.indicator), "scopes": exc.scopes}))
    full = cut_as_of(s, as_of)  # all points, monthly snapshots included, for the forecast
    annual = year_end_points(full)  # year-end points, for outcomes, baselines and growth rates
    result.history = full
    result.sources = sorted(set(provenance(full)["source"]))
    row.update(n_obs=len(full), data_years=" ".join(str(d) for d in full.index), data_sources="; ".join(result.sources))
    if len(annual) == 0:
        return result.stop(
            Reason("no_year_end", {"as_of": as_of})  # the row names its region and indicator
        )
    row.update(last_year=int(annual.index[-1]), last_value=float(annual.iloc[-1]))
    direction = info.loc[t["indicator_id"], "direction"]
    against = _against_direction(t, info.loc[t["indicator_id"]])
    if against is not None:  # its data shown, nothing judged: no progress word, probability or status to disagree
        return result.stop(against)
    row.update(_progress(t, annual, direction))
    if t["kind"] == "growth_rate" and period_years(t)[0] - 1 not in annual.index:
        return result.stop(Reason("growth_base_missing", {"year": period_years(t)[0] - 1}))
    outcome = observed_outcome(t, annual)
    if outcome is not None:
        met = bool(meets(np.array([outcome]), t)[0])
        result.outcome = outcome
        row.update(
            assessable=True,
            method="observed",
            probability=1.0 if met else 0.0,
            projected_value=outcome,
            status="target_achieved" if met else "target_missed",
        )
        return result
    blocker = _forecast_blocker(t, full, annual)
    if blocker is not None:
        return result.stop(blocker)
    return _judge_forecast(result, full, annual, info.loc[t["indicator_id"], "kind"], n_paths, seed)


STALE_YEARS = 2  # data ending more than this many years before the plan's base year are too old to project
FAR_YEARS = 5  # two points extrapolated this many years or more are no evidence either


def _base_year(t: pd.Series) -> int:
    """The year a target's progress starts from: its baseline year, else the year before its plan begins."""
    if pd.notna(t["baseline_year"]):
        return int(t["baseline_year"])
    period = plans().set_index("plan_id")["period_start"].get(t["plan_id"])
    return int(str(period)[:4]) - 1 if period else int(t["target_year"]) - 5


def _forecast_blocker(t: pd.Series, full: pd.Series, annual: pd.Series) -> Reason | None:
    """Why the points cannot be projected to the target year: too few, target year past, or data too old.

    A target year that has passed is judged only on a value of that year (:func:`observed_outcome`); without
    one, a later value that meets the target is said ("achieved by 2023"), never judged as 提前实现. Points
    that end long before the plan's base year, or two points stretched over five years or more, would give
    a red warning no evaluator would sign: the target is not judged and the reason gives the years.
    """
    if len(full) < 2:
        return Reason("one_observation")
    target_year, last = int(t["target_year"]), last_whole_year(full)
    if target_year <= last:
        later = annual[annual.index > target_year]
        met = [int(str(y)) for y, v in later.items() if bool(meets(np.array([float(v)]), t)[0])]
        if met:
            return Reason("target_met_later", {"year": target_year, "later": met[0]})
        return Reason("target_year_passed", {"year": target_year})
    base = _base_year(t)
    if last < base - STALE_YEARS:
        return Reason("data_too_old", {"last": last, "base": base})
    if len(full) == 2 and target_year - last >= FAR_YEARS:
        first = int(str(full.index[0])[:4])
        return Reason("too_few_points", {"first": first, "last": last, "year": target_year})
    return None


def fit_for_target(full: pd.Series, region: str, indicator: str, target_year: int) -> fc.Forecast | Reason:
    """:func:`distribution_for_target`, or the :class:`Reason` it cannot be made: never an exception.

    Validated input must never stop an assessment or a report: a zero count or a 100 % share is real
    data that the log / logit models cannot take, so the target says so instead.
    """
    scale = fc.scale_of(full)
    off = [str(d) for d, bad in zip(full.index, fc.off_scale(full.to_numpy(), scale)) if bad]
    if off:
        return Reason("off_scale", {"scale": scale, "dates": off})
    try:
        return distribution_for_target(full, region, indicator, target_year)
    except fc.ForecastError as exc:
        return Reason("forecast_failed", {"error": str(exc)})


def _judge_forecast(
    result: TargetAssessment, full: pd.Series, annual: pd.Series, indicator_kind: str, n_paths: int, seed: int
) -> TargetAssessment:
    """Fit the points once, project them to the target year, and judge the target on that distribution."""
    t, row = result.target, result.row
    target_year = int(t["target_year"])
    sim = fit_for_target(full, t["region_id"], t["indicator_id"], target_year)
    if isinstance(sim, Reason):
        return result.stop(sim)
    result.forecast = sim
    quantiles = sim.quantiles(list(fc.CENTRAL_80))  # exact; simulated paths only where several years combine
    median, lower, upper = quantiles[:, sim.years.index(target_year)]
    row.update(
        method="+".join(sim.models),
        uncertainty=sim.uncertainty,
        projected_value=float(median),
        projected_lower_80=float(lower),
        projected_upper_80=float(upper),
    )
    judged = _success(t, sim, annual, last_whole_year(full), quantiles, indicator_kind, n_paths, seed)
    if isinstance(judged, Reason):
        return result.stop(judged)
    success, projection = judged
    row.update(projection)
    p = float(np.mean(success))
    row.update(assessable=True, probability=p, status=probability_status(p))
    if t["kind"] in VALUE_KINDS:
        hits = [y for y, m in zip(sim.years, quantiles[0]) if meets(np.array([m]), t)[0]]
        row["projected_attainment_year"] = hits[0] if hits else None
    return result


def _check_run_parameters(as_of: object, n_paths: object, seed: object) -> None:
    """Parameters named in the message, before any target is read (``as_of='2015'`` once failed deep in numpy).

    The checks of :mod:`ipdata.core.checks`, as every verb taking these arguments uses them.
    """
    checks.as_of("as_of", as_of)
    checks.n_paths("n_paths", n_paths)
    checks.seed("seed", seed)


def assess_targets(
    plan: str | Plan | None = None,
    region: str | None = None,
    indicator: str | None = None,
    as_of: int | None = None,
    observations: ObservationsInput = None,
    n_paths: int = fc.N_PATHS,
    seed: int = 0,
) -> list[TargetAssessment]:
    """Assess every matching target and keep what each judgement rests on (see :class:`TargetAssessment`).

    Arguments as for :func:`assess`; :func:`assessment_table` turns the result into its table.
    """
    _check_run_parameters(as_of, n_paths, seed)
    check_observations(observations)
    with plan_scope(plan) as plan_id:
        if region is not None:
            resolve_region(region)
        chosen = targets(plan=plan_id, region=region, indicator=indicator)
        info = indicators().set_index("indicator_id")
        observations = observation_set(observations)  # an analyst's file read and validated once, not per target
        return [
            assess_target(t, as_of=as_of, observations=observations, n_paths=n_paths, seed=seed, indicator_table=info)
            for _, t in chosen.iterrows()
        ]


TABLE_COLUMNS = [c.name for c in ASSESS_MEASURE_COLUMNS]  # described once, in ipdata.core.outputs
TARGET_COLUMNS = [c.name for c in ASSESS_TARGET_COLUMNS]


@cache
def _target_dtypes() -> dict[str, Any]:
    """Column types of the targets table: rows taken out of it one by one keep them when put back together."""
    return {str(column): dtype for column, dtype in targets().dtypes.items()}


def assessment_table(results: list[TargetAssessment]) -> pd.DataFrame:
    """The assessment table of :func:`assess`: the target's own columns, then one column per measure."""
    dtypes = _target_dtypes()
    chosen = pd.DataFrame([r.target for r in results], columns=list(dtypes)).astype(dtypes)
    result = pd.DataFrame([r.row for r in results], columns=TABLE_COLUMNS, index=chosen.index)
    out = pd.concat([chosen[TARGET_COLUMNS], result], axis=1)
    out["assessable"] = out["assessable"].astype(bool)
    for year in ("projected_attainment_year", "progress_base_year"):
        out[year] = out[year].astype("Int64")
    out["n_obs"] = out["n_obs"].fillna(0).astype(int)
    return out.reset_index(drop=True)


def assess(
    plan: str | Plan | None = None,
    region: str | None = None,
    indicator: str | None = None,
    as_of: int | None = None,
    observations: ObservationsInput = None,
    n_paths: int = fc.N_PATHS,
    seed: int = 0,
) -> pd.DataFrame:
    """Assess every matching target: probability of attainment, projection, growth and progress.

    Args:
        plan: Plan id or title (filter, as in :func:`ipdata.targets`), or an analyst's plan from
            :func:`ipdata.read_plan` (its targets, assessed with its observations and the bundled ones).
        region: Region id or name (filter).
        indicator: Indicator id or name (filter).
        as_of: Use only observations up to this year (e.g. the plan's start, for a backtest): None or a whole
            year from 1900 to 2100.
        observations: An analyst's observations (path or DataFrame from :func:`ipdata.read_observations`); a
            DataFrame must hold rows.
        n_paths: Simulated paths per target (cumulative and every-year targets), 1 to 1,000,000.
        seed: Random seed, a whole number >= 0 (same inputs and seed, same numbers).

    Returns:
        One row per target (none dropped) with the target's own columns and: ``assessable``,
        ``reason`` (why not), ``n_obs``, ``data_years``, ``data_sources``, ``last_year``,
        ``last_value``, ``method`` (models or ``observed``), ``uncertainty`` (own or borrowed
        volatility), ``projected_value`` (median) and its 80% interval at the target year (for cumulative
        and growth targets: the projected sum or average growth), ``probability``, ``status``,
        ``projected_attainment_year``, ``required_growth`` (CAGR from the latest observation),
        ``observed_growth``, ``progress_ratio``, ``progress_category``, ``task_progress`` (任务进度),
        ``time_progress`` (时间进度) and ``cn_label``. A target whose comparator asks the opposite of its
        indicator's desired direction is not judged (reason ``against_direction``).

    Raises:
        ValueError: a bad ``as_of``, ``n_paths`` or ``seed`` (named), or an empty observations table
            (:class:`ipdata.DataValidationError`).
    """
    return assessment_table(assess_targets(plan, region, indicator, as_of, observations, n_paths, seed))
