"""The bundled tables and the verbs analysts use on them.

One verb per concept, wbgapi-style: ``plans()``, ``regions()``, ``indicators()``, ``targets()``,
``observations()`` return tidy DataFrames; ``series()`` returns one region x indicator as a
pandas Series with its metadata in ``Series.attrs``. Regions, indicators and plans are found by
id, Chinese name, English name or alias, so ``series("嘉兴", "每万人发明专利拥有量")`` and
``series("jiaxing", "invention_patents_per_10k")`` are the same call.
"""

from __future__ import annotations

import re
from functools import lru_cache
from os import PathLike
from typing import Any

import pandas as pd

from ._paths import data_dir
from .errors import UnknownIdError, closest

__all__ = [
    "indicators",
    "observations",
    "plans",
    "regions",
    "resolve_indicator",
    "resolve_plan",
    "resolve_region",
    "series",
    "targets",
]

NUMERIC = {
    "indicators": ["lower_bound", "upper_bound"],
    "targets": ["value", "value_low", "value_high", "baseline_value"],
    "observations_seeds": ["value"],
    "observations_sources": ["value"],
}
INTEGER = {"targets": ["target_year", "baseline_year"]}
STATUS_RANK = {"final": 0, "preliminary": 1, "derived": 2, "unofficial": 3}
ORIGIN_RANK = {"user": 0, "seed": 1, "source": 2}
ANNUAL = re.compile(r"^\d{4}$")
MONTHLY = re.compile(r"^\d{4}-\d{2}$")


@lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    """Read one bundled CSV with strings kept as written (no NA guessing), numbers typed."""
    df = pd.read_csv(data_dir() / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    for col in NUMERIC.get(name, []):
        df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("float64")
    for col in INTEGER.get(name, []):
        df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("Int64")
    return df


def plans() -> pd.DataFrame:
    """All plan documents (id, titles, issuer, issue date, period, seed file)."""
    return _read("plans").copy()


def regions() -> pd.DataFrame:
    """All regions (id, Chinese and English names, level, parent, aliases)."""
    return _read("regions").copy()


def indicators() -> pd.DataFrame:
    """All indicators (id, names, unit, kind, desired direction, bounds, definitional notes)."""
    return _read("indicators").copy()


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


@lru_cache(maxsize=None)
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
    df = _read("targets")
    if plan is not None:
        df = df[df["plan_id"] == resolve_plan(plan)]
    if region is not None:
        df = df[df["region_id"] == resolve_region(region)]
    if indicator is not None:
        df = df[df["indicator_id"] == resolve_indicator(indicator)]
    return df.reset_index(drop=True)


def _significant_digits(value: float) -> int:
    """Digits that carry information: 74452 has 5, 74000 has 2 (a rounded '7.4万')."""
    text = f"{abs(value):.10g}".replace(".", "").lstrip("0").rstrip("0")
    return len(text)


@lru_cache(maxsize=None)
def _bundled_observations() -> pd.DataFrame:
    seeds = _read("observations_seeds").assign(origin="seed")
    sources = _read("observations_sources").assign(origin="source")
    return pd.concat([seeds, sources], ignore_index=True)


def _mark_preferred(df: pd.DataFrame) -> pd.DataFrame:
    """Flag one row per (region, indicator, scope, date) as ``preferred``.

    Several sources often report the same number (or a rounded or provisional version of it).
    The preferred row is, in order: the analyst's own data, a plan document, a raw source; then
    final before preliminary before derived before unofficial; then not a 'secondary' repost;
    then the most precise value. The others stay in the table for the record.
    """
    df = df.copy()
    key = ["region_id", "indicator_id", "scope", "date"]
    rank = pd.DataFrame({
        "origin": df["origin"].map(ORIGIN_RANK),
        "status": df["status"].map(STATUS_RANK),
        "secondary": df["notes"].str.contains("secondary", case=False).astype(int),
        "precision": -df["value"].map(_significant_digits),
        "order": range(len(df)),
    }, index=df.index)
    order = rank.sort_values(list(rank.columns)).index
    first = df.loc[order].drop_duplicates(subset=key, keep="first").index
    df["preferred"] = df.index.isin(first)
    return df


def observations(region: str | None = None, indicator: str | None = None,
                 extra: pd.DataFrame | str | PathLike[str] | None = None) -> pd.DataFrame:
    """Every observation (bundled, plus an analyst's own), optionally filtered.

    Args:
        region: Region id or name.
        indicator: Indicator id or name.
        extra: An analyst's observations: a path (validated with :func:`read_observations`) or a
            DataFrame returned by it. Its rows win over bundled rows for the same date.

    Returns:
        Tidy rows with value, unit, status, source (file, row, URL, quote), derivation, notes,
        ``origin`` (seed/source/user) and ``preferred`` (the row :func:`series` uses).
    """
    df = _bundled_observations()
    if extra is not None:
        from .userdata import read_observations

        user = extra if isinstance(extra, pd.DataFrame) else read_observations(extra)
        df = pd.concat([df, user[df.columns]], ignore_index=True)
    df = _mark_preferred(df)
    if region is not None:
        df = df[df["region_id"] == resolve_region(region)]
    if indicator is not None:
        df = df[df["indicator_id"] == resolve_indicator(indicator)]
    return df.reset_index(drop=True)


def series(region: str, indicator: str, scope: str | None = None,
           extra: pd.DataFrame | str | PathLike[str] | None = None) -> pd.Series:
    """One region x indicator as a time series, one value per date, with its sources attached.

    Args:
        region: Region id or name (``"jiaxing"``, ``"嘉兴市"``, ``"Jiaxing"``).
        indicator: Indicator id or name.
        scope: ``"total"`` or ``"domestic"`` where the indicator is published at both scopes
            (national counts); required then, ignored otherwise.
        extra: An analyst's observations (path or DataFrame), merged as in :func:`observations`.

    Returns:
        Values indexed by int year (name ``year``) when every point is annual or year-end, else by
        a monthly ``PeriodIndex`` (name ``date``; year-end values at December). Period totals
        (``2011/2015``) are not points and are left out. ``attrs`` holds region, indicator, unit,
        scope, and per point: ``status``, ``sources`` (file:row or URL) and ``quotes``.

    Raises:
        UnknownIdError: unknown region or indicator.
        ValueError: several scopes and ``scope`` not given, or an unknown scope.
    """
    region_id, indicator_id = resolve_region(region), resolve_indicator(indicator)
    obs = observations(region_id, indicator_id, extra=extra)
    obs = obs[obs["preferred"] & ~obs["date"].str.contains("/")]
    scopes = sorted(obs["scope"].unique())
    if scope is None and len(scopes) > 1:
        raise ValueError(f"{indicator_id} for {region_id} is published at scopes {scopes}: pass scope='total' or scope='domestic'.")
    if scope is not None:
        if scope not in ("total", "domestic"):
            raise ValueError(f"scope must be 'total' or 'domestic', not {scope!r}.")
        if len(scopes) > 1 or scopes == [scope]:
            obs = obs[obs["scope"] == scope]
    info = _read("indicators").set_index("indicator_id").loc[indicator_id]
    if obs["date"].str.fullmatch(ANNUAL).all():
        index = pd.Index(obs["date"].astype(int), name="year")
    else:
        monthly = obs["date"].where(obs["date"].str.fullmatch(MONTHLY), obs["date"] + "-12")
        index = pd.PeriodIndex(monthly, freq="M", name="date")
    out = pd.Series(obs["value"].to_numpy(dtype=float), index=index, name=indicator_id)
    order = out.index.argsort()
    out = out.iloc[order]
    obs = obs.iloc[order]
    out.attrs = {
        "region": region_id,
        "indicator": indicator_id,
        "unit": info["unit"],
        "scope": scope or (scopes[0] if scopes else ""),
        "name_zh": info["name_zh"],
        "name_en": info["name_en"],
        "status": obs["status"].tolist(),
        "sources": [u or f"{f}:{r}" if r else (u or f) for f, r, u in zip(obs["source_file"], obs["source_row"], obs["source_url"])],
        "quotes": obs["quote"].tolist(),
    }
    return out
