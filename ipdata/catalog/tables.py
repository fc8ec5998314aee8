"""The bundled tables (plans, regions, indicators, targets), id resolution, and the rules about targets.

One verb per concept, wbgapi-style: ``plans()``, ``regions()``, ``indicators()``, ``targets()``
return tidy DataFrames (observations and series are in :mod:`ipdata.observed.observations`). Regions, indicators
and plans are found by id, Chinese name, English name or alias, so ``"嘉兴"``, ``"嘉兴市"``,
``"Jiaxing"`` and ``"jiaxing"`` are the same region.

The rules that say what a target row means live here, once: its goal value (:func:`goal_value`) and
the groups of target kinds that are judged the same way (:data:`SINGLE_YEAR_KINDS` and friends).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from ..core.dates import year_of
from ..core.errors import Problem, UnknownIdError, closest
from ..core.paths import data_dir
from ..core.words import pick

__all__ = [
    "COMPARATOR_DIRECTION",
    "EXTENDED_TABLES",
    "PERIOD_KINDS",
    "Plan",
    "RELATIVE_KINDS",
    "SINGLE_YEAR_KINDS",
    "VALUE_KINDS",
    "against_direction",
    "document_title",
    "goal_value",
    "indicators",
    "is_within_year",
    "plan_title",
    "plans",
    "regions",
    "resolve_indicator",
    "resolve_plan",
    "resolve_region",
    "series_names",
    "table",
    "plan_in_scope",
    "plan_scope",
    "target_problems",
    "target_warnings",
    "targets",
    "typed_table",
]

NUMERIC = {
    "indicators": ["lower_bound", "upper_bound"],
    "targets": ["value", "value_low", "value_high", "baseline_value"],
    "observations_seeds": ["value"],
    "observations_sources": ["value"],
}
INTEGER = {"targets": ["target_year", "baseline_year"]}

# Target kinds (targets.csv ``kind``), grouped by how a target of that kind is judged:
VALUE_KINDS = ("level", "flow", "count", "share")  # one value in the target year, compared with the goal
SINGLE_YEAR_KINDS = VALUE_KINDS + ("floor",)  # a value per year: growth required from the latest value applies
PERIOD_KINDS = ("cumulative", "growth_rate")  # a sum or an average over the period, not a point on the chart
RELATIVE_KINDS = ("reduction", "increase")  # relative to an unstated base (原有基础): not assessable


WITHIN_YEAR_SUFFIXES = ("_ytd", "_month")


def is_within_year(indicator_id: str) -> bool:
    """A year-to-date or in-month count (``*_ytd``, ``*_month``): its points within one year are not a trajectory.

    The one home of that indicator property: the bundled series pool and the batch leave such series out.
    """
    return str(indicator_id).endswith(WITHIN_YEAR_SUFFIXES)


def goal_value(target: pd.Series) -> float:
    """The number a target must reach: ``value``, or the low end ``value_low`` of a range (1–2个 is met at 1)."""
    return float(target["value_low"] if target["comparator"] == "range" else target["value"])


EXTENDED_TABLES = ("plans", "regions", "indicators", "targets")  # the tables an analyst's plan file adds rows to


@dataclass(frozen=True, eq=False)
class Plan:
    """A plan an analyst brings (read by :func:`ipdata.read_plan`): its rows of the bundled tables and its numbers.

    Every verb that takes ``plan=`` accepts one (``ipdata.assess(plan=p)``): while it runs, the plan's
    rows join the bundled tables (a bundled plan of the same id is replaced by it) and its
    observations join the bundled ones, so its new regions and indicators resolve like bundled ones.

    Attributes:
        plan_id: The plan's id (its row of ``tables["plans"]``).
        tables: ``plans`` (one row), ``targets``, and the ``indicators`` and ``regions`` it defines, typed as
            :func:`table` types the bundled ones.
        observations: Its observations in the bundled observation columns plus ``origin="user"``.
        source: The file or folder it was read from.
    """

    plan_id: str
    tables: Mapping[str, pd.DataFrame]
    observations: pd.DataFrame
    source: str = ""

    def __repr__(self) -> str:
        n = len(self.tables["targets"])
        return f"<ipdata.Plan {self.plan_id!r}: {n} targets, {len(self.observations)} observations, from {self.source}>"


_IN_SCOPE: ContextVar[Plan | None] = ContextVar("ipdata_plan_in_scope", default=None)


def plan_in_scope() -> Plan | None:
    """The analyst's plan the current call works with (see :func:`plan_scope`), or ``None``."""
    return _IN_SCOPE.get()


@contextmanager
def plan_scope(plan: str | Plan | None) -> Iterator[str | None]:
    """Work with ``plan`` in scope and yield its id (a plan id or title passes through unchanged).

    Why a scope and not a parameter: a plan's new regions and indicators must resolve wherever ids
    are resolved (reading observations, series, forecasts, figures); threading a table argument through
    every one of those calls would put the same argument in forty signatures. The scope is a
    :class:`contextvars.ContextVar`, so threads and asyncio tasks each keep their own.
    """
    if not isinstance(plan, Plan):
        yield plan
        return
    token = _IN_SCOPE.set(plan)
    try:
        yield plan.plan_id
    finally:
        _IN_SCOPE.reset(token)


def typed_table(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (every cell text) with the numeric columns of table ``name`` typed as the bundled table types them."""
    df = df.copy()
    for col in NUMERIC.get(name, []):
        df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("float64")
    for col in INTEGER.get(name, []):
        df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("Int64")
    return df


@cache
def _read(name: str) -> pd.DataFrame:
    text = pd.read_csv(data_dir() / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    return typed_table(name, text)


def _with_plan(name: str, bundled: pd.DataFrame, plan: Plan | None) -> pd.DataFrame:
    """The bundled table joined by the rows ``plan`` adds (its own version of a bundled plan replaces it)."""
    if plan is None or name not in plan.tables:
        return bundled.copy()
    if name in ("plans", "targets"):
        bundled = bundled[bundled["plan_id"] != plan.plan_id]
    return pd.concat([bundled, plan.tables[name][bundled.columns]], ignore_index=True)


def table(name: str) -> pd.DataFrame:
    """One bundled table (``data/<name>.csv``) as written: strings kept (no NA guessing), numbers typed.

    Read once per process; callers get a copy, so changing it cannot change what others read. While an
    analyst's plan is in scope (:func:`plan_scope`), its rows are part of the table.
    """
    return _with_plan(name, _read(name), plan_in_scope())


def plans() -> pd.DataFrame:
    """All plan documents (id, titles, issuer, issue date, period, seed file)."""
    return table("plans")


def regions() -> pd.DataFrame:
    """All regions (id, Chinese and English names, level, parent, aliases)."""
    return table("regions")


def indicators() -> pd.DataFrame:
    """All indicators (id, names, unit, kind, desired direction, bounds, definitional notes)."""
    return table("indicators")


def _names(df: pd.DataFrame, id_col: str, name_cols: list[str]) -> dict[str, str]:
    """Map every id, name and alias (case-folded) to the id."""
    lookup: dict[str, str] = {}
    for _, row in df.iterrows():
        names = [row[id_col], *(row[c] for c in name_cols)]
        if "aliases" in row:
            names += [a for a in row["aliases"].split(";") if a]
        for name in names:
            lookup.setdefault(str(name).strip().casefold(), row[id_col])
    return lookup


@lru_cache(maxsize=16)
def _lookup(what: str, plan: Plan | None) -> dict[str, str]:
    if what == "region":
        return _names(_with_plan("regions", _read("regions"), plan), "region_id", ["name_zh", "name_en"])
    if what == "indicator":
        return _names(_with_plan("indicators", _read("indicators"), plan), "indicator_id", ["name_zh", "name_en"])
    return _names(_with_plan("plans", _read("plans"), plan), "plan_id", ["title_zh", "title_en"])


def _resolve(what: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnknownIdError(what, value, [])
    table = _lookup(what, plan_in_scope())
    key = value.strip().casefold()
    if key in table:
        return table[key]
    # Chinese names are often typed without the administrative suffix (嘉兴 for 嘉兴市).
    for suffix in ("市", "省", "区", "县"):
        if key + suffix in table:
            return table[key + suffix]
    raise UnknownIdError(what, value, closest(value, table.keys()))


def resolve_region(value: str) -> str:
    """Return the region id for an id, Chinese or English name or alias.

    Raises:
        UnknownIdError: with the closest known names as suggestions.
    """
    return _resolve("region", value)


def resolve_indicator(value: str) -> str:
    """Return the indicator id for an id, Chinese or English name or alias.

    Raises:
        UnknownIdError: with the closest known names as suggestions.
    """
    return _resolve("indicator", value)


def resolve_plan(value: str) -> str:
    """Return the plan id for an id or a Chinese or English title.

    Raises:
        UnknownIdError: with the closest known names as suggestions.
    """
    return _resolve("plan", value)


def targets(plan: str | Plan | None = None, region: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """Every quantitative plan target, optionally filtered.

    Args:
        plan: Plan id or title, or an analyst's :class:`Plan` (its targets, resolved with its regions and indicators).
        region: Region id or name.
        indicator: Indicator id or name.

    Returns:
        One row per target with value or range, unit, target year or period, baseline where the
        document states one, seed file and the verbatim Chinese quote.
    """
    with plan_scope(plan) as plan_id:
        df = table("targets")
        if plan_id is not None:
            df = df[df["plan_id"] == resolve_plan(plan_id)]
        if region is not None:
            df = df[df["region_id"] == resolve_region(region)]
        if indicator is not None:
            df = df[df["indicator_id"] == resolve_indicator(indicator)]
    return df.reset_index(drop=True)


def series_names(region_id: str, indicator_id: str) -> dict[str, str]:
    """A region's and an indicator's names in both languages (``region_zh`` … ``indicator_en``; the id if unknown).

    Why: a reason a reader sees ("浙江省的发明专利授权量有两种统计口径") names them, never by their ids.
    """
    with_names = {
        "region": (regions(), "region_id", region_id),
        "indicator": (indicators(), "indicator_id", indicator_id),
    }
    out = {}
    for what, (df, id_col, value) in with_names.items():
        row = df[df[id_col] == value]
        for lang in ("zh", "en"):
            out[f"{what}_{lang}"] = str(row[f"name_{lang}"].iloc[0]) if len(row) else value
    return out


def plan_title(plan: str | Plan, lang: str) -> str:
    """The plan's title in ``lang`` (``zh`` or ``en``), from the plans table; ``plan`` is an id, a title or a Plan."""
    with plan_scope(plan) as plan_id:
        row = table("plans").set_index("plan_id").loc[resolve_plan(str(plan_id))]
    return str(row["title_zh"] if lang == "zh" else row["title_en"])


def document_title(source: str, lang: str = "zh") -> str:
    """A source as a reader should see it: a plan document's file (``000_f0803d9b6e78f867.txt``) as its title.

    Anything else (a URL, ``file:row`` of a raw source, an analyst's own file) is returned as it is.
    """
    name = source.split(":", 1)[0] if not source.startswith(("http://", "https://")) else source
    titles = _document_titles(plan_in_scope()).get(name)
    return source if titles is None else pick(titles, lang)


@lru_cache(maxsize=16)
def _document_titles(plan: Plan | None) -> dict[str, tuple[str, str]]:
    """Plan document file -> (Chinese, English) title; made once per plan in scope (sources name it per point)."""
    titles: dict[str, tuple[str, str]] = {}
    for r in _with_plan("plans", _read("plans"), plan).itertuples():
        titles.setdefault(str(r.seed_file), (str(r.title_zh), str(r.title_en)))  # the first plan of a document
    return titles


COMPARATOR_DIRECTION = {"at_least": "increase", "range": "increase", "at_most": "decrease"}
"""The way each comparator asks its indicator to move (``range`` is met at its low end); ``about`` asks for none.

The one rule of "which way is progress" for a target: the assessment reads progress in this direction and the
probability from the same comparator, so the two cannot disagree; validation warns where it runs against the
indicator's desired direction."""


def against_direction(comparator: str, direction: str) -> bool:
    """Whether a comparator asks the opposite of the indicator's desired direction (``at_most`` on one that grows)."""
    asked = COMPARATOR_DIRECTION.get(comparator)
    return asked is not None and direction in ("increase", "decrease") and asked != direction


def target_warnings(targets: pd.DataFrame, indicators: pd.DataFrame, file: str) -> list[Problem]:
    """Targets a plan may mean otherwise: a comparator against the indicator's direction (a cap on what should grow).

    Not an error (a plan may cap a count it wants lower); the assessment does not judge such a target and says
    why, so ``validate`` names it first.
    """
    directions = indicators.set_index("indicator_id")["direction"].to_dict()
    problems = []
    for t in targets.to_dict("records"):
        direction = str(directions.get(t["indicator_id"], ""))
        if t["kind"] not in RELATIVE_KINDS and against_direction(str(t["comparator"]), direction):
            message = (
                f"target {t['target_id']}: comparator {t['comparator']!r} runs against {t['indicator_id']}'s "
                f"desired direction ({direction}); it will not be judged until comparator or indicator is checked"
            )
            message_zh = (
                f"目标 {t['target_id']}：比较方式 {t['comparator']!r} 与指标 {t['indicator_id']} 的期望方向"
                f"（{direction}）相反；核对比较方式或指标之前，不评估这项目标"
            )
            problems.append(Problem(file, None, "comparator", message, message_zh=message_zh))
    return problems


def target_problems(
    targets: pd.DataFrame, plans: pd.DataFrame, indicators: pd.DataFrame, file: str, first_row: int = 2
) -> list[Problem]:
    """What is inconsistent in target rows (typed as :func:`table` types them), one :class:`Problem` each.

    The one home of the rules a target must keep beyond its cell types: the bundled table's data test
    and :func:`ipdata.read_plan` both call it. Rows are numbered from ``first_row`` (the first data row as
    the spreadsheet shows it).
    """
    units = indicators.set_index("indicator_id")["unit"].to_dict()
    periods = plans.set_index("plan_id")[["period_start", "period_end"]].to_dict("index")
    problems: list[Problem] = []
    for i, t in enumerate(targets.to_dict("records"), start=first_row):

        def bad(column: str, message: str, message_zh: str | None = None, row: int = i) -> None:
            problems.append(Problem(file, row, column, message, message_zh=message_zh))

        relative = t["kind"] in ("growth_rate", *RELATIVE_KINDS)
        expected_unit = "%" if relative else units.get(t["indicator_id"])
        if expected_unit is not None and t["unit"] != expected_unit:
            why = "a growth or change target is in %" if relative else f"the unit of {t['indicator_id']}"
            why_zh = "增速或变化目标以 % 计" if relative else f"指标 {t['indicator_id']} 的单位"
            bad(
                "unit",
                f"expected {expected_unit!r} ({why}), found {t['unit']!r}",
                f"单位应为 {expected_unit!r}（{why_zh}），实际为 {t['unit']!r}",
            )
        _value_problems(t, bad)
        period = periods.get(t["plan_id"])
        start, end = year_of(str(t["period_start"])), year_of(str(t["period_end"]))
        if t["kind"] == "cumulative" and (start is None or end is None):
            bad(
                "period_start",
                "a cumulative target needs its period (period_start and period_end, YYYY-MM)",
                "累计目标须填写期间（period_start 和 period_end，格式 YYYY-MM）",
            )
        if start is not None and end is not None and str(t["period_start"]) > str(t["period_end"]):
            bad(
                "period_end",
                f"the period ends ({t['period_end']}) before it starts ({t['period_start']})",
                f"期间的结束时间（{t['period_end']}）早于开始时间（{t['period_start']}）",
            )
        year = t["target_year"]
        if period is not None and not pd.isna(year):
            first, last = year_of(period["period_start"]), year_of(period["period_end"])
            if first is not None and last is not None and not first <= int(year) <= last:
                bad(
                    "target_year",
                    f"{int(year)} is outside the plan period {first}–{last}",
                    f"目标年份 {int(year)} 不在规划期 {first}—{last} 内",
                )
        base = t["baseline_year"]
        if not pd.isna(base) and not pd.isna(year) and int(base) > int(year):
            bad(
                "baseline_year",
                f"the baseline year {int(base)} is after the target year {int(year)}",
                f"基期年份 {int(base)} 晚于目标年份 {int(year)}",
            )
        if not pd.isna(t["baseline_value"]) and pd.isna(base):
            bad("baseline_year", "a baseline value needs its year", "填写了基期值，也须填写基期年份")
    return problems


def _value_problems(t: Mapping[Any, Any], bad: Callable[[str, str, str], None]) -> None:
    """A range has ``value_low`` < ``value_high`` and no ``value``; any other target has ``value`` alone."""
    low, high, value = t["value_low"], t["value_high"], t["value"]
    if t["comparator"] != "range":
        if pd.isna(value):
            bad(
                "value",
                f"a target with comparator {t['comparator']!r} needs its value",
                f"比较方式为 {t['comparator']!r} 的目标须填写目标值（value）",
            )
        if not (pd.isna(low) and pd.isna(high)):
            bad(
                "value_low",
                "value_low and value_high are for comparator 'range' only",
                "value_low 和 value_high 只用于比较方式 'range'（区间）",
            )
        return
    if not pd.isna(value):
        bad(
            "value",
            "a range target gives value_low and value_high, not value",
            "区间目标填写 value_low 和 value_high，不填 value",
        )
    if pd.isna(low) or pd.isna(high):
        bad("value_low", "a range target needs value_low and value_high", "区间目标须填写 value_low 和 value_high")
    elif float(low) >= float(high):
        bad(
            "value_high",
            f"the range's low end {low:g} is not below its high end {high:g}",
            f"区间的下限 {low:g} 不小于上限 {high:g}",
        )
