"""One region x indicator (and its plan target): history, forecast, required path, verdict.

What ``notebooks/trajectory.ipynb`` and the trajectory figures show, computed in one place so the
notebook stays thin and the figure, the table and the memo sentence agree. The forecast is the
assessment's own predictive distribution (:attr:`ipdata.assess.targets.TargetAssessment.forecast`), so
the fan in the figure and the projection and probability in the table come from the same fit, made once.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..assess.target_setting import attainable, required_growth
from ..assess.targets import TargetAssessment, assess_target, assessment_table, fit_for_target
from ..catalog.tables import (
    SINGLE_YEAR_KINDS,
    Plan,
    goal_value,
    indicators,
    plan_scope,
    regions,
    resolve_indicator,
    resolve_plan,
    resolve_region,
    series_names,
    targets,
)
from ..core import checks
from ..core.dates import last_whole_year
from ..core.errors import AmbiguousScopeError, ForecastError
from ..core.formats import goal_text, probability_text, rate_text, value_text
from ..core.words import (
    Reason,
    check_language,
    goal_phrase,
    is_missing,
    reason_words,
    status_words,
    unit_suffix,
    words,
)
from ..forecast import engine as fc
from ..observed.observations import ObservationsInput, cut_as_of, observation_set, provenance, series, year_end_points

__all__ = ["DEFAULT_HORIZON", "Trajectory", "trajectory"]

DEFAULT_HORIZON = 5  # years forecast when there is no target year


@dataclass
class Trajectory:
    """Everything known and projected about one region x indicator, for one target (or none).

    Attributes:
        region_id, indicator_id: Resolved ids.
        names: ``{"region": {"zh": ..., "en": ...}, "indicator": {...}}``.
        unit: Indicator unit.
        history: Observations used (cut at ``as_of``), as :func:`ipdata.series` returns them.
        target: The target row (from :func:`ipdata.targets`), or ``None``.
        assessment: The target's row from :func:`ipdata.assess`, or ``None``.
        forecast: Median and 80%/95% intervals per future year, or ``None`` (fewer than two points).
        required_path: Geometric path from the latest year-end value to the target, or ``None``.
        as_of: Last year of data used (``None``: all data).
        note: Why there is no forecast (or no series), or ``None``.
        sources: Sources of the points shown, sorted and unique.
        reason: Why the target cannot be assessed (``None`` when it can, or without a target).
        judged: The target's assessment with its fit (:class:`ipdata.TargetAssessment`), or ``None``.
    """

    region_id: str
    indicator_id: str
    names: dict[str, dict[str, str]]
    unit: str
    history: pd.Series
    target: pd.Series | None = None
    assessment: pd.Series | None = None
    forecast: pd.DataFrame | None = None
    required_path: pd.Series | None = None
    as_of: int | None = None
    note: Reason | None = None
    sources: list[str] = field(default_factory=list)
    reason: Reason | None = None
    judged: TargetAssessment | None = None

    def what_if(self, probabilities: tuple[float, ...] = (0.5, 0.8, 0.95), year: int | None = None) -> pd.DataFrame:
        """Target setting for this series: per probability, the growth that meets the target and the value reachable.

        Args:
            probabilities: The chances asked for.
            year: The year for the reachable values (default: five years after the target year, the next
                plan's end; without a target, five years after the last whole year).

        Returns:
            Indexed by probability: ``growth_needed`` (yearly growth from the latest value that meets the
            target with that probability; empty when the target has no single target-year value or cannot
            be assessed) and ``attainable`` (the value reached by ``year`` with that probability, see
            :func:`ipdata.attainable`); ``attrs["year"]`` is the year. Empty when there are too few points.
        """
        index = pd.Index(list(probabilities), name="probability")
        out = pd.DataFrame(index=index, columns=["growth_needed", "attainable"], dtype=float)
        out.attrs["unit"] = self.unit  # a reader table prints the values in the unit's decimals
        if self.forecast is None or len(self.history) < 2:
            out.attrs["year"] = year
            return out
        base = int(self.target["target_year"]) if self.target is not None else last_whole_year(self.history)
        year = year if year is not None else max(base, last_whole_year(self.history)) + 5
        out.attrs["year"] = year
        plan = self.judged.plan if self.judged is not None else None
        with suppress(ForecastError):  # a value the model scale cannot take (a zero count): no reachable values
            out["attainable"] = attainable(self.history, year, probabilities, plan=plan).to_numpy()
        judged, target = self.judged, self.target
        fitted = judged is not None and judged.reason is None and judged.forecast is not None
        if fitted and target is not None and target["kind"] in SINGLE_YEAR_KINDS and target["comparator"] != "about":
            # a goal the model scale cannot take (a count of 0 on the log scale): no growth can be named
            with suppress(ForecastError):
                out["growth_needed"] = [
                    required_growth(target, p, plan=plan, assessed=judged)["growth_for_probability"]
                    for p in probabilities
                ]
        return out

    def table(self) -> pd.DataFrame:
        """The observations with status and source, one row per date."""
        h = self.history
        points = provenance(h)
        out = pd.DataFrame(
            {"value": h.to_numpy(), "status": points["status"].to_numpy(), "source": points["source"].to_numpy()},
            index=pd.Index([str(i) for i in h.index], name="date"),
        )
        out.attrs["unit"] = self.unit  # a reader table prints the values in the unit's decimals
        return out

    def sentence(self, lang: str = "zh") -> str:
        """The sentence an analyst pastes into a memo (Chinese or English)."""
        check_language(lang)
        region, indicator = self.names["region"][lang], self.names["indicator"][lang]
        a, t, unit = self.assessment, self.target, unit_suffix(self.unit, lang)
        data = self._data_phrase(lang)
        if t is None:
            if self.forecast is None:
                return words("series_only", lang, region=region, indicator=indicator, data=data)
            y = int(self.forecast.index[-1])
            med, lo, hi = (
                value_text(float(self.forecast[c].iloc[-1]), self.unit) for c in ("median", "lower_80", "upper_80")
            )
            return words(
                "series_forecast",
                lang,
                region=region,
                indicator=indicator,
                data=data,
                year=y,
                median=med,
                unit=unit,
                lower=lo,
                upper=hi,
            )
        goal = goal_phrase(
            int(t["target_year"]),
            t["indicator_text_zh"],
            t["kind"],
            t["comparator"],
            goal_text(t),
            self.unit,
            lang,
        )
        if a is None or not bool(a["assessable"]):
            reason = reason_words(self.reason or self.note or Reason("no_data"), lang)
            return words("target_not_assessed", lang, region=region, goal=goal, reason=reason, data=data)
        year = int(t["target_year"])
        if a["method"] == "observed":
            return words(
                "target_observed",
                lang,
                region=region,
                goal=goal,
                year=year,
                value=value_text(a["projected_value"], self.unit),
                unit=unit,
                word=status_words(a["status"], lang),
            )
        med, lo, hi = (
            value_text(a[c], self.unit) for c in ("projected_value", "projected_lower_80", "projected_upper_80")
        )
        text = words(
            "target_forecast",
            lang,
            region=region,
            goal=goal,
            data=data if lang == "zh" else data[0].upper() + data[1:],
            year=year,
            median=med,
            lower=lo,
            upper=hi,
            p=probability_text(a["probability"]),
            word=status_words(a["status"], lang),
        )
        req = a.get("required_growth")
        if req is not None and not is_missing(req):
            text += words("required_growth", lang, year=int(a["last_year"]), growth=rate_text(req))
        return text + words("sentence_end", lang)

    def _data_phrase(self, lang: str) -> str:
        n = len(self.history)
        if n == 0:
            return words("no_data_yet", lang)
        text = words(
            "data_points",
            lang,
            n=n,
            plural="s" if n > 1 else "",
            first=self.history.index[0],
            last=self.history.index[-1],
            value=value_text(float(self.history.iloc[-1]), self.unit),
            unit=unit_suffix(self.unit, lang),
        )
        return text + (words("borrowed_volatility", lang) if 2 <= n < fc.MIN_POINTS_OWN_VOLATILITY else "")


def _target_by_id(target_id: str) -> pd.Series:
    rows = targets()
    rows = rows[rows["target_id"] == target_id]
    if rows.empty:
        raise ValueError(f"target_id {target_id!r} is not in the targets table (see ipdata.targets())")
    return rows.iloc[0]


def _plan_target(region_id: str, indicator_id: str, plan: str | None, target_year: int | None) -> pd.Series | None:
    """The one target of ``plan`` for this region x indicator (and year); ``None`` without a plan."""
    if plan is None:
        return None
    rows = targets(plan=plan, region=region_id, indicator=indicator_id)
    if target_year is not None:
        rows = rows[rows["target_year"] == target_year]
    if rows.empty:
        have = targets(plan=plan)
        raise ValueError(
            f"plan {plan!r} has no target for {indicator_id} in {region_id}"
            + (f" in {target_year}" if target_year else "")
            + f"; its targets are on: {', '.join(sorted(set(have['region_id'] + '/' + have['indicator_id'])))}"
        )
    if len(rows) > 1:
        raise ValueError(
            f"plan {plan!r} has {len(rows)} targets for {indicator_id} in {region_id}: "
            f"{', '.join(rows['target_id'])}; pass target_id=... (or target_year=...) to choose one"
        )
    return rows.iloc[0]


def trajectory(
    region: str | None = None,
    indicator: str | None = None,
    plan: str | Plan | None = None,
    target_year: int | None = None,
    target_id: str | None = None,
    as_of: int | None = None,
    observations: ObservationsInput = None,
    n_paths: int = fc.N_PATHS,
    seed: int = 0,
    assessed: TargetAssessment | None = None,
) -> Trajectory:
    """Gather history, forecast, target, required path and assessment for one region x indicator.

    Args:
        region: Region id or name (optional when ``target_id`` is given).
        indicator: Indicator id or name (optional when ``target_id`` is given).
        plan: Plan whose target to show (``None``: forecast only, no target): an id or title, or an analyst's
            plan from :func:`ipdata.read_plan` (its targets, regions, indicators and observations).
        target_year: Chooses among a plan's targets for the same indicator.
        target_id: A target id from :func:`ipdata.targets` (overrides the three above).
        as_of: Use only observations up to this year, to see what a forecast made then said.
        observations: An analyst's observations file or DataFrame.
        n_paths: Simulation size (same as :func:`ipdata.assess`).
        seed: Simulation seed (same as :func:`ipdata.assess`).
        assessed: A target already judged (from :func:`ipdata.assess_targets`, with the same ``as_of`` and
            ``observations``): its target, points and fit are used as they are, so nothing is read or fitted again.

    Raises:
        UnknownIdError: unknown region, indicator or plan (with suggestions).
        ValueError: no such target, or several targets match (the message lists their ids).
    """
    as_of = checks.as_of("as_of", as_of)  # checked here too: an ``assessed`` target skips assess's checks
    n_paths, seed = checks.n_paths("n_paths", n_paths), checks.seed("seed", seed)
    with plan_scope(plan) as plan_id:
        return _trajectory(
            region, indicator, plan_id, target_year, target_id, as_of, observations, n_paths, seed, assessed
        )


def _trajectory(
    region: str | None,
    indicator: str | None,
    plan: str | None,
    target_year: int | None,
    target_id: str | None,
    as_of: int | None,
    observations: ObservationsInput,
    n_paths: int,
    seed: int,
    assessed: TargetAssessment | None,
) -> Trajectory:
    if assessed is not None:
        target_id = str(assessed.target["target_id"])
    if target_id is None and (region is None or indicator is None):
        raise ValueError("give region and indicator, or target_id")
    if plan is not None:
        plan = resolve_plan(plan)
    target: pd.Series | None
    if target_id is not None:
        target = _target_by_id(target_id)
        region_id, indicator_id = str(target["region_id"]), str(target["indicator_id"])
    else:
        region_id, indicator_id = resolve_region(str(region)), resolve_indicator(str(indicator))
        target = _plan_target(region_id, indicator_id, plan, target_year)
    reg = regions().set_index("region_id").loc[region_id]
    ind = indicators().set_index("indicator_id").loc[indicator_id]
    names = {
        "region": {"zh": str(reg["name_zh"]), "en": str(reg["name_en"])},
        "indicator": {"zh": str(ind["name_zh"]), "en": str(ind["name_en"])},
    }
    observations = observation_set(observations)  # read once for the assessment and the history
    judged = assessed
    if judged is None and target is not None:
        judged = assess_target(target, as_of=as_of, observations=observations, n_paths=n_paths, seed=seed)
    full, note = _history(judged, region_id, indicator_id, as_of, observations)
    out = Trajectory(
        region_id,
        indicator_id,
        names,
        str(ind["unit"]),
        full,
        target=target,
        as_of=as_of,
        note=note,
        sources=sorted(set(provenance(full)["source"])),
    )
    if judged is not None:
        out.assessment = assessment_table([judged]).set_index("target_id").loc[judged.target["target_id"]]
        out.reason = judged.reason
    out.forecast, why_no_fan = _fan(judged, full, region_id, indicator_id)
    note = note or why_no_fan
    out.note = note
    if out.forecast is None and note is None:
        out.note = Reason("one_observation") if len(full) == 1 else Reason("no_observations")
    out.required_path = _required_path(target, year_end_points(full))
    out.judged = judged
    return out


def _history(
    judged: TargetAssessment | None,
    region_id: str,
    indicator_id: str,
    as_of: int | None,
    observations: ObservationsInput,
) -> tuple[pd.Series, Reason | None]:
    """The points to show: the assessment's own when it read them, else read here (once)."""
    if judged is not None and judged.history is not None:
        return judged.history, None
    try:
        return cut_as_of(series(region_id, indicator_id, observations=observations), as_of), None
    except AmbiguousScopeError as exc:  # two scopes and none chosen: nothing to draw
        empty = pd.Series(dtype=float, name=indicator_id)
        return empty, Reason("ambiguous_scope", {**series_names(exc.region, exc.indicator), "scopes": exc.scopes})


def _fan(
    judged: TargetAssessment | None, full: pd.Series, region_id: str, indicator_id: str
) -> tuple[pd.DataFrame | None, Reason | None]:
    """Median and 80/95% intervals up to the target year (or five years on), or why there are none.

    The assessment's own fit when it made one; else one fit here (a target year already past, no target).
    """
    if len(full) < 2:
        return None, None
    last = last_whole_year(full)
    end_year = int(judged.target["target_year"]) if judged is not None else None
    end_year = end_year if end_year and end_year > last else last + DEFAULT_HORIZON
    sim = judged.forecast if judged is not None and judged.forecast is not None else None
    if sim is None or end_year not in sim.years:
        fitted = fit_for_target(full, region_id, indicator_id, end_year)
        if isinstance(fitted, Reason):
            return None, fitted
        sim = fitted
    summary = sim.summary((80, 95))
    return summary.loc[summary.index <= end_year], None


def _required_path(target: pd.Series | None, annual: pd.Series) -> pd.Series | None:
    """Geometric path from the latest year-end value to a one-year target still ahead."""
    if target is None or target["kind"] not in SINGLE_YEAR_KINDS or not len(annual):
        return None
    if int(target["target_year"]) <= int(annual.index[-1]):
        return None
    goal = goal_value(target)
    y0, v0 = int(annual.index[-1]), float(annual.iloc[-1])
    years = np.arange(y0, int(target["target_year"]) + 1)
    if v0 <= 0 or goal <= 0:
        return None
    return pd.Series(v0 * (goal / v0) ** ((years - y0) / (years[-1] - y0)), index=years, name="required")
