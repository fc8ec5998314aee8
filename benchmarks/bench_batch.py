"""Batch assessment at the scale of a provincial office: a SYNTHETIC panel of 60,000 series.

Usage:
    python benchmarks/bench_batch.py [--series 60000] [--workers 2]

The panel is generated here (never written to data/) and labelled synthetic: region ids
``synthetic-0000001``..., indicators taken from the bundled ones (so short series borrow volatility as real
ones do), 2-16 annual points ending 2015-2024, growing (yearly log growth ~ N(0.08, 0.05) plus noise), like
the bundled series.

Prints, from one run: the wall time and the peak memory (resident set of the whole process tree, sampled every
0.1 s) of ``assess_all`` on the local process pool with ``--workers``, then on Dask LocalClusters of 1 and of
``--workers`` workers, and the speed-up. No pass/fail; the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import threading
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import contextlib

import numpy as np
import pandas as pd
import psutil

import ipdata

INDICATORS = ["invention_grants", "valid_invention_patents", "invention_patents_per_10k", "patent_applications"]


def synthetic_panel(n: int, seed: int = 0) -> dict[tuple[str, str, str], pd.Series]:
    """SYNTHETIC series shaped like the bundled ones: 2-16 points, growing."""
    rng = np.random.default_rng(seed)
    units = ipdata.indicators().set_index("indicator_id")["unit"]
    panel = {}
    for k in range(n):
        points = int(rng.integers(2, 17))
        last = int(rng.integers(2015, 2025))
        growth = rng.normal(0.08, 0.05) + rng.normal(0, 0.04, points)
        values = np.exp(np.log(rng.lognormal(7, 1.5)) + np.cumsum(growth))
        indicator = INDICATORS[k % len(INDICATORS)]
        s = pd.Series(values, index=pd.Index(range(last - points + 1, last + 1), name="year"), name=indicator)
        s.attrs["unit"] = units[indicator]
        panel[(f"synthetic-{k:07d}", indicator, "")] = s
    return panel


class PeakMemory:
    """Peak resident memory of this process and all its children (workers), sampled."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run(panel, **kwargs) -> tuple[float, int, pd.DataFrame]:
    with PeakMemory() as mem:
        start = time.perf_counter()
        table = ipdata.assess_all(plan=[], panel=panel, progress=False, **kwargs)
        wall = time.perf_counter() - start
    return wall, mem.peak, table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=60_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    panel = synthetic_panel(args.series)
    print(f"SYNTHETIC panel: {len(panel)} series, 2-16 points, generated in {time.perf_counter() - start:.1f} s")
    wall, peak, table = run(panel, scheduler="processes", workers=args.workers)
    rows = int((table["record"] == "projection").sum())
    print(
        f"processes, {args.workers} workers: {wall:.1f} s wall, peak memory {peak / 2**30:.2f} GB "
        f"({rows} rows, {1000 * wall / len(panel):.2f} ms a series)"
    )
    one, peak1, t1 = run(panel, scheduler="dask", workers=1)
    print(f"dask LocalCluster, 1 worker: {one:.1f} s wall, peak memory {peak1 / 2**30:.2f} GB")
    many, peak2, t2 = run(panel, scheduler="dask", workers=args.workers)
    print(f"dask LocalCluster, {args.workers} workers: {many:.1f} s wall, peak memory {peak2 / 2**30:.2f} GB")
    print(f"speed-up {args.workers} vs 1 dask workers: {one / many:.2f}x")
    same = t1.equals(table) and t2.equals(table)
    print(f"same table from every back end: {same}")


if __name__ == "__main__":
    main()
