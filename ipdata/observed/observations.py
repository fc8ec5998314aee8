"""Observed values: every observation merged and ranked, one region x indicator as a series, the pool of series.

``observations()`` joins the bundled observations (plan documents and raw sources) with an analyst's
own and marks one row per region, indicator, scope and date as ``preferred``. ``series()`` turns the
preferred rows of one region x indicator into a pandas Series whose per-point provenance is keyed by
the point's date (``attrs["points"]``), so a cut or a filter can never pair a value with another
point's source; :func:`provenance` reads it back as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from os import PathLike
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..catalog.observation_files import read_observations
from ..catalog.schema import observation_statuses
from ..catalog.tables import (
    Plan,
    is_within_year,
    plan_in_scope,
    plan_scope,
    resolve_indicator,
    resolve_region,
    table,
    targets,
)
from ..core.dates import ANNUAL, MONTHLY, date_key, is_period_total, year_end_month
from ..core.errors import AmbiguousScopeError, DataValidationError, Problem

__all__ = [
    "ObservationSet",
    "ObservationsInput",
    "SeriesKey",
    "bundled_series",
    "check_observations",
    "cut_as_of",
    "latest_observations",
    "mark_preferred",
    "observation_set",
    "observations",
    "provenance",
    "series",
    "year_end_points",
]


@dataclass(frozen=True)
class ObservationSet:
    """Bundled observations merged with an analyst's, preferred rows marked and grouped by region x indicator.

    Made once per run by :func:`observation_set` and passed down, so an analyst's file is read and
    validated once however many targets or series use it (it was once per target: 100,000 rows took
    almost two minutes for one plan).

    Attributes:
        table: Every observation, with ``origin`` and ``preferred``.
        groups: ``table`` split by ``(region_id, indicator_id)``.
    """

    table: pd.DataFrame
    groups: dict[tuple[str, str], pd.DataFrame]


class SeriesKey(NamedTuple):
    """One series: a region, an indicator and a scope (``total`` or ``domestic``). The one shape of that key.

    Where a key must be text (a backtest case's name, a dict of the bundled pool), it is :attr:`label`,
    ``region/indicator/scope``, read back with :meth:`parse`.
    """

    region_id: str
    indicator_id: str
    scope: str

    @property
    def label(self) -> str:
        """The key as text: ``region/indicator/scope``."""
        return "/".join(self)

    @classmethod
    def parse(cls, label: str) -> SeriesKey:
        """The key of a :attr:`label`."""
        region, indicator, scope = label.split("/")
        return cls(region, indicator, scope)


ObservationsInput = pd.DataFrame | str | PathLike[str] | ObservationSet | None
"""An analyst's observations: a path (read with :func:`ipdata.read_observations`), its DataFrame, an
:class:`ObservationSet` already made, or none (the bundled data alone)."""

ORIGIN_RANK = {"user": 0, "seed": 1, "source": 2}


def _significant_digits(value: float) -> int:
    """Digits that carry information: 74452 has 5, 74000 has 2 (a rounded '7.4万')."""
    text = f"{abs(value):.10g}".replace(".", "").lstrip("0").rstrip("0")
    return len(text)


@cache
def _bundled_observations() -> pd.DataFrame:
    seeds = table("observations_seeds").assign(origin="seed")
    sources = table("observations_sources").assign(origin="source")
    return pd.concat([seeds, sources], ignore_index=True)


def mark_preferred(df: pd.DataFrame) -> pd.DataFrame:
    """Flag one row per (region, indicator, scope, date) as ``preferred``.

    Several sources often report the same number (or a rounded or provisional version of it).
    The preferred row is, in order: the analyst's own data, a plan document, a raw source; then
    final before preliminary before derived before unofficial; then not a 'secondary' repost;
    then the most precise value. The others stay in the table for the record.
    """
    df = df.copy()
    # one date, however written: a year is its December (2019 and 2019-12), so the two never both count
    key = df[["region_id", "indicator_id", "scope"]].assign(date=df["date"].map(date_key))
    rank = pd.DataFrame(
        {
            "origin": df["origin"].map(ORIGIN_RANK),
            "status": df["status"].map({s: i for i, s in enumerate(observation_statuses())}),
            "secondary": df["notes"].str.contains("secondary", case=False).astype(int),
            "precision": -df["value"].map(_significant_digits),
            "order": range(len(df)),
        },
        index=df.index,
    )
    order = rank.sort_values(list(rank.columns)).index
    first = key.loc[order].drop_duplicates(keep="first").index
    df["preferred"] = df.index.isin(first)
    return df


@lru_cache(maxsize=1)
def _bundled_preferred() -> pd.DataFrame:
    return mark_preferred(_bundled_observations())


def observations(
    region: str | None = None,
    indicator: str | None = None,
    observations: ObservationsInput = None,
    plan: Plan | None = None,
) -> pd.DataFrame:
    """Every observation (bundled, plus an analyst's own), optionally filtered.

    Args:
        region: Region id or name.
        indicator: Indicator id or name.
        observations: An analyst's observations: a path (validated with :func:`ipdata.read_observations`)
            or a DataFrame returned by it. Its rows win over bundled rows for the same date.
        plan: An analyst's plan (:func:`ipdata.read_plan`): its observations are included (and its regions resolve).

    Returns:
        Tidy rows with value, unit, status, source (file, row, URL, quote), derivation, notes,
        ``origin`` (seed/source/user) and ``preferred`` (the row :func:`series` uses).
    """
    with plan_scope(plan):
        df = observation_set(observations).table
        if region is not None:
            df = df[df["region_id"] == resolve_region(region)]
        if indicator is not None:
            df = df[df["indicator_id"] == resolve_indicator(indicator)]
    return df.reset_index(drop=True)


def check_observations(observations: ObservationsInput) -> ObservationsInput:
    """``observations`` checked as an argument: a table of an analyst's observations must hold rows.

    An empty DataFrame was read as "no observations" and the bundled data alone were assessed, as if the
    analyst had passed none: the table returned looked like an answer about their data.

    Raises:
        DataValidationError: a DataFrame without rows.
    """
    if isinstance(observations, pd.DataFrame) and len(observations) == 0:
        raise DataValidationError(
            [
                Problem(
                    "observations",
                    None,
                    None,
                    "the table has no rows (pass observations=None for the bundled data)",
                    message_zh="这张表没有任何行（要用内置数据，请传入 observations=None）",
                )
            ]
        )
    return observations


def observation_set(observations: ObservationsInput = None) -> ObservationSet:
    """The observations a run works with: bundled ones (made once per process) plus an analyst's, read once.

    While an analyst's plan is in scope (:func:`ipdata.catalog.plan_scope`), its observations are the
    analyst's too; for a date both give, ``observations`` wins.

    Raises:
        FileNotFoundError, DataValidationError: a path to a file that does not validate, or a DataFrame
            without rows (:func:`check_observations`).
    """
    if isinstance(observations, ObservationSet):
        return observations
    check_observations(observations)
    plan = plan_in_scope()
    own = [] if plan is None else [plan.observations]
    if observations is not None:
        given = observations if isinstance(observations, pd.DataFrame) else read_observations(observations)
        own = [_without_dates_of(o, given) for o in own] + [given]
    if not any(len(o) for o in own):
        return _bundled_set()
    bundled = _bundled_observations()
    user = pd.concat([o[bundled.columns] for o in own if len(o)], ignore_index=True)
    return _grouped(mark_preferred(pd.concat([bundled, user], ignore_index=True)))


def _keys(df: pd.DataFrame) -> pd.Series:
    return df["region_id"] + "|" + df["indicator_id"] + "|" + df["scope"] + "|" + df["date"].map(date_key)


def _without_dates_of(df: pd.DataFrame, given: pd.DataFrame) -> pd.DataFrame:
    """``df`` without the rows ``given`` has a value for (same region, indicator, scope and date)."""
    if df.empty or given.empty:
        return df
    return df[~_keys(df).isin(set(_keys(given)))]


def _grouped(table: pd.DataFrame) -> ObservationSet:
    groups = table.groupby(["region_id", "indicator_id"])
    return ObservationSet(table, {(str(r), str(i)): g.reset_index(drop=True) for (r, i), g in groups})


@lru_cache(maxsize=1)
def _bundled_set() -> ObservationSet:
    return _grouped(_bundled_preferred())


def _source_label(source_file: str, source_row: str, source_url: str) -> str:
    """A point's source as shown to a reader: its URL, else ``file:row`` (or the file)."""
    if source_row:
        return source_url or f"{source_file}:{source_row}"
    return source_url or source_file


def series(
    region: str,
    indicator: str,
    scope: str | None = None,
    observations: ObservationsInput = None,
    plan: Plan | None = None,
) -> pd.Series:
    """One region x indicator as a time series, one value per date, with its sources attached.

    Args:
        region: Region id or name (``"jiaxing"``, ``"嘉兴市"``, ``"Jiaxing"``).
        indicator: Indicator id or name.
        scope: ``"total"`` or ``"domestic"`` where the indicator is published at both scopes
            (national counts); required then, ignored otherwise.
        observations: An analyst's observations (path or DataFrame), merged as in :func:`observations`.
        plan: An analyst's plan (:func:`ipdata.read_plan`): its regions, indicators and observations count too.

    Returns:
        Values indexed by int year (name ``year``) when every point is annual or year-end, else by
        a monthly ``PeriodIndex`` (name ``date``; year-end values at December). Period totals
        (``2011/2015``) are not points and are left out. ``attrs`` holds region, indicator, unit,
        scope, names, and ``points``: per date, the point's ``status``, ``source`` (URL or file:row)
        and ``quote`` (:func:`provenance` gives them as a table).

    Raises:
        UnknownIdError: unknown region or indicator.
        AmbiguousScopeError: several scopes and ``scope`` not given.
        ValueError: an unknown scope.
    """
    with plan_scope(plan):
        return _series(region, indicator, scope, observations)


def _series(region: str, indicator: str, scope: str | None, observations: ObservationsInput) -> pd.Series:
    region_id, indicator_id = resolve_region(region), resolve_indicator(indicator)
    merged = observation_set(observations)
    obs = merged.groups.get((region_id, indicator_id), merged.table.iloc[:0])
    obs = obs[obs["preferred"] & ~obs["date"].map(is_period_total).astype(bool)]
    scopes = sorted(obs["scope"].unique())
    if scope is None and len(scopes) > 1:
        raise AmbiguousScopeError(region_id, indicator_id, scopes)
    if scope is not None:
        if scope not in ("total", "domestic"):
            raise ValueError(f"scope must be 'total' or 'domestic', not {scope!r}.")
        if len(scopes) > 1 or scopes == [scope]:
            obs = obs[obs["scope"] == scope]
    info = table("indicators").set_index("indicator_id").loc[indicator_id]
    index: pd.Index
    if obs["date"].str.fullmatch(ANNUAL).all():
        index = pd.Index(obs["date"].astype(int), name="year")
    else:
        monthly = obs["date"].where(obs["date"].str.fullmatch(MONTHLY), obs["date"].map(year_end_month))
        index = pd.PeriodIndex(monthly, freq="M", name="date")
    out = pd.Series(obs["value"].to_numpy(dtype=float), index=index, name=indicator_id)
    order = out.index.argsort()
    out, obs = out.iloc[order], obs.iloc[order]
    points = {
        label: {"status": status, "source": _source_label(f, r, u), "quote": quote}
        for label, status, f, r, u, quote in zip(
            out.index, obs["status"], obs["source_file"], obs["source_row"], obs["source_url"], obs["quote"]
        )
    }
    out.attrs = {
        "region": region_id,
        "indicator": indicator_id,
        "unit": info["unit"],
        "scope": scope or (scopes[0] if scopes else ""),
        "name_zh": info["name_zh"],
        "name_en": info["name_en"],
        "points": points,
    }
    return out


def provenance(s: pd.Series) -> pd.DataFrame:
    """Status, source and quote of each point of ``s`` (as :func:`series` returns it), indexed like ``s``.

    Looked up by date, so it stays right after any cut or filter of the series.
    """
    points: dict[Any, dict[str, str]] = s.attrs.get("points", {})
    empty = {"status": "", "source": "", "quote": ""}
    rows = [points.get(label, empty) for label in s.index]
    return pd.DataFrame(rows, columns=["status", "source", "quote"], index=s.index)


def year_end_points(s: pd.Series) -> pd.Series:
    """Year-end points only, indexed by int year (monthly snapshots other than December dropped)."""
    if not isinstance(s.index, pd.PeriodIndex):
        return s
    keep = s.index.month == 12
    out = pd.Series(s.to_numpy()[keep], index=pd.Index(s.index.year[keep], name="year"), name=s.name)
    points = s.attrs.get("points", {})
    out.attrs = {**s.attrs, "points": {int(p.year): points[p] for p in s.index[keep] if p in points}}
    return out


def cut_as_of(s: pd.Series, as_of: int | None) -> pd.Series:
    """The points of ``s`` up to (and including) the year ``as_of``; all of them when ``as_of`` is None."""
    if as_of is None:
        return s
    years = s.index.year if isinstance(s.index, pd.PeriodIndex) else s.index
    out = s[np.asarray(years) <= as_of]
    points = s.attrs.get("points", {})
    out.attrs = {**s.attrs, "points": {d: points[d] for d in out.index if d in points}}
    return out


def bundled_series(min_points: int) -> dict[str, pd.Series]:
    """Every bundled region x indicator x scope point series with ``min_points`` or more points.

    The pool that short series borrow volatility from and that the backtests run on. Unofficial
    third-party counts are left out, and so are CNIPA's year-to-date and in-month grant counts (a
    January-April total and a January-September total are not comparable points of one series).
    Keys are ``region/indicator/scope``; values are monthly-indexed with ``attrs["unit"]``. Built once
    per process (the bundled data do not change); callers get their own dict.
    """
    return {key: s.copy() for key, s in _bundled_series(min_points).items()}  # copies: the pool is built once


@cache
def _bundled_series(min_points: int) -> dict[str, pd.Series]:
    obs = _bundled_preferred()
    obs = obs[
        obs["preferred"]
        & ~obs["date"].map(is_period_total).astype(bool)
        & (obs["status"] != "unofficial")
        & ~obs["indicator_id"].map(is_within_year).astype(bool)
    ]
    units = obs.groupby("indicator_id")["unit"].first()
    out: dict[str, pd.Series] = {}
    for (region, indicator, scope), g in obs.groupby(["region_id", "indicator_id", "scope"], sort=True):
        if len(g) < min_points or (g["value"] <= 0).any():
            continue
        s = pd.Series(
            g["value"].to_numpy(float), index=pd.PeriodIndex(g["date"].map(year_end_month), freq="M")
        ).sort_index()
        s.attrs["unit"] = units[str(indicator)]
        out[SeriesKey(str(region), str(indicator), str(scope)).label] = s
    return out


def latest_observations(observations: ObservationsInput = None) -> pd.DataFrame:
    """Targets joined to the latest point observation (preferred row) of their region x indicator.

    Args:
        observations: Analyst observations (path or DataFrame from :func:`ipdata.read_observations`) to include.

    Returns:
        One row per target; ``latest_*`` columns are empty where no observation exists
        (targets without data are listed, not dropped).
    """
    obs = observation_set(observations).table
    obs = obs[obs["preferred"] & ~obs["date"].map(is_period_total).astype(bool)]
    obs = obs.assign(_key=obs["date"].map(year_end_month))  # monthly snapshots order before the year end
    latest = (
        obs.sort_values(["region_id", "indicator_id", "scope", "_key"])
        .groupby(["region_id", "indicator_id"], as_index=False)
        .tail(1)
    )
    latest = latest.rename(
        columns={"date": "latest_date", "value": "latest_value", "status": "latest_status", "scope": "latest_scope"}
    )
    latest["latest_source"] = latest["source_url"].where(latest["source_url"] != "", latest["source_file"])
    cols = [
        "region_id",
        "indicator_id",
        "latest_scope",
        "latest_date",
        "latest_value",
        "latest_status",
        "latest_source",
    ]
    return targets().merge(latest[cols], on=["region_id", "indicator_id"], how="left")
