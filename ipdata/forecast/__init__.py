"""Layer 3, the engine and its evidence: forecasts with calibrated intervals, backtests, outside panels."""

from __future__ import annotations

from .backtest import backtest_results, format_backtest
from .engine import Forecast, forecast, simulate

__all__ = ["Forecast", "backtest_results", "forecast", "format_backtest", "simulate"]
