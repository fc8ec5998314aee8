"""Incremental reruns of the full report: nothing changed, then one observation changed.

Usage:
    python benchmarks/bench_rerun.py [--workers 2]

Runs ``ipdata report`` for every bundled plan (and the cross-region view) three times into one folder, each
with an analyst's observations file of one row (Shantou's valid invention patents in 2019):

1. the full run (``rerun_all``: every notebook runs);
2. the same inputs again: every notebook should be skipped;
3. the row's value changed: only the notebooks that read Shantou's valid invention patents should run.

Prints the wall time of each, the ratio of 2 to 1, and which notebooks ran in 3. One run, no pass/fail; the
machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from ipdata.run.report import run_report


def observations(folder: Path, value: int) -> str:
    path = folder / str(value) / "mine.csv"
    path.parent.mkdir(parents=True)
    path.write_text(f"region,indicator,year,value\nshantou,valid_invention_patents,2019,{value}\n", encoding="utf-8")
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out, old, new = Path(tmp) / "report", observations(Path(tmp), 3000), observations(Path(tmp), 3100)
        runs = {}
        for label, obs, every in (("full", old, True), ("unchanged", old, False), ("one changed", new, False)):
            start = time.perf_counter()
            result = run_report(out, workers=args.workers, observations=obs, progress=False, rerun_all=every)
            runs[label] = (time.perf_counter() - start, result)
            ran = result.notebooks - len(result.skipped)
            print(f"{label}: {runs[label][0]:.1f} s, {ran} of {result.notebooks} notebooks run, ok={result.ok}")
        full, same = runs["full"][0], runs["unchanged"][0]
        print(f"rerun with nothing changed / full run: {same / full:.1%}")
        changed = runs["one changed"][1]
        reran = sorted(
            {p.parent.name + "/" + p.stem for p in changed.written if p.suffix == ".ipynb"} - set(changed.skipped)
        )
        print(f"one observation changed (shantou valid_invention_patents 2019): ran {reran}")


if __name__ == "__main__":
    main()
