"""One region x indicator (and its plan target): history, forecast, required path, verdict.

What ``notebooks/trajectory.ipynb`` and the trajectory figures show, computed in one place so the
notebook stays thin and the figure, the table and the memo sentence agree. The forecast is the
assessment's own predictive distribution (:func:`ipdata.assessment.distribution_for_target`), so
the fan in the figure and the projection and probability in the table come from the same fit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from os import PathLike

import numpy as np
import pandas as pd

from . import forecasting as fc
from .assessment import _annual, _cut, assess, distribution_for_target
from .catalog import indicators, regions, resolve_indicator, resolve_plan, resolve_region, series, targets

__all__ = ["LANGUAGES", "Trajectory", "check_language", "format_number", "reason_words", "status_words", "trajectory",
           "unit_label"]

LANGUAGES = ("zh", "en")
DEFAULT_HORIZON = 5  # years forecast when there is no target year
LEVEL_KINDS = ("level", "flow", "count", "share", "floor")  # targets that are a value in one year

_PROB_WORDS = {
    "very_likely": ("很可能", "very likely"), "likely": ("可能", "likely"),
    "about_as_likely_as_not": ("可能性约一半", "about as likely as not"), "unlikely": ("不太可能", "unlikely"),
    "very_unlikely": ("很不可能", "very unlikely"), "target_achieved": ("已实现", "achieved"),
    "target_missed": ("未实现", "missed"),
}


_UNITS_EN = {"件": "", "个": "", "件/万人": "per 10,000 people", "%": "%", "亿元": "× 100 million yuan",
             "万元": "× 10,000 yuan", "次": "times", "人": "people", "人次": "person-times", "项": "items",
             "家": "entities", "件/百家企业": "per 100 firms", "所": "institutions"}


def unit_label(unit: str, lang: str) -> str:
    """The unit as printed after a number: Chinese as published, English translated (counts: none)."""
    return unit if lang == "zh" else _UNITS_EN.get(unit, unit)


def status_words(status: str, lang: str) -> str:
    """The probability or outcome status in words, in ``lang`` (``zh`` or ``en``)."""
    zh, en = _PROB_WORDS.get(status, (status, status))
    return zh if lang == "zh" else en


# The assessment's reasons for not assessing a target, in Chinese. The assessment writes them in
# English (they are table values); a zh memo or dashboard shows them translated.
_REASONS_ZH = [
    (r"relative change from an unstated base \(原有基础\): the base value is not in the data", lambda m: "相对原有基础的变化：数据中没有基数"),
    (r"no year-end observations of \S+ for \S+(?: up to (\d+))?",
     lambda m: "没有年末观测值" + (f"（截至{m[1]}年）" if m[1] else "")),
    (r"average growth target needs the (\d+) base value, which is not in the data", lambda m: f"年均增速目标需要{m[1]}年基数，数据中没有"),
    (r"one observation: no forecast, only the required growth", lambda m: "只有一个观测值：不作预测，只计算所需增速"),
    (r"target year (\d+) has passed and has no year-end observation", lambda m: f"目标年{m[1]}年已过，但没有年末观测值"),
    (r"cumulative target on a stock indicator", lambda m: "存量指标不能按累计目标评估"),
    (r"cumulative over (\d+)-(\d+) but years \[(.*)\] are not observed",
     lambda m: f"{m[1]}-{m[2]}年累计，但{m[3].replace(', ', '、')}年没有观测值"),
    (r"kind '(\w+)' is not assessed", lambda m: f"不评估{m[1]}类目标"),
    (r"no (?:data|observations)", lambda m: "没有数据"),
]


def reason_words(reason: str, lang: str) -> str:
    """Why a target was not assessed, in ``lang``; reasons without a translation stay as written."""
    if lang == "zh":
        for pattern, words in _REASONS_ZH:
            m = re.fullmatch(pattern, reason)
            if m:
                return words(m)
    return reason


def check_language(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the parameter."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    return lang


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
        note: Why there is no forecast or no target, in English (empty when there is nothing to say).
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
    note: str = ""
    sources: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """The observations with status and source, one row per date."""
        h = self.history
        return pd.DataFrame({"value": h.to_numpy(), "status": h.attrs.get("status", [""] * len(h))[: len(h)],
                             "source": h.attrs.get("sources", [""] * len(h))[: len(h)]},
                            index=pd.Index([str(i) for i in h.index], name="date"))

    def sentence(self, lang: str = "zh") -> str:
        """The sentence an analyst pastes into a memo (Chinese or English)."""
        check_language(lang)
        region, indicator = self.names["region"][lang], self.names["indicator"][lang]
        a, t, unit = self.assessment, self.target, unit_label(self.unit, lang)
        data = self._data_phrase(lang)
        if t is None:
            if self.forecast is None:
                return f"{region}{indicator}：{data}。" if lang == "zh" else f"{region}, {indicator}: {data}."
            y = int(self.forecast.index[-1])
            med, lo, hi = (self.forecast.loc[y, c] for c in ("median", "lower_80", "upper_80"))
            if lang == "zh":
                return f"{region}{indicator}：{data}；预测{y}年中位数{format_number(med)}{unit}（80%区间{format_number(lo)}–{format_number(hi)}）。"
            return f"{region}, {indicator}: {data}; {y} forecast median {format_number(med)}{_sp(unit)} (80% interval {format_number(lo)}–{format_number(hi)})."
        goal = _goal(t, lang, unit)
        if a is None or not bool(a["assessable"]):
            reason = reason_words((a["reason"] if a is not None else self.note) or "no data", lang)
            if lang == "zh":
                return f"{region}{goal}：无法评估（{reason}）；{data}。"
            return f"{region}: {goal}. Cannot be assessed ({reason}); {data}."
        if a["method"] == "observed":
            word = status_words(a["status"], lang)
            if lang == "zh":
                return f"{region}{goal}：{int(t['target_year'])}年实际为{format_number(a['projected_value'])}{unit}，目标{word}。"
            return f"{region}: {goal}. The {int(t['target_year'])} outcome was {format_number(a['projected_value'])}{_sp(unit)}: target {word}."
        p, word = float(a["probability"]), status_words(a["status"], lang)
        med, lo, hi = (a[c] for c in ("projected_value", "projected_lower_80", "projected_upper_80"))
        req = a.get("required_growth")
        if lang == "zh":
            text = (f"{region}{goal}：{data}，按此预测{int(t['target_year'])}年中位数为{format_number(med)}（80%区间{format_number(lo)}–{format_number(hi)}），"
                    f"实现概率约{p:.0%}（{word}）")
            if req is not None and not _isnan(req):
                text += f"；需自{int(a['last_year'])}年起年均增长{req:.1%}"
            return text + "。"
        text = (f"{region}: {goal}. {data[0].upper() + data[1:]}; the {int(t['target_year'])} median projection is {format_number(med)} "
                f"(80% interval {format_number(lo)}–{format_number(hi)}), a probability of attainment of about {p:.0%} ({word})")
        if req is not None and not _isnan(req):
            text += f"; it needs {req:.1%} a year from {int(a['last_year'])}"
        return text + "."

    def _data_phrase(self, lang: str) -> str:
        n = len(self.history)
        if n == 0:
            return "暂无观测数据" if lang == "zh" else "no observations yet"
        first, last = self.history.index[0], self.history.index[-1]
        value, unit = format_number(float(self.history.iloc[-1])), unit_label(self.unit, lang)
        if lang == "zh":
            text = f"现有{n}个观测值（{first}–{last}，最新{value}{unit}）"
            return text + ("，点数过少，波动率借自相关序列" if 2 <= n < fc.MIN_POINTS_OWN_VOLATILITY else "")
        text = f"{n} observation{'s' if n > 1 else ''} ({first}–{last}, latest {value}{_sp(unit)})"
        return text + (", too few to estimate volatility, so it is borrowed from related series" if 2 <= n < fc.MIN_POINTS_OWN_VOLATILITY else "")


def _sp(unit: str) -> str:
    return f" {unit}" if unit and unit != "%" else unit


def _isnan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def format_number(x: float) -> str:
    """Three significant figures, thousands separated (a memo or label number, not a database one)."""
    if _isnan(x):
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _goal(t: pd.Series, lang: str, unit: str) -> str:
    value = t["value"] if t["comparator"] != "range" else t["value_low"]
    comp = {"at_least": ("达到", "at least"), "at_most": ("不超过", "at most"), "about": ("左右", "about"),
            "range": ("达到", "at least")}.get(t["comparator"], ("", ""))
    kind = t["kind"]
    y = int(t["target_year"])
    if lang == "zh":
        what = {"cumulative": "累计", "growth_rate": "年均增长", "floor": "每年"}.get(kind, "")
        if t["comparator"] == "about":
            return f"{y}年{t['indicator_text_zh']}{what}目标{format_number(value)}{unit}左右"
        return f"{y}年{t['indicator_text_zh']}{what}目标{comp[0]}{format_number(value)}{unit}"
    what = {"cumulative": " (cumulative over the period)", "growth_rate": " (average annual growth)",
            "floor": " (in every year)"}.get(kind, "")
    return f"{y} target {comp[1]} {format_number(value)}{_sp(unit)}{what}"


def _pick_target(region_id: str, indicator_id: str, plan: str | None, target_year: int | None,
                 target_id: str | None) -> pd.Series | None:
    if target_id is not None:
        rows = targets()
        rows = rows[rows["target_id"] == target_id]
        if rows.empty:
            raise ValueError(f"target_id {target_id!r} is not in the targets table (see ipdata.targets())")
        return rows.iloc[0]
    if plan is None:
        return None
    rows = targets(plan=plan, region=region_id, indicator=indicator_id)
    if target_year is not None:
        rows = rows[rows["target_year"] == target_year]
    if rows.empty:
        have = targets(plan=plan)
        raise ValueError(f"plan {plan!r} has no target for {indicator_id} in {region_id}"
                         + (f" in {target_year}" if target_year else "")
                         + f"; its targets are on: {', '.join(sorted(set(have['region_id'] + '/' + have['indicator_id'])))}")
    if len(rows) > 1:
        raise ValueError(f"plan {plan!r} has {len(rows)} targets for {indicator_id} in {region_id}: "
                         f"{', '.join(rows['target_id'])}; pass target_id=... (or target_year=...) to choose one")
    return rows.iloc[0]


def trajectory(region: str | None = None, indicator: str | None = None, plan: str | None = None,
               target_year: int | None = None, target_id: str | None = None, as_of: int | None = None,
               extra: pd.DataFrame | str | PathLike[str] | None = None, n_paths: int = fc.N_PATHS,
               seed: int = 0) -> Trajectory:
    """Gather history, forecast, target, required path and assessment for one region x indicator.

    Args:
        region, indicator: Ids or names (optional when ``target_id`` is given).
        plan: Plan whose target to show (``None``: forecast only, no target).
        target_year: Chooses among a plan's targets for the same indicator.
        target_id: A target id from :func:`ipdata.targets` (overrides the three above).
        as_of: Use only observations up to this year, to see what a forecast made then said.
        extra: An analyst's observations file or DataFrame.
        n_paths, seed: Simulation size and seed (same as :func:`ipdata.assess`).

    Raises:
        UnknownIdError: unknown region, indicator or plan (with suggestions).
        ValueError: no such target, or several targets match (the message lists their ids).
    """
    if target_id is None and (region is None or indicator is None):
        raise ValueError("give region and indicator, or target_id")
    if plan is not None:
        plan = resolve_plan(plan)
    if target_id is not None:
        target = _pick_target("", "", None, None, target_id)
    else:
        target = _pick_target(resolve_region(region), resolve_indicator(indicator), plan, target_year, None)
    region_id = target["region_id"] if target is not None else resolve_region(region)
    indicator_id = target["indicator_id"] if target is not None else resolve_indicator(indicator)
    reg = regions().set_index("region_id").loc[region_id]
    ind = indicators().set_index("indicator_id").loc[indicator_id]
    names = {"region": {"zh": reg["name_zh"], "en": reg["name_en"]},
             "indicator": {"zh": ind["name_zh"], "en": ind["name_en"]}}
    note = ""
    try:
        full = _cut(series(region_id, indicator_id, extra=extra), as_of)
    except ValueError as exc:  # e.g. two scopes and none chosen
        full, note = pd.Series(dtype=float, name=indicator_id), str(exc)
        full.attrs = {"sources": [], "status": []}
    out = Trajectory(region_id, indicator_id, names, ind["unit"], full, target=target, as_of=as_of, note=note,
                     sources=sorted(set(full.attrs.get("sources", [])[: len(full)])))
    if target is not None:
        table = assess(plan=target["plan_id"], region=region_id, indicator=indicator_id, as_of=as_of, extra=extra,
                       n_paths=n_paths, seed=seed)
        out.assessment = table.set_index("target_id").loc[target["target_id"]]
    end_year = int(target["target_year"]) if target is not None else None
    if len(full) >= 2:
        last = int(math.floor(fc.to_years(full).index[-1] + 1e-9))
        end_year = end_year if end_year and end_year > last else last + DEFAULT_HORIZON
        summary = distribution_for_target(full, region_id, indicator_id, end_year).summary((80, 95))
        out.forecast = summary.loc[summary.index <= end_year]
    elif not note:
        out.note = "one observation: no forecast, only the required growth" if len(full) == 1 else "no observations"
    annual = _annual(full)
    if (target is not None and target["kind"] in LEVEL_KINDS and len(annual) and int(target["target_year"]) > int(annual.index[-1])):
        goal = target["value"] if target["comparator"] != "range" else target["value_low"]
        y0, v0 = int(annual.index[-1]), float(annual.iloc[-1])
        years = np.arange(y0, int(target["target_year"]) + 1)
        if v0 > 0 and goal > 0:
            out.required_path = pd.Series(v0 * (goal / v0) ** ((years - y0) / (years[-1] - y0)), index=years, name="required")
    return out
