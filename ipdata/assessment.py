"""Judge each plan target: will it be (or was it) met, how likely, and by when.

Progress measures follow official monitoring practice:

* Eurostat / Statistics Canada: ratio of the observed compound annual growth rate since the
  baseline to the growth rate required to hit the target, with categories ``target_achieved``,
  ``on_track`` (ratio >= 0.95), ``progress_needs_acceleration`` (0.6-0.95), ``limited_progress``
  (0-0.6) and ``deterioration`` (< 0), for targets that should rise or fall.
* The Chinese mid-term review wording compares task progress with time progress ("时间过半、任务
  过半"): 提前实现 (already met), 快于预期 (task ahead of time by 5 points or more), 基本符合预期
  (within 5 points), 滞后 (behind by more).
* A probability of attainment from the simulated paths of :mod:`ipdata.forecasting`, with a verbal
  scale: very likely (>= 0.9), likely (>= 0.66), about as likely as not (>= 0.33), unlikely
  (>= 0.1), very unlikely.

Every target gets a row; targets that cannot be assessed say why in ``reason``.
"""

from __future__ import annotations

import math
from os import PathLike

import numpy as np
import pandas as pd

from . import forecasting as fc
from .catalog import indicators, regions, resolve_region, series, targets

__all__ = ["assess", "cn_progress_label", "distribution_for_target", "probability_status", "progress_ratio",
           "simulate_for_target"]

ABOUT_TOLERANCE = 0.05  # 左右: within 5% of the stated value
MARGIN_CN = 0.05


def _cagr(v0: float, v1: float, years: float) -> float:
    if v0 <= 0 or v1 <= 0:
        raise ValueError(f"growth rates need positive values, got {v0!r} and {v1!r}")
    if years <= 0:
        raise ValueError(f"the later year must come after the earlier one (got a span of {years} years)")
    return (v1 / v0) ** (1 / years) - 1


def progress_ratio(base_year: float, base_value: float, current_year: float, current_value: float,
                   target_year: float, target: float, direction: str = "increase") -> tuple[float, str]:
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
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', got {direction!r}")
    achieved = current_value >= target if direction == "increase" else current_value <= target
    observed = _cagr(base_value, current_value, current_year - base_year)
    required = _cagr(base_value, target, target_year - base_year)
    if achieved:
        return float("nan"), "target_achieved"
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


def cn_progress_label(base_year: float, base_value: float, current_year: float, current_value: float,
                      target_year: float, target: float, direction: str = "increase") -> str:
    """Chinese review wording from task progress vs time progress.

    Returns:
        提前实现, 快于预期, 基本符合预期 or 滞后.
    """
    achieved = current_value >= target if direction == "increase" else current_value <= target
    if achieved:
        return "提前实现"
    time_share = (current_year - base_year) / (target_year - base_year)
    task_share = (current_value - base_value) / (target - base_value) if target != base_value else 0.0
    if task_share >= time_share + MARGIN_CN:
        return "快于预期"
    if task_share >= time_share - MARGIN_CN:
        return "基本符合预期"
    return "滞后"


def probability_status(p: float) -> str:
    """Verbal scale for a probability of attainment (IPCC-style likelihood words)."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    if p >= 0.9:
        return "very_likely"
    if p >= 0.66:
        return "likely"
    if p >= 0.33:
        return "about_as_likely_as_not"
    if p >= 0.1:
        return "unlikely"
    return "very_unlikely"


def _annual(s: pd.Series) -> pd.Series:
    """Year-end points only, indexed by int year (monthly snapshots other than December dropped)."""
    if isinstance(s.index, pd.PeriodIndex):
        keep = s.index.month == 12
        out = pd.Series(s.to_numpy()[keep], index=pd.Index(s.index.year[keep], name="year"))
        out.attrs = s.attrs
        return out
    return s


def _cut(s: pd.Series, as_of: int | None) -> pd.Series:
    if as_of is None:
        return s
    years = s.index.year if isinstance(s.index, pd.PeriodIndex) else s.index
    out = s[np.asarray(years) <= as_of]
    out.attrs = s.attrs
    return out


def _related_volatility(region: str, indicator: str) -> tuple[float | None, str]:
    """Step volatility borrowed from the same indicator elsewhere (parent region first)."""
    from .backtest import bundled_series

    pool = {k: v for k, v in bundled_series(fc.MIN_POINTS_OWN_VOLATILITY).items() if k.split("/")[1] == indicator}
    if not pool:
        return None, ""
    parent = regions().set_index("region_id").loc[region, "parent_id"]
    chosen = {k: v for k, v in pool.items() if k.split("/")[0] == parent} or pool
    sds = [fc.step_volatility(s) for s in chosen.values()]
    names = sorted({k.split("/")[0] for k in chosen})
    where = "the parent region" if chosen is not pool else f"{len(names)} regions"
    return float(np.median(sds)), f"{indicator} in {where} ({', '.join(names[:5])}{'...' if len(names) > 5 else ''}), median of {len(sds)} series"


def _target_horizon(full: pd.Series, region: str, indicator: str, target_year: int) -> dict[str, object]:
    """Horizon (ten years past ``target_year``) and borrowed volatility for forecasting ``full``."""
    borrowed_sd, borrowed_from = (None, "")
    if len(full) < fc.MIN_POINTS_OWN_VOLATILITY:
        borrowed_sd, borrowed_from = _related_volatility(region, indicator)
    sim_last = int(math.floor(fc.to_years(full).index[-1] + 1e-9))
    return {"horizon": max(target_year - sim_last, 0) + 10, "borrowed_sd": borrowed_sd, "borrowed_from": borrowed_from}


def simulate_for_target(full: pd.Series, region: str, indicator: str, target_year: int, n_paths: int = fc.N_PATHS,
                        seed: int = 0) -> fc.Forecast:
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
    return 1 - sim.cdf(year, t["value_low"] if t["comparator"] == "range" else t["value"])


def _meets(x: np.ndarray, t: pd.Series) -> np.ndarray:
    if t["comparator"] == "range":
        return x >= t["value_low"]
    if t["comparator"] == "about":
        return np.abs(x - t["value"]) <= ABOUT_TOLERANCE * t["value"]
    if t["comparator"] == "at_most":
        return x <= t["value"]
    return x >= t["value"]


def _period_years(t: pd.Series) -> list[int]:
    start = int(str(t["period_start"])[:4]) if t["period_start"] else int(t["target_year"])
    return list(range(start, int(t["target_year"]) + 1))


def _assess_one(t: pd.Series, info: pd.DataFrame, as_of: int | None, extra, n_paths: int, seed: int) -> dict[str, object]:
    row: dict[str, object] = {"assessable": False, "reason": ""}
    target_value = t["value"] if t["comparator"] != "range" else t["value_low"]
    if t["kind"] in ("reduction", "increase"):
        row["reason"] = "relative change from an unstated base (原有基础): the base value is not in the data"
        return row
    try:
        s = series(t["region_id"], t["indicator_id"], extra=extra)
    except ValueError as exc:
        row["reason"] = str(exc)
        return row
    full = _cut(s, as_of)  # all points, monthly snapshots included, for the forecast
    s = _annual(full)  # year-end points, for outcomes, baselines and growth rates
    row.update(n_obs=len(full), data_years=" ".join(str(d) for d in full.index),
               data_sources="; ".join(sorted(set(full.attrs["sources"][: len(full)]))) if len(full) else "")
    if len(s) == 0:
        row["reason"] = f"no year-end observations of {t['indicator_id']} for {t['region_id']}" + (f" up to {as_of}" if as_of else "")
        return row
    last_year, last_value = int(s.index[-1]), float(s.iloc[-1])
    row.update(last_year=last_year, last_value=last_value)
    target_year = int(t["target_year"])
    direction = info.loc[t["indicator_id"], "direction"]

    # growth required from the latest observation, and progress since the baseline
    if t["kind"] in ("level", "flow", "count", "share", "floor") and target_year > last_year and last_value > 0 and target_value > 0:
        row["required_growth"] = _cagr(last_value, target_value, target_year - last_year)
    base_year = t["baseline_year"] if pd.notna(t["baseline_year"]) else (int(s.index[0]) if len(s) > 1 else None)
    base_value = t["baseline_value"] if pd.notna(t["baseline_value"]) else (float(s.iloc[0]) if len(s) > 1 else None)
    if (t["kind"] in ("level", "flow", "count", "share") and base_year is not None and last_year > base_year
            and target_year > base_year and min(base_value, last_value, target_value) > 0):
        row["observed_growth"] = _cagr(base_value, last_value, last_year - base_year)
        row["progress_ratio"], row["progress_category"] = progress_ratio(base_year, base_value, last_year, last_value,
                                                                         target_year, target_value, direction)
        row["cn_label"] = cn_progress_label(base_year, base_value, last_year, last_value, target_year, target_value, direction)

    if t["kind"] == "growth_rate":
        years = _period_years(t)
        base_y = years[0] - 1
        if base_y not in s.index:
            row["reason"] = f"average growth target needs the {base_y} base value, which is not in the data"
            return row
    # outcome already observed?
    if target_year in s.index and t["kind"] in ("level", "flow", "count", "share"):
        met = bool(_meets(np.array([float(s.loc[target_year])]), t)[0])
        row.update(assessable=True, method="observed", probability=1.0 if met else 0.0, projected_value=float(s.loc[target_year]),
                   status="target_achieved" if met else "target_missed")
        return row
    if len(full) < 2:
        row["reason"] = "one observation: no forecast, only the required growth"
        return row
    sim_last = int(math.floor(fc.to_years(full).index[-1] + 1e-9))
    if target_year <= sim_last:
        row["reason"] = f"target year {target_year} has passed and has no year-end observation"
        return row
    sim = distribution_for_target(full, t["region_id"], t["indicator_id"], target_year)
    col = {y: i for i, y in enumerate(sim.years)}
    quantiles = sim.quantiles([0.5, 0.1, 0.9])  # exact; simulated paths only where several years combine
    median, lower, upper = quantiles[:, col[target_year]]
    row.update(method="+".join(sim.models), uncertainty=sim.uncertainty, projected_value=float(median),
               projected_lower_80=float(lower), projected_upper_80=float(upper))
    kind = t["kind"]
    if kind in ("level", "flow", "count", "share"):
        success = _exact_probability(sim, target_year, t)
    elif kind == "floor":
        years = _period_years(t)
        observed_ok = all(_meets(np.array([float(s.loc[y])]), t)[0] for y in years if y in s.index)
        future = [col[y] for y in years if y in col]
        success = (_meets(sim.sample(n_paths, seed)[:, future], t).all(axis=1) & observed_ok if future
                   else np.full(n_paths, observed_ok))
    elif kind == "cumulative":
        if info.loc[t["indicator_id"], "kind"] not in ("flow", "money"):
            row["reason"] = "cumulative target on a stock indicator"
            return row
        years = _period_years(t)
        missing = [y for y in years if y <= sim_last and y not in s.index]
        if missing:
            row["reason"] = f"cumulative over {years[0]}-{years[-1]} but years {missing} are not observed"
            return row
        observed = sum(float(s.loc[y]) for y in years if y in s.index)
        total = observed + sim.sample(n_paths, seed)[:, [col[y] for y in years if y in col]].sum(axis=1)
        success = _meets(total, t)
        row.update(projected_value=float(np.median(total)), projected_lower_80=float(np.quantile(total, 0.1)),
                   projected_upper_80=float(np.quantile(total, 0.9)))
    elif kind == "growth_rate":
        years = _period_years(t)
        base = float(s.loc[years[0] - 1])
        # the average growth rate is a monotone function of the end value: exact as well
        success = 1 - sim.cdf(target_year, base * (1 + t["value"] / 100) ** len(years))
        rate = ((np.array([median, lower, upper]) / base) ** (1 / len(years)) - 1) * 100
        row.update(projected_value=float(rate[0]), projected_lower_80=float(rate[1]), projected_upper_80=float(rate[2]))
    else:
        row["reason"] = f"kind {kind!r} is not assessed"
        return row
    p = float(np.mean(success))
    row.update(assessable=True, probability=p, status=probability_status(p))
    if kind in ("level", "flow", "count", "share"):
        hits = [y for y, m in zip(sim.years, quantiles[0]) if _meets(np.array([m]), t)[0]]
        row["projected_attainment_year"] = hits[0] if hits else None
    return row


def assess(plan: str | None = None, region: str | None = None, indicator: str | None = None,
           as_of: int | None = None, extra: pd.DataFrame | str | PathLike[str] | None = None,
           n_paths: int = fc.N_PATHS, seed: int = 0) -> pd.DataFrame:
    """Assess every matching target: probability of attainment, projection, growth and progress.

    Args:
        plan, region, indicator: Filters, as in :func:`ipdata.targets`.
        as_of: Use only observations up to this year (e.g. the plan's start, for a backtest).
        extra: An analyst's observations (path or DataFrame from :func:`ipdata.read_observations`).
        n_paths: Simulated paths per target.
        seed: Random seed (same inputs and seed, same numbers).

    Returns:
        One row per target (none dropped) with the target's own columns and: ``assessable``,
        ``reason`` (why not), ``n_obs``, ``data_years``, ``data_sources``, ``last_year``,
        ``last_value``, ``method`` (models or ``observed``), ``uncertainty`` (own or borrowed
        volatility), ``projected_value`` (median) and its 80% interval at the target year (for cumulative
        and growth targets: the projected sum or average growth), ``probability``, ``status``,
        ``projected_attainment_year``, ``required_growth`` (CAGR from the latest observation),
        ``observed_growth``, ``progress_ratio``, ``progress_category`` and ``cn_label``.
    """
    if region is not None:
        resolve_region(region)
    chosen = targets(plan=plan, region=region, indicator=indicator)
    info = indicators().set_index("indicator_id")
    rows = [_assess_one(t, info, as_of, extra, n_paths, seed) for _, t in chosen.iterrows()]
    columns = ["assessable", "reason", "n_obs", "data_years", "data_sources", "last_year", "last_value", "method",
               "uncertainty", "projected_value", "projected_lower_80", "projected_upper_80", "probability", "status",
               "projected_attainment_year", "required_growth", "observed_growth", "progress_ratio",
               "progress_category", "cn_label"]
    result = pd.DataFrame(rows, columns=columns, index=chosen.index)
    keep = ["target_id", "plan_id", "region_id", "indicator_id", "indicator_text_zh", "kind", "comparator", "value",
            "value_low", "value_high", "unit", "target_year", "baseline_year", "baseline_value"]
    out = pd.concat([chosen[keep], result], axis=1)
    out["assessable"] = out["assessable"].astype(bool)
    out["projected_attainment_year"] = out["projected_attainment_year"].astype("Int64")
    out["n_obs"] = out["n_obs"].fillna(0).astype(int)
    return out.reset_index(drop=True)
