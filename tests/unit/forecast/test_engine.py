"""ipdata.forecast.engine (ipdata.forecast): the public contract, honest short-series behaviour, and clear errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ipdata
from ipdata.core.dates import last_whole_year
from ipdata.forecast.engine import ForecastError, distribution, forecast, simulate

GROWING = pd.Series([1.7, 2.37, 3.2, 4.02, 4.9, 6.3, 8.0, 9.8, 11.5, 13.3, 15.8], index=range(2010, 2021))


def test_contract_columns_and_index():
    out = forecast(GROWING, 5)
    assert list(out.index) == [2021, 2022, 2023, 2024, 2025]
    for col in ("mean", "lower_80", "upper_80", "lower_95", "upper_95"):
        assert col in out.columns
    assert (out["lower_95"] <= out["lower_80"]).all() and (out["lower_80"] <= out["upper_80"]).all()
    assert (out["upper_80"] <= out["upper_95"]).all()
    assert out.attrs["models"] == ["rw_drift", "dotm"]
    assert list(out.columns) == ["mean", "median", "lower_80", "upper_80", "lower_95", "upper_95", "expected_value"]


@pytest.mark.parametrize(
    ("n", "models"),
    [
        (2, ["rw_drift", "loglinear"]),
        (5, ["rw_drift", "loglinear"]),
        (6, ["rw_drift", "dotm"]),
        (19, ["rw_drift", "dotm"]),
        (40, ["rw_drift", "dotm"]),
    ],
)
def test_model_set_depends_on_length(n, models):
    """DOTM replaces the whole-window log-linear trend from 6 points (README: outside benchmark)."""
    rng = np.random.default_rng(n)
    s = pd.Series(np.exp(np.cumsum(rng.normal(0.08, 0.05, n))), index=range(2000, 2000 + n))
    assert forecast(s, 3).attrs["models"] == models


def test_custom_levels():
    out = forecast(GROWING, 2, level=(50, 90))
    assert {"lower_50", "upper_90"} <= set(out.columns) and "lower_80" not in out.columns


def test_intervals_widen_with_horizon():
    out = forecast(GROWING, 6)
    width = out["upper_80"] / out["lower_80"]
    assert width.is_monotonic_increasing


def test_accepts_ipdata_series_with_monthly_snapshots():
    s = ipdata.series("zhejiang", "invention_patents_per_10k")
    assert isinstance(s.index, pd.PeriodIndex)
    out = forecast(s, 3)
    assert last_whole_year(s) == 2016  # the last point is 2016-12 (the rule: tests/unit/test_dates.py)
    assert list(out.index) == [2017, 2018, 2019]
    assert out.attrs["models"] == ["rw_drift", "loglinear"]  # irregular spacing: no DOTM


def test_forecast_is_exact_and_paths_follow_it():
    """forecast() has no Monte Carlo noise; simulated paths come from the same distribution."""
    from ipdata.forecast.engine import distribution

    out = forecast(GROWING, 4)
    assert out.equals(forecast(GROWING, 4))
    dist = distribution(GROWING, 4)
    for year, row in out.iterrows():  # each quantile is where the mixture CDF says it is
        assert dist.cdf(year, row["median"]) == pytest.approx(0.5, abs=1e-9)
        assert dist.cdf(year, row["lower_80"]) == pytest.approx(0.1, abs=1e-9)
        assert dist.cdf(year, row["upper_95"]) == pytest.approx(0.975, abs=1e-9)
    paths = simulate(GROWING, 4, n_paths=100_000, seed=5).paths
    np.testing.assert_allclose(
        np.quantile(paths, [0.1, 0.5, 0.9], axis=0), out[["lower_80", "median", "upper_80"]].to_numpy().T, rtol=0.01
    )
    np.testing.assert_allclose(paths.mean(axis=0), out["expected_value"], rtol=0.01)
    assert not np.array_equal(simulate(GROWING, 4, seed=1).paths, simulate(GROWING, 4, seed=2).paths)
    assert np.array_equal(simulate(GROWING, 4, seed=1).paths, simulate(GROWING, 4, seed=1).paths)


def test_exact_expected_value_on_the_logit_scale():
    """Percentages have no closed-form expectation: quadrature, checked against a large simulation."""
    rate = pd.Series([60.0, 66.0, 71.0, 77.0], index=range(2017, 2021))
    rate.attrs["unit"] = "%"
    out = forecast(rate, 5)
    paths = simulate(rate, 5, n_paths=200_000).paths
    np.testing.assert_allclose(paths.mean(axis=0), out["expected_value"], rtol=0.005)


def test_mean_is_the_average_of_the_models_own_forecasts():
    """The point forecast averages each model's forecast on the original scale; the mixture's tail cannot drag it."""
    from ipdata.forecast.engine import distribution, from_scale

    for s in (GROWING, GROWING.iloc[:4]):
        dist = distribution(s, 5)
        out = dist.summary()
        np.testing.assert_allclose(out["mean"], from_scale(dist.means, dist.scale).mean(axis=0), rtol=1e-12)
        assert (out["mean"] >= from_scale(dist.means, dist.scale).min(axis=0)).all()
        assert (out["mean"] <= from_scale(dist.means, dist.scale).max(axis=0)).all()
    # a volatile three-point series: wide intervals put the expectation far above every model's forecast
    wild = pd.Series([1.0, 9.0, 2.0], index=[2018, 2019, 2020])
    out = forecast(wild, 6)
    assert (out["expected_value"] > out["mean"]).all()
    assert out["expected_value"].iloc[-1] > 1.5 * out["mean"].iloc[-1]


def test_short_series_borrows_and_says_so():
    two = pd.Series([7.38, 9.1], index=[2015, 2016])
    out = forecast(two, 4, borrowed_sd=0.2, borrowed_from="test pool")
    assert out.attrs["uncertainty"].startswith("borrowed") and "test pool" in out.attrs["uncertainty"]
    wide = forecast(two, 4, borrowed_sd=0.4)
    assert (wide["upper_80"] - wide["lower_80"] > out["upper_80"] - out["lower_80"]).all()
    long = forecast(GROWING, 4)
    assert long.attrs["uncertainty"].startswith("own")


def test_percentages_stay_within_bounds():
    rate = pd.Series([90.0, 93.0, 95.0, 97.0, 98.0, 98.5], index=range(2015, 2021))
    rate.attrs["unit"] = "%"
    out = forecast(rate, 5)
    assert (out["upper_95"] < 100).all() and (out["lower_95"] > 0).all()


def test_paths_support_cumulative_sums():
    sim = simulate(GROWING, 5, n_paths=1000)
    assert sim.paths.shape == (1000, 5)
    totals = sim.paths.sum(axis=1)
    assert np.isfinite(totals).all() and (totals > 0).all()


@pytest.mark.parametrize(
    ("series", "message"),
    [
        (pd.Series([5.0], index=[2015]), "one observation"),
        (pd.Series([5.0, np.nan, 7.0], index=[2015, 2016, 2017]), "missing values"),
        (pd.Series([5.0, 0.0, 7.0], index=[2015, 2016, 2017]), "positive"),
        (pd.Series([5.0, -1.0, 7.0], index=[2015, 2016, 2017]), "positive"),
        (pd.Series([5.0, 6.0, 7.0], index=[2017, 2016, 2018]), "not sorted"),
        (pd.Series([5.0, 6.0, 7.0], index=[2016, 2016, 2018]), "duplicate"),
        (pd.Series([5.0, 6.0], index=["a", "b"]), "index must be"),
    ],
)
def test_bad_series_errors(series, message):
    with pytest.raises(ForecastError, match=message):
        forecast(series, 3)


@pytest.mark.parametrize("horizon", [0, -1, 2.5])
def test_bad_horizon(horizon):
    with pytest.raises(ForecastError, match="horizon"):
        forecast(GROWING, horizon)


def test_numpy_array_is_refused_clearly():
    with pytest.raises(ForecastError, match="pandas Series"):
        forecast(np.array([1.0, 2.0, 3.0]), 2)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.floats(min_value=1e-3, max_value=1e7, allow_nan=False), min_size=2, max_size=15),
    start=st.integers(1990, 2020),
    horizon=st.integers(1, 6),
)
def test_any_positive_series_gives_finite_ordered_intervals(values, start, horizon):
    s = pd.Series(values, index=range(start, start + len(values)))
    out = forecast(s, horizon)
    assert np.isfinite(out.to_numpy()).all()
    assert (out["lower_95"] <= out["lower_80"]).all()
    assert (out["lower_80"] <= out["upper_80"]).all()
    assert (out["upper_80"] <= out["upper_95"]).all()


def _dotm_by_recursion(y, alpha, theta, level0, horizon):
    """DOTM written as Fiorucci et al. state the recursions (statsforecast's thetaupdate), one step at a time:
    an independent statement of the model the vectorised fit must agree with. Returns (one-step errors, forecasts)."""
    w = 1 - 1 / theta
    level, meany, a_n, b_n = alpha * y[0] + (1 - alpha) * level0, y[0], y[0], 0.0
    errors, values = [], list(y)
    for i in range(1, len(y) + horizon):
        mu = level + w * (a_n * (1 - alpha) ** i + b_n * (1 - (1 - alpha) ** (i + 1)) / alpha)
        if i < len(y):
            errors.append(y[i] - mu)
            value = y[i]
        else:
            values.append(mu)
            value = mu
        level = alpha * value + (1 - alpha) * level
        new_mean = (i * meany + value) / (i + 1)
        b_n = ((i - 1) * b_n + 6 * (value - meany) / (i + 1)) / (i + 2)
        a_n = new_mean - b_n * (i + 2) / 2
        meany = new_mean
    return np.array(errors), np.array(values[len(y) :])


def test_dotm_fit_is_the_least_squares_optimum_of_its_recursions():
    """The vectorised fit's forecasts are the model's recursions at its parameters; no (level0, theta) does better."""
    from scipy.optimize import minimize

    from ipdata.forecast.engine import DOTM_ALPHAS, dotm_forecast

    rng = np.random.default_rng(11)
    for n in (6, 10, 25):
        y = 100 * np.exp(np.cumsum(rng.normal(0.06, 0.04, n)))
        fit = dotm_forecast(y, 5)
        a, theta, level0 = fit.params["alpha"], fit.params["theta"], fit.params["level0"]
        errors, values = _dotm_by_recursion(y, a, theta, level0, 5)
        np.testing.assert_allclose(fit.mean, values, rtol=1e-9)
        best = float(np.sum(errors**2))

        def sse(p, alpha, y=y):
            return float(np.sum(_dotm_by_recursion(y, alpha, 1 / (1 - min(max(p[1], 0.0), 0.999)), p[0], 0)[0] ** 2))

        for alpha in (DOTM_ALPHAS[0], a, 0.5, DOTM_ALPHAS[-1]):
            other = minimize(sse, x0=[y[0], 0.5], args=(alpha,), method="Nelder-Mead", options={"xatol": 1e-8})
            assert best <= other.fun * (1 + 1e-6) + 1e-9
        assert theta >= 1 and (fit.sd > 0).all() and (np.diff(fit.sd) >= 0).all()


def test_dotm_at_theta_one_is_statsmodels_simple_exponential_smoothing():
    """theta = 1 removes the trend line: the forecast is SES's level (statsmodels, same alpha and initial level)."""
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    from ipdata.forecast.engine import dotm_forecast

    rng = np.random.default_rng(5)
    y = 50 + np.cumsum(rng.normal(1, 2, 12))
    fit = dotm_forecast(y, 4, theta=1.0)
    ses = SimpleExpSmoothing(y, initialization_method="known", initial_level=fit.params["level0"]).fit(
        smoothing_level=fit.params["alpha"], optimized=False
    )
    np.testing.assert_allclose(fit.mean, ses.forecast(4), rtol=1e-10)


def test_dotm_at_theta_two_is_close_to_statsmodels_theta_model():
    """At theta = 2 the dynamic model is the Theta method with a line refitted as data arrive (statsmodels'
    ``ThetaModel`` fits the line once): on a steady trend their forecasts agree to about a percent."""
    import warnings

    from statsmodels.tsa.forecasting.theta import ThetaModel

    from ipdata.forecast.engine import dotm_forecast

    rng = np.random.default_rng(3)
    for n in (12, 20, 40):
        y = 100 + 5 * np.arange(n) + rng.normal(0, 2, n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = np.asarray(ThetaModel(y, period=1, deseasonalize=False).fit().forecast(5))
        np.testing.assert_allclose(dotm_forecast(y, 5, theta=2.0).mean, expected, rtol=0.015)


def test_the_model_set_does_not_depend_on_the_horizon_asked_for():
    """A falling series whose DOTM forecast reaches 0 within 20 years is without DOTM at any horizon."""
    falling = pd.Series([100.0, 95, 90, 80, 70, 50, 40], index=range(2014, 2021))
    short, long = forecast(falling, 3), forecast(falling, 5)
    assert short.attrs["models"] == long.attrs["models"] == ["rw_drift"]
    pd.testing.assert_frame_equal(short, long.iloc[:3], check_exact=False, rtol=1e-12)
    steady = forecast(GROWING, 2)
    assert steady.attrs["models"] == ["rw_drift", "dotm"]
    pd.testing.assert_frame_equal(steady, forecast(GROWING, 6).iloc[:2], check_exact=False, rtol=1e-12)


def test_regular_is_a_property_of_the_data_and_steps_are_checked():
    from ipdata.forecast.engine import fit_models

    whole = fit_models(GROWING, np.array([1.0, 2.0, 3.0]))
    between = fit_models(GROWING, np.array([1.0, 2.5, 3.0]))  # a step between years keeps the same model set
    assert [m.name for m in whole.models] == [m.name for m in between.models] == ["rw_drift", "dotm"]
    np.testing.assert_allclose(between.models[1].mean[[0, 2]], whole.models[1].mean[[0, 2]])
    assert whole.models[1].mean[1] < between.models[1].mean[1] < whole.models[1].mean[2]
    for bad in ([0.0, 1.0], [-1.0], [np.nan], []):
        with pytest.raises(ForecastError, match="steps must be positive"):
            fit_models(GROWING, np.array(bad))


def test_a_smooth_series_keeps_a_spread_in_every_component():
    """DOTM's own residuals of a straight line are ~0; its sd is shrunk toward the walk's, so no point mass."""
    from ipdata.forecast.engine import distribution

    line = pd.Series([10.0, 20, 30, 40, 50, 60], index=range(2015, 2021))
    dist = distribution(line, 3)
    assert dist.models == ["rw_drift", "dotm"] and (dist.sds[1] > 0.02).all()
    centre = dist.summary()["median"].iloc[0]
    assert dist.cdf(2021, 1.001 * centre) - dist.cdf(2021, 0.999 * centre) < 0.05
    flat = forecast(pd.Series([5.0] * 6, index=range(2015, 2021)), 3)
    assert np.isfinite(flat.to_numpy()).all() and (flat["upper_80"] > flat["lower_80"]).all()


def test_dotm_enters_through_the_delta_method_and_leaves_when_it_reaches_zero():
    from ipdata.forecast.engine import dotm_forecast, fit_models

    steps = np.arange(1.0, 6.0)
    models = {m.name: m for m in fit_models(GROWING, steps).models}
    level = dotm_forecast(GROWING.to_numpy(), 5)
    np.testing.assert_allclose(np.exp(models["dotm"].mean), level.mean)
    # the delta method's sd, up to one factor: the one-step volatility shrunk toward the walk's
    ratio = models["dotm"].sd / (level.sd / level.mean)
    np.testing.assert_allclose(ratio, ratio[0])
    falling = pd.Series([100.0, 80, 60, 42, 25, 12, 4], index=range(2014, 2021))
    assert [m.name for m in fit_models(falling, steps).models] == ["rw_drift"]


def test_loglinear_matches_statsmodels_ols():
    """The written-out OLS trend gives statsmodels' OLS prediction mean and standard error."""
    import math

    import statsmodels.api as sm

    from ipdata.forecast.engine import loglinear_forecast

    rng = np.random.default_rng(4)
    for n in (3, 5, 8):
        t = np.arange(2010.0, 2010 + n)
        z = np.cumsum(rng.normal(0.1, 0.05, n))
        steps = np.array([1.0, 2.0, 4.5])
        fit = sm.OLS(z, sm.add_constant(t - t[-1])).fit()
        pred = fit.get_prediction(sm.add_constant(steps, has_constant="add"))
        ours = loglinear_forecast(t, z, steps, step_sd=0.0, phi=1.0)
        np.testing.assert_allclose(ours.mean, pred.predicted_mean, rtol=1e-10)
        np.testing.assert_allclose(ours.sd, np.sqrt(pred.var_pred_mean + fit.scale), rtol=1e-10)
        assert math.isfinite(ours.sd.sum())


def test_damped_steps():
    from ipdata.forecast.engine import damped_steps

    steps = np.array([0.5, 1.0, 2.0, 5.0, 50.0])
    np.testing.assert_allclose(damped_steps(steps, 1.0), steps)
    d = damped_steps(steps, 0.8)
    assert d[1] == pytest.approx(0.8) and d[2] == pytest.approx(0.8 + 0.64)
    assert (np.diff(d) > 0).all() and d[-1] < 0.8 / 0.2  # grows, bounded by phi / (1 - phi)


def test_damping_slows_a_growing_forecast():
    from ipdata.forecast.engine import fit_models

    steps = np.arange(1.0, 6.0)
    short = GROWING.iloc[:5]  # random walk and log-linear trend, both damped
    fast = fit_models(short, steps, phi=1.0).models
    slow = fit_models(short, steps, phi=0.8).models
    assert [m.name for m in slow] == ["rw_drift", "loglinear"]
    for a, b in zip(fast, slow):
        assert (b.mean < a.mean).all()


def test_smooth_short_series_is_not_overconfident():
    """Four collinear points give zero own volatility; it counts as a tenth of the pooled one and is shrunk toward it.

    So the 80 % band five years out is still about +-8 % wide (a point mass would give ratio 1).
    """
    s = pd.Series([100.0, 110.0, 121.0, 133.1], index=range(2017, 2021))
    out = forecast(s, 5)
    assert "shrunk toward" in out.attrs["uncertainty"]
    assert out.loc[2025, "upper_80"] / out.loc[2025, "lower_80"] > 1.15


def test_short_series_volatility_pools_on_the_log_scale():
    """A smooth 5-point series keeps more of its own volatility than the variances' mean would give it.

    The short set's rule (:func:`ipdata.forecast.engine._shrunk_short`): held-out panels showed 4-5 point
    intervals 3x too wide for smooth series under the variance mean. A flat run still counts as a tenth of the prior,
    and the regular 6+ point set keeps the variance mean.
    """
    from ipdata.forecast import engine

    prior = 0.08
    smooth = pd.Series([100.0, 101.5, 103.1, 104.6, 106.2], index=range(2016, 2021))
    t, z = np.arange(2016, 2021, dtype=float), np.log(smooth.to_numpy())
    own = engine._step_sd(t, z)
    step_sd = engine.fit_models(smooth, np.array([1.0]), borrowed_sd=prior, phi=1.0).models[0].sd[0]
    shrunk = engine._shrunk_short(own, 3, prior)
    assert own < shrunk < engine._shrunk(own, 3, prior)
    # the random walk's one-year sd is the step sd times sqrt(1 + 1 / span)
    assert step_sd == pytest.approx(shrunk * np.sqrt(1 + 1 / 4))
    assert engine._shrunk_short(0.0, 2, prior) == pytest.approx(
        math.exp((2 * math.log(engine.SHORT_SD_FLOOR * prior) + 2 * math.log(prior)) / 4)
    )
    regular = pd.Series(100 * 1.015 ** np.arange(8) * (1 + 0.001 * (-1) ** np.arange(8)), index=range(2013, 2021))
    t8, z8 = np.arange(2013, 2021, dtype=float), np.log(regular.to_numpy())
    walk = engine.fit_models(regular, np.array([1.0]), borrowed_sd=prior, phi=1.0).models[0]
    assert walk.sd[0] == pytest.approx(engine._shrunk(engine._step_sd(t8, z8), 6, prior) * np.sqrt(1 + 1 / 7))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: forecast(s.iloc[:0], 3), "empty series gives no forecast"),  # was an IndexError
        (lambda s: forecast(s.iloc[:1], 3), "one observation gives no forecast"),
        (lambda s: forecast(s.where(s.index != s.index[2], float("inf")), 3), "infinite"),  # was an all-NaN table
        (lambda s: forecast(s, 3, borrowed_sd=float("nan")), "borrowed_sd"),
        (lambda s: forecast(s, 3, scale="bogus"), "scale must be"),
    ],
)
def test_bad_calls_name_what_is_wrong(call, message):
    with pytest.raises(ForecastError, match=message):
        call(GROWING)


def test_a_single_interval_level_is_accepted():
    out = forecast(GROWING, 2, level=80)  # was a TypeError
    assert list(out.columns) == ["mean", "median", "lower_80", "upper_80", "expected_value"]


# issue 23: arguments refused by name, through ipdata.core.checks, before anything is fitted or drawn


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_paths": 0}, r"n_paths must be a whole number of paths from 1 to 1000000, got 0"),  # was an empty table
        ({"n_paths": 10**7}, r"n_paths must be .* from 1 to 1000000, got 10000000"),  # would exhaust memory
        ({"n_paths": 100.0}, r"n_paths must be a whole number"),
        ({"seed": -1}, r"seed must be a whole number \(a random seed\) >= 0, got -1"),  # was numpy's own error
        ({"seed": 1.5}, r"seed must be a whole number"),
    ],
)
def test_simulate_refuses_bad_paths_and_seeds_by_name(kwargs, message):
    with pytest.raises(ForecastError, match=message):
        simulate(GROWING, 3, **kwargs)
    name = next(iter(kwargs))
    with pytest.raises(ForecastError, match=name):  # the distribution's own draws are checked the same way
        distribution(GROWING, 3).sample(**{"n_paths": 10, "seed": 0, **kwargs})


def test_any_non_negative_seed_numpy_takes_is_a_seed():
    """numpy.random.default_rng takes a non-negative int of any size: so does simulate, reproducibly."""
    a, b = simulate(GROWING, 3, n_paths=50, seed=2**70), simulate(GROWING, 3, n_paths=50, seed=2**70)
    np.testing.assert_array_equal(a.paths, b.paths)
    assert not np.array_equal(a.paths, simulate(GROWING, 3, n_paths=50, seed=0).paths)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (GROWING.astype(complex) + 1j, "got complex128 values"),  # was a table: the imaginary part dropped
        (GROWING.astype(str), "'1.7' at 2010 is a str"),  # was a table: '1.7' read as 1.7
        (GROWING > 0, "got bool values"),  # was a table of 1.0s
        (GROWING.astype(object).where(GROWING.index != 2012, complex(1, 2)), "at 2012 is a complex"),
        (GROWING.astype(object).where(GROWING.index != 2012, None).map(lambda x: [x]), "is a list"),
    ],
)
def test_forecast_and_simulate_take_real_finite_numbers_only(values, message):
    for call in (lambda: forecast(values, 3), lambda: simulate(values, 3, n_paths=10)):
        with pytest.raises(ForecastError, match=rf"^series must hold real, finite numbers only.*{message}"):
            call()


@pytest.mark.parametrize("borrowed_sd", [complex(0.1, 0.1), "0.1", True])
def test_a_borrowed_volatility_must_be_a_real_number(borrowed_sd):
    with pytest.raises(ForecastError, match="borrowed_sd must be a positive finite step volatility"):
        forecast(GROWING.iloc[:3], 2, borrowed_sd=borrowed_sd)  # complex and text were math.isfinite's TypeError
