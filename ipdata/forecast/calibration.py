"""Reading ``calibration.json``: the pooled numbers every forecast uses (interval factors, damping, volatility).

The file is written only by :func:`ipdata.forecast.backtest.write_calibration` (from pooled backtests) and read
only here, once per process. Why pooled numbers: the series are too short to estimate their own trend
damping or interval widths, so these come from rolling-origin backtests over many series.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

import numpy as np

from ..core.paths import CALIBRATION_FILE

__all__ = [
    "CALIBRATION_FILE",
    "calibration",
    "drift_damping",
    "horizon_factors",
    "pooled_step_sd",
    "reload_calibration",
]


@lru_cache(maxsize=1)
def _read() -> dict[str, Any]:
    if CALIBRATION_FILE.is_file():
        return json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return {"factors": {}, "pooled_step_sd": 0.15, "note": "no calibration file: factors 1"}


def calibration() -> dict[str, Any]:
    """The calibration in use (parsed ``calibration.json``; factors 1 when the file is missing).

    A copy: changing it cannot change the forecasts made after (they read the file's own numbers).
    """
    return copy.deepcopy(_read())


def reload_calibration() -> None:
    """Forget the calibration read so far (after the file was rewritten); the next read takes the new file."""
    _read.cache_clear()
    _factor_table.cache_clear()


def drift_damping(regular: bool = False) -> float:
    """Yearly decay ``phi`` of the random walk's drift and the log-linear slope (1 = undamped).

    Short series cannot estimate a damping parameter, so it is pooled:
    :func:`ipdata.forecast.backtest.calibrate_damping` picks the ``phi`` with the smallest pooled forecast error and
    stores it in ``calibration.json``. Two pools, as for the interval factors: the bundled IP series (short or
    irregular, the random walk + log-linear set; China's decelerating patent boom) and, for regular series of 6+
    points (random walk + DOTM), the outside annual panels (``drift_damping_regular``; the bundled value when the
    file has none).
    Why damping: growth of IP counts usually slows; undamped trends made the attainment probability of
    "the trend continues" worse than the base rate (README, backtest).
    """
    cal = _read()
    if regular and "drift_damping_regular" in cal:
        return float(cal["drift_damping_regular"])
    return float(cal.get("drift_damping", 1.0))


def pooled_step_sd() -> float:
    """Median step volatility of the bundled series (model scale): what a series too short for its own borrows last."""
    return float(_read()["pooled_step_sd"])


@lru_cache(maxsize=2)
def _factor_table(regular: bool) -> np.ndarray:
    """The factors of one table as an array indexed by whole horizon (index 0 unused), read once."""
    factors = (_read().get("factors_regular") if regular else None) or _read()["factors"]
    if not factors:
        return np.ones(2)
    keys = sorted(int(k) for k in factors)
    return np.array([1.0] + [float(factors[str(min(h, keys[-1]))]) for h in range(1, keys[-1] + 1)])


def horizon_factors(steps: np.ndarray, regular: bool = False) -> np.ndarray:
    """Interval-width factor per step (steps in years, rounded, at least 1; beyond the table its last factor).

    Two tables, because the evidence differs: ``factors`` for short or irregular series (the
    random walk + log-linear set), fitted on the bundled IP series; ``factors_regular`` for regular
    series of 6+ points (the set with DOTM), which the bundled data hardly contain, fitted on real
    annual panels from outside the project (:func:`ipdata.forecast.backtest.write_calibration`).
    """
    table = _factor_table(regular)
    h = np.clip(np.round(np.asarray(steps, dtype=float)).astype(int), 1, len(table) - 1)
    return table[h]
