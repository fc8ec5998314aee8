"""Batch assessment: every target and every region x indicator series at once, in one tidy table.

A provincial or national office monitors every prefecture and county: tens of thousands of series and
hundreds of plans. One notebook per series would take CPU-hours and write hundreds of thousands of figures
nobody reads; the forecasting engine itself needs milliseconds a series. So the batch is a library call
(:func:`assess_all`, ``ipdata assess --all``) that writes one table, and notebooks stay for what a person
reads.

What it reuses rather than repeats: targets are judged by :func:`ipdata.assess.targets.assess_targets`, series
are projected by :func:`ipdata.assess.targets.fit_for_target` (the same distribution, borrowed volatility and
reasons as an assessment), and the quantiles of every series come from :meth:`ipdata.forecast.engine.Forecast.quantiles`
called once for many series at a time (their mixture columns side by side: the vectorised part). Chunks of
series fan out over :func:`ipdata.run.executors.run_all` (local processes or Dask).

The table is tidy: one row per projected year of each series (``record`` = ``projection``) and one row per
target (``record`` = ``target``), with the same columns; rows are sorted, so the same inputs give the same bytes
whatever the scheduler or the number of workers.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..assess.targets import assess_targets, assessment_table, fit_for_target
from ..catalog.tables import Plan, indicators, is_within_year, plan_scope, plans
from ..core.checks import is_real, whole_number
from ..core.dates import is_period_total, last_whole_year
from ..core.errors import AmbiguousScopeError, DataValidationError, Problem, closest
from ..core.outputs import column_names
from ..core.words import Reason, is_missing
from ..core.writing import write_table
from ..forecast import engine as fc
from ..observed.observations import ObservationsInput, SeriesKey, check_observations, observation_set, series
from .executors import check_scheduler, run_all

__all__ = [
    "BATCH_COLUMNS",
    "PROBABILITIES",
    "assess_all",
    "check_panel",
    "panel_series",
    "project_series",
    "write_batch",
]

BATCH_COLUMNS = column_names("assess_all")  # described once, in ipdata.core.outputs
PROBABILITIES = [*fc.CENTRAL_80, 0.025, 0.975]  # median, 80 % and 95 % intervals: the columns above, in order


def panel_series(observations: ObservationsInput = None, min_points: int = 2) -> dict[SeriesKey, pd.Series]:
    """Every region x indicator x scope series (bundled, and the analyst's) with ``min_points`` or more points.

    Year-to-date and in-month counts (``*_ytd``, ``*_month``) are left out: a January-April and a
    January-September total of one year are not two points of a trajectory (as in
    :func:`ipdata.observed.observations.bundled_series`).
    """
    merged = observation_set(observations)
    out: dict[SeriesKey, pd.Series] = {}
    for (region, indicator), rows in sorted(merged.groups.items()):
        if is_within_year(indicator):
            continue
        points = rows[rows["preferred"] & ~rows["date"].map(is_period_total).astype(bool)]
        scopes = sorted(points["scope"].unique())
        for scope in scopes if len(scopes) > 1 else [None]:
            try:
                s = series(region, indicator, scope=scope, observations=merged)
            except AmbiguousScopeError:  # pragma: no cover - every scope is named when there are several
                continue
            if len(s) >= min_points:
                out[SeriesKey(region, indicator, str(s.attrs["scope"]))] = s
    return out


@dataclass
class _Fitted:
    key: SeriesKey
    n_obs: int
    last_year: int | None  # None: the series' dates could not be read (its reason says why)
    last_value: float
    forecast: fc.Forecast | None
    reason: str


def _fit(key: SeriesKey, s: pd.Series, horizon: int) -> _Fitted:
    region, indicator, _ = key
    try:
        last = last_whole_year(s)
    except (fc.ForecastError, IndexError) as exc:  # one bad series of a panel gets its reason, not the batch's end
        return _Fitted(key, len(s), None, float("nan"), None, f"not projected: {exc}")
    fitted = fit_for_target(s, region, indicator, last + horizon)  # ten more years than asked: sliced off
    return _Fitted(
        key,
        len(s),
        last,
        float(s.iloc[-1]),
        None if isinstance(fitted, Reason) else fitted,
        str(fitted) if isinstance(fitted, Reason) else "",
    )


def _quantiles(fitted: list[_Fitted], horizon: int) -> dict[SeriesKey, np.ndarray]:
    """Quantiles (len(PROBABILITIES), horizon) per series, solved for many series in one call.

    A :class:`ipdata.forecast.engine.Forecast` solves each column (year) of its mixture on its own, so series
    with the same model count and scale are put side by side as the columns of one Forecast.
    """
    groups: dict[tuple[int, str], list[_Fitted]] = {}
    for f in fitted:
        if f.forecast is not None:
            groups.setdefault((len(f.forecast.models), f.forecast.scale), []).append(f)
    out = {}
    for (_, scale), members in sorted(groups.items()):
        means = np.concatenate([f.forecast.means[:, :horizon] for f in members if f.forecast is not None], axis=1)
        sds = np.concatenate([f.forecast.sds[:, :horizon] for f in members if f.forecast is not None], axis=1)
        first = members[0].forecast
        assert first is not None
        stacked = fc.Forecast(list(range(means.shape[1])), first.models, "", scale, means, sds, first.phi)
        q = stacked.quantiles(PROBABILITIES)
        for k, f in enumerate(members):
            out[f.key] = q[:, k * horizon : (k + 1) * horizon]
    return out


def project_series(items: Sequence[tuple[SeriesKey, pd.Series]], horizon: int = 5) -> pd.DataFrame:
    """Project each series ``horizon`` years past its last whole year: median, 80 % and 95 % intervals.

    Args:
        items: ``((region_id, indicator_id, scope), series)`` pairs; a series as :func:`ipdata.series` gives it
            (``attrs["unit"]`` chooses the scale).
        horizon: Years projected (>= 1).

    Returns:
        The ``projection`` rows of :data:`BATCH_COLUMNS`: one per series and year, or one row with ``reason``
        for a series that cannot be projected (values off the model's scale).
    """
    fitted = [_fit(SeriesKey(*key), s, horizon) for key, s in items]  # plain tuples accepted
    quantiles = _quantiles(fitted, horizon)
    rows: list[dict[str, Any]] = []
    for f in fitted:
        common = {
            "record": "projection",
            "region_id": f.key.region_id,
            "indicator_id": f.key.indicator_id,
            "scope": f.key.scope,
            "n_obs": f.n_obs,
            "last_year": f.last_year,
            "last_value": f.last_value,
            "method": "+".join(f.forecast.models) if f.forecast is not None else "",
            "reason": f.reason,
        }
        if f.key not in quantiles:
            rows.append(common)
            continue
        q = quantiles[f.key]
        assert f.forecast is not None and f.last_year is not None  # a series with quantiles has a forecast
        point = f.forecast.point()[:horizon]  # the point forecast, as ipdata.forecast's mean column
        for h in range(horizon):
            values = dict(zip(["median", "lower_80", "upper_80", "lower_95", "upper_95"], q[:, h].tolist()))
            rows.append({**common, "year": f.last_year + 1 + h, "mean": float(point[h]), **values})
    return pd.DataFrame(rows, columns=BATCH_COLUMNS)


def _assess_plan(plan: str | Plan, observations: ObservationsInput) -> pd.DataFrame:
    """The ``target`` rows of one plan (:func:`ipdata.assess.targets.assess_targets`, its table renamed)."""
    with plan_scope(plan) as pid:
        table = assessment_table(assess_targets(plan=pid, observations=observations))
    scope = [""] * len(table)
    return pd.DataFrame(
        {
            "record": "target",
            "region_id": table["region_id"],
            "indicator_id": table["indicator_id"],
            "scope": scope,
            "target_id": table["target_id"],
            "plan_id": table["plan_id"],
            "year": table["target_year"],
            "n_obs": table["n_obs"],
            "last_year": table["last_year"],
            "last_value": table["last_value"],
            "method": table["method"],
            "median": table["projected_value"],
            "lower_80": table["projected_lower_80"],
            "upper_80": table["projected_upper_80"],
            "probability": table["probability"],
            "status": table["status"],
            "reason": table["reason"],
        },
        columns=BATCH_COLUMNS,
    )


def _known_indicators(chosen: Sequence[str | Plan]) -> set[str]:
    """The indicator ids a panel may name: the bundled ones and those of the analyst's plans in the batch."""
    known = set(indicators()["indicator_id"])
    for p in chosen:
        if isinstance(p, Plan):
            with plan_scope(p):
                known |= set(indicators()["indicator_id"])
    return known


def check_panel(panel: object, known: set[str]) -> None:
    """Refuse a panel the batch cannot read as series of real numbers, naming each series and cell at fault.

    A panel is a table whose rows are series, named by their key ``(region_id, indicator_id, scope)``, and
    whose columns are dates. An unknown indicator once borrowed the volatility of every series and a list in a
    cell failed deep in NumPy, or was dropped into a reason, and a table came back; each is now a
    :class:`ipdata.core.errors.Problem` of one :class:`ipdata.core.errors.DataValidationError`, so the
    panel is fixed in one pass. A missing value or an infinity is not refused here: as for any series of the
    batch, that series gets a ``reason`` and the others are projected. Regions need not be known (a city's
    own districts are not in ipdata); they borrow volatility from every region.

    Raises:
        DataValidationError: not a mapping; a key that is not three texts; an unknown indicator (the closest
            ids suggested); a value that is not a pandas Series; a cell that is not a real number (a list,
            an array, a text, a ``complex`` or a ``bool``).
    """
    if not isinstance(panel, Mapping):
        expected = "a mapping (region_id, indicator_id, scope) -> pandas Series"
        raise DataValidationError(
            [
                Problem(
                    "panel",
                    None,
                    None,
                    f"expected {expected}, got {type(panel).__name__}",
                    message_zh=f"应为映射 (region_id, indicator_id, scope) -> pandas Series，"
                    f"实际为 {type(panel).__name__}",
                )
            ]
        )
    problems: list[Problem] = []
    for key, s in panel.items():
        if not (isinstance(key, tuple) and len(key) == 3 and all(isinstance(k, str) for k in key)):
            problems.append(
                Problem(
                    "panel",
                    None,
                    None,
                    f"key {key!r}: expected (region_id, indicator_id, scope) texts",
                    message_zh=f"键 {key!r}：应为 (region_id, indicator_id, scope) 三个文本",
                )
            )
            continue
        where = f"panel[{tuple(key)!r}]"
        if key[1] not in known:
            hint = closest(key[1], known)
            tail = f" (did you mean: {', '.join(hint)}?)" if hint else " (ipdata.indicators() lists them)"
            tail_zh = f"（是否指：{'、'.join(hint)}？）" if hint else "（ipdata.indicators() 列出全部指标）"
            problems.append(
                Problem(
                    where,
                    None,
                    "indicator_id",
                    f"unknown indicator {key[1]!r}{tail}",
                    message_zh=f"未知的指标 {key[1]!r}{tail_zh}",
                )
            )
        if not isinstance(s, pd.Series):
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"expected a pandas Series, got {type(s).__name__}",
                    message_zh=f"应为 pandas Series，实际为 {type(s).__name__}",
                )
            )
        elif s.dtype.kind not in "iuf":  # an int or float series holds real numbers (or NaN) throughout
            for date, x in s.items():
                if not is_real(x) and not is_missing(x):
                    message = f"{x!r} is a {type(x).__name__}, not a number: real numbers only"
                    message_zh = f"{x!r} 是 {type(x).__name__}，不是数值：只接受实数"
                    problems.append(Problem(where, None, str(date), message, message_zh=message_zh))
    if problems:
        raise DataValidationError(problems)


def _batch_job(job: tuple[str, Any], horizon: int, observations: ObservationsInput) -> pd.DataFrame:
    kind, payload = job
    return project_series(payload, horizon) if kind == "series" else _assess_plan(payload, observations)


def _tidy(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows in a fixed order (by record: projections, then targets; then by plan, target, key and year), typed."""
    parts = [p for p in parts if len(p)]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=BATCH_COLUMNS)
    for column in ("year", "n_obs", "last_year"):
        table[column] = pd.to_numeric(table[column]).astype("Int64")
    for column in ("last_value", "mean", "median", "lower_80", "upper_80", "lower_95", "upper_95", "probability"):
        table[column] = pd.to_numeric(table[column]).astype(float)
    for column in (
        "record",
        "region_id",
        "indicator_id",
        "scope",
        "target_id",
        "plan_id",
        "method",
        "status",
        "reason",
    ):
        # a column that is empty in every part comes as float NaN: text it first (fillna("") on floats is deprecated)
        table[column] = table[column].astype(object).where(table[column].notna(), "").astype(str)
    order = ["record", "plan_id", "target_id", "region_id", "indicator_id", "scope", "year"]
    return table.sort_values(order, kind="stable", na_position="first").reset_index(drop=True)


def assess_all(
    plan: Sequence[str | Plan] | None = None,
    observations: ObservationsInput = None,
    *,
    panel: Mapping[SeriesKey, pd.Series] | None = None,
    horizon: int = 5,
    scheduler: str = "processes",
    workers: int = 1,
    dask_address: str | None = None,
    chunk_size: int = 500,
    progress: bool = True,
) -> pd.DataFrame:
    """Assess every target and project every region x indicator series with two or more points: one tidy table.

    Args:
        plan: Plans whose targets are assessed (ids, titles or :func:`ipdata.read_plan` plans; default every
            bundled plan; ``[]``: none, series only).
        observations: An analyst's observations (path or DataFrame), merged as everywhere.
        panel: Series to project instead of the bundled and analyst's ones (``(region, indicator, scope)`` ->
            series), e.g. a city statistics bureau's whole panel; its indicators must be known (bundled, or of a
            plan in ``plan``) and its cells real numbers (:func:`check_panel`).
        horizon: Years projected past each series' last whole year (>= 1).
        scheduler: ``processes`` or ``dask`` (:mod:`ipdata.run.executors`).
        workers: Worker processes (a ``LocalCluster`` of that many with ``dask`` and no address).
        dask_address: A running Dask scheduler, ``tcp://host:8786``.
        chunk_size: Series per job: large enough that a job's overhead is small, small enough to spread.
        progress: A progress bar (tqdm) on standard error, one step per job.

    Returns:
        :data:`BATCH_COLUMNS`: ``record`` (``target`` or ``projection``), the series' keys, ``target_id`` and
        ``plan_id`` (targets), ``year`` (target year, or projected year), ``n_obs``, ``last_year``,
        ``last_value``, ``method`` (models combined), for projections ``mean`` (the point forecast: the
        models' average, as :func:`ipdata.forecast`), ``median`` with ``lower_80``/``upper_80`` (and for
        projections ``lower_95``/``upper_95``), ``probability`` and ``status`` (targets) and ``reason`` (why a
        row has no numbers).

    Raises:
        ValueError: a bad horizon, chunk size, scheduler, worker count or address (named in the message).
        DataValidationError: an empty observations table, or a panel with an unknown indicator or a cell that is
            not a real number (each named by its series and column).
    """
    horizon = whole_number("horizon", horizon, 1, high=fc.MAX_HORIZON, what="a whole number of years")
    chunk_size = whole_number("chunk_size", chunk_size, 1)
    check_scheduler(scheduler, workers, dask_address)
    check_observations(observations)
    chosen = list(plans()["plan_id"]) if plan is None else list(plan)
    if panel is not None:  # before any job starts: a worker's error would come after the other jobs' work
        check_panel(panel, _known_indicators(chosen))
    merged = observation_set(observations) if panel is None else None
    items = sorted((panel if panel is not None else panel_series(merged)).items())
    jobs: list[tuple[str, Any]] = [("plan", p) for p in chosen]
    jobs += [("series", items[k : k + chunk_size]) for k in range(0, len(items), chunk_size)]
    # an analyst's file goes to workers as its path (read there), bundled data need nothing sent
    sent = observations if not isinstance(observations, pd.DataFrame) else observation_set(observations)
    func = functools.partial(_batch_job, horizon=horizon, observations=sent)
    from tqdm.auto import tqdm

    parts: list[pd.DataFrame] = [pd.DataFrame(columns=BATCH_COLUMNS)] * len(jobs)
    with tqdm(total=len(jobs), desc="batch", unit="job", disable=not progress, file=sys.stderr) as bar:
        for k, part in run_all(func, jobs, scheduler=scheduler, workers=workers, dask_address=dask_address):
            parts[k] = part
            bar.update(1)
    return _tidy(parts)


def write_batch(table: pd.DataFrame, path: str | Path) -> Path:
    """Write the batch table as CSV (``.csv``, UTF-8 with BOM for Excel) or Parquet (``.parquet``), atomically.

    Raises:
        ValueError: another suffix.
    """
    return write_table(path, table, "%.6g", name="--out for --all")
