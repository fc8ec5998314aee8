"""Speed of batch forecasting: ipdata's full model set with intervals vs statsforecast AutoETS.

Usage:
    python benchmarks/bench_forecast.py [--series 300] [--horizon 5] [--peer-python PATH]

The series are the bundled series with >= 4 points (ipdata.forecast.backtest.backtest_series) converted to
annual steps, recycled with a deterministic multiplicative jitter up to ``--series``. statsforecast
pins pandas < 3, so it cannot live in this project's environment: ``--peer-python`` names the
interpreter of a separate environment that has statsforecast installed; the same series are sent
to it as JSON and it times AutoETS there (after a warm-up fit, so numba compilation is excluded).
Prints what it measured; there is no pass/fail.
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


def make_series(n: int) -> list[pd.Series]:
    """Bundled series as annual steps, recycled with a deterministic jitter up to n series."""
    from ipdata.forecast.backtest import backtest_series

    base = [pd.Series(s.to_numpy(), index=range(2000, 2000 + len(s))) for s in backtest_series().values()]
    rng = np.random.default_rng(0)
    out = []
    for i in range(n):
        s = base[i % len(base)]
        out.append(s * np.exp(rng.normal(0, 0.02, len(s))) if i >= len(base) else s)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=300)
    parser.add_argument("--horizon", type=int, default=5)
    parser.add_argument("--peer-python", help="python of an environment with statsforecast")
    args = parser.parse_args()
    import ipdata

    series = make_series(args.series)
    ipdata.forecast(series[0], args.horizon)  # import and first-call costs excluded, as for the peer
    t0 = time.perf_counter()
    for s in series:
        ipdata.forecast(s, args.horizon)
    ours = time.perf_counter() - t0
    lengths = [len(s) for s in series]
    print(
        f"series: {len(series)} (lengths {min(lengths)}-{max(lengths)}, median {int(np.median(lengths))}), horizon {args.horizon}"
    )
    print(
        f"ipdata.forecast (combination, exact 80/95 intervals and mean): {ours:.2f} s, {1000 * ours / len(series):.1f} ms/series"
    )
    if not args.peer_python:
        print("statsforecast AutoETS: not run (pass --peer-python)")
        return
    from peer_autoets import run_autoets

    seconds_peer, forecasts = run_autoets(args.peer_python, [s.tolist() for s in series], args.horizon)
    result = {"seconds": seconds_peer}
    ok = [f is not None for f in forecasts]
    served = [s for s, good in zip(series, ok) if good]
    print(
        f"statsforecast AutoETS (80/95 intervals): {result['seconds']:.2f} s for all {len(series)} calls; "
        f"refused {len(series) - len(served)} as 'tiny datasets' (lengths {sorted({len(s) for s, g in zip(series, ok) if not g})})"
    )
    if not served:
        return
    t0 = time.perf_counter()
    for s in served:
        ipdata.forecast(s, args.horizon)
    ours_served = time.perf_counter() - t0
    print(
        f"on the {len(served)} series AutoETS accepts: ipdata {ours_served:.2f} s vs AutoETS {result['seconds']:.2f} s; "
        f"ratio ipdata / AutoETS time: {ours_served / result['seconds']:.2f} (below 1 = ipdata faster)"
    )


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
