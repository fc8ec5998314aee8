"""The bundled tables (plans, regions, indicators, targets), id resolution, and the rules about targets.

One verb per concept, wbgapi-style: ``plans()``, ``regions()``, ``indicators()``, ``targets()``
return tidy DataFrames (observations and series are in :mod:`ipdata.history`). Regions, indicators
and plans are found by id, Chinese name, English name or alias, so ``"嘉兴"``, ``"嘉兴市"``,
``"Jiaxing"`` and ``"jiaxing"`` are the same region.

The rules that say what a target row means live here, once: its goal value (:func:`goal_value`) and
the groups of target kinds that are judged the same way (:data:`SINGLE_YEAR_KINDS` and friends).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .errors import UnknownIdError, closest
from .files import data_dir

__all__ = [
    "PERIOD_KINDS",
    "RELATIVE_KINDS",
    "SINGLE_YEAR_KINDS",
    "VALUE_KINDS",
    "goal_value",
    "indicators",
    "plan_title",
    "plans",
    "regions",
    "resolve_indicator",
    "resolve_plan",
    "resolve_region",
    "table",
    "targets",
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


def goal_value(target: pd.Series) -> float:
    """The number a target must reach: ``value``, or the low end ``value_low`` of a range (1–2个 is met at 1)."""
    return float(target["value_low"] if target["comparator"] == "range" else target["value"])


@cache
def _read(name: str) -> pd.DataFrame:
    df = pd.read_csv(data_dir() / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    for col in NUMERIC.get(name, []):
        df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("float64")
    for col in INTEGER.get(name, []):
        df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("Int64")
    return df


def table(name: str) -> pd.DataFrame:
    """One bundled table (``data/<name>.csv``) as written: strings kept (no NA guessing), numbers typed.

    Read once per process; callers get a copy, so changing it cannot change what others read.
    """
    return _read(name).copy()


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


@cache
def _lookup(what: str) -> dict[str, str]:
    if what == "region":
        return _names(_read("regions"), "region_id", ["name_zh", "name_en"])
    if what == "indicator":
        return _names(_read("indicators"), "indicator_id", ["name_zh", "name_en"])
    return _names(_read("plans"), "plan_id", ["title_zh", "title_en"])


def _resolve(what: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnknownIdError(what, value, [])
    table = _lookup(what)
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


def targets(plan: str | None = None, region: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """Every quantitative plan target, optionally filtered.

    Args:
        plan: Plan id or title.
        region: Region id or name.
        indicator: Indicator id or name.

    Returns:
        One row per target with value or range, unit, target year or period, baseline where the
        document states one, seed file and the verbatim Chinese quote.
    """
    df = table("targets")
    if plan is not None:
        df = df[df["plan_id"] == resolve_plan(plan)]
    if region is not None:
        df = df[df["region_id"] == resolve_region(region)]
    if indicator is not None:
        df = df[df["indicator_id"] == resolve_indicator(indicator)]
    return df.reset_index(drop=True)


def plan_title(plan: str, lang: str) -> str:
    """The plan's title in ``lang`` (``zh`` or ``en``), from the plans table; ``plan`` is an id or a title."""
    row = _read("plans").set_index("plan_id").loc[resolve_plan(plan)]
    return str(row["title_zh"] if lang == "zh" else row["title_en"])
