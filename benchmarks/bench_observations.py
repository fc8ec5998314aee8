"""Cost of an analyst's large observations file: validate once, then assess a plan with it.

    python benchmarks/bench_observations.py [--rows 100000] [--plan jiaxing_13fyp]

The file is SYNTHETIC (generated here, never committed, never in data/): every bundled region x
indicator with monthly dates from 2001 on and growing positive values inside each indicator's
bounds, until ``--rows`` rows. It measures what a city office's full export costs: reading and
validating it (``ipdata.read_observations``) and one plan's assessment with it, which reads the file
once (``ipdata.observed.observations.observation_set``) however many targets use it. Prints seconds; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import tempfile
import time
from pathlib import Path

import ipdata


def synthetic_file(path: Path, rows: int) -> None:
    regions = ipdata.regions()["region_id"].tolist()
    indicators = ipdata.indicators()
    months = [f"{y}-{m:02d}" for y in range(2001, 2025) for m in range(1, 12)]  # not December: no clash with years
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["region", "indicator", "date", "value"])
        cells = itertools.product(itertools.product(regions, indicators.itertuples()), enumerate(months))
        for (region, ind), (k, month) in itertools.islice(cells, rows):
            high = ind.upper_bound if ind.upper_bound == ind.upper_bound else 1e6
            out.writerow([region, ind.indicator_id, month, round(min(high * 0.9, 10 + k * 0.5), 3)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--plan", default="jiaxing_13fyp")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic_observations.csv"
        synthetic_file(path, args.rows)
        ipdata.assess(plan=args.plan)  # imports and bundled tables warmed, as in a notebook
        t0 = time.perf_counter()
        mine = ipdata.read_observations(path)
        t1 = time.perf_counter()
        table = ipdata.assess(plan=args.plan, observations=path)
        t2 = time.perf_counter()
    print(f"synthetic file: {len(mine):,} rows; validate {t1 - t0:.1f} s")
    print(
        f"assess {args.plan} ({len(table)} targets, {int(table['assessable'].sum())} assessable) with the file: "
        f"{t2 - t1:.1f} s (file read once)"
    )


if __name__ == "__main__":
    main()
