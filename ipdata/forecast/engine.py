"""Forecast short annual series with honest prediction intervals.

Why this design:

* Series are short (2-20 points), positive and mostly growing, sometimes irregularly spaced
  (CNIPA monthly snapshots). Every model works on a transformed scale that keeps forecasts valid:
  log for positive quantities, logit for percentages (0-100).
* No single model wins on yearly data; an equal-weight combination does better (M3/M4 results).
  The set is: random walk with drift (its intervals include the drift's own uncertainty) always;
  with it, for short or irregular series a log-linear trend (OLS), and for regular series of 6+
  points the Dynamic Optimised Theta model (Fiorucci et al. 2016) fitted on the original scale,
  which hedges the log-scale walk's compounding over 4-6 years. Plain Holt is left out: undamped
  trends explode over five-year horizons. Which model enters at which length was settled on real
  annual series from outside the project (``benchmarks/bench_outside.py``): the random walk with
  DOTM beat the walk with Theta (log scale) and with statsmodels' damped ``ETSModel``, and a
  whole-window log-linear trend made the combination less accurate from 6 points on.
* The point forecast (``mean``) is the equal-weight average of the models' own forecasts on the
  original scale, what forecasters report for a combination. The mixture's expected value
  (``expected_value``) is given too but is a poor point forecast: at 4-6 years the widest
  component's lognormal tail drags it far above every model's forecast.
* The hot path is NumPy (and SciPy's normal CDF): statsmodels' import alone takes ~2 s and its
  general optimisers were most of the forecasting time. Each hand-written model is tested against
  its statsmodels counterpart (OLS, simple exponential smoothing, ``ThetaModel``) in
  ``tests/unit/test_forecasting.py``.
* Short-series intervals are too narrow. Each model's standard deviations are multiplied by a
  per-horizon factor estimated from pooled rolling-origin backtests (``calibration.json``,
  written by :func:`ipdata.forecast.backtest.write_calibration`, read by :mod:`ipdata.forecast.calibration`).
* Two or three points cannot estimate volatility. Then the step volatility is borrowed from
  related series (same indicator in other regions, else all bundled annual series) and the
  result says so in ``attrs["uncertainty"]``. One point gives no forecast.
* Growth of IP counts usually slows. The random walk's drift and the log-linear slope decay by a
  pooled factor ``phi`` per year beyond the data (``drift_damping`` in ``calibration.json``, chosen
  by pooled backtest error); undamped trends gave attainment probabilities worse than the base rate.
* The combination is a mixture: each simulated path comes from one model, chosen in equal
  shares, with random-walk correlation across horizons, so cumulative sums and
  "every year" floors can be computed from the same paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import checks
from ..core.checks import whole_number
from ..core.dates import to_years, whole_years_reached
from ..core.errors import ForecastError
from .calibration import drift_damping, horizon_factors, pooled_step_sd

__all__ = [
    "MIN_POINTS_OWN_VOLATILITY",
    "MIN_POINTS_DOTM",
    "N_PATHS",
    "CENTRAL_80",
    "MAX_HORIZON",
    "Forecast",
    "ForecastError",
    "ModelForecast",
    "ModelSet",
    "damped_steps",
    "distribution",
    "dotm_forecast",
    "fit_models",
    "forecast",
    "from_scale",
    "loglinear_forecast",
    "off_scale",
    "point_forecast",
    "rw_drift_forecast",
    "scale_of",
    "simulate",
    "step_volatility",
    "to_scale",
]

MIN_POINTS_DOTM = 6  # from here DOTM replaces the whole-window log-linear trend (README, outside benchmark)
MIN_POINTS_OWN_VOLATILITY = 4  # below this, step volatility is borrowed
PRIOR_DF = 2  # weight (in steps) of the borrowed volatility when a series has its own
SHORT_SD_FLOOR = 0.1  # the least own volatility the short set counts, as a share of the borrowed one
DOTM_CHECK_YEARS = 20  # DOTM leaves a positive series whose forecast reaches 0 within this many years
N_PATHS = 4000

MAX_HORIZON = 50
"""The most years a forecast or a batch projects: plans look 5-15 years ahead, and the bound keeps the work of
an argument finite (``--horizon 100000`` once ran for minutes and wrote an empty file)."""

CENTRAL_80 = (0.5, 0.1, 0.9)
"""The median and the central 80 % interval's ends: the quantiles an assessment, a ranking and the batch report."""


@dataclass
class Forecast:
    """The predictive distribution of one series' future, and optionally simulated paths from it.

    On the transformed scale each forecast year's distribution is an equal-weight mixture of one
    normal per model; quantiles, means and probabilities of a single year are computed from that
    mixture exactly (:meth:`summary`, :meth:`cdf`), so they carry no Monte Carlo noise and cost no
    simulation. Paths (:meth:`sample`, :func:`simulate`) are for what needs the joint behaviour of
    several years: cumulative sums and "every year" floors.

    Attributes:
        years: Forecast years (ints), consecutive after the last observed year.
        models: Models combined (mixture components), in order.
        uncertainty: How volatility was obtained (own residuals, or borrowed and from what).
        scale: The model scale, ``log`` or ``logit`` (:func:`to_scale`).
        means: Array (n_models, len(years)): each model's centre on the transformed scale.
        sds: Array (n_models, len(years)): each model's calibrated standard deviation there.
        phi: Trend damping used by the random-walk and log-linear models.
        paths: Array (n_paths, len(years)) of simulated values on the original scale, or ``None``
            when only the distribution was asked for.
    """

    years: list[int]
    models: list[str]
    uncertainty: str
    scale: str
    means: np.ndarray
    sds: np.ndarray
    phi: float
    paths: np.ndarray | None = None

    def quantiles(self, probs: list[float] | np.ndarray) -> np.ndarray:
        """Exact quantiles of each year's mixture, array (len(probs), len(years)), original scale.

        A monotone transform keeps quantiles, so they are solved on the transformed scale: Newton
        steps on the mixture CDF, kept inside a bracket that starts at the smallest and largest
        component quantile (the answer lies between them) and falls back to bisection when a step
        would leave it.
        """
        from scipy.special import ndtr, ndtri

        p = np.asarray(probs, dtype=float)[:, None]
        sds = np.maximum(self.sds, 1e-12)[None]
        comp = self.means[None] + sds * ndtri(p)[:, :, None]  # (probs, models, years)
        lo, hi = comp.min(axis=1), comp.max(axis=1)
        x = comp.mean(axis=1)
        for _ in range(100):  # converges in a few steps; the bracket bounds the worst case
            u = (x[:, None, :] - self.means[None]) / sds
            f = ndtr(u).mean(axis=1) - p
            lo, hi = np.where(f < 0, x, lo), np.where(f < 0, hi, x)
            dens = (np.exp(-0.5 * u * u) / sds).mean(axis=1) / math.sqrt(2 * math.pi)
            with np.errstate(divide="ignore", invalid="ignore"):
                step = x - f / dens
            step = np.where((step >= lo) & (step <= hi), step, 0.5 * (lo + hi))
            done = np.all(np.abs(step - x) < 1e-9)
            x = step
            if done:
                break
        return from_scale(x, self.scale)

    def cdf(self, year: int, value: float) -> float:
        """P(value in ``year`` <= ``value``) under the mixture: exact, no simulation."""
        from scipy.special import ndtr

        k = self.years.index(year)
        if self.scale == "log" and value <= 0:
            return 0.0
        if self.scale == "logit" and (value <= 0 or value >= 100):
            return 0.0 if value <= 0 else 1.0
        z = to_scale(np.array([float(value)]), self.scale)[0]
        return float(np.mean(ndtr((z - self.means[:, k]) / np.maximum(self.sds[:, k], 1e-12))))

    def point(self) -> np.ndarray:
        """The point forecast per year: the equal-weight average of the models' own forecasts, original scale.

        Each model's own forecast is its centre mapped back (``exp(mu)``, the model's median), as a
        forecaster reports a combination. Unlike :meth:`expected_value` it is not pulled up by the
        widest component's tail, and it scored better than the mixture's median on the outside panels.
        """
        return point_forecast(self.means, self.scale)

    def expected_value(self) -> np.ndarray:
        """The mixture's expected value per year on the original scale (not a good point forecast).

        Log scale: a lognormal mixture's mean, ``sum w exp(mu + sd^2 / 2)``. Logit scale has no closed
        form: Gauss-Hermite quadrature (40 nodes). With wide calibrated sds at 4-6 years this sits far
        above every model's forecast; it is for those who need an expectation (sums of expected values).
        """
        if self.scale == "log":
            return np.mean(np.exp(np.clip(self.means + self.sds**2 / 2, -700, 700)), axis=0)
        x, w = np.polynomial.hermite.hermgauss(40)
        z = self.means[..., None] + math.sqrt(2) * self.sds[..., None] * x
        return np.mean(from_scale(z, self.scale) @ w / math.sqrt(math.pi), axis=0)

    def sample(self, n_paths: int = N_PATHS, seed: int = 0) -> np.ndarray:
        """Simulated paths, array (n_paths, len(years)) on the original scale.

        Each path comes from one model (models in equal shares) with random-walk correlation across
        years, so sums over years and "every year" conditions can be read off the same paths. The
        same distribution, ``n_paths`` and ``seed`` give identical paths.

        Raises:
            ForecastError: ``n_paths`` not a whole number from 1 to :data:`ipdata.core.checks.MAX_PATHS`, or
                ``seed`` not a whole number >= 0 (:func:`ipdata.core.checks.n_paths`, :func:`~ipdata.core.checks.seed`).
        """
        n_paths = checks.n_paths("n_paths", n_paths, error=ForecastError)
        rng = np.random.default_rng(checks.seed("seed", seed, error=ForecastError))
        horizon = len(self.years)
        # random-walk correlation across horizons: e_h = (sum of h unit normals) / sqrt(h), variance 1
        walk = np.cumsum(rng.standard_normal((n_paths, horizon)), axis=1) / np.sqrt(np.arange(1, horizon + 1))
        which = np.arange(n_paths) % len(self.models)
        z_paths = np.empty((n_paths, horizon))
        for k in range(len(self.models)):
            rows = which == k
            z_paths[rows] = self.means[k] + walk[rows] * self.sds[k]
        return from_scale(z_paths, self.scale)

    def summary(self, level: tuple[float, ...] = (80, 95)) -> pd.DataFrame:
        """Point forecast, median and central prediction intervals per forecast year (exact, not simulated).

        Columns: ``mean`` (:meth:`point`, the forecast to report), ``median`` of the mixture,
        ``lower_<L>``/``upper_<L>`` per level, and ``expected_value`` (:meth:`expected_value`).
        """
        probs = [0.5] + [p for lv in level for p in ((100 - lv) / 200, 1 - (100 - lv) / 200)]
        q = self.quantiles(probs)
        columns = {"mean": self.point(), "median": q[0]}
        for k, lv in enumerate(level):
            columns[f"lower_{lv}"], columns[f"upper_{lv}"] = q[1 + 2 * k], q[2 + 2 * k]
        columns["expected_value"] = self.expected_value()
        # one construction from a dict of arrays: adding columns one at a time cost most of a forecast's time
        out = pd.DataFrame(columns, index=pd.Index(self.years, name="year"))
        out.attrs = {
            "models": list(self.models),
            "uncertainty": self.uncertainty,
            "scale": self.scale,
            "drift_damping": self.phi,
        }
        return out


def point_forecast(means: np.ndarray, scale: str) -> np.ndarray:
    """Equal-weight average over models (axis 0) of each model's centre mapped back to the original scale."""
    return np.mean(from_scale(np.asarray(means, dtype=float), scale), axis=0)


def off_scale(values: np.ndarray, scale: str) -> np.ndarray:
    """Which values the model scale cannot take: zero or negative under ``log``; 0, 100 or beyond under ``logit``."""
    values = np.asarray(values, dtype=float)
    if scale == "logit":
        return np.asarray((values <= 0) | (values >= 100))
    return np.asarray(values <= 0)


def to_scale(values: np.ndarray, scale: str) -> np.ndarray:
    """Values on the scale the models work on: ``log`` (positive quantities) or ``logit`` (percentages 0-100).

    Raises:
        ForecastError: a value the scale cannot take (zero or negative under log, 0 or 100 under logit).
    """
    if np.any(off_scale(values, scale)):
        if scale == "logit":
            raise ForecastError("a percentage series must lie strictly between 0 and 100 for the logit scale")
        raise ForecastError("values must be positive for the log scale (zero or negative found)")
    if scale == "logit":
        p = values / 100
        return np.log(p / (1 - p))
    return np.log(values)


def from_scale(z: np.ndarray, scale: str) -> np.ndarray:
    """Back from the model scale to the original one (inverse of :func:`to_scale`)."""
    if scale == "logit":
        return 100 / (1 + np.exp(-z))
    return np.exp(np.clip(z, -700, 700))


@dataclass
class ModelForecast:
    """One model's forecast on the model scale: a normal per step.

    Attributes:
        name: ``rw_drift``, ``loglinear`` or ``dotm``.
        mean: Centre per step (model scale).
        sd: Standard deviation per step (model scale, before calibration).
        params: Fitted parameters worth reporting or testing (DOTM: alpha, theta, initial level).
    """

    name: str
    mean: np.ndarray
    sd: np.ndarray
    params: dict[str, float] = field(default_factory=dict)


@dataclass
class ModelSet:
    """The models fitted to one series, with how their volatility was obtained.

    Attributes:
        models: The fitted models (the mixture's components), in order.
        uncertainty: Own or borrowed step volatility, in words.
        scale: ``log`` or ``logit``.
        regular: True when the regular-series set (with DOTM) was used; it has its own calibration factors
            and its own trend damping.
        phi: The trend damping the random walk (and log-linear trend) used.
    """

    models: list[ModelForecast]
    uncertainty: str
    scale: str
    regular: bool
    phi: float


def damped_steps(steps: np.ndarray, phi: float) -> np.ndarray:
    """Effective number of trend steps after ``steps`` years when the trend decays by ``phi`` a year.

    ``phi + phi**2 + ... + phi**h`` written for real ``h`` (irregular spacing): ``phi (1 - phi**h) / (1 - phi)``.
    ``phi = 1`` is the undamped trend (``h`` steps).
    """
    steps = np.asarray(steps, dtype=float)
    if phi >= 1:
        return steps
    return phi * (1 - phi**steps) / (1 - phi)


def rw_drift_forecast(
    t: np.ndarray, z: np.ndarray, steps: np.ndarray, step_sd: float, phi: float = 1.0
) -> ModelForecast:
    """Random walk with (damped) drift on irregular times: drift = total change / total time.

    The drift decays by ``phi`` per year (pooled, see :func:`drift_damping`). Forecast variance at
    horizon h (years): sd^2 * h (the walk) + d(h)^2 * sd^2 / T (the drift's own uncertainty,
    T = span of the data in years, d(h) the damped number of trend steps).
    """
    span = t[-1] - t[0]
    drift = (z[-1] - z[0]) / span
    d = damped_steps(steps, phi)
    var = step_sd**2 * steps + d**2 * step_sd**2 / span
    return ModelForecast("rw_drift", z[-1] + drift * d, np.sqrt(var))


def loglinear_forecast(
    t: np.ndarray, z: np.ndarray, steps: np.ndarray, step_sd: float, phi: float = 1.0
) -> ModelForecast:
    """OLS trend on the transformed scale, with the prediction standard error of a new point.

    Beyond the last observation the slope decays by ``phi`` per year like the random walk's drift.
    With two points the line is the random walk's drift line and has no residuals; its spread then
    comes from the step volatility alone.
    """
    d = damped_steps(steps, phi)
    if len(z) == 2:
        drift = (z[1] - z[0]) / (t[1] - t[0])
        return ModelForecast("loglinear", z[-1] + drift * d, np.sqrt(step_sd**2 * (1 + d**2 / (t[1] - t[0]))))
    # OLS written out (what statsmodels' OLS(...).get_prediction gives; tests/unit/test_forecasting.py checks
    # it): a statsmodels fit per call cost more than the rest of the forecast for short series
    x = t - t[-1]
    n, xbar = len(x), x.mean()
    sxx = float(np.sum((x - xbar) ** 2))
    slope = float(np.sum((x - xbar) * (z - z.mean())) / sxx)
    intercept = z.mean() - slope * xbar
    scale = float(np.sum((z - intercept - slope * x) ** 2) / (n - 2))
    var_mean = scale * (1 / n + (d - xbar) ** 2 / sxx)
    # a fitted trend's residual sd understates the uncertainty of an integrated series; never go
    # below the random-walk step volatility at one year
    sd = np.sqrt(var_mean + max(math.sqrt(scale), step_sd) ** 2)
    return ModelForecast("loglinear", intercept + slope * d, sd)


DOTM_ALPHAS = np.round(np.arange(0.10, 0.99001, 0.01), 2)  # statsforecast's bounds for DOTM's alpha
DOTM_RIDGE = 1e-6  # pull of the initial level toward the first value, per point: fixes it when alpha ~ 1


def dotm_forecast(y: np.ndarray, horizon: int, theta: float | None = None) -> ModelForecast:
    """Dynamic Optimised Theta model (Fiorucci et al. 2016, statsforecast's ``DynamicOptimizedTheta``).

    State (time i): level ``l`` (simple exponential smoothing), and the intercept ``A`` and slope
    ``B`` of an OLS line refitted on the data up to i (recursively). The one-step forecast is
    ``mu_i = l_{i-1} + w (A_{i-1} (1 - a)^i + B_{i-1} (1 - (1 - a)^(i + 1)) / a)`` with
    ``w = 1 - 1/theta``; forecasts feed ``mu`` back as the value. Fitting: the one-step errors are
    linear in the initial level and in ``w``, so for each ``alpha`` on a grid (0.10-0.99) both come
    from exact least squares (``w`` kept in [0, 1], i.e. theta >= 1), and the alpha with the smallest
    squared error wins: no general optimiser, no local optima, vectorised over the grid (statsforecast
    searches all three with Nelder-Mead). The objective is every one-step error from the second point
    on; statsforecast leaves out the first three, which on 6-8 points leaves 3-5 errors for 3
    parameters and moved its forecasts by a median 7 % at 6 points, 0.1 % at 25; with all of them the
    combination was slightly more accurate on the outside panels (sMAPE 7.70 vs 7.73, README).
    Variance: that of SES with drift, ``sigma2 * (1 + (h - 1) alpha^2)``; it ignores the errors' feedback
    into the refitted line (simulating the recursions gives up to ~1.2x the sd at 5 years when theta > 1
    and alpha is small), which the regular set's pooled interval factors absorb.

    Args:
        y: Regular yearly values on the scale to model (original values for positive quantities).
        horizon: Steps ahead.
        theta: Fix theta instead of fitting it (2: the dynamic standard theta model; 1: simple
            exponential smoothing with an estimated initial level).

    Returns:
        Mean and sd per step, on the scale of ``y``; ``params`` has ``alpha``, ``theta`` and ``level0``.
    """
    y = np.asarray(y, dtype=float)
    n = len(y)
    meany, a_line, b_line = np.empty(n), np.empty(n), np.empty(n)
    meany[0], a_line[0], b_line[0] = y[0], y[0], 0.0
    for i in range(1, n):  # the line through the data up to i, updated (data only: no parameter)
        meany[i] = (i * meany[i - 1] + y[i]) / (i + 1)
        b_line[i] = ((i - 1) * b_line[i - 1] + 6 * (y[i] - meany[i - 1]) / (i + 1)) / (i + 2)
        a_line[i] = meany[i] - b_line[i] * (i + 2) / 2
    alpha = DOTM_ALPHAS[:, None]
    q = 1 - alpha
    smoothed = np.empty((len(DOTM_ALPHAS), n))  # the SES level without the initial level's share q^(i+1) l0
    smoothed[:, 0] = alpha[:, 0] * y[0]
    for i in range(1, n):
        smoothed[:, i] = alpha[:, 0] * y[i] + q[:, 0] * smoothed[:, i - 1]
    steps = np.arange(1, n)[None, :]
    x_level = q**steps  # d mu_i / d l0
    x_trend = a_line[None, :-1] * q**steps + b_line[None, :-1] * (1 - q ** (steps + 1)) / alpha  # d mu_i / d w
    resid = y[None, 1:] - smoothed[:, :-1]
    ridge = DOTM_RIDGE * n
    s11, s12, s22 = (x_level**2).sum(1) + ridge, (x_level * x_trend).sum(1), (x_trend**2).sum(1)
    b1, b2 = (x_level * resid).sum(1) + ridge * y[0], (x_trend * resid).sum(1)
    if theta is not None:
        w = np.full(len(DOTM_ALPHAS), 1 - 1 / theta)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            w = (s11 * b2 - s12 * b1) / (s11 * s22 - s12**2)
        # the constrained optimum of a convex quadratic lies inside or on the bound: re-solve l0 at the bound
        w = np.clip(np.nan_to_num(w, nan=0.0), 0.0, 1.0)
    level0 = (b1 - w * s12) / s11
    errors = resid - x_level * level0[:, None] - w[:, None] * x_trend
    sse = (errors**2).sum(1)
    k = int(np.argmin(sse))
    a, wk = float(DOTM_ALPHAS[k]), float(w[k])
    level = smoothed[k, -1] + (1 - a) ** n * level0[k]
    m, an, bn = meany[-1], a_line[-1], b_line[-1]
    mean = np.empty(horizon)
    for j in range(horizon):
        t = n + j
        mu = level + wk * (an * (1 - a) ** t + bn * (1 - (1 - a) ** (t + 1)) / a)
        mean[j] = mu
        level = a * mu + (1 - a) * level
        m_next = (t * m + mu) / (t + 1)
        bn = ((t - 1) * bn + 6 * (mu - m) / (t + 1)) / (t + 2)
        an = m_next - bn * (t + 2) / 2
        m = m_next
    sigma2 = float(sse[k] / max(n - 3, 1))  # n - 1 one-step errors, two fitted coefficients
    h = np.arange(1, horizon + 1, dtype=float)
    params = {"alpha": a, "theta": 1 / (1 - wk) if wk < 1 else math.inf, "level0": float(level0[k])}
    return ModelForecast("dotm", mean, np.sqrt(sigma2 * (1 + (h - 1) * a**2)), params)


def _shrunk(own_sd: float, df: int, prior_sd: float) -> float:
    """A volatility from ``df`` residuals shrunk toward ``prior_sd`` with ``PRIOR_DF`` pseudo-observations."""
    return math.sqrt((df * own_sd**2 + PRIOR_DF * prior_sd**2) / (df + PRIOR_DF))


def _shrunk_short(own_sd: float, df: int, prior_sd: float) -> float:
    """:func:`_shrunk` for the short or irregular set: the weighted mean of the log volatilities.

    Why not the variances' mean: with 2-3 steps the prior's variance dominates it, so a smooth 4-point series
    (U.S. consumption, 1.5 % a year) took most of the bundled IP series' volatility (7.5 %) and its intervals were
    three times too wide; volatility is a scale, and a scale's estimates pool on the log scale. On the held-out
    panels (``benchmarks/bench_outside.py --sets holdout``), windows of 4-5 points: 80 % coverage 0.86-0.92 ->
    0.78-0.83 and mean interval score (MSIS80) 15.1 -> 13.2, with the bundled factors refitted (they keep the
    bundled series' coverage). The own volatility counts from :data:`SHORT_SD_FLOOR` of the prior: a run of equal
    values over 3 years is no evidence of no volatility (a rate held at its cap, rounding); without the floor those
    windows' 80 % coverage fell to 0.72-0.79.
    """
    own = max(own_sd, SHORT_SD_FLOOR * prior_sd)
    return math.exp((df * math.log(own) + PRIOR_DF * math.log(prior_sd)) / (df + PRIOR_DF))


def _dotm_on_model_scale(
    values: np.ndarray, z: np.ndarray, scale: str, steps: np.ndarray, step_sd: float
) -> ModelForecast | None:
    """DOTM's forecast ``steps`` years ahead as a component of the model-scale mixture (None: left out).

    A trend fitted with a smoothed level rather than one whole-window growth rate: over 6+ years the pace
    changes. Positive quantities: fitted on the original scale (a level-scale trend hedges the log-scale
    walk's compounding) and entering the log-scale mixture by the delta method (sd / forecast); left out
    when its forecast reaches 0 within :data:`DOTM_CHECK_YEARS` years (or within the steps asked, if
    further), so the model set does not depend on the horizon asked for. Percentages: fitted on the logit
    scale. Its one-step volatility is shrunk toward the walk's like every own volatility here (a smooth
    series would otherwise make half the mixture a point mass). Steps between whole years are
    interpolated from the last value (step 0) and the whole-year forecasts.
    """
    reach = max(DOTM_CHECK_YEARS, int(math.ceil(float(steps.max()))))
    m = dotm_forecast(values if scale == "log" else z, reach)
    if scale == "log":
        if np.any(m.mean <= 0):
            return None
        mean, sd = np.log(m.mean), m.sd / m.mean
    else:
        mean, sd = m.mean, m.sd
    one_step = float(sd[0])
    shrunk = _shrunk(one_step, max(len(z) - 3, 1), step_sd)
    # keep DOTM's growth of the sd with the horizon, at the shrunk one-step level
    sd = sd * (shrunk / one_step) if one_step > 0 else shrunk * np.sqrt(1 + np.arange(reach) * m.params["alpha"] ** 2)
    h = np.arange(0, reach + 1, dtype=float)
    return ModelForecast(
        "dotm",
        np.interp(steps, h, np.concatenate([[z[-1]], mean])),
        np.interp(steps, h, np.concatenate([[0.0], sd])),
        m.params,
    )


def _step_sd(t: np.ndarray, z: np.ndarray) -> float:
    """Residual volatility of annualised steps around the mean drift (irregular spacing allowed)."""
    dt, dz = np.diff(t), np.diff(z)
    drift = (z[-1] - z[0]) / (t[-1] - t[0])
    return float(np.sqrt(np.sum((dz - drift * dt) ** 2 / dt) / (len(dz) - 1)))


def scale_of(series: pd.Series) -> str:
    """``logit`` for percentage series (``attrs['unit'] == '%'``), else ``log``."""
    return "logit" if series.attrs.get("unit") == "%" else "log"


def step_volatility(series: pd.Series) -> float:
    """Per-year step volatility of ``series`` on its model scale (what short series borrow)."""
    ts = to_years(series)
    return _step_sd(ts.index.to_numpy(), to_scale(ts.to_numpy(), scale_of(series)))


def _resolve_scale(series: pd.Series, scale: str) -> str:
    if scale == "auto":
        return scale_of(series)
    if scale not in ("log", "logit"):
        raise ForecastError(f"scale must be 'log', 'logit' or 'auto', got {scale!r}")
    return scale


def fit_models(
    series: pd.Series,
    steps: np.ndarray,
    *,
    scale: str = "auto",
    borrowed_sd: float | None = None,
    borrowed_from: str = "",
    phi: float | None = None,
) -> ModelSet:
    """Fit the model set and return each model's mean and sd ``steps`` years after the last point.

    Used by :func:`distribution` and by the backtests (which need forecasts at fractional steps).
    ``phi`` is the trend damping (default :func:`ipdata.forecast.calibration.drift_damping` of the model set: the
    regular 6+ point set has its own, fitted on the outside panels).

    Raises:
        ForecastError: fewer than two points, values that are not real, finite numbers, or values or dates the
            models cannot take.
    """
    scale = _resolve_scale(series, scale)
    checks.real_values("series", series, error=ForecastError)
    return _fit_years(to_years(series), steps, scale, borrowed_sd, borrowed_from, phi)


def _fit_years(
    ts: pd.Series, steps: np.ndarray, scale: str, borrowed_sd: float | None, borrowed_from: str, phi: float | None
) -> ModelSet:
    """:func:`fit_models` on a series already indexed by year-end time (:func:`ipdata.core.dates.to_years`)."""
    if len(ts) < 2:
        raise ForecastError("one observation gives no forecast: only the required growth can be computed")
    steps = np.asarray(steps, dtype=float)
    if not len(steps) or not np.all(np.isfinite(steps)) or np.any(steps <= 0):
        raise ForecastError(f"forecast steps must be positive numbers of years after the last point, got {steps}")
    t, z = ts.index.to_numpy(), to_scale(ts.to_numpy(), scale)
    prior_sd = borrowed_sd if borrowed_sd is not None else pooled_step_sd()
    source = borrowed_from or "the pooled bundled series (calibration.json)"
    # regular is a property of the data (yearly, at year ends, 6+ points), never of the steps asked for
    regular = bool(
        len(z) >= MIN_POINTS_DOTM and np.all(np.abs(np.diff(t) - 1.0) < 1e-8) and np.all(np.abs(t - np.round(t)) < 1e-8)
    )
    if len(z) >= MIN_POINTS_OWN_VOLATILITY:
        own, df = _step_sd(t, z), len(z) - 2
        # a volatility from 2-10 steps is itself very uncertain (a smooth 4-point series gives ~0): shrink it
        # toward the related series' with PRIOR_DF pseudo-observations (the short set on the log scale)
        step_sd = (_shrunk if regular else _shrunk_short)(own, df, prior_sd)
        uncertainty = (
            f"own: step volatility {own:.3f} from {len(z)} points, shrunk toward {prior_sd:.3f} from {source} "
            f"-> {step_sd:.3f}"
        )
    else:
        step_sd = prior_sd
        uncertainty = (
            f"borrowed: {len(z)} points cannot estimate volatility; step volatility {step_sd:.3f} from {source}"
        )
    phi = drift_damping(regular) if phi is None else phi
    models = [rw_drift_forecast(t, z, steps, step_sd, phi)]
    if regular:
        dotm = _dotm_on_model_scale(ts.to_numpy(dtype=float), z, scale, steps, step_sd)
        if dotm is not None:
            models.append(dotm)
    else:
        models.append(loglinear_forecast(t, z, steps, step_sd, phi))
    return ModelSet(models, uncertainty, scale, regular, phi)


def distribution(
    series: pd.Series,
    horizon: int,
    *,
    scale: str = "auto",
    borrowed_sd: float | None = None,
    borrowed_from: str = "",
    phi: float | None = None,
) -> Forecast:
    """Fit the model set and return the predictive distribution ``horizon`` years after the last year.

    Arguments as for :func:`simulate` (``phi``: trend damping, default
    :func:`ipdata.forecast.calibration.drift_damping`). The result has no paths: its :meth:`Forecast.summary` and
    :meth:`Forecast.cdf` are exact.

    Raises:
        ForecastError: fewer than two points, values that are not real, finite numbers (a complex, text or
            boolean series), bad dates, horizon < 1.
    """
    whole_number("horizon", horizon, 1, what="a whole number of years", error=ForecastError)
    if len(series) == 0:
        raise ForecastError("an empty series gives no forecast: it needs two or more observations")
    if borrowed_sd is not None:
        positive = checks.is_real(borrowed_sd) and math.isfinite(borrowed_sd) and float(borrowed_sd) > 0
        if not positive:  # a complex or a text once reached math.isfinite and failed there
            raise ForecastError(f"borrowed_sd must be a positive finite step volatility, got {borrowed_sd!r}")
    # before the dates' float conversion: it would drop a complex part or read '3' as 3.0 without a word
    checks.real_values("series", series, error=ForecastError)
    ts = to_years(series)  # once: the dates' conversion was a third of a short series' forecast time
    t_last = float(ts.index[-1])
    first = whole_years_reached(t_last) + 1
    years = list(range(first, first + horizon))
    steps = np.array(years, dtype=float) - t_last
    fit = _fit_years(ts, steps, _resolve_scale(series, scale), borrowed_sd, borrowed_from, phi)
    factors = horizon_factors(steps, regular=fit.regular)
    return Forecast(
        years,
        [m.name for m in fit.models],
        fit.uncertainty,
        fit.scale,
        np.array([m.mean for m in fit.models]),
        np.array([m.sd * factors for m in fit.models]),
        fit.phi,
    )


def simulate(
    series: pd.Series,
    horizon: int,
    *,
    scale: str = "auto",
    n_paths: int = N_PATHS,
    seed: int = 0,
    borrowed_sd: float | None = None,
    borrowed_from: str = "",
) -> Forecast:
    """Simulate future paths of ``series`` for ``horizon`` years after its last year.

    Args:
        series: Values indexed by int year or monthly ``PeriodIndex`` (as ``ipdata.series`` returns).
        horizon: Number of future years (>= 1).
        scale: ``log`` (positive quantities), ``logit`` (percentages 0-100) or ``auto``: ``logit`` when
            ``series.attrs['unit'] == '%'``, else ``log``.
        n_paths: Number of simulated paths, from 1 to :data:`ipdata.core.checks.MAX_PATHS` (1,000,000).
        seed: Random seed, a whole number >= 0 (what :func:`numpy.random.default_rng` takes); the same inputs
            and seed give identical paths.
        borrowed_sd: Step volatility (model scale, per year) to use when the series is too
            short to estimate its own; default the pooled value in ``calibration.json``.
        borrowed_from: Description of where ``borrowed_sd`` came from (reported in ``uncertainty``).

    Returns:
        The :class:`Forecast` of :func:`distribution` with ``paths`` (:meth:`Forecast.sample`) on the
        original scale.

    Raises:
        ForecastError: fewer than two points, values that are not real, finite numbers, bad dates, a horizon
            outside 1 to :data:`MAX_HORIZON`, ``n_paths`` outside 1 to :data:`ipdata.core.checks.MAX_PATHS` or a
            negative ``seed`` (checked before anything is fitted).
    """
    whole_number("horizon", horizon, 1, high=MAX_HORIZON, what="a whole number of years", error=ForecastError)
    checks.n_paths("n_paths", n_paths, error=ForecastError)  # before the fit, not after it: the error comes at once
    checks.seed("seed", seed, error=ForecastError)
    out = distribution(series, horizon, scale=scale, borrowed_sd=borrowed_sd, borrowed_from=borrowed_from)
    out.paths = out.sample(n_paths, seed)
    return out


def forecast(
    series: pd.Series,
    horizon: int,
    level: float | tuple[float, ...] | list[float] = (80, 95),
    *,
    scale: str = "auto",
    borrowed_sd: float | None = None,
    borrowed_from: str = "",
) -> pd.DataFrame:
    """Forecast ``series`` ``horizon`` years ahead with prediction intervals.

    The numbers are exact functions of the fitted models (no simulation, no seed): the same series
    gives the same table on any machine.

    Args:
        series: pandas Series indexed by int year (or the date-indexed series from ``ipdata.series``).
        horizon: Years ahead of the last observed year.
        level: Interval coverages in percent.
        scale: ``log``, ``logit`` or ``auto`` (see :func:`simulate`).
        borrowed_sd: Step volatility for series too short to estimate their own (see :func:`simulate`).
        borrowed_from: Where ``borrowed_sd`` came from (reported in ``attrs["uncertainty"]``).

    Returns:
        DataFrame indexed by forecast year with ``mean`` (the point forecast: the average of the models' own
        forecasts), ``median``, ``lower_<L>``/``upper_<L>`` per level and ``expected_value`` (the mixture's
        expectation, far above ``mean`` when intervals are wide; see :meth:`Forecast.summary`); ``attrs``
        names the models combined and where the uncertainty came from.

    Raises:
        ForecastError: fewer than two points, values that are not real, finite numbers, bad dates, a horizon
            outside 1 to :data:`MAX_HORIZON`, or a level outside (0, 100).
    """
    whole_number("horizon", horizon, 1, high=MAX_HORIZON, what="a whole number of years", error=ForecastError)
    levels = tuple(level) if isinstance(level, (list, tuple)) else (level,)  # level=80: the 80 % interval
    for lv in levels:
        if isinstance(lv, bool) or not isinstance(lv, (int, float, np.integer, np.floating)) or not 0 < lv < 100:
            raise ForecastError(f"interval levels must be numbers between 0 and 100, got {lv!r}")
    return distribution(series, horizon, scale=scale, borrowed_sd=borrowed_sd, borrowed_from=borrowed_from).summary(
        levels
    )
